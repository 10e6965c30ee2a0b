"""Scrapyd: deploy the project with scrapyd-deploy, schedule the portal spider, read its JSONL.

A real Scrapyd (the one installed with `pip install -e '.[test]'`) runs on a free port of
127.0.0.1 with all its directories under the test's tmp dir. The project is deployed with the
real `scrapyd-deploy` and the checkout's own scrapy.cfg and setup.py: the checkout is copied
first, so the egg build's `build/` and `*.egg-info` never land in it, and the test target
(`[deploy:vnportal-pytest]`, pointing at the test port) comes from a scrapy.cfg under
XDG_CONFIG_HOME, one of the places scrapyd-deploy reads targets from, so it inherits the
project name from the checkout's `[deploy]`. Then, as the README's cron line does, a POST to
schedule.json crawls the "qbtv" sample portal, listjobs.json is polled until the job is
finished, and the JSONL it wrote is checked against the stories the portal publishes.
"""

from __future__ import annotations

import configparser
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("scrapyd")

from crawler.clock import now_vn, run_date  # noqa: E402
from crawler.sample_portals import expected_articles, serve_portals  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TARGET = "vnportal-pytest"
VERSION = "r1"
JOB_TIMEOUT = 180
# Not copied for the egg build: VCS, virtualenvs, build leftovers, crawl output, caches.
NOT_COPIED = {".git", ".hg", ".venv", "venv", ".tox", ".nox", "build", "dist", "output",
              ".pytest_cache", ".benchmarks", ".mypy_cache", ".ruff_cache", "tests", "bench"}


def _project_name() -> str:
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "scrapy.cfg", encoding="utf-8")
    return cfg.get("deploy", "project")


# -- HTTP ---------------------------------------------------------------------------------
def _get(url: str, timeout: float = 10) -> dict:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.loads(response.read().decode("utf-8"))


def _post(url: str, fields: list[tuple[str, str]], timeout: float = 60) -> dict:
    data = urllib.parse.urlencode(fields).encode("ascii")
    with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=timeout) as response:
        return json.loads(response.read().decode("utf-8"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path: Path, chars: int = 6000) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")[-chars:]
    except OSError as exc:
        return f"(no {path}: {exc})"


# -- Scrapyd ------------------------------------------------------------------------------
class Scrapyd:
    """A scrapyd process in its own session (so its crawl children die with it)."""

    def __init__(self, home: Path):
        self.home = home
        self.eggs_dir, self.logs_dir = home / "eggs", home / "logs"
        self.items_dir, self.dbs_dir = home / "items", home / "dbs"
        self.stdout = home / "scrapyd.out"
        self.proc: subprocess.Popen | None = None
        self.url = ""

    def start(self, attempts: int = 3) -> None:
        for _ in range(attempts):
            port = _free_port()
            (self.home / "scrapyd.conf").write_text(
                "[scrapyd]\n"
                "bind_address = 127.0.0.1\n"
                f"http_port = {port}\n"
                "username =\npassword =\nunix_socket_path =\n"
                f"eggs_dir = {self.eggs_dir}\n"
                f"logs_dir = {self.logs_dir}\n"
                f"items_dir = {self.items_dir}\n"
                f"dbs_dir = {self.dbs_dir}\n"
                "jobs_dir =\n"
                "max_proc = 1\n"
                "poll_interval = 0.5\n",
                encoding="utf-8")
            self.url = f"http://127.0.0.1:{port}/"
            with open(self.stdout, "ab") as out:  # cwd=home: scrapyd reads ./scrapyd.conf
                self.proc = subprocess.Popen([sys.executable, "-m", "scrapyd"], cwd=self.home,
                                             stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and self.proc.poll() is None:
                try:
                    if _get(self.url + "daemonstatus.json", timeout=2).get("status") == "ok":
                        return
                except (OSError, ValueError):
                    pass
                time.sleep(0.2)
            if self.proc.poll() is None:  # up but not answering on our port
                break
            self.proc = None  # died at once: most likely the port was taken meanwhile; try another
        self.stop()
        hint = " (a ~/.scrapyd.conf overrides ./scrapyd.conf)" if Path("~/.scrapyd.conf").expanduser().exists() else ""
        pytest.fail(f"scrapyd did not answer on {self.url}{hint}:\n{_tail(self.stdout)}")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.proc.pid, sig)  # its own session: scrapyd and any crawl it started
            except ProcessLookupError:
                return
            try:
                self.proc.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                continue

    def job_log(self, project: str, spider: str, job: str) -> Path:
        return self.logs_dir / project / spider / f"{job}.log"


def _copy_checkout(dest: Path) -> Path:
    def ignore(directory, names):
        top = Path(directory) == ROOT
        return {n for n in names
                if n == "__pycache__" or n.endswith((".pyc", ".egg-info"))
                or (top and n in NOT_COPIED)}
    shutil.copytree(ROOT, dest, ignore=ignore)
    return dest


def _deploy(checkout: Path, scrapyd_url: str, tmp: Path) -> subprocess.CompletedProcess:
    """`scrapyd-deploy vnportal-pytest` in the copied checkout, the target in XDG_CONFIG_HOME."""
    deploy = BIN / "scrapyd-deploy"
    if not deploy.exists():
        pytest.fail(f"{deploy} not found: scrapyd-client is not installed (pip install -e '.[test]')")
    xdg = tmp / "xdg"
    xdg.mkdir()
    (xdg / "scrapy.cfg").write_text(f"[deploy:{TARGET}]\nurl = {scrapyd_url}\n", encoding="utf-8")
    (tmp / "tmp").mkdir()
    env = dict(os.environ, XDG_CONFIG_HOME=str(xdg), TMPDIR=str(tmp / "tmp"))
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    # --debug: setup.py's output is shown (else it goes to /dev/null) and its build dir kept in TMPDIR
    return subprocess.run([str(deploy), TARGET, "--version", VERSION, "--debug"], cwd=checkout, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("scrapyd")
    project = _project_name()
    server = Scrapyd(tmp / "server")
    server.home.mkdir()
    out = tmp / "out"
    server.start()
    try:
        deployed = _deploy(_copy_checkout(tmp / "checkout"), server.url, tmp)
        assert deployed.returncode == 0, f"scrapyd-deploy failed:\n{deployed.stdout}\n{deployed.stderr[-6000:]}"
        response = json.loads(deployed.stdout.strip().splitlines()[-1])
        spiders = _get(server.url + "listspiders.json?" + urllib.parse.urlencode({"project": project}))
        with serve_portals(names=["qbtv"]) as running:
            portal = running[0]
            dates = {run_date(now_vn())}
            scheduled = _post(server.url + "schedule.json", [
                ("project", project), ("spider", "portal"), ("start_url", portal.base_url),
                ("setting", f"OUTPUT_DIR={out}"), ("setting", "DOWNLOAD_DELAY=0"),
                ("setting", "AUTOTHROTTLE_ENABLED=False"),
            ])
            assert scheduled.get("status") == "ok", scheduled
            job = scheduled["jobid"]
            log = server.job_log(project, "portal", job)
            started = time.monotonic()
            while True:
                jobs = _get(server.url + "listjobs.json?" + urllib.parse.urlencode({"project": project}))
                if any(j["id"] == job for j in jobs["finished"]):
                    break
                if time.monotonic() - started > JOB_TIMEOUT:
                    try:
                        _post(server.url + "cancel.json", [("project", project), ("job", job)])
                    except OSError:
                        pass
                    pytest.fail(f"job {job} not finished after {JOB_TIMEOUT} s: {jobs}\n"
                                f"job log:\n{_tail(log)}\nscrapyd:\n{_tail(server.stdout)}")
                time.sleep(0.5)
            dates.add(run_date(now_vn()))
            expected = [s for s in expected_articles(running) if s.site == portal.host]
        return dict(project=project, server=server, deployed=response, spiders=spiders, out=out,
                    portal=portal, dates=dates, expected=expected, job=job, log=log,
                    job_seconds=time.monotonic() - started)
    finally:
        server.stop()


def test_scrapy_cfg_has_a_deploy_target():
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "scrapy.cfg", encoding="utf-8")
    assert cfg.get("settings", "default") == "settings"
    assert cfg.get("deploy", "url").rstrip("/") == "http://127.0.0.1:6800"
    assert cfg.get("deploy", "project") == "vnportal"


def test_deploy_uploads_an_egg_with_the_whole_project(run):
    assert run["deployed"]["status"] == "ok", run["deployed"]
    assert run["deployed"]["project"] == run["project"]
    assert run["spiders"]["status"] == "ok" and "portal" in run["spiders"]["spiders"], run["spiders"]
    egg = run["server"].eggs_dir / run["project"] / f"{VERSION}.egg"
    with zipfile.ZipFile(egg) as z:
        names = set(z.namelist())
        entry_points = configparser.ConfigParser()
        entry_points.read_string(z.read("EGG-INFO/entry_points.txt").decode("utf-8"))
    assert entry_points.get("scrapy", "settings") == "settings"
    wanted = {"settings.py"}
    for package in ("crawler", "spiders", "pipelines"):
        for path in (ROOT / package).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and (
                    path.suffix == ".py" or path.parent.name == "data"):
                wanted.add(path.relative_to(ROOT).as_posix())
    assert "crawler/sample_portals/families/__init__.py" in wanted
    assert "crawler/sample_portals/data/stories.txt" in wanted
    missing = sorted(wanted - names)
    assert not missing, f"not in the egg: {missing}"


def test_scheduled_job_finishes_and_logs_a_clean_close(run):
    log = run["log"].read_text(encoding="utf-8", errors="replace")
    assert "Spider closed (finished)" in log, log[-4000:]
    assert "(bot: vnportal)" in log, log[:2000]  # the egg's settings module was used
    assert "Traceback" not in log, log[-6000:]


def test_scheduled_job_writes_every_story_once(run):
    host = run["portal"].host
    files = sorted(run["out"].glob(f"*/{host}.jsonl"))
    log_tail = _tail(run["log"])
    assert len(files) == 1, f"{files} under {run['out']}\njob log:\n{log_tail}"
    assert files[0].parent.name in run["dates"]
    records = []
    for number, line in enumerate(files[0].read_text(encoding="utf-8").splitlines(), 1):
        record = json.loads(line)
        assert isinstance(record, dict), (number, line[:200])
        for field in ("title", "text", "url"):
            assert isinstance(record.get(field), str) and record[field].strip(), (number, field, line[:300])
        records.append(record)
    url_to_story = {url: story.key for story in run["expected"] for url in story.urls}
    unexpected = [r["url"] for r in records if r["url"] not in url_to_story]
    assert not unexpected, f"records that are not the portal's stories: {unexpected[:10]}"
    keys = [url_to_story[r["url"]] for r in records]
    assert len(set(r["url"] for r in records)) == len(records), "a URL written twice"
    assert len(set(keys)) == len(keys), "a story written twice"
    assert len(set(r["content_hash"] for r in records)) == len(records), "a content hash written twice"
    assert len(records) == len(run["expected"]), (
        f"{len(records)} records, {len(run['expected'])} stories; missing: "
        f"{sorted(set(s.key for s in run['expected']) - set(keys))}")
