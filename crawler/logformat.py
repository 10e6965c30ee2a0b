"""Log lines for dropped items: a duplicate is routine, so one short DEBUG line with its URL
instead of Scrapy's WARNING with the whole record (duplicates are in duplicates.jsonl)."""

import logging

from scrapy.logformatter import LogFormatter


class QuietDropLogFormatter(LogFormatter):
    def dropped(self, item, exception, response, spider):
        url = item.get("url") if hasattr(item, "get") else None
        return {
            "level": logging.DEBUG,
            "msg": "Dropped %(url)s: %(exception)s",
            "args": {"url": url, "exception": exception},
        }
