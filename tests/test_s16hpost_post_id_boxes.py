"""The post reader's short cut of session 16 (issue 13, hpost) against the general path it replaces:

* ``engine.post_id_boxes``: the boxes ``profiles.POST_ID_BOX`` finds (a ``div``, ``article`` or
  ``section`` whose id is "post-" and digits), from the page's index of ids instead of the
  XPath's walk of every element: the same elements, in the same order, as ``select`` gives for
  that selector, on an indexed page and on a page without an index, for the page and for any
  element of it as the scope.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from conftest import saved_pages
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml.html import HtmlElement

from importer.readers.html import css, engine
from importer.readers.html.profiles import DEFAULTS, POST_ID_BOX

PAGES = saved_pages()


def _scopes(doc: HtmlElement) -> list[HtmlElement]:
    """The page and the elements around and inside its post boxes (an id beginning "post-", and
    their parents): scopes that hold some boxes, all of them, or none."""
    scopes = [doc]
    for el in doc.iter():
        if isinstance(el, HtmlElement) and (el.get("id") or "").startswith("post"):
            scopes.append(el)
            parent = el.getparent()
            if parent is not None:
                scopes.append(parent)
    return scopes


def _same_as_the_xpath(doc: HtmlElement) -> None:
    for scope in _scopes(doc):
        assert engine.post_id_boxes(scope) == css.select(scope, POST_ID_BOX)


def test_post_id_box_is_a_container_selector_of_the_defaults() -> None:
    assert POST_ID_BOX in DEFAULTS.container


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_post_id_boxes_of_every_saved_page_are_the_xpaths(page: Path) -> None:
    doc = lxml.html.document_fromstring(page.read_bytes())
    _same_as_the_xpath(doc)  # no index: with_id_prefix's own XPath
    with css.indexed(doc):
        _same_as_the_xpath(doc)


_IDS = st.sampled_from(
    [
        "post-1",
        "post-123",
        "post-",
        "post-1a",
        "post-a1",
        "post--1",
        "post-1 2",
        "post-\u0661\u0662",  # Arabic-Indic digits: digits to Python, not to the XPath's translate()
        "post-\u00b2",
        "post-\uff11",  # a full-width digit
        "Post-1",
        "xpost-1",
        "post_1",
        "posts-1",
        "post-content",
        "",
    ]
)
_TAGS = st.sampled_from(["div", "article", "section", "span", "p", "main", "DIV"])


@st.composite
def _boxes(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(_TAGS)
    ident = draw(_IDS)
    attribute = f' id="{ident}"' if ident or draw(st.booleans()) else ""
    inner = "".join(draw(st.lists(_boxes(depth + 1), max_size=3))) if depth < 3 else ""
    return f"<{tag}{attribute}>x{inner}</{tag}>"


@settings(max_examples=300, deadline=None)
@given(st.lists(_boxes(), min_size=1, max_size=4), _IDS)
@example(['<div id="post-12"><section id="post-3">x</section></div>'], "post-1")
@example(['<article id="post-1a">x</article><div id="post-">x</div>'], "post-7")
@example(['<div id="post-\u0661">x</div>'], "")
def test_post_id_boxes_of_any_markup_are_the_xpaths(boxes: list[str], body_id: str) -> None:
    doc = lxml.html.document_fromstring(f'<html id="{body_id}"><body><div>{"".join(boxes)}</div></body></html>')
    _same_as_the_xpath(doc)
    with css.indexed(doc):
        _same_as_the_xpath(doc)
