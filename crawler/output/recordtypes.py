"""The types of a record's fields, checked cheaply where records are read back.

`crawler export` and `crawler stats` read JSONL that anything may have written or edited.
A record whose `site` is a list or whose `word_count` is a word crashed them deep inside
pyarrow or a dict; :func:`field_type_problem` says in one line what is wrong with a record,
:func:`check_record` raises :class:`RecordTypeError` with that line, and
:func:`find_bad_record` looks through output folders for the first such record (the CLI
calls it when export or stats fail, to name the file and line).

A field absent or null is never a problem here (records written by older versions lack
fields); the JSON Schema (schema/record.schema.json, crawler.output.schema) is the full check.
"""

from __future__ import annotations

import json
import re

from crawler.output.layout import OutputLayout, is_duplicates_file

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")

# field -> (accepted types, what to say, optional pattern a string must match)
_STR = ((str,), "a string", None)
_DATE = ((str,), "an ISO date (YYYY-MM-DD…)", _DAY)
RECORD_FIELDS = {
    "url": _STR, "canonical_url": _STR, "site": _STR, "site_id": _STR, "site_type": _STR,
    "province": _STR, "province_2025": _STR, "title": _STR, "text": _STR, "published": _DATE,
    "author": _STR, "source": _STR, "images": ((list,), "a list of {url, caption}", None),
    "language": _STR, "topics": ((list,), "a list of strings", None),
    "word_count": ((int,), "a whole number", None), "content_hash": _STR, "crawled_at": _DATE,
    "schema_version": _STR,
}
DUPLICATE_FIELDS = {"url": _STR, "site": _STR, "content_hash": _STR, "duplicate_of": _STR,
                    "duplicate_of_hash": _STR, "crawled_at": _DATE}


class RecordTypeError(ValueError):
    """A record with a field of the wrong type: the message says where and which."""


def field_type_problem(record, fields=RECORD_FIELDS) -> str | None:
    """None when the record's fields have the types export and stats rely on, else why not."""
    if not isinstance(record, dict):
        return f"a line is {type(record).__name__}, not a JSON object"
    for name, (types, what, pattern) in fields.items():
        value = record.get(name)
        if value is None:
            continue
        if not isinstance(value, types) or isinstance(value, bool):
            return f"field {name!r} should be {what}, not {_shown(value)}"
        if pattern is not None and not pattern.match(value):
            return f"field {name!r} should be {what}, not {_shown(value)}"
    if fields is RECORD_FIELDS:
        for image in record.get("images") or ():
            if not isinstance(image, dict) or not all(isinstance(image.get(k), (str, type(None)))
                                                       for k in ("url", "caption")):
                return f"field 'images' should be a list of {{url, caption}}, not {_shown(record['images'])}"
        if not all(isinstance(topic, str) for topic in record.get("topics") or ()):
            return f"field 'topics' should be a list of strings, not {_shown(record['topics'])}"
    return None


def check_record(record, where: str = "a record", fields=RECORD_FIELDS) -> None:
    """Raise RecordTypeError naming `where` if the record has a field of the wrong type."""
    problem = field_type_problem(record, fields)
    if problem:
        raise RecordTypeError(f"{where}: {problem}")


def _shown(value) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:60] + "…"


def find_bad_record(out_dirs) -> str | None:
    """`FILE line N: field 'x' should be …` for the first record of the output folders with a
    field of the wrong type (duplicates.jsonl lines checked as such), or None."""
    for out_dir in out_dirs:
        for path in OutputLayout(out_dir).jsonl_files():
            fields = DUPLICATE_FIELDS if is_duplicates_file(path) else RECORD_FIELDS
            try:
                with open(path, encoding="utf-8", errors="replace") as f:
                    for number, line in enumerate(f, 1):
                        try:
                            record = json.loads(line)
                        except ValueError:
                            continue  # unreadable lines are skipped and counted by the readers
                        if not isinstance(record, dict):
                            continue
                        problem = field_type_problem(record, fields)
                        if problem:
                            return f"{path} line {number}: {problem}"
            except OSError:
                continue
    return None
