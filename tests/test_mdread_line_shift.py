"""A part's line shift counted by the compiled newline count (``_cfields.count_newlines``) is what
``bytes.count`` gives: on hypothesis buffers (any size given, blocks of 255 bytes and their edges),
and through ``parts.line_shift`` with and without the compiled count on a cut export."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importer.readers.wxr import parts as wxr_parts

compiled = pytest.mark.skipif(wxr_parts.count_newlines is None, reason="not built: python setup.py build_ext --inplace")


_BUFFERS = st.binary(max_size=2000) | st.lists(st.sampled_from([b"\n", b"a", b"\n\n", b"x" * 254])).map(b"".join)


@compiled
@settings(max_examples=300, deadline=None)
@given(_BUFFERS, st.data())
def test_the_compiled_count_is_bytes_count(data: bytes, draw: st.DataObject) -> None:
    size = draw.draw(st.integers(0, len(data)))
    buffer = bytearray(data)
    assert wxr_parts.count_newlines is not None
    expected = data.count(b"\n", 0, size)
    assert wxr_parts.count_newlines(buffer, size) == expected == wxr_parts._count_newlines(buffer, size)


@compiled
def test_the_compiled_count_over_blocks_full_of_newlines() -> None:
    """A block of 255 newlines fills the byte it is counted in, and no more."""
    assert wxr_parts.count_newlines is not None
    for size in (254, 255, 256, 510, 511, 100_000):
        buffer = bytearray(b"\n" * size)
        assert wxr_parts.count_newlines(buffer, size) == size
        assert wxr_parts.count_newlines(buffer, size - 1) == size - 1


@compiled
def test_the_compiled_count_refuses_a_size_past_the_buffer() -> None:
    assert wxr_parts.count_newlines is not None
    with pytest.raises(ValueError):
        wxr_parts.count_newlines(bytearray(b"\n\n"), 3)
    with pytest.raises(ValueError):
        wxr_parts.count_newlines(bytearray(b"\n\n"), -1)


def _export(items: int) -> str:
    lines = ("\n" * (n % 5) for n in range(items))
    body = "".join(
        f"<item><title>Post {n}</title>{gap}<wp:post_id>{n}</wp:post_id></item>\n" for n, gap in enumerate(lines)
    )
    return (
        '<?xml version="1.0"?>\n<rss xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
        f"<wp:wxr_version>1.2</wp:wxr_version>\n{body}</channel>\n</rss>\n"
    )


@pytest.mark.parametrize("block", [1, 7, 255, 1 << 20])
@pytest.mark.parametrize("with_compiled", [True, False])
def test_line_shift_is_the_newlines_before_each_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int, with_compiled: bool
) -> None:
    source = tmp_path / "lines.xml"
    source.write_text(_export(400))
    data = source.read_bytes()
    monkeypatch.setattr(wxr_parts, "MIN_PART_SIZE", 64)
    monkeypatch.setattr(wxr_parts, "_COUNT_BLOCK", block)
    if not with_compiled:
        monkeypatch.setattr(wxr_parts, "count_newlines", None)
    planned = wxr_parts.plan_parts(str(source), 4)
    assert planned is not None and len(planned) == 4
    shifts = [wxr_parts.line_shift(str(source), part) for part in planned]
    assert shifts == [data.count(b"\n", part.header_end, part.start) for part in planned]
    assert shifts[-1] > 0
