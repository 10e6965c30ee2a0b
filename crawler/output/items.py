"""The Scrapy item that carries one article from the spider through the pipelines."""

import scrapy

from crawler.output.records import RECORD_ORDER


class ArticleItem(scrapy.Item):
    """An article record; fields are the output schema (see README, "Record schema")."""

    locals().update({name: scrapy.Field() for name in RECORD_ORDER})
