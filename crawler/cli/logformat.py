"""Log lines for dropped items: a duplicate is routine, so one short DEBUG line with its URL
instead of Scrapy's WARNING with the whole record (duplicates are in duplicates.jsonl)."""

import logging

from scrapy.logformatter import LogFormatter


class QuietDropLogFormatter(LogFormatter):
    def dropped(self, item, exception, response, spider):
        url = item.get("url") if hasattr(item, "get") else None
        return {
            "level": logging.DEBUG,
            "msg": "Dropped %(url)s: %(exception)s",
            "args": {"url": url, "exception": exception},
        }


# ---------------------------------------------------------------- failures without tracebacks

# Loggers of Scrapy components that log a failed download, or a failed write of the state,
# with a whole traceback. The spider already logs one line per failure it counts
# (spiders/portal.py, `on_error`): at the default level the user sees that line only.
NOISY_LOGGERS = (
    "scrapy.downloadermiddlewares.retry",      # "Gave up retrying <GET …>", per request
    "scrapy.downloadermiddlewares.robotstxt",  # "Error downloading <GET …>" and a 60-line traceback
    "scrapy.core.scraper",                     # "Spider error processing …", "Error processing item"
    "scrapy.core.engine",
    "scrapy.utils.signal",
)


def disk_full(exc: BaseException | None) -> bool:
    """A write that failed for want of space or permission: the disk, not the crawl."""
    import errno
    import sqlite3
    if isinstance(exc, sqlite3.OperationalError):
        text = str(exc).lower()
        return any(s in text for s in ("disk is full", "disk i/o error", "readonly database", "read-only"))
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS)


class QuietFailures(logging.Filter):
    """Download failures at DEBUG (the spider's own line says what failed); a full or read-only
    state disk as one line the first time, without its traceback, DEBUG after that."""

    def __init__(self):
        super().__init__()
        self.disk_full_seen = False

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if disk_full(exc):
            if self.disk_full_seen:
                _demote(record)
            else:
                self.disk_full_seen = True
                record.msg, record.args = "cannot write to the state folder: %s", (exc,)
                record.exc_info, record.exc_text = None, None
            return True
        if record.name.startswith("scrapy.downloadermiddlewares.") and record.levelno > logging.DEBUG:
            _demote(record)
        return True


def _demote(record: logging.LogRecord) -> None:
    record.levelno, record.levelname = logging.DEBUG, "DEBUG"


def quiet_failures() -> QuietFailures:
    """Install the filter on the noisy loggers (once per process); returns it."""
    for name in NOISY_LOGGERS:
        logger = logging.getLogger(name)
        for existing in logger.filters:
            if isinstance(existing, QuietFailures):
                return existing
    quiet = QuietFailures()
    for name in NOISY_LOGGERS:
        logging.getLogger(name).addFilter(quiet)
    return quiet
