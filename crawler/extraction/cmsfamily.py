"""The CMS family of a page, whose boilerplate rules its extraction gets (crawler/data/cms/).

A registered portal's family is the registry's ``cms`` field ("custom": none); an unregistered
portal's, or one registered as "unknown" or without ``cms``, is the family whose marks the page
shows (crawler.cms.detect_family). A page of no known family gets the generic rules only.
"""

from __future__ import annotations

from crawler import cms
from crawler.discovery.registry import registered_profile

__all__ = ["NO_FAMILY", "family_of_page"]

#: the family of a page that shows none: no rules beyond the generic ones.
NO_FAMILY = cms.Family(id="", name="no known family")


def family_of_page(html: str, url: str) -> cms.Family:
    """The family of the page at ``url`` whose source is ``html``."""
    profile = registered_profile(url)
    registered = profile.cms if profile is not None else None
    if registered and registered != "unknown":
        return cms.family(registered) or NO_FAMILY
    return cms.detect_family(html, url) or NO_FAMILY
