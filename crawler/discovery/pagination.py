"""Pagination: which of a listing's links are its pages, and which one comes next.

Listing pages link to their siblings (page=2, trang-3.html, /page/4/, page-5, _cur=6,
pagenumber=7): links of one URL shape that differ only in one number. On a repeat run we
page forward one page at a time, and only while pages bring something new, so of a
pagination bar only the next page is revisited.
"""

from __future__ import annotations

import re
from collections import defaultdict

from crawler.discovery.urls import url_shape

_DIGITS = re.compile(r"\d+")


def _numbers(url: str) -> list[int]:
    return [int(n) for n in _DIGITS.findall(url)]


def _varying_index(urls: list[str]) -> int | None:
    """Position of the one digit run that differs between the URLs of a group."""
    runs = [_numbers(u) for u in urls]
    if len({len(r) for r in runs}) != 1:
        return None
    varying = [i for i in range(len(runs[0])) if len({r[i] for r in runs}) > 1]
    return varying[0] if len(varying) == 1 else None


def revisit_choice(page_url: str, urls: list[str]) -> list[str]:
    """Of known listing URLs linked from page_url: every lone one (menus, categories) and,
    of each pagination group, only the page after the current one."""
    groups: dict[str, list[str]] = defaultdict(list)
    for url in urls:
        groups[url_shape(url)].append(url)
    chosen = []
    page_shape = url_shape(page_url)
    for shape, members in groups.items():
        index = _varying_index(members + ([page_url] if shape == page_shape else []))
        if len(members) == 1 and shape != page_shape:
            chosen += members
            continue
        if index is None:
            continue
        current = _numbers(page_url)[index] if shape == page_shape else 1
        later = sorted((_numbers(u)[index], u) for u in members if _numbers(u)[index] > current)
        if later:
            chosen.append(later[0][1])
    return chosen
