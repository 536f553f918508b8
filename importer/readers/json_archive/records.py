"""JSON data back into model records: the inverse of ``writers/json.py``'s ``record_dict``.

Each model class gets a converter built once from its field types (``str | None``,
``datetime | None``, ``list[Meta]`` ...), so a field added to the model is read without a change
here. A value of the wrong type is an :class:`InputError` naming the record and the field: the
file may have been edited by hand, and a clear sentence beats a wrong record.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from dataclasses import MISSING, fields
from datetime import UTC, datetime
from typing import Any

from ...errors import InputError
from ...model import Author, Comment, Meta, Post, Provenance, Site, Term, TermRef

Convert = Callable[[Any, str], Any]  # (json value, where) -> model value

# Local wall-clock date field -> its UTC twin (the JSON writer adds the offset to the local one).
_LOCAL_DATES = {"date": "date_gmt", "modified": "modified_gmt"}
_UTC_DATES = frozenset(_LOCAL_DATES.values())


class JsonRecordError(InputError):
    """A record whose data does not fit the blogimport/1 schema."""


def _fail(where: str, expected: str, value: Any) -> JsonRecordError:
    return JsonRecordError(f"{where}: expected {expected}, got {type(value).__name__} {str(value)[:40]!r}")


def _scalar(kind: type, name: str) -> Convert:
    def convert(value: Any, where: str) -> Any:
        # bool is an int in Python, never in the schema
        if type(value) is kind or (kind is float and type(value) is int):
            return value
        raise _fail(where, name, value)

    return convert


def _parse_date(value: Any, where: str) -> datetime:
    if not isinstance(value, str):
        raise _fail(where, "an ISO 8601 date", value)
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise _fail(where, "an ISO 8601 date like 2010-11-19T13:02:00", value) from None


def _json_value(value: Any, where: str) -> Any:
    return value  # any JSON value is a valid meta value


def _optional(convert: Convert) -> Convert:
    def optional(value: Any, where: str) -> Any:
        return None if value is None else convert(value, where)

    return optional


def _list(item: Convert) -> Convert:
    def convert(value: Any, where: str) -> Any:
        if not isinstance(value, list):
            raise _fail(where, "a list", value)
        return [item(element, f"{where}[{index}]") for index, element in enumerate(value)]

    return convert


def _dict(item: Convert) -> Convert:
    def convert(value: Any, where: str) -> Any:
        if not isinstance(value, dict):
            raise _fail(where, "an object", value)
        return {key: item(element, f"{where}.{key}") for key, element in value.items()}

    return convert


_SCALARS: dict[Any, Convert] = {
    str: _scalar(str, "text"),
    int: _scalar(int, "an integer"),
    bool: _scalar(bool, "true or false"),
    float: _scalar(float, "a number"),
    datetime: _parse_date,
}


def _converter_for(annotation: Any) -> Convert:
    """A converter for one field's type, as the model annotates it."""
    origin = typing.get_origin(annotation)
    if origin in (types.UnionType, typing.Union):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(members) == 1:
            return _optional(_converter_for(members[0]))
        return _json_value  # JSONValue: a union of every JSON type
    if origin is list:
        return _list(_converter_for(typing.get_args(annotation)[0]))
    if origin is dict:
        return _dict(_converter_for(typing.get_args(annotation)[1]))
    if annotation in _SCALARS:
        return _SCALARS[annotation]
    if annotation in _CLASSES:
        return lambda value, where: build(annotation, value, where)
    raise TypeError(f"no JSON converter for {annotation!r}")  # a model type this module does not know


_CLASSES = (Site, Author, Term, TermRef, Meta, Comment, Post, Provenance)
_FIELDS: dict[type, list[tuple[str, Convert, bool]]] = {}  # class -> (name, converter, required)


def _fields_of(cls: type) -> list[tuple[str, Convert, bool]]:
    known = _FIELDS.get(cls)
    if known is None:
        hints = typing.get_type_hints(cls)
        known = [
            (f.name, _converter_for(hints[f.name]), f.default is MISSING and f.default_factory is MISSING)
            for f in fields(cls)
        ]
        _FIELDS[cls] = known
    return known


def build(cls: type, data: Any, where: str) -> Any:
    """An instance of model class ``cls`` from its JSON object (missing optional fields: defaults)."""
    if not isinstance(data, dict):
        raise _fail(where, f"a {cls.__name__.lower()} object", data)
    values: dict[str, Any] = {}
    for name, convert, required in _fields_of(cls):
        if name in data:
            values[name] = convert(data[name], f"{where}.{name}")
        elif required:
            raise JsonRecordError(f"{where}: missing {name!r}")
    record = cls(**values)
    if cls in (Post, Comment):
        _split_dates(record)
    return record


def _split_dates(record: Post | Comment) -> None:
    """The JSON's local dates carry an offset; the model keeps them naive beside their UTC twin."""
    for local_name, utc_name in _LOCAL_DATES.items():
        if not hasattr(record, local_name):
            continue
        local, utc = getattr(record, local_name), getattr(record, utc_name)
        if local is not None and local.tzinfo is not None:
            if utc is None:  # an edited file: the offset still says when it was
                setattr(record, utc_name, local.astimezone(UTC))
            setattr(record, local_name, local.replace(tzinfo=None))
        if utc is not None:
            setattr(record, utc_name, utc.astimezone(UTC) if utc.tzinfo else utc.replace(tzinfo=UTC))
