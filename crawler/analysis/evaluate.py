"""Quality of extraction on saved real pages with gold: the numbers the real-page gate pins.

A gold set is a folder laid out as ``../shared/realpages`` (see its README):
- ``vn/``: ``gold.jsonl`` (file, url, kind, text, title, published, author, source_line)
  beside ``pages/*.html``;
- ``aeb/``: ``ground-truth.json`` ({key: {url, articleBody}}) beside ``pages/<key>.html``.

Every page goes through the same path as ``crawler extract`` (extract_article, then
finish_record) and is scored: kept or rejected against its kind, body F1 (bag of lowercased
``\\w+`` tokens, as the article-extraction benchmark scores it), and on ``vn`` title,
published (same instant, to the minute; date-only gold compares dates) and author (the same
names, case and order aside). ``bench/quality.py`` prints the table;
``tests/test_realpages.py`` fails when a summary figure falls under its floor.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from crawler.extraction.extract import extract_article
from crawler.extraction.verdict import split_verdict
from crawler.output.records import finish_record

DEFAULT_REALPAGES = Path(__file__).resolve().parents[3] / "shared" / "realpages"
_WORD = re.compile(r"\w+")


@dataclass
class PageResult:
    """One page's outcome against its gold."""
    name: str
    kind: str                     # gold: "article" or "not-article"
    reason: str | None            # ours: None when we kept it as an article
    f1: float | None = None       # articles only
    title_ok: bool | None = None  # vn articles only
    published_ok: bool | None = None
    author_ok: bool | None = None
    got: dict = field(default_factory=dict)
    gold: dict = field(default_factory=dict)

    @property
    def correct_kind(self) -> bool:
        return (self.reason is None) == (self.kind == "article")


def token_f1(ours: str, gold: str) -> float:
    """Bag-of-words F1 of lowercased \\w+ tokens (an empty pair scores 1)."""
    a = Counter(_WORD.findall(unicodedata.normalize("NFC", ours or "").lower()))
    b = Counter(_WORD.findall(unicodedata.normalize("NFC", gold or "").lower()))
    if not a and not b:
        return 1.0
    common = sum((a & b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def _fold(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").lower().split())


def same_title(ours: str | None, gold: str | None) -> bool:
    return _fold(ours) == _fold(gold)


def same_author(ours: str | None, gold: str | None) -> bool:
    """The same set of names, whatever the case, order and separators (", ", " - ", " và ")."""
    def names(value):
        parts = re.split(r"\s*(?:,|;|\s-\s|\s–\s|\svà\s|&)\s*", _fold(value))
        return {p for p in parts if p}
    return names(ours) == names(gold)


def same_published(ours: str | None, gold: str | None) -> bool:
    """The same instant to the minute when gold has a time, the same day when it has not."""
    if not ours or not gold:
        return ours == gold
    if "T" not in gold:
        return ours[:10] == gold[:10]
    if "T" not in ours:
        return False
    try:
        a, b = datetime.fromisoformat(ours), datetime.fromisoformat(gold)
    except ValueError:
        return False
    return a.replace(second=0, microsecond=0) == b.replace(second=0, microsecond=0)


def extract_file(path: Path, url: str) -> tuple[dict, str | None]:
    """The record `crawler extract` prints for a saved page, and its reason when rejected."""
    record, verdict = split_verdict(extract_article(path.read_bytes(), url))
    return finish_record(record), verdict.reason


def evaluate_vn(folder: Path) -> list[PageResult]:
    results = []
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        gold = json.loads(line)
        record, reason = extract_file(folder / gold["file"], gold["url"])
        result = PageResult(name=Path(gold["file"]).stem, kind=gold["kind"], reason=reason, got=record, gold=gold)
        if gold["kind"] == "article":
            result.f1 = token_f1(record["text"] if reason is None else "", gold["text"])
            result.title_ok = same_title(record["title"], gold["title"])
            result.published_ok = reason is None and same_published(record["published"], gold["published"])
            result.author_ok = reason is None and same_author(record["author"], gold["author"])
        results.append(result)
    return results


def evaluate_aeb(folder: Path) -> list[PageResult]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    results = []
    for key in sorted(truth):
        gold = truth[key]
        record, reason = extract_file(folder / "pages" / f"{key}.html", gold["url"])
        results.append(PageResult(
            name=key[:12], kind="article", reason=reason, got=record, gold=gold,
            f1=token_f1(record["text"] if reason is None else "", gold.get("articleBody") or ""),
        ))
    return results


def _mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def summarise(results: list[PageResult]) -> dict:
    """The figures the gate pins, for one gold set."""
    articles = [r for r in results if r.kind == "article"]
    others = [r for r in results if r.kind != "article"]
    summary = {
        "articles": len(articles),
        "articles_kept": sum(r.reason is None for r in articles),
        "articles_rejected": sum(r.reason is not None for r in articles),
        "non_articles": len(others),
        "non_articles_rejected": sum(r.reason is not None for r in others),
        "body_f1": _mean(r.f1 for r in articles),
    }
    for name in ("title", "published", "author"):
        values = [getattr(r, f"{name}_ok") for r in articles]
        if any(v is not None for v in values):
            summary[f"{name}_accuracy"] = _mean(float(v) for v in values if v is not None)
    return summary


def evaluate(root: Path = DEFAULT_REALPAGES) -> dict[str, list[PageResult]]:
    """Results per gold set present under `root` ("vn", "aeb")."""
    found = {}
    if (root / "vn" / "gold.jsonl").is_file():
        found["vn"] = evaluate_vn(root / "vn")
    if (root / "aeb" / "ground-truth.json").is_file():
        found["aeb"] = evaluate_aeb(root / "aeb")
    return found
