"""End to end: one portal carries an article, another an edited copy of it (another title,
the lead paragraph cut, a source line added), and each also carries its own article about
the same event (same people, place and day, one quoted statement in common).

A real `crawler crawl` of both portals, served on 127.0.0.41 and 127.0.0.42, must write the
article once and log the copy in duplicates.jsonl with its similarity and the record it
copies, and keep both same-event articles. A second run on the same state with --refresh
fetches everything again and writes nothing.
"""

from __future__ import annotations

from conftest import fast, read_duplicates, read_records, run_cli
from crawler.analysis import neardup
from neardup_texts import SAME_EVENT_A, SAME_EVENT_B, corpus_texts
from small_portal import PageTable, serve

ORIGINAL = corpus_texts()["thuong-truc-tinh-uy-giao-ban-quy-4-2018"].split("\n")
COPY = ORIGINAL[1:] + ["Nguồn: Báo Quảng Bình"]


def article(title: str, published: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="og:title" content="{title}">'
        f'<meta property="article:published_time" content="{published}"></head>'
        '<body><div id="header"><ul class="menu"><li><a href="/">Trang chủ</a></li></ul></div>'
        f'<div class="main"><div class="detail"><h1 class="title">{title}</h1>'
        f'<div class="date">{published[8:10]}/{published[5:7]}/{published[:4]}</div>'
        f'<div class="content">{body}</div></div></div>'
        '<div id="footer"><p>Cơ quan chủ quản: Tỉnh ủy Quảng Bình</p></div></body></html>'
    ).encode()


def home(links: dict[str, str]) -> bytes:
    items = "".join(f'<div class="item"><h3><a href="{href}">{title}</a></h3></div>' for href, title in links.items())
    return f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Trang chủ</title></head><body>{items}</body></html>'.encode()


def portal(articles: dict[str, tuple[str, str, list[str]]]):
    class Portal(PageTable):
        def pages(self, base):
            html = "text/html; charset=utf-8"
            return {"/": (html, home({path: title for path, (title, _, _) in articles.items()})),
                    **{path: (html, article(*spec)) for path, spec in articles.items()}}
    return Portal


NEWSPAPER = portal({
    "/tin-tuc/thuong-truc-tinh-uy-giao-ban-quy-iv.html":
        ("Thường trực Tỉnh ủy giao ban công tác dân vận quý IV/2018", "2019-01-02T16:45:00+07:00", ORIGINAL),
    "/tin-tuc/so-ket-dan-van-6-thang.html":
        ("Sơ kết công tác dân vận 6 tháng đầu năm 2024", "2024-07-12T11:00:00+07:00", SAME_EVENT_A.split("\n")),
})
STATION = portal({
    "/bai-viet/24017.html":
        ("Năm 2019: công tác dân vận hướng mạnh về cơ sở", "2019-01-03T08:00:00+07:00", COPY),
    "/bai-viet/24018.html":
        ("Quảng Bình: đánh giá công tác dân vận nửa đầu năm", "2024-07-12T15:30:00+07:00", SAME_EVENT_B.split("\n")),
})


def crawl(urls, out, *extra):
    proc = run_cli("crawl", *urls, "--out", out, *fast(EXTRACT_WORKERS=0), *extra, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_an_edited_copy_on_another_portal_is_logged_not_written(tmp_path):
    out = tmp_path / "out"
    with serve(NEWSPAPER, "127.0.0.41") as newspaper, serve(STATION, "127.0.0.42") as station:
        newspaper, station = newspaper + "/", station + "/"
        crawl([newspaper, station], out)
        records, dupes = read_records(out), read_duplicates(out)
        pair = {newspaper + "tin-tuc/thuong-truc-tinh-uy-giao-ban-quy-iv.html", station + "bai-viet/24017.html"}
        same_event = {newspaper + "tin-tuc/so-ket-dan-van-6-thang.html", station + "bai-viet/24018.html"}
        urls = {r["url"] for r in records}
        assert len(records) == 3 and same_event <= urls and len(urls & pair) == 1, sorted(urls)
        [kept] = [r for r in records if r["url"] in pair]
        [logged] = dupes
        assert logged["url"] in pair - {kept["url"]} and logged["match"] == "near"
        assert logged["duplicate_of"] == kept["url"] and logged["duplicate_of_hash"] == kept["content_hash"]
        assert logged["content_hash"] != kept["content_hash"]
        assert neardup.NEAR_DUP_THRESHOLD <= logged["similarity"] < 1

        crawl([newspaper, station], out, "--refresh")  # everything fetched again, same state
        assert len(read_records(out)) == 3
        again = read_duplicates(out)[1:]
        assert sorted(d["url"] for d in again) == sorted(pair | same_event)
        assert [d["match"] for d in again if d["url"] == logged["url"]] == ["near"]
