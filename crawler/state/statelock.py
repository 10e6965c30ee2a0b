"""One crawl at a time per state folder.

An exclusive flock(2) on <state>/crawl.lock, held for the whole crawl. The kernel drops it
when the process ends, however it ends, so a killed run never leaves the state locked.
"""

from __future__ import annotations

import fcntl
import os

from crawler.output.layout import StateFolder


class StateLocked(Exception):
    """Another crawl holds the state folder."""


class StateLock:
    def __init__(self, state_dir: str):
        self.path = StateFolder(state_dir).lock_file
        self.fd: int | None = None

    def acquire(self) -> None:
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode("ascii", "ignore").strip() or "?"
            os.close(fd)
            raise StateLocked(f"another crawl (pid {holder}) is using the state folder {os.path.dirname(self.path)}") from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self.fd = fd

    def release(self) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None


class StateDamaged(Exception):
    """A file of the state folder cannot be used: the message names it and what to do."""


SQLITE_MAGIC = b"SQLite format 3\x00"


def _damaged(path: str, what: str) -> StateDamaged:
    return StateDamaged(f"state file {path} {what}: move it aside, or use --state elsewhere")


def check_state_folder(state_dir: str, *, seen_store: bool = True) -> None:
    """Refuse, before any request, a state folder whose lock or SQLite store is unusable.

    Checks what a crawl opens at start: `crawl.lock` must be a file (or absent) that can be
    opened, and `seen.sqlite` (unless `seen_store` is False: a --redis worker keeps its store
    in Redis) must be an SQLite database whose header and size agree (a truncated copy, a
    file of garbage or a directory are refused). O(1) in the size of the store: it reads
    the 100-byte header and the schema, never the tables.
    """
    folder = StateFolder(state_dir)
    lock = folder.lock_file
    if os.path.lexists(lock):
        if not os.path.isfile(lock):
            raise _damaged(lock, "is not a regular file")
        try:
            os.close(os.open(lock, os.O_RDWR))
        except OSError as exc:
            raise _damaged(lock, f"cannot be opened ({exc.strerror or exc})") from None
    store = folder.seen_store_file
    if seen_store and os.path.lexists(store):
        _check_sqlite(store)


def _check_sqlite(path: str) -> None:
    import sqlite3

    if not os.path.isfile(path):
        raise _damaged(path, "is not a regular file")
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as f:
            header = f.read(100)
    except OSError as exc:
        raise _damaged(path, f"cannot be read ({exc.strerror or exc})") from None
    if size == 0:
        return  # SQLite makes a new database of an empty file
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise _damaged(path, "is not an SQLite database")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    size_valid = header[24:28] == header[92:96]  # the in-header size is kept up to date
    if page_size < 512 or page_size & (page_size - 1) or size % page_size \
            or (size_valid and pages and size < pages * page_size):
        raise _damaged(path, f"is truncated or damaged ({size} bytes)")
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        raise _damaged(path, f"is damaged ({exc})") from None
