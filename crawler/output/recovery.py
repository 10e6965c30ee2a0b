"""Start-of-run repair of the output files the crawler wrote, after a crash, a kill or a full disk.

Only files this crawler wrote are looked at: each output file is recorded in the state
(<state>/output-files.sqlite, `OutputLedger`) before it is first opened for writing, and
the repair reads that list, never a listing of the output folder. A user's own
`OUT/notes/mine.jsonl`, or a `.jsonl` copied into a dated folder, is never touched.

Two things can be left behind, and only at the very end of a file:
- a torn last line (a write cut short): it is cut off at the last newline, and reported;
- the last records written but not yet marked seen (the kill fell between the writes and
  the commit of their marks, crawler.state.sqlitebatch): their hashes are marked now, so
  they are not written a second time.
Records are written one at a time and marked (in the store's open transaction) right after,
so the unmarked ones are each file's last few lines: a file is read backwards up to its
last marked record, whatever the size of the archive. A file is opened read-only for that look,
and for writing only when it has a torn line to cut: a complete file from an old run that
is now read-only (or another user's) is left as it is, and a torn one that cannot be
written is reported, not a reason to stop the crawl.
"""

from __future__ import annotations

import datetime
import json
import os
import sqlite3

from crawler.output.layout import StateFolder, is_duplicates_file

CHUNK = 1 << 16


class OutputLedger:
    """The output files this crawler wrote, as paths relative to the output folder (so the
    folder can be moved with its state), in a small SQLite file of the state folder."""

    def __init__(self, state_dir: str, out_dir: str):
        os.makedirs(state_dir, exist_ok=True)
        self.out_dir = os.path.abspath(out_dir)
        self.db = sqlite3.connect(StateFolder(state_dir).ledger_file, isolation_level=None,
                                  check_same_thread=False)
        self.db.execute("CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, first_written TEXT NOT NULL)")
        self.known: set[str] = set()

    def _relative(self, path: str) -> str | None:
        relative = os.path.relpath(os.path.abspath(path), self.out_dir)
        if relative == os.curdir or relative.split(os.sep)[0] == os.pardir or os.path.isabs(relative):
            return None  # not under the output folder
        return relative

    def record(self, path: str) -> None:
        """Note `path` as ours; called before the file is opened for writing."""
        relative = self._relative(path)
        if relative is None or relative in self.known:
            return
        when = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
        self.db.execute("INSERT OR IGNORE INTO files(path, first_written) VALUES (?,?)", (relative, when))
        self.known.add(relative)

    def files(self) -> list[str]:
        """Absolute paths of the recorded files that still exist, sorted."""
        found = []
        for (relative,) in self.db.execute("SELECT path FROM files ORDER BY path"):
            relative = os.path.normpath(relative)
            if os.path.isabs(relative) or relative.split(os.sep)[0] == os.pardir:
                continue  # never outside the output folder
            path = os.path.join(self.out_dir, relative)
            if os.path.isfile(path):
                found.append(path)
        return found

    def close(self) -> None:
        self.db.close()


def _tail_start(fd: int, size: int) -> int:
    """Offset just after the last newline before `size` (0 if none)."""
    position = size
    while position > 0:
        start = max(0, position - CHUNK)
        chunk = os.pread(fd, position - start, start)
        index = chunk.rfind(b"\n")
        if index >= 0:
            return start + index + 1
        position = start
    return 0


def torn_tail(path: str) -> tuple[int, int]:
    """(size, offset where a torn last line starts); the two are equal for a whole file."""
    fd = os.open(path, os.O_RDONLY)
    try:
        size = os.fstat(fd).st_size
        if size == 0 or os.pread(fd, 1, size - 1) == b"\n":
            return size, size
        return size, _tail_start(fd, size)
    finally:
        os.close(fd)


def repair_torn_line(path: str) -> int:
    """Cut a partial last line; returns the number of bytes removed. The file is opened for
    writing only when there is something to cut."""
    size, keep = torn_tail(path)
    if keep == size:
        return 0
    fd = os.open(path, os.O_WRONLY)
    try:
        if os.fstat(fd).st_size != size:  # pragma: no cover - the state lock keeps writers out
            return 0
        os.ftruncate(fd, keep)
        os.fsync(fd)
        return size - keep
    finally:
        os.close(fd)


def records_from_end(path: str):
    """The complete JSON lines of a file, last first, read backwards as they are asked for
    (a line that is not a JSON object is skipped)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        end = os.fstat(fd).st_size
        while end > 0:
            start = _tail_start(fd, end - 1)
            try:
                record = json.loads(os.pread(fd, end - start, start))
            except ValueError:
                record = None
            if isinstance(record, dict):
                yield record
            end = start
    finally:
        os.close(fd)


def recover(out_dir: str, store, log, ledger: OutputLedger) -> dict:
    """Repair torn lines and mark unmarked last records in the JSONL files the crawler wrote
    (those `ledger` lists) under out_dir."""
    report = {"torn_lines_repaired": 0, "records_marked": 0, "files_not_repaired": 0}
    for path in ledger.files():
        if not path.endswith(".jsonl"):
            continue
        try:
            removed = repair_torn_line(path)
        except OSError as exc:
            report["files_not_repaired"] += 1
            log.error("cannot check or repair %s: %s; left as it is", path, exc.strerror or exc)
            continue
        if removed:
            report["torn_lines_repaired"] += 1
            log.warning("repaired %s: cut a torn last line of %d bytes", path, removed)
        if is_duplicates_file(path):
            continue
        unmarked = []
        for record in records_from_end(path):
            if not record.get("content_hash"):
                continue
            if store.first_url(record["content_hash"]) is not None:
                break
            unmarked.append(record)
        for record in reversed(unmarked):
            store.mark(record["content_hash"], [record["url"], record.get("canonical_url")],
                       record.get("site", ""), record.get("crawled_at", ""), text=record.get("text"))
        if unmarked:
            report["records_marked"] += len(unmarked)
            log.warning("recovered %s: its last %d records were written but not marked seen", path, len(unmarked))
    return report
