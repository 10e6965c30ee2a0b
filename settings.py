"""Scrapy settings for the portal crawler (used by `scrapy crawl` and by `crawler crawl`).

Politeness, retries, robots.txt, size limits and offsite filtering are Scrapy's own
components, configured here; our components are wired in ITEM_PIPELINES and EXTENSIONS.
Any of these can be overridden per run with `-s NAME=VALUE`.
"""

BOT_NAME = "vnportal"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

USER_AGENT = "vnportal-crawler/0.1 (research crawler for Vietnamese provincial portals)"
ROBOTSTXT_OBEY = True

# Politeness: provincial portals are small servers.
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
# Outputs of one callback processed at a time. Scrapy starts this many asyncio tasks for
# every response (default 100), while one page yields at most one item and a few dozen
# requests through synchronous pipelines: 100 tasks per page cost the reactor ~10 % of its
# CPU in the benchmark (bench/run.py) for nothing.
CONCURRENT_ITEMS = 8

# Failures are retried, then counted; a page never kills the crawl.
RETRY_ENABLED = True
RETRY_TIMES = 2
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 20 * 1024 * 1024
DOWNLOAD_WARNSIZE = 5 * 1024 * 1024
REDIRECT_MAX_TIMES = 5
HTTPERROR_ALLOW_ALL = False

COOKIES_ENABLED = False  # session cookies only grow URL variants on ASP.NET/Liferay portals
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # Scrapy's HTTP control server on a local port: nothing here uses it
LOG_LEVEL = "INFO"
LOG_FORMATTER = "crawler.cli.logformat.QuietDropLogFormatter"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
DEPTH_LIMIT = 0  # traps are bounded by page content (see spiders/portal.py), not by depth

ITEM_PIPELINES = {
    "pipelines.normalise.NormalisePipeline": 100,
    "pipelines.topics.TopicsPipeline": 150,  # topics; with TOPICS_ONLY drops records with none
    "pipelines.dedup.DedupPipeline": 200,
    "pipelines.jsonl.JsonlWriterPipeline": 300,
    "pipelines.dedup.MarkSeenPipeline": 900,
}
SPIDER_MIDDLEWARES = {
    # a development aid (warns once about meta keys copied from a response); it wraps every
    # callback output, and the spider never copies response.meta
    "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None,
}
DOWNLOADER_MIDDLEWARES = {
    # Scrapy's meta-refresh redirects, decoding a page only when it may hold one
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.discovery.metarefresh.LazyMetaRefreshMiddleware": 580,
    # drops queued requests whose URL template became a trap (TRAP_TEMPLATE_BUDGET)
    "crawler.discovery.trapfilter.TrapMiddleware": 50,
    # --max-pages: counts the requests that go out, last before the downloader (crawler/discovery/pagelimit.py)
    "crawler.discovery.pagelimit.PageLimitMiddleware": 950,
}

EXTENSIONS = {
    # first: the crawl's own objects (start, folders, seen store, lock, archive, outcome),
    # which the spider, pipelines and other components get with crawler.get_extension(CrawlRun)
    "crawler.crawlrun.CrawlRun": 0,
    "crawler.state.distributed.DistributedWorker": 100,  # only with CRAWL_REDIS (--redis)
    "crawler.cli.progress.ProgressExtension": 490,  # before the summary: clears its lines first
    "crawler.output.summary.SummaryExtension": 500,
}

# Conditional requests for feeds, sitemaps and robots.txt (everything else is dont_cache):
# the cache lives in <STATE_DIR>/httpcache, set by CrawlRun.
HTTPCACHE_ENABLED = True
HTTPCACHE_POLICY = "scrapy.extensions.httpcache.RFC2616Policy"
HTTPCACHE_EXPIRATION_SECS = 0

# Our own settings.
EXTRACT_WORKERS = None         # extraction processes; None = one per core, 0 = in the crawling process
EXTRACT_TIMEOUT = 120          # seconds one page may take in a worker (a 10 MB page takes ~3 s); 0 = no limit
OUTPUT_DIR = "output"          # <OUTPUT_DIR>/<YYYY-MM-DD>/<site>.jsonl
STATE_DIR = None               # default: <OUTPUT_DIR>/.state (dedup store, resume data)
CRAWL_SINCE = None             # YYYY-MM-DD: only articles published on or after (--since)
CRAWL_REFRESH = False          # refetch articles known from earlier runs (--refresh)
CRAWL_RESUME = False           # no longer needed: every run continues the frontier an earlier run left (--resume is an alias of a plain run)
CRAWL_MAX_PAGES = 0            # at most this many requests sent, robots.txt included; 0 = no limit (--max-pages)
SEEN_STORE = "crawler.state.seenstore.SeenStore"  # the store of what was written; --redis: crawler.state.redisstore.RedisSeenStore
START_URLS_QUEUED = False      # start URLs come from the shared start list (--redis), not -a start_url
CRAWL_REDIS = False            # a distributed worker (--redis): crawler.state.distributed.DistributedWorker
REDIS_IDLE_TIMEOUT = 10        # --redis workers stop when the shared queue was empty this long (s)
ARCHIVE_ENABLED = False        # raw pages to <OUTPUT_DIR>/<date>/<site>.warc.gz (--archive)
TOPICS_FILE = None             # topics file (--topics); None = the built-in crawler/data/topics.toml
TOPICS_ONLY = False            # drop records with no topic (--only-topics)
PROGRESS_ENABLED = True        # live per-site lines on a terminal, periodic log lines otherwise
PROGRESS_INTERVAL = None       # seconds between updates; None = 1 on a terminal, 60 otherwise
# A URL template (the URL with numbers, dates and ids abstracted) whose pages reached from
# its own pages were non-articles this many times, with fewer than one article per 10 of
# its non-article pages (among them or linked from them), is a trap on that site: its links
# are no longer followed (crawler/discovery/traps.py). 20: a calendar costs about 20 pages per site,
# once (the counts persist in the state), while a listing's pagination, credited with the
# articles its pages lead to, is never cut, and info pages chained by a submenu (a dozen)
# stay under it. 0 = no budget.
TRAP_TEMPLATE_BUDGET = 20
NEAR_DUP_THRESHOLD = 0.5       # a body this similar (estimated Jaccard of 5-word shingles) to a written one is its copy; 0 = off (crawler/analysis/neardup.py says why 0.5)
