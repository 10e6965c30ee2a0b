"""CPU per page of the project's extraction against trafilatura.extract itself (issue 13).

    python bench/extract_speed.py [--pages 200] [--rounds 1] [--set padded|real|all]
                                  [--processes] [--crawl] [--realpages DIR]

Measured in this one process, interleaved page by page (every candidate runs on a page
before the next page, in an order shuffled from page to page), so a machine that gets busier
or quieter during the run weighs on every candidate alike. Shuffled with a fixed seed (runs
repeat), not rotated: a rotation keeps each candidate behind the same other one, and a
candidate pays for the one before it (the memory it gave back, the caches it emptied). Two
copies of `crawler extract` on the real pages, one always behind `trafilatura fast`, cost
1.5-1.6 ms a page apart in rotated order, and 0.0-0.3 ms shuffled. CPU time
(time.process_time) of each call, summed over the pages:

  trafilatura         trafilatura.extract(html), its defaults (text only)
  trafilatura fast    trafilatura.extract(html, fast=True)
  crawler extract     what `crawler extract FILE` runs per page: extract_article, then
                      finish_record (normalised text, word count, content hash)
  crawl worker        crawler.extraction.worker.extract_page: the record plus the page's
                      canonical links, as the crawl's extraction workers run it

Every candidate gets the page's bytes as fetched. Pages: --pages article pages of the big
sample portal padded to 60-120 KB (crawler/sample_portals, as bench/run.py serves them:
mega menu, sidebar boxes, view state, inline CSS and scripts), and the saved real pages of
../shared/realpages (vn and aeb; --realpages to point elsewhere). Each candidate is first
run once on a few pages spread over the set (so the stop-word lists of the languages
detected are loaded), and the date parser is built as the crawl's workers build it when
they start, so first-use costs (imports, lazy set-up) are not counted.

Prints per page set: ms per page of each candidate and its ratio to trafilatura's
defaults (the issue's target: <= 1.00 for both of ours). --processes also times whole
processes over the same pages (written to a temporary folder): `crawler extract FILE...`
against a Python process looping over trafilatura.extract, each run once on one page and
once on all of them, so start-up is subtracted. --crawl then runs bench/run.py --parts abc
(crawl against its extraction ceiling and the naive trafilatura spider, pages/s on all
cores, peak RSS) on a portal of --crawl-articles articles.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CRAWLED_AT = "2026-01-01T00:00:00+07:00"
HTML = "text/html; charset=utf-8"
WARM_PAGES = 5
ORDER_SEED = 13  # the order of the candidates on each page: shuffled, alike in every run


# ------------------------------------------------------------------ the pages
def padded_portal_pages(count: int, page_kb: int = 90, articles: int = 1000) -> list[tuple[bytes, str, str]]:
    """(bytes, url, content type) of `count` article pages of the big sample portal, padded."""
    from crawler.sample_portals.corpus import load_corpus
    from crawler.sample_portals.portals import PORTALS, build_portal

    portal = build_portal(PORTALS["big"], load_corpus(), big_articles=max(articles, count), big_page_kb=page_kb)
    portal.base = "http://127.0.0.16:8080"
    listed = portal.snapshot()
    step = max(1, len(listed) // count)
    pages = []
    for article in listed[::step][:count]:
        path = portal.article_path(article)
        response = portal.handle("GET", path)
        pages.append((response.body, portal.base + path, response.ctype))
    return pages


def real_pages(folder: Path) -> list[tuple[bytes, str, str]]:
    """The saved pages of a folder laid out as ../shared/realpages, with their URLs."""
    pages = []
    gold = folder / "vn" / "gold.jsonl"
    if gold.is_file():
        for line in gold.read_text(encoding="utf-8").splitlines():
            if line.strip():
                entry = json.loads(line)
                pages.append(((folder / "vn" / entry["file"]).read_bytes(), entry["url"], HTML))
    truth = folder / "aeb" / "ground-truth.json"
    if truth.is_file():
        for key, entry in sorted(json.loads(truth.read_text(encoding="utf-8")).items()):
            pages.append(((folder / "aeb" / "pages" / f"{key}.html").read_bytes(), entry["url"], HTML))
    return pages


# ------------------------------------------------------------------ the candidates
def candidates() -> dict:
    import trafilatura

    from crawler.extraction.extract import extract_article
    from crawler.extraction.worker import extract_page
    from crawler.output.records import finish_record

    return {
        "trafilatura": lambda body, url, ctype: trafilatura.extract(body),
        "trafilatura fast": lambda body, url, ctype: trafilatura.extract(body, fast=True),
        "crawler extract": lambda body, url, ctype: finish_record(extract_article(body, url, content_type=ctype)),
        "crawl worker": lambda body, url, ctype: extract_page(body, url, ctype, CRAWLED_AT),
    }


def interleaved(pages: list, functions: dict, rounds: int) -> dict[str, float]:
    """CPU seconds per page of each function, interleaved page by page in shuffled order.

    The links resolved on earlier pages are remembered (crawler.extraction.extract.RESOLVED_LINKS),
    as in a crawl; each candidate starts a page with what was remembered before the page
    (in this round), so none profits from another's run on the same page."""
    from crawler.extraction.dates import prepare_dateparser
    from crawler.extraction.extract import RESOLVED_LINKS

    names = list(functions)
    prepare_dateparser()  # as the crawl's workers do when they start
    for page in pages[::max(1, len(pages) // WARM_PAGES)][:WARM_PAGES]:  # spread: vn and aeb pages
        for name in names:
            functions[name](*page)
    spent = dict.fromkeys(names, 0.0)
    shuffle = random.Random(ORDER_SEED).shuffle
    for _ in range(rounds):
        RESOLVED_LINKS.clear()  # each round as the first: no page was seen before
        for page in pages:
            order = list(names)
            shuffle(order)
            before = dict(RESOLVED_LINKS)
            for name in order:
                RESOLVED_LINKS.clear()
                RESOLVED_LINKS.update(before)
                start = time.process_time()
                functions[name](*page)
                spent[name] += time.process_time() - start
    runs = max(1, len(pages) * rounds)
    return {name: seconds / runs for name, seconds in spent.items()}


def print_table(title: str, pages: list, per_page: dict[str, float]) -> None:
    sizes = sorted(len(p[0]) for p in pages)
    print(f"== {title}: {len(pages)} pages, {sizes[0] // 1024}-{sizes[-1] // 1024} KB "
          f"(mean {sum(sizes) / len(sizes) / 1024:.0f} KB)")
    base = per_page["trafilatura"]
    for name, seconds in per_page.items():
        print(f"  {name:<18} {seconds * 1000:7.1f} ms/page  {seconds / base:5.2f}x")


# ------------------------------------------------------------------ whole processes
TRAFILATURA_LOOP = ("import sys, trafilatura\n"
                    "for path in sys.argv[1:]:\n"
                    "    with open(path, 'rb') as f:\n"
                    "        trafilatura.extract(f.read())\n")


def _child_cpu(command: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def processes(pages: list) -> dict[str, float]:
    """CPU seconds per page of a whole process over the pages, start-up subtracted."""
    crawler = [sys.executable, "-c", "import sys; from crawler.cli import main; sys.exit(main())", "extract"]
    commands = {"trafilatura": [sys.executable, "-c", TRAFILATURA_LOOP], "crawler extract": crawler}
    with tempfile.TemporaryDirectory(prefix="extract-speed-") as folder:
        files = []
        for index, (body, _, _) in enumerate(pages):
            files.append(os.path.join(folder, f"{index:04d}.html"))
            Path(files[-1]).write_bytes(body)
        result = {}
        for name, command in commands.items():
            one = _child_cpu(command + files[:1])
            every = _child_cpu(command + files)
            result[name] = max(0.0, every - one) / max(1, len(files) - 1)
    return result


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=200, help="padded sample-portal article pages (default 200)")
    ap.add_argument("--rounds", type=int, default=1, help="passes over the pages (default 1)")
    ap.add_argument("--set", choices=("padded", "real", "all"), default="all", help="which pages (default all)")
    ap.add_argument("--realpages", type=Path, default=ROOT.parent / "shared" / "realpages",
                    help="folder laid out as ../shared/realpages (default: that one)")
    ap.add_argument("--processes", action="store_true",
                    help="also time `crawler extract` and a trafilatura loop as whole processes")
    ap.add_argument("--crawl", action="store_true",
                    help="then run bench/run.py --parts abc: crawl vs its ceiling and the naive spider")
    ap.add_argument("--crawl-articles", type=int, default=1000, help="articles of the portal for --crawl")
    args = ap.parse_args(argv)

    sets = []
    if args.set in ("padded", "all"):
        sets.append(("padded sample-portal article pages", padded_portal_pages(args.pages)))
    if args.set in ("real", "all"):
        if args.realpages.is_dir():
            sets.append((f"real pages ({args.realpages.name})", real_pages(args.realpages)))
        else:
            print(f"no real pages at {args.realpages}: skipped (give --realpages FOLDER)", file=sys.stderr)
    functions = candidates()
    import trafilatura

    print(f"in-process CPU per page, interleaved; trafilatura {trafilatura.__version__}, Python "
          f"{sys.version.split()[0]}; ratios against trafilatura.extract defaults")
    for title, pages in sets:
        print_table(title, pages, interleaved(pages, functions, args.rounds))
        if args.processes:
            per_page = processes(pages)
            base = per_page["trafilatura"]
            print("  whole processes, start-up subtracted:")
            for name, seconds in per_page.items():
                print(f"  {name:<18} {seconds * 1000:7.1f} ms/page  {seconds / base:5.2f}x")
    sys.stdout.flush()
    if args.crawl:
        import bench.run  # noqa: PLC0415 - only when asked: it serves a portal and crawls it

        return bench.run.main(["--articles", str(args.crawl_articles), "--small", "0", "--parts", "abc"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
