"""Scrapy spiders that walk Vietnamese provincial portals (sitemaps, feeds, listings)."""
