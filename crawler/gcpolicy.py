"""The crawling process's garbage-collector policy while a crawl runs.

Every page the reactor handles makes a few hundred short-lived container objects
(requests, headers, coroutines, async generators, Deferreds, the record). With Python's
default threshold of 700, the youngest generation is collected about every other page and
whatever is in flight at that moment is promoted and collected again in the older
generations; full collections then walk the ~50,000 objects of the imported modules and
Scrapy's components as well. In the benchmark's crawl (bench/run.py, 1,644 pages) that was
830 + 76 + 7 collections, 1.2-1.4 s of the crawling process's ~8-10 s of CPU, with pauses of
up to 90 ms during which the extraction workers ran out of pages.

While a crawl runs (crawler.crawlrun calls start() when the spider starts and stop() when
the engine stops), the policy freezes the objects made before it (they stay: modules,
components, settings) and collects the youngest generation every YOUNG_THRESHOLD net
allocations instead: most per-page objects are freed by reference counting before that,
and the same crawl made 17 + 2 + 0 collections, 0.15 s. Cyclic garbage waits a little
longer to be freed (at most YOUNG_THRESHOLD container objects, a few MB).
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 10_000
OLDER_THRESHOLDS = (10, 10)

_active = 0  # crawls running in this process with the policy on
_saved: tuple[int, int, int] | None = None


def start() -> None:
    """The policy on (for the first crawl that starts in this process)."""
    global _active, _saved
    _active += 1
    if _active == 1:
        _saved = gc.get_threshold()
        gc.collect()  # what start-up left as garbage is not frozen with the rest
        gc.freeze()
        gc.set_threshold(YOUNG_THRESHOLD, *OLDER_THRESHOLDS)


def stop() -> None:
    """The process's own policy back (when the last crawl that started it stops)."""
    global _active, _saved
    if _active == 0:
        return
    _active -= 1
    if _active == 0 and _saved is not None:
        gc.set_threshold(*_saved)
        gc.unfreeze()
        _saved = None
