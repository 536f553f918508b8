"""CSS selectors compiled once to XPath (cssselect), applied with lxml."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from cssselect import HTMLTranslator
from lxml import etree
from lxml.html import HtmlElement

_TRANSLATOR = HTMLTranslator()


@cache
def compiled(selector: str) -> etree.XPath:
    """The XPath for a CSS selector, compiled on first use (profiles reuse a few hundred).

    A selector starting with ``xpath:`` is XPath already (for what CSS cannot say, such as
    "a paragraph that starts with 'Tags:'")."""
    if selector.startswith("xpath:"):
        return etree.XPath(selector.removeprefix("xpath:"))
    return etree.XPath(_TRANSLATOR.css_to_xpath(selector))


def select(scope: HtmlElement, selector: str) -> list[HtmlElement]:
    found = compiled(selector)(scope)
    return [el for el in found if isinstance(el, HtmlElement)] if isinstance(found, list) else []


def select_any(scope: HtmlElement, selectors: Iterable[str]) -> list[HtmlElement]:
    """Every element matching any of ``selectors``, in document order, without repeats."""
    seen: set[HtmlElement] = set()
    found: list[HtmlElement] = []
    for selector in selectors:
        for el in select(scope, selector):
            if el not in seen:
                seen.add(el)
                found.append(el)
    if len(found) > 1:
        order = {el: i for i, el in enumerate(scope.iter())}
        found.sort(key=lambda el: order.get(el, 0))
    return found
