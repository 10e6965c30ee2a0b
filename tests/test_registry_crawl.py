"""Crawling registered sites: `crawler crawl --registry FILE --site ID` on a fixture portal.

A test registry (written at run time, because the fixture portal's port changes) points at
the ASP.NET TV portal; records carry the registry's fields, and an extraction override
(`drop`, a CSS selector) changes what is extracted.
"""

from conftest import FAST, read_records, run_cli
from crawler.sample_portals import expected_articles, serve_portals

ENTRY = """
[[site]]
id = "qbtv-test"
name = "Đài Phát thanh và Truyền hình Quảng Bình (fixture)"
home = "{home}"
type = "provincial-tv"
province = "Quảng Bình"
province_2025 = "Quảng Trị"
cms = "aspnet"
status = "archive"
note = "merged into the Quảng Trị station in 2025; fixture copy served by the tests"
{override}
"""


def crawl_registered(tmp_path, home, override):
    tmp_path.mkdir(parents=True, exist_ok=True)
    registry = tmp_path / "sites.toml"
    registry.write_text(ENTRY.format(home=home, override=override), encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("crawl", "--registry", registry, "--site", "qbtv-test", "--out", out, *FAST, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    return read_records(out)


def test_registered_site_records_carry_registry_fields_and_overrides_apply(tmp_path):
    with serve_portals(names=["qbtv"]) as [portal]:
        expected = {e.urls[0]: e for e in expected_articles([portal]) if e.site == portal.host}
        plain = crawl_registered(tmp_path / "plain", portal.base_url, "")
        # drop the first paragraph of every article body
        dropped = crawl_registered(tmp_path / "dropped", portal.base_url,
                                   'drop = ["div.detail div.content > p:first-child"]')
    assert {r["url"] for r in plain} == set(expected)
    for record in plain:
        assert (record["site_id"], record["site_type"], record["province"], record["province_2025"]) == \
            ("qbtv-test", "provincial-tv", "Quảng Bình", "Quảng Trị")
        assert record["text"].startswith(expected[record["url"]].paragraphs[0][:40])
    assert {r["url"] for r in dropped} == set(expected)
    for record in dropped:
        first = expected[record["url"]].paragraphs[0]
        assert first[:40] not in record["text"]
        assert expected[record["url"]].paragraphs[1][:40] in record["text"]


def test_unknown_site_id_is_a_usage_error(tmp_path):
    result = run_cli("crawl", "--site", "no-such-site", "--out", tmp_path, timeout=60)
    assert result.returncode == 2
    assert "no-such-site" in result.stderr and len(result.stderr.strip().splitlines()) == 1
