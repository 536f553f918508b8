"""A page decoded strictly from UTF-8 is parsed from its own bytes (issue 13, session 12, branch
``hpage``): the tree, the flattened count and the whole reading are those of the general path,
which encodes the decoded text again."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from conftest import saved_pages
from hypothesis import example, given, settings
from hypothesis import strategies as st

import importer.readers.html as html_reader
from importer.errors import ParseError
from importer.readers.html import parse_page
from importer.readers.html.encoding import decode_page
from importer.tally import Tally
from importer.transforms import html_depth

PAGES = saved_pages()

_ODD_PAGES = [
    b"<html><body><p>plain</p></body></html>",
    b"  \n<!DOCTYPE html><html><body><p>caf\xc3\xa9</p></body></html>",
    b'<?xml version="1.0" encoding="utf-8"?><html><body><p>declared \xe2\x80\x94</p></body></html>',
    b"\xef\xbb\xbf<html><body><p>bom \xc3\xa9</p></body></html>",
    b"<html><body><p>control\x01chars\x1f</p></body></html>",
    b'<html><head><meta charset="iso-8859-1"></head><body><p>latin \xe9</p></body></html>',
    b'<html><head><meta charset="iso-8859-1"></head><body><p>utf-8 under latin \xc3\xa9</p></body></html>',
    b"<html><body>" + b"<div>" * 300 + b"deep \xc3\xa9" + b"</div>" * 300 + b"</body></html>",
    b"<p>\xf0\x9f\x98\x80 four bytes</p>",
    b"\xc2\xa0<p>no-break space first</p>",
    b" \t\r\n",
]


@pytest.fixture(autouse=True)
def _through_the_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every page through the decoded text (test_hpage_utf8.py tests the path without it)."""
    monkeypatch.setattr(html_reader, "_plain_utf8", lambda data: False)


def _general(text: str, path: str, utf8: bytes | None = None) -> tuple[lxml.html.HtmlElement, int]:
    """``_parse`` as it was: the text encoded again, whatever bytes the caller holds."""
    return _PARSE(text, path)


_PARSE = html_reader._parse


def _tree(data: bytes) -> tuple[bytes, int] | str:
    decoded = decode_page(data)
    utf8 = data if decoded.encoding == "utf-8" and decoded.how != "bom" else None
    try:
        doc, flattened = html_reader._parse(decoded.text, "page.html", utf8)
    except ParseError as exc:
        return str(exc)
    return lxml.html.tostring(doc), flattened


def _tree_general(data: bytes) -> tuple[bytes, int] | str:
    try:
        doc, flattened = _PARSE(decode_page(data).text, "page.html")
    except ParseError as exc:
        return str(exc)
    return lxml.html.tostring(doc), flattened


@pytest.mark.parametrize("data", _ODD_PAGES)
def test_odd_pages_parse_as_the_general_path(data: bytes) -> None:
    assert _tree(data) == _tree_general(data)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_pages_read_as_with_the_text_encoded_again(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = path.read_bytes()
    fast = [repr(parse_page(data, str(path), tally := Tally())), repr(tally.problems), repr(tally.changed)]
    monkeypatch.setattr(html_reader, "_parse", _general)
    general = [repr(parse_page(data, str(path), tally := Tally())), repr(tally.problems), repr(tally.changed)]
    assert fast == general


def test_the_fast_path_is_taken_for_a_utf8_page(monkeypatch: pytest.MonkeyPatch) -> None:
    given_bytes: list[bytes | None] = []
    original = html_depth.parse_document

    def spy(html: str, utf8: bytes | None = None) -> tuple[lxml.html.HtmlElement, int]:
        given_bytes.append(utf8)
        return original(html, utf8)

    monkeypatch.setattr(html_reader, "parse_document", spy)
    data = "<html><body><p>caf\u00e9</p></body></html>".encode()
    parse_page(data, "page.html", Tally())
    parse_page(b'<?xml version="1.0"?>' + data, "page.html", Tally())
    parse_page(b"\xef\xbb\xbf" + data, "page.html", Tally())
    assert given_bytes == [data, None, None]


_PIECES = st.sampled_from(
    [
        *("<p>", "</p>", "<div>", "</div>", "<b>", "<br>", "<!-- c -->", "<?xml version='1.0'?>", " ", "\n", "\t"),
        *("caf\u00e9", "\u2014", "\U0001f600", "\u00a0", "\u2028", "\x85", "\x01", "\x0c", "&amp;", "<", ">", "x"),
        *('<meta charset="iso-8859-1">', '<meta charset="utf-8">', "\ufeff", "<html>", "<body>", "\x1c"),
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=14).map("".join), st.sampled_from(["utf-8", "cp1252"]))
@example(" <?xml version='1.0'?><p>x</p>", "utf-8")
@example("\x85<p>x</p>", "utf-8")
def test_any_page_parses_as_the_general_path(text: str, codec: str) -> None:
    data = text.encode(codec, errors="replace")
    assert _tree(data) == _tree_general(data)
