"""``_cindex.collapsed_text`` (the white-space collapse done in C while the text nodes are copied)
gives what the Python path gives, ``" ".join(text.split())[:limit]`` of the element's text nodes
(fields._texts): on every element of every saved page and fixture, for several limits, and on
generated markup holding every character ``str.split`` takes for white space, multi-byte text,
scripts, styles, comments and tails. fields.text_of and fields.text_start give the same with and
without the compiled module."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from conftest import saved_pages
from hypothesis import given, settings
from hypothesis import strategies as st

from importer.readers.html import fields

compiled = pytest.mark.skipif(fields._cindex is None, reason="not built: python setup.py build_ext --inplace")

_LIMITS = (-1, 0, 1, 2, 3, 7, 41, 81, 121, 1000)
_WHITE = [c for c in map(chr, range(0x110000)) if c.isspace()]


def _python(el: lxml.html.HtmlElement) -> str:
    """The general path: the text nodes joined, white space collapsed as ``str.split`` does."""
    return " ".join("".join(fields._texts(el)).split())


def _same(doc: lxml.html.HtmlElement) -> None:
    assert fields._cindex is not None
    for el in doc.iter():
        if not isinstance(el.tag, str):  # a comment or a processing instruction: the Python code's
            assert fields._cindex.collapsed_text(el) is None
            continue
        whole = _python(el)
        for limit in _LIMITS:
            expected = whole if limit < 0 else whole[:limit]
            assert fields._cindex.collapsed_text(el, limit) == expected, (el.tag, limit)
        assert fields._cindex.collapsed_text(el) == whole


def test_the_white_space_list_is_str_splits() -> None:
    """The characters the C code takes for white space (its comments list them) are ``str.split``'s."""
    assert [hex(ord(c)) for c in _WHITE] == [
        *map(hex, [0x9, 0xA, 0xB, 0xC, 0xD, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0, 0x1680]),
        *map(hex, range(0x2000, 0x200B)),
        *map(hex, [0x2028, 0x2029, 0x202F, 0x205F, 0x3000]),
    ]


@compiled
@pytest.mark.parametrize("page", saved_pages(), ids=lambda p: p.name)
def test_collapsed_text_on_every_element_of_every_saved_page(page: Path) -> None:
    _same(lxml.html.document_fromstring(page.read_bytes()))


@compiled
def test_every_white_space_character_and_its_neighbours() -> None:
    """Each white-space character alone, between words, and the characters whose UTF-8 starts as
    theirs does (U+2000..U+20FF, U+1680's and U+3000's neighbours) kept."""
    near = [chr(c) for c in [*range(0x1670, 0x1690), *range(0x1FF0, 0x2100), *range(0x2FF0, 0x3010), 0x84, 0x86, 0x9F]]
    near += ["\u00a1", "\u00c2", "\u0100", "\U0001f600", "\u4e2d"]
    body = "".join(f"<p>{c}</p><p>a{c}b</p><span>{c}x{c}{c}y{c}</span>" for c in _WHITE + near)
    _same(lxml.html.document_fromstring(f"<html><body>{body}</body></html>"))


_OTHERS = (
    "a",
    "bc",
    "word",
    "\u00e9",
    "\u4e2d\u6587",
    "\U0001f600",
    "\u2010",
    "\u2030",
    "\u3001",
    "\u00a1",
    "&amp;",
    "&nbsp;",
)
_PIECES = st.sampled_from(_OTHERS + tuple(_WHITE))
_TEXT = st.lists(_PIECES, max_size=8).map("".join)


@st.composite
def _markup(draw: st.DrawFn, depth: int = 0) -> str:
    parts = [draw(_TEXT)]
    for _ in range(draw(st.integers(0, 4 if depth < 3 else 0))):
        kind = draw(st.sampled_from(["div", "p", "span", "b", "script", "style", "comment"]))
        if kind == "comment":
            parts.append(f"<!--{draw(_TEXT).replace('-', '')}-->")
        elif kind in ("script", "style"):
            parts.append(f"<{kind}>{draw(_TEXT).replace('<', '')}</{kind}>")
        else:
            parts.append(f"<{kind}>{draw(_markup(depth + 1))}</{kind}>")
        parts.append(draw(_TEXT))  # its tail
    return "".join(parts)


@compiled
@settings(max_examples=300, deadline=None)
@given(_markup(), st.integers(1, 4))
def test_collapsed_text_on_generated_markup(body: str, copies: int) -> None:
    _same(lxml.html.document_fromstring(f"<html><body><div>{body * copies}</div></body></html>"))


@compiled
@settings(max_examples=150, deadline=None)
@given(_markup(), st.integers(0, 90))
def test_text_of_and_text_start_with_and_without_the_compiled_module(body: str, limit: int) -> None:
    doc = lxml.html.document_fromstring(f"<html><body><div>{body}</div></body></html>")
    elements = [el for el in doc.iter() if isinstance(el.tag, str)]
    fast = [(fields.text_of(el), fields.text_start(el, limit)) for el in elements]
    saved = fields._cindex
    fields._cindex = None
    try:
        slow = [(fields.text_of(el), fields.text_start(el, limit)) for el in elements]
    finally:
        fields._cindex = saved
    assert fast == slow
