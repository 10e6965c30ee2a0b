"""The registry of real portals (crawler/data/sites.toml) and its checker, filters and command."""

import argparse
import csv
import json
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

from crawler.discovery.registry import (
    CMS_FAMILIES,
    DEFAULT_REGISTRY,
    PROVINCE_2025,
    PROVINCES_2025,
    SITE_TYPES,
    RegistryError,
    Site,
    check_registry,
    load_registry,
    select_sites,
    site_for_host,
)
from crawler.cli.registry_cli import add_sites_parser, sites_command

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "registry"
PORTALS_TSV = Path(__file__).resolve().parents[2] / "shared" / "portals.tsv"  # ../shared beside the repository

# The domains of ../shared/portals.tsv, in its order (the tsv has 66 data rows).
PORTAL_DOMAINS = [
    'nghean.dcs.vn', 'soctrang.dcs.vn', 'tinhuyquangtri.vn', 'tinhuybinhphuoc.vn',
    'binhthuancpv.org.vn', 'dangcongsan.vn', 'lamdong.gov.vn', 'bdvtu.binhthuan.dcs.vn',
    'bdv.tuyenquang.dcs.vn', 'danvan.gialai.org.vn', 'bandanvan.laocai.org.vn', 'danvanbinhphuoc.vn',
    'danvankheo-ketnoithongtin.vn', 'danvan.vn', 'tuyengiao.hungyen.dcs.vn', 'tuyengiaohungyen.vn',
    'btg.dongthap.gov.vn', 'tuyengiaoangiang.vn', 'tuyengiaothainguyen.org', 'huyenuyphucu.vn',
    'namcan.camau.dcs.vn', 'tuyphong.binhthuan.dcs.vn', 'qbtv.vn', 'thainguyentv.vn',
    'truyenhinhthanhhoa.vn', 'tuyenquangtv.vn', 'thvl.vn', 'gialaitv.vn',
    'thdt.vn', 'hanoionline.vn', 'baoquangnam.vn', 'baolamdong.vn',
    'baodongthap.vn', 'baocamau.vn', 'baoquangninh.vn', 'baotayninh.vn',
    'baolaocai.vn', 'baocantho.com.vn', 'baoangiang.com.vn', 'baoapbac.vn',
    'baobaclieu.vn', 'baobinhthuan.com.vn', 'baocaobang.vn', 'baodaklak.vn',
    'baodienbienphu.info.vn', 'baobinhphuoc.com.vn', 'baoninhthuan.com.vn', 'baoquangngai.vn',
    'baodongkhoi.vn', 'hanoimoi.com.vn', 'baohatinh.vn', 'baokhanhhoa.vn',
    'baolaichau.vn', 'baonamdinh.com.vn', 'baophuyen.com.vn', 'baoquangbinh.vn',
    'sggp.org.vn', 'baothuathienhue.vn', 'yenbai.gov.vn', 'vinhcuu.dongnai.gov.vn',
    'quangtrach.quangbinh.gov.vn', 'donggiang.gov.vn', 'thuanchau.sonla.gov.vn', 'sapa.laocai.gov.vn',
    'svhttdl.bacninh.gov.vn', 'danang.gov.vn',
]
DISTRICT_TYPES = {"district-government", "district-government-subsite", "district-party-committee"}


@pytest.fixture(scope="module")
def sites():
    return load_registry()


# ---------------------------------------------------------------- the bundled registry

def test_bundled_registry_loads_with_every_portal_and_no_problem(sites):
    assert Path(DEFAULT_REGISTRY) == ROOT / "crawler" / "data" / "sites.toml"
    assert check_registry() == []
    assert len(PORTAL_DOMAINS) == len(set(PORTAL_DOMAINS)) == 66
    assert len(sites) == len(PORTAL_DOMAINS)
    assert all(isinstance(site, Site) for site in sites)


def test_every_portal_domain_is_present_exactly_once(sites):
    hosts = [site.host() for site in sites]
    assert sorted(hosts) == sorted(PORTAL_DOMAINS)
    assert len({site.id for site in sites}) == len(sites)


@pytest.mark.skipif(not PORTALS_TSV.exists(), reason="needs ../shared/portals.tsv beside the repository")
def test_registry_agrees_with_the_tsv(sites):
    with open(PORTALS_TSV, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert [row["domain"] for row in rows] == PORTAL_DOMAINS
    by_host = {site.host(): site for site in sites}
    for row in rows:
        site = by_host[row["domain"]]
        assert site.home == f"https://{row['domain']}/"
        assert site.type == row["type"], row["domain"]
        assert site.province == row["province_before_2025"], row["domain"]
        if row["listing_url_example"] and "..." not in row["listing_url_example"]:
            assert f"https://{row['domain']}{row['listing_url_example']}" in site.start_urls


def test_province_2025_is_one_of_the_34_and_follows_the_map(sites):
    assert len(PROVINCES_2025) == 34
    assert len([p for p in PROVINCE_2025 if p != "national"]) == 63
    assert set(PROVINCE_2025.values()) == PROVINCES_2025 | {"national"}
    assert PROVINCE_2025["Thừa Thiên Huế"] == "Huế"
    assert PROVINCE_2025["Bà Rịa - Vũng Tàu"] == "TP. Hồ Chí Minh"
    for site in sites:
        assert site.province_2025 in PROVINCES_2025 | {"national"}, site.id
        assert site.province_2025 == PROVINCE_2025[site.province], site.id


def test_real_entries_claim_no_selector_and_only_known_values(sites):
    for site in sites:
        assert site.drop == () and site.body is None, site.id
        assert site.type in SITE_TYPES and site.cms in CMS_FAMILIES, site.id
        assert site.home.startswith("https://") and site.home.endswith("/"), site.id
        assert all(site_for_host([site], url) is site for url in site.start_urls), site.id


def test_statuses_follow_the_2025_reorganisation(sites):
    by_id = {site.id: site for site in sites}
    for site in sites:
        if site.type in DISTRICT_TYPES:
            assert site.status == "archive" and "district level abolished" in site.note, site.id
        if site.status == "archive":
            assert site.note, site.id
        else:
            assert site.note == "", site.id
    assert by_id["qbtv"].status == "archive" and "Quảng Trị" in by_id["qbtv"].note
    assert by_id["bdv-binhthuan"].name == "Ban Dân vận Tỉnh ủy Bình Thuận"
    assert "Ban Tuyên giáo và Dân vận" in by_id["bdv-binhthuan"].note
    assert by_id["tinhuy-quangtri"].status == "active"
    assert by_id["thvl"].start_urls == ("https://thvl.vn/feed/",)


# ---------------------------------------------------------------- filters

def test_province_filter_is_accent_and_case_insensitive(sites):
    quang_binh = {s.id for s in select_sites(sites, province="Quảng Bình")}
    assert quang_binh == {"qbtv", "baoquangbinh", "ubnd-quangtrach"}
    assert {s.id for s in select_sites(sites, province="quang binh")} == quang_binh
    assert {s.id for s in select_sites(sites, province="QUANG BINH")} == quang_binh
    dong_thap = {s.id for s in select_sites(sites, province="dong thap")}  # "đ" folds to "d"
    assert dong_thap == {"btg-dongthap", "thdt", "baodongthap", "baoapbac"}


def test_province_filter_matches_the_2025_province_too(sites):
    quang_tri = {s.id for s in select_sites(sites, province="Quảng Trị")}
    assert quang_tri == {"qbtv", "baoquangbinh", "ubnd-quangtrach", "tinhuy-quangtri"}
    hue = select_sites(sites, province="hue")
    assert [s.id for s in hue] == ["baothuathienhue"]
    hcm = {s.id for s in select_sites(sites, province="Hồ Chí Minh")}
    assert hcm == {"sggp", "bdv-hcm-danvankheo"}


def test_type_and_status_filters(sites):
    tv = select_sites(sites, type="provincial-tv")
    assert len(tv) == 8 and all(s.type == "provincial-tv" for s in tv)
    assert "qbtv" in {s.id for s in tv}
    archive = select_sites(sites, status="archive")
    active = select_sites(sites, status="active")
    assert archive and active and len(archive) + len(active) == len(sites)
    assert all(s.status == "archive" for s in archive)
    both = select_sites(sites, province="Quảng Trị", status="active")
    assert [s.id for s in both] == ["tinhuy-quangtri"]


def test_select_by_ids_and_all(sites):
    picked = select_sites(sites, ids=["thvl", "qbtv", "thvl"])
    assert [s.id for s in picked] == ["thvl", "qbtv"]
    assert select_sites(sites) == []
    assert select_sites(sites, all=True) == sites
    with pytest.raises(RegistryError, match="unknown site id 'nope'"):
        select_sites(sites, ids=["qbtv", "nope"])
    with pytest.raises(RegistryError, match="unknown type"):
        select_sites(sites, type="radio")
    with pytest.raises(RegistryError, match="unknown province"):
        select_sites(sites, province="Atlantis")


def test_site_for_host(sites):
    assert site_for_host(sites, "qbtv.vn").id == "qbtv"
    assert site_for_host(sites, "https://WWW.QBTV.vn:443/portal/pages/x.aspx").id == "qbtv"
    assert site_for_host(sites, "bdvtu.binhthuan.dcs.vn").id == "bdv-binhthuan"
    assert site_for_host(sites, "binhthuan.dcs.vn") is None
    assert site_for_host(sites, "example.org") is None
    assert site_for_host(sites, "") is None


# ---------------------------------------------------------------- checking bad registries

GOOD = '''
[[site]]
id = "good-one"
name = "Báo Mẫu"
home = "https://good.example.vn/"
type = "provincial-newspaper"
province = "Cà Mau"
province_2025 = "Cà Mau"
'''


def _entry(**fields) -> str:
    values = {"id": "bad-one", "name": "Đài Mẫu", "home": "https://bad.example.vn/",
              "type": "provincial-tv", "province": "Quảng Bình", "province_2025": "Quảng Trị"}
    values.update(fields)
    lines = ["[[site]]"]  # JSON strings and lists of strings are valid TOML values
    lines += [f"{key} = {json.dumps(value, ensure_ascii=False)}"
              for key, value in values.items() if value is not None]
    return "\n".join(lines) + "\n"


BAD_CASES = {
    "duplicate id": (_entry(id="good-one"), "id 'good-one' is already used by entry 1"),
    "duplicate host": (_entry(home="http://www.good.example.vn/x"), "host 'good.example.vn'"),
    "bad URL": (_entry(home="htp:/x"), "home 'htp:/x' is not an http(s) URL"),
    "unknown type": (_entry(type="radio-station"), "type 'radio-station' is not one of"),
    "wrong province_2025": (_entry(province_2025="Quảng Bình"),
                            "province_2025 'Quảng Bình' disagrees with the 2025 map"),
    "unknown province": (_entry(province="Quang Binh", province_2025="Quảng Trị"),
                         "did you mean 'Quảng Bình'?"),
    "unknown key": (_entry(homepage="https://x.vn/"), "unknown key 'homepage'"),
    "missing key": (_entry(province_2025=None), "missing key 'province_2025'"),
    "wrong type": (_entry(start_urls="https://bad.example.vn/feed/"),
                   "start_urls must be a list of non-empty strings"),
    "bad CSS selector": (_entry(drop=["div.counter", "div[[class"]), "drop: bad CSS selector 'div[[class'"),
    "bad XPath": (_entry(body="//div[@class="), "body: bad XPath"),
    "bad status": (_entry(status="dead"), "status 'dead' is not 'active' or 'archive'"),
    "archive without note": (_entry(status="archive"), "needs a note"),
    "unknown cms": (_entry(cms="drupal"), "cms 'drupal' is not one of"),
    "bad id": (_entry(id="Bad_One"), "is not a lowercase slug"),
    "start url elsewhere": (_entry(start_urls=["https://other.vn/feed/"]), "is not on the site's host"),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_check_names_each_bad_entry_once(tmp_path, case):
    entry, expected = BAD_CASES[case]
    path = tmp_path / "sites.toml"
    path.write_text(GOOD + "\n" + entry + "\n" + GOOD.replace("good", "fine"), encoding="utf-8")
    problems = check_registry(str(path))
    assert len(problems) == 1, problems
    assert problems[0].startswith("sites.toml: entry 2 (id "), problems
    assert expected in problems[0], problems
    with pytest.raises(RegistryError) as raised:
        load_registry(str(path))
    assert str(raised.value) == problems[0]


def test_check_collects_every_problem_one_per_line(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(_entry(id="a", home="htp:/x") + _entry(id="b", type="radio", home="https://b.vn/")
                    + _entry(id="a", home="https://c.vn/"), encoding="utf-8")
    problems = check_registry(str(path))
    assert problems == [
        "bad.toml: entry 1 (id 'a'): home 'htp:/x' is not an http(s) URL",
        f"bad.toml: entry 2 (id 'b'): type 'radio' is not one of {', '.join(sorted(SITE_TYPES))}",
        "bad.toml: entry 3 (id 'a'): id 'a' is already used by entry 1",
    ]
    with pytest.raises(RegistryError) as raised:
        load_registry(str(path))
    assert str(raised.value).splitlines() == problems


def test_check_reports_unreadable_and_malformed_files(tmp_path):
    assert "cannot read" in check_registry(str(tmp_path / "missing.toml"))[0]
    broken = tmp_path / "broken.toml"
    broken.write_text("[[site]]\nid = \n", encoding="utf-8")
    assert check_registry(str(broken))[0].startswith("broken.toml: not valid TOML")
    empty = tmp_path / "empty.toml"
    empty.write_text("# nothing\n", encoding="utf-8")
    assert check_registry(str(empty)) == ["empty.toml: no [[site]] entries"]
    stray = tmp_path / "stray.toml"
    stray.write_text("title = 'x'\n" + GOOD, encoding="utf-8")
    assert check_registry(str(stray)) == ["stray.toml: unknown top-level key 'title' (only [[site]] tables)"]


# ---------------------------------------------------------------- selectors on a real tree

def test_css_and_xpath_selectors_work_on_an_lxml_tree():
    sites = load_registry(str(FIXTURES / "sample.toml"))
    liferay, wordpress, minimal = sites
    assert minimal.status == "active" and minimal.province_2025 == "Huế" and minimal.drop_xpaths() == []
    assert minimal.body_xpath() is None
    assert wordpress.drop_xpaths() == ["(//aside)[1]"]
    assert wordpress.body_xpath() == "//div[contains(@class, 'entry-content')]"

    tree = lxml.html.fromstring((FIXTURES / "article.html").read_bytes())
    xpaths = liferay.drop_xpaths()
    assert len(xpaths) == 4 and xpaths[3] == "//div[@class='share']"
    assert len(tree.xpath(xpaths[0])) == 2  # both counters, by class
    for xpath in xpaths:
        for node in tree.xpath(xpath):
            node.drop_tree()
    text = " ".join(tree.text_content().split())
    for gone in ("Đang online", "Lượt truy cập", "Thăm dò", "Tin liên quan", "Chia sẻ"):
        assert gone not in text
    (body,) = tree.xpath(liferay.body_xpath())
    assert " ".join(body.text_content().split()) == (
        "Sáng 2/1, Thường trực Tỉnh ủy tổ chức hội nghị giao ban công tác dân vận quý IV. "
        "Hội nghị đề ra nhiệm vụ trọng tâm năm 2019.")


# ---------------------------------------------------------------- the `sites` command

def _args(**kw):
    values = {"registry": None, "province": None, "type": None, "status": None, "check": False}
    values.update(kw)
    return argparse.Namespace(**values)


def test_sites_command_lists_every_site_and_a_count(capsys, sites):
    assert sites_command(_args()) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == len(sites) + 1
    archive = sum(s.status == "archive" for s in sites)
    assert out[-1] == f"{len(sites)} sites ({len(sites) - archive} active, {archive} archive)"
    qbtv = next(line for line in out if line.startswith("qbtv "))
    assert qbtv.split() == ["qbtv", "provincial-tv", "Quảng", "Bình", "→", "Quảng", "Trị",
                            "archive", "https://qbtv.vn/"]


def test_sites_command_filters(capsys):
    assert sites_command(_args(province="quang tri", status="active")) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in out[:-1]] == ["tinhuy-quangtri"]
    assert out[-1] == "1 site (1 active, 0 archive)"
    assert sites_command(_args(type="provincial-tv")) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("8 sites")


def test_sites_command_check_ok(capsys, sites):
    assert sites_command(_args(check=True)) == 0
    captured = capsys.readouterr()
    assert captured.out == f"ok: {len(sites)} sites\n" and captured.err == ""


def test_sites_command_check_reports_problems_on_stderr(tmp_path, capsys):
    path = tmp_path / "sites.toml"
    path.write_text(GOOD + _entry(id="qbtv", home="htp:/x") + _entry(id="x", cms="drupal",
                                                                      home="https://x.vn/"),
                    encoding="utf-8")
    assert sites_command(_args(registry=str(path), check=True)) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "sites.toml: entry 2 (id 'qbtv'): home 'htp:/x' is not an http(s) URL",
        f"sites.toml: entry 3 (id 'x'): cms 'drupal' is not one of {', '.join(sorted(CMS_FAMILIES))}",
    ]
    assert sites_command(_args(registry=str(path))) == 2  # listing a bad registry fails too
    assert "crawler: error: sites.toml: entry 2 (id 'qbtv')" in capsys.readouterr().err


def test_sites_command_unknown_province_is_a_usage_error(capsys):
    assert sites_command(_args(province="Atlantis")) == 2
    assert capsys.readouterr().err == "crawler: error: unknown province 'Atlantis'\n"


class _RaisingParser(argparse.ArgumentParser):
    def error(self, message):
        raise ValueError(message)


def test_add_sites_parser_wires_the_options():
    parser = _RaisingParser(prog="crawler")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_RaisingParser)
    add_sites_parser(commands)
    args = parser.parse_args(["sites", "--province", "Quảng Bình", "--type", "provincial-tv",
                              "--status", "archive", "--registry", "x.toml", "--check"])
    assert (args.command, args.province, args.type, args.status, args.registry, args.check) == (
        "sites", "Quảng Bình", "provincial-tv", "archive", "x.toml", True)
    with pytest.raises(ValueError, match="invalid choice"):
        parser.parse_args(["sites", "--type", "radio"])
    with pytest.raises(ValueError, match="invalid choice"):
        parser.parse_args(["sites", "--status", "dead"])


def test_registry_cli_runs_as_a_module():
    done = subprocess.run([sys.executable, "-m", "crawler.cli.registry_cli", "--check"],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"ok: {len(PORTAL_DOMAINS)} sites\n", "")
