"""Session 13 (issue 13), hbody: ``fields._iterlinks`` leaves lxml's own ``iterlinks`` to the
holders whose ``style`` attribute may hold a ``url(...)``; a style without ``url(`` (any case)
gives lxml no link, so such a holder's links are read from its attribute names like any other's.

Checked against lxml's ``iterlinks`` (the links of each holder, as a set) and lxml's
``rewrite_links`` (the rewritten copy, serialized) on every saved page and on hypothesis markup
with styles that hold ``url(`` or nearly do."""

from __future__ import annotations

import copy
from functools import partial
from pathlib import Path

import lxml.html
import pytest
from conftest import saved_pages
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml.html import HtmlElement
from test_hpost_fields import _links_by_lxml, _links_fast

from importer.readers.html import fields

BASES = ("https://example.org/blog/some-post/", "http://www.example.com/a/b")


def _same_links(root: HtmlElement) -> None:
    holders = fields._link_holders(root)
    assert _links_fast(holders) == _links_by_lxml(holders)
    for base in BASES:
        expected, ours = copy.deepcopy(root), copy.deepcopy(root)
        expected.rewrite_links(partial(fields._absolute_link, base), resolve_base_href=False)
        fields.rewrite_links(ours, partial(fields._absolute_link, base))
        assert lxml.html.tostring(ours) == lxml.html.tostring(expected)
        if next(root.iterdescendants(etree.Comment), None) is None:  # else never untouched
            assert fields._untouched(root, base) == (lxml.html.tostring(expected) == lxml.html.tostring(root))


@pytest.mark.parametrize("page", saved_pages(), ids=lambda p: p.name)
def test_links_and_rewrites_are_lxmls_on_every_saved_page(page: Path) -> None:
    _same_links(lxml.html.document_fromstring(page.read_bytes()))


_STYLES = st.sampled_from(
    [
        "color: red",
        "",
        " ",
        "background: url(a.png)",
        "background: URL('b.png')",
        'background: Url("c d.png") no-repeat',
        "background:url(/root.png);color:url",
        "background: url (e.png)",
        "background: url(",
        "content: 'url'",
        "background-image: url(https://cdn.example.org/f.png), url(g.png)",
        "margin: 0 auto; width: 50%",
        "font-family: 'url(not really'",
    ]
)
_ATTRIBUTES = st.sampled_from(
    ["", ' href="x.html"', ' src=" i.png "', ' cite="https://example.org/q"', ' class="c"', ' data="d"']
)
_TAGS = st.sampled_from(["div", "p", "a", "img", "span", "object", "blockquote", "td"])


@st.composite
def _element(draw: st.DrawFn) -> str:
    tag, style = draw(_TAGS), draw(_STYLES)
    attributes = "".join(draw(st.lists(_ATTRIBUTES, max_size=3, unique=True)))
    quoted = style.replace('"', "&quot;")
    styled = f' style="{quoted}"' if draw(st.booleans()) else ""
    return f"<{tag}{attributes}{styled}>t</{tag}>"


@settings(max_examples=200, deadline=None)
@given(st.lists(_element(), max_size=8))
@example(['<div style="background: URL(a.png)" href="x">t</div>', '<p style="color: red" src="y">t</p>'])
def test_links_and_rewrites_are_lxmls_on_styled_markup(parts: list[str]) -> None:
    _same_links(lxml.html.document_fromstring(f"<html><head></head><body>{''.join(parts)}</body></html>"))
