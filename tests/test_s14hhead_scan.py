"""``_cindex.utf8_scan`` (issue 13, session 14, branch ``hhead``): ``_plain_utf8``'s two whole-page
checks, ``has_forbidden`` and ``is_utf8``, in one compiled pass, 32 bytes at a time. It answers
what the two checks and ``isascii`` answer, for any bytes, with a forbidden byte or a broken
character at every place around the blocks' ends; ``_plain_utf8`` answers what it answered with
the two checks (``tests/test_hpage_utf8.py`` reads every page both ways)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import saved_pages
from hypothesis import example, given, settings
from hypothesis import strategies as st

import importer.readers.html as html_reader
from importer.readers.html import _cindex
from importer.readers.html.encoding import is_utf8_page

PAGES = saved_pages()

pytestmark = pytest.mark.skipif(_cindex is None, reason="the compiled checks are not built")


def _decodes(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _expected(data: bytes) -> int:
    """What ``utf8_scan`` says, from the checks it replaces."""
    if _cindex.has_forbidden(data) or not _decodes(data):
        return -1
    return 0 if data.isascii() else 1


def _old_plain_utf8(data: bytes) -> bool:
    """``_plain_utf8`` as it was before the one-pass scan."""
    if len(data) > html_reader.MAX_TAGS:
        return False
    first = html_reader._ASCII_SPACES.match(data).end()  # type: ignore[union-attr]
    if first == len(data) or data[first] >= 0x80 or data.startswith(b"<?", first):
        return False
    return not _cindex.has_forbidden(data) and is_utf8_page(data, _cindex.is_utf8)


def test_every_byte_everywhere_around_the_blocks() -> None:
    """Each byte value alone, at every offset of three blocks, in ASCII and after a wide character."""
    for value in range(256):
        for fill in (b"a", b"\n", b"\t"):
            for at in range(0, 100):
                data = fill * at + bytes((value,)) + fill * (99 - at)
                assert _cindex.utf8_scan(data) == _expected(data), (value, fill, at)
                wide = "\u00e9".encode() + data
                assert _cindex.utf8_scan(wide) == _expected(wide), (value, fill, at)


_CHARACTERS = ["\u00e9", "\u20ac", "\U0001f600", "\u07ff", "\u0800", "\uffff", "\U00010000", "\U0010ffff"]


def test_characters_across_the_blocks() -> None:
    """Every length of character starting at every offset (ending across a block's end), alone,
    repeated, followed by a forbidden byte, cut short, or with a broken continuation byte."""
    for char in _CHARACTERS:
        encoded = char.encode()
        for at in range(0, 70):
            for tail in (b"", b"x" * 40, b"\x01", b"x" * 31 + b"\x1f", encoded * 20):
                data = b"x" * at + encoded + tail
                assert _cindex.utf8_scan(data) == _expected(data), (char, at, tail)
                cut = b"x" * at + encoded[:-1] + tail
                assert _cindex.utf8_scan(cut) == _expected(cut), (char, at, tail)
                broken = b"x" * at + encoded[:-1] + b"x" + tail
                assert _cindex.utf8_scan(broken) == _expected(broken), (char, at, tail)


_EDGES = [0x00, 0x01, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x1F, 0x20, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0]
_EDGES += [0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]


@settings(max_examples=3000, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=100),
        st.lists(st.sampled_from(_EDGES), max_size=70).map(bytes),
        st.text(max_size=80).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.tuples(st.text(max_size=60), st.binary(max_size=3), st.text(max_size=60)).map(
            lambda p: p[0].encode("utf-8", "surrogatepass") + p[1] + p[2].encode("utf-8", "surrogatepass")
        ),
        st.tuples(st.integers(0, 80), st.sampled_from(_EDGES), st.text(max_size=40)).map(
            lambda p: b"<p>" * p[0] + bytes((p[1],)) + p[2].encode("utf-8", "surrogatepass")
        ),
    )
)
@example(b"\xed\xa0\x80")  # a surrogate
@example(b"x" * 30 + b"\xf4\x90\x80\x80")  # past U+10FFFF, across a block's end
@example(b"x" * 31 + b"\xe0\x80\xaf")  # overlong, across a block's end
@example(b"x" * 40 + b"\x0b")  # a forbidden byte in the bytes after the last whole block
def test_any_bytes(data: bytes) -> None:
    assert _cindex.utf8_scan(data) == _expected(data)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_saved_pages(path: Path) -> None:
    data = path.read_bytes()
    assert _cindex.utf8_scan(data) == _expected(data)
    assert html_reader._plain_utf8(data) == _old_plain_utf8(data)


_PIECES = st.sampled_from(
    [
        *('<meta charset="utf-8">', '<meta charset="iso-8859-1">', '<meta charset="windows-1252">', "\x01"),
        *('<meta charset="koi8-r">', "<?xml version='1.0'?>", "caf\u00e9", "\u2014", "<p>", " ", "\n", "x" * 33),
    ]
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(_PIECES, max_size=10).map("".join), st.sampled_from(["utf-8", "latin-1", "cp1252"]))
def test_plain_utf8_as_before(text: str, codec: str) -> None:
    data = text.encode(codec, errors="replace")
    assert html_reader._plain_utf8(data) == _old_plain_utf8(data)
