"""A user never sees a Python traceback (issue 11): bad input is refused with one line naming
it and what to do, and a non-zero exit; failures of the portals or the disk are one line.

Every test runs the real command (`python -m crawler.cli …`) on real files; servers, when
needed, on 127.0.0.1. A refused connection is a closed port on 127.0.0.1; a DNS failure is
a host under the reserved `.invalid` TLD, which never resolves (no network needed).
"""

import argparse
import fcntl
import glob
import json
import os
import re
import shutil
import socket
import sqlite3

import pytest

from conftest import fast, run_cli
from crawler.sample_portals import serve_portals

SETTINGS = fast(RETRY_TIMES=0, LOG_LEVEL=None)  # the default log level: what a user sees


def crawler(*args, timeout=300):
    return run_cli(*args, timeout=timeout)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def one_line(result, *words):
    """The command failed with exit 2 and one line on stderr holding every word."""
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2, result.stderr[-3000:]
    assert len(lines) == 1 and lines[0].startswith("crawler: error: "), result.stderr[-3000:]
    assert all(word in lines[0] for word in words), lines[0]
    assert lines[0].isprintable()
    return lines[0]


# ---------------------------------------------------------------- a damaged state folder

def _real_store(path):
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE t (x TEXT)")
    db.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 200)  # ~25 pages
    db.commit()
    db.close()


def _garbage(state):
    (state / "seen.sqlite").write_bytes(b"this is not a database, " * 100)
    return "seen.sqlite"


def _truncated(state):
    _real_store(state / "seen.sqlite")
    with open(state / "seen.sqlite", "r+b") as f:
        f.truncate(3 * 4096)
    return "seen.sqlite"


def _store_is_a_folder(state):
    (state / "seen.sqlite").mkdir()
    return "seen.sqlite"


def _lock_is_a_folder(state):
    (state / "crawl.lock").mkdir()
    return "crawl.lock"


@pytest.mark.parametrize("damage", [_garbage, _truncated, _store_is_a_folder, _lock_is_a_folder])
def test_damaged_state_is_one_line_naming_the_file(damage, tmp_path):
    state = tmp_path / "out" / ".state"
    state.mkdir(parents=True)
    name = damage(state)
    result = crawler("crawl", f"http://127.0.0.1:{closed_port()}/", "--out", str(tmp_path / "out"), *SETTINGS)
    one_line(result, str(state / name), "move it aside", "--state")


def test_a_good_state_folder_is_accepted(tmp_path):
    state = tmp_path / "state"
    state.mkdir()
    _real_store(state / "seen.sqlite")
    (state / "crawl.lock").write_text("123")
    result = crawler("crawl", f"http://127.0.0.1:{closed_port()}/", "--out", str(tmp_path / "out"),
                     "--state", str(state), *SETTINGS)
    assert result.returncode == 1, result.stderr[-3000:]  # a dead start URL, not a refused state


# ---------------------------------------------------------------- unreachable portals

def test_unreachable_portals_one_line_each_no_traceback(tmp_path):
    refused = f"http://127.0.0.1:{closed_port()}/"
    result = crawler("crawl", "http://no-such-portal.invalid/", refused, "--out", str(tmp_path),
                     *fast(RETRY_TIMES=1, LOG_LEVEL=None))  # the default log level
    assert result.returncode == 1, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-5000:]
    problems = [line for line in result.stderr.splitlines() if re.search(r"\] (WARNING|ERROR|CRITICAL):", line)]
    assert len(problems) == 2, "\n".join(problems)
    assert any("dns: http://no-such-portal.invalid/" in line for line in problems), problems
    assert any(f"connection_refused: {refused}" in line for line in problems), problems
    summary = json.loads((tmp_path / "last-summary.json").read_text(encoding="utf-8"))
    assert summary["sites"]["no-such-portal.invalid"]["errors"] == {"dns": 1}  # the README's name
    assert summary["sites"]["127.0.0.1"]["errors"] == {"connection_refused": 1}


def test_summary_table_not_buried_under_the_stats_dump(tmp_path):
    url = f"http://127.0.0.1:{closed_port()}/"
    quiet = crawler("crawl", url, "--out", str(tmp_path / "a"), *SETTINGS)
    assert "Dumping Scrapy stats" not in quiet.stderr
    assert "Crawl summary" in quiet.stderr
    after = quiet.stderr.split("Crawl summary", 1)[1].strip().splitlines()
    assert len(after) <= 8, after  # the table, then at most Scrapy's closing line
    asked = crawler("crawl", url, "--out", str(tmp_path / "b"), *SETTINGS, "-s", "LOG_LEVEL=INFO")
    assert "Dumping Scrapy stats" in asked.stderr


# ---------------------------------------------------------------- bad arguments

LONG_URL = "http://example.vn/" + "a" * 10_000


@pytest.mark.parametrize("args, words", [
    (["http://exa mple.vn/"], ["bad host name", "exa mple.vn"]),
    (["http://[::1/"], ["not a valid URL", "http://[::1/"]),
    ([LONG_URL], ["URL too long", "2,083"]),
    (["http://127.0.0.1:9/", "-s", "DOWNLOAD_DELAY=abc"], ["DOWNLOAD_DELAY", "'abc'", "a number"]),
    (["http://127.0.0.1:9/", "-s", "EXTRACT_WORKERS=abc"], ["EXTRACT_WORKERS", "a whole number"]),
    (["http://127.0.0.1:9/", "-s", "LOG_LEVEL=LOUD"], ["LOG_LEVEL", "LOUD", "WARNING"]),
    (["http://127.0.0.1:9/", "-s", "ROBOTSTXT_OBEY=maybe"], ["ROBOTSTXT_OBEY", "True or False"]),
    (["http://127.0.0.1:9/", "-s", "NEAR_DUP_THRESHOLD=1.5"], ["NEAR_DUP_THRESHOLD", "from 0 to 1"]),
    (["--redis", "redis://:pw@[bad"], ["--redis", "redis://HOST:PORT/DB"]),
    (["--redis", "redis://127.0.0.1:port/0"], ["--redis", "redis://HOST:PORT/DB"]),
])
def test_bad_crawl_arguments_one_line(args, words, tmp_path):
    result = crawler("crawl", *args, "--out", str(tmp_path))
    line = one_line(result, *words)
    assert len(line) < 300  # a 10,000-character URL is not echoed whole


def test_good_settings_pass(tmp_path):
    result = crawler("crawl", f"http://127.0.0.1:{closed_port()}/", "--out", str(tmp_path), *SETTINGS,
                     "-s", "LOG_LEVEL=warning", "-s", "PROGRESS_ENABLED=false", "-s", "EXTRACT_WORKERS=",
                     "-s", "USER_AGENT=anything at all")
    assert result.returncode == 1, result.stderr[-3000:]


def test_registry_not_utf8_one_line(tmp_path):
    registry = tmp_path / "sites.toml"
    registry.write_bytes('[[site]]\nid = "qbtv"\nname = "Đài Quảng Bình"\n'.encode("windows-1258", "replace")
                         + b'note = "\xff\xfe"\n')
    one_line(crawler("crawl", "--registry", str(registry), "--all", "--out", str(tmp_path / "out")),
             "sites.toml", "not UTF-8")


def test_reextract_of_a_file_that_is_not_a_warc(tmp_path):
    junk = tmp_path / "photo.warc.gz"
    junk.write_bytes(bytes(range(256)) * 40)
    result = crawler("reextract", str(junk), "--out", str(tmp_path / "out"))
    one_line(result, "not a WARC file", str(junk))
    assert not (tmp_path / "out" / "last-summary.json").exists()


@pytest.mark.parametrize("command", [["export", "--to", "{tmp}/all.parquet"], ["stats", "--html", "{tmp}/r.html"]])
def test_export_and_stats_of_a_record_with_wrong_field_types(command, tmp_path):
    day = tmp_path / "out" / "2026-01-01"
    day.mkdir(parents=True)
    good = {"url": "http://a.vn/1", "canonical_url": "http://a.vn/1", "site": "a.vn", "title": "T", "text": "x",
            "published": "2024-01-02", "images": [], "word_count": 1, "content_hash": "a" * 40,
            "crawled_at": "2026-01-01T08:00:00+07:00"}
    bad = {**good, "url": "http://a.vn/2", "canonical_url": "http://a.vn/2", "content_hash": "b" * 40, "site": {"host": "a.vn"},
           "word_count": "many", "images": "none", "published": 2024}
    (day / "a.vn.jsonl").write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    result = crawler(args[0], str(tmp_path / "out"), *args[1:])
    one_line(result, "a.vn.jsonl line 2", "field")


# ---------------------------------------------------------------- a full disk

@pytest.mark.parametrize("state_on_the_full_disk", [True, False])
def test_full_disk_exit_4_no_traceback_no_empty_summary(state_on_the_full_disk, tmp_path, small_disk):
    state = small_disk / ".state" if state_on_the_full_disk else tmp_path / "state"
    with serve_portals(names=["big"], big_articles=200) as [portal]:
        result = crawler("crawl", portal.base_url, "--out", str(small_disk), "--state", str(state),
                         *fast(CONCURRENT_REQUESTS_PER_DOMAIN=16, LOG_LEVEL=None), timeout=600)
    assert result.returncode == 4, result.stderr[-3000:]
    assert "Traceback" not in result.stderr and "OperationalError" not in result.stderr, result.stderr[-5000:]
    assert "cannot write to the" in result.stderr.strip().splitlines()[-1]
    empty = [p for p in glob.glob(str(small_disk / "**" / "*summary*"), recursive=True) if os.path.getsize(p) == 0]
    assert empty == []


# ---------------------------------------------------------------- a refused overlapping run

def test_refused_overlapping_run_leaves_the_running_crawls_summary(tmp_path):
    state = tmp_path / ".state"
    state.mkdir()
    running = {"finish_reason": "running crawl's own", "totals": {"pages_fetched": 123}}
    (tmp_path / "last-summary.json").write_text(json.dumps(running), encoding="utf-8")
    with open(state / "crawl.lock", "w") as lock:  # the running crawl holds its lock
        lock.write("4242")
        lock.flush()
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = crawler("crawl", f"http://127.0.0.1:{closed_port()}/", "--out", str(tmp_path), *SETTINGS)
    assert result.returncode == 3, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert json.loads((tmp_path / "last-summary.json").read_text(encoding="utf-8")) == running
    assert glob.glob(str(tmp_path / "*" / "summary-*.json")) == []


# ---------------------------------------------------------------- progress, demo, version, help

def test_first_progress_line_has_a_real_rate(tmp_path):
    # 60 requests 0.05 s apart: a crawl of 3 s or more, however fast the machine, seen every second
    with serve_portals(names=["big"], big_articles=100) as [portal]:
        result = crawler("crawl", portal.base_url, "--out", str(tmp_path),
                         *fast(DOWNLOAD_DELAY=0.05, PROGRESS_INTERVAL=1, LOG_LEVEL=None), "--max-pages", "60")
    lines = [line for line in result.stderr.splitlines() if "[crawler.cli.progress]" in line]
    assert lines, result.stderr[-3000:]
    first = re.search(r"pages (\d+), .* ([\d.]+|-) pages/s", lines[0])
    assert first, lines[0]
    if int(first.group(1)) > 0:
        assert first.group(2) not in ("0.0", "-"), lines[0]


def test_demo_twice_into_one_folder_checks_only_its_own_run(demo_run, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(demo_run.out, out)  # the first run's folder, state and all
    runs = [demo_run.result, crawler("demo", "--out", str(out), timeout=600)]
    first, second = (json.loads(r.stdout.strip().splitlines()[-1]) for r in runs)
    assert all(r.returncode == 0 for r in runs), runs[1].stderr[-3000:]
    assert first["stories_written"] == first["stories_expected"] and first["stories_missing"] == 0
    assert second["records_written"] == 0 and second["records_not_articles"] == 0
    assert second["stories_already_written"] == second["stories_expected"]
    assert second["stories_missing"] == 0


def test_version():
    result = crawler("--version")
    assert result.returncode == 0 and re.fullmatch(r"crawler \d+\.\d+\.\d+\S*", result.stdout.strip()), result


def test_every_option_has_help_text():
    from crawler.cli.main import build_parser

    missing = []

    def walk(parser, path):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, f"{path} {name}")
            elif not action.help or action.help == argparse.SUPPRESS:
                missing.append(f"{path} {'/'.join(action.option_strings) or action.dest}")

    walk(build_parser(), "crawler")
    assert missing == []
