"""Tag every record with its topics; with --only-topics, drop the records that have none.

Runs after NormalisePipeline (the text it reads is the normalised one) and before
DedupPipeline: a record dropped for having no topic is neither written, nor logged as a
duplicate, nor remembered as seen, so a later run with other topics can still write it.
It is taken off the resume frontier (its page was fetched and handled) and counted as
`site/<site>/skipped/no_topic`, which the summary JSON shows under the site's "skipped",
next to `before_since`.

Settings: TOPICS_FILE (None: the built-in set, crawler/data/topics.toml; `--topics`),
TOPICS_ONLY (False; `--only-topics`).
"""

from __future__ import annotations

import logging

from scrapy.exceptions import DropItem

from crawler.analysis.topics import load_topics, with_topics
from crawler.crawlrun import CrawlRun
from crawler.discovery.urls import canonicalize_url

logger = logging.getLogger(__name__)


class TopicsPipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.frontier = crawler.get_extension(CrawlRun).frontier
        self.topics = load_topics(crawler.settings.get("TOPICS_FILE") or None)
        self.only = crawler.settings.getbool("TOPICS_ONLY")
        self.dropped = 0

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self, spider=None):
        logger.info("topics: %d from %s%s", len(self.topics), self.topics.source,
                    "; records with none are not written (--only-topics)" if self.only else "")

    def close_spider(self, spider=None):
        if self.only and self.dropped:
            logger.info("topics: %d records had no topic and were not written (--only-topics)", self.dropped)

    def process_item(self, item, spider=None):
        record = with_topics(dict(item), self.topics)
        if self.only and not record["topics"]:
            self.dropped += 1
            self.crawler.stats.inc_value(f"site/{record['site']}/skipped/no_topic")
            url = record["url"]
            self.frontier.done(canonicalize_url(url) or url)
            logger.info("no topic: %s", url)
            raise DropItem("no topic")
        return record
