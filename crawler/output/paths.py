"""Where a crawl writes: output folder, dated subfolder, per-site files, state folder."""

from __future__ import annotations

import os

from crawler.discovery.urls import safe_filename


def output_dir(settings) -> str:
    return os.path.abspath(settings.get("OUTPUT_DIR") or "output")


def state_dir(settings) -> str:
    return os.path.abspath(settings.get("STATE_DIR") or os.path.join(output_dir(settings), ".state"))


def dated_file(settings, date: str, site: str, suffix: str) -> str:
    """<out>/<date>/<site><suffix>, with `site` made safe so it can never leave the folder."""
    return os.path.join(output_dir(settings), safe_filename(date), safe_filename(site) + suffix)


def check_folder_argument(path: str, what: str) -> str:
    """The absolute path of a folder given on the command line; ValueError for an empty one
    (`--out ''` would otherwise mean the current directory, whose every file a crawl and its
    start-of-run repair would then treat as output)."""
    if not path or not path.strip():
        raise ValueError(f"{what} is empty: give a folder, e.g. --out output")
    return os.path.abspath(path)
