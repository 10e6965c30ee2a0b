"""The output record: its fields, and the finishing step every record goes through.

`finish_record` is what the normalise pipeline and `crawler extract` both call, so a
record printed by hand and one written by a crawl are identical: every string NFC and
space-collapsed, `word_count` and `content_hash` computed from the normalised body.
"""

from __future__ import annotations

from crawler.extraction.textnorm import content_hash, normalize_inline, normalize_text, word_count

INLINE_FIELDS = ("title", "author", "source", "language")
SCHEMA_VERSION = "1.0"  # of schema/record.schema.json; every record carries it
RECORD_ORDER = (
    "url", "canonical_url", "site", "site_id", "site_type", "province", "province_2025", "title", "text", "published", "author", "source",
    "images", "language", "topics", "word_count", "content_hash", "crawled_at",
    "schema_version",
)


def finish_record(record: dict) -> dict:
    """Normalise the text fields of an extracted record and fill word_count/content_hash."""
    record = dict(record)
    record["text"] = normalize_text(record.get("text") or "")
    for field in INLINE_FIELDS:
        value = record.get(field)
        record[field] = normalize_inline(value) or None if isinstance(value, str) else value
    record["title"] = record["title"] or ""
    record["images"] = [
        {"url": img["url"], "caption": normalize_inline(img["caption"]) if img.get("caption") else None}
        for img in record.get("images") or []
    ]
    record["word_count"] = word_count(record["text"], normalized=True)
    record["content_hash"] = content_hash(record["text"], normalized=True) if record["text"] else None
    record["schema_version"] = SCHEMA_VERSION
    return record


def registry_fields(profile) -> dict:
    """The registry's fields of a record (null for a site the registry does not list)."""
    return {
        "site_id": profile.id if profile else None,
        "site_type": profile.type if profile else None,
        "province": profile.province if profile else None,
        "province_2025": profile.province_2025 if profile else None,
    }
