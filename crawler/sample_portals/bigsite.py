"""Stories for the generated "big" portal: N distinct articles recombined from the corpus.

Each story gets a unique title (a place name and a corpus title), paragraphs assembled from
corpus sentences (so no two articles share a paragraph), a byline and a date in 2017–2026.
Deterministic for a given N.
"""
from __future__ import annotations

import random
import re
from datetime import datetime, timedelta

from .model import Story, plain
from .portal import Placement

PLACES = ["Lệ Thủy", "Quảng Ninh", "Bố Trạch", "Đồng Hới", "Ba Đồn", "Quảng Trạch", "Tuyên Hóa",
          "Minh Hóa", "Mỹ Xuyên", "Trần Đề", "Vĩnh Châu", "Ngã Năm", "Thạnh Trị", "Kế Sách",
          "Long Phú", "Cù Lao Dung", "Minh Long", "Ba Tơ", "Sơn Hà", "Trà Bồng"]
AUTHORS = ["Hoàng Hà", "Ngọc Lan", "Minh Phong", "Thanh Hải", "Lê Trang", "Công Hoan", None,
           "TS (tổng hợp)", "Bài và ảnh Ngọc Nguyên", "Hà Vi"]
CATS = ["tin-tuc", "xay-dung-dang", "dan-van"]


def _sentences(stories: dict) -> list[str]:
    out = []
    for s in stories.values():
        for kind, val in s.blocks:
            if kind == "p":
                out += [x.strip() for x in re.split(r"(?<=[.;])\s+", plain(val)) if len(x.split()) > 6]
    return out


def big_placements(stories: dict, n: int) -> tuple[list, dict]:
    """(placements, stories) for a portal of n generated articles."""
    rnd = random.Random(f"big-{n}")
    pool = _sentences(stories)
    base_titles = [s.title for s in stories.values()]
    start = datetime(2017, 1, 3, 7, 0)
    span = (datetime(2026, 3, 1) - start).total_seconds()
    generated, placements, seen = {}, [], set()
    for i in range(n):
        title = f"{rnd.choice(PLACES)}: {rnd.choice(base_titles)}"
        while title in seen:
            title = f"{title} (tiếp theo)"
        seen.add(title)
        dt = start + timedelta(seconds=int(span * (i + rnd.random()) / max(n, 1)))
        dt = dt.replace(second=0)
        paras = [" ".join(rnd.sample(pool, rnd.randint(2, 3))) for _ in range(rnd.randint(3, 6))]
        key = f"big-{i + 1:05d}"
        generated[key] = Story(key=key, title=title, blocks=tuple(("p", p) for p in paras),
                               author_line=rnd.choice(AUTHORS), dt=dt)
        cat = CATS[i % 3]
        placements.append(Placement(key, (cat,) if i % 4 else (cat, "tin-tuc"), "nukeviet"))
    return placements, generated
