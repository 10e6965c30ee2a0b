"""schema/record.schema.json: every record a real crawl writes follows it, and it refuses what it should.

Two crawls of the bundled sample portals, in subprocesses (conftest's, shared with other
files): `crawler demo` (portals crawled by URL: registry fields null) and `crawler crawl
--registry --all` with a registry naming the five portals (registry fields filled). Every
line of every record file is validated.
"""

import copy
import glob
import json
import os
import re

import pytest

from conftest import SAMPLE_REGISTRY, record_files, run_cli
from crawler.output.records import RECORD_ORDER, SCHEMA_VERSION
from crawler.output.schema import RecordError, errors, load_schema, validate, validator

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def record_lines(out) -> list[tuple[str, int, dict]]:
    """(file, line number, record) of every record under `out`."""
    lines = []
    for path in record_files(out):
        with open(path, encoding="utf-8") as f:
            lines += [(path, n, json.loads(line)) for n, line in enumerate(f, 1)]
    return lines


@pytest.fixture(scope="module")
def crawled(demo_run, registry_crawl):
    assert demo_run.result.returncode == 0, demo_run.result.stderr[-3000:]
    return {"demo": record_lines(demo_run.out), "registry": record_lines(registry_crawl)}


def test_the_schema_is_valid_draft_2020_12_and_matches_the_record():
    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    validator()  # check_schema runs here
    optional = {"topics"}  # absent in records written before it existed
    assert set(schema["required"]) == set(RECORD_ORDER) - optional
    assert set(schema["properties"]) == set(RECORD_ORDER) | optional
    assert schema["properties"]["schema_version"]["const"] == SCHEMA_VERSION
    for name, prop in schema["properties"].items():
        assert prop.get("description"), f"{name} has no description"


def test_the_readme_documents_every_field_and_points_to_the_schema():
    readme = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    section = readme.split("### Record schema", 1)[1].split("\n## ", 1)[0]
    assert "schema/record.schema.json" in section
    for name in load_schema()["properties"]:
        assert f"| `{name}` |" in section, name


def test_every_record_of_a_real_crawl_validates(crawled):
    for kind in ("demo", "registry"):
        lines = crawled[kind]
        assert len(lines) >= 40, kind
        for path, number, record in lines:
            assert errors(record) == [], f"{path}:{number}"
            assert record["schema_version"] == SCHEMA_VERSION
    # the two crawls exercise both sides of the registry fields' "string or null"
    assert all(r["site_id"] is None and r["province"] is None for _, _, r in crawled["demo"])
    assert all(r["site_id"] in SAMPLE_REGISTRY and r["province_2025"] for _, _, r in crawled["registry"])
    everything = [r for kind in crawled for _, _, r in crawled[kind]]
    assert any("T" in (r["published"] or "") for r in everything)
    assert any(r["images"] for r in everything)
    assert any(r["author"] is None for r in everything) and any(r["author"] for r in everything)


@pytest.fixture()
def good(crawled):
    record = next(r for _, _, r in crawled["registry"] if r["images"])
    return copy.deepcopy(record)


BAD = {
    "missing field": lambda r: r.pop("crawled_at"),
    "missing schema_version": lambda r: r.pop("schema_version"),
    "unknown field": lambda r: r.update(body="…"),
    "url not http": lambda r: r.update(url="ftp://example.org/a"),
    "null site": lambda r: r.update(site=None),
    "empty text": lambda r: r.update(text=""),
    "title null": lambda r: r.update(title=None),
    "published in UTC": lambda r: r.update(published="2024-06-25T06:30:00Z"),
    "published day-first": lambda r: r.update(published="25/06/2024"),
    "published with microseconds": lambda r: r.update(published="2024-06-25T13:30:00.5+07:00"),
    "crawled_at date only": lambda r: r.update(crawled_at="2026-11-23"),
    "crawled_at other zone": lambda r: r.update(crawled_at="2026-11-23T08:00:00+00:00"),
    "short hash": lambda r: r.update(content_hash="abc123"),
    "upper-case hash": lambda r: r.update(content_hash=r["content_hash"].upper()),
    "null hash": lambda r: r.update(content_hash=None),
    "word_count string": lambda r: r.update(word_count="12"),
    "negative word_count": lambda r: r.update(word_count=-1),
    "images null": lambda r: r.update(images=None),
    "image without caption key": lambda r: r["images"][0].pop("caption"),
    "image extra key": lambda r: r["images"][0].update(width=300),
    "topics not a list": lambda r: r.update(topics="politics"),
    "topics with a number": lambda r: r.update(topics=["dân vận", 3]),
    "empty author": lambda r: r.update(author=""),
    "site_id number": lambda r: r.update(site_id=12),
    "other schema_version": lambda r: r.update(schema_version="0.9"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_the_schema_refuses(good, case):
    validate(good)
    BAD[case](good)
    with pytest.raises(RecordError):
        validate(good)
    assert errors(good)


@pytest.mark.parametrize("change", [
    lambda r: r.update(topics=[]),
    lambda r: r.update(topics=["dân vận", "nông thôn mới"]),
    lambda r: r.update(published=None, author=None, source=None, language=None, images=[]),
    lambda r: r.update(published="2024-06-25"),
    lambda r: r["images"][0].update(caption=None),
])
def test_the_schema_accepts(good, change):
    change(good)
    validate(good)


def test_errors_name_the_field(good):
    good["published"] = "yesterday"
    good["images"][0]["url"] = 5
    problems = errors(good)
    assert any(p.startswith("published:") for p in problems)
    assert any(p.startswith("images/0/url:") for p in problems)
    assert re.search(r"does not match", " ".join(problems))


def test_crawler_extract_prints_a_valid_record_with_the_registry_fields_of_its_host():
    page = sorted(glob.glob(os.path.join(os.path.dirname(__file__), "fixtures", "seed_pages", "*.html")))[0]
    url = "https://qbtv.vn/tin-tuc/dan-van/bai-viet-12345.html"
    result = run_cli("extract", page, "--url", url, timeout=120)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert "reason" not in record
    validate(record)
    assert (record["site_id"], record["province"], record["province_2025"]) == ("qbtv", "Quảng Bình", "Quảng Trị")
    assert list(record) == [key for key in RECORD_ORDER if key in record]
