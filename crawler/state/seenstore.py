"""The persistent memory of a crawl: content hashes and URLs already written, in SQLite.

Lives under the state folder (`--state`), survives between runs, and is what makes
"the same article crawled again tomorrow" a duplicate rather than a new record. It also
remembers pages that were not articles (for incremental runs); its `frontier`
(crawler.state.frontier) keeps, in the same file, the requests not yet done and the
sites' walks. A hash is added only after its record is on disk (see pipelines/dedup.py),
so a kill between the two can cause a duplicate on the next run but never a lost record.

A crawl opens the store class its SEEN_STORE setting names (this one, or
crawler.state.redisstore.RedisSeenStore in distributed mode) with `open_for(settings,
state)`; both have the same methods.

Beside each written hash it keeps the body's near-duplicate signature (crawler.analysis.neardup)
and the signature's LSH band keys in an indexed table, so a later run finds an edited
copy of an article written long ago by looking up 42 keys, with nothing held in memory.
"""

from __future__ import annotations

import os

from crawler.state.frontier import Frontier
from crawler.state.sqlitebatch import BatchedConnection

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
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    seen_at TEXT NOT NULL
);
-- near-duplicate signatures of written records; id is the first 60 bits of the content hash
CREATE TABLE IF NOT EXISTS signatures (
    id INTEGER PRIMARY KEY,
    content_hash TEXT NOT NULL,
    minhash BLOB NOT NULL,
    numbers BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS bands (
    band INTEGER NOT NULL,
    id INTEGER NOT NULL,
    PRIMARY KEY (band, id)
) WITHOUT ROWID;
"""
ARTICLE, LISTING, OTHER = "article", "listing", "other"

COMMIT_SECONDS = 1.0
"""A crawl's writes are committed once a second (crawler.state.sqlitebatch): a kill loses at
most the last second's, which the next run does again (its pages are still on the
frontier; its records, already on disk, are marked by crawler.output.recovery)."""


def _signature_id(content_hash: str) -> int:
    return int(content_hash[:15], 16)


class SeenStore:
    """Content hashes and article URLs already written."""

    @classmethod
    def open_for(cls, settings, state) -> SeenStore:
        """The store of a crawl whose state folder is `state` (a layout.StateFolder)."""
        return cls(state.seen_store_file, commit_seconds=COMMIT_SECONDS)

    def __init__(self, path: str, *, commit_seconds: float = 0.0):
        """`commit_seconds`: how long writes may wait to be committed together (0: each at once)."""
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        self.path = path
        self.db = BatchedConnection(path, interval=commit_seconds)
        self.db.executescript(_SCHEMA)
        self.claims: dict[str, str] = {}  # hashes passed to the writer, not yet marked
        self.held: dict = {}  # their near-dup signatures (crawler.analysis.neardup.Signature), stored by mark()
        self.frontier = Frontier(self.db)

    def claim(self, content_hash: str, url: str) -> str | None:
        """Take a hash for writing: None if this caller should write the record, else the
        URL of the record that has it (written, or being written in this run)."""
        existing = self.claims.get(content_hash) or self.first_url(content_hash)
        if existing is None:
            self.claims[content_hash] = url
        return existing

    def near_claim(self, content_hash: str, url: str, sig, threshold: float):
        """After claim() gave this caller `content_hash`: (url, content_hash, similarity) of the
        written (or being written) record the body copies, at or above threshold, or None. On
        None the signature is held and stored with the record by mark(); on a match the
        claim on content_hash is given up (the record will not be written)."""
        from crawler.analysis.neardup import best_match

        # records being written in this run (claimed, not yet marked), then those written
        candidates = [((self.claims[h], h), held.digest, held.numbers)
                      for h, held in self.held.items() if h in self.claims]
        marks = ",".join("?" * len(sig.bands))
        candidates += [((url, h), digest, numbers) for url, h, digest, numbers in self.db.execute(
            "SELECT a.url, s.content_hash, s.minhash, s.numbers FROM signatures s"
            " JOIN articles a ON a.content_hash = s.content_hash"
            f" WHERE s.id IN (SELECT id FROM bands WHERE band IN ({marks}))", sig.bands)]
        match = best_match(sig, candidates, threshold)
        if match is None:
            self.held[content_hash] = sig
            return None
        self.claims.pop(content_hash, None)
        (original_url, original_hash), score = match
        return original_url, original_hash, score

    def first_url(self, content_hash: str) -> str | None:
        """URL of the record already written with this hash, or None."""
        row = self.db.execute("SELECT url FROM articles WHERE content_hash=?", (content_hash,)).fetchone()
        return row[0] if row else None

    def knows_url(self, url: str) -> bool:
        return self.db.execute("SELECT 1 FROM urls WHERE url=?", (url,)).fetchone() is not None

    def page_kind(self, url: str) -> str | None:
        """'article' for a URL whose record (or duplicate) was written, 'listing' or 'other'
        for pages seen that were not articles, None for a URL never seen."""
        if self.knows_url(url):
            return ARTICLE
        row = self.db.execute("SELECT kind FROM pages WHERE url=?", (url,)).fetchone()
        return row[0] if row else None

    def mark_page(self, url: str, kind: str, when: str) -> None:
        """Remember a page that is not an article (a listing to revisit, or something else)."""
        self.db.write("INSERT OR REPLACE INTO pages(url, kind, seen_at) VALUES (?,?,?)", (url, kind, when))

    def page_seen_at(self, url: str) -> str | None:
        """When a non-article page was last fetched (ISO time), or None."""
        row = self.db.execute("SELECT seen_at FROM pages WHERE url=?", (url,)).fetchone()
        return row[0] if row else None

    def mark_duplicate_url(self, url: str, content_hash: str) -> None:
        """A URL whose content was already written under another URL: known, not refetched."""
        self.db.write("INSERT OR IGNORE INTO urls(url, content_hash) VALUES (?,?)", (url, content_hash))

    def mark(self, content_hash: str, urls: list[str], site: str, when: str, text: str | None = None) -> None:
        """Remember a written record (its hash and every URL it was reached by) and its
        near-dup signature: the one near_claim() held, else that of `text` when given."""
        self.claims.pop(content_hash, None)
        sig = self.held.pop(content_hash, None)
        if sig is None and text:
            from crawler.analysis.neardup import signature
            sig = signature(text)
        with self.db.together():
            self.db.write(
                "INSERT OR IGNORE INTO articles(content_hash, url, site, first_seen) VALUES (?,?,?,?)",
                (content_hash, urls[0], site, when),
            )
            self.db.write_many(
                "INSERT OR IGNORE INTO urls(url, content_hash) VALUES (?,?)",
                [(u, content_hash) for u in urls if u],
            )
            if sig is not None:
                sid = _signature_id(content_hash)
                self.db.write("INSERT OR IGNORE INTO signatures(id, content_hash, minhash, numbers) VALUES (?,?,?,?)",
                              (sid, content_hash, sig.digest, sig.numbers))
                self.db.write_many("INSERT OR IGNORE INTO bands(band, id) VALUES (?,?)",
                                   [(b, sid) for b in sig.bands])

    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def close(self) -> None:
        self.db.close()

