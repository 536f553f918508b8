"""CSS selectors compiled once to XPath (cssselect), applied with lxml."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
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


@dataclass(slots=True)
class PageTokens:
    """Every class and id on one page: a selector that needs one the page lacks matches nothing."""

    classes: frozenset[str]
    ids: frozenset[str]


# Pages being read, by their root element (several pages may be read at once, one per thread).
_PAGES: dict[HtmlElement, PageTokens] = {}
_QUOTED = re.compile(r"\[[^\]]*\]|'[^']*'|\"[^\"]*\"")
_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_ID = re.compile(r"#(-?[_a-zA-Z][\w-]*)")


@contextmanager
def indexed(doc: HtmlElement) -> Iterator[None]:
    """While reading ``doc``, skip selectors that name a class or id it does not have."""
    classes = frozenset(c for value in doc.xpath("//@class") for c in str(value).split())
    ids = frozenset(str(value) for value in doc.xpath("//@id"))
    _PAGES[doc] = PageTokens(classes, ids)
    try:
        yield
    finally:
        _PAGES.pop(doc, None)


@cache
def required_tokens(selector: str) -> tuple[frozenset[str], frozenset[str]]:
    """(classes, ids) every match of ``selector`` needs; nothing for groups, :not() and XPath."""
    if selector.startswith("xpath:") or "," in selector or ":not(" in selector:
        return frozenset(), frozenset()
    bare = _QUOTED.sub("", selector)
    return frozenset(_CLASS.findall(bare)), frozenset(_ID.findall(bare))


def _impossible(scope: HtmlElement, selector: str) -> bool:
    tokens = _PAGES.get(scope.getroottree().getroot())
    if tokens is None:
        return False
    classes, ids = required_tokens(selector)
    return not (classes <= tokens.classes and ids <= tokens.ids)


def select(scope: HtmlElement, selector: str) -> list[HtmlElement]:
    if _impossible(scope, selector):
        return []
    found = compiled(selector)(scope)
    return [el for el in found if isinstance(el, HtmlElement)] if isinstance(found, list) else []


def select_any(scope: HtmlElement, selectors: Iterable[str]) -> list[HtmlElement]:
    """Every element matching any of ``selectors``, in document order, without repeats (one XPath union)."""
    possible = tuple(s for s in selectors if not _impossible(scope, s))
    if not possible:
        return []
    found = _union(possible)(scope)
    return [el for el in found if isinstance(el, HtmlElement)] if isinstance(found, list) else []


@cache
def _union(selectors: tuple[str, ...]) -> etree.XPath:
    parts = [s.removeprefix("xpath:") if s.startswith("xpath:") else _TRANSLATOR.css_to_xpath(s) for s in selectors]
    return etree.XPath(" | ".join(parts))
