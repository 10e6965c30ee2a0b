"""Start-of-run repair of the output folder after a crash, a kill or a full disk.

Two things can be left behind, and only at the very end of a file:
- a torn last line (a write cut short): it is cut off at the last newline, and reported;
- a last record written but not yet marked seen (the kill fell between the write and the
  mark): its hash is marked now, so it is not written a second time.
Records are written one at a time and marked right after, so only each file's last line
needs a look, whatever the size of the archive.
"""

from __future__ import annotations

import glob
import json
import os

CHUNK = 1 << 16


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


def repair_torn_line(path: str) -> int:
    """Cut a partial last line; returns the number of bytes removed."""
    fd = os.open(path, os.O_RDWR)
    try:
        size = os.fstat(fd).st_size
        if size == 0 or os.pread(fd, 1, size - 1) == b"\n":
            return 0
        keep = _tail_start(fd, size)
        os.ftruncate(fd, keep)
        os.fsync(fd)
        return size - keep
    finally:
        os.close(fd)


def last_record(path: str) -> dict | None:
    """The last complete JSON line of a file, or None."""
    fd = os.open(path, os.O_RDONLY)
    try:
        size = os.fstat(fd).st_size
        if size == 0:
            return None
        start = _tail_start(fd, size - 1)
        line = os.pread(fd, size - start, start)
    finally:
        os.close(fd)
    try:
        return json.loads(line)
    except ValueError:
        return None


def recover(out_dir: str, store, log) -> dict:
    """Repair torn lines and mark unmarked last records in every JSONL file under out_dir."""
    report = {"torn_lines_repaired": 0, "records_marked": 0}
    for path in sorted(glob.glob(os.path.join(out_dir, "*", "*.jsonl"))):
        removed = repair_torn_line(path)
        if removed:
            report["torn_lines_repaired"] += 1
            log.warning("repaired %s: cut a torn last line of %d bytes", path, removed)
        if os.path.basename(path) == "duplicates.jsonl":
            continue
        record = last_record(path)
        if record and record.get("content_hash") and store.first_url(record["content_hash"]) is None:
            store.mark(record["content_hash"], [record["url"], record.get("canonical_url")],
                       record.get("site", ""), record.get("crawled_at", ""), text=record.get("text"))
            report["records_marked"] += 1
            log.warning("recovered %s: its last record was written but not marked seen", path)
    return report
