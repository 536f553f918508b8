"""A plain UTF-8 page is read without making its text (issue 13, session 12, branch ``hpage``):
``_cindex.is_utf8`` answers what a strict decoding answers, ``encoding.is_utf8_page`` only when
``decode_page`` reads the bytes as UTF-8, and ``parse_page`` on that path reads every page, and
refuses every page, as the general path does."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import saved_pages
from hypothesis import example, given, settings
from hypothesis import strategies as st

import importer.readers.html as html_reader
from importer.errors import ParseError
from importer.readers.html import _cindex, parse_page
from importer.readers.html.encoding import decode_page, is_utf8_page
from importer.tally import Tally

PAGES = saved_pages()

pytestmark = pytest.mark.skipif(_cindex is None, reason="the compiled checks are not built")


def _decodes(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_every_two_bytes() -> None:
    for first in range(256):
        for second in range(256):
            data = bytes((first, second))
            assert _cindex.is_utf8(data) == _decodes(data), data


_EDGES = [0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE]
_EDGES += [0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]


@settings(max_examples=2000, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=24),
        st.lists(st.sampled_from(_EDGES), max_size=12).map(bytes),
        st.text(max_size=12).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.tuples(st.text(max_size=12), st.binary(max_size=3), st.text(max_size=12)).map(
            lambda p: p[0].encode("utf-8", "surrogatepass") + p[1] + p[2].encode("utf-8", "surrogatepass")
        ),
    )
)
@example(b"\xed\xa0\x80")  # a surrogate
@example(b"\xf4\x90\x80\x80")  # past U+10FFFF
@example(b"\xe0\x80\xaf")  # overlong
@example(b"abcdefg\xc3")  # cut short after a word of ASCII
def test_any_bytes(data: bytes) -> None:
    assert _cindex.is_utf8(data) == _decodes(data)


_PAGE_PIECES = st.sampled_from(
    [
        *('<meta charset="utf-8">', '<meta charset="iso-8859-1">', '<meta charset="windows-1252">'),
        *('<meta charset="shift_jis">', '<meta charset="koi8-r">', '<meta charset="bogus">', "<?xml version='1.0'?>"),
        *(b"\xef\xbb\xbf".decode("latin-1"), "\xff\xfe", "caf\u00e9", "\u2014", "<p>", "</p>", " ", "\n", "x"),
    ]
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(_PAGE_PIECES, max_size=8).map("".join), st.sampled_from(["utf-8", "latin-1", "cp1252"]))
def test_a_utf8_page_is_decode_pages_utf8(text: str, codec: str) -> None:
    data = text.encode(codec, errors="replace")
    if is_utf8_page(data, _cindex.is_utf8):
        decoded = decode_page(data)
        assert (decoded.text, decoded.encoding) == (data.decode("utf-8"), "utf-8")
        assert decoded.how != "bom"


def _reading(data: bytes, path: str) -> list[str]:
    tally = Tally()
    try:
        page = repr(parse_page(data, path, tally))
    except ParseError as exc:
        page = f"ParseError: {exc}"
    return [page, repr(tally.problems), repr(tally.changed)]


def _both(data: bytes, path: str, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[str]]:
    fast = _reading(data, path)
    with monkeypatch.context() as patch:
        patch.setattr(html_reader, "_plain_utf8", lambda data: False)
        general = _reading(data, path)
    return fast, general


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_pages_read_as_the_general_path(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, general = _both(path.read_bytes(), str(path), monkeypatch)
    assert fast == general


_ODD = [
    b"<!-- only a comment -->",
    b"<p>caf\xc3\xa9</p>",
    b"  <p>x</p>",
    b"\xc2\xa0<p>no-break space first</p>",
    b"<?xml version='1.0'?><p>x</p>",
    b"<html><body>" + b"<div>" * 300 + b"deep \xc3\xa9" + b"</div>" * 300 + b"</body></html>",
    b"<p>\x01</p>",
    b"<p>\xe9 latin</p>",
    b" \n ",
    b"",
    b"x",
    b"<",
]


@pytest.mark.parametrize("data", _ODD)
def test_odd_pages_read_as_the_general_path(data: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, general = _both(data, "odd.html", monkeypatch)
    assert fast == general


_MARKUP = st.sampled_from(
    [
        *("<p>", "</p>", "<div class=entry-content>", "</div>", "<h1 class=entry-title>T</h1>", "<!-- c -->"),
        *('<meta charset="iso-8859-1">', "<?xml version='1.0'?>", " ", "\t", "caf\u00e9", "\u00a0", "\u2003"),
        *("\x01", "\x0c", "x", "<body class='single postid-3'>", "<a href='/x'>a</a>", "<", "&amp;", "\U0001f600"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_MARKUP, max_size=10).map("".join), st.sampled_from(["utf-8", "cp1252"]))
@example("\u2003<p>em space first</p>", "utf-8")
def test_any_page_reads_as_the_general_path(text: str, codec: str) -> None:
    data = text.encode(codec, errors="replace")
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, general = _both(data, "any.html", monkeypatch)
    assert fast == general
