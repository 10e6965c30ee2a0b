"""Tests for crawler.cms and crawler.extraction.cmsfamily: CMS families as data files
(crawler/data/cms/*.toml), checked when read, found from the registry or the page, and a new
family being nothing more than a new file."""

import shutil

import pytest

from crawler import cms
from crawler.analysis.evaluate import extract_file
from crawler.cli.main import main
from crawler.discovery.pagination import revisit_choice
from crawler.discovery.registry import CMS_FAMILIES, load_registry
from crawler.discovery.urls import url_shape
from crawler.extraction import pagekind
from crawler.extraction.cmsfamily import NO_FAMILY, family_of_page
from crawler.extraction.dates import parse_date

FAMILIES = cms.families()


@pytest.fixture
def family_dir(tmp_path, monkeypatch):
    """A copy of the bundled family folder that a test may add to or break; the cached
    families and rules are read again from it, and from the bundled folder after the test."""
    folder = tmp_path / "cms"
    shutil.copytree(cms.CMS_DIR, folder)
    caches = (cms.families, cms.url_rules, pagekind._tool_url)
    for cache in caches:
        cache.cache_clear()
    monkeypatch.setattr(cms, "CMS_DIR", str(folder))
    yield folder
    monkeypatch.undo()
    for cache in caches:
        cache.cache_clear()


def test_every_family_the_registry_knows_is_a_data_file():
    assert set(FAMILIES) == CMS_FAMILIES - {"custom", "unknown"}
    assert {"sharepoint", "liferay", "dotnetnuke", "aspnet", "wordpress", "nukeviet", "joomla"} <= set(FAMILIES)
    for family in FAMILIES.values():
        assert family.generator or family.markup or family.url_marks, f"{family.id}: no detection mark"


@pytest.mark.parametrize("family_id,printed,iso", [
    (f.id, printed, iso) for f in FAMILIES.values() for printed, iso in f.date_examples])
def test_family_date_examples_parse(family_id, printed, iso):
    assert parse_date(printed) == iso


@pytest.mark.parametrize("family_id", [f.id for f in FAMILIES.values() if f.pagination_examples])
def test_family_pagination_examples_are_one_listing(family_id):
    pages = FAMILIES[family_id].pagination_examples
    assert len({url_shape(url) for url in pages}) == 1
    assert revisit_choice(pages[0], list(pages[1:])) == [pages[1]]


@pytest.mark.parametrize("html,url,expected", [
    ('<meta name="generator" content="NukeViet v4.4">', "http://x.test/tin-tuc/a-12.html", "nukeviet"),
    ('<meta content="Joomla! - Open Source Content Management" name="generator">', "http://x.test/", "joomla"),
    ('<div class="contentpaneopen">…</div>', "http://x.test/index.php?option=com_content&id=3", "joomla"),
    ("<p>plain</p>", "https://x.test/web/guest/-/asset_publisher/AbC/content/id/7", "liferay"),
    # SharePoint runs on ASP.NET: its own marks outnumber the view state both show
    ('<input name="__VIEWSTATE"><script>var _spPageContextInfo={};</script><link href="/_layouts/15/a.css">',
     "https://x.test/noidung/tintuc/Pages/chi-tiet.aspx?ItemID=1", "sharepoint"),
    ('<input name="__VIEWSTATE">', "http://x.test/Default.aspx?id=3", "aspnet"),
    ("<p>plain</p>", "http://x.test/tin/3311", None),
])
def test_detect_family(html, url, expected):
    found = cms.detect_family(f"<html><head>{html}</head><body></body></html>", url)
    assert (found.id if found else None) == expected


def test_page_without_marks_of_a_family_with_rules_gets_no_family():
    """WordPress has no boilerplate rules, Joomla has: a WordPress page gets none either way,
    and a family with rules that the page shows still loses to one whose marks outnumber it."""
    assert not (FAMILIES["wordpress"].drop_xpaths or FAMILIES["wordpress"].drop_lines)
    assert FAMILIES["joomla"].drop_xpaths
    wordpress = '<link href="/wp-content/a.css"><script src="/wp-includes/b.js"></script>'
    url = "http://not-registered.test/x.html"
    assert cms.detect_family(wordpress, url).id == "wordpress"
    assert family_of_page(wordpress, url) is NO_FAMILY
    assert family_of_page(wordpress + '<div class="contentpaneopen">', url).id == "wordpress"
    assert family_of_page('<div class="contentpaneopen">', url).id == "joomla"


def _registered(cms_value):
    return next(site for site in load_registry() if site.cms == cms_value)


def test_registry_cms_field_decides_over_the_page():
    nukeviet_page = '<html><head><meta name="generator" content="NukeViet v4.4"></head></html>'
    joomla_site = _registered("joomla")
    assert family_of_page("<html><body>plain</body></html>", joomla_site.home + "x.html").id == "joomla"
    assert family_of_page(nukeviet_page, _registered("custom").home + "x.html") is NO_FAMILY
    assert family_of_page(nukeviet_page, _registered("unknown").home + "x.html").id == "nukeviet"
    assert family_of_page(nukeviet_page, "http://not-registered.test/x.html").id == "nukeviet"
    assert family_of_page("<html><body>plain</body></html>", "http://not-registered.test/x.html") is NO_FAMILY


NEW_FAMILY = """
name = "Cổng mẫu"

[detect]
markup = ["cong-mau-cms"]

[urls]
drop_params = ["phien"]

[boilerplate]
drop = ["div.hop-thoai"]
drop_lines = ['^Mời bạn đánh giá bài viết']
"""

PAGE = """<html><head><title>Xã ra mắt mô hình khu dân cư tự quản</title>
<script src="/cong-mau-cms/main.js"></script></head><body>
<h1>Xã ra mắt mô hình khu dân cư tự quản</h1><p class="date">Thứ Sáu, 14/6/2024</p>
<div class="noi-dung"><p>Ngày 13/6, Ủy ban Mặt trận Tổ quốc xã phối hợp với Ban công tác Mặt trận thôn Đông tổ
chức ra mắt mô hình khu dân cư tự quản về an ninh trật tự và bảo vệ môi trường.</p>
<div class="hop-thoai"><p>Hộp thoại của cổng mẫu: đăng nhập để nhận bản tin hằng tuần của chúng tôi qua thư điện tử
của bạn, miễn phí và có thể hủy bất cứ lúc nào.</p></div>
<p>Mời bạn đánh giá bài viết này</p>
<p>Mô hình có 45 hộ gia đình tham gia, mỗi hộ cam kết thực hiện tốt các quy định về giữ gìn vệ sinh môi
trường, phân loại rác thải tại nguồn và tham gia tuần tra bảo vệ thôn xóm.</p></div></body></html>"""


def test_a_new_family_is_a_data_file(family_dir, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    url = "http://mau.test/tin/xa-ra-mat-mo-hinh.html?phien=7&id=3"
    before, _ = extract_file(page, url)
    assert "Hộp thoại của cổng mẫu" in before["text"] and "Mời bạn đánh giá" in before["text"]
    assert before["canonical_url"] == "http://mau.test/tin/xa-ra-mat-mo-hinh.html?id=3&phien=7"

    (family_dir / "cong-mau.toml").write_text(NEW_FAMILY, encoding="utf-8")
    cms.families.cache_clear()
    cms.url_rules.cache_clear()
    assert cms.family("cong-mau").name == "Cổng mẫu"
    after, reason = extract_file(page, url)
    assert reason is None
    assert "Hộp thoại của cổng mẫu" not in after["text"] and "Mời bạn đánh giá" not in after["text"]
    assert "Ngày 13/6" in after["text"] and "tuần tra bảo vệ thôn xóm" in after["text"]
    assert after["canonical_url"] == "http://mau.test/tin/xa-ra-mat-mo-hinh.html?id=3"


BROKEN = {
    "not TOML": ('name = "X"\n[detect\n', "broken.toml: not valid TOML"),
    "no name": ('[detect]\nmarkup = ["x"]\n', "broken.toml: name must be a non-empty string"),
    "unknown key": ('name = "X"\nselectors = ["p"]\n', "broken.toml: unknown key 'selectors'"),
    "unknown section key": ('name = "X"\n[urls]\ndrop = ["a"]\n', "broken.toml: unknown key urls.'drop'"),
    "not a list": ('name = "X"\n[urls]\ndrop_params = "p_p_id"\n',
                   "broken.toml: urls.drop_params must be a list of non-empty strings"),
    "bad regex": ('name = "X"\n[detect]\nurls = ["(unclosed"]\n', "broken.toml: detect.urls: bad regular expression"),
    "bad selector": ('name = "X"\n[boilerplate]\ndrop = ["div[["]\n', "broken.toml: boilerplate.drop: bad CSS selector"),
    "bad date example": ('name = "X"\n[dates]\nexamples = ["25/6/2024"]\n',
                         "broken.toml: dates.examples must be a list of [printed, expected] string pairs"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_family_file_is_refused_in_one_line(case, tmp_path):
    text, message = BROKEN[case]
    (tmp_path / "broken.toml").write_text(text, encoding="utf-8")
    with pytest.raises(cms.CmsDataError) as caught:
        cms.load_families(str(tmp_path))
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_a_family_file_named_unlike_an_id_is_refused(tmp_path):
    (tmp_path / "Bad Name.toml").write_text('name = "X"\n', encoding="utf-8")
    with pytest.raises(cms.CmsDataError, match=r"^Bad Name.toml: the file name must be the family id"):
        cms.load_families(str(tmp_path))


def test_cli_refuses_a_broken_family_file_before_any_command(family_dir, tmp_path, capsys):
    (family_dir / "joomla.toml").write_text('name = "Joomla"\n[boilerplate]\ndrop = ["div[["]\n', encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    assert main(["extract", str(page)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("crawler: error: joomla.toml: boilerplate.drop: bad CSS selector") and err.count("\n") == 1
