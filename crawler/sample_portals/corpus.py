"""The article corpus: parses ``data/stories.txt`` into :class:`Story` objects.

File format, one story after another::

    ### story-key
    title: Tiêu đề
    date: 2022-04-13 08:15:00
    author: Công Hoan            (the byline as printed; "-" for none)
    tags: dân vận, mặt trận
    summary: optional teaser text
    ---
    Body paragraph, one per line; blank lines are ignored.
    [img] Caption of a photo. Ảnh: Thế Minh
    [quote] A quoted passage.
    [h] A sub-heading
    [li] A list item (consecutive items make one list)

Inline links to other stories: ``[[anchor text|other-story-key]]``.
"""
from __future__ import annotations

import functools
import re
from datetime import datetime
from pathlib import Path

from .model import Story
from .textutil import nfc

DATA = Path(__file__).with_name("data") / "stories.txt"


def parse(text: str) -> dict[str, Story]:
    stories: dict[str, Story] = {}
    for chunk in re.split(r"(?m)^### ", nfc(text))[1:]:
        head, _, body = chunk.partition("\n---\n")
        lines = head.strip().splitlines()
        key = lines[0].strip()
        meta = {}
        for line in lines[1:]:
            k, _, v = line.partition(":")
            meta[k.strip()] = v.strip()
        blocks: list = []
        for line in body.splitlines():
            line = line.strip()
            if not line:
                continue
            if line.startswith("[li] "):
                if blocks and blocks[-1][0] == "li":
                    blocks[-1][1].append(line[5:].strip())
                else:
                    blocks.append(("li", [line[5:].strip()]))
            elif line.startswith("[img] "):
                blocks.append(("img", line[6:].strip()))
            elif line.startswith("[quote] "):
                blocks.append(("quote", line[8:].strip()))
            elif line.startswith("[h] "):
                blocks.append(("h", line[4:].strip()))
            else:
                blocks.append(("p", line))
        blocks = [(k, tuple(v) if k == "li" else v) for k, v in blocks]
        author = meta.get("author", "-")
        tags = tuple(t.strip() for t in meta.get("tags", "").split(",") if t.strip())
        if key in stories:
            raise ValueError(f"duplicate story key {key}")
        stories[key] = Story(key=key, title=meta["title"], blocks=tuple(blocks),
                             author_line=None if author in ("", "-") else author,
                             dt=datetime.fromisoformat(meta["date"]), tags=tags,
                             summary=meta.get("summary", ""))
    return stories


@functools.lru_cache(maxsize=1)
def load_corpus() -> dict[str, Story]:
    """All stories of the corpus, by key (cached; Story objects are immutable)."""
    return parse(DATA.read_text(encoding="utf-8"))
