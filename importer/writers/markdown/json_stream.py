"""Reading back the JSON files an earlier run left (the manifest, ``media.json``) a value at a
time: a big site's manifest lists hundreds of thousands of files, which ``json.loads`` would hold
all at once (several times the file's size).

Only the outer levels are walked here (an object's members, an array's items); each member or
item is decoded whole by the standard library's decoder, from a buffer of the file's text that
holds a chunk at a time. Malformed text raises ``ValueError``, as ``json.loads`` does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, TextIO

CHUNK = 1 << 16
_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")


class _Reader:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.buffer = ""
        self.pos = 0

    def _more(self) -> bool:
        """Read the next chunk into the buffer (dropping what was used): False at the end."""
        chunk = self.stream.read(CHUNK)
        if not chunk:
            return False
        self.buffer = self.buffer[self.pos :] + chunk
        self.pos = 0
        return True

    def peek(self) -> str:
        """The next character that is not white space ("" at the end), left unread."""
        while True:
            self.pos = _SPACE.match(self.buffer, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self._more():
                return ""

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise ValueError(f"expected {char!r} at {self.pos} of the buffered text")
        self.pos += 1

    def value(self) -> Any:
        """The next JSON value, decoded whole. A value that ends where the buffer ends (a number
        may go on) is taken only once the file has no more text."""
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buffer, self.pos)
            except ValueError:
                if not self._more():
                    raise
                continue
            if end < len(self.buffer) or not self._more():
                self.pos = end
                return value

    def items(self) -> Iterator[Any]:
        """The items of the array that comes next, one at a time."""
        self.expect("[")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            yield self.value()
            if self.peek() != ",":
                self.expect("]")
                return
            self.pos += 1

    def end(self) -> None:
        if self.peek():
            raise ValueError("extra data after the JSON value")


def array_items(stream: TextIO) -> Iterator[Any]:
    """The items of the JSON array that is the whole of ``stream``."""
    reader = _Reader(stream)
    yield from reader.items()
    reader.end()


def object_members(stream: TextIO, streamed: str) -> Iterator[tuple[str, Any]]:
    """``(name, value)`` for each member of the JSON object that is the whole of ``stream``; when
    the member named ``streamed`` is an array, ``(streamed, item)`` for each of its items instead."""
    reader = _Reader(stream)
    reader.expect("{")
    if reader.peek() == "}":
        reader.pos += 1
        reader.end()
        return
    while True:
        name = reader.value()
        if not isinstance(name, str):
            raise ValueError("an object member's name is not a string")
        reader.expect(":")
        if name == streamed and reader.peek() == "[":
            for item in reader.items():
                yield name, item
        else:
            yield name, reader.value()
        if reader.peek() != ",":
            reader.expect("}")
            reader.end()
            return
        reader.pos += 1
