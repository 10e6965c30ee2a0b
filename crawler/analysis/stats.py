"""`crawler stats`: what the output folders hold, as a table and as a self-contained HTML report.

    crawler stats OUT_DIR [OUT_DIR ...] [--html FILE]

Counts articles (once each, as `crawler export` does) per site and per month of
publication (`unknown` when a record has no `published`), the copies the crawl did not
write because their content was already written (`duplicates.jsonl`), and the date
coverage: the share of articles with a published date.

`--html FILE` writes one HTML file with everything inline (CSS and SVG, no script, no
external address): a chart of articles per month per province (`province_2025`, else
`province`, else the site for a portal crawled without the registry), and the tables.
Every number on the page carries its value in a data attribute (`data-count`,
`data-value`), so a program can read the page back.
"""

from __future__ import annotations

import datetime
import html
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from crawler.analysis.export import ArticleIndex, ExportError, usage_error

UNKNOWN = "unknown"
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
           "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd")


@dataclass
class Stats:
    folders: list[str]
    dates: list[str]
    articles: int = 0
    dated: int = 0
    duplicates: int = 0           # lines of duplicates.jsonl: copies the crawl did not write
    repeats: int = 0              # records of an article written more than once (counted once here)
    per_site: dict = field(default_factory=dict)       # site -> {"articles", "dated", "duplicates"}
    per_month: Counter = field(default_factory=Counter)  # YYYY-MM or "unknown" -> articles
    per_group_month: dict = field(default_factory=dict)  # province (or site) -> Counter(month)
    grouped_by_province: bool = False  # False when no article has a province (groups are sites)

    @property
    def coverage(self) -> float:
        return 100.0 * self.dated / self.articles if self.articles else 0.0


def compute(out_dirs: list[str]) -> Stats:
    """Counts over the articles of the folders, streaming: records are read line by line into
    crawler.analysis.export.ArticleIndex (on disk), and only counters per site, month and province come
    back into memory (their size grows with sites x months, not with records)."""
    with ArticleIndex(out_dirs) as index:
        report = index.report
        stats = Stats(folders=list(out_dirs), dates=report.dates, articles=index.count(),
                      duplicates=report.duplicates, repeats=report.repeats)
        per_site: dict = defaultdict(lambda: {"articles": 0, "dated": 0, "duplicates": 0})
        for site, articles, dated in index.query(
                "SELECT s_site, count(*), sum(NOT undated) FROM A GROUP BY s_site"):
            row = per_site[site or UNKNOWN]
            row["articles"] += articles
            row["dated"] += dated
            stats.dated += dated
        groups: dict = defaultdict(Counter)
        for group, month, articles in index.query(
                "SELECT s_group, s_month, count(*) FROM A GROUP BY s_group, s_month"):
            groups[group or UNKNOWN][month or UNKNOWN] += articles
            stats.per_month[month or UNKNOWN] += articles
        stats.grouped_by_province = bool(index.query("SELECT max(has_province) FROM A").fetchone()[0])
    for site, count in report.duplicates_per_site.items():
        per_site[site or UNKNOWN]["duplicates"] += count
    stats.per_site = dict(sorted(per_site.items()))
    stats.per_group_month = dict(sorted(groups.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])))
    return stats


def sorted_months(months) -> list[str]:
    return sorted(m for m in months if m != UNKNOWN) + ([UNKNOWN] if UNKNOWN in months else [])


# ---------------------------------------------------------------- text

def month_grid(per_month: Counter) -> list[str]:
    """Articles per month of publication, one line a year (. for none), then those with no date."""
    years = sorted({m[:4] for m in per_month if m != UNKNOWN})
    lines = ["articles per month published" if years else "articles per month published: none dated"]
    if years:
        lines.append("year " + "".join(f"{m:>4}" for m in range(1, 13)) + "  total")
        for year in years:
            counts = [per_month.get(f"{year}-{m:02d}", 0) for m in range(1, 13)]
            lines.append(f"{year} " + "".join(f"{c or '.':>4}" for c in counts) + f"{sum(counts):>7}")
    if per_month.get(UNKNOWN):
        lines.append(f"no date {per_month[UNKNOWN]:>52}")
    return lines


def format_text(stats: Stats) -> str:
    lines = []
    dates = ", ".join(stats.dates) if len(stats.dates) <= 3 else f"{stats.dates[0]} … {stats.dates[-1]}"
    lines.append(f"{stats.articles} articles from {len(stats.per_site)} sites in {', '.join(stats.folders)}"
                 f" (crawl dates: {dates or 'none'})")
    lines.append("")
    width = max([len("site"), len("total")] + [len(s) for s in stats.per_site]) + 2
    lines.append(f"{'site':<{width}}{'articles':>9}{'dated':>7}{'dupes':>7}")
    lines.append("-" * (width + 23))
    for site, row in stats.per_site.items():
        lines.append(f"{site:<{width}}{row['articles']:>9}{row['dated']:>7}{row['duplicates']:>7}")
    lines.append(f"{'total':<{width}}{stats.articles:>9}{stats.dated:>7}{stats.duplicates:>7}")
    lines.append("")
    if stats.grouped_by_province:
        pwidth = max([len("province")] + [len(p) for p in stats.per_group_month]) + 2
        lines.append(f"{'province':<{pwidth}}{'articles':>9}")
        lines.append("-" * (pwidth + 9))
        for group, months in stats.per_group_month.items():
            lines.append(f"{group:<{pwidth}}{sum(months.values()):>9}")
        lines.append("")
    lines += month_grid(stats.per_month)
    lines.append("")
    lines.append(f"duplicates: {stats.duplicates} copies not written, their content already written (duplicates.jsonl)")
    if stats.repeats:
        lines.append(f"repeats: {stats.repeats} records of an article written again (a run with a fresh state), counted once")
    lines.append(f"date coverage: {stats.dated} of {stats.articles} articles have a published date ({stats.coverage:.1f}%)")
    return "\n".join(lines)


# ---------------------------------------------------------------- HTML

CSS = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.5em; margin-bottom: .2em; } h2 { font-size: 1.15em; margin-top: 2em; }
.meta { color: #666; }
table { border-collapse: collapse; margin: .5em 0; }
th, td { padding: .2em .7em; border-bottom: 1px solid #e4e4e4; text-align: right; }
th:first-child, td:first-child { text-align: left; }
thead th { border-bottom: 2px solid #999; }
tr.total td, tr.total th { font-weight: bold; border-top: 2px solid #999; }
td.zero { color: #bbb; }
.chart { overflow-x: auto; border: 1px solid #eee; padding: .5em; }
.chart svg text { font-size: 11px; fill: #444; }
.chart rect.bar:hover { opacity: .7; }
.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .4em 1.4em; }
.legend .swatch { display: inline-block; width: .9em; height: .9em; margin-right: .35em; vertical-align: -.1em; }
"""


def _e(value) -> str:
    return html.escape(str(value), quote=True)


def _month_range(months: list[str]) -> list[str]:
    """Every month from the first to the last dated one (gaps included), then 'unknown'."""
    dated = sorted(m for m in months if m != UNKNOWN)
    result = []
    if dated:
        year, month = map(int, dated[0].split("-"))
        last = tuple(map(int, dated[-1].split("-")))
        while (year, month) <= last:
            result.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    if UNKNOWN in months:
        result.append(UNKNOWN)
    return result


def _nice_max(value: int) -> tuple[int, int]:
    """(axis maximum, tick step) for counts up to value."""
    if value <= 5:
        return max(value, 1), 1
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000):
        if value / step <= 6:
            return -(-value // step) * step, step
    step = 10 ** len(str(value // 6))
    return -(-value // step) * step, step


def chart_svg(stats: Stats, colours: dict) -> str:
    months = _month_range(list(stats.per_month))
    if not months:
        return "<p>No articles.</p>"
    totals = {m: stats.per_month.get(m, 0) for m in months}
    top, tick = _nice_max(max(totals.values()))
    step = max(8, min(48, 960 // len(months)))
    gap = max(3 * step, 40) if UNKNOWN in months else 0  # the "unknown" bar stands apart
    label_every_month = len(months) <= 24
    left, right, above, plot_h, below = 44, 16, 12, 240, 60 if label_every_month else 24
    right += 24 if UNKNOWN in months else 0  # room for its label
    width = left + step * len(months) + gap + right
    height = above + plot_h + below
    out = [f'<svg id="chart" role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
           f'aria-label="Articles per month per {"province" if stats.grouped_by_province else "site"}">']
    for value in range(0, top + 1, tick):
        y = above + plot_h - plot_h * value / top
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e5e5"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" data-tick="{value}">{value}</text>')
    for index, month in enumerate(months):
        x = left + index * step + (gap if month == UNKNOWN else 0)
        y = above + plot_h
        for group, counts in stats.per_group_month.items():
            count = counts.get(month, 0)
            if not count:
                continue
            h = plot_h * count / top
            y -= h
            out.append(
                f'<rect class="bar" x="{x + 1:.1f}" y="{y:.2f}" width="{step - 2}" height="{h:.2f}" '
                f'fill="{colours[group]}" data-province="{_e(group)}" data-month="{month}" data-count="{count}">'
                f'<title>{_e(group)}, {month}: {count} article{"s" if count != 1 else ""}</title></rect>')
        label_y = above + plot_h + 14
        if month == UNKNOWN:
            out.append(f'<text x="{x + step / 2:.1f}" y="{label_y}" text-anchor="middle">no date</text>')
        elif label_every_month:
            out.append(f'<text x="{x + step / 2:.1f}" y="{label_y}" text-anchor="end" '
                       f'transform="rotate(-40 {x + step / 2:.1f} {label_y})">{month}</text>')
        elif month.endswith("-01") or (index == 0 and int(month[5:]) <= 9):
            out.append(f'<line x1="{x}" x2="{x}" y1="{above + plot_h}" y2="{above + plot_h + 5}" stroke="#999"/>')
            out.append(f'<text x="{x}" y="{label_y + 2}" text-anchor="start">{month[:4]}</text>')
    out.append(f'<line x1="{left}" x2="{width - right}" y1="{above + plot_h}" y2="{above + plot_h}" stroke="#999"/>')
    out.append("</svg>")
    return "".join(out)


def format_html(stats: Stats, generated: str | None = None) -> str:
    generated = generated or datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=7))).strftime(
        "%Y-%m-%d %H:%M +07:00")
    colours = {group: PALETTE[i % len(PALETTE)] for i, group in enumerate(stats.per_group_month)}
    grouping = "province" if stats.grouped_by_province else "site"
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Crawl statistics</title>", f"<style>{CSS}</style></head><body>",
        "<h1>Crawl statistics</h1>",
        f'<p class="meta">{_e(", ".join(stats.folders))} · crawl dates {_e(", ".join(stats.dates) or "none")}'
        f" · generated {_e(generated)}</p>",
        '<table id="summary"><tbody>',
    ]
    summary = [
        ("articles", "articles", stats.articles, str(stats.articles)),
        ("sites", "sites", len(stats.per_site), str(len(stats.per_site))),
        ("dated", "with a published date", stats.dated, str(stats.dated)),
        ("coverage", "date coverage", f"{stats.coverage:.1f}", f"{stats.coverage:.1f}%"),
        ("duplicates", "duplicates (copies not written)", stats.duplicates, str(stats.duplicates)),
        ("repeats", "records written again, counted once", stats.repeats, str(stats.repeats)),
    ]
    for key, label, value, shown in summary:
        parts.append(f'<tr data-key="{key}"><th>{_e(label)}</th><td data-value="{value}">{shown}</td></tr>')
    parts.append("</tbody></table>")

    parts.append(f"<h2>Articles per month per {grouping}</h2>")
    if not stats.grouped_by_province:
        parts.append('<p class="meta">No article carries a province (sites crawled by URL, not from the '
                     "registry): bars are grouped by site.</p>")
    parts.append('<ul class="legend" id="legend">')
    for group, months in stats.per_group_month.items():
        total = sum(months.values())
        parts.append(f'<li data-province="{_e(group)}" data-count="{total}"><span class="swatch" '
                     f'style="background:{colours[group]}"></span>{_e(group)} ({total})</li>')
    parts.append("</ul>")
    parts.append(f'<div class="chart">{chart_svg(stats, colours)}</div>')

    groups = list(stats.per_group_month)
    parts.append("<h2>Articles per month</h2>")
    parts.append('<table id="per-month"><thead><tr><th>month</th>')
    parts += [f'<th data-province="{_e(g)}">{_e(g)}</th>' for g in groups]
    parts.append("<th>total</th></tr></thead><tbody>")
    for month in sorted_months(stats.per_month):
        parts.append(f'<tr data-month="{month}"><td>{month}</td>')
        for group in groups:
            count = stats.per_group_month[group].get(month, 0)
            parts.append(f'<td data-province="{_e(group)}" data-month="{month}" data-count="{count}"'
                         f'{" class=zero" if not count else ""}>{count}</td>')
        parts.append(f'<td class="total" data-month="{month}" data-total="{stats.per_month[month]}">'
                     f"{stats.per_month[month]}</td></tr>")
    parts.append('</tbody><tfoot><tr class="total"><td>total</td>')
    for group in groups:
        count = sum(stats.per_group_month[group].values())
        parts.append(f'<td data-province="{_e(group)}" data-total="{count}">{count}</td>')
    parts.append(f'<td data-total="{stats.articles}">{stats.articles}</td></tr></tfoot></table>')

    parts.append("<h2>Articles per site</h2>")
    parts.append('<table id="per-site"><thead><tr><th>site</th><th>articles</th><th>with a date</th>'
                 "<th>date coverage</th><th>duplicates</th></tr></thead><tbody>")
    for site, row in stats.per_site.items():
        coverage = 100.0 * row["dated"] / row["articles"] if row["articles"] else 0.0
        parts.append(
            f'<tr data-site="{_e(site)}"><td>{_e(site)}</td>'
            f'<td data-col="articles" data-count="{row["articles"]}">{row["articles"]}</td>'
            f'<td data-col="dated" data-count="{row["dated"]}">{row["dated"]}</td>'
            f'<td data-col="coverage" data-value="{coverage:.1f}">{coverage:.1f}%</td>'
            f'<td data-col="duplicates" data-count="{row["duplicates"]}">{row["duplicates"]}</td></tr>')
    parts.append(
        f'</tbody><tfoot><tr class="total"><td>total</td><td data-col="articles" data-count="{stats.articles}">'
        f'{stats.articles}</td><td data-col="dated" data-count="{stats.dated}">{stats.dated}</td>'
        f'<td data-col="coverage" data-value="{stats.coverage:.1f}">{stats.coverage:.1f}%</td>'
        f'<td data-col="duplicates" data-count="{stats.duplicates}">{stats.duplicates}</td></tr></tfoot></table>')
    parts.append('<p class="meta">Months are those of <code>published</code>; "unknown" / "no date" counts '
                 "articles without one. Each article is counted once, however many runs or portals wrote it; "
                 "duplicates are the copies the crawl logged in <code>duplicates.jsonl</code> instead.</p>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def write_html(stats: Stats, path: str) -> None:
    from crawler.analysis.export import _atomic
    _atomic(path, lambda f: f.write(format_html(stats)))


def stats_command(args) -> int:
    try:
        stats = compute(args.out_dirs)
    except ExportError as exc:
        return usage_error(str(exc))
    print(format_text(stats))
    if args.html:
        try:
            write_html(stats, args.html)
        except OSError as exc:
            return usage_error(f"cannot write {args.html}: {exc.strerror or exc}")
        print(f"report written to {args.html}", file=sys.stderr)
    return 0


def add_stats_parser(commands) -> None:
    parser = commands.add_parser("stats", help="articles per site and month, duplicates, date coverage; "
                                              "--html writes a report with a chart")
    parser.add_argument("out_dirs", nargs="+", metavar="OUT_DIR")
    parser.add_argument("--html", metavar="FILE", help="also write a self-contained HTML report")

