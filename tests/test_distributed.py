"""Distributed mode: a real redis-server on 127.0.0.1, two worker processes, one article set.

The test starts redis-server itself (CI installs Debian's redis-server), starts two
`crawler crawl --redis` workers, each writing to its own folder, waits until both are
connected (they name their Redis connections), then enqueues the five sample portals. Together they must equal a single-process crawl of the same portals: every
story once, no duplicate across the workers, and both workers having written records.
"""

import time

from conftest import FAST, fast, read_records, run_cli, start_cli
from crawler.sample_portals import expected_articles, serve_portals
from crawler.state import distributed

# An idle worker waits this long for the shared queue before it stops: ample for the other
# worker to start and the session to be enqueued on a busy machine.
WORKER = fast(REDIS_IDLE_TIMEOUT=8, EXTRACT_WORKERS=1)


def test_two_workers_share_one_crawl(redis_url, tmp_path):
    with serve_portals() as portals:
        expected = expected_articles(portals)
        single = run_cli("crawl", *[p.base_url for p in portals], "--out", tmp_path / "single", *FAST)
        assert single.returncode == 0, single.stderr[-2000:]
        # Workers first, as services would run: both are in before the session is enqueued,
        # so neither can have drained the queue before the other starts.
        # An idle Scrapy engine looks at its queue every 5 s (its heartbeat): a short delay per
        # request, as real crawls have, keeps the crawl longer than that, so both join in.
        workers = [start_cli("crawl", "--redis", redis_url, "--out", tmp_path / f"worker{i}", *WORKER,
                             "-s", "DOWNLOAD_DELAY=0.15") for i in (1, 2)]
        watcher = distributed.connect(redis_url)
        deadline = time.time() + 60
        while len(distributed.workers_connected(watcher)) < 2 and time.time() < deadline:
            time.sleep(0.05)
        assert len(distributed.workers_connected(watcher)) == 2
        queued = run_cli("enqueue", *[p.base_url for p in portals], "--redis", redis_url, timeout=60)
        assert queued.returncode == 0, queued.stderr
        for worker in workers:
            _, stderr = worker.communicate(timeout=600)  # read as it comes: a full pipe would stall it
            assert worker.returncode == 0, stderr[-3000:]
    one, two = read_records(tmp_path / "worker1"), read_records(tmp_path / "worker2")
    assert one and two, f"both workers write records ({len(one)}, {len(two)})"
    together = one + two
    urls = [r["url"] for r in together]
    assert len(urls) == len(set(urls)), "no article written by both workers"
    assert len({r["content_hash"] for r in together}) == len(together)
    story_of = {url: story.key for story in expected for url in story.urls}
    assert sorted(story_of[u] for u in urls) == sorted(s.key for s in expected)
    alone = read_records(tmp_path / "single")
    assert sorted(story_of[r["url"]] for r in alone) == sorted(story_of[u] for u in urls)


def test_bad_redis_url_is_refused(tmp_path):
    result = run_cli("crawl", "--redis", "localhost:6379", "--out", tmp_path, timeout=60)
    assert result.returncode == 2 and "--redis expects" in result.stderr
