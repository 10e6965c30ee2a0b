"""The persistent memory of a crawl: content hashes and URLs already written, in SQLite.

Lives under the state folder (`--state`), survives between runs, and is what makes
"the same article crawled again tomorrow" a duplicate rather than a new record. A hash
is added only after its record is on disk (see pipelines/dedup.py), so a kill between
the two can cause a duplicate on the next run but never a lost record.
"""

from __future__ import annotations

import os
import sqlite3

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    content_hash TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    site TEXT NOT NULL,
    first_seen TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL
);
"""


class SeenStore:
    """Content hashes and article URLs already written."""

    def __init__(self, path: str):
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)

    def first_url(self, content_hash: str) -> str | None:
        """URL of the record already written with this hash, or None."""
        row = self.db.execute("SELECT url FROM articles WHERE content_hash=?", (content_hash,)).fetchone()
        return row[0] if row else None

    def knows_url(self, url: str) -> bool:
        return self.db.execute("SELECT 1 FROM urls WHERE url=?", (url,)).fetchone() is not None

    def mark(self, content_hash: str, urls: list[str], site: str, when: str) -> None:
        """Remember a written record (its hash and every URL it was reached by)."""
        with self.db:
            self.db.execute("BEGIN")
            self.db.execute(
                "INSERT OR IGNORE INTO articles(content_hash, url, site, first_seen) VALUES (?,?,?,?)",
                (content_hash, urls[0], site, when),
            )
            self.db.executemany(
                "INSERT OR IGNORE INTO urls(url, content_hash) VALUES (?,?)",
                [(u, content_hash) for u in urls if u],
            )

    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def close(self) -> None:
        self.db.close()
