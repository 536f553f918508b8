"""The compiled page index files class words under the str made for the same bytes on an earlier
page (``_cindex._word``, issue 13, session 12, branch ``hpage``): the index is still the Python
walk's, word for word, however the words' slots are shared, taken over and met again."""

from __future__ import annotations

import lxml.html
import pytest
from conftest import saved_pages
from hypothesis import given, settings
from hypothesis import strategies as st

from importer.readers.html import css
from importer.readers.html.css import PageIndex

PAGES = saved_pages()

pytestmark = pytest.mark.skipif(css._cindex is None, reason="the compiled walks are not built")


def _same_classes(doc: lxml.html.HtmlElement) -> None:
    walked, built = PageIndex.of(doc, compiled=False), PageIndex.of(doc, compiled=True)
    assert built.by_class == walked.by_class
    assert list(built.by_class) == list(walked.by_class)
    assert built.by_attribute["class"] == walked.by_attribute["class"]


def test_every_page_twice() -> None:
    """The second round meets every word's str made in the first (or a slot another word took)."""
    docs = [lxml.html.document_fromstring(path.read_bytes()) for path in PAGES]
    for _ in range(2):
        for doc in docs:
            _same_classes(doc)


def test_a_word_met_again_is_the_same_str() -> None:
    first = PageIndex.of(lxml.html.fragment_fromstring('<div class="entry-content hentry">x</div>'), compiled=True)
    second = PageIndex.of(lxml.html.fragment_fromstring('<p class="hentry  entry-content">y</p>'), compiled=True)
    assert sorted(first.by_class) == sorted(second.by_class) == ["entry-content", "hentry"]
    for name in first.by_class:
        assert next(key for key in second.by_class if key == name) is name


_WORDS = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.lists(_WORDS, max_size=4), min_size=1, max_size=8), min_size=1, max_size=4))
def test_pages_of_any_words(pages: list[list[list[str]]]) -> None:
    """Many short words: slots are taken over by other words between and within pages."""
    for page in pages:
        markup = "".join(f'<div class="{" ".join(words)}">x</div>' for words in page)
        _same_classes(lxml.html.document_fromstring(f"<html><body>{markup.replace('&', '&amp;')}</body></html>"))


def test_many_words_take_every_slot() -> None:
    words = [f"w{i}" for i in range(20_000)]
    markup = "".join(f'<i class="{w} {words[-1 - n]}">x</i>' for n, w in enumerate(words))
    doc = lxml.html.document_fromstring(f"<html><body>{markup}</body></html>")
    for _ in range(2):
        _same_classes(doc)
