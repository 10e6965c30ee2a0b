"""Discovery: which URLs a crawl follows (URL rules, pagination, traps, page limits, the site registry)."""
