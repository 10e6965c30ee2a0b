"""Where a crawl's files are: the output folder and the state folder, for writing and reading back.

The output folder (`--out`) holds, per crawl date (the run's start, Vietnam time):

    <out>/<YYYY-MM-DD>/<site>.jsonl         the records
    <out>/<YYYY-MM-DD>/<site>.warc.gz       the raw pages (--archive)
    <out>/<YYYY-MM-DD>/duplicates.jsonl     copies not written, and what they copy
    <out>/<YYYY-MM-DD>/summary-<HHMMSS>.json
    <out>/last-summary.json

and the state folder (`--state`, by default <out>/.state) what must survive between runs:
`seen.sqlite` (crawler.state.seenstore), `crawl.lock` (crawler.state.statelock),
`output-files.sqlite` (crawler.output.recovery) and `httpcache/` (Scrapy's HTTP cache).
The crawl writes through `OutputLayout`; export, stats, the demo check and the start-of-run
repair read the folder back through it.
"""

from __future__ import annotations

import glob
import os
import re

from crawler.discovery.urls import safe_filename

DUPLICATES_FILE = "duplicates.jsonl"
LAST_SUMMARY_FILE = "last-summary.json"
DATE_DIR = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class StateFolder:
    """The files of a state folder."""

    def __init__(self, path: str):
        self.path = os.path.abspath(path)

    @property
    def seen_store_file(self) -> str:
        return os.path.join(self.path, "seen.sqlite")

    @property
    def lock_file(self) -> str:
        return os.path.join(self.path, "crawl.lock")

    @property
    def ledger_file(self) -> str:
        return os.path.join(self.path, "output-files.sqlite")

    @property
    def http_cache_dir(self) -> str:
        return os.path.join(self.path, "httpcache")


class OutputLayout:
    """An output folder and its state folder (by default <out>/.state)."""

    def __init__(self, out_dir: str | None = None, state_dir: str | None = None):
        self.out_dir = os.path.abspath(out_dir or "output")
        self.state = StateFolder(state_dir or os.path.join(self.out_dir, ".state"))

    @classmethod
    def from_settings(cls, settings) -> OutputLayout:
        """The layout of OUTPUT_DIR and STATE_DIR."""
        return cls(settings.get("OUTPUT_DIR"), settings.get("STATE_DIR"))

    @property
    def state_dir(self) -> str:
        return self.state.path

    # -- writing ---------------------------------------------------------------------------
    def date_dir(self, date: str) -> str:
        return os.path.join(self.out_dir, safe_filename(date))

    def site_file(self, date: str, site: str, suffix: str) -> str:
        """<out>/<date>/<site><suffix>, with `site` made safe so it can never leave the folder."""
        return os.path.join(self.date_dir(date), safe_filename(site) + suffix)

    def duplicates_file(self, date: str) -> str:
        return os.path.join(self.date_dir(date), DUPLICATES_FILE)

    def summary_file(self, date: str, time: str) -> str:
        """<out>/<date>/summary-<HHMMSS>.json of the run that started at `time` (HHMMSS)."""
        return os.path.join(self.date_dir(date), f"summary-{time}.json")

    @property
    def last_summary_file(self) -> str:
        return os.path.join(self.out_dir, LAST_SUMMARY_FILE)

    # -- reading back ----------------------------------------------------------------------
    def dates(self) -> list[str]:
        """The crawl-date folders, oldest first."""
        if not os.path.isdir(self.out_dir):
            return []
        return sorted(d for d in os.listdir(self.out_dir)
                      if DATE_DIR.match(d) and os.path.isdir(os.path.join(self.out_dir, d)))

    def jsonl_files(self) -> list[str]:
        """Every .jsonl of every date folder (records and duplicates logs), by date then name;
        those of the folder itself when it has no date folder (a date folder given as the
        output folder)."""
        dates = self.dates()
        if not dates:
            return sorted(glob.glob(os.path.join(self.out_dir, "*.jsonl")))
        return [p for d in dates for p in sorted(glob.glob(os.path.join(self.out_dir, d, "*.jsonl")))]


def is_duplicates_file(path: str) -> bool:
    """Whether `path` is a duplicates log (its lines are not records)."""
    return os.path.basename(path) == DUPLICATES_FILE


def check_folder_argument(path: str, what: str) -> str:
    """The absolute path of a folder given on the command line; ValueError for an empty one
    (`--out ''` would otherwise mean the current directory, whose every file a crawl and its
    start-of-run repair would then treat as output)."""
    if not path or not path.strip():
        raise ValueError(f"{what} is empty: give a folder, e.g. --out output")
    return os.path.abspath(path)
