"""Nothing lost, nothing doubled: SIGKILL a real crawl at random moments, resume, repeat.

On a portal of 300 articles the crawl is killed three times (real processes, SIGKILL,
at seeded random moments), resumed each time with --resume, and finally run to the end:
every article is in the output exactly once and every line parses. Also: a disk that
fills up mid-crawl stops the crawl with exit 4 and leaves every written line whole, and a
torn last line is repaired at the next start.
"""

import json
import random
import signal
import socket
import sqlite3
import subprocess
import time

from conftest import complete_record_lines, fast, read_summary, record_files, run_cli, start_cli
from crawler.sample_portals import expected_articles, serve_portals

SETTINGS = fast(CONCURRENT_REQUESTS_PER_DOMAIN=16)
ARTICLES = 300


def crawl_args(url, out, *extra):
    return ["crawl", url, "--out", out, *SETTINGS, *extra]


def test_killed_three_times_then_resumed_every_article_exactly_once(tmp_path):
    rng = random.Random(20261123)
    with serve_portals(names=["big"], big_articles=ARTICLES) as [portal]:
        expected = {e.urls[0] for e in expected_articles([portal])}
        kills = []
        # kill at random moments: when the output has reached a random count in each third
        third = ARTICLES // 3
        targets = [rng.randint(third // 4, third - 10), rng.randint(third + 20, 2 * third - 10),
                   rng.randint(2 * third + 20, ARTICLES - 30)]
        for target in targets:
            process = start_cli(*crawl_args(portal.base_url, tmp_path, "--resume"),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.time() + 300
            while len(complete_record_lines(tmp_path)) < target and process.poll() is None and time.time() < deadline:
                time.sleep(0.05)
            assert process.poll() is None, f"the crawl ended before it could be killed at {target}"
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            kills.append((target, len(complete_record_lines(tmp_path))))
        assert kills[-1][1] < len(expected), f"killed too late to prove anything: {kills}"
        final = run_cli(*crawl_args(portal.base_url, tmp_path, "--resume"), timeout=900)
        assert final.returncode == 0, final.stderr[-3000:]
    records = [json.loads(line) for line in complete_record_lines(tmp_path)]  # every line parses
    urls = [r["url"] for r in records]
    assert len(urls) == len(set(urls)), f"duplicates after kills {kills}"
    assert set(urls) == expected, f"missing {len(expected - set(urls))} after kills {kills}"
    assert len({r["content_hash"] for r in records}) == len(records)
    print(f"\nkills at (target, records on disk): {kills}; final records: {len(records)}")


def test_full_disk_stops_cleanly_and_keeps_written_lines_whole(tmp_path, small_disk):
    with serve_portals(names=["big"], big_articles=200) as [portal]:
        result = run_cli(*crawl_args(portal.base_url, small_disk, "--state", tmp_path / "state"))
    assert result.returncode == 4, result.stderr[-2000:]
    assert "cannot write to the output folder" in result.stderr and "No space left" in result.stderr
    [path] = record_files(small_disk)
    data = open(path, "rb").read()
    assert data.endswith(b"\n")
    records = [json.loads(line) for line in data.split(b"\n")[:-1]]  # every line whole
    assert 10 < len(records) < 200 and all(r["text"] for r in records)


def test_torn_last_line_is_repaired_at_next_start(tmp_path):
    with serve_portals(names=["qbtv"]) as [portal]:
        first = run_cli(*crawl_args(portal.base_url, tmp_path), timeout=300)
        assert first.returncode == 0
        [path] = record_files(tmp_path)
        whole = open(path, "rb").read()
        with open(path, "ab") as f:
            f.write(b'{"url": "http://torn.example/", "text": "C\xc3\xa1c \xc4\x91\xe1')  # a kill mid-write
        again = run_cli(*crawl_args(portal.base_url, tmp_path), timeout=300)
        assert again.returncode == 0
    assert open(path, "rb").read() == whole
    assert "torn last line" in again.stderr
    report = read_summary(tmp_path)
    assert report["recovery"]["torn_lines_repaired"] == 1


def _marked(state) -> int:
    """Records marked seen in the state folder's SQLite file, as committed (another reader's view)."""
    path = state / "seen.sqlite"
    if not path.exists():
        return 0
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # not made yet
        return 0
    finally:
        db.close()


def test_marks_are_committed_while_a_crawl_waits_on_a_site_that_does_not_answer(tmp_path):
    """State writes are committed in batches (crawler.state.sqlitebatch); a timer commits the
    last batch even when no write follows it, so a crawl stalled on a silent site keeps no
    record unmarked for longer than a second or so: a kill then has nothing to lose."""
    silent = socket.socket()  # accepts connections, never answers
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    state = tmp_path / "state"
    try:
        with serve_portals(names=["qbtv"]) as [portal]:
            wanted = len(expected_articles([portal]))
            process = start_cli("crawl", portal.base_url, f"http://127.0.0.1:{silent.getsockname()[1]}/",
                                "--out", tmp_path / "out", "--state", state, *fast(DOWNLOAD_TIMEOUT=300),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                deadline = time.time() + 120
                while len(complete_record_lines(tmp_path / "out")) < wanted and time.time() < deadline:
                    assert process.poll() is None, "the crawl ended: the silent site did not hold it"
                    time.sleep(0.1)
                written = len(complete_record_lines(tmp_path / "out"))
                assert written == wanted
                deadline = time.time() + 30  # the portal is done; only the silent site is left
                while _marked(state) < written and time.time() < deadline:
                    time.sleep(0.2)
                assert _marked(state) == written
                assert process.poll() is None  # still waiting: no write came after the last mark
            finally:
                process.kill()
                process.wait(timeout=30)
    finally:
        silent.close()
