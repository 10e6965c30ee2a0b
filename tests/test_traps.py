"""URL-template budgets (crawler/discovery/traps.py): the template function, the budget's rule, and real
`crawler crawl` runs of the portals in trap_portal.py: a work calendar whose every day differs
and links onward (bounded, nothing written, and not entered again by the next run), and a
listing paginated over 30 pages whose article template also serves 90 stubs (walked to its
end, every article written)."""

from __future__ import annotations

import json
from collections import Counter

import pytest

import settings
import trap_portal as tp
from crawler.discovery.traps import PAGES_PER_ARTICLE, TemplateBudget, url_template
from crawler.state.sqlitebatch import BatchedConnection
from small_portal import crawl, serve

BUDGET = settings.TRAP_TEMPLATE_BUDGET
# Day pages a crawl may fetch: the first (linked from the menu, not chained), the budget's,
# and those already handed to the downloader when the template became a trap (at most
# CONCURRENT_REQUESTS pass the middleware before it knows).
DAY_BOUND = 1 + BUDGET + settings.CONCURRENT_REQUESTS


# -- the template ----------------------------------------------------------------------------

@pytest.mark.parametrize("a, b", [
    ("http://x.vn/lich.aspx?ngay=2024-06-25", "http://x.vn/lich.aspx?ngay=1999-12-31"),
    ("http://x.vn/lich.aspx?ngay=25-06-2024", "http://x.vn/lich.aspx?ngay=1-1-2025"),
    ("http://x.vn/lich.aspx?ngay=25/06/2024", "http://x.vn/lich.aspx?ngay=31/12/2023"),
    ("http://x.vn/lich/20240625.html", "http://x.vn/lich/20231231.html"),
    ("http://x.vn/2024/06/25/", "http://x.vn/2023/1/9/"),
    ("http://x.vn/tin-tuc/12345.html", "http://x.vn/tin-tuc/7.html"),
    ("http://x.vn/tin-tuc/chi-tiet.aspx?id=12", "http://www.x.vn/tin-tuc/chi-tiet.aspx?id=98765&utm_source=fb"),
    ("http://x.vn/list.aspx?page=2&cat=5", "http://x.vn/list.aspx?cat=7&page=30"),
    ("http://x.vn/Pages/chi-tiet.aspx?ItemID=1a2b3c4d-0000-1111-2222-333344445555",
     "http://x.vn/Pages/chi-tiet.aspx?ItemID=ffffffff-aaaa-bbbb-cccc-dddddddddddd"),
])
def test_variable_parts_give_one_template(a, b):
    assert url_template(a) == url_template(b)


@pytest.mark.parametrize("a, b", [
    ("http://x.vn/chuyen-muc/xa-hoi/page/2/", "http://x.vn/chuyen-muc/chinh-tri/page/2/"),  # slugs kept
    ("http://x.vn/2024/06/25/giao-ban-dan-van/", "http://x.vn/2024/06/25/thu-hoach-lua/"),
    ("http://x.vn/lich.aspx?ngay=2024-06-25", "http://x.vn/lich.aspx?tuan=26"),  # keys kept
    ("http://x.vn/tin-tuc/12.html", "http://x.vn/van-ban/12.html"),
    ("http://x.vn/list.aspx?cat=thoi-su&page=2", "http://x.vn/list.aspx?cat=kinh-te&page=2"),
])
def test_different_pages_give_different_templates(a, b):
    assert url_template(a) != url_template(b)


def test_template_reads_well():
    assert url_template("http://x.vn/lich.aspx?ngay=2024-06-25") == "/lich.aspx?ngay={date}"
    assert url_template("http://x.vn/tin-tuc/12345.html") == "/tin-tuc/{n}.html"
    assert url_template("http://x.vn/a.aspx?page=3&cat=5") == "/a.aspx?cat={n}&page={n}"
    assert url_template("http://x.vn/") == "/"


# -- the rule --------------------------------------------------------------------------------

DAY, DOC, PAGE, ART = "/lich.aspx?ngay={date}", "/van-ban.aspx?id={n}", "/list.aspx?page={n}", "/tin/{n}.html"


def test_a_calendar_becomes_a_trap_after_its_budget():
    budget = TemplateBudget(5)
    assert budget.page("s", DAY, article=False, found_via=("/",)) is False  # from the menu: not chained
    became = [budget.page("s", DAY, article=False, found_via=(DAY, DAY)) for _ in range(5)]
    assert became == [False] * 4 + [True]
    assert budget.is_trap("s", DAY) and budget.has_traps("s")
    assert not budget.is_trap("other-site", DAY) and not budget.has_traps("other-site")
    # the documents linked from each day are not chained: never a trap on their own
    for _ in range(50):
        budget.page("s", DOC, article=False, found_via=(DAY, DAY))
    assert not budget.is_trap("s", DOC)


def test_a_listing_that_leads_to_articles_is_never_a_trap():
    budget = TemplateBudget(5)
    for _ in range(100):
        budget.page("s", PAGE, article=False, found_via=(PAGE, PAGE))  # page n+1 from page n
        budget.page("s", ART, article=True, found_via=(PAGE, PAGE))  # one new article behind it
    assert budget.get("s", PAGE).led == 100
    assert not budget.is_trap("s", PAGE)


def test_two_levels_of_listing_are_credited():
    budget = TemplateBudget(5)
    years, months = "/luu-tru.aspx?nam={n}", "/luu-tru.aspx?nam={n}&thang={n}"
    for _ in range(30):
        budget.page("s", years, article=False, found_via=(years,))
        budget.page("s", months, article=False, found_via=(years,))
        budget.page("s", ART, article=True, found_via=(months, years))  # credits the month and the year
    assert not budget.is_trap("s", years) and not budget.is_trap("s", months)


def test_an_article_template_is_not_throttled_by_its_stubs():
    budget = TemplateBudget(5)
    for _ in range(40):
        budget.page("s", ART, article=True, found_via=(PAGE,))
        budget.page("s", ART, article=False, found_via=(ART, PAGE))  # a related link to a stub
    assert budget.get("s", ART).chained == 40
    assert not budget.is_trap("s", ART)
    # ... but a template of stubs with hardly an article among them is one
    for _ in range(40 * PAGES_PER_ARTICLE):
        budget.page("s", ART, article=False, found_via=(ART,))
    assert budget.is_trap("s", ART)


def test_no_budget_no_trap():
    budget = TemplateBudget(0)
    for _ in range(500):
        assert budget.page("s", DAY, article=False, found_via=(DAY,)) is False
    assert not budget.is_trap("s", DAY)


def test_counts_persist_between_runs(tmp_path):
    path = str(tmp_path / "seen.sqlite")
    db = BatchedConnection(path, interval=60)  # committed at close, as a crawl's store does
    first = TemplateBudget(5, db)
    for _ in range(6):
        first.page("s", DAY, article=False, found_via=(DAY,))
    first.page("s", "/a-single-article/", article=True)  # one page, no non-article: not kept
    db.close()
    db = BatchedConnection(path)
    again = TemplateBudget(5, db)
    assert again.is_trap("s", DAY)
    assert again.get("s", DAY).chained == 6
    assert ("s", "/a-single-article/") not in again.counts
    assert not TemplateBudget(5, db, fresh=True).is_trap("s", DAY)  # --refresh
    db.close()


# -- real crawls -----------------------------------------------------------------------------

def _summary(out) -> dict:
    with open(out / "last-summary.json", encoding="utf-8") as f:
        return json.load(f)["sites"]["127.0.0.1"]


def _paths(requests) -> Counter:
    return Counter(path.split("?")[0] for path in requests)


@pytest.fixture(scope="module")
def calendar(tmp_path_factory):
    out = tmp_path_factory.mktemp("calendar")
    tp.CalendarPortal.requests = []
    tp.CalendarPortal.today = tp.FIRST_DAY
    with serve(tp.CalendarPortal) as base:
        records = crawl(base + "/", out)
        first = list(tp.CalendarPortal.requests)
        summary = _summary(out)
        tp.CalendarPortal.today = tp.FIRST_DAY.replace(year=tp.FIRST_DAY.year + 1)  # the next run's "today"
        second_records = crawl(base + "/", out)
        second = tp.CalendarPortal.requests[len(first):]
        second_summary = _summary(out)
    tp.CalendarPortal.today = tp.FIRST_DAY
    return dict(base=base, records=records, requests=first, summary=summary,
                second_records=second_records, second_requests=second, second_summary=second_summary)


def test_calendar_days_are_bounded_and_never_written(calendar):
    paths = _paths(calendar["requests"])
    assert paths["/lich.aspx"] <= DAY_BOUND, paths
    assert paths["/van-ban.aspx"] <= DAY_BOUND, paths  # one invitation a day
    assert paths["/lich.aspx"] > BUDGET  # the budget was spent, not cut short by something else
    urls = [r["url"] for r in calendar["records"]]
    assert not [u for u in urls if "/lich.aspx" in u or "/van-ban.aspx" in u]
    summary = calendar["summary"]
    assert summary["traps"] == 1
    assert summary["skipped"]["trap"] >= 1
    assert summary["non_articles"]["calendar"] == paths["/lich.aspx"]


def test_every_real_article_is_written_and_no_info_page(calendar):
    urls = sorted(r["url"] for r in calendar["records"])
    want = sorted(calendar["base"] + tp.CalendarPortal.article_path(i) for i in range(len(tp.CalendarPortal.ARTICLES)))
    assert urls == want
    titles = {r["title"] for r in calendar["records"]}
    assert set(tp.NEWS_LOOKALIKES) <= titles  # news headlines that start like a page type
    assert calendar["summary"]["non_articles"]["info-page"] == len(tp.INFO_PAGES)


def test_the_next_run_does_not_spend_the_budget_again(calendar):
    paths = _paths(calendar["second_requests"])
    assert paths["/lich.aspx"] == 0, paths  # the menu's new day is a link of a known trap
    assert paths["/van-ban.aspx"] == 0
    assert calendar["second_records"] == calendar["records"]  # nothing new written
    assert calendar["second_summary"]["skipped"]["trap"] >= 1


def test_without_a_budget_the_calendar_never_ends(tmp_path):
    """The same portal with TRAP_TEMPLATE_BUDGET=0: the calendar goes on until --max-pages."""
    tp.CalendarPortal.requests = []
    with serve(tp.CalendarPortal) as base:
        crawl(base + "/", tmp_path / "out", "-s", "TRAP_TEMPLATE_BUDGET=0", "--max-pages", "200", status=5)
    paths = _paths(tp.CalendarPortal.requests)
    assert paths["/lich.aspx"] > 2 * DAY_BOUND, paths


def test_a_smaller_budget_stops_sooner(tmp_path):
    tp.CalendarPortal.requests = []
    with serve(tp.CalendarPortal) as base:
        records = crawl(base + "/", tmp_path / "out", "-s", "TRAP_TEMPLATE_BUDGET=5")
    paths = _paths(tp.CalendarPortal.requests)
    assert 5 < paths["/lich.aspx"] <= 1 + 5 + settings.CONCURRENT_REQUESTS, paths
    assert len(records) == len(tp.CalendarPortal.ARTICLES)


def test_long_pagination_is_walked_to_its_end_and_articles_are_not_throttled(tmp_path):
    tp.NewsPortal.requests = []
    with serve(tp.NewsPortal) as base:
        records = crawl(base + "/", tmp_path / "out")
    requested = set(tp.NewsPortal.requests)
    pages = {f"/tin-tuc.aspx?page={p}" for p in range(1, tp.NewsPortal.PAGES + 1)}
    assert pages <= requested, sorted(pages - requested)
    articles = [tp.NewsPortal.article_path(i) for i in range(len(tp.NewsPortal.ARTICLES))]
    assert sorted(r["url"] for r in records) == sorted(base + a for a in articles)
    stubs = {tp.NewsPortal.stub_path(i) for i in range(len(tp.NewsPortal.ARTICLES))}
    assert stubs <= requested  # 90 non-articles of the article template, reached from it, all followed
    summary = _summary(tmp_path / "out")
    assert "traps" not in summary and "trap" not in summary.get("skipped", {})
