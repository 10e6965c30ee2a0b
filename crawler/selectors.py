"""CSS or XPath selectors, as written in the registry (``drop``, ``body``) and in the CMS family
files (``boilerplate.drop``), turned into XPath: a selector is XPath when it starts with "/" or
"(", CSS otherwise (converted with cssselect)."""

from __future__ import annotations

from cssselect import HTMLTranslator
from cssselect.parser import SelectorError
from cssselect.xpath import ExpressionError
from lxml import etree

__all__ = ["is_xpath", "selector_to_xpath"]

_translator = HTMLTranslator()


def is_xpath(selector: str) -> bool:
    """True when ``selector`` is XPath (starts with "/" or "("), False for CSS."""
    return selector.lstrip().startswith(("/", "("))


def selector_to_xpath(selector: str) -> str:
    """XPath for a CSS or XPath selector; raises ValueError when it does not compile."""
    selector = selector.strip()
    if is_xpath(selector):
        xpath = selector
    else:
        try:
            xpath = _translator.css_to_xpath(selector)
        except (SelectorError, ExpressionError) as exc:
            raise ValueError(f"bad CSS selector {selector!r}: {exc}") from None
    try:
        etree.XPath(xpath)
    except etree.XPathSyntaxError as exc:
        raise ValueError(f"bad XPath {selector!r}: {exc}") from None
    return xpath
