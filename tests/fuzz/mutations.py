"""Hypothesis strategies that mutate the repository's fixtures, byte-wise and structurally,
for the fuzz test (tests/fuzz/test_fuzz.py) and the long fuzz run (tests/fuzz/run_long.py)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from hypothesis import strategies as st

FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures"
SOURCE_SUFFIXES = {".xml", ".html", ".htm", ".txt"}

# Fragments that drive parsers into their corners.
TOKENS = [
    b"<",
    b">",
    b"&",
    b"&amp;",
    b"&#0;",
    b"&#xD800;",
    b"]]>",
    b"<![CDATA[",
    b"<!-- ",
    b"<?xml version='1.0'?>",
    b"<!DOCTYPE rss>",
    b"\x00",
    b"\x01",
    b"\xff",
    b"\xc3",
    b"\xef\xbb\xbf",
    b"</item>",
    b"<item>",
    b"</channel>",
    b"<wp:comment>",
    b"</wp:comment>",
    b"<wp:post_id>",
    b"<wp:comment_parent>",
    b"-1",
    b"0",
    b"99999999999999999999999",
    b"0000-00-00 00:00:00",
    b"2011-02-30 25:61:00",
    b'a:2:{i:0;s:1:"x";}',
    b'a:1:{s:3:"key";O:8:"stdClass":0:{}}',
    b"[caption]",
    b"[/caption]",
    b"../../etc/passwd",
    b"<script>",
    b"\r",
    b"\n",
]
_VALUES = [
    b"",
    b"0",
    b"-5",
    b"99999999999999999999",
    b"abc",
    b"publish",
    b"attachment",
    b"nav_menu_item",
    b"0000-00-00 00:00:00",
    b"1970-01-01 00:00:00",
    b"9999-12-31 23:59:59",
    b"\xc3\x28",
    b"1",
    b"spam",
]


@cache
def seed_files() -> tuple[Path, ...]:
    """The fixtures the fuzz starts from: every small WXR, HTML and text fixture in the repository
    (listed once: hypothesis needs the same choices on every draw)."""
    seeds = [
        FIXTURES / "validate" / "clean.xml",
        FIXTURES / "hostile" / "ok.xml",
        FIXTURES / "hostile" / "html-page.html",
    ]
    for folder in ("wxr", "html", "text"):
        found = (FIXTURES / folder).glob("*")
        seeds += sorted(p for p in found if p.suffix in SOURCE_SUFFIXES and p.stat().st_size < 200_000)
    return tuple(seeds)


Mutation = Callable[[st.DrawFn, bytearray], bytearray]


def _pos(draw: st.DrawFn, data: bytearray) -> int:
    return draw(st.integers(0, len(data)))


def flip_byte(draw: st.DrawFn, data: bytearray) -> bytearray:
    if data:
        data[min(_pos(draw, data), len(data) - 1)] = draw(st.integers(0, 255))
    return data


def insert_token(draw: st.DrawFn, data: bytearray) -> bytearray:
    token = draw(st.sampled_from(TOKENS) | st.binary(min_size=1, max_size=12))
    at = _pos(draw, data)
    return data[:at] + token + data[at:]


def delete_slice(draw: st.DrawFn, data: bytearray) -> bytearray:
    at = _pos(draw, data)
    return data[:at] + data[at + draw(st.integers(1, 200)) :]


def duplicate_slice(draw: st.DrawFn, data: bytearray) -> bytearray:
    at = _pos(draw, data)
    piece = data[at : at + draw(st.integers(1, 400))]
    return data[:at] + piece + piece + data[at + len(piece) :]


def truncate(draw: st.DrawFn, data: bytearray) -> bytearray:
    return data[: _pos(draw, data)]


def _lines(data: bytearray) -> list[bytes]:
    return bytes(data).split(b"\n")


def delete_line(draw: st.DrawFn, data: bytearray) -> bytearray:
    lines = _lines(data)
    del lines[draw(st.integers(0, len(lines) - 1))]
    return bytearray(b"\n".join(lines))


def duplicate_line(draw: st.DrawFn, data: bytearray) -> bytearray:
    lines = _lines(data)
    at = draw(st.integers(0, len(lines) - 1))
    lines.insert(at, lines[at])
    return bytearray(b"\n".join(lines))


def swap_lines(draw: st.DrawFn, data: bytearray) -> bytearray:
    lines = _lines(data)
    a, b = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
    lines[a], lines[b] = lines[b], lines[a]
    return bytearray(b"\n".join(lines))


def replace_value(draw: st.DrawFn, data: bytearray) -> bytearray:
    """Replace the text of one element (``>text<`` or a CDATA body) with an odd value."""
    lines = _lines(data)
    at = draw(st.integers(0, len(lines) - 1))
    line = lines[at]
    start, end = line.find(b"[CDATA["), line.rfind(b"]]>")
    if start < 0 or end <= start:
        start, end = line.find(b">"), line.rfind(b"<")
        if start < 0 or end <= start:
            return data
        start += 1
    else:
        start += len(b"[CDATA[")
    lines[at] = line[:start] + draw(st.sampled_from(_VALUES)) + line[end:]
    return bytearray(b"\n".join(lines))


MUTATIONS: list[Mutation] = [
    flip_byte,
    insert_token,
    delete_slice,
    duplicate_slice,
    truncate,
    delete_line,
    duplicate_line,
    swap_lines,
    replace_value,
    replace_value,
]


@st.composite
def mutated_documents(draw: st.DrawFn, max_mutations: int = 4) -> tuple[str, bytes]:
    """(seed file name, mutated bytes)."""
    seed = draw(st.sampled_from(seed_files()))
    data = bytearray(seed.read_bytes())
    for _ in range(draw(st.integers(1, max_mutations))):
        data = draw(st.sampled_from(MUTATIONS))(draw, data)
    return seed.name, bytes(data)
