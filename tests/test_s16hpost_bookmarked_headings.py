"""The post reader's short cut of session 16 (issue 13, hpost) against the general path it replaces:

* ``engine.bookmarked_headings``: the headings ``profiles.BOOKMARKED_HEADING`` finds (an
  ``h1``-``h4`` holding a link whose ``rel`` has the token "bookmark"), by a walk of the scope's
  headings instead of the XPath's test of every element: the same elements, in the same order,
  as ``select`` gives for that selector, for every element of a page as the scope.
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
from importer.readers.html.profiles import BOOKMARKED_HEADING, DEFAULTS

PAGES = saved_pages()


def _scopes(doc: HtmlElement) -> list[HtmlElement]:
    """The page and, for each heading, the heading and the two levels above it: scopes holding
    some headings, all of them, or a heading itself (never in its own answer)."""
    scopes = {doc: None}
    for heading in doc.iter("h1", "h2", "h3", "h4"):
        scopes[heading] = None
        for level, ancestor in enumerate(heading.iterancestors()):
            if level == 2:
                break
            scopes[ancestor] = None
    return list(scopes)


def _same_as_the_xpath(doc: HtmlElement) -> None:
    for scope in _scopes(doc):
        assert engine.bookmarked_headings(scope) == css.select(scope, BOOKMARKED_HEADING)


def test_bookmarked_heading_is_a_title_selector_of_the_defaults() -> None:
    assert BOOKMARKED_HEADING in DEFAULTS.title


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_bookmarked_headings_of_every_saved_page_are_the_xpaths(page: Path) -> None:
    doc = lxml.html.document_fromstring(page.read_bytes())
    with css.indexed(doc):
        _same_as_the_xpath(doc)


_RELS = st.sampled_from(
    [
        "bookmark",
        "Bookmark",
        "bookmarks",
        "nobookmark",
        " bookmark ",
        "external bookmark",
        "bookmark\tnofollow",
        "x\nbookmark\r",
        "x\x0cbookmark",  # a form feed: space to str.split(), not to normalize-space()
        "x\u00a0bookmark",
        "x\u2003bookmark",
        "tag",
        "",
    ]
)
_TAGS = st.sampled_from(["h1", "h2", "h3", "h4", "h5", "div", "span", "p"])


@st.composite
def _markup(draw: st.DrawFn, depth: int = 0) -> str:
    if depth >= 3 or draw(st.integers(0, 3)) == 0:
        rel = draw(st.one_of(st.none(), _RELS))
        attribute = f' rel="{rel}"' if rel is not None else ""
        return f'<a href="/p/"{attribute}>link</a>' if draw(st.booleans()) else "text"
    tag = draw(_TAGS)
    inner = "".join(draw(st.lists(_markup(depth + 1), max_size=3)))
    return f"<{tag}>{inner}</{tag}>"


@settings(max_examples=300, deadline=None)
@given(st.lists(_markup(), min_size=1, max_size=4))
@example(['<h2><a rel="bookmark">x</a><h3><a rel="bookmark">y</a></h3></h2>'])
@example(['<h1><span><a rel="x\x0cbookmark">x</a></span></h1><h4><a rel=" bookmark\n">y</a></h4>'])
@example(['<h5><a rel="bookmark">x</a></h5><h3><a rel="bookmarks">y</a></h3>'])
def test_bookmarked_headings_of_any_markup_are_the_xpaths(markup: list[str]) -> None:
    doc = lxml.html.document_fromstring(f"<html><body><div>{''.join(markup)}</div></body></html>")
    _same_as_the_xpath(doc)
    with css.indexed(doc):
        _same_as_the_xpath(doc)
