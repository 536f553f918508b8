"""The compiled page index finds a tag's elements and an attribute's holders by walking the
name's chain (``_cindex._Chains``, issue 13, session 12, branch ``hpage``) instead of testing
every node: the same elements as the Python index (``root.iter(tag)``, the XPath of the
holders), on every page, in odd markup and past the chains' limit of names."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from conftest import saved_pages
from hypothesis import given, settings
from hypothesis import strategies as st

from importer.readers.html import css
from importer.readers.html.css import PageIndex

PAGES = saved_pages()

pytestmark = pytest.mark.skipif(css._cindex is None, reason="the compiled walks are not built")

_ASKED = ("a", "p", "link", "meta", "time", "abbr", "h1", "h2", "li", "ol", "svg", "nosuch", "article")
_HELD = ("rel", "itemprop", "datetime", "href", "class", "id", "title", "xlink", "nosuch", "src", "itemtype")


def _same_buckets(doc: lxml.html.HtmlElement, tags: tuple[str, ...], attributes: tuple[str, ...]) -> None:
    walked, built = PageIndex.of(doc, compiled=False), PageIndex.of(doc, compiled=True)
    for tag in tags:
        assert built.position.tagged(tag) == walked.tagged(tag), tag
    for name in attributes:
        assert built.position.holding(name) == walked.holding_attribute(name), name


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_every_tag_and_attribute_of_a_page(path: Path) -> None:
    doc = lxml.html.document_fromstring(path.read_bytes())
    elements = [el for el in doc.iter() if isinstance(el.tag, str)]
    tags = tuple(sorted({el.tag for el in elements if css._PLAIN_TAG.fullmatch(el.tag)} | set(_ASKED)))
    names = {name for el in elements for name in el.attrib if css._ATTRIBUTE_NAME.fullmatch(name)}
    _same_buckets(doc, tags, tuple(sorted(names | set(_HELD))))


_PIECES = st.sampled_from(
    [
        *("<p>", "</p>", "<a href=x>", "<a rel=tag href=y>", "</a>", "<svg><a xlink:href='#s'></a></svg>", "<time>"),
        *("<time datetime=2009>", "<abbr title=t>", "<li itemprop=x>", "<ol>", "</ol>", "<math><mi>x</mi></math>"),
        *("<!-- c -->", "<p title=a title=b>", "<div class=c id=i>", "</div>", "<article>", "text", "<br>"),
        *("<x-y data-x=1>", "<P REL=Tag>", "<h1>", "</h1>", "<link rel=home href=/>", "<meta itemprop=n>"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=20).map("".join))
def test_any_markup(markup: str) -> None:
    doc = lxml.html.document_fromstring(f"<html><body>{markup}x</body></html>")
    _same_buckets(doc, (*_ASKED, "x-y", "mi", "body", "html"), (*_HELD, "data-x"))


def test_past_the_limit_of_names() -> None:
    """More distinct tags and attribute names than the chains hold: every node is tested."""
    markup = "".join(f"<t{i} a{i}=v data-k=1>x</t{i}>" for i in range(400))
    doc = lxml.html.document_fromstring(f"<html><body>{markup}<p a7=w>y</p></body></html>")
    _same_buckets(doc, ("t0", "t7", "t399", "p", "body"), ("a0", "a7", "a399", "data-k", "nosuch"))
