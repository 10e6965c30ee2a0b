"""`-s NAME=VALUE` values checked before a crawl starts, from one table.

Scrapy reads a setting when a component asks for it, often deep in the crawl: a value
that is not a number (`-s DOWNLOAD_DELAY=abc`) or a log level that does not exist
(`-s LOG_LEVEL=LOUD`) ended in a traceback. The settings this project defines, and the
common Scrapy ones a user passes, are listed in :data:`SETTING_TYPES` (name -> kind and
bounds); :func:`convert` turns a value given on the command line into the value Scrapy
gets, or raises :class:`BadSetting` with a one-line reason. Settings not in the table are
passed as they are, as Scrapy's `-s` does.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass


class BadSetting(ValueError):
    """A -s value that cannot be used: the message names the setting and what it accepts."""


@dataclass(frozen=True)
class Kind:
    type: str                      # "int", "float", "bool", "choice", "date"
    low: float | None = None       # inclusive lower bound (numbers)
    high: float | None = None      # inclusive upper bound (numbers)
    above: float | None = None     # exclusive lower bound (numbers)
    choices: tuple[str, ...] = ()  # "choice": allowed values, matched without regard to case
    empty: bool = False            # an empty value means "the default" (None)


COUNT = Kind("int", low=0)
POSITIVE_COUNT = Kind("int", low=1)
SECONDS = Kind("float", low=0)
POSITIVE_SECONDS = Kind("float", above=0)
SWITCH = Kind("bool")
LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")

SETTING_TYPES: dict[str, Kind] = {
    # this project's own (settings.py, README "Configuration")
    "EXTRACT_WORKERS": Kind("int", low=0, empty=True),
    "EXTRACT_TIMEOUT": SECONDS,
    "REDIS_IDLE_TIMEOUT": SECONDS,
    "PROGRESS_ENABLED": SWITCH,
    "PROGRESS_INTERVAL": Kind("float", above=0, empty=True),
    "NEAR_DUP_THRESHOLD": Kind("float", low=0, high=1),
    "TRAP_TEMPLATE_BUDGET": COUNT,
    "CRAWL_SINCE": Kind("date", empty=True),
    "CRAWL_REFRESH": SWITCH,
    "CRAWL_RESUME": SWITCH,
    "CRAWL_MAX_PAGES": COUNT,
    "ARCHIVE_ENABLED": SWITCH,
    "TOPICS_ONLY": SWITCH,
    # Scrapy's, the ones a user passes
    "LOG_LEVEL": Kind("choice", choices=LOG_LEVELS),
    "LOG_ENABLED": SWITCH,
    "STATS_DUMP": SWITCH,
    "DOWNLOAD_DELAY": SECONDS,
    "RANDOMIZE_DOWNLOAD_DELAY": SWITCH,
    "DOWNLOAD_TIMEOUT": POSITIVE_SECONDS,
    "DOWNLOAD_MAXSIZE": COUNT,
    "DOWNLOAD_WARNSIZE": COUNT,
    "DNS_TIMEOUT": POSITIVE_SECONDS,
    "DNSCACHE_ENABLED": SWITCH,
    "CONCURRENT_REQUESTS": POSITIVE_COUNT,
    "CONCURRENT_REQUESTS_PER_DOMAIN": POSITIVE_COUNT,
    "CONCURRENT_REQUESTS_PER_IP": COUNT,
    "CONCURRENT_ITEMS": POSITIVE_COUNT,
    "AUTOTHROTTLE_ENABLED": SWITCH,
    "AUTOTHROTTLE_DEBUG": SWITCH,
    "AUTOTHROTTLE_START_DELAY": SECONDS,
    "AUTOTHROTTLE_MAX_DELAY": SECONDS,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": Kind("float", above=0),
    "RETRY_ENABLED": SWITCH,
    "RETRY_TIMES": COUNT,
    "REDIRECT_ENABLED": SWITCH,
    "REDIRECT_MAX_TIMES": COUNT,
    "ROBOTSTXT_OBEY": SWITCH,
    "COOKIES_ENABLED": SWITCH,
    "HTTPCACHE_ENABLED": SWITCH,
    "HTTPERROR_ALLOW_ALL": SWITCH,
    "DEPTH_LIMIT": COUNT,
    "DEPTH_PRIORITY": Kind("int"),
    "URLLENGTH_LIMIT": COUNT,
    "CLOSESPIDER_PAGECOUNT": COUNT,
    "CLOSESPIDER_ITEMCOUNT": COUNT,
    "CLOSESPIDER_ERRORCOUNT": COUNT,
    "CLOSESPIDER_TIMEOUT": SECONDS,
    "LOGSTATS_INTERVAL": POSITIVE_SECONDS,
    "MEMUSAGE_ENABLED": SWITCH,
    "MEMUSAGE_LIMIT_MB": COUNT,
    "MEMUSAGE_WARNING_MB": COUNT,
    "TELNETCONSOLE_ENABLED": SWITCH,
}

TRUE = ("true", "yes", "on", "1")
FALSE = ("false", "no", "off", "0")


def _bounds(kind: Kind) -> str:
    if kind.low is not None and kind.high is not None:
        return f" from {kind.low:g} to {kind.high:g}"
    if kind.above is not None:
        return f" above {kind.above:g}"
    if kind.low is not None:
        return f" of at least {kind.low:g}"
    return ""


def expected(kind: Kind) -> str:
    """What a setting of this kind accepts, in words."""
    if kind.type == "bool":
        return "True or False"
    if kind.type == "choice":
        return "one of " + ", ".join(kind.choices)
    if kind.type == "date":
        return "a date YYYY-MM-DD"
    return ("a whole number" if kind.type == "int" else "a number") + _bounds(kind)


def convert(name: str, value: str):
    """The value Scrapy gets for `-s name=value`; BadSetting if the table says it cannot be."""
    kind = SETTING_TYPES.get(name)
    if kind is None:
        return value
    text = value.strip()
    if kind.empty and text in ("", "None"):
        return None
    problem = f"-s {name}={value!r}: expected {expected(kind)}"
    if kind.type == "bool":
        if text.lower() in TRUE:
            return True
        if text.lower() in FALSE:
            return False
        raise BadSetting(problem)
    if kind.type == "choice":
        for choice in kind.choices:
            if text.upper() == choice.upper():
                return choice
        raise BadSetting(problem)
    if kind.type == "date":
        try:
            return datetime.date.fromisoformat(text).isoformat()
        except ValueError:
            raise BadSetting(problem) from None
    try:
        number = int(text) if kind.type == "int" else float(text)
    except ValueError:
        raise BadSetting(problem) from None
    if isinstance(number, float) and not math.isfinite(number):
        raise BadSetting(problem)
    if (kind.low is not None and number < kind.low) or (kind.high is not None and number > kind.high) \
            or (kind.above is not None and number <= kind.above):
        raise BadSetting(problem)
    return number
