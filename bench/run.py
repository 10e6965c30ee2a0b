"""Throughput and memory benchmark of the crawler (issue #5). A script, not a test:

    python bench/run.py [--articles 3000] [--page-kb 90] [--small 1000] [--parts abcd]
                        [--pairs N] [-s NAME=VALUE ...] [--keep DIR]

It serves the generated NukeViet-style "big" portal (crawler/sample_portals, on 127.0.0.16)
with --articles articles, its HTML pages padded with realistic furniture to 2/3..4/3 of
--page-kb KB (60-120 KB at 90), in this process, and measures side by side:

  (a) ceiling: crawler.extraction.worker.extract_page over exactly the HTML pages crawl (b) fetched,
      in a ProcessPoolExecutor with one worker per core (spawned and warmed up before the
      clock starts; pages handed over in chunks of 8);
  (b) `crawler crawl URL --out DIR` with politeness off (DOWNLOAD_DELAY=0, no AutoThrottle,
      32 requests at a time, LOG_LEVEL=WARNING), default EXTRACT_WORKERS (one per core);
      also on a portal of --small articles, to show that peak memory does not grow with
      the pages crawled;
  (c) bench/naive_spider.py under `scrapy runspider` with the same settings: a CrawlSpider
      calling trafilatura.extract in its callback;
  (d) two `crawler crawl --redis URL` workers (EXTRACT_WORKERS=1 each) on one queue after
      `crawler enqueue`, with a redis-server of our own on a free 127.0.0.1 port.

Pages per second, everywhere: HTML pages (status 200, text/html) run through extraction,
per second of wall-clock time. For (b), (c), (d) the pages are counted by the portal server
as it serves them, so every tool is counted the same way; the wall time runs from starting
the command(s) to their exit, start-up included (for (d) with REDIS_IDLE_TIMEOUT=2, the wait
for an empty queue that ends a worker). "active" rates use the time from the first to the
last page served instead. (a) runs over the same pages as (b), so b/a compares like with
like; articles/s (pages that came out as articles) is shown beside it. The machine's speed
drifts over minutes (the same extraction took 10 % more or less CPU a page from one run to
the next): --pairs N runs (b) then (a) N times, alternately, prints the b/a of every pair and
reports the pair of median b/a; it also prints the b/a of each (b) after the first against
the mean of the (a) runs just before and after it, in which a steady drift cancels. Listings, tag pages
and the like are pages too: the crawl has to fetch and extract them to find the articles.

Fairness: the portal server shares the cores with what it serves, so every page it can
serve is rendered once before any clock starts and then answered from memory by a lean
asyncio server (the portal's own bytes and headers, on persistent HTTP/1.1 connections as
real portal servers keep them). The CPU time per page of each
process is printed for each part: the crawl process, its extraction workers, the portal
server, and other processes on the machine (a busy machine makes every figure worse; the
script warns when others took more than 5 % of the cores). Peak RSS (and PSS, which splits
shared pages between the processes sharing them) is sampled from /proc every 0.1 s: of
the crawl process itself, and of its process tree (with the extraction workers). Each
part runs in a fresh folder; the crawls start with an empty state. Nothing is tuned to meet the targets: the figures are
printed as measured, with PASS/FAIL against the issue's targets (b >= 0.85 a, b >= 1.8 c
on 2 cores, peak RSS of b <= 300 MB, and peak RSS at --articles within 10 % of --small).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import html
import json
import multiprocessing
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from http import HTTPStatus
from urllib.parse import urljoin, urlsplit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS=32",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=32", "-s", "LOG_LEVEL=WARNING"]
CRAWL_EXTRA: list = []  # -s NAME=VALUE of the command line, for (b) and (d) only
CRAWLED_AT = "2026-01-01T00:00:00+07:00"
PAGE = os.sysconf("SC_PAGE_SIZE")
TICK = os.sysconf("SC_CLK_TCK")
MB = 1024 * 1024


# ------------------------------------------------------------------ the portal, from memory
class Portal:
    """The big portal of serve_portals, every page rendered once and then answered from memory
    by a lean asyncio server of this module (on the same 127.0.0.16 address, another port):
    what the portal costs the cores is then close to what the kernel costs, not what
    http.server's per-request thread and header parsing cost. The answers are the portal's
    own: status, Content-Type, Content-Length, its extra headers, ETag and 304 for feeds and
    sitemaps. Logs (time, path, status, content type) of every request while `recording`."""

    HREF = re.compile(r'<(?:a|link)\b[^>]*?\bhref="([^"]*)"|<loc>([^<]+)</loc>|^Sitemap:\s*(\S+)', re.I | re.M)
    STATIC = re.compile(r"\.(css|js|jpe?g|png|gif|ico|woff2?|svg)$", re.I)

    def __init__(self, running):
        self.running = running
        self.render = running.portal.handle
        self.server_header = running.portal.server_header
        self.cache: dict = {}    # path -> (Response, full answer bytes)
        self.log: list = []
        self.recording = False
        self.misses = 0
        self.loop = asyncio.new_event_loop()
        sock = socket.socket()
        sock.bind((running.host, 0))
        self.server = self.loop.run_until_complete(asyncio.start_server(self.client, sock=sock, backlog=1024))
        self.base_url = f"http://{running.host}:{sock.getsockname()[1]}/"
        running.portal.base = self.base_url.rstrip("/")  # absolute links (canonical, sitemaps) point here
        self.thread = threading.Thread(target=self.loop.run_forever, name="bench-portal", daemon=True)
        self.thread.start()

    def close(self):
        self.loop.call_soon_threadsafe(self.server.close)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)

    def get(self, path: str):
        """(Response, answer bytes) of a GET, rendered on the first request only."""
        entry = self.cache.get(path)
        if entry is None:
            resp = self.render("GET", path)
            head = [f"HTTP/1.1 {resp.status} {HTTPStatus(resp.status).phrase}", f"Server: {self.server_header}",
                    f"Content-Type: {resp.ctype}", f"Content-Length: {len(resp.body)}"]
            head += [f"{k}: {v}" for k, v in resp.headers]
            etag = None
            if resp.status == 200 and "xml" in resp.ctype:  # feeds and sitemaps: conditional GET
                etag = '"%s"' % hashlib.sha1(resp.body).hexdigest()[:16]
                head.append(f"ETag: {etag}")
            entry = self.cache[path] = (resp, ("\r\n".join(head) + "\r\n\r\n").encode("latin-1"), etag)
            self.misses += self.recording
        return entry

    async def client(self, reader, writer):
        """HTTP/1.1 with persistent connections, as the portals' IIS, Apache and nginx keep
        them: requests are answered on one connection until the client closes it."""
        try:
            while True:
                request = await reader.readuntil(b"\r\n\r\n")
                line, _, headers = request.partition(b"\r\n")
                method, path = line.decode("latin-1").split(" ")[:2]
                resp, head, etag = self.get(path)
                if self.recording:
                    self.log.append((time.monotonic(), path, resp.status, resp.ctype))
                headers = headers.lower()
                if etag and f"if-none-match: {etag}".encode() in headers:
                    writer.write(f"HTTP/1.1 304 Not Modified\r\nETag: {etag}\r\nContent-Length: 0\r\n\r\n".encode())
                else:
                    writer.write(head if method == "HEAD" else head + resp.body)
                await writer.drain()
                if b"connection: close" in headers:
                    break
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError, ValueError):
            pass
        finally:
            writer.close()

    def prerender(self) -> int:
        """Render every page reachable from /, /robots.txt and /sitemap.xml (same host, no
        static files, no print/search/send-to-friend tool pages)."""
        from crawler.extraction.pagekind import is_tool_url

        host = urlsplit(self.base_url).netloc
        todo, seen = ["/", "/robots.txt", "/sitemap.xml"], set()
        seen.update(todo)
        while todo:
            raw = todo.pop()
            resp = self.get(raw)[0]
            if resp.status != 200 or not any(t in resp.ctype for t in ("html", "xml", "text/plain")):
                continue
            page_url = self.base_url.rstrip("/") + raw
            for m in self.HREF.finditer(resp.body.decode("utf-8", "replace")):
                link = html.unescape(m.group(1) or m.group(2) or m.group(3) or "").strip()
                parts = urlsplit(urljoin(page_url, link))
                if parts.netloc != host or parts.scheme not in ("http", "https"):
                    continue
                path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
                if path in seen or self.STATIC.search(parts.path) or is_tool_url(path):
                    continue
                seen.add(path)
                todo.append(path)
        return len(self.cache)

    def start(self):
        self.log, self.misses, self.recording = [], 0, True

    def stop(self) -> list:
        self.recording = False
        return self.log


def html_pages(log) -> list:
    return [entry for entry in log if entry[2] == 200 and "html" in entry[3]]


def active_seconds(log) -> float:
    return log[-1][0] - log[0][0] if len(log) > 1 else 0.0


# ------------------------------------------------------------------ memory and CPU from /proc
def _stat(pid: str):
    with open(f"/proc/{pid}/stat") as f:
        data = f.read()
    fields = data[data.rindex(")") + 2:].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK  # ppid, utime+stime


def busy_seconds() -> float:
    """CPU seconds all cores have spent busy since boot (/proc/stat), to tell others' load."""
    with open("/proc/stat") as f:
        ticks = [int(x) for x in f.readline().split()[1:9]]  # user nice system idle iowait irq softirq steal
    return (sum(ticks) - ticks[3] - ticks[4]) / TICK


def cpu_of(pids) -> float:
    total = 0.0
    for pid in pids:
        try:
            total += _stat(str(pid))[1]
        except (OSError, ValueError, IndexError):
            pass
    return total


PSS_EVERY = 10
"""PSS is read every PSS_EVERY samples (1 s): /proc/PID/smaps_rollup walks the process's page
tables, 2 ms of CPU for a 110 MB process; read every 0.1 s for the crawl and its two workers,
it took 6-8 % of a core from the crawl it measured, and nothing from (a), which is not sampled."""


class TreeSampler(threading.Thread):
    """Every 0.1 s: RSS of the root processes and of their whole trees, CPU time per process;
    every PSS_EVERY samples, PSS of the trees."""

    def __init__(self, roots: list[int]):
        super().__init__(daemon=True)
        self.roots = set(roots)
        self.peak_root = 0        # largest RSS of one root process
        self.peak_tree = 0        # largest sum of RSS over all roots and their descendants
        self.peak_pss = 0         # largest sum of PSS (shared pages split between sharers) over the trees
        self.cpu: dict = {}       # pid -> (is_root, cpu seconds)
        self.halt = threading.Event()
        self.own_cpu = 0.0
        self.samples = 0

    def sample(self):
        with_pss = self.samples % PSS_EVERY == 0
        self.samples += 1
        tree, todo = set(), [p for p in self.roots]
        while todo:  # the roots and their descendants, through /proc/PID/task/TID/children
            pid = todo.pop()
            tree.add(pid)
            try:
                for tid in os.listdir(f"/proc/{pid}/task"):
                    with open(f"/proc/{pid}/task/{tid}/children") as f:
                        todo += [int(c) for c in f.read().split() if int(c) not in tree]
            except OSError:
                pass
        total = pss = 0
        for pid in tree:
            try:
                with open(f"/proc/{pid}/statm") as f:
                    rss = int(f.read().split()[1]) * PAGE
                if with_pss:
                    with open(f"/proc/{pid}/smaps_rollup") as f:
                        pss += next((int(line.split()[1]) * 1024 for line in f if line.startswith("Pss:")), 0)
            except (OSError, ValueError, IndexError):
                continue
            total += rss
            if pid in self.roots:
                self.peak_root = max(self.peak_root, rss)
            try:
                self.cpu[pid] = (pid in self.roots, _stat(str(pid))[1])
            except (OSError, ValueError, IndexError):
                pass
        self.peak_tree = max(self.peak_tree, total)
        if with_pss:
            self.peak_pss = max(self.peak_pss, pss)

    def run(self):
        while not self.halt.wait(0.1):
            self.sample()
        self.own_cpu = time.thread_time()  # this thread's CPU: not the portal server's

    def finish(self):
        self.halt.set()
        self.join()

    def cpu_split(self) -> tuple[float, float]:
        """(CPU seconds of the root processes, of their descendants)."""
        roots = sum(c for is_root, c in self.cpu.values() if is_root)
        return roots, sum(c for is_root, c in self.cpu.values() if not is_root)


# ------------------------------------------------------------------ running commands
def run_commands(commands: list[list[str]], folder: str, cwd: str = ROOT, helpers=()) -> dict:
    """Start the commands at once, sample their trees, wait for all; wall time and peaks.
    helpers: pids of servers of ours (redis) whose CPU counts with the portal server's."""
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "") if cwd != ROOT else env.get("PYTHONPATH", "")
    logs, procs = [], []
    cpu0, busy0, helpers0 = os.times(), busy_seconds(), cpu_of(helpers)
    t0 = time.monotonic()
    for i, cmd in enumerate(commands):
        log = open(os.path.join(folder, f"cmd{i}.log"), "w")
        logs.append(log)
        procs.append(subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT))
    sampler = TreeSampler([p.pid for p in procs])
    sampler.start()
    codes = [p.wait() for p in procs]
    wall = time.monotonic() - t0
    sampler.finish()
    cpu1, busy1, helpers1 = os.times(), busy_seconds(), cpu_of(helpers)
    for log in logs:
        log.close()
    for i, code in enumerate(codes):
        if code != 0:
            tail = open(os.path.join(folder, f"cmd{i}.log"), errors="replace").read()[-3000:]
            print(f"!! command exited {code}: {' '.join(commands[i])}\n{tail}", file=sys.stderr)
    main_cpu, child_cpu = sampler.cpu_split()
    server_cpu = (cpu1.user - cpu0.user) + (cpu1.system - cpu0.system) + (helpers1 - helpers0) - sampler.own_cpu
    return {"wall": wall, "codes": codes, "peak_root": sampler.peak_root, "peak_tree": sampler.peak_tree,
            "peak_pss": sampler.peak_pss, "cpu_main": main_cpu, "cpu_children": child_cpu, "cpu_server": server_cpu,
            "cpu_sampler": sampler.own_cpu,
            "cpu_others": max(0.0, (busy1 - busy0) - main_cpu - child_cpu - server_cpu - sampler.own_cpu)}


def crawler_cmd(*args) -> list[str]:
    return [sys.executable, "-m", "crawler.cli", *args]


def summary_totals(out: str) -> dict:
    try:
        with open(os.path.join(out, "last-summary.json")) as f:
            return json.load(f)["totals"]
    except (OSError, KeyError, ValueError):
        return {}


def measure_crawl(portal: Portal, folder: str, commands, **extra) -> dict:
    """Run the commands against the portal; pages counted as the portal serves them."""
    os.makedirs(folder, exist_ok=True)
    portal.start()
    result = run_commands(commands, folder, **extra)
    log = html_pages(portal.stop())
    result.update(pages=len(log), active=active_seconds(log), misses=portal.misses,
                  paths=[entry[1] for entry in log])
    return result


def part_b(portal: Portal, work: str, name: str = "b") -> dict:
    out = os.path.join(work, name)
    result = measure_crawl(portal, out, [crawler_cmd("crawl", portal.base_url, "--out", out, *FAST, *CRAWL_EXTRA)])
    totals = summary_totals(out)
    result.update(articles=totals.get("articles_written", 0), pages_fetched=totals.get("pages_fetched", 0))
    return result


def part_c(portal: Portal, work: str) -> dict:
    folder = os.path.join(work, "c")
    os.makedirs(folder, exist_ok=True)
    stats = os.path.join(folder, "naive-stats.json")
    cmd = [sys.executable, "-m", "scrapy", "runspider", os.path.join(ROOT, "bench", "naive_spider.py"),
           "-a", f"start_url={portal.base_url}", "-a", f"stats_out={stats}", *FAST,
           "-s", "ROBOTSTXT_OBEY=True", "-s", "TELNETCONSOLE_ENABLED=False", "-s", "COOKIES_ENABLED=False"]
    cwd = tempfile.mkdtemp(prefix="naive-")  # no scrapy.cfg above it: no project settings
    try:
        result = measure_crawl(portal, folder, [cmd], cwd=cwd)
    finally:
        shutil.rmtree(cwd, ignore_errors=True)
    try:
        with open(stats) as f:
            naive = json.load(f)
    except (OSError, ValueError):
        naive = {}
    result.update(articles=naive.get("extracted", 0), pages_fetched=naive.get("pages", 0))
    return result


def part_d(portal: Portal, work: str) -> dict:
    folder = os.path.join(work, "d")
    os.makedirs(folder, exist_ok=True)
    from crawler.state.localredis import local_redis

    outs = [os.path.join(folder, f"w{i}") for i in (1, 2)]
    with local_redis(folder) as (url, redis):
        subprocess.run(crawler_cmd("enqueue", portal.base_url, "--redis", url), cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        result = measure_crawl(portal, folder, [
            crawler_cmd("crawl", "--redis", url, "--out", out, *FAST, *CRAWL_EXTRA, "-s", "EXTRACT_WORKERS=1",
                        "-s", "REDIS_IDLE_TIMEOUT=2") for out in outs], helpers=[redis.pid])
    totals = [summary_totals(out) for out in outs]
    result.update(articles=sum(t.get("articles_written", 0) for t in totals),
                  pages_fetched=sum(t.get("pages_fetched", 0) for t in totals),
                  per_worker=[t.get("pages_fetched", 0) for t in totals])
    return result


# ------------------------------------------------------------------ (a) the ceiling
def _warm(pages):
    """Pay every first-use cost (imports, trafilatura's and dateparser's lazy set-up) before timing."""
    for page in pages:
        _extract(page)


def _ready(_):
    return os.getpid()


def _extract(page) -> tuple[bool, float]:
    """(article or not, CPU seconds spent) for one page."""
    from crawler.extraction.worker import extract_page

    cpu = time.process_time()
    record, _ = extract_page(page[0], page[1], page[2], CRAWLED_AT)
    return record.get("reason") is None, time.process_time() - cpu


def part_a(portal: Portal, paths: list[str]) -> dict:
    from crawler.extraction.worker import default_workers

    base = portal.base_url.rstrip("/")
    pages = []
    for path in dict.fromkeys(paths):
        resp = portal.get(path)[0]
        pages.append((resp.body, base + path, resp.ctype))
    workers = default_workers()
    warm = pages[:: max(1, len(pages) // 6)][:6]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"), initializer=_warm,
                             initargs=(warm,)) as pool:
        list(pool.map(_ready, range(workers * 4)))  # every worker started and warm
        pids = list(pool._processes)
        cpu0, busy0, own0 = cpu_of(pids), busy_seconds(), os.times()
        t0 = time.monotonic()
        results = list(pool.map(_extract, pages, chunksize=8))
        wall = time.monotonic() - t0
        cpu1, busy1, own1 = cpu_of(pids), busy_seconds(), os.times()
    own = (own1.user - own0.user) + (own1.system - own0.system)
    sizes = sorted(len(p[0]) for p in pages)
    return {"pages": len(pages), "articles": sum(r[0] for r in results), "wall": wall, "active": wall,
            "workers": workers, "cpu_extract": sum(r[1] for r in results), "cpu_main": own,
            "cpu_children": cpu1 - cpu0, "cpu_server": 0.0,
            "cpu_others": max(0.0, (busy1 - busy0) - (cpu1 - cpu0) - own),
            "sizes_kb": (sizes[0] / 1024, statistics.median(sizes) / 1024, sizes[-1] / 1024) if sizes else (0, 0, 0)}


# ------------------------------------------------------------------ report
def rate(n, seconds) -> float:
    return n / seconds if seconds else 0.0


def pair_ratio(a: dict, b: dict) -> float:
    """b/a of one pair: the crawl's pages/s over the ceiling's."""
    return rate(b["pages"], b["wall"]) / rate(a["pages"], a["wall"])


def bracketed_ratios(pairs: list) -> list[float]:
    """b/a of every (b) after the first against the mean rate of the (a) runs just before and
    just after it (order b1 a1 b2 a2 ...): a drift of the machine's speed over the minutes of
    the runs moves (a) and (b) alike and cancels here, where in a pair it counts fully."""
    return [rate(pairs[i][1]["pages"], pairs[i][1]["wall"])
            / statistics.mean(rate(a["pages"], a["wall"]) for a in (pairs[i - 1][0], pairs[i][0]))
            for i in range(1, len(pairs))]


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=3000, help="articles of the portal (default 3000)")
    ap.add_argument("--page-kb", type=int, default=90, help="mean page weight in KB (default 90: 60-120 KB)")
    ap.add_argument("--small", type=int, default=1000,
                    help="articles of the second crawl (b), for the memory check (default 1000; 0: skip)")
    ap.add_argument("--pairs", type=int, default=1,
                    help="run (b) then (a) this many times, alternately, and report the pair of median b/a "
                         "(default 1): the machine's speed drifts between runs minutes apart")
    ap.add_argument("--parts", default="abcd", help="which of a, b, c, d to run (default abcd; a needs b)")
    ap.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                    help="an extra Scrapy setting for the project's crawls (b) and (d), to try a change")
    ap.add_argument("--keep", metavar="DIR", help="work in DIR and keep it (default: a temporary folder)")
    args = ap.parse_args(argv)
    parts = set(args.parts.lower())
    if "a" in parts:
        parts.add("b")
    CRAWL_EXTRA[:] = [x for setting in args.settings for x in ("-s", setting)]

    from crawler.sample_portals.server import serve_portals
    import scrapy
    import trafilatura

    work = os.path.abspath(args.keep) if args.keep else tempfile.mkdtemp(prefix="vnportal-bench-")
    os.makedirs(work, exist_ok=True)
    cores = len(os.sched_getaffinity(0))
    print(f"vnportal-crawler benchmark: {cores} cores, Python {sys.version.split()[0]}, Scrapy {scrapy.__version__}, "
          f"trafilatura {trafilatura.__version__}", flush=True)
    print(f"portal: {args.articles} articles, pages {args.page_kb} KB on average; work folder {work}", flush=True)
    results = {}
    ratios: list[float] = []  # b/a of each (b), (a) pair, in the order run
    bracketed: list[float] = []  # b/a of each (b) after the first, against the (a) before and after it
    try:
        if args.small and "b" in parts:
            with serve_portals(names=["big"], big_articles=args.small, big_page_kb=args.page_kb) as [running]:
                portal = Portal(running)
                try:
                    n = portal.prerender()
                    print(f"[b@{args.small}] {n} pages pre-rendered; crawling ...", flush=True)
                    results["b_small"] = part_b(portal, work, "b-small")
                finally:
                    portal.close()
        with serve_portals(names=["big"], big_articles=args.articles, big_page_kb=args.page_kb) as [running]:
            portal = Portal(running)
            try:
                t0 = time.monotonic()
                n = portal.prerender()
                print(f"{n} pages pre-rendered in {time.monotonic() - t0:.0f} s; serving {portal.base_url}", flush=True)
                pairs = []
                for i in range(max(1, args.pairs) if "b" in parts else 0):
                    print(f"[b] crawler crawl{f' ({i + 1} of {args.pairs})' if args.pairs > 1 else ''} ...", flush=True)
                    b = part_b(portal, work, f"b{i}")
                    a = None
                    if "a" in parts:
                        print("[a] extraction ceiling over the same pages ...", flush=True)
                        a = part_a(portal, b["paths"])
                    pairs.append((a, b))
                if pairs:
                    if pairs[0][0]:
                        ratios = [pair_ratio(a, b) for a, b in pairs]
                        bracketed = bracketed_ratios(pairs)
                        pairs.sort(key=lambda pair: pair_ratio(*pair))
                    a, b = pairs[len(pairs) // 2]
                    results["b"] = b
                    if a:
                        results["a"] = a
                if "c" in parts:
                    print("[c] naive Scrapy spider ...", flush=True)
                    results["c"] = part_c(portal, work)
                if "d" in parts:
                    print("[d] two scrapy-redis workers ...", flush=True)
                    results["d"] = part_d(portal, work)
            finally:
                portal.close()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    report(results, args, cores, ratios, bracketed)
    return 0


def report(results: dict, args, cores: int, ratios: list[float], bracketed: list[float]) -> None:
    a, b, c, d, small = (results.get(k) for k in ("a", "b", "c", "d", "b_small"))
    print()
    if a:
        lo, med, hi = a["sizes_kb"]
        print(f"HTML pages crawled by (b): {a['pages']}, {lo:.0f} / {med:.0f} / {hi:.0f} KB (min / median / max)")
    print("pages/s = HTML pages run through extraction per wall-clock second (start-up included);")
    print("active = the same over the first to last page served; RSS peaks sampled every 0.1 s.")
    print()
    head = (f"{'':44} {'pages':>6} {'articles':>8} {'wall s':>7} {'pages/s':>8} {'active':>7} {'art/s':>6} "
            f"{'RSS main':>9} {'RSS tree':>9} {'PSS tree':>9}")
    print(head)
    print("-" * len(head))
    rows = [("(a)", f"(a) ceiling: extract_page, {a['workers'] if a else 0} processes", a),
            ("(b)", "(b) crawler crawl", b),
            ("(b small)", f"(b) crawler crawl, {args.small}-article portal", small),
            ("(c)", "(c) naive: Scrapy + trafilatura in callback", c),
            ("(d)", "(d) 2 scrapy-redis workers, 1 extractor each", d)]
    rows = [(short, label, r) for short, label, r in rows if r]
    for _, label, r in rows:
        mem = (f"{r['peak_root'] / MB:>7.0f}MB {r['peak_tree'] / MB:>7.0f}MB {r['peak_pss'] / MB:>7.0f}MB"
               if "peak_root" in r else "")
        print(f"{label:44} {r['pages']:>6} {r['articles']:>8} {r['wall']:>7.1f} {rate(r['pages'], r['wall']):>8.1f} "
              f"{rate(r['pages'], r['active']):>7.1f} {rate(r['articles'], r['wall']):>6.1f} {mem}")
    print()
    print("CPU ms per page: crawl process(es) | their extraction workers | portal server (this process, and redis")
    print("for (d)) | other processes on the machine (not ours: a busy machine makes every figure worse) | wall x cores")
    print(f"{'':17} {'crawl':>8} {'workers':>8} {'server':>8} {'ours':>8} {'others':>8} {'wall':>8}")
    for short, _, r in rows:
        n = r["pages"] or 1
        ours = r["cpu_main"] + r["cpu_children"] + r["cpu_server"]
        print(f"{short:17} {r['cpu_main'] / n * 1000:>8.1f} {r['cpu_children'] / n * 1000:>8.1f} "
              f"{r['cpu_server'] / n * 1000:>8.1f} {ours / n * 1000:>8.1f} {r['cpu_others'] / n * 1000:>8.1f} "
              f"{r['wall'] * cores / n * 1000:>8.1f}")
    if a:
        print(f"(a): extraction alone {a['cpu_extract'] / a['pages'] * 1000:.1f} ms per page (process_time in the workers)")
    if b:
        print(f"(b): this script's memory sampler {b['cpu_sampler'] / b['pages'] * 1000:.2f} ms per page (in none of the columns)")
    noisy = [short for short, _, r in rows if r["cpu_others"] > 0.05 * r["wall"] * cores]
    if noisy:
        print(f"WARNING: other processes took more than 5 % of the cores during {', '.join(noisy)}: "
              "those figures are pessimistic; run again on a quiet machine")
    misses = {k: r["misses"] for k, r in results.items() if r.get("misses")}
    if misses:
        print(f"pages rendered during a timed run (not pre-rendered): {misses}")
    if b:
        print(f"(b) summary: pages_fetched={b['pages_fetched']} articles_written={b['articles']}"
              + (f"; (d) pages_fetched per worker: {d['per_worker']}" if d else ""))
    print()
    ra, rb, rc, rd = (rate(r["pages"], r["wall"]) if r else 0 for r in (a, b, c, d))
    if len(ratios) > 1:
        print(f"b/a of each pair, in the order run: {' '.join(f'{x:.2f}' for x in ratios)}; "
              "the table shows the pair of median b/a")
        print(f"b/a of each (b) after the first against the mean of the (a) before and after it: "
              f"{' '.join(f'{x:.2f}' for x in bracketed)}; median {statistics.median(bracketed):.2f}")
    if ra and rb:
        print(f"b/a = {rb / ra:.2f}   target >= 0.85   {verdict(rb / ra >= 0.85)}")
    if rb and rc:
        print(f"b/c = {rb / rc:.2f}   target >= 1.8    {verdict(rb / rc >= 1.8)}"
              + ("" if cores == 2 else f"  (target set for 2 cores; {cores} here)"))
    if rb and rd:
        print(f"d/b = {rd / rb:.2f}   (no target: both workers share the same {cores} cores)")
    if b:
        peak = b["peak_tree"] / MB
        print(f"peak RSS of (b): {b['peak_root'] / MB:.0f} MB crawl process, {peak:.0f} MB with its extraction "
              f"workers (PSS {b['peak_pss'] / MB:.0f} MB)   target <= 300 MB   "
              f"crawl process {verdict(b['peak_root'] <= 300 * MB)}, tree {verdict(peak <= 300)}")
    if b and small:
        grow = b["peak_tree"] / small["peak_tree"] - 1 if small["peak_tree"] else 0
        grow_main = b["peak_root"] / small["peak_root"] - 1 if small["peak_root"] else 0
        print(f"memory flat: peak RSS tree {small['peak_tree'] / MB:.0f} MB at {args.small} articles "
              f"({small['pages']} pages), {b['peak_tree'] / MB:.0f} MB at {args.articles} ({b['pages']} pages): "
              f"{grow:+.1%} (crawl process alone {grow_main:+.1%})   target within 10 %   {verdict(grow <= 0.10)}")
    extra = "".join(f" -s {setting}" for setting in args.settings)
    parts = ("" if args.parts == "abcd" else f" --parts {args.parts}") + (f" --pairs {args.pairs}" if args.pairs > 1 else "")
    print(f"command: python bench/run.py --articles {args.articles} --page-kb {args.page_kb} --small {args.small}"
          f"{parts}{extra}")


if __name__ == "__main__":
    sys.exit(main())
