"""The real-page gate: extraction on saved pages of real sites (../shared/realpages) holds its
floors, the way trafilatura pins its evaluation. `python bench/quality.py` prints the table
behind these figures, page by page.

Floors (issue 10): no real article rejected; every vn non-article rejected; body F1 at least
0.97 on vn and 0.96 on aeb; title, published and author right on at least 95 % of the vn
articles. A change that lowers one fails here; raise a floor when quality rises for good.
"""

import os

import pytest

from crawler.analysis.evaluate import DEFAULT_REALPAGES, evaluate, same_author, same_published, summarise, token_f1

# CI always has them beside the clone: there a missing folder fails; elsewhere it skips.
pytestmark = pytest.mark.skipif(not DEFAULT_REALPAGES.is_dir() and not os.environ.get("CI"),
                                reason=f"no saved real pages at {DEFAULT_REALPAGES}")

FLOORS = {
    "vn": {"body_f1": 0.97, "title_accuracy": 0.95, "published_accuracy": 0.95, "author_accuracy": 0.95},
    "aeb": {"body_f1": 0.96},
}


@pytest.fixture(scope="module")
def results():
    found = evaluate(DEFAULT_REALPAGES)
    assert set(found) == {"vn", "aeb"}, f"gold sets missing under {DEFAULT_REALPAGES}"
    return found


@pytest.mark.parametrize("name", ["vn", "aeb"])
def test_no_real_article_is_rejected(results, name):
    rejected = [(r.name, r.reason) for r in results[name] if r.kind == "article" and r.reason is not None]
    assert rejected == []


def test_every_vn_non_article_is_rejected(results):
    kept = [r.name for r in results["vn"] if r.kind != "article" and r.reason is None]
    assert kept == []
    assert sum(r.kind != "article" for r in results["vn"]) == 8


@pytest.mark.parametrize("name, figure", [(n, f) for n, floors in FLOORS.items() for f in floors])
def test_quality_floor(results, name, figure):
    summary = summarise(results[name])
    assert summary[figure] >= FLOORS[name][figure], (name, figure, summary)


def test_scoring_functions():
    assert token_f1("Tỉnh ủy họp", "tỉnh ủy họp") == 1.0
    assert token_f1("a b", "c d") == 0.0
    assert round(token_f1("a b c d", "a b"), 3) == 0.667
    assert same_author("NHẬT XUÂN - NGHI VŨ", "Nhật Xuân, Nghi Vũ")
    assert not same_author("VCCorp.vn", "Dương Ngọc")
    assert same_published("2026-03-07T08:47:00+07:00", "2026-03-07T08:47+07:00")
    assert same_published("2026-03-07T01:47:00+00:00", "2026-03-07T08:47+07:00")
    assert not same_published("2026-03-07", "2026-03-07T08:47+07:00")
    assert not same_published(None, "2026-03-07")
