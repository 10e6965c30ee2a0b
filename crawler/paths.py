"""Where a crawl writes: output folder, dated subfolder, per-site files, state folder."""

from __future__ import annotations

import os

from crawler.urls import safe_filename


def output_dir(settings) -> str:
    return os.path.abspath(settings.get("OUTPUT_DIR") or "output")


def state_dir(settings) -> str:
    return os.path.abspath(settings.get("STATE_DIR") or os.path.join(output_dir(settings), ".state"))


def dated_file(settings, date: str, site: str, suffix: str) -> str:
    """<out>/<date>/<site><suffix>, with `site` made safe so it can never leave the folder."""
    return os.path.join(output_dir(settings), safe_filename(date), safe_filename(site) + suffix)
