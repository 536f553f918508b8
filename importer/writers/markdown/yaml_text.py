"""Front matter of everyday posts without PyYAML's representer (the slow part of a YAML dump).

Front matter is a flat mapping: short strings, numbers, booleans, lists of names. For those,
:func:`simple_yaml` writes what the YAML dumper of :mod:`.frontmatter` writes, choosing between
a plain and a single-quoted scalar the way PyYAML does (plain when the text holds no YAML
indicator and reads back as a string; quoted when it holds one, such as ``: ``, or would read
back as something else, such as a date or ``true``). Anything else (a nested mapping, a line
break, a control character, a space at either end) gets None, and the caller uses the real
dumper. ``tests/test_markdown_data_files.py`` compares the two on generated front matter.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import Any

import yaml

_STR_TAG = "tag:yaml.org,2002:str"
# One line of characters YAML prints as they are (no control, line-separator, BOM or astral
# character: those are written escaped), neither starting nor ending with a space.
_UNPRINTED = r"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff\U00010000-\U0010ffff"
_ONE_LINE = re.compile(rf"[^\s{_UNPRINTED}](?:[^{_UNPRINTED}]*[^\s{_UNPRINTED}])?")
# What makes such a line unfit for a plain scalar in block context: an indicator first, ": " or a
# final ":", " #" (YAML's rules; "a:b", "C#" and a "-" inside stay plain).
_INDICATOR = re.compile(r"^[#,\[\]{}&*!|>'\"%@`]|^[-?:](?: |$)|: |:$| #")
# A first "-", "?" or ":" not followed by a space: plain in YAML, left to the dumper here.
_UNSURE_START = re.compile(r"^[-?:]")
_MAX_LENGTH = 200


def simple_yaml(
    data: dict[str, Any],
    resolve: Callable[[type[yaml.Node], str, tuple[bool, bool]], str],
    scalars: dict[str, str | None] | None = None,
) -> str | None:
    """YAML for ``data`` as the dumper writes it, or None when ``data`` is not simple (see the module doc).

    ``resolve`` is the dumper's implicit-tag resolver (``Dumper.resolve``). ``scalars``, when
    given, keeps the scalars written for ``resolve`` (keys, category and tag names, authors
    come again in every post); it never holds more than :data:`CACHED` of them.
    """
    if scalars is not None:
        if len(scalars) > CACHED:
            scalars.clear()
        return _simple_yaml(data, partial(_cached_scalar, scalars, resolve))
    return _simple_yaml(data, partial(_scalar, resolve=resolve))


CACHED = 4096


def _cached_scalar(
    scalars: dict[str, str | None], resolve: Callable[[type[yaml.Node], str, tuple[bool, bool]], str], text: str
) -> str | None:
    try:
        return scalars[text]
    except KeyError:
        scalars[text] = written = _scalar(text, resolve)
        return written


def _simple_yaml(data: dict[str, Any], scalar: Callable[[str], str | None]) -> str | None:
    lines: list[str] = []
    for key, value in data.items():
        key_text = scalar(key) if key.__class__ is str else None
        if key_text is None or key_text[0] == "'":
            return None
        if value.__class__ is list:
            if not value:
                lines.append(f"{key_text}: []\n")
                continue
            lines.append(f"{key_text}:\n")
            for item in value:
                item_text = scalar(item) if item.__class__ is str else _value(item)
                if item_text is None:
                    return None
                lines.append(f"- {item_text}\n")
            continue
        value_text = scalar(value) if value.__class__ is str else _value(value)
        if value_text is None:
            return None
        lines.append(f"{key_text}: {value_text}\n")
    return "".join(lines) if lines else None


def _value(value: Any) -> str | None:
    """A value other than a string as the dumper writes it, or None."""
    kind = value.__class__
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    return None


def _scalar(text: str, resolve: Callable[[type[yaml.Node], str, tuple[bool, bool]], str]) -> str | None:
    """The scalar as the dumper writes it: plain, single-quoted, or None when unsure."""
    if len(text) > _MAX_LENGTH or _ONE_LINE.fullmatch(text) is None:
        return None
    if _INDICATOR.search(text) is None:
        if _UNSURE_START.match(text):
            return None
        if resolve(yaml.ScalarNode, text, (True, False)) == _STR_TAG:
            return text
    return "'" + text.replace("'", "''") + "'"
