"""Session 16 (hcomm): the comment reader's cheaper tests give what the tests they replaced give.

* ``_HAS_YEAR``, written to begin with its digit, against the regex as first written;
* ``_may_number`` (no regex call for an id that ends in neither a digit nor a newline) against
  ``_ITEM_ID`` itself, and ``_item_number`` against the number the regex alone gives;
* ``_comment_type``'s class test (a split only when the word is in the string) and
  ``_walk_name``'s (no regex call for an element without a class) against the tests as they were;
* ``ItemIndex.inside_item`` (once per item) against ``inside``, and ``_as_is`` given ``doomed``
  against ``_as_is`` working it out;
* ``_own_short_lines`` by page positions (``_Spans.holes``) against the owner of each element,
  and ``ItemIndex.holds_none`` (``_Spans.leaves``) against the comment's items and reply lists;
* ``comment_items``' class test (``isdisjoint``, no set per element) against the set, and
  ``_scan_ids`` (one pass over the ids for ``_numbered_ids`` and ``_page_marked``) against a
  pass each (``test_s15hcomm_items`` holds both against the walks too);

on every saved page (fixtures and corpus) and on hypothesis input; and every saved page reads
the same with all of them off."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
from conftest import saved_pages
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml.html import HtmlElement

from importer.readers.html import comments, parse_page
from importer.readers.html.css import _index_of, in_document_order, indexed
from importer.readers.html.fields import _doomed
from importer.tally import Tally
from importer.wordpress import PING_TYPES

PAGES = saved_pages()
HAS_YEAR_AS_WRITTEN = re.compile(r"\d{4}|\d{1,2}[./-]\d{1,2}[./-]\d{2}")


def _item_number_by_regex(el: HtmlElement) -> int | None:
    """``_item_number`` as it was: the regex for every id."""
    match = comments._ITEM_ID.match(el.get("id") or "") or comments._disqus_post(el)
    return int(match.group(1)) if match else None


def _comment_type_split(el: HtmlElement, author_el: HtmlElement | None, head: comments._Head) -> str:
    """``_comment_type`` as it was: the class split for every comment."""
    classes = (el.get("class") or "").split()
    for kind in PING_TYPES:
        if kind in classes:
            return kind
    match = comments._PING_TEXT.match(head(40))
    if match:
        return match.group(1).lower()
    return (comments._ping_list(el) if el.get("id") is None else None) or "comment"


def _walk_name_searched(node: HtmlElement, el: HtmlElement, parts: list[str], anchor: list[HtmlElement]) -> bool:
    """``_walk_name`` as it was: ``_NOT_NAME`` searched in every class, an empty one too."""
    if node is not el and (node.tag in ("time", "small") or comments._NOT_NAME.search(node.get("class") or "")):
        return False
    if node is not el and node.tag == "span" and parts and comments._AUTHOR_BADGE.match(comments.text_of(node)):
        return True
    if node is not el and "".join(parts).strip() and comments._is_comment_date_link(node):
        return False
    if node.tag == "a" and node.get("href") and not anchor:
        anchor.append(node)
    if node.text and node.tag not in ("script", "style"):
        parts.append(node.text)
    for child in node:
        if isinstance(child.tag, str) and not _walk_name_searched(child, el, parts, anchor):
            return False
        if child.tail:
            parts.append(child.tail)
    return True


def _read(data: bytes, path: str) -> str:
    out = []
    for base in (None, "https://example.org/blog/some-post/"):
        tally = Tally()
        out.append(f"{parse_page(data, path, tally, base)!r} {tally!r}")
    return "\n".join(out)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_pages_read_the_same_with_the_tests_as_they_were(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = page.read_bytes()
    fast = _read(data, str(page))
    as_is = comments._as_is
    monkeypatch.setattr(comments, "_HAS_YEAR", HAS_YEAR_AS_WRITTEN)
    monkeypatch.setattr(comments, "_may_number", lambda _key: True)  # the regex for every id
    monkeypatch.setattr(comments, "_item_number", _item_number_by_regex)
    monkeypatch.setattr(comments, "_comment_type", _comment_type_split)
    monkeypatch.setattr(comments, "_walk_name", _walk_name_searched)
    monkeypatch.setattr(comments.ItemIndex, "inside_item", lambda self, el: self.inside(el))
    monkeypatch.setattr(comments, "_as_is", lambda el, drop, base, _doomed=None: as_is(el, drop, base))
    monkeypatch.setattr(comments, "_own_short_lines", comments._own_short_lines_walked)
    assert _read(data, str(page)) == fast


_DATE_TEXT = st.text(alphabet="0123456789\u0663\u0968./-: ,aJy\n", max_size=24)


@settings(max_examples=500, deadline=None)
@given(_DATE_TEXT)
def test_has_year_finds_what_the_regex_as_written_finds(text: str) -> None:
    assert bool(comments._HAS_YEAR.search(text)) == bool(HAS_YEAR_AS_WRITTEN.search(text))


_ID_PARTS = ["comment", "comment-", "li-", "div-", "dsq-", "item-", "5", "12", "\u0663", "\n", "_", "x", " "]
_ID = st.builds("".join, st.lists(st.sampled_from(_ID_PARTS), max_size=6))
_CLASS_WORDS = ["pingback", "trackback", "pingbacks", "comment", "x-trackback", "\xa0", " ", "\t"]


@settings(max_examples=500, deadline=None)
@given(_ID)
def test_may_number_is_true_wherever_the_regex_matches(key: str) -> None:
    if comments._ITEM_ID.match(key):
        assert comments._may_number(key)
    el = lxml.html.fragment_fromstring("<li></li>")
    if key and "\x00" not in key:
        el.set("id", key)
    assert comments._item_number(el) == _item_number_by_regex(el)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_CLASS_WORDS), max_size=5))
def test_comment_type_by_class_is_the_split(words: list[str]) -> None:
    el = lxml.html.fragment_fromstring("<li><p>Some text</p></li>")
    el.set("class", "".join(words))
    head = comments._Head(el)
    assert comments._comment_type(el, None, head) == _comment_type_split(el, None, comments._Head(el))


def _comment_items_by_set(doc: HtmlElement) -> list[HtmlElement]:
    """``comment_items`` as it was: a set of the class words per numbered element."""
    return [el for el in comments._numbered_items(doc) if comments._COMMENT_CLASSES & set(comments._classes(el))]


def _ids_a_pass_each(doc: HtmlElement) -> tuple[list[HtmlElement], list[HtmlElement]]:
    """``_scan_ids`` as it was, a pass over the page's ids for each list."""
    index = _index_of(doc)
    assert index is not None
    prefixes = comments._ITEM_ID_PREFIXES
    numbered = [
        el
        for key, (els, _) in index.by_id.items()
        if key.startswith(prefixes) and comments._ITEM_ID.match(key)
        for el in els
    ]
    marked = [el for key, (els, _) in index.by_id.items() if key.startswith(comments._MARKED_IDS) for el in els]
    return in_document_order(numbered), marked


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_page_wide_look_ups_on_saved_pages(page: Path) -> None:
    doc = lxml.html.document_fromstring(page.read_bytes())
    assert comments.comment_items(doc) == _comment_items_by_set(doc)
    with indexed(doc):
        assert comments.comment_items(doc) == _comment_items_by_set(doc)
        assert comments._scan_ids(_index_of(doc)) == _ids_a_pass_each(doc)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*_CLASS_WORDS, "comments", "x comment"]), max_size=5), st.booleans())
def test_comment_items_by_class_on_generated_markup(words: list[str], index: bool) -> None:
    doc = lxml.html.document_fromstring(
        "<html><body><ol><li id='comment-5'>a</li><li id='li-comment-6'>b</li></ol></body></html>"
    )
    for el in doc.iter("li"):
        el.set("class", "".join(words))
    if index:
        with indexed(doc):
            assert comments.comment_items(doc) == _comment_items_by_set(doc)
    else:
        assert comments.comment_items(doc) == _comment_items_by_set(doc)


def _items_of(doc: HtmlElement) -> set[HtmlElement]:
    items = {el for el in doc.iter(etree.Element) if (el.get("id") or "").startswith(("comment-", "li-comment"))}
    return items | {el for el in doc.iter(etree.Element) if "comment" in (el.get("class") or "").split()}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_per_item_and_per_page_answers_on_saved_pages(page: Path) -> None:
    doc = lxml.html.document_fromstring(page.read_bytes())
    for el in doc.iter(etree.Element):
        assert comments._item_number(el) == _item_number_by_regex(el)
        if el.get("class") is not None:
            head = comments._Head(el)
            assert comments._comment_type(el, None, head) == _comment_type_split(el, None, comments._Head(el))
    items = _items_of(doc)
    with indexed(doc):
        index = comments.ItemIndex(items, [doc])
        for el in items:
            assert index.inside_item(el) == index.inside(el)
            assert index.inside_item(el) is index.inside_item(el)  # looked up once
            for base in (None, "https://example.org/"):
                drop = set(index.inside(el)) - {el}
                assert comments._as_is(el, drop, base, _doomed(el, (), drop)) == comments._as_is(el, drop, base)
            text: list[str] = []
            anchor: list[HtmlElement] = []
            fast: list[str] = []
            fast_anchor: list[HtmlElement] = []
            assert comments._walk_name(el, el, fast, fast_anchor) == _walk_name_searched(el, el, text, anchor)
            assert (fast, fast_anchor) == (text, anchor)
    _same_own_lines(doc, items)


def _same_own_lines(doc: HtmlElement, items: set[HtmlElement]) -> None:
    with indexed(doc):
        index = comments.ItemIndex(items, [doc])
        assert not items or index.spans() is not None  # the fast path is the one tested
        for el in items:
            assert comments._own_short_lines(el, index) == comments._own_short_lines_walked(el, index)
            lists = [c for c in el.iterdescendants() if "children" in (c.get("class") or "").split()]
            assert index.holds_none(el) == (index.inside(el) == [el] and not lists)
            if index.holds_none(el):  # what _read_body leaves out of its drop set then
                assert not any(index.inside(m) or index.children_class(m) for m in el.iterdescendants())
    index = comments.ItemIndex(items, [doc])  # no page index: the walk
    for el in items:
        assert comments._own_short_lines(el, index) == comments._own_short_lines_walked(el, index)


@st.composite
def _thread(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 3 if depth < 4 else 0))):
        tag = draw(st.sampled_from(["div", "li", "ul", "p", "span", "em", "cite"]))
        mark = draw(st.sampled_from(["", " class='children'", " class='comment'", " class='x children'"]))
        parts.append(f"<{tag}{mark}>t{draw(_thread(depth + 1))}</{tag}>")
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(_thread(), st.integers(0, 2**16))
def test_own_short_lines_on_generated_markup(body: str, pick: int) -> None:
    doc = lxml.html.document_fromstring(f"<html><body><div>{body}</div></body></html>")
    elements = list(doc.iter(etree.Element))
    items = {el for n, el in enumerate(elements) if (pick >> (n % 16)) & 1 and el.tag not in ("html", "body")}
    _same_own_lines(doc, items | {el for el in elements if el.get("class") == "comment"})
