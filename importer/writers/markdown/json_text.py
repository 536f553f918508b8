"""Indented JSON for the data files, as ``json.dumps(value, ensure_ascii=False, indent=2)`` writes it.

The standard library leaves its C encoder out when it indents and walks the value with Python
generators; comment data files (one per post) made that a visible share of ``--to markdown``.
:func:`indented_json` has orjson write the text (``OPT_INDENT_2``: the same layout, the same
escapes) when the value holds only what orjson writes as the standard library does: dicts with
string keys, lists, strings, ints, booleans and None, of those exact types (a float is written
otherwise: ``1e+16`` is ``1e16`` to orjson). Anything else, and what orjson refuses (an int beyond
64 bits, a lone surrogate), goes to the standard library (``tests/test_markdown_data_files.py``
compares both). The compiled ``_cdates.indented_json`` (when built) writes those usual values
itself, escaped as json's C escaper does, in two walks of C (check and measure, then write into
one new string), and this is the fallback for the rest (``tests/test_mdpost_compiled.py``): the
type check below walks the value in Python, which cost twice orjson's writing.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

try:  # the compiled usual case (setup.py builds it; the Python code stands in without)
    from ._cdates import indented_json as compiled_indented_json
except ImportError:  # pragma: no cover - a build without a C compiler, or one older than its source
    compiled_indented_json = None  # type: ignore[assignment]

_LEAVES = frozenset([str, int, bool, type(None)])  # orjson writes these as json.dumps does
_OPTIONS = (
    orjson.OPT_INDENT_2
    | orjson.OPT_PASSTHROUGH_DATACLASS  # refused (to json.dumps, which refuses them too)
    | orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_SUBCLASS
)


def indented_json(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``."""
    if compiled_indented_json is not None:
        text = compiled_indented_json(value)
        if text is not None:
            return text
    return python_indented_json(value)


def python_indented_json(value: Any) -> str:
    """:func:`indented_json` without the compiled usual case."""
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
