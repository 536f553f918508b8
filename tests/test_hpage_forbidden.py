"""The compiled scan for the control bytes XML 1.0 forbids (``_cindex.has_forbidden``, issue 13,
session 12, branch ``hpage``) answers what a search for each of them answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import saved_pages
from hypothesis import example, given, settings
from hypothesis import strategies as st

import importer.readers.html as html_reader
from importer.readers.html import _FORBIDDEN_BYTES, _allowed_text, _cindex
from importer.readers.html.encoding import decode_page

PAGES = saved_pages()

pytestmark = pytest.mark.skipif(_cindex is None, reason="the compiled walks are not built")


def _searched(data: bytes) -> bool:
    return any(byte in data for byte in _FORBIDDEN_BYTES)


def test_every_byte_alone_and_at_every_offset() -> None:
    for value in range(256):
        for before in range(17):
            data = b"a" * before + bytes([value]) + b"\xe2\x80\x94\t\n\r " * (before % 3)
            assert _cindex.has_forbidden(data) == _searched(data), (value, before)


_BYTES = st.sampled_from([b"\x00", b"\x01", b"\x08", b"\t", b"\n", b"\x0b", b"\x0c", b"\r", b"\x0e", b"\x1f", b" "])


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.one_of(_BYTES, st.binary(max_size=9)), max_size=30).map(b"".join))
@example(b"")
@example(b"\x1f\x20\x1f\x20\x1f\x20\x1f\x20")
@example(b"\x80\x80\x80\x80\x80\x80\x80\x80\x1f")
def test_any_bytes(data: bytes) -> None:
    assert _cindex.has_forbidden(data) == _searched(data)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_pages(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = path.read_bytes()
    assert _cindex.has_forbidden(data) == _searched(data)
    decoded = decode_page(data)
    compiled = _allowed_text(decoded, data)  # the page's text, stripped count and UTF-8, as parse_page takes them
    monkeypatch.setattr(html_reader, "_cindex", None)
    assert _allowed_text(decoded, data) == compiled
