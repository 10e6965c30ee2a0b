"""`crawler export`: merge the dated JSONL files of one or more output folders into one table.

    crawler export OUT_DIR [OUT_DIR ...] --to FILE.parquet|FILE.csv|FILE.jsonl
                   [--since YYYY-MM-DD] [--site ID_OR_HOST] [--province NAME]

One row per article. The crawl already writes an article once (its state remembers content
hashes and URLs), but records can repeat across folders or after a run with a fresh state;
here a record whose content hash, URL or canonical URL was already read is dropped, keeping
the earliest `crawled_at`. Filters apply after that, so an article counts once whichever
filter is used.

Streaming: records are read one line at a time into an index on disk (`ArticleIndex`, a
temporary SQLite file) that sorts them, keeps the earliest copy of each article and counts;
the kept records are then read back one by one and written as they come (Parquet in row
groups). Memory does not grow with the number of records. `ArticleIndex` is the reading
half, shared with `crawler stats`.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import os
import sqlite3
import sys
import tempfile
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from crawler.clock import since_day
from crawler.output.layout import DATE_DIR, OutputLayout, is_duplicates_file
from crawler.output.records import RECORD_ORDER

FORMATS = (".parquet", ".csv", ".jsonl")
EXTRA_FIELDS = ("topics",)  # optional fields, exported as columns whether present or not
COLUMNS = tuple(RECORD_ORDER) + tuple(f for f in EXTRA_FIELDS if f not in RECORD_ORDER)
LIST_FIELDS = ("images", "topics")  # JSON strings in CSV


class ExportError(Exception):
    """A problem with the command's arguments or input: one line, exit status 2."""


@dataclass
class ReadReport:
    folders: list[str] = field(default_factory=list)
    files: int = 0
    records: int = 0          # lines read as records
    repeats: int = 0          # records of an article already read (same hash, URL or canonical URL)
    unreadable: int = 0       # lines that are not a JSON record (a torn last line of a running crawl)
    duplicates: int = 0       # lines of duplicates.jsonl
    duplicates_per_site: Counter = field(default_factory=Counter)
    dates: list[str] = field(default_factory=list)  # crawl-date folders read


def record_files(out_dir: str) -> tuple[list[str], list[str], list[str]]:
    """(record files, duplicates.jsonl files, date folders) of an output folder.

    An output folder holds <YYYY-MM-DD>/<site>.jsonl (crawler.output.layout); a single date
    folder works too.
    """
    if not os.path.isdir(out_dir):
        raise ExportError(f"no such output folder: {out_dir}")
    layout = OutputLayout(out_dir)
    dates = layout.dates()
    paths = layout.jsonl_files()
    if not dates and paths and DATE_DIR.match(os.path.basename(os.path.normpath(out_dir))):
        dates = [os.path.basename(os.path.normpath(out_dir))]  # a date folder itself
    records = [p for p in paths if not is_duplicates_file(p)]
    duplicates = [p for p in paths if is_duplicates_file(p)]
    return records, duplicates, dates


def _parse(line: bytes):
    """A JSON line as a dict, or None (not JSON, or not an object)."""
    try:
        value = json.loads(line.decode("utf-8", "replace"))
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _lines(path: str):
    """(offset, line) of every non-blank line of a file, read one line at a time."""
    offset = 0
    with open(path, "rb") as f:
        for line in f:
            if line.strip():
                yield offset, line
            offset += len(line)


def _key(kind: bytes, value) -> bytes | None:
    """A 16-byte digest standing for ("hash" | "url", value) in the on-disk set of keys read."""
    if not value:
        return None
    text = value if isinstance(value, str) else "\0" + json.dumps(value, sort_keys=True, default=str)
    return hashlib.blake2b(kind + text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


_NESTED, _BOOL, _NUMBER, _FLOAT = 1, 2, 4, 8
TYPED = ("word_count", "images", "topics")  # columns whose Parquet type is fixed
UNTYPED = tuple(name for name in COLUMNS if name not in TYPED)


def _kinds(record: dict) -> str | None:
    """What non-string values the record has in untyped columns ("name:flags,..."), usually None."""
    found = []
    for name in UNTYPED:
        value = record.get(name)
        if value is None or type(value) is str:
            continue
        flags = 0
        if isinstance(value, (list, dict)):
            flags |= _NESTED
        if isinstance(value, bool):
            flags |= _BOOL
        elif isinstance(value, (int, float)):
            flags |= _NUMBER | (_FLOAT if isinstance(value, float) else 0)
        if flags:
            found.append(f"{name}:{flags}")
    return ",".join(found) or None


_SCHEMA = """
CREATE TABLE recs (
    seq INTEGER PRIMARY KEY,  -- read order: folder, file, line
    file INTEGER NOT NULL, offset INTEGER NOT NULL, length INTEGER NOT NULL,
    no_time INTEGER NOT NULL, crawled TEXT NOT NULL,         -- the order in which copies are kept
    k_hash BLOB, k_url BLOB, k_canonical BLOB,                -- digests of the keys of an article
    o_site TEXT NOT NULL, o_published TEXT NOT NULL, o_url TEXT NOT NULL,  -- the output order
    passes INTEGER NOT NULL, undated INTEGER NOT NULL, kinds TEXT,
    s_site TEXT, s_month TEXT, s_group TEXT, has_province INTEGER NOT NULL  -- for crawler stats
);
CREATE TABLE seen (key BLOB PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE kept (seq INTEGER PRIMARY KEY);
"""
BATCH = 5000


class ArticleIndex:
    """The records of output folders, read one line at a time into a temporary SQLite file
    (in $TMPDIR): for each line its file and offset, the keys that make two records one
    article, and the few fields that order, filter and count them; never the records
    themselves. Sorting, keeping the earliest copy of each article (the set of keys read is
    a table on disk) and counting are done there, so memory stays flat however many records
    there are; `articles()` then reads the kept records back from their files, in order.

    A record whose content hash, URL or canonical URL was already read (in the order of
    `crawled_at`, then folder, file and line) is a repeat and dropped; its keys still count
    as read. Filters (`since`, `sites`, `provinces`) apply to the articles kept."""

    def __init__(self, out_dirs: list[str], since: str | None = None, sites: list[str] | None = None,
                 provinces: list[str] | None = None):
        self.report = ReadReport()
        self.since, self.filtered = since, bool(since or sites or provinces)
        self.sites = ({_host(s) for s in sites} | {s.strip() for s in sites}) if sites else None
        self.provinces = {_fold(p) for p in provinces} if provinces else None
        self.tmp = tempfile.TemporaryDirectory(prefix="crawler-index-")
        self.db = sqlite3.connect(os.path.join(self.tmp.name, "index.sqlite"), isolation_level=None)
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "temp_store=FILE", "cache_size=-16000"):
            self.db.execute(f"PRAGMA {pragma}")
        self.db.executescript(_SCHEMA)
        self.paths: list[str] = []
        try:
            self._scan(out_dirs)
            self._keep_first()
        except BaseException:
            self.close()
            raise

    # -- reading
    def _passes(self, record: dict) -> bool:
        if self.since and not (record.get("published") and str(record["published"])[:10] >= self.since):
            return False
        if self.sites is not None and not (record.get("site_id") in self.sites
                                           or _host(str(record.get("site") or "")) in self.sites):
            return False
        if self.provinces is not None and not (_fold(record.get("province") or "") in self.provinces
                                               or _fold(record.get("province_2025") or "") in self.provinces):
            return False
        return True

    def _scan(self, out_dirs: list[str]) -> None:
        report = self.report
        rows = []
        seq = 0
        self.db.execute("BEGIN")
        for out_dir in out_dirs:
            records, duplicates, dates = record_files(out_dir)
            report.folders.append(out_dir)
            report.dates += dates
            report.files += len(records)
            for path in records:
                file_no = len(self.paths)
                self.paths.append(path)
                for offset, line in _lines(path):
                    record = _parse(line)
                    if record is None or (not record.get("content_hash") and not record.get("url")):
                        report.unreadable += 1
                        continue
                    seq += 1
                    crawled, published, site = record.get("crawled_at"), record.get("published"), record.get("site")
                    province = record.get("province_2025") or record.get("province")
                    rows.append((
                        seq, file_no, offset, len(line), crawled is None, str(crawled or ""),
                        _key(b"hash", record.get("content_hash")), _key(b"url", record.get("url")),
                        _key(b"url", record.get("canonical_url")),
                        str(site or ""), str(published or ""), str(record.get("url") or ""),
                        self._passes(record), not published, _kinds(record),
                        str(site) if site else None, str(published)[:7] if published else None,
                        str(province or site) if province or site else None, bool(province),
                    ))
                    if len(rows) >= BATCH:
                        self._insert(rows)
            for path in duplicates:
                for _, line in _lines(path):
                    value = _parse(line)
                    if value is None:
                        report.unreadable += 1
                        continue
                    report.duplicates += 1
                    report.duplicates_per_site[value.get("site") or None] += 1
        self._insert(rows)
        self.db.execute("COMMIT")
        report.records = seq
        report.dates = sorted(set(report.dates))

    def _insert(self, rows: list) -> None:
        self.db.executemany(f"INSERT INTO recs VALUES ({','.join('?' * 19)})", rows)
        rows.clear()

    def _keep_first(self) -> None:
        """Walk the records in crawled_at order and keep those none of whose keys was read before."""
        insert = self.db.cursor()
        kept = []
        self.db.execute("BEGIN")
        rows = self.db.execute("SELECT seq, k_hash, k_url, k_canonical FROM recs ORDER BY no_time, crawled, seq")
        while batch := rows.fetchmany(1000):
            for seq, *keys in batch:
                keys = {k for k in keys if k is not None}
                new = 0
                for key in keys:
                    insert.execute("INSERT OR IGNORE INTO seen VALUES (?)", (key,))
                    new += insert.rowcount
                if new == len(keys):
                    kept.append((seq,))
                else:
                    self.report.repeats += 1
            if len(kept) >= BATCH:
                insert.executemany("INSERT INTO kept VALUES (?)", kept)
                kept.clear()
        insert.executemany("INSERT INTO kept VALUES (?)", kept)
        self.db.execute("DELETE FROM seen")
        self.db.execute("COMMIT")

    # -- what was kept
    def count(self, where: str = "1") -> int:
        return self.db.execute(f"SELECT count(*) FROM kept JOIN recs USING (seq) WHERE {where}").fetchone()[0]

    def query(self, sql: str):
        """Rows of a query over the kept articles, `A` standing for them (kept JOIN recs)."""
        return self.db.execute(sql.replace("FROM A", "FROM kept JOIN recs USING (seq)"))

    def column_kinds(self) -> dict[str, int]:
        """Flags of the non-string values the exported rows have in untyped columns."""
        found: dict[str, int] = {}
        for (kinds,) in self.query("SELECT DISTINCT kinds FROM A WHERE passes AND kinds IS NOT NULL"):
            for item in kinds.split(","):
                name, flags = item.rsplit(":", 1)
                found[name] = found.get(name, 0) | int(flags)
        return found

    def articles(self):
        """The kept articles that pass the filters, as records, ordered by site, published, URL
        (then as read); each read again from its file by offset."""
        handles: OrderedDict[int, int] = OrderedDict()
        try:
            for file_no, offset, length in self.query(
                    "SELECT file, offset, length FROM A WHERE passes "
                    "ORDER BY o_site, o_published, o_url, no_time, crawled, seq"):
                fd = handles.pop(file_no, None)
                if fd is None:
                    fd = os.open(self.paths[file_no], os.O_RDONLY)
                    if len(handles) >= 64:
                        os.close(handles.popitem(last=False)[1])
                handles[file_no] = fd
                record = _parse(os.pread(fd, length, offset))
                if record is None:
                    raise ExportError(f"{self.paths[file_no]} changed while it was read")
                yield record
        finally:
            for fd in handles.values():
                os.close(fd)

    def close(self) -> None:
        self.db.close()
        self.tmp.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# ---------------------------------------------------------------- filters

@functools.lru_cache(maxsize=4096)
def _host(value: str) -> str:
    value = value.strip().lower()
    if "://" in value:
        value = urlsplit(value).hostname or value
    return value.removeprefix("www.").rstrip("/")


@functools.lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    from crawler.discovery.registry import fold
    return fold(text)


# ---------------------------------------------------------------- writers

ROW_GROUP_ROWS = 10000          # rows per Parquet row group at most (--row-group-size) ...
ROW_GROUP_TEXT = 4 * 1024 * 1024  # ... and fewer once their text reaches this many characters
DICTIONARY_COLUMNS = ["site", "site_id", "site_type", "province", "province_2025", "language", "author",
                      "source", "schema_version"]  # few distinct values: dictionary-encoded in Parquet


def _row(record: dict) -> dict:
    return {name: record.get(name) for name in COLUMNS}


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _atomic(path: str, write, mode: str = "w") -> None:
    """Write through a temporary file in the same folder, then rename: no half file left.
    The file gets the permissions of a newly created one (0666 less the umask), not mkstemp's 0600."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".export-", suffix=os.path.splitext(path)[1])
    try:
        os.fchmod(fd, 0o666 & ~_umask())
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


def write_jsonl(rows, path: str, **_) -> int:
    """Rows (any iterable of records) one per line, as they come; returns how many."""
    count = 0

    def write(f):
        nonlocal count
        for row in rows:
            f.write(json.dumps(_row(row), ensure_ascii=False) + "\n")
            count += 1
    _atomic(path, write)
    return count


def write_csv(rows, path: str, **_) -> int:
    """UTF-8 CSV, one header line; images and topics as JSON strings, null as an empty cell."""
    count = 0

    def cell(name, value):
        if value is None:
            return ""
        if name in LIST_FIELDS or isinstance(value, (list, dict)):
            return json.dumps(value, ensure_ascii=False)
        return value

    def write(f):
        nonlocal count
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([cell(name, row.get(name)) for name in COLUMNS])
            count += 1
    _atomic(path, write)
    return count


def _kinds_of(rows: list[dict]) -> dict[str, int]:
    """The flags ArticleIndex.column_kinds gives, for rows in memory."""
    found: dict[str, int] = {}
    for row in rows:
        for item in (_kinds(row) or "").split(","):
            if item:
                name, flags = item.rsplit(":", 1)
                found[name] = found.get(name, 0) | int(flags)
    return found


def arrow_schema(kinds: dict[str, int]):
    """The Parquet schema: strings, except word_count int64, images list<struct<url, caption>>,
    topics list<string>; a column this module does not know the type of is bool, int64 or
    float64 when its values are, JSON text when they are lists or objects (`kinds`: the
    flags of the values, from ArticleIndex.column_kinds)."""
    import pyarrow as pa
    types = {
        "word_count": pa.int64(),
        "images": pa.list_(pa.struct([("url", pa.string()), ("caption", pa.string())])),
        "topics": pa.list_(pa.string()),
    }
    fields = []
    for name in COLUMNS:
        kind = types.get(name)
        if kind is None:
            flags = kinds.get(name, 0)
            if flags & _NESTED:
                kind = pa.string()
            elif flags & _BOOL:
                kind = pa.bool_()
            elif flags & _NUMBER:
                kind = pa.float64() if flags & _FLOAT else pa.int64()
            else:
                kind = pa.string()
        fields.append(pa.field(name, kind))
    return pa.schema(fields)


def arrow_table(rows: list[dict], schema=None):
    """The rows as a pyarrow Table of `schema` (by default the one their values call for).
    `published` and `crawled_at` stay ISO strings, as in the JSONL (`published` is a date or a
    date-time)."""
    import pyarrow as pa
    schema = schema if schema is not None else arrow_schema(_kinds_of(rows))
    columns = []
    for field_ in schema:
        name, kind = field_.name, field_.type
        values = [row.get(name) for row in rows]
        if name == "images":
            values = [[{"url": i.get("url"), "caption": i.get("caption")} for i in v] if isinstance(v, list) else v
                      for v in values]
        elif kind == pa.string():
            values = [None if v is None else v if type(v) is str
                      else json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else str(v)
                      for v in values]
        columns.append(pa.array(values, type=kind))
    return pa.Table.from_arrays(columns, schema=schema)


def write_parquet(rows, path: str, kinds: dict[str, int] | None = None,
                  row_group_size: int = ROW_GROUP_ROWS) -> int:
    """Rows into Parquet (zstd) one row group at a time: `row_group_size` rows, or fewer once
    their text reaches ROW_GROUP_TEXT characters, so only one group is ever in memory. `kinds`
    fixes the schema beforehand (ArticleIndex.column_kinds); without it `rows` is read into
    a list."""
    try:
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        raise ExportError("writing Parquet needs pyarrow: pip install pyarrow") from None
    if kinds is None:
        rows = list(rows)
        kinds = _kinds_of(rows)
    schema = arrow_schema(kinds)
    count = 0

    def write(tmp):
        nonlocal count
        with pq.ParquetWriter(tmp, schema, compression="zstd", use_dictionary=DICTIONARY_COLUMNS) as writer:
            group, size = [], 0
            for row in rows:
                group.append(row)
                text = row.get("text")
                size += (len(text) if isinstance(text, str) else 0) + 256
                if len(group) >= row_group_size or size >= ROW_GROUP_TEXT:
                    writer.write_table(arrow_table(group, schema), row_group_size=len(group))
                    count += len(group)
                    group, size = [], 0
            if group:
                writer.write_table(arrow_table(group, schema), row_group_size=len(group))
                count += len(group)
    _atomic(path, write, mode="b")
    return count


WRITERS = {".parquet": write_parquet, ".csv": write_csv, ".jsonl": write_jsonl}


def export(out_dirs: list[str], to: str, since: str | None = None, sites: list[str] | None = None,
           provinces: list[str] | None = None, row_group_size: int = ROW_GROUP_ROWS) -> dict:
    """Read, merge, filter and write, streaming (see ArticleIndex); returns what happened (counts)."""
    ext = os.path.splitext(to)[1].lower()
    if ext not in WRITERS:
        raise ExportError(f"--to must end in .parquet, .csv or .jsonl, got {to!r}")
    if row_group_size < 1:
        raise ExportError("--row-group-size must be a positive number")
    for out_dir in out_dirs:
        if not os.path.isdir(out_dir):
            raise ExportError(f"no such output folder: {out_dir}")
    with ArticleIndex(out_dirs, since=since, sites=sites, provinces=provinces) as index:
        report = index.report
        articles = index.count()
        undated = index.count("undated") if since else 0
        extra = {"kinds": index.column_kinds(), "row_group_size": row_group_size} if ext == ".parquet" else {}
        try:
            written = WRITERS[ext](index.articles(), to, **extra)
        except OSError as exc:
            raise ExportError(f"cannot write {to}: {exc.strerror or exc}") from None
    return {"written": written, "to": to, "records_read": report.records, "repeats": report.repeats,
            "unreadable": report.unreadable, "undated_left_out": undated,
            "articles": articles, "files": report.files}


def check_since(value: str | None) -> str | None:
    try:
        return since_day(value)
    except ValueError as exc:
        raise ExportError(str(exc)) from None


def usage_error(message: str) -> int:
    """One line on stderr and exit status 2, as crawler.cli reports a usage error."""
    print(f"crawler: error: {message}", file=sys.stderr)
    return 2


def export_command(args) -> int:
    try:
        result = export(args.out_dirs, args.to, since=check_since(args.since), sites=args.site,
                        provinces=args.province, row_group_size=args.row_group_size)
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
    export_parser.add_argument("--row-group-size", type=int, default=ROW_GROUP_ROWS, metavar="N",
                               help=f"Parquet: rows per row group (default {ROW_GROUP_ROWS}; "
                                    "fewer once their text reaches 4 M characters)")

