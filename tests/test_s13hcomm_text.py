"""Session 13 (hcomm): ``text_start`` (the start of an element's text: collapsed in C, or read
in growing steps when a text node is not UTF-8 as Python reads it) is ``text_of(el)[:limit]``:
on elements of every saved page (fixtures and corpus: every comment item, a sample of the rest),
on hypothesis markup heavy with white space, in growing steps, and without the compiled walk."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from conftest import saved_pages
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml.html import HtmlElement

from importer.readers.html import fields
from importer.readers.html.fields import text_of, text_start

LIMITS = (1, 10, 20, 40, 121)


def _same(el: HtmlElement) -> None:
    whole = text_of(el)
    for limit in LIMITS:
        assert text_start(el, limit) == whole[:limit]


@pytest.mark.parametrize("page", saved_pages(), ids=lambda p: p.name)
def test_text_head_is_text_start(page: Path) -> None:
    doc = lxml.html.document_fromstring(page.read_bytes())
    elements = list(doc.iter(etree.Element))
    items = [el for el in elements if (el.get("id") or "").startswith(("comment", "li-comment", "div-comment"))]
    for el in [*items, *elements[:: max(1, len(elements) // 150)]]:
        _same(el)


_TEXT = st.sampled_from(
    ["", " ", "\n\t\t\t\t", " " * 300, "\n" + "\t" * 90, "a", "Pingback: x", "word ", "\u00a0", "é"]
)


@st.composite
def _markup(draw: st.DrawFn, depth: int = 0) -> str:
    parts = [draw(_TEXT)]
    for _ in range(draw(st.integers(0, 3 if depth < 4 else 0))):
        tag = draw(st.sampled_from(["div", "p", "span", "script", "style", "li"]))
        parts.append(f"<{tag}>{draw(_TEXT) * draw(st.integers(0, 40))}{draw(_markup(depth + 1))}</{tag}>")
        parts.append(draw(st.sampled_from(["", "<!-- a comment -->", "tail", "\n  "])))
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(_markup())
def test_text_head_on_generated_markup(body: str) -> None:
    doc = lxml.html.document_fromstring(f"<html><body><div id='x'>{body}</div></body></html>")
    for el in doc.iter(etree.Element):
        _same(el)


def test_text_head_without_the_compiled_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = lxml.html.document_fromstring(
        "<html><body><div>" + "\n\t" * 500 + "<p>Pingback: a post</p></div></body></html>"
    )
    expected = [text_start(el, 40) for el in doc.iter(etree.Element)]
    if fields._cindex is not None:  # the growing steps, as for a text node that is not UTF-8
        monkeypatch.setattr(fields._cindex, "collapsed_text", lambda el, limit=-1: None)
        assert [text_start(el, 40) for el in doc.iter(etree.Element)] == expected
    monkeypatch.setattr(fields, "_cindex", None)
    assert [text_start(el, 40) for el in doc.iter(etree.Element)] == expected
    assert expected[2] == "Pingback: a post"
