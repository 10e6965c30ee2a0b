"""Shared by the test files: the crawler's command line run as a subprocess, the settings
that make a test crawl fast, readers of the records a crawl wrote, and fixtures (a
throwaway redis-server, a small disk, the sample-portal crawls that several files read).

Test files import the helpers (`from conftest import run_cli, FAST`): pytest puts tests/ on
sys.path, as it does for hostile_server.py and the other helper modules here.
"""

from __future__ import annotations

import fcntl
import glob
import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from crawler.sample_portals import serve_portals
from crawler.state.localredis import local_redis, redis_server_path

CLI = [sys.executable, "-m", "crawler.cli"]
FAST_SETTINGS = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "LOG_LEVEL": "WARNING"}


def fast(**settings) -> list[str]:
    """`-s NAME=VALUE` arguments: no download delay, no autothrottle, warnings and worse
    logged (FAST_SETTINGS), with `settings` added or overriding them; a setting given as
    None is left out (LOG_LEVEL=None: the default level, which differs from asking for INFO:
    only an asked-for INFO dumps Scrapy's stats)."""
    return [arg for name, value in {**FAST_SETTINGS, **settings}.items() if value is not None
            for arg in ("-s", f"{name}={value}")]


FAST = fast()


def run_cli(*args, timeout: float = 600, text: bool = True, **kwargs) -> subprocess.CompletedProcess:
    """`python -m crawler.cli ARGS` run to its end, stdout and stderr captured (as text, or
    bytes with text=False)."""
    return subprocess.run([*CLI, *map(str, args)], capture_output=True, text=text, timeout=timeout, **kwargs)


def start_cli(*args, **kwargs) -> subprocess.Popen:
    """`python -m crawler.cli ARGS` started in the background, stdout and stderr on text pipes
    unless `kwargs` redirect them."""
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.Popen([*CLI, *map(str, args)], text=True, **kwargs)


def record_files(out, site: str = "*") -> list[str]:
    """The record files a crawl wrote under `out` (OUT/<date>/<site>.jsonl, all dates, every
    site or the one named), in path order; duplicates.jsonl is not a record file."""
    return [path for path in sorted(glob.glob(os.path.join(str(out), "*", f"{site}.jsonl")))
            if os.path.basename(path) != "duplicates.jsonl"]


def _lines(paths) -> list[dict]:
    found = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            found += [json.loads(line) for line in f if line.strip()]
    return found


def read_records(out, site: str = "*") -> list[dict]:
    """Every record under `out` (of one site when `site` is given), file by file in path order."""
    return _lines(record_files(out, site))


def complete_record_lines(out) -> list[bytes]:
    """The whole lines (ending in a newline) of the record files under `out`: safe to call
    while a crawl is writing, whose last line may be half written."""
    found = []
    for path in record_files(out):
        with open(path, "rb") as f:
            found += f.read().split(b"\n")[:-1]
    return found


def read_duplicates(out) -> list[dict]:
    """Every line of the duplicates.jsonl files under `out`, all dates."""
    return _lines(sorted(glob.glob(os.path.join(str(out), "*", "duplicates.jsonl"))))


def read_summary(out) -> dict:
    """OUT/last-summary.json, the summary of the last crawl into `out`."""
    with open(os.path.join(str(out), "last-summary.json"), encoding="utf-8") as f:
        return json.load(f)


# -- the sample portals as registered sites ----------------------------------------------

# The five sample portals: (type, province before 2025, province since 2025)
SAMPLE_REGISTRY = {
    "ubnd-minhlong": ("district-government", "Quảng Ngãi", "Quảng Ngãi"),
    "btgdv-soctrang": ("dan-van-board", "Sóc Trăng", "Cần Thơ"),
    "qbtv": ("provincial-tv", "Quảng Bình", "Quảng Trị"),
    "baosoctrang": ("provincial-newspaper", "Sóc Trăng", "Cần Thơ"),
    "tinhuy-quangbinh": ("party-committee", "Quảng Bình", "Quảng Trị"),
}


def run_registry_crawl(folder: Path, out: Path) -> None:
    """`crawler crawl --registry FOLDER/sites.toml --all` of the five sample portals."""
    entries = []
    with serve_portals() as portals:
        for portal in portals:
            kind, province, province_2025 = SAMPLE_REGISTRY[portal.name]
            entries.append(f'[[site]]\nid = "{portal.name}"\nname = "{portal.name} (sample portal)"\n'
                           f'home = "{portal.base_url}"\ntype = "{kind}"\nprovince = "{province}"\n'
                           f'province_2025 = "{province_2025}"\nstatus = "active"\n')
        registry = folder / "sites.toml"
        registry.write_text("\n".join(entries), encoding="utf-8")
        result = run_cli("crawl", "--registry", registry, "--all", "--out", out, *FAST)
    assert result.returncode == 0, result.stderr[-3000:]


def _once_per_run(tmp_path_factory, name: str, make) -> Path:
    """The folder `name`, made by make(folder) once in this pytest run: the xdist workers
    share it (made under a lock in their common base folder) and later tests reuse it."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # workers' temps share a parent
    folder = shared / name
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "done").exists():
            folder.mkdir(exist_ok=True)
            make(folder)
            (folder / "done").write_text("")
    return folder


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory) -> SimpleNamespace:
    """`crawler demo` run once for the whole test run, read by several files: `result` (its
    exit status, stdout and stderr) and `out`, its output folder (do not write into it: copy
    it first)."""
    def make(folder):
        result = run_cli("demo", "--out", folder / "out")
        (folder / "stdout").write_text(result.stdout, encoding="utf-8")
        (folder / "stderr").write_text(result.stderr, encoding="utf-8")
        (folder / "returncode").write_text(str(result.returncode))

    folder = _once_per_run(tmp_path_factory, "demo", make)
    result = subprocess.CompletedProcess(
        ["crawler", "demo"], int((folder / "returncode").read_text()),
        (folder / "stdout").read_text(encoding="utf-8"), (folder / "stderr").read_text(encoding="utf-8"))
    return SimpleNamespace(result=result, out=folder / "out")


@pytest.fixture(scope="session")
def registry_crawl(tmp_path_factory) -> Path:
    """The output folder of one crawl of the five sample portals as registered sites
    (run_registry_crawl), shared by the whole test run: do not write into it, copy it first."""
    return _once_per_run(tmp_path_factory, "registry",
                         lambda folder: run_registry_crawl(folder, folder / "out")) / "out"


# -- services ------------------------------------------------------------------------------

@pytest.fixture
def redis_url(tmp_path):
    """The URL of a fresh redis-server on a free 127.0.0.1 port, stopped after the test."""
    if redis_server_path() is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    with local_redis(tmp_path) as (url, _):
        yield url


@pytest.fixture
def small_disk(tmp_path):
    """A 192 KB tmpfs: a disk that fills up mid-crawl (skipped where mounting is refused)."""
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=192k", "tmpfs", str(mount_point)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.strip()}")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=False)
