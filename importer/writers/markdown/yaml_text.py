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
import string
from collections.abc import Callable
from typing import Any

import yaml

_STR_TAG = "tag:yaml.org,2002:str"
# One line of characters YAML prints as they are (no control, line-separator, BOM or astral
# character: those are written escaped), neither starting nor ending with a space.
_UNPRINTED = r"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff\U00010000-\U0010ffff"
_ONE_LINE = re.compile(rf"[^\s{_UNPRINTED}](?:[^{_UNPRINTED}]*[^\s{_UNPRINTED}])?")
# What makes such a line unfit for a plain scalar in block context: an indicator first (this
# pattern, matched at the start), ": " or a final ":", " #" (tested as strings: faster than a
# search); YAML's rules: "a:b", "C#" and a "-" inside stay plain.
_FIRST_INDICATOR = re.compile(r"[#,\[\]{}&*!|>'\"%@`]|[-?:](?: |$)")
# A first "-", "?" or ":" not followed by a space: plain in YAML, left to the dumper here.
_UNSURE_START = re.compile(r"^[-?:]")
_MAX_LENGTH = 200
# Known without the tests above and the resolver. Plain: a first character that starts no
# indicator and none of the types of PyYAML's implicit resolver (its table is by first character:
# not "t", "n", "1"...), then ASCII letters, digits, spaces and "./_-" (slugs, paths, names).
_TYPED_FIRST = yaml.resolver.Resolver.yaml_implicit_resolvers
_UNTYPED_FIRST = "".join(c for c in string.ascii_letters + "/" if c not in _TYPED_FIRST)
_KNOWN_PLAIN = re.compile(rf"[{_UNTYPED_FIRST}](?:[A-Za-z0-9 ./_-]*[A-Za-z0-9./_-])?")
# Plain too, known without the resolver: a first digit and a letter that none of the types read
# from a first digit (int, float, timestamp) holds: those patterns spell only "0b", "0x", hex
# digits, "e"/"E", "T"/"t" and "Z" (comments data keys such as "2005-12-walk-4").
_KNOWN_PLAIN_DIGIT = re.compile(r"[0-9](?=[A-Za-z0-9 ./_-]*?[g-su-wyzG-SU-Y])[A-Za-z0-9 ./_-]*[A-Za-z0-9./_-]")
# Quoted: a date as iso_date writes it, which the resolver reads as a timestamp.
_KNOWN_TIMESTAMP = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?(?:[+-][0-9]{2}:[0-9]{2})?)?"
)


def simple_yaml(
    data: dict[str, Any],
    resolve: Callable[[type[yaml.Node], str, tuple[bool, bool]], str],
    scalars: dict[str, str | None] | None = None,
) -> str | None:
    """YAML for ``data`` as the dumper writes it, or None when ``data`` is not simple (see the module doc).

    ``resolve`` is the dumper's implicit-tag resolver (``Dumper.resolve``: PyYAML's own,
    :class:`yaml.resolver.Resolver`). ``scalars``, when given, keeps the scalars written for
    ``resolve`` (keys, category and tag names, authors come again in every post); it never holds
    more than :data:`CACHED` of them.
    """
    if scalars is None:
        scalars = {}
    elif len(scalars) > CACHED:
        scalars.clear()
    known = scalars.get
    lines: list[str] = []
    append = lines.append
    for key, value in data.items():
        key_text = known(key, _UNKNOWN) if key.__class__ is str else None
        if key_text is _UNKNOWN:
            key_text = scalars[key] = _scalar(key, resolve)
        if key_text is None or key_text[0] == "'":
            return None
        kind = value.__class__
        if kind is str:
            value_text = known(value, _UNKNOWN)
            if value_text is _UNKNOWN:
                value_text = scalars[value] = _scalar(value, resolve)
        elif kind is int:
            value_text = int.__repr__(value)
        elif kind is list:
            if not value:
                append(f"{key_text}: []\n")
                continue
            append(f"{key_text}:\n")
            for item in value:
                if item.__class__ is str:
                    item_text = known(item, _UNKNOWN)
                    if item_text is _UNKNOWN:
                        item_text = scalars[item] = _scalar(item, resolve)
                else:
                    item_text = _value(item)
                if item_text is None:
                    return None
                append(f"- {item_text}\n")
            continue
        else:
            value_text = _value(value)
        if value_text is None:
            return None
        append(f"{key_text}: {value_text}\n")
    return "".join(lines) if lines else None


CACHED = 4096
_UNKNOWN: Any = object()  # not in the kept scalars yet


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
    if len(text) > _MAX_LENGTH or not text:
        return None
    if _KNOWN_PLAIN.fullmatch(text):
        return text
    if _KNOWN_TIMESTAMP.fullmatch(text):
        return f"'{text}'"
    if _KNOWN_PLAIN_DIGIT.fullmatch(text):
        return text
    if text.isascii() and text.isprintable():  # _ONE_LINE's test for ASCII, faster
        if text[0] == " " or text[-1] == " ":
            return None
    elif _ONE_LINE.fullmatch(text) is None:
        return None
    if (
        _FIRST_INDICATOR.match(text) is None
        and ": " not in text
        and " #" not in text
        and text[-1] != ":"
        and not text.startswith("...")  # a document's end marker at the start of a line
    ):
        if _UNSURE_START.match(text):
            return None
        if resolve(yaml.ScalarNode, text, (True, False)) == _STR_TAG:
            return text
    return "'" + text.replace("'", "''") + "'"


python_simple_yaml = simple_yaml
try:  # the compiled loop (setup.py builds it; the Python code stands in without)
    from . import _cdates
except ImportError:  # pragma: no cover - a build without a C compiler
    _cdates = None  # type: ignore[assignment]
# simple_yaml with its kept scalars, compiled when built (a build older than its source keeps Python)
kept_simple_yaml: Callable[[dict[str, Any], Callable[..., str], dict[str, str | None]], str | None] = simple_yaml
if _cdates is not None and hasattr(_cdates, "simple_yaml"):
    _cdates.init_yaml(_UNTYPED_FIRST, _scalar, _MAX_LENGTH, CACHED)
    kept_simple_yaml = _cdates.simple_yaml
