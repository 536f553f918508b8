"""The stream's test for forbidden characters, compiled (``_cfields.has_forbidden``), tells what the
Python test tells: on hypothesis chunks (every byte value, 4,096-byte blocks and their edges), and
the stream strips the same characters at the same lines with either test."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importer.readers.wxr import xml_stream

compiled = pytest.mark.skipif(
    xml_stream._has_forbidden is xml_stream._has_forbidden_python,
    reason="not built: python setup.py build_ext --inplace",
)

_CONTROLS = st.sampled_from([bytes([c]) for c in range(32)])
_TEXT = st.sampled_from([b"a", b"\xc3\xa9", b"<p>", b"\n", b"\t", b"\r", b" ", b"x" * 4095, b"y" * 4096])
_CHUNKS = st.binary(max_size=600) | st.lists(_TEXT | _CONTROLS, max_size=12).map(b"".join)


@compiled
@settings(max_examples=400, deadline=None)
@given(_CHUNKS)
def test_the_compiled_test_is_the_python_test(chunk: bytes) -> None:
    assert xml_stream._has_forbidden(chunk) is xml_stream._has_forbidden_python(chunk)


@compiled
def test_every_byte_value_alone_and_at_a_block_s_edges() -> None:
    for code in range(256):
        for before in (0, 1, 4095, 4096, 8191):
            chunk = b"a" * before + bytes([code]) + b"b" * 3
            assert xml_stream._has_forbidden(chunk) is xml_stream._has_forbidden_python(chunk), (code, before)
    assert xml_stream._has_forbidden(b"") is False


def _export(body: bytes) -> bytes:
    return (
        b'<?xml version="1.0"?>\n<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>\n'
        + body
        + b"\n</channel></rss>\n"
    )


def _read(data: bytes, size: int) -> tuple[bytes, list[tuple[int, int]]]:
    stream = xml_stream.CleanXmlStream(io.BytesIO(data), "export.xml")
    out = []
    while chunk := stream.read(size):
        out.append(chunk)
    return b"".join(out), [(c.line, c.code) for c in stream.stripped]


@settings(max_examples=100, deadline=None)
@given(st.lists(_TEXT | _CONTROLS, max_size=40).map(b"".join), st.sampled_from([7, 64, 4096, 65536]))
def test_the_stream_strips_the_same_with_either_test(body: bytes, size: int) -> None:
    data = _export(b"<item><title>" + body + b"</title></item>" + b"\n" * 3 + body)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(xml_stream, "_has_forbidden", xml_stream._has_forbidden_python)
        python = _read(data, size)
    assert _read(data, size) == python
