"""`crawler export`: merge the dated JSONL files of one or more output folders into one table.

    crawler export OUT_DIR [OUT_DIR ...] --to FILE.parquet|FILE.csv|FILE.jsonl
                   [--since YYYY-MM-DD] [--site ID_OR_HOST] [--province NAME]

One row per article. The crawl already writes an article once (its state remembers content
hashes and URLs), but records can repeat across folders or after a run with a fresh state;
here a record whose content hash, URL or canonical URL was already read is dropped, keeping
the earliest `crawled_at`. Filters apply after that, so an article counts once whichever
filter is used.

`read_articles` is the reading half, shared with `crawler stats`.
"""

from __future__ import annotations

import csv
import datetime
import glob
import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from crawler.records import RECORD_ORDER

FORMATS = (".parquet", ".csv", ".jsonl")
EXTRA_FIELDS = ("topics",)  # optional fields, exported as columns whether present or not
COLUMNS = tuple(RECORD_ORDER) + tuple(f for f in EXTRA_FIELDS if f not in RECORD_ORDER)
LIST_FIELDS = ("images", "topics")  # JSON strings in CSV
DATE_DIR = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ExportError(Exception):
    """A problem with the command's arguments or input: one line, exit status 2."""


@dataclass
class ReadReport:
    folders: list[str] = field(default_factory=list)
    files: int = 0
    records: int = 0          # lines read as records
    repeats: int = 0          # records of an article already read (same hash, URL or canonical URL)
    unreadable: int = 0       # lines that are not a JSON record (a torn last line of a running crawl)
    duplicates_logged: list[dict] = field(default_factory=list)  # lines of duplicates.jsonl
    dates: list[str] = field(default_factory=list)  # crawl-date folders read


def record_files(out_dir: str) -> tuple[list[str], list[str], list[str]]:
    """(record files, duplicates.jsonl files, date folders) of an output folder.

    An output folder holds <YYYY-MM-DD>/<site>.jsonl; a single date folder works too.
    """
    if not os.path.isdir(out_dir):
        raise ExportError(f"no such output folder: {out_dir}")
    dates = sorted(d for d in os.listdir(out_dir) if DATE_DIR.match(d) and os.path.isdir(os.path.join(out_dir, d)))
    if dates:
        paths = [p for d in dates for p in sorted(glob.glob(os.path.join(out_dir, d, "*.jsonl")))]
    else:  # a date folder itself
        paths = sorted(glob.glob(os.path.join(out_dir, "*.jsonl")))
        if paths and DATE_DIR.match(os.path.basename(os.path.normpath(out_dir))):
            dates = [os.path.basename(os.path.normpath(out_dir))]
    records = [p for p in paths if os.path.basename(p) != "duplicates.jsonl"]
    duplicates = [p for p in paths if os.path.basename(p) == "duplicates.jsonl"]
    return records, duplicates, dates


def _json_lines(path: str, report: ReadReport):
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except ValueError:
                report.unreadable += 1
                continue
            if isinstance(value, dict):
                yield value
            else:
                report.unreadable += 1


def read_articles(out_dirs: list[str]) -> tuple[list[dict], ReadReport]:
    """Every article of the output folders, once each (earliest crawled_at first kept)."""
    report = ReadReport()
    found = []
    for out_dir in out_dirs:
        records, duplicates, dates = record_files(out_dir)
        report.folders.append(out_dir)
        report.dates += dates
        report.files += len(records)
        for path in records:
            for record in _json_lines(path, report):
                if not record.get("content_hash") and not record.get("url"):
                    report.unreadable += 1
                    continue
                found.append(record)
        for path in duplicates:
            report.duplicates_logged += list(_json_lines(path, report))
    report.records = len(found)
    report.dates = sorted(set(report.dates))
    # sorted() is stable: among equal times, folder, file and line order decide
    found.sort(key=lambda r: (r.get("crawled_at") is None, str(r.get("crawled_at") or "")))
    seen: set[tuple[str, str]] = set()
    articles = []
    for record in found:
        keys = {("hash", record.get("content_hash")), ("url", record.get("url")), ("url", record.get("canonical_url"))}
        keys = {k for k in keys if k[1]}
        if keys & seen:
            report.repeats += 1
            seen |= keys
            continue
        seen |= keys
        articles.append(record)
    return articles, report


# ---------------------------------------------------------------- filters

def _host(value: str) -> str:
    value = value.strip().lower()
    if "://" in value:
        value = urlsplit(value).hostname or value
    return value.removeprefix("www.").rstrip("/")


def _fold(text: str) -> str:
    from crawler.registry import fold
    return fold(text)


def filter_articles(articles: list[dict], since: str | None = None, sites: list[str] | None = None,
                    provinces: list[str] | None = None) -> tuple[list[dict], int]:
    """(kept articles, how many --since left out for having no published date)."""
    undated = 0
    if since:
        undated = sum(1 for a in articles if not a.get("published"))
        articles = [a for a in articles if a.get("published") and str(a["published"])[:10] >= since]
    if sites:
        wanted = {_host(s) for s in sites} | {s.strip() for s in sites}
        articles = [a for a in articles
                    if a.get("site_id") in wanted or _host(str(a.get("site") or "")) in wanted]
    if provinces:
        wanted = {_fold(p) for p in provinces}
        articles = [a for a in articles
                    if _fold(a.get("province") or "") in wanted or _fold(a.get("province_2025") or "") in wanted]
    return articles, undated


# ---------------------------------------------------------------- writers

def _row(record: dict) -> dict:
    return {name: record.get(name) for name in COLUMNS}


def _atomic(path: str, write, mode: str = "w") -> None:
    """Write through a temporary file in the same folder, then rename: no half file left."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".export-", suffix=os.path.splitext(path)[1])
    try:
        if mode == "w":
            with open(fd, "w", encoding="utf-8", newline="") as f:
                write(f)
        else:
            os.close(fd)
            write(tmp)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_jsonl(rows: list[dict], path: str) -> None:
    def write(f):
        for row in rows:
            f.write(json.dumps(_row(row), ensure_ascii=False) + "\n")
    _atomic(path, write)


def write_csv(rows: list[dict], path: str) -> None:
    """UTF-8 CSV, one header line; images and topics as JSON strings, null as an empty cell."""
    def cell(name, value):
        if value is None:
            return ""
        if name in LIST_FIELDS or isinstance(value, (list, dict)):
            return json.dumps(value, ensure_ascii=False)
        return value

    def write(f):
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([cell(name, row.get(name)) for name in COLUMNS])
    _atomic(path, write)


def arrow_table(rows: list[dict]):
    """The rows as a pyarrow Table: strings, word_count int64, images list<struct<url, caption>>,
    topics list<string>. `published` and `crawled_at` stay ISO strings, as in the JSONL
    (`published` is a date or a date-time)."""
    import pyarrow as pa
    types = {
        "word_count": pa.int64(),
        "images": pa.list_(pa.struct([("url", pa.string()), ("caption", pa.string())])),
        "topics": pa.list_(pa.string()),
    }
    columns, fields = [], []
    for name in COLUMNS:
        values = [row.get(name) for row in rows]
        kind = types.get(name)
        if kind is None:
            if any(isinstance(v, (list, dict)) for v in values):  # a field this module does not know yet
                values = [None if v is None else json.dumps(v, ensure_ascii=False) for v in values]
            elif any(isinstance(v, bool) for v in values):
                kind = pa.bool_()
            elif any(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
                kind = pa.float64() if any(isinstance(v, float) for v in values) else pa.int64()
            kind = kind or pa.string()
            if kind == pa.string():
                values = [None if v is None else str(v) for v in values]
        if name == "images":
            values = [[{"url": i.get("url"), "caption": i.get("caption")} for i in v] if isinstance(v, list) else v
                      for v in values]
        columns.append(pa.array(values, type=kind))
        fields.append(pa.field(name, kind))
    return pa.Table.from_arrays(columns, schema=pa.schema(fields))


def write_parquet(rows: list[dict], path: str) -> None:
    try:
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        raise ExportError("writing Parquet needs pyarrow: pip install pyarrow") from None
    table = arrow_table(rows)
    _atomic(path, lambda tmp: pq.write_table(table, tmp, compression="zstd"), mode="b")


WRITERS = {".parquet": write_parquet, ".csv": write_csv, ".jsonl": write_jsonl}


def export(out_dirs: list[str], to: str, since: str | None = None, sites: list[str] | None = None,
           provinces: list[str] | None = None) -> dict:
    """Read, merge, filter and write; returns what happened (counts)."""
    ext = os.path.splitext(to)[1].lower()
    if ext not in WRITERS:
        raise ExportError(f"--to must end in .parquet, .csv or .jsonl, got {to!r}")
    for out_dir in out_dirs:
        if not os.path.isdir(out_dir):
            raise ExportError(f"no such output folder: {out_dir}")
    articles, report = read_articles(out_dirs)
    rows, undated = filter_articles(articles, since=since, sites=sites, provinces=provinces)
    rows.sort(key=lambda r: (str(r.get("site") or ""), str(r.get("published") or ""), str(r.get("url") or "")))
    try:
        WRITERS[ext](rows, to)
    except OSError as exc:
        raise ExportError(f"cannot write {to}: {exc.strerror or exc}") from None
    return {"written": len(rows), "to": to, "records_read": report.records, "repeats": report.repeats,
            "unreadable": report.unreadable, "undated_left_out": undated if since else 0,
            "articles": len(articles), "files": report.files}


def check_since(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise ExportError(f"--since expects a date YYYY-MM-DD, got {value!r}") from None


def usage_error(message: str) -> int:
    """One line on stderr and exit status 2, as crawler.cli reports a usage error."""
    print(f"crawler: error: {message}", file=sys.stderr)
    return 2


def export_command(args) -> int:
    try:
        result = export(args.out_dirs, args.to, since=check_since(args.since), sites=args.site,
                        provinces=args.province)
    except ExportError as exc:
        return usage_error(str(exc))
    notes = [f"{result['records_read']} records read from {result['files']} files"]
    if result["repeats"]:
        notes.append(f"{result['repeats']} repeats of an article dropped")
    if result["unreadable"]:
        notes.append(f"{result['unreadable']} unreadable lines skipped")
    if result["undated_left_out"]:
        notes.append(f"--since left out {result['undated_left_out']} articles with no published date")
    print(f"wrote {result['written']} articles to {result['to']} ({'; '.join(notes)})")
    return 0


def add_export_parser(commands) -> None:
    export_parser = commands.add_parser(
        "export", help="merge the dated JSONL of output folders into one Parquet, CSV or JSONL table")
    export_parser.add_argument("out_dirs", nargs="+", metavar="OUT_DIR")
    export_parser.add_argument("--to", required=True, metavar="FILE",
                               help="FILE.parquet, FILE.csv or FILE.jsonl (format from the extension)")
    export_parser.add_argument("--since", help="only articles published on or after YYYY-MM-DD "
                               "(articles with no published date are left out)")
    export_parser.add_argument("--site", action="append", default=[], metavar="ID",
                               help="only this registry id or host (repeatable)")
    export_parser.add_argument("--province", action="append", default=[], metavar="NAME",
                               help="only this province, old or 2025 name, accents optional (repeatable)")


if __name__ == "__main__":  # pragma: no cover
    from crawler.cli import main
    sys.exit(main(["export", *sys.argv[1:]]))
