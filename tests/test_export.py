"""`crawler export`: the dated JSONL of real crawls merged into one Parquet, CSV or JSONL table.

The input is real: `crawler demo` run twice into one output folder (a copy of conftest's
shared demo run, then a second run with a fresh state so that articles are written again:
the case "a record seen again in a later run"), and conftest's crawl of the same sample
portals through a registry that gives them provinces. Tables are read back with pyarrow, the csv module and json.
"""

import csv
import glob
import json
import shutil
from collections import defaultdict

import pyarrow.parquet as pq
import pytest

from conftest import read_records, run_cli
from crawler.discovery.registry import fold
from crawler.output.records import RECORD_ORDER


def earliest_by_hash(records) -> dict:
    """content hash -> the record written first (what export keeps)."""
    by_hash = defaultdict(list)
    for r in records:
        by_hash[r["content_hash"]].append(r)
    return {h: min(rs, key=lambda r: r["crawled_at"]) for h, rs in by_hash.items()}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory, demo_run, registry_crawl):
    tmp = tmp_path_factory.mktemp("export")
    demo = tmp / "demo"
    assert demo_run.result.returncode == 0, demo_run.result.stderr[-3000:]
    shutil.copytree(demo_run.out, demo)
    again = run_cli("demo", "--out", demo, "--state", tmp / "fresh-state")  # a fresh state: articles written again
    assert again.returncode == 0, again.stderr[-3000:]
    return {"tmp": tmp, "demo": demo, "registry": registry_crawl}


def export(*args):
    result = run_cli("export", *args, timeout=120)
    assert result.returncode == 0, result.stderr
    return result


def read_parquet(path) -> list[dict]:
    return pq.read_table(path).to_pylist()


def read_csv(path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        row["images"] = json.loads(row["images"])
        row["topics"] = json.loads(row["topics"]) if row["topics"] else None
        row["word_count"] = int(row["word_count"])
        for key, value in row.items():
            if value == "":
                row[key] = None
    return rows


def read_jsonl(path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


READERS = {".parquet": read_parquet, ".csv": read_csv, ".jsonl": read_jsonl}


def test_the_demo_output_really_holds_articles_written_twice(outputs):
    records = read_records(outputs["demo"])
    distinct = len({r["content_hash"] for r in records})
    assert distinct >= 40 and len(records) >= distinct + 20


@pytest.mark.parametrize("ext", sorted(READERS))
def test_export_writes_one_row_per_article_in_each_format(outputs, ext, tmp_path):
    records = read_records(outputs["demo"])
    first = earliest_by_hash(records)
    target = tmp_path / f"articles{ext}"
    result = export(outputs["demo"], "--to", target)
    assert result.stdout.startswith(f"wrote {len(first)} articles to {target}")
    assert len(result.stdout.strip().splitlines()) == 1
    rows = READERS[ext](target)
    assert len(rows) == len(first) >= 40
    assert len({r["content_hash"] for r in rows}) == len(rows)
    assert len({r["url"] for r in rows}) == len(rows)
    for row in rows:
        kept = first[row["content_hash"]]
        for name in RECORD_ORDER:
            assert row[name] == kept[name], (name, row["url"])
        assert list(row)[: len(RECORD_ORDER)] == list(RECORD_ORDER)


def test_parquet_columns_have_analysis_types(outputs, tmp_path):
    target = tmp_path / "a.parquet"
    export(outputs["demo"], "--to", target)
    schema = pq.read_schema(target)
    assert str(schema.field("word_count").type) == "int64"
    assert str(schema.field("images").type) == "list<element: struct<url: string, caption: string>>"
    assert str(schema.field("topics").type) == "list<element: string>"
    assert str(schema.field("published").type) == "string"


def test_folders_merge_keeping_the_earliest_copy(outputs, tmp_path):
    records = read_records(outputs["demo"]) + read_records(outputs["registry"])
    first = earliest_by_hash(records)
    target = tmp_path / "both.jsonl"
    export(outputs["demo"], outputs["registry"], "--to", target)
    rows = read_jsonl(target)
    assert len(rows) == len(first)
    assert {(r["content_hash"], r["crawled_at"], r["url"]) for r in rows} == \
        {(h, r["crawled_at"], r["url"]) for h, r in first.items()}


def test_site_filter_takes_a_host_or_a_registry_id(outputs, tmp_path):
    first = earliest_by_hash(read_records(outputs["demo"]))
    site = sorted({r["site"] for r in first.values()})[1]
    export(outputs["demo"], "--to", tmp_path / "s.jsonl", "--site", site)
    rows = read_jsonl(tmp_path / "s.jsonl")
    assert len(rows) == sum(1 for r in first.values() if r["site"] == site) > 0
    registered = earliest_by_hash(read_records(outputs["registry"]))
    export(outputs["registry"], "--to", tmp_path / "q.jsonl", "--site", "qbtv", "--site", "baosoctrang")
    rows = read_jsonl(tmp_path / "q.jsonl")
    assert {r["site_id"] for r in rows} == {"qbtv", "baosoctrang"}
    assert len(rows) == sum(1 for r in registered.values() if r["site_id"] in ("qbtv", "baosoctrang"))


@pytest.mark.parametrize("name", ["Quảng Bình", "quang binh", "QUẢNG TRỊ", "tỉnh Quảng Trị", "can tho"])
def test_province_filter_takes_old_or_2025_names_without_accents(outputs, tmp_path, name):
    registered = earliest_by_hash(read_records(outputs["registry"]))
    wanted = [r for r in registered.values() if fold(name) in (fold(r["province"]), fold(r["province_2025"]))]
    export(outputs["registry"], "--to", tmp_path / "p.csv", "--province", name)
    rows = read_csv(tmp_path / "p.csv")
    assert len(rows) == len(wanted) > 0
    assert {r["content_hash"] for r in rows} == {r["content_hash"] for r in wanted}


def test_since_keeps_dated_articles_from_that_day_and_says_what_it_left_out(outputs, tmp_path):
    # a copy of the demo output with one more record, undated, in a later crawl-date folder
    out = tmp_path / "out"
    shutil.copytree(outputs["demo"], out)
    first = earliest_by_hash(read_records(out))
    undated = dict(next(iter(first.values())), url="http://127.0.0.99/undated", canonical_url="http://127.0.0.99/undated",
                   site="127.0.0.99", published=None, content_hash="f" * 40, crawled_at="2099-01-01T00:00:00+07:00")
    (out / "2099-01-01").mkdir()
    (out / "2099-01-01" / "127.0.0.99.jsonl").write_text(json.dumps(undated, ensure_ascii=False) + "\n")
    result = export(out, "--to", tmp_path / "all.jsonl")
    assert result.stdout.startswith(f"wrote {len(first) + 1} articles")

    result = export(out, "--to", tmp_path / "since.parquet", "--since", "2022-01-01")
    rows = read_parquet(tmp_path / "since.parquet")
    expected = [r for r in first.values() if r["published"][:10] >= "2022-01-01"]
    assert 0 < len(rows) == len(expected) < len(first)
    assert all(r["published"] >= "2022-01-01" for r in rows)
    assert "left out 1 articles with no published date" in result.stdout


def test_a_torn_last_line_is_skipped_and_reported(outputs, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(outputs["demo"], out)
    path = sorted(glob.glob(str(out / "*" / "127.0.0.1[0-9].jsonl")))[0]
    with open(path, "a", encoding="utf-8") as f:
        f.write('{"url": "http://127.0.0.11/half", "title": "Nửa')
    result = export(out, "--to", tmp_path / "t.jsonl")
    assert "1 unreadable lines skipped" in result.stdout
    assert len(read_jsonl(tmp_path / "t.jsonl")) == len(earliest_by_hash(read_records(outputs["demo"])))


@pytest.mark.parametrize("args, message", [
    (["{demo}", "--to", "{tmp}/a.xlsx"], "--to must end in .parquet, .csv or .jsonl"),
    (["{tmp}/no-such-folder", "--to", "{tmp}/a.csv"], "no such output folder"),
    (["{demo}", "--to", "{tmp}/a.csv", "--since", "2024-13-01"], "--since expects a date"),
    (["{demo}"], "--to"),
])
def test_usage_errors_are_one_line_and_exit_2(outputs, tmp_path, args, message):
    result = run_cli("export", *[a.format(demo=outputs["demo"], tmp=tmp_path) for a in args], timeout=60)
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not list(tmp_path.iterdir())
