"""Session 16: the profiles' XPath-only selectors answered from the page index (``css._XPATH_BY_INDEX``:
the h1-h4 heading holding an ``a[rel~=bookmark]``, the div/article/section whose id is ``post-``
and digits) give what their XPath gives, on every saved page and on generated markup, for every
scope (the page, its boxes, elements of another document), with the compiled and the Python index.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager

import lxml.html
import pytest
from conftest import saved_pages
from hypothesis import given, settings
from hypothesis import strategies as st

from importer.readers.html import css, profiles
from importer.readers.html.css import PageIndex

_SELECTORS = sorted(css._XPATH_BY_INDEX)


@contextmanager
def _indexed(doc: lxml.html.HtmlElement, compiled: bool) -> Iterator[None]:
    css._PAGES[doc] = PageIndex.of(doc, compiled=compiled)
    css._only()
    try:
        yield
    finally:
        css._PAGES.pop(doc, None)
        css._only()


def _walks(compiled: bool) -> None:
    if compiled and css._cindex is None:
        pytest.skip("not built: python setup.py build_ext --inplace")


def _scopes(doc: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    boxes = [el for el in doc.iter("body", "div", "article", "section", "h1", "h2", "a") if el is not doc]
    return [doc, *boxes[:40]]


def _same(doc: lxml.html.HtmlElement, compiled: bool) -> None:
    scopes = _scopes(doc)
    general = {sel: [css._elements(css.compiled(sel)(scope)) for scope in scopes] for sel in _SELECTORS}
    with _indexed(doc, compiled):
        for sel in _SELECTORS:
            indexed = [css.select(scope, sel) for scope in scopes]
            assert indexed == general[sel], sel
    copy = lxml.html.document_fromstring(lxml.html.tostring(doc))
    with _indexed(doc, compiled):  # a scope of another document: the XPath answers
        for sel in _SELECTORS:
            assert css._XPATH_BY_INDEX[sel](css._PAGES[doc], copy) is None
            assert css.select(copy, sel) == css._elements(css.compiled(sel)(copy))


def test_the_profiles_say_them() -> None:
    """The table's keys are the profiles' own strings (a typo would leave the XPath to answer)."""
    said = {
        s
        for profile in vars(profiles).values()
        if isinstance(profile, profiles.Profile)
        for field in dataclasses.fields(profile)
        if isinstance(getattr(profile, field.name), tuple)
        for s in getattr(profile, field.name)
        if isinstance(s, str)
    }
    assert set(_SELECTORS) <= said


@pytest.mark.parametrize("compiled", [True, False])
def test_saved_pages(compiled: bool) -> None:
    _walks(compiled)
    pages = saved_pages()
    assert pages
    for path in pages:
        _same(lxml.html.document_fromstring(path.read_bytes()), compiled)


_TAGS = st.sampled_from(["div", "article", "section", "h1", "h2", "h3", "h4", "h5", "span", "a", "p"])
_IDS = st.sampled_from(["post-1", "post-12", "post-", "post-1a", "post-\u0661", "xpost-1", "post-01 ", "post-7"])
_RELS = st.sampled_from(["bookmark", "Bookmark", "x bookmark", "bookmark\tnext", "bookmarks", " bookmark "])


@st.composite
def _markup(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4 if depth < 4 else 0))):
        tag = draw(_TAGS)
        attributes = f' id="{draw(_IDS)}"' if draw(st.booleans()) else ""
        if tag == "a" and draw(st.booleans()):
            attributes += f' rel="{draw(_RELS)}"'
        parts.append(f"<{tag}{attributes}>{draw(_markup(depth + 1))}</{tag}>")
    return "".join(parts)


@settings(max_examples=200, deadline=None)
@given(_markup(), st.booleans())
def test_generated_markup(body: str, compiled: bool) -> None:
    _walks(compiled)
    _same(lxml.html.document_fromstring(f"<html><body><div>{body}</div></body></html>"), compiled)
