"""Session 15 (hcomm): the comment reader's page-wide look-ups give what the walks give.

* ``_marked_items`` (the page's marked elements from its index of ids and classes, once per page,
  then a position test per area) against ``_ITEMS``, the XPath walk of the area it replaced;
* ``_numbered_items`` from the ids of the page's index against the test of every prefixed id's element;
* ``_reply_lists_of_page`` (only the class words that split to "children") against the scan of
  every class word holding "children" and ``_is_reply_list``;
* the reader's look-ups of owned matches (``ItemIndex.owned``, ``first_owned``, ``owned_set``:
  one table per group from ``select_any``, by spans and by ancestor walks) against ``own``, the
  selector-by-selector generator.

On every saved page (fixtures and corpus) and on hypothesis markup."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from conftest import saved_pages
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml.html import HtmlElement

from importer.readers.html import comments
from importer.readers.html.css import ElementsWithin, _index_of, indexed, select
from importer.readers.html.profiles import DEFAULTS, PROFILES

PAGES = saved_pages()
GROUPS = tuple(
    dict.fromkeys(
        group
        for profile in (DEFAULTS, *(p.merged_with(DEFAULTS) for p in PROFILES))
        for group in (
            profile.comment_author,
            profile.comment_date,
            profile.comment_body,
            profile.comment_strip,
            comments._AVATAR,
        )
    )
)


def _scopes(doc: HtmlElement) -> list[HtmlElement]:
    """The comment areas and a spread of the page's elements (the root, leaves, the items)."""
    elements = list(doc.iter(etree.Element))
    areas = comments.comment_areas(doc, DEFAULTS, set())
    return [*areas, doc, *elements[:: max(1, len(elements) // 60)], *comments._numbered_items(doc)]


def _same_marked_items(doc: HtmlElement) -> None:
    walked_numbers = comments._numbered_items(doc)  # no index: every prefixed id's element tested
    with indexed(doc):
        assert comments._numbered_items(doc) == walked_numbers
        for scope in _scopes(doc):
            walked = comments._ITEMS(scope)
            assert isinstance(walked, list)
            assert comments._marked_items(scope) == walked


def _reply_lists_scanned(el: HtmlElement) -> ElementsWithin | None:
    """``_reply_lists_of_page`` as it was: every element filed under a class word holding
    "children", tested with ``_is_reply_list``."""
    index = _index_of(el)
    if index is None:
        return None
    holders = (e for name, (elements, _) in index.by_class.items() if "children" in name for e in elements)
    return ElementsWithin(dict.fromkeys(e for e in holders if comments._is_reply_list(e)))


def _same_reply_lists(doc: HtmlElement) -> None:
    with indexed(doc):
        fast, scanned = comments._reply_lists_of_page(doc), _reply_lists_scanned(doc)
        assert fast is not None and scanned is not None
        assert fast.sorted == scanned.sorted and fast.positions == scanned.positions


def _same_owned(doc: HtmlElement) -> None:
    with indexed(doc):
        for roots in (comments.comment_areas(doc, DEFAULTS, set()) or [doc], [doc]):
            found = comments.find_items(roots, set())
            items = {el for el, _ in found} | set(comments._numbered_items(doc))
            index = comments.ItemIndex(items, roots)
            walking = comments.ItemIndex(items, roots)
            walking._spans_read = True  # spans() answers None: owners by ancestor walks
            for el in items:
                for group in GROUPS:
                    general = [match for match, _ in comments.ItemIndex(items, roots).own(el, group)]
                    assert [m for s in index.live(group) for m in index.owned(s, el)] == general
                    assert index.first_owned(el, group) is (general[0] if general else None)
                    assert index.owned_set(el, group) == set(general)
                    assert index.owned_set(el, tuple(list(group))) == set(general)  # an equal tuple
                    assert walking.owned_set(el, group) == set(general)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_marked_items_are_the_xpaths(page: Path) -> None:
    _same_marked_items(lxml.html.document_fromstring(page.read_bytes()))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_reply_lists_are_the_scan(page: Path) -> None:
    _same_reply_lists(lxml.html.document_fromstring(page.read_bytes()))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_owned_matches_are_owns(page: Path) -> None:
    _same_owned(lxml.html.document_fromstring(page.read_bytes()))


def test_marked_items_without_an_index_are_the_xpaths() -> None:
    doc = lxml.html.document_fromstring("<div><ol><li id='comment-1'>a</li><li class='pingback'>b</li></ol></div>")
    area = doc.find(".//ol")
    assert area is not None
    assert comments._marked_items(area) == comments._ITEMS(area)
    assert [el.get("id") or el.get("class") for el in comments._marked_items(area)] == ["comment-1", "pingback"]


# ids and classes _ITEMS tells apart: prefixes, look-alikes, a ping class in a longer word, a
# class the two splits (str.split, XPath's) read differently, "children" in a longer word
_IDS = st.sampled_from(
    ["", "comment-1", "comment-2", "comments", "commentform", "li-comment-3", "li-comment", "div-comment-4",
     "dsq-comment-5", "xcomment-6", "li-comment7", "comment-item-8", "comment-9x", "Comment-7", "respond"]
)  # fmt: skip
_CLASSES = st.sampled_from(
    ["", "pingback", "trackback", "x pingback", "pingbacks", "mypingback y", "Pingback", "ping back", "comment",
     "children", "x children", "children\u00a0x", "x\u2003children", "has-children", "childrenx", "Children"]
)  # fmt: skip
_TAGS = st.sampled_from(["div", "li", "ul", "ol", "p", "span", "a", "article"])


@st.composite
def _markup(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 3 if depth < 4 else 0))):
        tag = draw(_TAGS)
        mark = draw(_IDS)
        marks = f" class='{draw(_CLASSES)}'" + (f" id='{mark}'" if mark else "")
        inner = draw(st.sampled_from(["", "<!-- c -->", "t", "Pingback: t"]))
        parts.append(f"<{tag}{marks}>{inner}{draw(_markup(depth + 1))}</{tag}>")
    return "".join(parts)


@settings(max_examples=200, deadline=None)
@given(_markup())
def test_marked_items_reply_lists_and_owned_on_generated_markup(body: str) -> None:
    doc = lxml.html.document_fromstring(f"<html><body><div id='comments'><ol>{body}</ol></div></body></html>")
    _same_marked_items(doc)
    _same_reply_lists(doc)
    _same_owned(doc)


def _same_children(doc: HtmlElement) -> None:
    with indexed(doc):
        index = comments.ItemIndex(set(comments._numbered_items(doc)), [doc])
        for scope in _scopes(doc):
            assert index.children_class(scope) == select(scope, ".children")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_children_class_is_the_selects(page: Path) -> None:
    _same_children(lxml.html.document_fromstring(page.read_bytes()))


@settings(max_examples=200, deadline=None)
@given(_markup())
def test_children_class_on_generated_markup(body: str) -> None:
    _same_children(lxml.html.document_fromstring(f"<html><body><div id='comments'><ol>{body}</ol></div></body></html>"))
