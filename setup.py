"""For scrapyd-deploy, which builds the Scrapyd egg with `python setup.py bdist_egg`.

The distribution itself (name, version, packages including the top-level `settings` module,
package data, dependencies, the `crawler` script) is declared in pyproject.toml, and
`pip install -e .` / wheels use only that. This file adds what Scrapyd needs on top, in the
egg only: the `scrapy` entry point naming the settings module (scrapy.cfg's
`[settings] default`), which Scrapyd's runner reads to set SCRAPY_SETTINGS_MODULE.

It cannot be a plain `setup(entry_points=...)`: pyproject.toml's [project] table declares
scripts, so setuptools replaces entry points given here with pyproject's. And without this
file scrapyd-deploy writes its own setup.py, whose find_packages() misses `settings`.
"""
from setuptools import setup
from setuptools.command.bdist_egg import bdist_egg

SCRAPY_ENTRY_POINT = "settings = settings"


class bdist_egg_for_scrapyd(bdist_egg):  # noqa: N801 (setuptools command naming)
    def run(self):
        dist = self.distribution
        entry_points = dict(dist.entry_points or {})
        group = entry_points.get("scrapy")
        if not group:  # unless pyproject.toml ever declares [project.entry-points.scrapy] itself
            entry_points["scrapy"] = [SCRAPY_ENTRY_POINT]
            dist.entry_points = entry_points
        super().run()


setup(cmdclass={"bdist_egg": bdist_egg_for_scrapyd})
