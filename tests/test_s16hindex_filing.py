"""Session 16: the compiled index files its elements by the wanted names alone (the tags and
attribute names asked of pages before: ``_cindex._want``, ``Positions._file_wanted``), in one walk on
a page's first ask, instead of chaining every element and attribute of the page by name. Against
the Python index (``root.iter(tag)``, the XPath of an attribute's holders):

* names wanted before the page was filed (its filing), names first asked on a page (wanted then
  filed) and names first asked after the page's filing (a scan of that page);
* an attribute an element holds twice (once), namespaced names (not filed), names that are both a
  tag and an attribute (``title``), names no element has;
* a page with more distinct names than the filing's look-up holds (every name scans), more names
  asked than the filing keeps (those past it scan), pages indexed side by side.
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

_TAGS = ("a", "p", "title", "time", "h1", "li", "svg", "nosuch", "article", "body", "html", "x-y")
_NAMES = ("rel", "itemprop", "datetime", "href", "class", "id", "title", "nosuch", "src", "data-x", "xlink")


def _same(built: PageIndex, walked: PageIndex, tags: tuple[str, ...], names: tuple[str, ...]) -> None:
    for tag in tags:
        assert built.position.tagged(tag) == walked.tagged(tag), tag
    for name in names:
        assert built.position.holding(name) == walked.holding_attribute(name), name


def _both(doc: lxml.html.HtmlElement) -> tuple[PageIndex, PageIndex]:
    return PageIndex.of(doc, compiled=True), PageIndex.of(doc, compiled=False)


def test_saved_pages_names_before_during_and_after_the_filing() -> None:
    pages = saved_pages()
    assert pages
    for number, path in enumerate(pages):
        doc = lxml.html.document_fromstring(path.read_bytes())
        built, walked = _both(doc)
        _same(built, walked, _TAGS, _NAMES)  # wanted since the first page: filed
        # first asked on this page after its filing: scanned here, filed on the next page
        _same(built, walked, (f"late{number}", "span", "div"), (f"late{number}", "style", "alt"))
        _same(built, walked, _TAGS, _NAMES)  # again: the kept buckets


_PIECES = st.sampled_from(
    [
        *("<p>", "</p>", "<a href=x>", "<a rel=tag href=y>", "</a>", "<svg><a xlink:href='#s'></a></svg>", "<time>"),
        *("<time datetime=2009>", "<abbr title=t>", "<li itemprop=x>", "<title>t</title>", "<math><mi>x</mi></math>"),
        *("<!-- c -->", "<p title=a title=b>", "<div class=c id=i>", "</div>", "<article>", "text", "<br>"),
        *("<x-y data-x=1>", "<P REL=Tag>", "<h1>", "</h1>", "<link rel=home href=/>", "<a data-x=2 data-x=3>"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=24).map("".join), st.booleans())
def test_any_markup(markup: str, fresh_name_first: bool) -> None:
    doc = lxml.html.document_fromstring(f"<html><head><title>t</title></head><body>{markup}x</body></html>")
    built, walked = _both(doc)
    if fresh_name_first:
        _same(built, walked, ("mi",), ("data-x",))
    _same(built, walked, _TAGS, _NAMES)


def test_attribute_held_twice_and_namespaces() -> None:
    doc = lxml.html.document_fromstring(
        "<html><body><p title=a title=b>x</p><svg xmlns:xlink='http://www.w3.org/1999/xlink'>"
        "<a xlink:href='#s' href='h'>l</a></svg><a href='k' HREF='j'>m</a></body></html>"
    )
    built, walked = _both(doc)
    _same(built, walked, _TAGS, _NAMES)
    assert len(built.position.holding("title")[0]) == 1


def test_pages_side_by_side() -> None:
    """Two indexes alive at once, asked in turn: each its own filing."""
    one = lxml.html.document_fromstring("<html><body><p rel=a>1</p><time datetime=x>t</time></body></html>")
    two = lxml.html.document_fromstring("<html><body><a rel=b href=x>2</a><p>3</p><p>4</p></body></html>")
    (built_one, walked_one), (built_two, walked_two) = _both(one), _both(two)
    for _ in range(2):
        _same(built_two, walked_two, ("p", "a", "time"), ("rel", "datetime"))
        _same(built_one, walked_one, ("p", "a", "time"), ("rel", "datetime", "href"))


def test_more_distinct_names_than_the_filing_holds() -> None:
    """Past the filing's look-up of names (1,024 a page): nothing filed, every name scans."""
    markup = "".join(f"<t{i} a{i}=v data-k=1>x</t{i}>" for i in range(700))
    doc = lxml.html.document_fromstring(f"<html><body>{markup}<p a7=w rel=x>y</p></body></html>")
    built, walked = _both(doc)
    _same(built, walked, ("t0", "t7", "t699", "p", "body", "a"), ("a0", "a7", "a699", "data-k", "rel", "nosuch"))


def test_more_names_asked_than_the_filing_keeps() -> None:
    """Past 256 wanted names: those past them scan, on every page."""
    markup = "".join(f"<n{i} b{i}=v>x</n{i}>" for i in range(300))
    for _ in range(2):
        doc = lxml.html.document_fromstring(f"<html><body>{markup}<p rel=x>y</p></body></html>")
        built, walked = _both(doc)
        tags = tuple(f"n{i}" for i in range(300))
        names = tuple(f"b{i}" for i in range(300))
        _same(built, walked, (*tags, "p"), (*names, "rel"))
