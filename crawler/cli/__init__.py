"""The command line: `crawler crawl|extract|export|stats|demo|sites|...`."""

from crawler.cli.main import main

__all__ = ["main"]
