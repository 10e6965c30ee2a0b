"""`crawler stats`: the printed table and the HTML report, read back from headless Chromium.

The input is real crawls of the sample portals (conftest's, shared with other files):
`crawler demo` (no provinces: the chart groups by site) and a crawl through a registry that
gives the portals provinces, copied here with one undated record added in a later date
folder so that "unknown" months and a coverage under 100% appear. The report is opened in Debian's chromium (`--dump-dom`), and every number read
from the rendered page is compared with counts made here from the JSONL files.
"""

import json
import os
import re
import shutil
import subprocess
from collections import Counter

import lxml.html
import pytest

from conftest import read_duplicates, read_records, record_files, run_cli


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


def expected_counts(out) -> dict:
    """Counts made straight from the JSONL: one article per content hash, earliest copy."""
    records, duplicates = read_records(out), read_duplicates(out)
    first = {}
    for r in sorted(records, key=lambda r: r["crawled_at"]):
        first.setdefault(r["content_hash"], r)
    articles = list(first.values())
    month = lambda r: r["published"][:7] if r["published"] else "unknown"  # noqa: E731
    group = lambda r: r["province_2025"] or r["province"] or r["site"]  # noqa: E731
    return {
        "articles": len(articles),
        "dated": sum(1 for r in articles if r["published"]),
        "duplicates": len(duplicates),
        "per_group_month": Counter((group(r), month(r)) for r in articles),
        "per_month": Counter(month(r) for r in articles),
        "per_site": Counter(r["site"] for r in articles),
        "dated_per_site": Counter(r["site"] for r in articles if r["published"]),
        "dupes_per_site": Counter(d["site"] for d in duplicates),
    }


@pytest.fixture(scope="module")
def outputs(tmp_path_factory, demo_run, registry_crawl):
    tmp = tmp_path_factory.mktemp("stats")
    assert demo_run.result.returncode == 0, demo_run.result.stderr[-3000:]
    shutil.copytree(demo_run.out, tmp / "demo")
    shutil.copytree(registry_crawl, tmp / "registry")
    # one undated article, written by a later run
    record = json.loads(next(open(record_files(tmp / "registry", "127.*")[0], encoding="utf-8")))
    record.update(url=record["url"] + "?undated", canonical_url=record["url"] + "?undated", published=None,
                  content_hash="e" * 40, crawled_at="2099-01-01T08:00:00+07:00")
    (tmp / "registry" / "2099-01-01").mkdir()
    (tmp / "registry" / "2099-01-01" / f"{record['site']}.jsonl").write_text(
        json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return tmp


def test_stats_prints_sites_months_duplicates_and_coverage(outputs):
    expected = expected_counts(outputs / "registry")
    result = run_cli("stats", outputs / "registry")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith(f"{expected['articles']} articles from {len(expected['per_site'])} sites")
    for site, count in expected["per_site"].items():
        assert re.search(rf"^{re.escape(site)}\s+{count}\s+{expected['dated_per_site'][site]}\s+"
                         rf"{expected['dupes_per_site'][site]}$", text, re.M), site
    assert re.search(rf"^total\s+{expected['articles']}\s+{expected['dated']}\s+{expected['duplicates']}$", text, re.M)
    for year in {m[:4] for m in expected["per_month"] if m != "unknown"}:
        row = re.search(rf"^{year}((?:\s+(?:\d+|\.)){{12}})\s+(\d+)$", text, re.M)
        cells = [0 if c == "." else int(c) for c in row.group(1).split()]
        assert cells == [expected["per_month"][f"{year}-{m:02d}"] for m in range(1, 13)], year
        assert int(row.group(2)) == sum(cells)
    assert re.search(rf"^no date\s+{expected['per_month']['unknown']}$", text, re.M)
    assert f"duplicates: {expected['duplicates']} copies not written" in text
    coverage = 100 * expected["dated"] / expected["articles"]
    assert f"date coverage: {expected['dated']} of {expected['articles']} articles have a published date " \
           f"({coverage:.1f}%)" in text
    # provinces, when the records carry them
    assert re.search(r"^Quảng Trị\s+\d+$", text, re.M) and re.search(r"^Cần Thơ\s+\d+$", text, re.M)


def test_stats_of_a_missing_folder_is_a_usage_error(tmp_path):
    result = run_cli("stats", tmp_path / "nothing-here")
    assert result.returncode == 2
    assert "no such output folder" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def rendered_dom(chromium: str, page, tmp_path) -> lxml.html.HtmlElement:
    result = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
         f"--user-data-dir={tmp_path / 'chromium-profile'}", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=180)
    assert result.returncode == 0 and "<html" in result.stdout, result.stderr[-2000:]
    return lxml.html.document_fromstring(result.stdout)


def count_of(element) -> int:
    return int(element.get("data-count") if element.get("data-count") is not None else element.get("data-total"))


@pytest.mark.parametrize("which", ["registry", "demo"])
def test_the_html_report_shows_the_right_numbers_in_chromium(outputs, tmp_path, which):
    chromium = find_chromium()
    if not chromium:
        pytest.skip("no Chromium found (apt-get install chromium): cannot render the HTML report")
    out = outputs / which
    expected = expected_counts(out)
    page = tmp_path / "report.html"
    result = run_cli("stats", out, "--html", page)
    assert result.returncode == 0, result.stderr

    source = page.read_text(encoding="utf-8")
    assert "://" not in source, "the report must not load or link anything"
    for needle in ("<script", "<link", "<img", "<iframe", "@import", "url("):
        assert needle not in source

    dom = rendered_dom(chromium, page, tmp_path)

    # the chart: one bar segment per (province, month), height proportional to its count
    bars = dom.xpath("//svg[@id='chart']//rect[@data-count]")
    assert Counter({(b.get("data-province"), b.get("data-month")): count_of(b) for b in bars}) == \
        expected["per_group_month"]
    assert len(bars) == len(expected["per_group_month"])
    per_unit = {round(float(b.get("height")) / count_of(b), 3) for b in bars}
    assert max(per_unit) - min(per_unit) < 0.01
    groups = {g for g, _ in expected["per_group_month"]}
    if which == "registry":
        assert groups == {"Quảng Ngãi", "Cần Thơ", "Quảng Trị"}
    else:
        assert groups == set(expected["per_site"])
    legend = {li.get("data-province"): count_of(li) for li in dom.xpath("//ul[@id='legend']/li")}
    assert legend == {g: sum(c for (g2, _), c in expected["per_group_month"].items() if g2 == g) for g in groups}

    # the table of months: attribute and the text a reader sees agree with the JSONL
    cells = dom.xpath("//table[@id='per-month']/tbody//td[@data-province]")
    seen = Counter()
    for cell in cells:
        assert int(cell.text_content().strip()) == count_of(cell)
        seen[(cell.get("data-province"), cell.get("data-month"))] += count_of(cell)
    assert +seen == expected["per_group_month"]
    totals = {td.get("data-month"): int(td.text_content()) for td in dom.xpath("//table[@id='per-month']/tbody//td[@data-total]")}
    assert totals == dict(expected["per_month"])

    # per site, and the summary
    for row in dom.xpath("//table[@id='per-site']/tbody/tr"):
        site = row.get("data-site")
        shown = {td.get("data-col"): td.text_content().strip() for td in row.xpath("td[@data-col]")}
        assert int(shown["articles"]) == expected["per_site"][site]
        assert int(shown["dated"]) == expected["dated_per_site"][site]
        assert int(shown["duplicates"]) == expected["dupes_per_site"][site]
    summary = {tr.get("data-key"): tr.xpath("td")[0].text_content().strip() for tr in dom.xpath("//table[@id='summary']//tr")}
    assert int(summary["articles"]) == expected["articles"]
    assert int(summary["dated"]) == expected["dated"]
    assert int(summary["duplicates"]) == expected["duplicates"]
    assert summary["coverage"] == f"{100 * expected['dated'] / expected['articles']:.1f}%"
