"""End-of-crawl summary per site: pages fetched, articles written, duplicates, non-articles,
errors by kind.

The spider and the pipelines count into Scrapy's stats under keys `site/<site>/<what>`
(`site/<site>/errors/<kind>`, `site/<site>/non_articles/<reason>`); this extension
gathers them when the spider closes, with the spider's walk report (CrawlRun.walks), prints
a table on stderr and writes the same as JSON to <out>/<YYYY-MM-DD>/summary-<HHMMSS>.json
(and <out>/last-summary.json); the crawl's CrawlRun keeps it as its `summary`.
"""

from __future__ import annotations

import json
import os
import sys

from scrapy import signals

from crawler.clock import now_vn
from crawler.crawlrun import CrawlRun

COUNTERS = ("pages_fetched", "articles_written", "duplicates", "non_articles", "errors")


def summarise(stats: dict) -> dict:
    """{site: {counter: n, "errors": {kind: n}, "non_articles": {reason: n}}} from flat stats."""
    sites: dict[str, dict] = {}
    for key, value in stats.items():
        if not key.startswith("site/"):
            continue
        _, rest = key.split("/", 1)
        site, _, what = rest.partition("/")
        entry = sites.setdefault(site, {"pages_fetched": 0, "articles_written": 0, "duplicates": 0,
                                        "non_articles": {}, "errors": {}})
        group, _, kind = what.partition("/")
        if kind and group in ("errors", "non_articles", "skipped"):
            entry.setdefault(group, {})[kind] = value
        else:
            entry[what] = value
    return dict(sorted(sites.items()))


def cut_short_line(cut: dict) -> str:
    pending = cut.get("pending")
    left = f" ({pending} requests pending)" if pending is not None else ""
    return f"cut short: {cut['why']}; the next run continues it{left}"


def format_table(summary: dict, walks: dict | None = None) -> str:
    header = f"{'site':<28} {'pages':>7} {'articles':>8} {'dupes':>6} {'non-art':>7} {'errors':>6}"
    lines = [header, "-" * len(header)]
    for site, entry in summary.items():
        lines.append(
            f"{site:<28} {entry['pages_fetched']:>7} {entry['articles_written']:>8} {entry['duplicates']:>6} "
            f"{sum(entry['non_articles'].values()):>7} {sum(entry['errors'].values()):>6}"
        )
        if entry["errors"]:
            lines.append("    errors: " + ", ".join(f"{k}={v}" for k, v in sorted(entry["errors"].items())))
        trapped = entry.get("skipped", {}).get("trap", 0)
        if trapped or entry.get("traps"):  # crawler/discovery/traps.py
            lines.append(f"    traps: {entry.get('traps', 0)} URL templates stopped, {trapped} links not followed")
        walk = (walks or {}).get(site)
        if walk and (walk["walk"] != "complete" or walk["pending"]):
            state = {"in progress": f"in progress since {(walk['walk_started'] or '')[:16]}",
                     "none": "not started (--since)"}.get(walk["walk"], walk["walk"])
            lines.append(f"    walk: {state}, {walk['pending']} requests pending for the next run")
    return "\n".join(lines)


def _write_whole(path: str, text: str) -> None:
    """Write through a temporary file renamed into place: a full disk leaves the old file (or
    none), never an empty or half one."""
    tmp = f"{path}.tmp-{os.getpid()}"
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


class SummaryExtension:
    def __init__(self, crawler):
        self.crawler = crawler
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_closed(self, spider, reason):
        run = self.crawler.get_extension(CrawlRun)  # not while extensions are being built
        if run.lock_refused:  # refused at start: the running crawl's summary stays
            return
        summary = summarise(self.crawler.stats.get_stats())
        started = run.started_at
        report = {
            "started_at": started.isoformat(), "finished_at": now_vn().isoformat(),
            "finish_reason": reason, "sites": summary,
            "totals": {
                "pages_fetched": sum(s["pages_fetched"] for s in summary.values()),
                "articles_written": sum(s["articles_written"] for s in summary.values()),
                "duplicates": sum(s["duplicates"] for s in summary.values()),
                "non_articles": sum(sum(s["non_articles"].values()) for s in summary.values()),
                "errors": sum(sum(s["errors"].values()) for s in summary.values()),
                # feeds, sitemaps and robots.txt answered 304 to a conditional request
                "not_modified": self.crawler.stats.get_value("httpcache/revalidate", 0),
            },
        }
        walks = run.walks or {}  # the spider's report, made when it closed (before this)
        # a crawl stopped before its end (--max-pages, SIGINT/SIGTERM, a CLOSESPIDER_* limit):
        # what it left on the frontier is continued by the next run (exit status 5)
        report["cut_short"] = walks.get("cut_short")
        report["walks"] = walks.get("sites", {})
        report["recovery"] = {
            key.split("/", 1)[1]: value for key, value in self.crawler.stats.get_stats().items()
            if key.startswith("recovery/")
        }
        run.summary = report
        layout = run.layout
        try:
            os.makedirs(layout.date_dir(run.date), exist_ok=True)
            text = json.dumps(report, ensure_ascii=False, indent=2)
            _write_whole(layout.summary_file(run.date, started.strftime('%H%M%S')), text)
            _write_whole(layout.last_summary_file, text)
        except OSError as exc:
            print(f"could not write the summary: {exc}", file=sys.stderr)
        title = f"cut short: {report['cut_short']['why']}" if report["cut_short"] else reason
        print(f"\nCrawl summary ({title}):\n{format_table(summary, report['walks'])}", file=sys.stderr)
        if report["cut_short"]:
            print(cut_short_line(report["cut_short"]), file=sys.stderr)
