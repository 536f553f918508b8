"""``--from json``: our own ``--to json`` documents and ``--to jsonl`` lines read back into records.

A user can edit the JSON (fix a title, drop a post, correct a date) and convert it again, to
WXR, Markdown or SQL. JSON Lines are streamed line by line (flat memory, errors name the line);
a ``--to json`` document is one JSON value and is parsed whole.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from ...errors import InputError, ParseError
from ...model import Author, Post, Record, Site, Term
from ...sources import open_binary
from ...tally import Tally
from .. import ReadOptions
from .records import build

SCHEMA_PREFIX = "blogimport/"
SCHEMA = "blogimport/1"
_KINDS: dict[str, type] = {"site": Site, "author": Author, "term": Term, "post": Post}


def read_json(path: str, options: ReadOptions, tally: Tally) -> Iterator[Record]:
    """Records of one ``--to json`` document or ``--to jsonl`` file (plain or gzipped)."""
    with open_binary(path) as stream:
        first = stream.readline()
        if _is_jsonl_line(first, path):
            yield from _jsonl(_lines(first, stream), path, tally)
        else:
            yield from _document(first + stream.read(), path, tally)


def _is_jsonl_line(line: bytes, path: str) -> bool:
    text = line.strip()
    if not text.startswith(b"{") or not text.endswith(b"}"):
        return False
    try:
        value = json.loads(text)
    except (ValueError, UnicodeDecodeError):
        return False
    return isinstance(value, dict) and "kind" in value


def _lines(first: bytes, rest: Iterable[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest


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


def _document(data: bytes, path: str, tally: Tally) -> Iterator[Record]:
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise ParseError(f"not well-formed JSON: {getattr(exc, 'msg', exc)}", file=path, line=line) from None
    if not isinstance(document, dict) or not str(document.get("schema", "")).startswith(SCHEMA_PREFIX):
        raise InputError(f'not a blogimport JSON document (no "schema": "{SCHEMA}")', file=path)
    if document["schema"] != SCHEMA:
        raise InputError(f"schema {document['schema']!r} is not {SCHEMA!r}, the one this version reads", file=path)
    yield _site(document.get("site") or {}, path, tally)
    for key, cls in (("authors", Author), ("terms", Term), ("posts", Post)):
        items = document.get(key) or []
        if not isinstance(items, list):
            raise InputError(f'"{key}" must be a list', file=path)
        for index, item in enumerate(items):
            record = _record(cls, item, f"{key}[{index}]", path, None)
            _count(record, tally)
            yield record


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
