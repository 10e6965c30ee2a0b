"""The `crawler` command: crawl portals, extract pages by hand, run the demo.

    crawler crawl URL [URL ...] --out DIR [--state DIR] [--max-pages N] [-s NAME=VALUE ...]
    crawler extract PATH_OR_URL [...] [--url URL]
    crawler demo [--out DIR]
    crawler reextract WARC [WARC ...] --out DIR
    crawler enqueue URL|--site ID|--all --redis URL; crawler crawl --redis URL --out DIR
    crawler sites [--province NAME] [--type TYPE] [--status S] [--check]
    crawler export OUT_DIR [...] --to FILE.parquet|FILE.csv|FILE.jsonl [--since D] [--site ID] [--province P]
    crawler stats OUT_DIR [...] [--html FILE]

Exit status: 0 the crawl ran; 1 nothing useful could be fetched; 2 a usage error, with a
one-line reason on stderr, before any request is made; 3 another crawl holds the state
folder (nothing was fetched); 4 the output folder failed mid-crawl (disk full or
read-only: what was written is whole, the crawl stopped); 5 the crawl was cut short
(--max-pages, SIGINT, SIGTERM, a CLOSESPIDER_* limit): the next run continues it.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import re
import sys
import tempfile
from urllib.parse import urlsplit

from crawler.clock import since_day
from crawler.cms import CmsDataError, families


EXIT_OK, EXIT_NOTHING_FETCHED, EXIT_USAGE, EXIT_STATE_BUSY, EXIT_OUTPUT_FAILED = 0, 1, 2, 3, 4
EXIT_CUT_SHORT = 5  # stopped before the end; what it left on the frontier, the next run continues


class UsageError(Exception):
    """A bad argument: reported as one line on stderr, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own errors: one line, status 2
        raise UsageError(message)


MAX_URL_LENGTH = 2083  # Scrapy's URLLENGTH_LIMIT: a longer start URL would be dropped without a word
_HOST_LABEL = re.compile(r"^[^\W_](?:[\w-]{0,61}[^\W_])?$")  # letters (any script), digits, inner hyphens


def _shown(url: str, limit: int = 80) -> str:
    """A URL as an error message shows it: quoted, and cut when it is long."""
    return repr(url if len(url) <= limit else url[:limit] + "…")


def valid_host(host: str) -> bool:
    """A DNS name (IDN letters allowed) or an IP address: no spaces, no stray characters."""
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    labels = host.rstrip(".").split(".")
    return 0 < len(host) <= 253 and all(_HOST_LABEL.match(label) for label in labels)


def check_url(url: str) -> str:
    url = url.strip()
    if len(url) > MAX_URL_LENGTH:
        raise UsageError(f"URL too long ({len(url):,} characters, at most {MAX_URL_LENGTH:,}): {_shown(url)}")
    try:
        parts = urlsplit(url)
    except ValueError as exc:  # "Invalid IPv6 URL"
        raise UsageError(f"not a valid URL ({exc}): {_shown(url)}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"not an http(s) URL: {_shown(url)}")
    if not valid_host(parts.hostname):
        raise UsageError(f"bad host name {parts.hostname!r} in URL: {_shown(url)}")
    try:
        parts.port
    except ValueError:
        raise UsageError(f"bad port in URL: {_shown(url)}") from None
    return url


def check_writable_dir(path: str, what: str) -> str:
    from crawler.output.layout import check_folder_argument
    try:
        path = check_folder_argument(path, what)  # `--out ''` is refused
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    try:
        os.makedirs(path, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".write-test-"):
            pass
    except OSError as exc:
        raise UsageError(f"{what} {path} is not writable: {exc.strerror or exc}") from None
    return path


def parse_settings(pairs: list[str]) -> dict:
    """-s NAME=VALUE pairs, each value checked against crawler.cli.usersettings.SETTING_TYPES."""
    from crawler.cli.usersettings import BadSetting, convert
    settings = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"-s expects NAME=VALUE, got {pair!r}")
        try:
            settings[name.strip()] = convert(name.strip(), value)
        except BadSetting as exc:
            raise UsageError(str(exc)) from None
    return settings


def default_state(out: str, state: str | None) -> str:
    """The state folder: --state, or the layout's default under the output folder."""
    from crawler.output.layout import OutputLayout
    return OutputLayout(out, state).state_dir


def check_state(state: str, *, seen_store: bool = True) -> str:
    """A state folder whose lock or SQLite store is damaged: one line naming the file, exit 2."""
    from crawler.state.statelock import StateDamaged, check_state_folder
    try:
        check_state_folder(state, seen_store=seen_store)
    except StateDamaged as exc:
        raise UsageError(str(exc)) from None
    return state


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("vnportal-crawler")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


def _add_site_selection(command) -> None:
    """The options that choose registered sites (crawl and enqueue take the same)."""
    command.add_argument("--site", action="append", default=[], metavar="ID", help="a registered site (repeatable)")
    command.add_argument("--province", help="registered sites of a province (old or 2025 name)")
    command.add_argument("--type", help="registered sites of a type, e.g. provincial-tv")
    command.add_argument("--all", action="store_true", help="every active registered site")
    command.add_argument("--registry", help="registry file (default: the bundled crawler/data/sites.toml)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="crawler", description="Crawl Vietnamese provincial portals into dated JSONL.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}",
                        help="print the version and exit")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    crawl = commands.add_parser("crawl", help="crawl portals from their start URLs or from the registry")
    crawl.add_argument("urls", nargs="*", metavar="URL", help="start URL of a portal (http or https); several allowed")
    _add_site_selection(crawl)
    crawl.add_argument("--since", help="only articles published on or after YYYY-MM-DD")
    crawl.add_argument("--refresh", action="store_true", help="fetch known articles again")
    crawl.add_argument("--redis", metavar="redis://HOST:PORT/DB",
                       help="join a distributed crawl: queue, fingerprints and dedup store in Redis")
    crawl.add_argument("--archive", action="store_true",
                       help="also keep every fetched page raw in OUT/<date>/<site>.warc.gz")
    crawl.add_argument("--resume", action="store_true",
                       help="no longer needed, kept for old command lines: every run continues what an "
                            "earlier one left unfinished")
    crawl.add_argument("--topics", metavar="FILE", help="topics file (TOML) instead of the built-in dân vận topics")
    crawl.add_argument("--only-topics", action="store_true", help="write only records with at least one topic")
    crawl.add_argument("--out", default="output", help="output folder for the dated JSONL files (default: output)")
    crawl.add_argument("--state", help="state folder kept between runs (default: OUT/.state)")
    crawl.add_argument("--max-pages", type=int, metavar="N", help="send at most N requests (robots.txt included), then stop "
                       "(exit 5; the next run continues)")
    crawl.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                       help="any Scrapy setting, e.g. -s DOWNLOAD_DELAY=0 (repeatable; numbers, "
                            "True/False and LOG_LEVEL names are checked before the crawl)")

    extract = commands.add_parser("extract", help="print one JSON record per page (file or URL)")
    extract.add_argument("inputs", nargs="+", metavar="PATH_OR_URL", help="a saved HTML file or a page URL")
    extract.add_argument("--url", help="the page's URL, for a saved file (dates and links use it)")
    extract.add_argument("--explain", action="store_true",
                         help="also say on stderr which signals decided article or not, page by page")
    extract.add_argument("--topics", metavar="FILE", help="topics file (TOML) instead of the built-in topics")

    enqueue = commands.add_parser("enqueue", help="start a distributed crawl: push start URLs to Redis")
    enqueue.add_argument("urls", nargs="*", metavar="URL", help="start URL of a portal (http or https)")
    _add_site_selection(enqueue)
    enqueue.add_argument("--redis", required=True, metavar="redis://HOST:PORT/DB",
                         help="the Redis server that holds the shared queue")

    reextract = commands.add_parser("reextract", help="extract again from WARC archives, no network")
    reextract.add_argument("warcs", nargs="+", metavar="WARC", help="a .warc.gz written by crawler crawl --archive")
    reextract.add_argument("--out", required=True, help="output folder for the new records")
    reextract.add_argument("--state", help="state folder (default: OUT/.state)")

    from crawler.cli.registry_cli import add_sites_parser
    add_sites_parser(commands)
    from crawler.analysis.export import add_export_parser
    add_export_parser(commands)
    from crawler.analysis.stats import add_stats_parser
    add_stats_parser(commands)
    for name in ("export", "stats"):  # their OUT_DIR positionals, where export.py/stats.py give no help
        for action in commands.choices[name]._actions:
            if action.dest == "out_dirs" and not action.help:
                action.help = "an output folder of crawler crawl (OUT/<date>/<site>.jsonl); several are merged"

    demo = commands.add_parser("demo", help="serve the bundled sample portals and crawl them")
    demo.add_argument("--out", default="output", help="output folder (default: output)")
    demo.add_argument("--state", help="state folder (default: OUT/.state)")
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        families()  # the CMS family files (crawler/data/cms/), checked before any command
        if args.command == "crawl":
            return run_crawl(args)
        if args.command == "extract":
            return run_extract(args)
        if args.command == "demo":
            return run_demo(args)
        if args.command == "enqueue":
            return run_enqueue(args)
        if args.command == "reextract":
            return run_reextract(args)
        if args.command == "sites":
            from crawler.cli.registry_cli import sites_command
            return sites_command(args)
        if args.command == "export":
            from crawler.analysis.export import export_command
            return reading_records(export_command, args)
        if args.command == "stats":
            from crawler.analysis.stats import stats_command
            return reading_records(stats_command, args)
    except (UsageError, CmsDataError) as exc:
        print(f"crawler: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `crawler sites | head`
        sys.stderr.close()
        return EXIT_OK
    return EXIT_USAGE


def reading_records(command, args) -> int:
    """Run `export` or `stats`; a record with a field of the wrong type is a usage error naming
    its file and line (crawler.output.recordtypes), not a traceback from deep inside pyarrow."""
    from crawler.output.recordtypes import RecordTypeError, find_bad_record
    try:
        return command(args)
    except RecordTypeError as exc:
        raise UsageError(str(exc)) from None
    except (TypeError, ValueError, AttributeError, KeyError):
        problem = find_bad_record(args.out_dirs)
        if problem is None:
            raise  # not the input's fault: a bug, with its traceback
        raise UsageError(f"{problem}; fix or remove that line") from None


def check_date(value: str | None) -> str | None:
    try:
        return since_day(value)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def check_topics_file(path: str | None) -> str | None:
    """--topics: the file's absolute path once it loads; a missing or bad file is a usage error."""
    if path is None:
        return None
    from crawler.analysis.topics import TopicsError, load_topics
    try:
        load_topics(path)
    except TopicsError as exc:
        raise UsageError(str(exc)) from None
    return os.path.abspath(path)


def registry_selection(args) -> list:
    """The registered sites chosen by --site/--province/--type/--all (empty if none asked)."""
    if not (args.site or args.province or args.type or args.all):
        return []
    from crawler.discovery.registry import RegistryError, load_registry, select_sites
    try:
        sites = select_sites(load_registry(args.registry), ids=args.site, province=args.province,
                             type=args.type, status=None if args.site else "active", all=args.all)
    except (RegistryError, OSError) as exc:
        raise UsageError(str(exc).splitlines()[0]) from None
    if not sites:
        raise UsageError("no registered site matches the selection")
    return sites


def check_redis_url(url: str) -> str:
    problem = f"--redis expects redis://HOST:PORT/DB, got {_shown(url)}"
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise UsageError(problem)
    try:
        parts = urlsplit(url)
        parts.port
        import redis
        redis.ConnectionPool.from_url(url)  # parses, does not connect
    except ValueError as exc:
        raise UsageError(f"{problem} ({exc})") from None
    if parts.scheme != "unix" and not (parts.hostname and valid_host(parts.hostname)):
        raise UsageError(f"{problem} (no valid host)")
    if parts.scheme != "unix" and parts.path.strip("/") and not parts.path.strip("/").isdigit():
        raise UsageError(f"{problem} (the database is a number)")
    return url


def run_enqueue(args) -> int:
    urls = [check_url(u) for u in args.urls]
    sites = registry_selection(args)
    if not urls and not sites:
        raise UsageError("give start URLs or choose registered sites (--site, --province, --type, --all)")
    from redis.exceptions import RedisError

    from crawler.state.distributed import enqueue
    try:
        count = enqueue(check_redis_url(args.redis), urls, sites)
    except RedisError as exc:
        print(f"crawler: cannot reach Redis at {args.redis}: {exc}", file=sys.stderr)
        return EXIT_NOTHING_FETCHED
    print(f"queued {count} start URLs in {args.redis}", file=sys.stderr)
    return EXIT_OK


def run_crawl(args) -> int:
    urls = [check_url(u) for u in args.urls]
    sites = registry_selection(args)
    if args.redis:
        check_redis_url(args.redis)
    elif not urls and not sites:
        raise UsageError("give start URLs or choose registered sites (--site, --province, --type, --all)")
    if args.max_pages is not None and args.max_pages < 1:
        raise UsageError("--max-pages must be a positive number")
    since = check_date(args.since)
    topics_file = check_topics_file(args.topics)
    out = check_writable_dir(args.out, "output folder")
    state = check_state(check_writable_dir(default_state(out, args.state), "state folder"),
                        seen_store=not args.redis)
    overrides = parse_settings(args.settings)
    if since:
        overrides["CRAWL_SINCE"] = since
    if args.refresh:
        overrides["CRAWL_REFRESH"] = True
    if args.resume:
        overrides["CRAWL_RESUME"] = True
    if args.archive:
        overrides["ARCHIVE_ENABLED"] = True
    if topics_file:
        overrides["TOPICS_FILE"] = topics_file
    if args.only_topics:
        overrides["TOPICS_ONLY"] = True
    if args.redis:
        from redis.exceptions import RedisError

        from crawler.state.distributed import connect, redis_settings
        try:
            connect(args.redis)
        except RedisError as exc:
            print(f"crawler: cannot reach Redis at {args.redis}: {exc}", file=sys.stderr)
            return EXIT_NOTHING_FETCHED
        overrides = {**redis_settings(args.redis), **overrides}
    from crawler.cli.run import crawl  # imports Scrapy; kept off the usage-error path
    summary = crawl(urls, out=out, state=state, max_pages=args.max_pages, overrides=overrides, sites=sites)
    if summary.get("output_error"):
        print(f"crawler: {summary['output_error']}; the crawl stopped, records written so far are whole",
              file=sys.stderr)
        return EXIT_OUTPUT_FAILED
    if summary.get("state_locked"):
        print(f"crawler: {summary['state_locked']}; try again when it has finished", file=sys.stderr)
        return EXIT_STATE_BUSY
    if summary.get("cut_short"):
        return EXIT_CUT_SHORT
    if args.redis and not summary["totals"]["errors"]:
        return EXIT_OK  # a worker that found the shared queue empty did its job
    return EXIT_OK if summary["totals"]["pages_fetched"] > 0 and _any_page_ok(summary) else EXIT_NOTHING_FETCHED


def _any_page_ok(summary: dict) -> bool:
    totals = summary["totals"]
    return totals["articles_written"] + totals["duplicates"] + totals["non_articles"] > 0


def run_extract(args) -> int:
    from crawler.extraction.extract import extract_article
    from crawler.extraction.verdict import split_verdict
    from crawler.output.records import finish_record, registry_fields
    from crawler.discovery.registry import registered_profile
    from crawler.cli.fetch import read_input
    from crawler.analysis.topics import load_topics, with_topics
    topics = load_topics(check_topics_file(args.topics))
    status = EXIT_OK
    for item in args.inputs:
        try:
            body, url, content_type = read_input(item, args.url)
        except (OSError, ValueError) as exc:
            print(f"crawler: error: cannot read {item}: {exc}", file=sys.stderr)
            status = EXIT_NOTHING_FETCHED
            continue
        profile = registered_profile(url) if url else None
        why: list[str] = []
        record = extract_article(body, url, content_type=content_type,
                                 prune_xpath=profile.drop_xpaths() if profile else None,
                                 body_xpath=profile.body_xpath() if profile else None, explain=why)
        record, verdict = split_verdict(record)
        if args.explain:
            print(f"{item}: {verdict.reason or 'article'}: {'; '.join(why) or 'no signal'}", file=sys.stderr)
        record = with_topics(finish_record({**record, **registry_fields(profile)}), topics)
        if verdict.reason:
            record["reason"] = verdict.reason
        print(json.dumps(record, ensure_ascii=False))
    return status


def run_reextract(args) -> int:
    for path in args.warcs:
        if not os.path.isfile(path):
            raise UsageError(f"no such WARC file: {path}")
        check_warc(path)
    out = check_writable_dir(args.out, "output folder")
    state = check_state(check_writable_dir(default_state(out, args.state), "state folder"))
    from crawler.cli.run import reextract
    summary = reextract([os.path.abspath(p) for p in args.warcs], out=out, state=state)
    return EXIT_OK if _any_page_ok(summary) else EXIT_NOTHING_FETCHED


def check_warc(path: str) -> None:
    """A file that is not a WARC archive is refused with one line (warcio's own message quotes
    the file's first bytes, binary and all)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed
    try:
        with open(path, "rb") as stream:
            next(iter(ArchiveIterator(stream)), None)
    except (ArchiveLoadFailed, OSError, EOFError, ValueError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else "no WARC record at its start"
        raise UsageError(f"not a WARC file: {path} ({why}); give the .warc.gz files of crawler crawl --archive") from None


def run_demo(args) -> int:
    out = check_writable_dir(args.out, "output folder")
    state = check_state(check_writable_dir(default_state(out, args.state), "state folder"))
    from crawler.cli.demo import run_demo as demo
    summary, result = demo(out, state, lambda line: print(line, file=sys.stderr))
    print(f"records in {out}/{summary.get('started_at', '')[:10]}/", file=sys.stderr)
    print(json.dumps(result, ensure_ascii=False))
    return EXIT_OK if _any_page_ok(summary) else EXIT_NOTHING_FETCHED


if __name__ == "__main__":
    sys.exit(main())
