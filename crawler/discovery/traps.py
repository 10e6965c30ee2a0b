"""URL templates that keep yielding non-articles get a budget per site.

A work calendar (/lich.aspx?ngay=2024-06-25) shows a different schedule every day and links
to the day before, the day after and the next week: every page brings new links, so the
rule "a page whose only new links are its siblings ends the walk" (spiders/portal.py) never
fires. What gives such a trap away is its URL template, the URL with its variable parts
abstracted (url_template: numbers, dates, ids), and what pages of the template turn out to
be:

* chained: non-article pages of the template reached from a page of the same template
  (the next day from a day, the next page from a page). A trap generates itself this way;
  pages linked from menus, listings or articles are not chained.
* productive: pages of the template that are articles, and articles reached from its
  pages (one or two links away: a listing page leads to its articles, a year archive to
  month pages and theirs). A listing's pagination is made of non-articles that are chained,
  but every page of it leads to new articles.

A template is a trap on a site once TRAP_TEMPLATE_BUDGET of its pages were chained
non-articles while fewer than one in PAGES_PER_ARTICLE of its non-article pages was matched
by an article (as above). From then on its links are not followed on that site, and
requests for it already queued are dropped before download (crawler.discovery.trapfilter).
An article template (/tin-tuc/chi-tiet.aspx?id=123) is never throttled because a few of its pages were
soft 404s or stubs: its articles outnumber them. The spider fetches a page's links to other
templates before its sibling links (lower priority for the same template), so a listing's
articles are in, and credited, before its next page is fetched.

The counts persist in the state's SQLite file (table trap_templates), so a nightly run does
not spend the budget again on a calendar an earlier run found; --refresh starts them
afresh, TRAP_TEMPLATE_BUDGET=0 turns the budget off. Distributed workers (--redis) count in
memory, each for its own run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from crawler.discovery.urls import canonicalize_url

PAGES_PER_ARTICLE = 10  # "too few articles": fewer than one per this many non-article pages

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# Dates: 2024-06-25, 2024_6_25, 25-06-2024, 25/06/2024, 2024.06.25, 20240625 (a run of digits
# that reads as one); the separators of a date in a path ("/2024/06/25/") make three numbers.
_DATE = re.compile(
    r"(?<!\d)(?:(?:19|20)\d\d[-_./](?:0?[1-9]|1[0-2])[-_./](?:0?[1-9]|[12]\d|3[01])"
    r"|(?:0?[1-9]|[12]\d|3[01])[-_./](?:0?[1-9]|1[0-2])[-_./](?:19|20)\d\d"
    r"|(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))(?!\d)"
)
_NUMBER = re.compile(r"\d+")


def _abstract(text: str) -> str:
    text = _UUID.sub("{id}", text)
    text = _DATE.sub("{date}", text)
    return _NUMBER.sub("{n}", text)


def url_template(url: str) -> str:
    """The URL with its variable parts abstracted: dates -> {date}, other digit runs (ids,
    page numbers) -> {n}, UUIDs -> {id}, in the (percent-decoded) path and in query values;
    query keys kept and sorted; no host (budgets are per site). Slugs are kept, so each
    article with a slug URL is a template of its own, and so is each category's pagination.

    /lich.aspx?ngay=2024-06-25 -> /lich.aspx?ngay={date}; /tin-tuc/12345.html ->
    /tin-tuc/{n}.html; /chuyen-muc/xa-hoi/page/3/ -> /chuyen-muc/xa-hoi/page/{n}/.
    """
    canonical = canonicalize_url(url) or (url or "").strip()
    try:
        parts = urlsplit(canonical)
    except ValueError:
        return _abstract(canonical)
    template = _abstract(unquote(parts.path) or "/")
    params = sorted(
        f"{unquote(name.replace('+', ' '))}={_abstract(unquote(value.replace('+', ' ')))}"
        for name, _, value in (pair.partition("=") for pair in parts.query.split("&") if pair)
    )
    return template + ("?" + "&".join(params) if params else "")


@dataclass
class Counts:
    pages: int = 0
    articles: int = 0
    non_articles: int = 0
    chained: int = 0  # non-articles reached from a page of the same template
    led: int = 0  # articles reached from pages of the template (one or two links away)

    def is_trap(self, budget: int) -> bool:
        return (budget > 0 and self.chained >= budget
                and (self.articles + self.led) * PAGES_PER_ARTICLE < self.non_articles)


_SCHEMA = """
CREATE TABLE IF NOT EXISTS trap_templates (
    site TEXT NOT NULL,
    template TEXT NOT NULL,
    pages INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    non_articles INTEGER NOT NULL,
    chained INTEGER NOT NULL,
    led INTEGER NOT NULL,
    PRIMARY KEY (site, template)
);
"""


class TemplateBudget:
    """Per site and URL template: pages fetched, articles, non-articles, chained pages,
    articles led to; whether the template is a trap. With `db` (the seen store's SQLite
    connection) the counts of earlier runs are loaded (unless `fresh`: then each template met
    is counted from zero and its row replaced) and every change is written there, committed
    with the store's writes; rows are kept only for templates seen on two pages or more, or
    with a non-article."""

    def __init__(self, budget: int, db=None, *, fresh: bool = False):
        """`db`: the seen store's connection (crawler.state.sqlitebatch.BatchedConnection), whose
        writes these join; None keeps the counts in memory only."""
        self.budget = budget
        self.counts: dict[tuple[str, str], Counts] = {}
        self.trapped: dict[str, set[str]] = {}  # site -> its trap templates
        self.db = db if budget > 0 else None
        if self.db is not None:
            self.db.executescript(_SCHEMA)
            rows = () if fresh else self.db.execute("SELECT * FROM trap_templates")
            for site, template, *values in rows:
                self.counts[(site, template)] = Counts(*values)
                self._update(site, template)

    def has_traps(self, site: str) -> bool:
        return bool(self.trapped.get(site))

    def is_trap(self, site: str, template: str) -> bool:
        return template in self.trapped.get(site, ())

    def _update(self, site: str, template: str) -> None:
        if self.counts[(site, template)].is_trap(self.budget):
            self.trapped.setdefault(site, set()).add(template)
        else:
            self.trapped.get(site, set()).discard(template)

    def get(self, site: str, template: str) -> Counts:
        return self.counts.get((site, template)) or Counts()

    def page(self, site: str, template: str, *, article: bool, found_via: tuple[str, ...] = ()) -> bool:
        """Count a fetched HTML page of `template`, found on pages of the templates
        `found_via` (its parent first, then its grandparent). True when this made the
        template a trap."""
        if self.budget <= 0:
            return False
        key = (site, template)
        counts = self.counts.setdefault(key, Counts())
        was_trap = self.is_trap(site, template)
        counts.pages += 1
        changed = [key]
        if article:
            counts.articles += 1
            for via in dict.fromkeys(t for t in found_via if t):
                credited = self.counts.setdefault((site, via), Counts())
                credited.led += 1
                changed.append((site, via))
        else:
            counts.non_articles += 1
            if found_via and found_via[0] == template:
                counts.chained += 1
        for changed_site, changed_template in changed:
            self._update(changed_site, changed_template)
        self._save(changed)
        return self.is_trap(site, template) and not was_trap

    def _save(self, keys) -> None:
        if self.db is None:
            return
        rows = [(site, template, c.pages, c.articles, c.non_articles, c.chained, c.led)
                for site, template in keys
                for c in [self.counts[(site, template)]] if c.pages >= 2 or c.non_articles]
        if rows:
            self.db.write_many("INSERT OR REPLACE INTO trap_templates VALUES (?,?,?,?,?,?,?)", rows)
