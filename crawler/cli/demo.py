"""`crawler demo`: serve the bundled sample portals, crawl them, and check the result.

The sample portals know which stories they publish, so the demo can say how the crawl
did: stories expected, written, written twice, missing, and boilerplate leaks.
"""

from __future__ import annotations

import json
from datetime import datetime

from crawler.cli.run import crawl
from crawler.extraction.boilerplate import leaks
from crawler.output.layout import OutputLayout, is_duplicates_file
from crawler.sample_portals import expected_articles, serve_portals


def written_records(out: str, duplicates: bool = False) -> list[dict]:
    """Every record in the output folder, all dates (with `duplicates`, the lines of the
    duplicates.jsonl files instead)."""
    records = []
    for path in OutputLayout(out).jsonl_files():
        if is_duplicates_file(path) == duplicates:
            with open(path, encoding="utf-8") as f:
                records += [json.loads(line) for line in f if line.strip()]
    return records


def _when(value) -> datetime | None:
    try:
        return datetime.fromisoformat(value).replace(microsecond=0)
    except (TypeError, ValueError):
        return None


def of_this_run(records: list[dict], base_urls, started_at: str | None) -> list[dict]:
    """The records (or duplicates lines) of this demo run: from the portals it served (their
    ports are new every run) and extracted after it started. An earlier demo into the same
    folder wrote the same stories under other addresses."""
    since = _when(started_at)
    return [r for r in records if str(r.get("url", "")).startswith(tuple(base_urls))
            and (since is None or (_when(r.get("crawled_at")) or since) >= since)]


def check(records: list[dict], expected, duplicates: list[dict] = ()) -> dict:
    """How this run's records compare with the stories the portals publish. A story this run
    found already written (a duplicate of a record not of this run: an earlier run into the
    same folder wrote it) is accounted for, not missing."""
    story_of = {url: story.key for story in expected for url in story.urls}
    keys = [story_of.get(r["url"]) for r in records]
    ours = {r["url"] for r in records}
    earlier = {story_of.get(d.get("url")) for d in duplicates if d.get("duplicate_of") not in ours} - set(keys)
    earlier.discard(None)
    return {
        "stories_expected": len(expected),
        "records_written": len(records),
        "stories_written": len({k for k in keys if k}),
        "stories_already_written": len(earlier),
        "stories_written_twice": len([k for k in set(keys) if k and keys.count(k) > 1]),
        "records_not_articles": keys.count(None),
        "stories_missing": len({s.key for s in expected} - set(keys) - earlier),
        "boilerplate_leaks": sum(len(leaks(r["text"])) for r in records),
    }


def run_demo(out: str, state: str, log) -> tuple[dict, dict]:
    """Serve, crawl, check; returns (crawl summary, check)."""
    with serve_portals() as portals:
        for portal in portals:
            log(f"serving {portal.name:<18} {portal.family:<10} {portal.base_url}")
        summary = crawl([p.base_url for p in portals], out=out, state=state, max_pages=None,
                        overrides={"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "LOG_LEVEL": "WARNING"})
        expected = expected_articles(portals)
        base_urls = [p.base_url for p in portals]
    started = summary.get("started_at")
    return summary, check(of_this_run(written_records(out), base_urls, started), expected,
                          of_this_run(written_records(out, duplicates=True), base_urls, started))
