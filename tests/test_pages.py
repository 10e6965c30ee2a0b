"""Page pairs, fundus-style: every tests/pages/<name>.html beside <name>.json is extracted as
`crawler extract` would (crawler.analysis.evaluate.extract_file) and checked against what the JSON
expects. Each pair shows one general rule (its "rule" field says which); a new rule, CMS
family or portal quirk is a new pair, found here automatically.

JSON fields: "url" (the page's address), "expect" (record fields compared exactly; "reason"
is null for an article, else why it is not one), "text_has" / "text_lacks" (strings the text
must / must not contain).
"""

import json
from pathlib import Path

import pytest

from crawler.analysis.evaluate import extract_file

PAGES = Path(__file__).parent / "pages"
PAIRS = sorted(p.stem for p in PAGES.glob("*.json"))


def test_every_page_has_its_pair():
    assert PAIRS, "no page pairs found"
    assert sorted(p.stem for p in PAGES.glob("*.html")) == PAIRS


@pytest.mark.parametrize("name", PAIRS)
def test_page(name):
    spec = json.loads((PAGES / f"{name}.json").read_text(encoding="utf-8"))
    assert spec.get("rule"), "say which rule the page shows"
    record, reason = extract_file(PAGES / f"{name}.html", spec["url"])
    got = {**record, "reason": reason}
    for field, expected in spec.get("expect", {}).items():
        assert got[field] == expected, field
    for text in spec.get("text_has", []):
        assert text in record["text"]
    for text in spec.get("text_lacks", []):
        assert text not in record["text"]
