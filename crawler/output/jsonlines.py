"""Append whole JSON lines to a file so that a kill at any moment leaves only whole lines.

Each record is serialised first and then handed to the kernel in one write(2) on a file
opened with O_APPEND; for a regular file the kernel completes or refuses that call as a
whole, so a SIGKILL can only land between two records. Python's buffered file objects
would split long lines across several system calls, which is why they are not used here.
"""

from __future__ import annotations

import json
import os


def dumps_line(record: dict) -> bytes:
    """One record as a UTF-8 JSON line (Vietnamese kept as is, not \\u-escaped)."""
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


class JsonlAppender:
    """An append-only JSONL file written one whole line per system call."""

    def __init__(self, path: str, fsync: bool = False, ledger=None):
        """`ledger` (crawler.output.recovery.OutputLedger) records the file as the crawler's before
        it is opened, so that the next start repairs it if this run is killed mid-line.
        The file is created 0666 less the umask."""
        self.path = path
        self.fsync = fsync
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        if ledger is not None:
            ledger.record(path)
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)

    def write(self, record: dict) -> None:
        """Append one line, or raise OSError leaving the file as it was (full or read-only disk)."""
        data = dumps_line(record)
        start = os.lseek(self.fd, 0, os.SEEK_END)
        try:
            written = os.write(self.fd, data)
            while written < len(data):  # a short write: the disk filled up mid-line
                written += os.write(self.fd, data[written:])
            if self.fsync:
                os.fsync(self.fd)
        except OSError:
            try:
                os.ftruncate(self.fd, start)  # take back the partial line
            except OSError:
                pass  # the next start repairs it (crawler.output.recovery)
            raise

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
