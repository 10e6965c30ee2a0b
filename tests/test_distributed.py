"""Distributed mode: a real redis-server on 127.0.0.1, two worker processes, one article set.

The test starts redis-server itself (CI installs Debian's redis-server), starts two
`crawler crawl --redis` workers, each writing to its own folder, waits until both are
connected (they name their Redis connections), then enqueues the five sample portals. Together they must equal a single-process crawl of the same portals: every
story once, no duplicate across the workers, and both workers having written records.
"""

import subprocess
import sys
import time


from crawler.state import distributed
from crawler.cli.demo import written_records as records
from crawler.sample_portals import expected_articles, serve_portals

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=WARNING",
        "-s", "REDIS_IDLE_TIMEOUT=8", "-s", "EXTRACT_WORKERS=1"]


def cli(*args, **kwargs):
    return subprocess.Popen([sys.executable, "-m", "crawler.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kwargs)


def test_two_workers_share_one_crawl(redis_url, tmp_path):
    with serve_portals() as portals:
        expected = expected_articles(portals)
        single = cli("crawl", *[p.base_url for p in portals], "--out", str(tmp_path / "single"), *FAST[:6])
        assert single.wait(timeout=600) == 0, single.stderr.read()[-2000:]
        # Workers first, as services would run: both are in before the session is enqueued,
        # so neither can have drained the queue before the other starts.
        # An idle Scrapy engine looks at its queue every 5 s (its heartbeat): a short delay per
        # request, as real crawls have, keeps the crawl longer than that, so both join in.
        workers = [cli("crawl", "--redis", redis_url, "--out", str(tmp_path / f"worker{i}"), *FAST,
                       "-s", "DOWNLOAD_DELAY=0.15") for i in (1, 2)]
        watcher = distributed.connect(redis_url)
        deadline = time.time() + 60
        while len(distributed.workers_connected(watcher)) < 2 and time.time() < deadline:
            time.sleep(0.05)
        assert len(distributed.workers_connected(watcher)) == 2
        queued = cli("enqueue", *[p.base_url for p in portals], "--redis", redis_url)
        assert queued.wait(timeout=60) == 0, queued.stderr.read()
        for worker in workers:
            assert worker.wait(timeout=600) == 0, worker.stderr.read()[-3000:]
    one, two = records(tmp_path / "worker1"), records(tmp_path / "worker2")
    assert one and two, f"both workers write records ({len(one)}, {len(two)})"
    together = one + two
    urls = [r["url"] for r in together]
    assert len(urls) == len(set(urls)), "no article written by both workers"
    assert len({r["content_hash"] for r in together}) == len(together)
    story_of = {url: story.key for story in expected for url in story.urls}
    assert sorted(story_of[u] for u in urls) == sorted(s.key for s in expected)
    alone = records(tmp_path / "single")
    assert sorted(story_of[r["url"]] for r in alone) == sorted(story_of[u] for u in urls)


def test_bad_redis_url_is_refused(tmp_path):
    result = subprocess.run([sys.executable, "-m", "crawler.cli", "crawl", "--redis", "localhost:6379",
                             "--out", str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "--redis expects" in result.stderr
