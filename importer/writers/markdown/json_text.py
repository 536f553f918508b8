"""Indented JSON for the data files, as ``json.dumps(value, ensure_ascii=False, indent=2)`` writes it.

The standard library leaves its C encoder out when it indents and walks the value with Python
generators; comment data files (one per post) made that a visible share of ``--to markdown``.
:func:`indented_json` has orjson write the text (``OPT_INDENT_2``: the same layout, the same
escapes) when the value holds only what orjson writes as the standard library does: dicts with
string keys, lists, strings, ints, booleans and None, of those exact types (a float is written
otherwise: ``1e+16`` is ``1e16`` to orjson). Anything else, and what orjson refuses (an int beyond
64 bits, a lone surrogate), goes to the standard library (``tests/test_markdown_data_files.py``
compares both).
"""

from __future__ import annotations

import json
from typing import Any

import orjson

_LEAVES = frozenset([str, int, bool, type(None)])  # orjson writes these as json.dumps does
_OPTIONS = (
    orjson.OPT_INDENT_2
    | orjson.OPT_PASSTHROUGH_DATACLASS  # refused (to json.dumps, which refuses them too)
    | orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_SUBCLASS
)


def indented_json(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``."""
    if _written_alike(value):
        try:
            return orjson.dumps(value, option=_OPTIONS).decode()
        except orjson.JSONEncodeError:  # a big int, a lone surrogate
            pass
    return json.dumps(value, ensure_ascii=False, indent=2)


def _written_alike(value: Any) -> bool:
    """Does ``value`` hold only types orjson writes as the json module does (see the module doc)?"""
    kind = value.__class__
    if kind is dict:
        for key in value:
            if key.__class__ is not str:
                return False
        items = value.values()
    elif kind is list:
        items = value
    else:
        return kind in _LEAVES
    for item in items:
        kind = item.__class__
        if kind in _LEAVES:
            continue
        if (kind is not dict and kind is not list) or not _written_alike(item):
            return False
    return True
