"""Local time of the portals: Asia/Ho_Chi_Minh is UTC+07:00 all year (no daylight saving)."""

from datetime import date, datetime, timedelta, timezone

VN_TZ = timezone(timedelta(hours=7), "+07:00")


def now_vn() -> datetime:
    """The current time in Vietnam, to the second."""
    return datetime.now(VN_TZ).replace(microsecond=0)


def run_date(started: datetime | None) -> str:
    """The YYYY-MM-DD folder of a crawl that started at `started` (Vietnam date)."""
    return (started or now_vn()).astimezone(VN_TZ).strftime("%Y-%m-%d")


def since_day(value: str | None) -> str | None:
    """A --since value as YYYY-MM-DD (None stays None); ValueError naming the option otherwise."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise ValueError(f"--since expects a date YYYY-MM-DD, got {value!r}") from None
