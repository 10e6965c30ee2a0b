"""One crawl at a time per state folder.

An exclusive flock(2) on <state>/crawl.lock, held for the whole crawl. The kernel drops it
when the process ends, however it ends, so a killed run never leaves the state locked.
"""

from __future__ import annotations

import fcntl
import os


class StateLocked(Exception):
    """Another crawl holds the state folder."""


class StateLock:
    def __init__(self, state_dir: str):
        self.path = os.path.join(state_dir, "crawl.lock")
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
