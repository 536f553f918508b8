"""Saved pages decode right: BOM, declared charset (Latin-1 read as Windows-1252), detection."""

from __future__ import annotations

import codecs

from hypothesis import given
from hypothesis import strategies as st

from importer.readers.html import parse_page
from importer.readers.html.encoding import _WESTERN_SINGLE_BYTE, Decoded, declared_encoding, decode_page
from importer.tally import Tally

TEXT = "\u201cCaf\u00e9\u201d \u2013 na\u00efve notes"


def test_iso_8859_1_declaration_is_read_as_windows_1252() -> None:
    data = ('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1" /><p>' + TEXT).encode("cp1252")
    decoded = decode_page(data)
    assert decoded.encoding == "cp1252"
    assert TEXT in decoded.text


def test_undeclared_windows_1252_is_detected() -> None:
    decoded = decode_page(("<p>" + TEXT + "</p>").encode("cp1252"))
    assert TEXT in decoded.text


def test_utf8_under_a_lying_latin1_declaration_is_read_as_utf8() -> None:
    for declared in ("iso-8859-1", "us-ascii", "windows-1252"):
        decoded = decode_page(f'<meta charset="{declared}"><p>{TEXT}'.encode())
        assert decoded.encoding == "utf-8"
        assert TEXT in decoded.text


def test_byte_order_marks_win() -> None:
    assert decode_page(codecs.BOM_UTF8 + ("<p>" + TEXT).encode("utf-8")).text == "<p>" + TEXT
    assert decode_page(codecs.BOM_UTF16_LE + ("<p>" + TEXT).encode("utf-16-le")).encoding == "utf-16-le"


def test_declared_encoding_reads_meta_charset_http_equiv_and_xml_declaration() -> None:
    assert declared_encoding(b'<meta charset="UTF-8">') == "utf-8"
    assert declared_encoding(b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">') == "cp1252"
    assert declared_encoding(b'<?xml version="1.0" encoding="ISO-8859-15"?><html>') == "iso8859-15"
    assert declared_encoding(b'<meta charset="no-such-charset">') is None


def test_a_windows_1252_page_comes_out_right_end_to_end() -> None:
    html = (
        '<html><head><meta charset="windows-1252"><title>x</title></head><body>'
        f'<div class="post" id="post-3"><h2>{TEXT}</h2><div class="entry"><p>{TEXT}</p></div></div></body></html>'
    )
    page = parse_page(html.encode("cp1252"), "page.html", Tally())
    assert page.posts[0].title == TEXT
    assert TEXT in (page.posts[0].content or "")


def _decoded_as_before(data: bytes) -> Decoded | None:
    """decode_page's test for UTF-8 under a western label as it was: a trial decoding, then the text."""
    declared = declared_encoding(data)
    if declared in _WESTERN_SINGLE_BYTE and not data.isascii():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return Decoded(data.decode("utf-8"), "utf-8", "detected")
    return None


@given(
    st.sampled_from([b'<meta charset="utf-8">', b'<meta charset="iso-8859-1">', b"<meta charset=cp1250>", b""]).flatmap(
        lambda head: (st.binary(max_size=40) | st.text(max_size=40).map(str.encode)).map(lambda body: head + body)
    )
)
def test_utf8_under_a_western_label_is_decoded_once_as_it_was_tested(data: bytes) -> None:
    before = _decoded_as_before(data)
    if before is not None:
        assert decode_page(data) == before
