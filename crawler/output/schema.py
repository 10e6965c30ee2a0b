"""The record's JSON Schema (schema/record.schema.json) and validation against it.

    from crawler.output.schema import validate, errors
    validate(record)          # raises RecordError naming the first problem
    errors(record)            # every problem, as "field: message" strings ([] when valid)

The schema is draft 2020-12, checked with the `jsonschema` package; `format` is checked too
(URIs, date-times), on top of the patterns that pin `published` and `crawled_at` to
Vietnam time.
"""

from __future__ import annotations

import functools
import json
import os

from crawler.output.records import SCHEMA_VERSION

SCHEMA_PATH = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "schema", "record.schema.json")

__all__ = ["SCHEMA_PATH", "SCHEMA_VERSION", "RecordError", "load_schema", "validator", "errors", "validate"]


class RecordError(ValueError):
    """A record that does not follow the schema."""


@functools.cache
def load_schema() -> dict:
    with open(SCHEMA_PATH, encoding="utf-8") as f:
        return json.load(f)


@functools.cache
def validator():
    import jsonschema
    schema = load_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _where(error) -> str:
    return "/".join(str(part) for part in error.absolute_path) or "(record)"


def errors(record) -> list[str]:
    """Every way `record` departs from the schema, as 'field: message' lines."""
    found = sorted(validator().iter_errors(record), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    return [f"{_where(e)}: {e.message}" for e in found]


def validate(record) -> None:
    """Raise RecordError if `record` does not follow schema/record.schema.json."""
    problems = errors(record)
    if problems:
        raise RecordError("; ".join(problems))
