"""The CMS family of a page, whose boilerplate rules its extraction gets (crawler/data/cms/).

A registered portal's family is the registry's ``cms`` field ("custom": none); an unregistered
portal's, or one registered as "unknown" or without ``cms``, is the family whose marks the page
shows (crawler.cms.detect_family). A page of no known family gets the generic rules only.

Only the families with boilerplate rules (``drop``, ``drop_lines``) change what extraction
keeps: a page that shows no mark of one of them gets NO_FAMILY without the search for the
marks of every other family (the page's source is searched once per mark).
"""

from __future__ import annotations

from crawler import cms
from crawler.discovery.registry import registered_profile

__all__ = ["NO_FAMILY", "family_of_page"]

#: the family of a page that shows none: no rules beyond the generic ones.
NO_FAMILY = cms.Family(id="", name="no known family")


def family_of_page(html: str, url: str) -> cms.Family:
    """The family of the page at ``url`` whose source is ``html`` (NO_FAMILY for a detected
    family without boilerplate rules when the page shows no mark of a family with some)."""
    profile = registered_profile(url)
    registered = profile.cms if profile is not None else None
    if registered and registered != "unknown":
        return cms.family(registered) or NO_FAMILY
    known = cms.families()
    with_rules = {key: family for key, family in known.items() if family.drop_xpaths or family.drop_lines}
    marks = cms.family_marks(html, url, with_rules)
    if not any(marks.values()):
        return NO_FAMILY  # whichever family the page shows, it has no rules to apply
    marks.update(cms.family_marks(html, url, {key: f for key, f in known.items() if key not in with_rules}))
    return cms.best_family(known, marks) or NO_FAMILY
