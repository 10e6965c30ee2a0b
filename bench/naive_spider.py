"""The naive baseline of bench/run.py: a plain Scrapy CrawlSpider that follows every same-site
link and calls trafilatura.extract in its callback, on the reactor thread. No pipelines.

    scrapy runspider bench/naive_spider.py -a start_url=http://127.0.0.16:PORT/ -a stats_out=FILE

Like the project's spider it skips print and send-to-friend copies of articles (otherwise it
would fetch three pages per article and the page mix would not compare), and it obeys
robots.txt when run with -s ROBOTSTXT_OBEY=True. At the end it writes its counts as JSON to
stats_out.
"""

import json
from urllib.parse import urlsplit

import trafilatura
from scrapy import signals
from scrapy.linkextractors import LinkExtractor
from scrapy.spiders import CrawlSpider, Rule


class NaiveSpider(CrawlSpider):
    name = "naive"

    def __init__(self, start_url, stats_out=None, *args, **kwargs):
        host, netloc = urlsplit(start_url).hostname, urlsplit(start_url).netloc
        self.start_urls = [start_url]
        self.allowed_domains = [host]
        self.stats_out = stats_out
        self.pages = self.extracted = 0
        links = LinkExtractor(allow_domains=[netloc],  # Scrapy compares host:port, not the host
                              deny=(r"/print/", r"/sendmail/", r"/seek/"))
        self.rules = (Rule(links, callback="parse_page", follow=True),)
        super().__init__(*args, **kwargs)

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.write_stats, signal=signals.spider_closed)
        return spider

    def parse_start_url(self, response):
        return self.parse_page(response)

    def parse_page(self, response):
        self.pages += 1
        text = trafilatura.extract(response.text)
        if text:
            self.extracted += 1
            yield {"url": response.url, "chars": len(text)}

    def write_stats(self, spider, reason):
        if self.stats_out:
            with open(self.stats_out, "w") as f:
                json.dump({"pages": self.pages, "extracted": self.extracted, "reason": reason}, f)

