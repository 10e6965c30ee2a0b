"""Tests for crawler.extraction.treeedits: edits of a page's tree undone when the block ends,
and extraction leaving the page's tree as it found it."""

import json
from pathlib import Path

import lxml.etree
import lxml.html
import pytest

from crawler.extraction.extract import Page, extract_from_page
from crawler.extraction.treeedits import TreeEdits

PAGES = Path(__file__).parent / "pages"

HTML = ("<html><body>a<div id='x'>t<p>1</p>p1<table><tbody>tb<tr><td>c</td></tr>tr</tbody>tb2</table>"
        "tt<span>s</span>st</div>dt<!-- note --><p>z</p>zt</body></html>")


def _tree():
    return lxml.html.document_fromstring(HTML)


def test_edits_apply_inside_the_block_and_are_undone_after():
    tree = _tree()
    before = lxml.etree.tostring(tree)
    with TreeEdits() as edits:
        edits.drop_tag(tree.find(".//tbody"))
        edits.retag(tree.find(".//td"), "div")
        edits.drop_tree(tree.find(".//p"))
        edits.drop_tree(tree.find(".//span"))
        inside = lxml.etree.tostring(tree)
        edits.drop_tree(tree.find(".//div[@id='x']"))
        assert lxml.etree.tostring(tree) == b"<html><body>adt<!-- note --><p>z</p>zt</body></html>"
    assert b"<span>" not in inside and b"<tbody>" not in inside and b"<td>" not in inside and b"p1" in inside
    assert lxml.etree.tostring(tree) == before


def test_edits_are_undone_when_the_block_raises():
    tree = _tree()
    before = lxml.etree.tostring(tree)
    with pytest.raises(RuntimeError), TreeEdits() as edits:
        edits.drop_tree(tree.find(".//span"))
        raise RuntimeError("a step failed")
    assert lxml.etree.tostring(tree) == before


@pytest.mark.parametrize("name", sorted(p.stem for p in PAGES.glob("*.json")))
def test_extraction_leaves_the_page_tree_as_it_was(name):
    """The page pairs of tests/pages (furniture, layout tables, CMS regions pruned on the way):
    after extraction the page's tree serializes as before, for the steps that read it after."""
    spec = json.loads((PAGES / f"{name}.json").read_text(encoding="utf-8"))
    page = Page((PAGES / f"{name}.html").read_bytes(), spec["url"], "text/html")
    before = lxml.etree.tostring(page.tree)
    record = extract_from_page(page, crawled_at="2026-01-01T00:00:00+07:00")
    assert record["reason"] if "reason" in record else record["text"]
    assert lxml.etree.tostring(page.tree) == before
