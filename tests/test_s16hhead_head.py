"""The shortcuts of session 16 (issue 13, branch ``hhead``) against the general paths they replace:
``_allowed_text`` of a page decoded strictly as UTF-8 whose bytes hold a forbidden control
character deletes those bytes and decodes the rest, instead of running ``strip_xml_forbidden``'s
regex over the decoded text (and ``_parse`` parses those bytes instead of the text encoded
again)."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from conftest import saved_pages
from hypothesis import example, given
from hypothesis import strategies as st

from importer.readers.html import _allowed_text
from importer.readers.html.encoding import decode_page
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
