"""``--from json``: our own ``--to json`` documents and ``--to jsonl`` lines read back into records.

A user can edit the JSON (fix a title, drop a post, correct a date) and convert it again, to
WXR, Markdown or SQL. Both are streamed, in flat memory: JSON Lines line by line (errors name the
line), a ``--to json`` document member by member and its arrays one record at a time
(:mod:`importer.transforms.json_stream`). One record (a line, a post with its comments) is read
whole, up to :data:`~importer.sources.MAX_WHOLE_FILE`: past it the file is refused, so a gzip
bomb never fills memory.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from ...errors import InputError, ParseError, UnsafeInputError
from ...model import Author, Post, Record, Site, Term
from ...sources import MAX_WHOLE_FILE, open_binary
from ...tally import Tally
from ...transforms.json_stream import JsonSyntaxError, Member, members
from .. import ReadOptions
from .records import build

SCHEMA_PREFIX = "blogimport/"
SCHEMA = "blogimport/1"
_KINDS: dict[str, type] = {"site": Site, "author": Author, "term": Term, "post": Post}
_ARRAYS: dict[str, type] = {"authors": Author, "terms": Term, "posts": Post}
MAX_RECORD = MAX_WHOLE_FILE  # bytes of one line, characters of one record, read whole


def read_json(path: str, options: ReadOptions, tally: Tally) -> Iterator[Record]:
    """Records of one ``--to json`` document or ``--to jsonl`` file (plain or gzipped)."""
    with open_binary(path) as stream:
        first = stream.readline(MAX_RECORD + 1)
        if len(first) <= MAX_RECORD and _is_jsonl_line(first, path):
            yield from _jsonl(_lines(first, stream, path), path, tally)
            return
    with open_binary(path) as stream:
        yield from _document(stream, path, tally)


def _is_jsonl_line(line: bytes, path: str) -> bool:
    text = line.strip()
    if not text.startswith(b"{") or not text.endswith(b"}"):
        return False
    try:
        value = json.loads(text)
    except (ValueError, UnicodeDecodeError):
        return False
    return isinstance(value, dict) and "kind" in value


def _lines(first: bytes, stream: BinaryIO, path: str) -> Iterator[bytes]:
    """The lines of a JSON Lines file, each up to :data:`MAX_RECORD` bytes (a longer one is refused)."""
    line, number = first, 1
    while line:
        if len(line) > MAX_RECORD:
            raise _too_big(path, number)
        yield line
        line, number = stream.readline(MAX_RECORD + 1), number + 1


def _too_big(path: str, line: int | None = None) -> UnsafeInputError:
    size = f"{MAX_RECORD // (1024 * 1024)} MB"
    message = f"refused: a record over {size} (a gzip bomb?); one record is read whole, up to {size}"
    return UnsafeInputError(message, file=path, line=line)


class _CappedText(io.TextIOWrapper):
    """UTF-8 text whose reader may not ask for more than :data:`MAX_RECORD` characters at once:
    the JSON stream asks for as much as the value it is decoding, so one record over that is refused."""

    path = ""

    def read(self, size: int | None = -1) -> str:
        if size is None or size < 0 or size > MAX_RECORD:
            raise _too_big(self.path)
        return super().read(size)


def _jsonl(lines: Iterable[bytes], path: str, tally: Tally) -> Iterator[Record]:
    site_seen = False
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ParseError(f"not a JSON line: {exc}", file=path, line=number) from None
        kind = data.get("kind") if isinstance(data, dict) else None
        cls = _KINDS.get(kind) if isinstance(kind, str) else None
        if cls is None:
            raise InputError(f"a line's kind must be one of {', '.join(_KINDS)}, not {kind!r}", file=path, line=number)
        if cls is not Site and not site_seen:
            site_seen = True
            yield _site({}, path, tally)
        record = _record(cls, data, f"{kind}", path, number)
        if isinstance(record, Site):
            if site_seen:
                raise InputError("a second site line: a JSON Lines file holds one blog", file=path, line=number)
            site_seen = True
            yield _site(data, path, tally, record)
        else:
            _count(record, tally)
            yield record
    if not site_seen:
        raise InputError("empty JSON Lines file: no records", file=path)


def _document(stream: BinaryIO, path: str, tally: Tally) -> Iterator[Record]:
    text = _CappedText(stream, encoding="utf-8-sig")
    text.path = path
    try:
        yield from _document_records(members(text), path, tally)
    except JsonSyntaxError as exc:
        if exc.msg == "Expecting an object" and exc.line == 1:
            raise InputError(f'not a blogimport JSON document (no "schema": "{SCHEMA}")', file=path) from None
        raise ParseError(f"not well-formed JSON: {exc.msg}", file=path, line=exc.line) from None
    except UnicodeDecodeError as exc:
        raise ParseError(f"not UTF-8 text: {exc.reason}", file=path) from None
    except RecursionError:
        raise ParseError("not readable JSON: values nested too deeply", file=path) from None


def _document_records(document: Iterator[Member], path: str, tally: Tally) -> Iterator[Record]:
    """The records of a document's members: the schema and site first, as blogimport writes them."""
    head: dict[str, Any] = {}
    site_done = False
    for member in document:
        cls = _ARRAYS.get(member.key)
        if cls is None or member.items is None:
            if site_done and member.key in ("schema", "site"):
                raise InputError(f'"{member.key}" must come before "authors", "terms" and "posts"', file=path)
            if cls is not None and member.value is not None:
                raise InputError(f'"{member.key}" must be a list', file=path)
            head[member.key] = member.value
            continue
        if not site_done:
            site_done = True
            yield _document_site(head, path, tally)
        for index, item in enumerate(member.items):
            record = _record(cls, item, f"{member.key}[{index}]", path, None)
            _count(record, tally)
            yield record
    if not site_done:
        yield _document_site(head, path, tally)


def _document_site(head: dict[str, Any], path: str, tally: Tally) -> Site:
    if not str(head.get("schema", "")).startswith(SCHEMA_PREFIX):
        raise InputError(f'not a blogimport JSON document (no "schema": "{SCHEMA}")', file=path)
    if head["schema"] != SCHEMA:
        raise InputError(f"schema {head['schema']!r} is not {SCHEMA!r}, the one this version reads", file=path)
    return _site(head.get("site") or {}, path, tally)


def _record(cls: type, data: Any, where: str, path: str, line: int | None) -> Any:
    try:
        return build(cls, data, where)
    except InputError as exc:
        exc.file, exc.line = path, line
        raise


def _site(data: dict[str, Any], path: str, tally: Tally, site: Site | None = None) -> Site:
    site = site if site is not None else build(Site, data, "site")
    if not site.sources:
        site.sources = [path]
    return site


def _count(record: Record, tally: Tally) -> None:
    if isinstance(record, Post):
        tally.read[record.type] += 1
        if record.comments:
            tally.read["comment"] += len(record.comments)
    elif isinstance(record, Author):
        tally.read["author"] += 1
    elif isinstance(record, Term):
        tally.read["term"] += 1
