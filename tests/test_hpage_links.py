"""A page's links from the compiled walk (``_cindex.attribute_values``, issue 13, session 12,
branch ``hpage``) are those of the XPath ``//a/@href``, and ``Page.links`` is the same either way."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from conftest import saved_pages
from hypothesis import given, settings
from hypothesis import strategies as st

import importer.readers.html as html_reader
from importer.readers.html import _cindex, parse_page
from importer.tally import Tally

PAGES = saved_pages()
BASES = (None, "https://example.org/blog/some-post/", "http://other.example/a/b.html?x=1")

pytestmark = pytest.mark.skipif(_cindex is None, reason="the compiled walks are not built")


def _by_xpath(doc: lxml.html.HtmlElement) -> list[str]:
    return [str(h) for h in doc.xpath("//a/@href")]


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_page_hrefs_are_the_xpaths(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = path.read_bytes()
    doc = lxml.html.document_fromstring(data)
    assert _cindex.attribute_values(doc, b"a", b"href") == _by_xpath(doc)
    for base in BASES:
        compiled = parse_page(data, str(path), Tally(), base).links
        with monkeypatch.context() as patch:
            patch.setattr(html_reader, "_cindex", None)
            assert parse_page(data, str(path), Tally(), base).links == compiled


_PIECES = st.sampled_from(
    [
        *('<a href="x">', '<a href="">', "<a>", '<A HREF="/up">', '<a href=" #top ">', "</a>", "<p>", "</p>"),
        *('<a href="caf\u00e9">', '<a href="&amp;&#38;&lt;">', '<a href="a&nbsp;b">', '<a href="\U0001f600">'),
        *("<svg><a href='s'></a></svg>", "<!-- <a href='c'> -->", "<a name=n>", '<link href="l">', "text"),
        *('<a href="mailto:x@y">', '<a href="https://e.org/p?q#f">', '<a href="../up">', "<a href=x href=y>"),
        *("<area href='ar'>", "<div>", "</div>", "<table><tr><td><a href='t'>", "</table>", "&amp;"),
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=16).map("".join))
def test_any_markup_hrefs_are_the_xpaths(markup: str) -> None:
    doc = lxml.html.document_fromstring("<html><body>" + markup + "x</body></html>")
    assert _cindex.attribute_values(doc, b"a", b"href") == _by_xpath(doc)


def test_other_tags_and_attributes() -> None:
    doc = lxml.html.document_fromstring('<p><img src="a.png"><img alt=x><img src=""><a href=h><img src="b"></a></p>')
    assert _cindex.attribute_values(doc, b"img", b"src") == ["a.png", "", "b"]
    assert _cindex.attribute_values(doc, b"blink", b"src") == []
