"""A JSON document read a value at a time: an object member by member, its arrays one item at a
time, so that reading a big file needs memory for one value, not for the whole file (a ``--to
json`` export for ``validate --export`` and the JSON reader, the manifest and ``media.json`` an
earlier Markdown run left, which list hundreds of thousands of files).

Only the outer levels are walked here; every value in them (a post with its comments) is decoded
by the standard library's decoder. Example::

    with open("blog.json", encoding="utf-8") as stream:
        for member in members(stream):
            for post in member.items or ():
                ...
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TextIO

CHUNK = 1 << 16  # characters read at a time (more while one value is larger)
_DECODER = json.JSONDecoder()
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_NUMBER_TAIL = re.compile(r"[0-9.eE+-]*")  # what is left after a number cut by the read ("1" of "1.5")
_CUT_SHORT_MARGIN = 8  # an error this close to the end of what was read may be a value cut by the read


class JsonSyntaxError(ValueError):
    """The document is not JSON; ``line`` and ``column`` (1-based) are in the whole file."""

    def __init__(self, msg: str, line: int, column: int) -> None:
        super().__init__(f"{msg}: line {line} column {column}")
        self.msg, self.line, self.column = msg, line, column


@dataclass(slots=True)
class Member:
    """One member of the outer object: its ``value``, or, for an array, its ``items`` as they are read
    (read them before asking for the next member; what is left unread is skipped)."""

    key: str
    value: Any = None
    items: Iterator[Any] | None = None


class _Reader:
    """A window on the stream: what was read and not yet decoded, with its place in the file."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.text = ""
        self.pos = 0
        self.eof = False
        self.line = 1  # the line of text[0]
        self.column = 0  # the 0-based column of text[0]

    def more(self) -> None:
        """Drop what was decoded and read more (at least as much as is left, so one big value costs linear time)."""
        done = self.text[: self.pos]
        newlines = done.count("\n")
        self.line += newlines
        self.column = len(done) - done.rfind("\n") - 1 if newlines else self.column + len(done)
        chunk = self.stream.read(max(CHUNK, len(self.text) - self.pos))
        self.text, self.pos = self.text[self.pos :] + chunk, 0
        self.eof = not chunk

    def peek(self) -> str:
        """The next character that is not whitespace ("" at the end of the file)."""
        while True:
            self.pos = _WHITESPACE.match(self.text, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.text) or self.eof:
                return self.text[self.pos : self.pos + 1]
            self.more()

    def take(self, expected: str, msg: str) -> None:
        if self.peek() != expected:
            raise self.error(msg, self.pos)
        self.pos += 1

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as exc:
                if self.eof or not self._maybe_cut_short(exc):
                    raise self.error(exc.msg, exc.pos) from None
                self.more()
                continue
            if not self.eof and _NUMBER_TAIL.fullmatch(self.text, end):  # a number may go on in what is not read yet
                self.more()
                continue
            self.pos = end
            return value

    def _maybe_cut_short(self, exc: json.JSONDecodeError) -> bool:
        return exc.msg.startswith("Unterminated string") or exc.pos >= len(self.text) - _CUT_SHORT_MARGIN

    def error(self, msg: str, pos: int) -> JsonSyntaxError:
        before = self.text[:pos]
        newlines = before.count("\n")
        column = pos - before.rfind("\n") if newlines else self.column + pos + 1
        return JsonSyntaxError(msg, self.line + newlines, column)

    def items(self) -> Iterator[Any]:
        """The items of the array whose ``[`` was just taken."""
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            yield self.value()
            if self.peek() == "]":
                self.pos += 1
                return
            self.take(",", "Expecting ',' delimiter")


def members(stream: TextIO) -> Iterator[Member]:
    """The members of the JSON object ``stream`` holds; a syntax error raises :class:`JsonSyntaxError`
    (after the members before it), a value nested too deeply ``RecursionError``."""
    reader = _Reader(stream)
    reader.take("{", "Expecting an object")
    if reader.peek() == "}":
        reader.pos += 1
    else:
        yield from _members(reader)
    if reader.peek():
        raise reader.error("Extra data", reader.pos)


def _members(reader: _Reader) -> Iterator[Member]:
    while True:
        if reader.peek() != '"':
            raise reader.error("Expecting property name enclosed in double quotes", reader.pos)
        key = reader.value()
        reader.take(":", "Expecting ':' delimiter")
        if reader.peek() == "[":
            reader.pos += 1
            items = reader.items()
            yield Member(key, items=items)
            for _ in items:  # what the caller did not read
                pass
        else:
            yield Member(key, value=reader.value())
        if reader.peek() == "}":
            reader.pos += 1
            return
        reader.take(",", "Expecting ',' delimiter")


def array_items(stream: TextIO) -> Iterator[Any]:
    """The items of the JSON array that is the whole of ``stream``."""
    reader = _Reader(stream)
    reader.take("[", "Expecting an array")
    yield from reader.items()
    if reader.peek():
        raise reader.error("Extra data", reader.pos)


def object_members(stream: TextIO, streamed: str) -> Iterator[tuple[str, Any]]:
    """``(name, value)`` for each member of the JSON object that is the whole of ``stream``; when
    the member named ``streamed`` is an array, ``(streamed, item)`` for each of its items instead."""
    for member in members(stream):
        if member.items is None:
            yield member.key, member.value
        elif member.key == streamed:
            for item in member.items:
                yield member.key, item
        else:
            yield member.key, list(member.items)
