"""`crawler export` and `crawler stats` stream (issue 11): same rows as the in-memory version,
Parquet written in row groups, and files created with the process umask.

The input is a synthetic output folder pair written here (real files, read by real
`python -m crawler.cli` processes): 1,200 records over three crawl dates, with the cases
the merge must get right (the same article again in a later folder, the same URL with
another text, canonical-URL chains, undated and untimed records, a torn last line,
duplicates.jsonl). `reference()` is the previous implementation, which read every record
into a list; the streaming export must give exactly its rows in its order. Memory figures
are not asserted here (they depend on the machine): bench/export_memory.py measures them.
"""

import csv
import json
import os
import random
from collections import Counter, defaultdict

import pyarrow.parquet as pq
import pytest

from conftest import run_cli
from crawler.analysis.export import COLUMNS, record_files
from crawler.discovery.registry import fold
from crawler.analysis.stats import UNKNOWN, Stats, format_text

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROVINCES = ["Quảng Trị", "Cần Thơ", "Quảng Ngãi", None]
WORDS = "tỉnh ủy dân vận khéo nông thôn mới hội nghị triển khai cán bộ người dân đường giao thông".split()


def cli(*args, umask=None):
    return run_cli(*args, timeout=300, cwd=ROOT,
                   preexec_fn=(lambda: os.umask(umask)) if umask is not None else None)


def write_lines(path, records, tail=b""):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "ab") as f:
        for record in records:
            f.write((json.dumps(record, ensure_ascii=False) + "\n").encode())
        f.write(tail)


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    rng = random.Random(11)
    tmp = tmp_path_factory.mktemp("streaming")
    records = []
    for i in range(1200):
        site = f"portal{i % 7}.gov.vn"
        url = f"https://{site}/bai-{i}.html"
        province = PROVINCES[i % 4]
        records.append({
            "url": url, "canonical_url": url if i % 5 else f"https://{site}/c/{i // 2}",  # canonical chains
            "site": site, "site_id": f"p{i % 7}", "site_type": "portal", "province": province,
            "province_2025": province, "title": f"Bài {i}",
            "text": " ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 90))),
            "published": None if i % 13 == 0 else f"20{rng.randint(19, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "author": None, "source": None,
            "images": [{"url": f"https://{site}/{i}.jpg", "caption": "Ảnh"}] if i % 3 == 0 else [],
            "language": "vi", "topics": ["dân vận"] if i % 4 == 0 else [], "word_count": 40,
            "content_hash": f"{i:040x}",
            "crawled_at": None if i % 97 == 0 else f"2026-11-{1 + i % 3:02d}T08:{i % 60:02d}:00+07:00",
            "schema_version": "1.0",
        })
    a, b = tmp / "a", tmp / "b"
    for record in records[:900]:
        date = (record["crawled_at"] or "2026-11-01T")[:10]
        write_lines(a / date / f"{record['site']}.jsonl", [record])
    for record in records[900:]:
        write_lines(b / "2026-11-02" / f"{record['site']}.jsonl", [record])
    # written again: a later run with a fresh state, the same URL with a changed text, an earlier copy in b
    again = [dict(r, crawled_at="2026-11-05T09:00:00+07:00") for r in records[::10]]
    changed = [dict(r, content_hash="f" + r["content_hash"][1:], crawled_at="2026-11-06T09:00:00+07:00")
               for r in records[5::17]]
    earlier = [dict(r, crawled_at="2026-10-30T09:00:00+07:00", title="sớm hơn") for r in records[100:160]]
    write_lines(a / "2026-11-05" / "portal1.gov.vn.jsonl", again)
    write_lines(a / "2026-11-06" / "portal2.gov.vn.jsonl", changed, tail=b'{"url": "https://x/half", "ti')
    write_lines(b / "2026-10-30" / "portal3.gov.vn.jsonl", earlier)
    write_lines(a / "2026-11-01" / "duplicates.jsonl",
                [{"url": f"https://portal{i % 7}.gov.vn/copy-{i}", "site": f"portal{i % 7}.gov.vn"} for i in range(30)])
    return [a, b]


def reference(out_dirs, since=None, sites=(), provinces=()):
    """The rows of the previous, in-memory export (commit 2b0e5ef), and its duplicates lines."""
    found, duplicates = [], []
    for out_dir in out_dirs:
        paths, dupes, _ = record_files(str(out_dir))
        for path, into in [(p, found) for p in paths] + [(p, duplicates) for p in dupes]:
            with open(path, encoding="utf-8", errors="replace") as f:
                for line in f:
                    try:
                        value = json.loads(line)
                    except ValueError:
                        continue
                    if into is duplicates or value.get("content_hash") or value.get("url"):
                        into.append(value)
    found.sort(key=lambda r: (r.get("crawled_at") is None, str(r.get("crawled_at") or "")))
    seen, articles = set(), []
    for record in found:
        keys = {k for k in {("hash", record.get("content_hash")), ("url", record.get("url")),
                            ("url", record.get("canonical_url"))} if k[1]}
        if not keys & seen:
            articles.append(record)
        seen |= keys
    everything = articles
    if since:
        articles = [a for a in articles if a.get("published") and str(a["published"])[:10] >= since]
    if sites:
        articles = [a for a in articles if a.get("site_id") in sites or a.get("site") in sites]
    if provinces:
        wanted = {fold(p) for p in provinces}
        articles = [a for a in articles if fold(a.get("province") or "") in wanted]
    articles.sort(key=lambda r: (str(r.get("site") or ""), str(r.get("published") or ""), str(r.get("url") or "")))
    return [{name: a.get(name) for name in COLUMNS} for a in articles], everything, duplicates


def test_the_input_has_repeats_chains_and_a_torn_line(folders):
    rows, everything, _ = reference(folders)
    assert 1000 < len(rows) < 1200 + 60 and len(everything) == len(rows)


@pytest.mark.parametrize("filters", [[], ["--since", "2023-01-01"], ["--site", "p3", "--site", "portal5.gov.vn"],
                                     ["--province", "quang tri", "--since", "2021-06-01"]])
def test_parquet_in_row_groups_has_the_rows_of_the_in_memory_export(folders, tmp_path, filters):
    target = tmp_path / "x.parquet"
    result = cli("export", *folders, "--to", target, "--row-group-size", 100, *filters)
    assert result.returncode == 0, result.stderr
    since = filters[filters.index("--since") + 1] if "--since" in filters else None
    sites = [filters[i + 1] for i, a in enumerate(filters) if a == "--site"]
    provinces = [filters[i + 1] for i, a in enumerate(filters) if a == "--province"]
    expected, _, _ = reference(folders, since, sites, provinces)
    metadata = pq.ParquetFile(target).metadata
    assert metadata.num_rows == len(expected) > 100
    assert metadata.num_row_groups == -(-len(expected) // 100) > 1  # written a group at a time
    assert all(metadata.row_group(i).num_rows == 100 for i in range(metadata.num_row_groups - 1))
    assert pq.read_table(target).to_pylist() == expected
    assert result.stdout.startswith(f"wrote {len(expected)} articles")
    assert "1 unreadable lines skipped" in result.stdout


def test_csv_and_jsonl_have_the_rows_of_the_in_memory_export(folders, tmp_path):
    expected, _, _ = reference(folders)
    assert cli("export", *folders, "--to", tmp_path / "x.jsonl").returncode == 0
    with open(tmp_path / "x.jsonl", encoding="utf-8") as f:
        assert [json.loads(line) for line in f] == expected
    assert cli("export", *folders, "--to", tmp_path / "x.csv").returncode == 0
    with open(tmp_path / "x.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["url"], r["crawled_at"], r["title"]) for r in rows] == \
        [(e["url"], e["crawled_at"] or "", e["title"]) for e in expected]


def test_stats_counts_as_the_in_memory_version(folders):
    _, articles, duplicates = reference(folders)
    stats = Stats(folders=[str(f) for f in folders], dates=sorted({d for f in folders for d in record_files(str(f))[2]}),
                  articles=len(articles), duplicates=len(duplicates))
    per_site = defaultdict(lambda: {"articles": 0, "dated": 0, "duplicates": 0})
    groups = defaultdict(Counter)
    for a in articles:
        month = a["published"][:7] if a.get("published") else UNKNOWN
        per_site[a["site"]]["articles"] += 1
        per_site[a["site"]]["dated"] += month != UNKNOWN
        stats.dated += month != UNKNOWN
        stats.per_month[month] += 1
        groups[a.get("province_2025") or a.get("province") or a["site"]][month] += 1
    for d in duplicates:
        per_site[d["site"]]["duplicates"] += 1
    stats.per_site = dict(sorted(per_site.items()))
    stats.per_group_month = dict(sorted(groups.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])))
    stats.grouped_by_province = True
    stats.repeats = sum(1 for f in folders for p in record_files(str(f))[0] for line in open(p, encoding="utf-8")
                        if line.endswith("\n")) - len(articles)
    result = cli("stats", *folders)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == format_text(stats)


@pytest.mark.parametrize("umask", [0o022, 0o002])
def test_exports_and_the_html_report_are_created_with_the_umask(folders, tmp_path, umask):
    for name in ("x.parquet", "x.csv", "x.jsonl"):
        assert cli("export", *folders, "--to", tmp_path / name, umask=umask).returncode == 0
    assert cli("stats", *folders, "--html", tmp_path / "report.html", umask=umask).returncode == 0
    modes = {p.name: oct(p.stat().st_mode & 0o777) for p in tmp_path.iterdir()}
    assert modes == {name: oct(0o666 & ~umask) for name in ("x.parquet", "x.csv", "x.jsonl", "report.html")}
