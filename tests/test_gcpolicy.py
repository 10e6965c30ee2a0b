"""The crawling process's garbage-collector policy (crawler.gcpolicy): on while a crawl runs,
the process's own policy back after it."""

import gc

from scrapy.utils.test import get_crawler

from crawler import gcpolicy
from crawler.crawlrun import CrawlRun


def test_on_while_a_crawl_runs_and_the_process_policy_back_after(tmp_path):
    before = gc.get_threshold()
    crawler = get_crawler(settings_dict={"OUTPUT_DIR": str(tmp_path), "EXTENSIONS": {CrawlRun: 0}})
    run = crawler.get_extension(CrawlRun)
    assert run.begin()
    try:
        assert gc.get_threshold() == (gcpolicy.YOUNG_THRESHOLD, *gcpolicy.OLDER_THRESHOLDS)
        assert gc.get_freeze_count() > 0  # the objects made before the crawl are left out of collections
    finally:
        run.engine_stopped()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_two_crawls_in_one_process_keep_it_on_until_the_last_stops():
    before = gc.get_threshold()
    gcpolicy.start()
    gcpolicy.start()
    gcpolicy.stop()
    assert gc.get_threshold()[0] == gcpolicy.YOUNG_THRESHOLD
    gcpolicy.stop()
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
    gcpolicy.stop()  # more stops than starts: nothing to undo
    assert gc.get_threshold() == before


def test_cyclic_garbage_made_during_a_crawl_is_still_collected():
    class Node:
        pass

    gcpolicy.start()
    try:
        alive_before = sum(isinstance(o, Node) for o in gc.get_objects())
        for _ in range(3 * gcpolicy.YOUNG_THRESHOLD):
            a, b = Node(), Node()
            a.other, b.other = b, a  # a cycle: freed by the collector only
        del a, b
        left = sum(isinstance(o, Node) for o in gc.get_objects())
    finally:
        gcpolicy.stop()
    assert alive_before == 0
    assert left <= 2 * gcpolicy.YOUNG_THRESHOLD  # collected as it went, not all 60,000 kept
