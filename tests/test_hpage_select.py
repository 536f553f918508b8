"""The profiles' XPath selectors that ``css.select`` answers from the page's index
(``css._XPATH_AS_CSS``, issue 13, session 12, branch ``hpage``) find what their XPath finds, from
every scope, on the compiled index and on the Python one."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from conftest import saved_pages
from hypothesis import given, settings
from hypothesis import strategies as st

from importer.readers.html import css
from importer.readers.html.profiles import DEFAULTS, PROFILES

PAGES = saved_pages()
COMPILED = (False, True) if css._cindex is not None else (False,)


def _selected(doc: lxml.html.HtmlElement, selector: str, scopes: list[lxml.html.HtmlElement], compiled: bool) -> list:
    index = css.PageIndex.of(doc, compiled=compiled)
    css._PAGES[doc] = index
    css._only()
    try:
        return [css.select(scope, selector) for scope in scopes]
    finally:
        css._PAGES.pop(doc, None)
        css._only()


def _scopes(doc: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The root, every element with a class or an id, and every link: the scopes the reader asks
    from, and the links the selectors match themselves."""
    elements = (el for el in doc.iter() if isinstance(el.tag, str))
    return [doc, *(el for el in elements if el.get("class") or el.get("id") or el.tag == "a")]


def test_the_table_names_the_profiles_selectors() -> None:
    fields = ("author", "container", "body_strip")
    used = {s for p in (DEFAULTS, *PROFILES) for name in fields for s in getattr(p, name)}
    assert set(css._XPATH_AS_CSS) <= used


@pytest.mark.parametrize("compiled", COMPILED)
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_pages_select_as_the_xpath(path: Path, compiled: bool) -> None:
    doc = lxml.html.document_fromstring(path.read_bytes())
    scopes = _scopes(doc)
    for selector in css._XPATH_AS_CSS:
        expected = [css._elements(css.compiled(selector)(scope)) for scope in scopes]
        assert _selected(doc, selector, scopes, compiled) == expected


_PIECES = st.sampled_from(
    [
        *('<a href="/author/bob/">', '<a href="?author=2">', '<a href="x">', "<a>", "</a>", '<div class="c">'),
        *('<a href="https://e.org/AUTHOR/x">', '<a href="&#47;author&#47;">', '<a href="/author/">', "<p id=i>"),
        *("</p>", "</div>"),
        *('<span class="author">', "</span>", '<a href="/authors/x">', '<a href="/x?author=">', "text", "&amp;"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=14).map("".join))
def test_any_markup_selects_as_the_xpath(markup: str) -> None:
    doc = lxml.html.document_fromstring("<html><body>" + markup + "x</body></html>")
    scopes = _scopes(doc)
    for selector in css._XPATH_AS_CSS:
        expected = [css._elements(css.compiled(selector)(scope)) for scope in scopes]
        for compiled in COMPILED:
            assert _selected(doc, selector, scopes, compiled) == expected
