"""Session 13 (hcomm): the comment reader's shortcuts give what the general paths give.

* ``_Spans.file`` (the owners of a selector's matches by spans of page positions, filed in one
  loop) against the owners by ancestor walks (``ItemIndex.owner``): every table ``_by_owner``
  makes and every ``own`` answer, for the profile selector groups;
* ``_chrome_within`` (chrome inside a comment area by spans of positions) against ``in_chrome``;
* ``_reply_lists_of_page`` (class words picked out in C) against the scan it replaced;
* ``own``'s selector groups remembered by identity: an equal tuple that is another object gets
  the same answer.

On every saved page (fixtures and corpus), with and without the page index, and on hypothesis
markup."""

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
from importer.readers.html.css import ElementsWithin, _index_of, indexed, select_any
from importer.readers.html.profiles import CHROME, DEFAULTS, PROFILES

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


def _items_of(doc: HtmlElement) -> set[HtmlElement]:
    """Comment items as the reader finds them (DEFAULTS' areas), and every element a comment id
    or class marks (nested, beside each other, in widgets)."""
    areas = comments.comment_areas(doc, DEFAULTS, set())
    items = {el for el, _ in comments.find_items(areas, set())}
    items |= {el for el in doc.iter(etree.Element) if (el.get("id") or "").startswith(("comment-", "li-comment"))}
    return items | {el for el in doc.iter(etree.Element) if "comment" in (el.get("class") or "").split()}


def _walking(items: set[HtmlElement], roots: list[HtmlElement]) -> comments.ItemIndex:
    """An item index that finds owners by ancestor walks (no spans)."""
    index = comments.ItemIndex(items, roots)
    index._spans_read = True  # spans() answers None
    return index


def _same_tables(doc: HtmlElement, items: set[HtmlElement], groups: tuple[tuple[str, ...], ...]) -> None:
    for roots in ([doc], comments.comment_areas(doc, DEFAULTS, set()) or [doc]):
        fast, walk = comments.ItemIndex(items, roots), _walking(items, roots)
        for group in groups:
            for selector in group:
                assert fast._by_owner(selector) == walk._by_owner(selector), selector
            for el in items:
                assert list(fast.own(el, group)) == list(walk.own(el, group))
                assert list(fast.own(el, tuple(list(group)))) == list(walk.own(el, group))  # an equal tuple


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_owner_tables_by_spans_are_the_walks(page: Path) -> None:
    doc = lxml.html.document_fromstring(page.read_bytes())
    items = _items_of(doc)
    with indexed(doc):
        _same_tables(doc, items, GROUPS)


def _same_chrome(doc: HtmlElement, chrome: set[HtmlElement], areas: list[HtmlElement]) -> None:
    for area in areas:
        if comments.in_chrome(area, chrome):
            continue  # find_items skips the area
        is_chrome = comments._chrome_within(area, chrome)
        for el in area.iter(etree.Element):
            assert (is_chrome is not None and is_chrome(el)) == comments.in_chrome(el, chrome)


def _chrome_and_areas(doc: HtmlElement) -> tuple[list[set[HtmlElement]], list[HtmlElement]]:
    elements = list(doc.iter(etree.Element))
    chrome = set(select_any(doc, CHROME))
    forms = set(doc.iter("form")) | {el for el in elements if el.get("id") == "respond"}
    areas = [*comments.comment_areas(doc, DEFAULTS, set()), *elements[:: max(1, len(elements) // 40)]]
    return [chrome, forms, chrome | forms, set(elements[3::29]), set()], areas


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_chrome_within_an_area_is_in_chrome(page: Path) -> None:
    doc = lxml.html.document_fromstring(page.read_bytes())
    chromes, areas = _chrome_and_areas(doc)
    with indexed(doc):
        for chrome in chromes:
            _same_chrome(doc, chrome, areas)
    _same_chrome(doc, chromes[2], areas)


def _reply_lists_scanned(el: HtmlElement) -> ElementsWithin | None:
    """``_reply_lists_of_page`` as it was: a Python test of every class word of the page."""
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
    assert comments._reply_lists_of_page(doc) is None


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_reply_lists_are_the_scan(page: Path) -> None:
    _same_reply_lists(lxml.html.document_fromstring(page.read_bytes()))


# class values the two splits (str.split, XPath's) read differently, look-alikes of "children",
# and what the profiles' comment selectors and the chrome rules look for
_CLASSES = st.sampled_from(
    [
        "",
        "children",
        "comment",
        "x children",
        "children\u00a0x",
        "x\u2003children",
        "Children",
        "childrenx",
        "comment-author vcard",
        "fn",
        "comment-meta",
        "comment-content",
        "reply",
        "says",
        "sidebar",
        "widget",
        "comment-respond",
    ]
)
_TAGS = st.sampled_from(["div", "li", "ul", "ol", "p", "span", "cite", "time", "a", "b", "strong", "form", "img"])


@st.composite
def _markup(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 3 if depth < 4 else 0))):
        tag = draw(_TAGS)
        mark = draw(st.sampled_from(["", " id='comment-1'", " id='comment-2'", " id='respond'", " datetime='2020'"]))
        inner = draw(st.sampled_from(["", "<!-- c -->", "t"]))
        parts.append(f"<{tag} class='{draw(_CLASSES)}'{mark}>{inner}{draw(_markup(depth + 1))}</{tag}>")
    return "".join(parts)


@settings(max_examples=200, deadline=None)
@given(_markup(), st.integers(0, 2**16))
def test_owners_chrome_and_reply_lists_on_generated_markup(body: str, pick: int) -> None:
    doc = lxml.html.document_fromstring(f"<html><body><div id='comments'>{body}</div></body></html>")
    elements = list(doc.iter(etree.Element))
    items = {el for n, el in enumerate(elements) if (pick >> (n % 16)) & 1 and el.tag not in ("html", "body")}
    with indexed(doc):
        _same_tables(doc, items, GROUPS[:5])
        chromes, areas = _chrome_and_areas(doc)
        chromes.append({el for n, el in enumerate(elements) if (pick >> ((n + 5) % 16)) & 1})
        for chrome in chromes:
            _same_chrome(doc, chrome, areas)
    _same_reply_lists(doc)
