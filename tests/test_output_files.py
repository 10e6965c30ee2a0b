"""The start-of-run repair touches only the files the crawler wrote (issue 11).

Real crawls (`python -m crawler.cli crawl`, real processes) of a sample portal into one
output folder that also holds files the crawler did not write: a user's own
`OUT/notes/mine.jsonl` with a torn last line, a `.jsonl` in a dated folder from elsewhere,
and files that cannot be written to. Root can write to a 0444 file, so when the tests run
as root a file is made unwritable with `chattr +i` as well (skipped where that is refused).
"""

import json
import logging
import os
import subprocess

import pytest

from conftest import fast, read_summary, record_files, run_cli
from crawler.output.recovery import OutputLedger, recover
from crawler.sample_portals import serve_portals

TORN = b'{"url": "http://torn.example/", "text": "C\xc3\xa1c \xc4\x91\xe1'  # a kill mid-write


def crawl(url, out, *extra):
    return run_cli("crawl", url, "--out", out, *fast(CONCURRENT_REQUESTS_PER_DOMAIN=16), *extra, timeout=300)


def snapshot(path):
    info = os.stat(path)
    return open(path, "rb").read(), info.st_mtime_ns, info.st_mode


@pytest.fixture
def unwritable():
    """make(path): the file cannot be opened for writing, even by root; undone afterwards."""
    made = []

    def make(path):
        os.chmod(path, 0o444)
        if os.geteuid() == 0:
            done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
            if done.returncode != 0:
                pytest.skip(f"running as root and chattr +i is refused here: {done.stderr.strip()}")
            made.append(path)
        with pytest.raises(PermissionError):
            os.open(path, os.O_RDWR)

    yield make
    for path in made:
        subprocess.run(["chattr", "-i", str(path)], check=False)


def test_a_crawl_repairs_its_own_torn_line_and_leaves_other_files_alone(tmp_path):
    out = tmp_path / "out"
    with serve_portals(names=["qbtv"]) as [portal]:
        first = crawl(portal.base_url, out)
        assert first.returncode == 0, first.stderr[-3000:]
        [ours] = record_files(out)
        whole = open(ours, "rb").read()
        with open(ours, "ab") as f:
            f.write(TORN)
        # the user's notes, and a file in a dated folder the crawler did not write: both torn
        (out / "notes").mkdir()
        mine = out / "notes" / "mine.jsonl"
        mine.write_bytes(b'{"note": "gi\xe1\xbb\xaf l\xe1\xba\xa1i"}\n' + TORN)
        (out / "2020-01-02").mkdir()
        foreign = out / "2020-01-02" / "copied.jsonl"
        foreign.write_bytes(b'{"url": "http://x.example/1", "content_hash": "ab"}\n' + TORN)
        before = {path: snapshot(path) for path in (mine, foreign)}
        again = crawl(portal.base_url, out)
        assert again.returncode == 0, again.stderr[-3000:]
    assert open(ours, "rb").read() == whole  # ours: the torn line was cut
    assert again.stderr.count("torn last line") == 1 and ours in again.stderr
    for path, state in before.items():  # not ours: byte for byte as they were, not even reopened for writing
        assert snapshot(path) == state, path
    report = read_summary(out)
    assert report["recovery"]["torn_lines_repaired"] == 1


def test_a_read_only_complete_file_from_an_old_run_does_not_stop_a_crawl(tmp_path, unwritable):
    out = tmp_path / "out"
    with serve_portals(names=["qbtv"]) as [portal]:
        first = crawl(portal.base_url, out)
        assert first.returncode == 0, first.stderr[-3000:]
        [ours] = record_files(out)  # recorded as the crawler's: the next start looks at it
        (out / "2019-05-01").mkdir()
        old = out / "2019-05-01" / "old-portal.vn.jsonl"  # an old run's, not recorded
        old.write_text(json.dumps({"url": "http://old.example/1", "content_hash": "cd"}) + "\n")
        for path in (ours, old):
            unwritable(path)
        before = {path: snapshot(path) for path in (ours, old)}
        again = crawl(portal.base_url, out)  # nothing new to write: every article is known
    assert again.returncode == 0, again.stderr[-3000:]
    assert "PermissionError" not in again.stderr and "Traceback" not in again.stderr
    for path, state in before.items():
        assert snapshot(path) == state, path


def test_a_torn_file_of_ours_that_cannot_be_written_is_reported_not_fatal(tmp_path, unwritable, caplog):
    out, state = tmp_path / "out", tmp_path / "state"
    (out / "2026-11-23").mkdir(parents=True)
    path = out / "2026-11-23" / "qbtv.vn.jsonl"
    ledger = OutputLedger(str(state), str(out))
    ledger.record(str(path))
    path.write_bytes(b'{"url": "http://a.example/1", "content_hash": "ef"}\n' + TORN)
    unwritable(path)

    class Store:
        def first_url(self, content_hash):
            return "http://a.example/1"

    with caplog.at_level(logging.WARNING):
        report = recover(str(out), Store(), logging.getLogger("test"), ledger)
    assert report["files_not_repaired"] == 1 and report["torn_lines_repaired"] == 0
    assert "cannot check or repair" in caplog.text and str(path) in caplog.text
    assert open(path, "rb").read().endswith(TORN)


def test_every_record_written_since_the_last_committed_mark_is_marked_at_start(tmp_path):
    """Marks are committed once a second (crawler.state.sqlitebatch): a kill can leave several
    records of a file written and unmarked, after the last marked one; each is marked."""
    from crawler.state.seenstore import SeenStore

    out = tmp_path / "out"
    (out / "2026-11-23").mkdir(parents=True)
    path = out / "2026-11-23" / "qbtv.vn.jsonl"
    ledger = OutputLedger(str(tmp_path / "state"), str(out))
    ledger.record(str(path))
    lines = [{"url": f"http://a.example/{n}", "content_hash": f"{n:040x}", "site": "a.example",
              "crawled_at": "x"} for n in range(1, 6)]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines[:4]) + "not json\n"
                    + json.dumps(lines[4]) + "\n")
    store = SeenStore(str(tmp_path / "seen.sqlite"))
    store.mark(lines[1]["content_hash"], [lines[1]["url"]], "a.example", "x")  # committed: 3, 4, 5 were not
    report = recover(str(out), store, logging.getLogger("test"), ledger)
    assert report["records_marked"] == 3
    assert [store.first_url(line["content_hash"]) for line in lines] == \
        [None, "http://a.example/2", "http://a.example/3", "http://a.example/4", "http://a.example/5"]
    assert recover(str(out), store, logging.getLogger("test"), ledger)["records_marked"] == 0


@pytest.mark.parametrize("command", [["crawl", "http://127.0.0.1:9/"], ["demo"], ["reextract", "{warc}"]])
def test_an_empty_out_is_refused_with_one_line_and_exit_2(tmp_path, command):
    work = tmp_path / "cwd"
    work.mkdir()
    warc = tmp_path / "a.warc.gz"
    warc.write_bytes(b"")
    args = [a.format(warc=warc) for a in command]
    result = run_cli(*args, "--out", "", timeout=120, cwd=work,
                     env=dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(__file__))))
    assert result.returncode == 2, result.stderr[-2000:]
    assert len(result.stderr.strip().splitlines()) == 1 and "output folder is empty" in result.stderr
    assert not list(work.iterdir())  # nothing written in the current directory
