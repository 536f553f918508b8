"""``css.with_id_prefix`` from a page's index (the compiled walk's and the Python walk's) picks the
ids first and reads only their buckets; it gives what the general path (an XPath over the page,
no index) gives: on every saved page and on generated markup."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import lxml.html
import pytest
from conftest import saved_pages
from hypothesis import given, settings
from hypothesis import strategies as st

from importer.readers.html import css
from importer.readers.html.css import PageIndex

_PREFIXES = [
    ("comment", "li-comment-", "div-comment-", "dsq-comment-"),  # comments._ITEM_ID_PREFIXES
    ("post-",),
    # not ("",): XPath's starts-with(@id, '') holds for an element without an id too (the index
    # has only ids); the reader asks for none
    ("nope-",),
    ("c", "co", "comment-1"),
]


@contextmanager
def _indexed(doc: lxml.html.HtmlElement, compiled: bool) -> Iterator[None]:
    css._PAGES[doc] = PageIndex.of(doc, compiled=compiled)
    css._only()
    try:
        yield
    finally:
        css._PAGES.pop(doc, None)
        css._only()


def _walks(compiled: bool) -> list[bool]:
    if compiled and css._cindex is None:
        pytest.skip("not built: python setup.py build_ext --inplace")
    return [compiled]


def _same(doc: lxml.html.HtmlElement, compiled: bool) -> None:
    for prefixes in _PREFIXES:
        general = css.with_id_prefix(doc, prefixes)  # no index: XPath
        with _indexed(doc, compiled):
            indexed = css.with_id_prefix(doc, prefixes)
            assert indexed == css.with_id_prefix(doc, prefixes)  # again: the buckets' lists made by then
        assert indexed == general, prefixes
        assert len({id(el) for el in indexed}) == len(indexed)


@pytest.mark.parametrize("compiled", [True, False])
def test_saved_pages(compiled: bool) -> None:
    _walks(compiled)
    pages = saved_pages()
    assert pages
    for path in pages:
        _same(lxml.html.document_fromstring(path.read_bytes()), compiled)


_IDS = st.sampled_from(
    ["comment-1", "comment-2", "li-comment-3", "div-comment-4", "post-5", "c", "x", "", "comment-1 x"]
)


@st.composite
def _markup(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4 if depth < 3 else 0))):
        tag = draw(st.sampled_from(["div", "li", "span"]))
        attributes = f' id="{draw(_IDS)}"' if draw(st.booleans()) else ""
        parts.append(f"<{tag}{attributes}>{draw(_markup(depth + 1))}</{tag}>")
    return "".join(parts)


@settings(max_examples=150, deadline=None)
@given(_markup(), st.booleans())
def test_generated_markup(body: str, compiled: bool) -> None:
    _walks(compiled)
    _same(lxml.html.document_fromstring(f"<html><body>{body}</body></html>"), compiled)
