"""The comment reader's shortcuts give what the general paths they replaced gave:
``ItemIndex.nested`` (the items and reply lists among a comment's descendants, from the page
index), the owners of matches by spans of page positions (``_Spans``, instead of ancestor
walks) and ``_lineage`` (the blocks holding a comment's byline or meta) on every fixture and
corpus page and on hypothesis markup, with and without the page index; and every page reads the
same with all of them off (and ``_block_strip``'s: the strip selectors run per block)."""

from __future__ import annotations

import os
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from importer.readers.html import comments, parse_page
from importer.readers.html.css import indexed
from importer.tally import Tally

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_PAGES = sorted((ROOT / "fixtures").rglob("*.html"))
CORPUS_HTML = Path(os.environ.get("BLOGIMPORT_CORPUS") or ROOT.parent / "shared" / "corpus") / "html"
CORPUS_PAGES = sorted(CORPUS_HTML.rglob("*.html")) if CORPUS_HTML.is_dir() else []


def _read(data: bytes, path: str) -> str:
    out = []
    for base in (None, "https://example.org/blog/some-post/"):
        tally = Tally()
        out.append(f"{parse_page(data, path, tally, base)!r} {tally!r}")
    return "\n".join(out)


@pytest.mark.parametrize("page", FIXTURE_PAGES + CORPUS_PAGES, ids=lambda p: p.name)
def test_pages_read_the_same_with_the_general_paths(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = page.read_bytes()
    fast = _read(data, str(page))
    monkeypatch.setattr(comments, "_block_strip", lambda _el, _items, strip: strip)
    monkeypatch.setattr(comments.ItemIndex, "spans", lambda _self: None)  # owners by ancestor walks
    monkeypatch.setattr(comments, "_reply_lists_of_page", lambda _el: None)  # nested by a walk
    assert _read(data, str(page)) == fast


def _nested_walk(el: lxml.html.HtmlElement, items: set[lxml.html.HtmlElement]) -> set[lxml.html.HtmlElement]:
    """``_read_body``'s walk as it was: every descendant that is an item or has the class ``children``."""
    return {c for c in el.iterdescendants() if c in items or "children" in (c.get("class") or "").split()}


def _holds(block: lxml.html.HtmlElement, meta: set[lxml.html.HtmlElement]) -> bool:
    """``_body_blocks``'s test as it was."""
    return any(m is block or block in set(m.iterancestors()) for m in meta)


def _same(doc: lxml.html.HtmlElement, items: set[lxml.html.HtmlElement], scopes: list[lxml.html.HtmlElement]) -> None:
    for index in (comments.ItemIndex(items, [doc]), comments.ItemIndex(set(), [doc])):
        for el in scopes:
            assert index.nested(el) == _nested_walk(el, index.items)


def _same_owners(doc: lxml.html.HtmlElement, items: set[lxml.html.HtmlElement]) -> None:
    """The owners by spans of positions are ``ItemIndex.owner``'s (its ancestor walk, which
    tests/test_html_owner.py checks), for every element of the page."""
    index = comments.ItemIndex(items, [doc])
    spans = index.spans()
    assert (spans is not None) == bool(items)
    if spans is not None:
        elements = list(doc.iter(etree.Element))
        assert spans.owners(elements, items) == [index.owner(el) for el in elements]
        for el in elements:  # nothing above: _parent_of's walk finds no parent
            assert spans.under_any(el) is not False or comments._parent_of(el, items, dict.fromkeys(items)) is None
            assert spans.under_any(el) == any(a in items or comments._is_reply_list(a) for a in el.iterancestors())


def _same_with_and_without_index(doc: lxml.html.HtmlElement, items: set[lxml.html.HtmlElement]) -> None:
    scopes = [*items, *(el for n, el in enumerate(doc.iter(etree.Element)) if n % 5 == 0)]
    with indexed(doc):
        _same(doc, items, scopes)
        _same_owners(doc, items)
    _same(doc, items, scopes)  # no page index: ElementsWithin's walks
    assert comments.ItemIndex(items, [doc]).spans() is None  # and the owners by walks


def _items_of(doc: lxml.html.HtmlElement) -> set[lxml.html.HtmlElement]:
    items = {el for el in doc.iter(etree.Element) if (el.get("id") or "").startswith(("comment-", "li-comment"))}
    return items | {el for el in doc.iter(etree.Element) if "comment" in (el.get("class") or "").split()}


@pytest.mark.parametrize("page", FIXTURE_PAGES + CORPUS_PAGES, ids=lambda p: p.name)
def test_nested_and_owners_from_the_index_are_the_walks(page: Path) -> None:
    doc = lxml.html.document_fromstring(page.read_bytes())
    _same_with_and_without_index(doc, _items_of(doc))


@pytest.mark.parametrize("page", FIXTURE_PAGES + CORPUS_PAGES, ids=lambda p: p.name)
def test_lineage_is_the_holds_test(page: Path) -> None:
    doc = lxml.html.document_fromstring(page.read_bytes())
    elements = list(doc.iter(etree.Element))
    for at in range(0, len(elements), 17):
        meta = set(elements[at : at + 40 : 13])
        lineage = comments._lineage(meta)
        for block in elements[:: max(1, len(elements) // 300)]:
            assert (block in lineage) == _holds(block, meta)


# class values the two splits (str.split, XPath's) read differently, and look-alikes of "children"
_CLASSES = st.sampled_from(
    ["", "children", "comment", "x children", "children\u00a0x", "x\u2003children", "Children", "childrenx", "y"]
)


@st.composite
def _markup(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 3 if depth < 4 else 0))):
        tag = draw(st.sampled_from(["div", "li", "ul", "ol", "p", "span"]))
        mark = draw(st.sampled_from(["", " id='comment-1'"]))
        inner = draw(st.sampled_from(["", "<!-- c -->", "<?php class='children' ?>", "t"]))
        parts.append(f"<{tag} class='{draw(_CLASSES)}'{mark}>{inner}{draw(_markup(depth + 1))}</{tag}>")
    return "".join(parts)


@settings(max_examples=200, deadline=None)
@given(_markup(), st.integers(0, 2**16))
def test_nested_and_owners_on_generated_markup(body: str, pick: int) -> None:
    doc = lxml.html.document_fromstring(f"<html><body>{body}</body></html>")
    elements = list(doc.iter(etree.Element))
    items = {el for n, el in enumerate(elements) if (pick >> (n % 16)) & 1 and el.tag not in ("html", "body")}
    _same_with_and_without_index(doc, items)


def test_the_parser_makes_no_processing_instruction() -> None:
    """``nested`` finds elements only: a processing instruction's ``get`` would read a class
    from its text, but the HTML parser makes a comment of ``<?...?>``."""
    doc = lxml.html.document_fromstring("<html><body><div><?php class='children' ?>x</div></body></html>")
    assert next(doc.iter(etree.ProcessingInstruction), None) is None
