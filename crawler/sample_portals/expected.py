"""What a correct crawl of the running portals must output: one ExpectedArticle per story."""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class Variant:
    """One published copy of a story, as its own page shows it."""

    url: str
    title: str
    published: str
    author: str | None
    source: str | None
    paragraphs: list


@dataclass
class ExpectedArticle:
    key: str
    urls: list
    title: str
    published: str
    author: str | None
    source: str | None
    paragraphs: list
    site: str
    variants: dict = field(default_factory=dict)  # url -> Variant (copies differ in tone marks)

    def variant(self, url: str) -> Variant:
        """Expected values for the copy at url (title, date, source and tone marks differ)."""
        return self.variants[url]

    for_url = variant


def expected_articles(running) -> list[ExpectedArticle]:
    """The stories published on the running portals; originals' URLs come before copies'."""
    by_key: dict[str, list] = {}
    order: list[str] = []
    for rank, rp in enumerate(running):
        portal = rp.portal
        for art in portal.snapshot():
            if art.key not in by_key:
                by_key[art.key] = []
                order.append(art.key)
            by_key[art.key].append((art.source is not None, rank, portal, art))
    out = []
    for key in order:
        copies = sorted(by_key[key], key=lambda t: (t[0], t[1]))
        variants = {}
        for _, _, portal, art in copies:
            url = portal.article_url(art)
            variants[url] = Variant(url, art.title, art.published(), art.author(), art.source,
                                    art.paragraphs())
        first = next(iter(variants.values()))
        out.append(ExpectedArticle(key=key, urls=list(variants), title=first.title,
                                   published=first.published, author=first.author,
                                   source=first.source, paragraphs=first.paragraphs,
                                   site=urlsplit(first.url).hostname, variants=variants))
    return out
