"""Scrapy item pipelines: normalise, deduplicate by content hash, write dated JSONL."""
