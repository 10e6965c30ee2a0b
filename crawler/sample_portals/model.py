"""Stories (what was written, from the corpus) and articles (one story published on one portal).

A story body is a list of blocks: ("p", text), ("quote", text), ("h", text), ("li", [items]) and
("img", caption). Inside text, ``[[anchor|story-key]]`` is an inline link to another story.
Captions, bylines and source lines are page furniture: they are not part of the expected paragraphs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime

from .textutil import expected_author, nfc, published_iso, slugify, tone_style

LINK_RE = re.compile(r"\[\[(.+?)\|([\w-]+)\]\]")


def plain(text: str) -> str:
    """Text of a block with inline-link markup removed."""
    return LINK_RE.sub(lambda m: m.group(1), text)


@dataclass(frozen=True)
class Story:
    key: str
    title: str
    blocks: tuple
    author_line: str | None
    dt: datetime
    tags: tuple = ()
    summary: str = ""

    def teaser_text(self) -> str:
        if self.summary:
            return self.summary
        for kind, val in self.blocks:
            if kind == "p":
                words = plain(val).split()
                return " ".join(words[:38]) + (" ..." if len(words) > 38 else "")
        return ""


@dataclass
class Article:
    """A story as one portal publishes it (its own id, title, tone style, date style, source)."""

    story: Story
    cats: list
    date_style: str
    id: int = 0
    title: str = ""
    blocks: list = field(default_factory=list)
    author_line: str | None = None
    dt: datetime | None = None
    source_line: str | None = None   # printed at the end of a syndicated copy
    source: str | None = None        # expected "source" for this copy
    encoding: str = "utf-8"          # "utf-8" | "nfd" | "cp1258"
    listed: bool = True              # False: reachable only through the sitemap
    tone: str | None = None          # None: as written; "old"/"new": tone-mark style
    views: int = 0
    slug: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        return self.story.key

    def published(self) -> str:
        return published_iso(self.dt, self.date_style)

    def author(self) -> str | None:
        return expected_author(self.author_line)

    def paragraphs(self) -> list[str]:
        out = []
        for kind, val in self.blocks:
            if kind in ("p", "quote", "h"):
                out.append(nfc(plain(val)))
            elif kind == "li":
                out.extend(nfc(plain(v)) for v in val)
        return out

    def summary(self) -> str:
        return tone_style(self.story.teaser_text(), self.tone)


def make_article(story: Story, cats, date_style: str, *, tone=None, title=None, dt=None,
                 **kw) -> Article:
    """Build an Article from a story, applying a tone-mark style to every text."""
    def conv(kind, val):
        if kind == "li":
            return (kind, [tone_style(v, tone) for v in val])
        return (kind, tone_style(val, tone))

    title = tone_style(title or story.title, tone)
    art = Article(story=story, cats=list(cats), date_style=date_style, tone=tone,
                  title=title, blocks=[conv(k, v) for k, v in story.blocks],
                  author_line=story.author_line, dt=dt or story.dt, **kw)
    if not art.slug:
        art.slug = slugify(art.title)
    return art


def copy_article(art: Article, **changes) -> Article:
    return replace(art, **changes)
