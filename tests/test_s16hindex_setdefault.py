"""Session 16: ``_cindex.index_page`` files a class word or an id the page has not filed yet with one
dictionary look-up (``setdefault``), not a miss and then an insertion. Its ``by_class`` and ``by_id``
equal the Python walk's, keys in the same order (the comment reader walks them in order), for ids
held by several elements, class words repeated in one value, values that take the non-ASCII path
(tabs, no-break spaces, letters past ASCII), on every saved page and on generated markup.
"""

from __future__ import annotations

import lxml.html
import pytest
from conftest import saved_pages
from hypothesis import given, settings
from hypothesis import strategies as st

from importer.readers.html import css
from importer.readers.html.css import PageIndex

pytestmark = pytest.mark.skipif(css._cindex is None, reason="not built: python setup.py build_ext --inplace")


def _same(doc: lxml.html.HtmlElement) -> None:
    built, walked = PageIndex.of(doc, compiled=True), PageIndex.of(doc, compiled=False)
    assert list(built.by_class) == list(walked.by_class)
    assert list(built.by_id) == list(walked.by_id)
    for key, bucket in walked.by_class.items():
        assert built.by_class[key] == bucket, key
    for key, bucket in walked.by_id.items():
        assert built.by_id[key] == bucket, key


def test_saved_pages() -> None:
    pages = saved_pages()
    assert pages
    for path in pages:
        _same(lxml.html.document_fromstring(path.read_bytes()))


_WORDS = st.sampled_from(["a", "b", "post", "entry", "\u00e9t\u00e9", "x\u00a0y", "a", "post"])
_SEPARATORS = st.sampled_from([" ", "  ", "\t", "\n", " \u00a0 "])
_IDS = st.sampled_from(["one", "two", "one", "", "\u00e9", "post-1"])


@st.composite
def _markup(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4 if depth < 3 else 0))):
        attributes = ""
        if draw(st.booleans()):
            words = draw(st.lists(_WORDS, max_size=4))
            attributes += f' class="{draw(_SEPARATORS).join(words)}"'
        if draw(st.booleans()):
            attributes += f' id="{draw(_IDS)}"'
        parts.append(f"<div{attributes}>{draw(_markup(depth + 1))}</div>")
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(_markup())
def test_generated_markup(body: str) -> None:
    _same(lxml.html.document_fromstring(f"<html><body>{body}</body></html>"))
