"""Read one input of `crawler extract`: a saved file, or a URL fetched once (no crawl)."""

from __future__ import annotations

import urllib.request
from pathlib import Path

MAX_BYTES = 20 * 1024 * 1024


def read_input(item: str, url: str | None = None) -> tuple[bytes, str, str | None]:
    """(body, url, content type) for a path or an http(s) URL."""
    if item.startswith(("http://", "https://")):
        request = urllib.request.Request(item, headers={"User-Agent": "vnportal-crawler/0.1"})
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read(MAX_BYTES + 1)
            if len(body) > MAX_BYTES:
                raise ValueError(f"page larger than {MAX_BYTES} bytes")
            return body, url or response.geturl(), response.headers.get("Content-Type")
    path = Path(item)
    if not path.is_file():
        raise ValueError("no such file")
    if path.stat().st_size > MAX_BYTES:
        raise ValueError(f"file larger than {MAX_BYTES} bytes")
    return path.read_bytes(), url or path.resolve().as_uri(), None
