"""What extraction says of a page besides its record: an article or not, and why not.

crawler.extraction.extract returns one dict that carries, with the record's fields, the
page's `reason` (absent for an article) and, for a listing, the dates it shows
(`listing_dates`). `split_verdict` takes them out once, so the record that goes on (to the
pipelines, to `crawler extract`, to the evaluation) is only the record.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageVerdict:
    reason: str | None = None  # None: an article; else why not (listing, soft-404, too-short, ...)
    listing_dates: tuple[str, ...] = ()  # the dates a listing shows (YYYY-MM-DD...), for --since

    @property
    def is_article(self) -> bool:
        return self.reason is None


def split_verdict(extracted: dict) -> tuple[dict, PageVerdict]:
    """(the record, the verdict) of what extraction returned; `extracted` is left as it is."""
    record = dict(extracted)
    return record, PageVerdict(record.pop("reason", None), tuple(record.pop("listing_dates", ())))
