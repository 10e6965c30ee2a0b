"""Extraction quality on saved real pages: a table per page and the figures the gate pins.

    python bench/quality.py [--realpages ../shared/realpages] [--set vn|aeb] [--json]

For each page: what it is (gold), what we decided (kept, or the reason we rejected it),
body F1 against gold, and on `vn` whether title, published and author are right (with ours
beside gold where they differ). The last lines are the summaries that tests/test_realpages.py
holds to its floors.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crawler.analysis.evaluate import DEFAULT_REALPAGES, evaluate, summarise  # noqa: E402


def _mark(value) -> str:
    return "" if value is None else ("ok" if value else "NO")


def print_table(name: str, results) -> None:
    print(f"== {name}")
    print(f"{'page':<34} {'gold':<12} {'ours':<20} {'F1':>5}  title pub  author")
    for r in results:
        ours = "article" if r.reason is None else r.reason
        f1 = f"{r.f1:.3f}" if r.f1 is not None else ""
        print(f"{r.name[:34]:<34} {r.kind:<12} {ours:<20} {f1:>5}  {_mark(r.title_ok):<5} {_mark(r.published_ok):<4} {_mark(r.author_ok)}")
        if r.kind == "article" and "title" in r.gold:
            for field, ok in (("title", r.title_ok), ("published", r.published_ok), ("author", r.author_ok)):
                if ok is False:
                    print(f"    {field}: ours {r.got.get(field)!r} gold {r.gold.get(field)!r}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--realpages", type=Path, default=DEFAULT_REALPAGES, help="folder laid out as ../shared/realpages")
    parser.add_argument("--set", choices=("vn", "aeb"), help="only this gold set")
    parser.add_argument("--json", action="store_true", help="print only the summaries, as JSON")
    args = parser.parse_args(argv)
    if not args.realpages.is_dir():
        print(f"quality: error: no real pages at {args.realpages} (give --realpages FOLDER)", file=sys.stderr)
        return 2
    results = evaluate(args.realpages)
    if args.set:
        results = {args.set: results.get(args.set, [])}
    summaries = {name: summarise(rs) for name, rs in results.items()}
    if args.json:
        print(json.dumps(summaries, indent=2))
        return 0
    for name, rs in results.items():
        print_table(name, rs)
        print()
    for name, summary in summaries.items():
        print(name, json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in summary.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
