"""What the next run continues: the requests not yet done, and per site whether a walk of
it has ever reached its end.

The frontier holds every request from when it is scheduled until its page is done, so the
next run continues a crawl cut short, even by SIGKILL (Scrapy's JOBDIR saves its queue
only at a clean close). A site's walk starts with its first run and is complete once a run
ends by itself with no cut; until then the next run continues it (see spiders/portal.py).

`Frontier` keeps both in the SQLite file of the seen store (crawler.state.seenstore), on
its connection (a crawler.state.sqlitebatch.BatchedConnection). A distributed crawl keeps neither: its frontier is scrapy-redis's shared
queue, which outlives any worker, and no single worker sees a site's walk end
(`SharedQueueFrontier`; README, "Distributed mode").
"""

from __future__ import annotations

_SCHEMA = """
CREATE TABLE IF NOT EXISTS frontier (
    url TEXT PRIMARY KEY,
    callback TEXT NOT NULL
);
-- per site: when its current walk started, and when a walk last reached its end (NULL:
-- never yet, the walk is in progress and the frontier holds the rest of it)
CREATE TABLE IF NOT EXISTS walks (
    site TEXT PRIMARY KEY,
    started_at TEXT NOT NULL,
    completed_at TEXT
);
"""


class Frontier:
    """Pending requests (URL and the name of the spider callback for its page) and walks."""

    kept = True  # in the state folder: reported, and continued by the next run

    def __init__(self, db):
        self.db = db
        self.db.executescript(_SCHEMA)

    def add_pending(self, url: str, callback: str) -> None:
        self.db.write("INSERT OR REPLACE INTO frontier(url, callback) VALUES (?,?)", (url, callback))

    def done(self, url: str) -> None:
        self.db.write("DELETE FROM frontier WHERE url=?", (url,))

    def pending(self) -> list[tuple[str, str]]:
        return self.db.execute("SELECT url, callback FROM frontier").fetchall()

    def walk(self, site: str) -> tuple[str, str | None] | None:
        """(started_at, completed_at or None) of the site's walk, or None if none was started."""
        row = self.db.execute("SELECT started_at, completed_at FROM walks WHERE site=?", (site,)).fetchone()
        return (row[0], row[1]) if row else None

    def start_walk(self, site: str, when: str) -> None:
        """Start the site's first walk (a site already walking or walked keeps its record)."""
        self.db.write("INSERT OR IGNORE INTO walks(site, started_at) VALUES (?,?)", (site, when))

    def complete_walk(self, site: str, when: str) -> None:
        self.db.write("UPDATE walks SET completed_at=? WHERE site=?", (when, site))


class SharedQueueFrontier:
    """A distributed crawl's: the shared queue in Redis is the frontier, so nothing is kept here."""

    kept = False

    def add_pending(self, url: str, callback: str) -> None:
        pass

    def done(self, url: str) -> None:
        pass

    def pending(self) -> list[tuple[str, str]]:
        return []

    def walk(self, site: str) -> tuple[str, str | None] | None:
        return None

    def start_walk(self, site: str, when: str) -> None:
        pass

    def complete_walk(self, site: str, when: str) -> None:
        pass
