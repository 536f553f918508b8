"""Cutting one big WXR file into parts that worker processes read side by side.

A WordPress export is a channel header (site fields, authors, terms) followed by one ``<item>``
per post, page, attachment or menu entry, then ``</channel></rss>``. :func:`plan_parts` finds the
header's end and a few cut points between two items (``</item>`` then only whitespace then
``<item>``), found by scanning bytes near evenly spaced offsets, never by parsing. Each part is
read as a small document of its own (:class:`PartSource`): the header, the part's items, the
footer. Part 0 starts right after the header, so part 0 is the file's own beginning.

A cut point inside a CDATA section or a comment (a post quoting WXR markup) leaves both parts
malformed: an unclosed section at the end of one, a stray ``]]>`` or end tag at the start of the
next. Their readers report it, and the caller then reads the file whole (see
:mod:`importer.parallel`). Files the scan cannot cut (gzip, UTF-16, no items, too small) are read
whole from the start.
"""

from __future__ import annotations

import itertools
import os
import re
from dataclasses import dataclass

from ...sources import GZIP_MAGIC, utf16_codec

try:  # the compiled count (setup.py builds it): a tenth of bytes.count's instructions
    from ._cfields import count_newlines
except ImportError:  # pragma: no cover - a build without a C compiler
    count_newlines = None  # type: ignore[assignment]

_FIRST_ITEM = re.compile(rb"<item[\s>]")
_CUT = re.compile(rb"</item>[ \t\r\n]*(<item[\s>])")
_LAST_ITEM_END = b"</item>"
_SCAN = 1 << 20  # bytes looked at after a target offset for a cut point
MIN_PART_SIZE = 2 << 20  # a part smaller than this is not worth a process
_COUNT_BLOCK = 1 << 20  # bytes read a call when counting a part's line shift


@dataclass(frozen=True, slots=True)
class Part:
    """Bytes ``start:end`` of the file hold this part's items (part 0 starts after the header)."""

    index: int
    start: int
    end: int
    header_end: int  # the header is bytes 0:header_end, read before every part
    footer_start: int  # the footer is bytes footer_start:EOF, read after every part
    header_lines: int  # newlines in the header: a part's lines past it are shifted


def plan_parts(path: str, parts: int) -> list[Part] | None:
    """Up to ``parts`` parts of about equal size, or None when the file is read whole."""
    if parts < 2:
        return None
    try:
        size = os.path.getsize(path)
    except OSError:
        return None
    if size < 2 * MIN_PART_SIZE:
        return None
    with open(path, "rb") as raw:
        head = raw.read(_SCAN)
        if head[:2] == GZIP_MAGIC or utf16_codec(head):
            return None
        first = _FIRST_ITEM.search(head)
        if first is None:
            return None
        header_end = first.start()
        footer_start = _footer_start(raw, size)
        if footer_start is None or footer_start <= header_end:
            return None
        cuts = _cut_points(raw, header_end, footer_start, min(parts, size // MIN_PART_SIZE))
        bounds = [header_end, *cuts, footer_start]
        header_lines = head[:header_end].count(b"\n")
        result = [
            Part(index, start, end, header_end, footer_start, header_lines)
            for index, (start, end) in enumerate(itertools.pairwise(bounds))
        ]
    return result if len(result) > 1 else None


def line_shift(path: str, part: Part) -> int:
    """Newlines between the header's end and the part's start: a part's lines past the header are
    that much further down in the file. Counted by the part's own worker (the main process forks
    the workers without reading the file through), a megabyte at a time into one buffer (no new
    bytes object a read: a third less CPU than reading blocks), by the compiled count when built."""
    count_in = _count_newlines if count_newlines is None else count_newlines
    buffer = bytearray(_COUNT_BLOCK)
    view = memoryview(buffer)
    count = 0
    with open(path, "rb", buffering=0) as raw:
        raw.seek(part.header_end)
        left = part.start - part.header_end
        while left > 0:
            size = raw.readinto(view[: min(left, _COUNT_BLOCK)])
            if not size:
                break
            count += count_in(buffer, size)
            left -= size
    return count


def _count_newlines(buffer: bytearray, size: int) -> int:
    """The newlines in ``buffer[:size]`` (what the compiled ``count_newlines`` gives)."""
    return buffer.count(b"\n", 0, size)


def _footer_start(raw: object, size: int) -> int | None:
    """Offset just after the last ``</item>``."""
    tail_size = min(size, _SCAN)
    raw.seek(size - tail_size)  # type: ignore[attr-defined]
    tail = raw.read(tail_size)  # type: ignore[attr-defined]
    at = tail.rfind(_LAST_ITEM_END)
    return None if at < 0 else size - tail_size + at + len(_LAST_ITEM_END)


def _cut_points(raw: object, start: int, end: int, parts: int) -> list[int]:
    """Offsets of ``<item>`` tags that follow an ``</item>``, near ``parts - 1`` even targets."""
    cuts: list[int] = []
    step = (end - start) // parts
    for n in range(1, parts):
        target = start + n * step
        if cuts and target <= cuts[-1]:
            continue
        raw.seek(target)  # type: ignore[attr-defined]
        window = raw.read(min(_SCAN, end - target))  # type: ignore[attr-defined]
        match = _CUT.search(window)
        if match is None:
            continue
        cut = target + match.start(1)
        if cut < end:
            cuts.append(cut)
    return cuts


class PartSource:
    """A read()-able binary stream: the header, the part's items, the footer."""

    def __init__(self, path: str, part: Part) -> None:
        self._file = open(path, "rb")  # noqa: SIM115 - closed by close()
        size = os.fstat(self._file.fileno()).st_size
        self._ranges = [(0, part.header_end), (part.start, part.end), (part.footer_start, size)]
        self._done = 0
        self.size = sum(end - start for start, end in self._ranges)

    def read(self, size: int = -1) -> bytes:
        while self._ranges:
            start, end = self._ranges[0]
            if start >= end:
                self._ranges.pop(0)
                continue
            want = end - start if size is None or size < 0 else min(size, end - start)
            self._file.seek(start)
            data = self._file.read(want)
            if not data:
                self._ranges.pop(0)
                continue
            self._ranges[0] = (start + len(data), end)
            self._done += len(data)
            return data
        return b""

    read1 = read

    def tell(self) -> int:
        """Bytes of the part's stream read so far."""
        return self._done

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> PartSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
