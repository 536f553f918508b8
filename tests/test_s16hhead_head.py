"""The shortcuts of session 16 (issue 13, branch ``hhead``) against the general paths they replace:
``_allowed_text`` of a page decoded strictly as UTF-8 whose bytes hold a forbidden control
character deletes those bytes and decodes the rest, instead of running ``strip_xml_forbidden``'s
regex over the decoded text (and ``_parse`` parses those bytes instead of the text encoded
again); ``metadata._in_comment``'s loop against the generator it replaces;
``body._term_lines`` tests the compiled walk's candidate links instead of every link; ``_unmark``
gathers the kept elements' ancestors once; ``is_utf8_page`` leaves an ASCII page to its check."""

from __future__ import annotations

import codecs
from pathlib import Path

import lxml.etree
import lxml.html
import pytest
from conftest import saved_pages
from hypothesis import example, given
from hypothesis import strategies as st

from importer.readers.html import _allowed_text, _unmark, body, metadata
from importer.readers.html.encoding import declared_encoding, decode_page, is_utf8_page
from importer.transforms.xml_chars import FORBIDDEN_CHARS, strip_xml_forbidden

PAGES = saved_pages()


def _general(data: bytes) -> tuple[str, int, bytes | None]:
    """What ``_decoded_tree`` made before: the text stripped by ``strip_xml_forbidden``, and the
    page's own bytes for ``_parse`` only when they were decoded strictly and nothing went."""
    decoded = decode_page(data)
    text, stripped = strip_xml_forbidden(decoded.text)
    strict = decoded.encoding == "utf-8" and decoded.how != "bom"
    return text, stripped, data if strict and not stripped else None


def _check(data: bytes) -> None:
    text, stripped, utf8 = _allowed_text(decode_page(data), data)
    general_text, general_stripped, general_utf8 = _general(data)
    assert (text, stripped) == (general_text, general_stripped)
    assert utf8 is None or utf8 == text.encode("utf-8")  # what _parse would parse: the same text
    if general_utf8 is not None:
        assert utf8 == general_utf8


# pages of forbidden controls, allowed ones, ASCII, Latin-1, two-byte and astral characters, a
# charset declaration, a BOM, bytes that are no UTF-8: each way decode_page reads a page
_PIECES = st.sampled_from(
    [
        *(c.encode("ascii") for c in FORBIDDEN_CHARS),
        *(b"\t", b"\n", b"\r", b" ", b"<p>a</p>", b"caf\xc3\xa9", b"\xe2\x80\x99", b"\xf0\x9f\x98\x80"),
        *(b"\xe9", b"\x92", b'<meta charset="iso-8859-1">', b'<meta charset="utf-8">'),
    ]
)
_PAGES = st.tuples(
    st.sampled_from([b"", codecs.BOM_UTF8, b'<?xml version="1.0"?>']), st.lists(_PIECES, max_size=40)
).map(lambda parts: parts[0] + b"".join(parts[1]))


@given(_PAGES)
@example(b"<p>" + "caf\u00e9 \u2019".encode() * 200 + b"\x1d</p>")
@example(codecs.BOM_UTF8 + b"<p>\x01</p>")
@example(b"<p>\xe9\x01</p>")
def test_allowed_text_is_the_strip(data: bytes) -> None:
    _check(data)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_pages(path: Path) -> None:
    data = path.read_bytes()
    _check(data)
    _check(data + b"\x1d<p>\x00\x1f</p>")


# metadata._in_comment: the loop against the generator it replaces


def _in_comment_walked(el: lxml.html.HtmlElement) -> bool:
    """What ``_in_comment`` answered before: a proxy and two ``get`` calls per ancestor."""
    return any(
        "comment" in (a.get("id") or "").lower() or "comment" in (a.get("class") or "").lower()
        for a in el.iterancestors()
    )


def _check_in_comment(doc: lxml.html.HtmlElement) -> None:
    for el in doc.iter(lxml.etree.Element):
        assert metadata._in_comment(el) == _in_comment_walked(el), lxml.html.tostring(el)[:200]


_WORDS = st.sampled_from(
    [
        "comment",
        "Comment",
        "COMMENT",
        "commEnt",
        "comm ent",
        "comments-area",
        "kommentar",
        "c\u00f6mment",
        "\u0130comment",
        "\u212aomment",
        "commen",
        "x",
        "",
        "  comment  ",
        "no\u00a0comment",
    ]
)
_MARKUP = st.recursive(
    st.just("<a href='/'>home</a>"),
    lambda inner: st.tuples(
        st.sampled_from(["div", "li", "span", "section"]),
        st.sampled_from(["id", "class", "title"]),
        _WORDS,
        st.lists(inner, max_size=3),
    ).map(lambda t: f"<{t[0]} {t[1]}='{t[2]}'>{''.join(t[3])}</{t[0]}>"),
    max_leaves=12,
)


@given(_MARKUP)
def test_in_comment_on_hypothesis_markup(markup: str) -> None:
    _check_in_comment(lxml.html.document_fromstring(f"<html><body>{markup}</body></html>"))


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_in_comment_on_pages(path: Path) -> None:
    _check_in_comment(lxml.html.document_fromstring(path.read_bytes()))


# body._term_lines: the compiled walk's candidate links against every link of the last blocks


def _check_term_lines(doc: lxml.html.HtmlElement, monkeypatch: pytest.MonkeyPatch) -> None:
    roots = [el for el in doc.iter("div", "article", "section", "td", "body") if len(el)][:300]
    compiled = [body._term_lines(root, list(root)) for root in roots]
    with monkeypatch.context() as patched:
        patched.setattr(body, "_cindex", None)
        walked = [body._term_lines(root, list(root)) for root in roots]
    assert compiled == walked


_RELS = st.sampled_from(
    ["tag", "Tag", "TAG", "category", "CATEGORY tag", "tags", "category-x", "bookmark", "", "t\u0430g"]
)
_LINE = st.tuples(st.sampled_from(["Filed under: ", "Tags: ", "Posted in ", "See "]), st.lists(_RELS, max_size=3)).map(
    lambda t: "<p>" + t[0] + ", ".join(f"<a rel='{r}' href='/x'>x</a>" for r in t[1]) + "</p>"
)


@given(st.lists(_LINE, min_size=1, max_size=6))
def test_term_lines_on_hypothesis_markup(lines: list[str]) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        _check_term_lines(
            lxml.html.document_fromstring(f"<html><body><div>{''.join(lines)}</div></body></html>"), monkeypatch
        )


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_term_lines_on_pages(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _check_term_lines(lxml.html.document_fromstring(path.read_bytes()), monkeypatch)


# _unmark: one gathering of the kept elements' ancestors against each one's whole line


def _unmarked_walked(chrome: set[lxml.html.HtmlElement], kept: list[lxml.html.HtmlElement]) -> None:
    for el in kept:
        chrome.difference_update(el.iterancestors())
        chrome.discard(el)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_unmark_on_pages(path: Path) -> None:
    doc = lxml.html.document_fromstring(path.read_bytes())
    elements = [el for el in doc.iter(lxml.etree.Element) if el.get("class") or el.get("id")]
    for kept in (elements[::7], elements[-40:], [el for el in elements if "comment" in (el.get("class") or "")]):
        chrome, walked = set(elements), set(elements)
        _unmark(chrome, kept)
        _unmarked_walked(walked, kept)
        assert chrome == walked


# encoding.is_utf8_page: the check answers an ASCII page too (no isascii pass before it)


def _strict(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _utf8_page_before(data: bytes) -> bool:
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    declared = declared_encoding(data)
    western = {"utf-8", "ascii", "cp1250", "iso8859-2", "iso8859-15", "mac-roman", "cp1252"}
    if declared is None or declared == "utf-8" or (declared in western and not data.isascii()):
        return data.isascii() or _strict(data)
    return False


@given(_PAGES)
def test_is_utf8_page_without_the_ascii_pass(data: bytes) -> None:
    assert is_utf8_page(data, _strict) == _utf8_page_before(data)
