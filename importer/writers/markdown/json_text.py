"""Indented JSON for the data files, as ``json.dumps(value, ensure_ascii=False, indent=2)`` writes it.

The standard library leaves its C encoder out when it indents and walks the value with Python
generators; comment data files (one per post) made that a visible share of ``--to markdown``.
:func:`indented_json` writes the same text with strings encoded by the C function and one
recursive call per container. Values other than dicts with string keys, lists, strings, ints,
booleans and None go to the standard library (``tests/test_markdown_data_files.py`` compares both).
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

_INDENT = "  "


class _Unsupported(Exception):
    pass


def indented_json(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``."""
    parts: list[str] = []
    try:
        _emit(value, "\n", parts)
    except _Unsupported:
        return json.dumps(value, ensure_ascii=False, indent=2)
    return "".join(parts)


def _emit(value: Any, newline: str, parts: list[str]) -> None:
    kind = value.__class__
    if kind is str:
        parts.append(encode_basestring(value))
    elif kind is int:
        parts.append(int.__repr__(value))
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif kind is dict:
        _emit_dict(value, newline, parts)
    elif kind is list:
        _emit_list(value, newline, parts)
    else:
        raise _Unsupported


def _emit_dict(value: dict[Any, Any], newline: str, parts: list[str]) -> None:
    if not value:
        parts.append("{}")
        return
    inner = newline + _INDENT
    separator = "{" + inner
    for key, item in value.items():
        if key.__class__ is not str:
            raise _Unsupported
        parts.append(separator)
        parts.append(encode_basestring(key))
        parts.append(": ")
        _emit(item, inner, parts)
        separator = "," + inner
    parts.append(newline + "}")


def _emit_list(value: list[Any], newline: str, parts: list[str]) -> None:
    if not value:
        parts.append("[]")
        return
    inner = newline + _INDENT
    separator = "[" + inner
    for item in value:
        parts.append(separator)
        _emit(item, inner, parts)
        separator = "," + inner
    parts.append(newline + "]")
