"""The raw-page archive: crawl with --archive, re-extract the WARC files offline, same records."""

import glob

from warcio.archiveiterator import ArchiveIterator

from conftest import FAST, read_records, run_cli
from crawler.sample_portals import serve_portals


def records(out) -> dict[str, dict]:
    """URL -> record, of every record under `out`."""
    return {record["url"]: record for record in read_records(out)}


def test_archive_then_reextract_gives_the_same_records(tmp_path):
    crawled, again = tmp_path / "crawled", tmp_path / "again"
    with serve_portals() as portals:
        result = run_cli("crawl", *[p.base_url for p in portals], "--out", crawled, "--archive", *FAST)
        assert result.returncode == 0, result.stderr[-2000:]
        fetched = sum(len(p.requests) for p in portals)
    warcs = sorted(glob.glob(str(crawled / "*" / "*.warc.gz")))
    assert len(warcs) == len(portals)
    kinds = []
    for path in warcs:
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                kinds.append(record.rec_type)
                if record.rec_type == "response":
                    assert record.http_headers.get_header("Content-Type")
                    assert record.rec_headers.get_header("WARC-Target-URI").startswith("http://127.0.0.")
    assert kinds.count("response") == kinds.count("request") > 0
    assert kinds.count("response") <= fetched  # robots.txt of Scrapy's middleware is not archived

    # no portal is running now: re-extraction cannot touch the network
    result = run_cli("reextract", *warcs, "--out", str(again))
    assert result.returncode == 0, result.stderr[-2000:]
    first, second = records(crawled), records(again)
    assert first and set(first) == set(second)
    for url, record in first.items():
        other = dict(second[url])
        for field in ("crawled_at",):
            other[field] = record[field]
        assert other == record, url


def test_reextract_refuses_a_missing_file(tmp_path):
    result = run_cli("reextract", str(tmp_path / "nope.warc.gz"), "--out", str(tmp_path))
    assert result.returncode == 2 and "no such WARC file" in result.stderr
