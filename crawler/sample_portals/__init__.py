"""Fake Vietnamese provincial portals for end-to-end tests and ``crawler demo``.

Five sites of different CMS families (SharePoint, Liferay, ASP.NET, WordPress, NukeViet), each
served on its own loopback address with the family's markup, URL shapes, boilerplate and traps::

    from crawler.sample_portals import serve_portals, expected_articles
    with serve_portals() as running:
        for p in running:
            print(p.name, p.family, p.base_url)
        expected = expected_articles(running)

Pages are rendered on request from in-memory Article objects (``portal.py`` and ``families/``),
so ``RunningPortal.add_article`` publishes new articles while the servers run.
"""
from .expected import ExpectedArticle, Variant, expected_articles
from .portals import PORTALS, PortalSpec
from .server import RunningPortal, serve_portals

__all__ = ["serve_portals", "PORTALS", "PortalSpec", "RunningPortal", "ExpectedArticle",
           "Variant", "expected_articles"]
