"""`crawler demo`: serve the bundled sample portals, crawl them, and check the result.

The sample portals know which stories they publish, so the demo can say how the crawl
did: stories expected, written, written twice, missing, and boilerplate leaks.
"""

from __future__ import annotations

import glob
import json
import os

from crawler.boilerplate import leaks
from crawler.run import crawl
from crawler.sample_portals import expected_articles, serve_portals


def written_records(out: str) -> list[dict]:
    """Every record in the output folder, all dates."""
    records = []
    for path in sorted(glob.glob(os.path.join(out, "*", "*.jsonl"))):
        if os.path.basename(path) != "duplicates.jsonl":
            with open(path, encoding="utf-8") as f:
                records += [json.loads(line) for line in f if line.strip()]
    return records


def check(records: list[dict], expected) -> dict:
    """How the records compare with the stories the portals publish."""
    story_of = {url: story.key for story in expected for url in story.urls}
    keys = [story_of.get(r["url"]) for r in records]
    return {
        "stories_expected": len(expected),
        "records_written": len(records),
        "stories_written": len({k for k in keys if k}),
        "stories_written_twice": len([k for k in set(keys) if k and keys.count(k) > 1]),
        "records_not_articles": keys.count(None),
        "stories_missing": len({s.key for s in expected} - set(keys)),
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
    return summary, check(written_records(out), expected)
