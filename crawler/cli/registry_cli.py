"""The `crawler sites` command: list the portals of the registry, or check it.

    crawler sites [--registry FILE] [--province NAME] [--type TYPE] [--status active|archive] [--check]

Without ``--check`` it prints one line per selected site (id, type, province -> province
since 2025, status, home) and a count line, and exits 0.  With ``--check`` it checks the
whole registry: "ok: N sites" on stdout and exit 0, or one line per problem on stderr and
exit 2.  A registry that cannot be loaded, or an unknown province, also exits 2.

``add_sites_parser(subparsers)`` adds the subcommand to the `crawler` parser;
``python -m crawler.cli.registry_cli ...`` runs it on its own.
"""

from __future__ import annotations

import argparse
import sys

from crawler.discovery.registry import (
    DEFAULT_REGISTRY,
    SITE_TYPES,
    STATUSES,
    RegistryError,
    check_registry,
    load_registry,
    select_sites,
)

EXIT_OK, EXIT_PROBLEMS = 0, 2


def add_sites_parser(subparsers) -> argparse.ArgumentParser:
    """Add the `sites` subcommand to an argparse subparsers object; returns its parser."""
    sites = subparsers.add_parser("sites", help="list the known portals, or check the registry")
    _add_arguments(sites)
    return sites


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--registry", metavar="FILE",
                        help="registry TOML file (default: the bundled crawler/data/sites.toml)")
    parser.add_argument("--province", metavar="NAME",
                        help="province before or since 2025; accents and case do not matter")
    parser.add_argument("--type", choices=sorted(SITE_TYPES), metavar="TYPE",
                        help="site type: " + ", ".join(sorted(SITE_TYPES)))
    parser.add_argument("--status", choices=sorted(STATUSES), help="only sites of this status")
    parser.add_argument("--check", action="store_true",
                        help="check the registry: 'ok: N sites', or one line per problem (exit 2)")


def sites_command(args) -> int:
    """Run `crawler sites` for the parsed ``args``; returns the exit status."""
    path = getattr(args, "registry", None) or DEFAULT_REGISTRY
    if getattr(args, "check", False):
        return _check(path)
    try:
        sites = select_sites(load_registry(path), province=getattr(args, "province", None),
                             type=getattr(args, "type", None),
                             status=getattr(args, "status", None), all=True)
    except RegistryError as exc:
        for line in str(exc).splitlines():
            print(f"crawler: error: {line}", file=sys.stderr)
        return EXIT_PROBLEMS
    for line in format_table(sites):
        print(line)
    return EXIT_OK


def _check(path: str) -> int:
    problems = check_registry(path)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return EXIT_PROBLEMS
    print(f"ok: {len(load_registry(path))} sites")
    return EXIT_OK


def format_table(sites) -> list[str]:
    """Lines of the sites table: one per site (columns aligned), then a count line."""
    rows = [(s.id, s.type, f"{s.province} → {s.province_2025}", s.status, s.home) for s in sites]
    widths = [max((len(row[i]) for row in rows), default=0) for i in range(4)]
    lines = ["  ".join([*(cell.ljust(w) for cell, w in zip(row, widths)), row[-1]]) for row in rows]
    active = sum(s.status == "active" for s in sites)
    word = "site" if len(rows) == 1 else "sites"
    lines.append(f"{len(rows)} {word} ({active} active, {len(rows) - active} archive)")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="crawler sites", description=__doc__.splitlines()[0])
    _add_arguments(parser)
    return sites_command(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
