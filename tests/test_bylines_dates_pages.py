"""Author and date of whole pages marked up as Vietnamese news sites print them.

Each page in fixtures/bylines_dates/ reproduces a convention met on real portals (see
../shared/realpages and the loopback portals' reports): the site's "today" printed above the
menu on every page, a headline that is not an <h1>, Joomla's "Viết bởi …" and "19 Tháng 7
2023", an author box beside the date under the title ("author-share-top"), "Theo <person>" in
an author box, several authors in boxes, a JSON-LD Person beside a company in <meta
name="author">, an organisation as the only author. `crawler extract` must give the article's
own author and date, never the site's, the company's or today's.
"""

from pathlib import Path

import pytest

from crawler.extract import extract_article

PAGES = Path(__file__).parent / "fixtures" / "bylines_dates"

EXPECTED = {
    # page: (author, published)
    "header_today_h2_title": ("Hoàng Anh", "2023-07-19T06:50:00+07:00"),
    "header_today_h1_flat": (None, "2023-07-19T06:50:00+07:00"),
    "author_share_top": ("Thanh Hương", "2026-02-12T15:20:00+07:00"),
    "joomla15_viet_boi": ("Thế Minh", "2023-07-19T06:50:00+07:00"),
    "joomla3_createdby": ("Thế Minh", "2023-11-20T09:15:00+07:00"),
    "theo_person_box": ("Hồ Hương", "2026-03-07T09:40:00+07:00"),
    "two_authors_box": ("THU HẰNG, NGỌC PHƯỢNG", "2026-03-07T08:01:53+07:00"),
    "json_ld_person": ("Tri Túc", "2026-03-07T08:07:18+07:00"),
    "organisation_author": (None, "2026-03-07T00:05:00+07:00"),
}


def test_every_page_has_its_expectation():
    assert sorted(p.stem for p in PAGES.glob("*.html")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_author_and_date_of_the_page(name):
    record = extract_article((PAGES / f"{name}.html").read_bytes(), f"https://portal.test/tin-tuc/{name}.html")
    assert record.get("reason") is None, record.get("reason")
    assert (record["author"], record["published"]) == EXPECTED[name]
    assert "17/11/2025" not in record["text"]
    assert "2025-11-17" not in (record["published"] or "")
