"""What went wrong with a request, as a short name (`dns`, `timeout`, `http_404`, ...), and
which failures are worth trying again on the next run."""

from __future__ import annotations

from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import (ConnectError, ConnectionLost, ConnectionRefusedError,
                                    DNSLookupError, TCPTimedOutError, TimeoutError)
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

# failures worth trying again: left on the frontier for the next run (with http_5xx)
RETRY_NEXT_RUN = {"timeout", "dns", "connection_refused", "connection_lost", "connect_error", "download_failed",
                  "http_429", "http_408"}

# Scrapy >= 2.13 wraps download failures in its own exceptions; older ones raise Twisted's.
_SCRAPY_ERROR_KINDS = {
    "DownloadTimeoutError": "timeout", "DownloadConnectionRefusedError": "connection_refused",
    "DownloadCancelledError": "too_large_or_cancelled", "ResponseDataLossError": "connection_lost",
    "DownloadFailedError": "download_failed", "CannotResolveHostError": "dns",
}


def error_kind(failure) -> str:
    """A short name for what went wrong with a request."""
    exc = failure.value
    if type(exc).__name__ in _SCRAPY_ERROR_KINDS:
        return _SCRAPY_ERROR_KINDS[type(exc).__name__]
    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}"
    if isinstance(exc, (TimeoutError, TCPTimedOutError)):
        return "timeout"
    if isinstance(exc, DNSLookupError):
        return "dns"
    if isinstance(exc, ConnectionRefusedError):
        return "connection_refused"
    if isinstance(exc, (ConnectionLost, ResponseFailed, ResponseNeverReceived)):
        return "connection_lost"
    if isinstance(exc, ConnectError):
        return "connect_error"
    return type(exc).__name__.lower()


def worth_retrying(kind: str) -> bool:
    """A failure that may pass next time (a timeout, a 503): its request stays on the frontier."""
    return kind in RETRY_NEXT_RUN or kind.startswith("http_5")
