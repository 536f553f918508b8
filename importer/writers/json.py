"""JSON and JSON Lines writers.

``--to json`` writes one document::

    {"schema": "blogimport/1", "site": {...}, "authors": [...], "terms": [...], "posts": [...]}

with each post's comments nested, keys named as the fields of :mod:`importer.model`, and dates
as ISO 8601 text (``date`` carries the UTC offset when the source gave both the local and the
UTC time; ``date_gmt`` is kept too). The same input always gives byte-identical output.

Posts are never all held in memory: each is serialized as it arrives into a spool file, and
the document is assembled at the end, because authors and terms may still arrive after the
first posts (several sources merged). The result is written atomically.

``--to jsonl`` writes one record per line, ``{"kind": "site"|"author"|"term"|"post", ...}``,
streamed as the records arrive.
"""

from __future__ import annotations

import errno
import io
import json
import math
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, is_dataclass
from datetime import UTC, datetime, timedelta, timezone
from json.encoder import encode_basestring
from typing import IO, Any, cast

import orjson

from ..model import Author, Comment, Meta, Post, Provenance, Record, Site, Term
from ..tally import Tally
from ..transforms.dates import with_offset
from . import PartsWriter
from .atomic import check_output, open_output, spool_file, writing

SCHEMA = "blogimport/1"

# Local wall-clock date field -> its UTC twin: the local one is written with its offset.
_LOCAL_DATES = {"date": "date_gmt", "modified": "modified_gmt"}
_INDENT = 2
_COPY_BUFFER = 1 << 20


@dataclass(slots=True)
class JsonOptions:
    compact: bool = False  # --to json: no indentation and no spaces (smaller, faster); JSONL is always compact


def record_kind(record: Record) -> str:
    """The ``kind`` of a record in JSON Lines: site, author, term or post."""
    if isinstance(record, Site):
        return "site"
    if isinstance(record, Author):
        return "author"
    if isinstance(record, Term):
        return "term"
    return "post"


def record_dict(record: Any) -> dict[str, Any]:
    """A model record (or any model dataclass) as JSON-able data, keys named as its fields."""
    convert = _CONVERTERS.get(type(record)) or _converter(type(record))
    return convert(record)


# class -> a function built for it (below) that returns its dict in one expression
_CONVERTERS: dict[type, Callable[[Any], dict[str, Any]]] = {}
_SCALARS = {"str", "int", "bool", "None"}


def _converter(cls: type) -> Callable[[Any], dict[str, Any]]:
    """Compile ``cls``'s fields into one dict display: the writer's hot path (every record, every
    comment), 3x faster than looping over the fields. Scalar fields (``str | None``, ...) are
    taken as they are, dates become ISO text, anything else goes through ``_plain``."""
    names = {f.name for f in fields(cls)}
    items = ", ".join(f"{f.name!r}: {_field_expression(f.name, f.type, names)}" for f in fields(cls))
    namespace = {"_plain": _plain, "_iso": _iso, "_local": _local}
    exec(f"def convert(r):\n    return {{{items}}}\n", namespace)  # names are identifiers: fields of a dataclass
    convert: Callable[[Any], dict[str, Any]] = namespace["convert"]  # type: ignore[assignment]
    _CONVERTERS[cls] = convert
    return convert


def _field_expression(name: str, annotation: object, names: set[str]) -> str:
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
    if {part.strip() for part in text.split("|")} <= _SCALARS:
        return f"r.{name}"
    if text.replace(" ", "") in ("datetime|None", "datetime"):
        twin = _LOCAL_DATES.get(name)
        return f"_local(r.{name}, r.{twin})" if twin in names else f"_iso(r.{name})"
    return f"_plain(r.{name})"


def _local(local: datetime | None, utc: datetime | None) -> str | None:
    return _iso(with_offset(local, utc))


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


_AS_IS = frozenset({str, int, bool, type(None)})


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind is list:
        return [item if type(item) in _AS_IS else _plain(item) for item in value]
    if kind is datetime:
        return value.isoformat()
    if kind in _CONVERTERS:  # a model dataclass seen before (Comment, Meta, TermRef, ...)
        return _CONVERTERS[kind](value)
    if value is None:
        return None
    if isinstance(value, str):  # e.g. lxml's "smart strings": written as plain str
        return str(value)
    if isinstance(value, bool | int):
        return bool(value) if isinstance(value, bool) else int(value)
    if isinstance(value, float):
        # NaN and infinities are not JSON; a meta value keeps its raw text beside it.
        return float(value) if math.isfinite(value) else None
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {
            key if type(key) is str else str(key): item if type(item) in _AS_IS else _plain(item)
            for key, item in value.items()
        }
    if is_dataclass(value):
        return record_dict(value)
    raise TypeError(f"cannot write a {type(value).__name__} as JSON")


def count_written(record: Record, tally: Tally) -> None:
    """Count a written record the way readers count what they read (posts by type)."""
    if isinstance(record, Post):
        tally.written[record.type] += 1
        if record.comments:
            tally.written["comment"] += len(record.comments)
    elif not isinstance(record, Site):
        tally.written[record_kind(record)] += 1


def _encode(text: str) -> bytes:
    # A lone surrogate (from a badly decoded source) cannot be UTF-8; it only occurs inside a
    # JSON string, where the backslash escape "\udXXX" that backslashreplace writes is valid JSON.
    return text.encode("utf-8", "backslashreplace")


# One encoder for every record (json.dumps would build a new one per call for these options).
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode


def _nested(value: Any, depth: int, compact: bool) -> str:
    """``value`` serialized to sit ``depth`` levels deep in the document."""
    if compact:
        return _COMPACT(value)
    chunks: list[str] = []
    _indented(value, depth, chunks)
    return "".join(chunks)


def _indented(value: Any, depth: int, out: list[str]) -> None:
    """What ``json.dumps(value, ensure_ascii=False, indent=2)`` writes, at ``depth``, 2.5x faster.

    The standard library falls back to its pure-Python encoder whenever ``indent`` is set; this
    walks the (already plain) structure once and leaves strings to the C string encoder.
    """
    kind = type(value)
    if kind is str:
        out.append(encode_basestring(value))
    elif value is None:
        out.append("null")
    elif kind is bool:
        out.append("true" if value else "false")
    elif kind is int:
        out.append(int.__repr__(value))
    elif kind is float:
        out.append(float.__repr__(value))
    elif kind is dict:
        _indented_items(value.items(), "{", "}", depth, out) if value else out.append("{}")
    elif kind is list:
        _indented_items(((None, item) for item in value), "[", "]", depth, out) if value else out.append("[]")
    else:
        raise TypeError(f"cannot write a {kind.__name__} as JSON")


def _indented_items(
    items: Iterable[tuple[str | None, Any]], opening: str, closing: str, depth: int, out: list[str]
) -> None:
    pad = "\n" + " " * (_INDENT * (depth + 1))
    separator = opening + pad
    for key, item in items:
        out.append(separator if key is None else separator + encode_basestring(key) + ": ")
        separator = "," + pad
        _indented(item, depth + 1, out)
    out.append("\n" + " " * (_INDENT * depth) + closing)


# The fast path. orjson serializes a record several times faster than the json module and writes
# the model's small dataclasses (TermRef, Meta, Provenance) itself, but not always as the json
# module does: it writes floats in exponent form differently (1e16, not 1e+16; 0.00001, not
# 1e-05), NaN as null, an offset of seconds rounded, and it refuses lone surrogates, ints beyond
# 64 bits and keys that are not str. So a record takes the fast path only when every value in it
# is one orjson writes byte for byte as the general path does (checked on the way, in
# ``_fast_converter``'s functions); otherwise, or when orjson refuses it, the record is written
# by the general path. tests/test_json_writer.py compares the two paths on random records.


class _General(Exception):
    """The record holds a value the fast path would not write as the general path does."""


_MAX_OFFSET = timedelta(hours=14)
_EPOCH = datetime(1970, 1, 1)
_EPOCH_UTC = datetime(1970, 1, 1, tzinfo=UTC)
# a plausible offset -> 1970-01-01 00:00 in its timezone, made once (at most 1,681 whole minutes)
_ZONE_EPOCHS: dict[timedelta, datetime] = {}


def _fast_local(local: datetime | None, utc: datetime | None) -> datetime | str | None:
    """``_local(local, utc)`` as a datetime orjson writes as ``isoformat()`` does, in the usual case
    (a naive local time and its UTC twin, a whole number of minutes and at most 14 hours apart),
    2x faster than ``with_offset``'s ``replace`` calls; any other case is ``_local``'s text.

    The aware time is the zone's epoch plus the local time's distance from the naive epoch (the
    local wall-clock time in that zone): one addition, half the instructions of
    ``datetime.combine(local, local.time(), zone)``."""
    if local is None or utc is None or local.tzinfo is not None or utc.tzinfo is not UTC:
        return _local(local, utc)
    since_epoch = local - _EPOCH
    offset = since_epoch - (utc - _EPOCH_UTC)  # local - utc as wall-clock times
    epoch = _ZONE_EPOCHS.get(offset)
    if epoch is None:
        if offset.microseconds or offset.seconds % 60 or not -_MAX_OFFSET <= offset <= _MAX_OFFSET:
            return _local(local, utc)
        epoch = _ZONE_EPOCHS[offset] = _EPOCH.replace(tzinfo=timezone(offset))
    return epoch + since_epoch


def _fast_date(value: datetime | None) -> datetime | str | None:
    """``_iso(value)``: orjson writes a naive or a UTC datetime as ``isoformat()`` does."""
    if value is None or value.tzinfo is None or value.tzinfo is UTC:
        return value
    return value.isoformat()


_LEAVES = frozenset({str, int, bool, type(None)})  # orjson writes these as the json module does


def _same_float(value: float) -> bool:
    """orjson writes ``value`` as ``float.__repr__`` does: zero or outside both exponent forms."""
    return value == 0.0 or 1e-4 <= abs(value) < 1e16


def _checked(value: Any) -> Any:
    """``value`` itself when orjson writes it as the general path would; raises _General if not."""
    kind = type(value)
    if kind in _LEAVES:
        return value
    if kind is list:
        for item in value:
            if type(item) not in _LEAVES:
                _checked(item)
        return value
    if kind is dict:
        for key, item in value.items():
            if type(key) is not str:
                raise _General
            if type(item) not in _LEAVES:
                _checked(item)
        return value
    if kind is float and _same_float(value):
        return value
    raise _General


def _metas(metas: list[Meta]) -> list[Meta]:
    """The Meta dataclasses themselves (orjson writes their fields in order), values checked."""
    for meta in metas:
        if type(meta.value) is not str:
            _checked(meta.value)
    return metas


def _provenances(items: list[Provenance]) -> list[Provenance]:
    """The Provenance dataclasses themselves; a capture time or an odd confidence: general path."""
    for item in items:
        confidence = item.confidence
        if item.captured is not None or not (
            confidence is None or (type(confidence) is float and _same_float(confidence))
        ):
            raise _General
    return items


def _fast_converter(cls: type, kind: str | None) -> Callable[[Any], dict[str, Any]]:
    """``cls``'s fields as one dict display for orjson, like :func:`_converter`, with ``"kind"``
    first when given (a JSON Lines line). Lists of TermRef, Meta and Provenance stay dataclasses."""
    names = {f.name for f in fields(cls)}
    items = ", ".join(f"{f.name!r}: {_fast_expression(f.name, f.type, names)}" for f in fields(cls))
    if kind is not None:
        items = f"'kind': {kind!r}, {items}"
    namespace = {
        "_fast_local": _fast_local,
        "_fast_date": _fast_date,
        "_checked": _checked,
        "_metas": _metas,
        "_provenances": _provenances,
        "_comment": _FAST.get(Comment),
    }
    exec(f"def convert(r):\n    return {{{items}}}\n", namespace)  # names are identifiers: fields of a dataclass
    convert: Callable[[Any], dict[str, Any]] = namespace["convert"]  # type: ignore[assignment]
    return convert


# A field's annotation -> what the fast dict holds: the value itself where orjson writes its type
# as the json module does (TermRef is two str fields), else a checked or converted value.
_AS_THEY_ARE = frozenset({"list[str]", "list[TermRef]", "dict[str,list[TermRef]]"})


def _fast_expression(name: str, annotation: object, names: set[str]) -> str:
    text = (annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")).replace(" ", "")
    if set(text.split("|")) <= _SCALARS or text in _AS_THEY_ARE:
        return f"r.{name}"
    if text in ("datetime|None", "datetime"):
        twin = _LOCAL_DATES.get(name)
        if twin not in names:
            return f"_fast_date(r.{name})"
        if name == "date" and "modified" in names:
            return f"(_date := _fast_local(r.{name}, r.{twin}))"  # kept for "modified" (below)
        if name == "modified" and "date" in names:
            # a post never edited: the WXR reader gives it the date's own objects, written once
            return (
                f"(_date if r.modified is r.date and r.modified_gmt is r.date_gmt else _fast_local(r.{name}, r.{twin}))"
            )
        return f"_fast_local(r.{name}, r.{twin})"
    # an empty list is written as it is (no call)
    if text == "list[Meta]":
        return f"(r.{name} and _metas(r.{name}))"
    if text == "list[Provenance]":
        return f"(r.{name} and _provenances(r.{name}))"
    if text == "list[Comment]":
        return f"(r.{name} and [_comment(c) for c in r.{name}])"
    return f"_checked(r.{name})"  # Meta.value and the like: any JSON value


_FAST: dict[type, Callable[[Any], dict[str, Any]]] = {}
_FAST[Comment] = _fast_converter(Comment, None)
_FAST.update((cls, _fast_converter(cls, None)) for cls in (Site, Author, Term, Post))
# JSON Lines: the record's dict with its kind first
_FAST_LINES = {
    cls: _fast_converter(cls, kind)
    for cls, kind in ((Site, "site"), (Author, "author"), (Term, "term"), (Post, "post"))
}
_INDENT_OPTION = orjson.OPT_INDENT_2


def _fast_bytes(record: Any, depth: int, compact: bool) -> bytes | None:
    """``record`` serialized by the fast path at ``depth`` (as ``_encode(_nested(record_dict(record),
    depth, compact))`` writes it), or None when only the general path writes it exactly."""
    convert = _FAST.get(type(record))
    if convert is None:
        return None
    try:
        if compact:
            return orjson.dumps(convert(record))
        data = orjson.dumps(convert(record), option=_INDENT_OPTION)
    except (_General, orjson.JSONEncodeError):
        return None
    # A newline in orjson's output is always indentation (one in a string is escaped as \n).
    return data.replace(b"\n", b"\n" + b" " * (_INDENT * depth)) if depth else data


def _line_bytes(record: Record) -> bytes:
    """One JSON Lines line for ``record``, newline included."""
    convert = _FAST_LINES.get(type(record))
    if convert is not None:
        try:
            return orjson.dumps(convert(record), option=orjson.OPT_APPEND_NEWLINE)
        except (_General, orjson.JSONEncodeError):
            pass
    line = {"kind": record_kind(record), **record_dict(record)}
    return _encode(_nested(line, 0, compact=True) + "\n")


class _Document:
    """The small parts of the document kept in memory, and the spool that holds the posts."""

    def __init__(self, spool: IO[bytes], compact: bool) -> None:
        self.site: Site | None = None
        self.authors: list[dict[str, Any]] = []
        self.terms: list[dict[str, Any]] = []
        self.spool = spool
        self.compact = compact
        self.posts = 0

    def add(self, record: Record) -> None:
        if isinstance(record, Site):
            self.site = record
        elif isinstance(record, Author):
            self.authors.append(record_dict(record))
        elif isinstance(record, Term):
            self.terms.append(record_dict(record))
        else:
            self._spool_post(record)

    def _spool_post(self, post: Post) -> None:
        data = _fast_bytes(post, 2, self.compact)
        if data is None:
            self.spool.write(_encode(self._item(record_dict(post), first=self.posts == 0)))
        else:
            self.spool.write(self._separator(self.posts == 0).encode() + data)
        self.posts += 1

    def _item(self, value: dict[str, Any], first: bool) -> str:
        return self._separator(first) + _nested(value, 2, self.compact)

    def _separator(self, first: bool) -> str:
        """What comes before an item of a list two levels deep (posts, authors, terms)."""
        if self.compact:
            return "" if first else ","
        return ("\n" if first else ",\n") + " " * (_INDENT * 2)

    def _list(self, items: list[dict[str, Any]]) -> str:
        return "".join(self._item(item, first=i == 0) for i, item in enumerate(items))

    def _close_list(self, count: int) -> str:
        return "]" if self.compact or count == 0 else "\n" + " " * _INDENT + "]"

    def write(self, out: IO[bytes]) -> None:
        site = record_dict(self.site or Site())
        pad = "" if self.compact else "\n" + " " * _INDENT
        sep = ":" if self.compact else ": "
        head = (
            "{"
            + f"{pad}{json.dumps('schema')}{sep}{json.dumps(SCHEMA)},"
            + f"{pad}{json.dumps('site')}{sep}{_nested(site, 1, self.compact)},"
            + f"{pad}{json.dumps('authors')}{sep}[{self._list(self.authors)}{self._close_list(len(self.authors))},"
            + f"{pad}{json.dumps('terms')}{sep}[{self._list(self.terms)}{self._close_list(len(self.terms))},"
            + f"{pad}{json.dumps('posts')}{sep}["
        )
        out.write(_encode(head))
        self.spool.seek(0)
        _copy_file(self.spool, out)
        tail = self._close_list(self.posts) + ("}\n" if self.compact else "\n}\n")
        out.write(_encode(tail))


def write_json(records: Iterable[Record], output: str, options: JsonOptions, tally: Tally) -> None:
    """Write the record stream as one blogimport/1 JSON document at ``output`` (``-`` = stdout)."""
    with spool_file(output, "blogimport-posts-") as spool:
        document = _Document(spool, options.compact)
        for record in records:
            document.add(record)
            count_written(record, tally)
        with open_output(output) as out:
            document.write(out)


def write_jsonl(records: Iterable[Record], output: str, options: JsonOptions, tally: Tally) -> None:
    """Write one JSON record per line, ``{"kind": ..., <fields>}``, as the records arrive."""
    with open_output(output) as out:
        _write_lines(records, out, tally)


def _write_lines(records: Iterable[Record], out: IO[bytes], tally: Tally) -> None:
    for record in records:
        out.write(_line_bytes(record))
        count_written(record, tally)


_POSTS_FILE = "posts.json"


# What a part hands the join: its Site (part 0's), authors, terms and number of posts.
_PartSummary = tuple[Site | None, list[dict[str, Any]], list[dict[str, Any]], int]


def _write_json_part(records: Iterable[Record], part_dir: str, options: JsonOptions, tally: Tally) -> object:
    """A part's posts as they sit in the document, each after a comma (the join drops the first
    one's); its Site, authors and terms go back to the join."""
    with open(os.path.join(part_dir, _POSTS_FILE), "wb") as spool:
        document = _Document(spool, options.compact)
        document.posts = 1  # every post of a part follows another one
        for record in records:
            document.add(record)
            count_written(record, tally)
    return document.site, document.authors, document.terms, document.posts - 1


def _join_json(parts: list[tuple[str, object]], output: str, options: JsonOptions, tally: Tally) -> None:
    with spool_file(output, "blogimport-posts-") as spool:
        document = _Document(spool, options.compact)
        for part_dir, summary in parts:
            site, authors, terms, posts = cast(_PartSummary, summary)
            document.site = site or document.site
            document.authors += authors
            document.terms += terms
            with open(os.path.join(part_dir, _POSTS_FILE), "rb") as part:
                if posts and not document.posts:
                    part.seek(1)  # the document's first post follows no comma
                _copy_file(part, spool)
            document.posts += posts
        with open_output(output) as out:
            document.write(out)


def _check(output: str, _options: JsonOptions) -> None:
    check_output(output)


# --to json of a big file in parts: the posts of each part, one part after the other.
JSON_PARTS: PartsWriter[JsonOptions] = PartsWriter(_write_json_part, _join_json, check=_check)

_PART_FILE = "part.jsonl"


def _write_jsonl_part(records: Iterable[Record], part_dir: str, options: JsonOptions, tally: Tally) -> None:
    # a scratch file the join copies and removes: written as it is, neither renamed nor synced
    path = os.path.join(part_dir, _PART_FILE)
    with writing(path), open(path, "wb", buffering=_COPY_BUFFER) as out:  # a write call a megabyte
        _write_lines(records, out, tally)


def _join_jsonl(parts: list[tuple[str, object]], output: str, options: JsonOptions, tally: Tally) -> None:
    with open_output(output) as out:
        for part_dir, _ in parts:
            with open(os.path.join(part_dir, _PART_FILE), "rb") as part:
                _copy_file(part, out)


def _copy_file(source: IO[bytes], out: IO[bytes]) -> None:
    """The rest of ``source`` (a file) appended to ``out``: in the kernel (``os.sendfile``) where
    it can copy to ``out``, through a buffer otherwise."""
    source.flush()
    out.flush()
    try:
        source_fd, out_fd = source.fileno(), out.fileno()
        start = offset = source.tell()
        size = os.fstat(source_fd).st_size
    except (OSError, ValueError, io.UnsupportedOperation):
        shutil.copyfileobj(source, out, _COPY_BUFFER)
        return
    while offset < size:
        try:
            sent = os.sendfile(out_fd, source_fd, offset, size - offset)
        except OSError as exc:
            if offset != start or exc.errno not in _NO_SENDFILE:
                raise
            shutil.copyfileobj(source, out, _COPY_BUFFER)  # nothing sent: the buffered way
            return
        if sent == 0:
            break
        offset += sent
    source.seek(offset)


# what sendfile says when it cannot copy between the two (not a file it takes, no support)
_NO_SENDFILE = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EBADF, errno.EXDEV}


# --to jsonl of a big file in parts: each part's lines, one part after the other.
JSONL_PARTS: PartsWriter[JsonOptions] = PartsWriter(_write_jsonl_part, _join_jsonl, check=_check)
