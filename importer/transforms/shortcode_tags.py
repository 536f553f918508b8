"""WordPress's shortcode tag grammar: finding ``[name attrs]…[/name]`` in text, in linear time.

A tag is ``[`` + a name of letters, digits, ``_`` and ``-`` + attributes, ``/`` or nothing + ``]``;
``[/name]`` closes it, ``[name /]`` closes itself and ``[[name]]`` is a literal ``[name]``.
Text inside ``<pre>``, ``<code>`` (and other literal elements) is never read as shortcodes.

Every step is one left-to-right pass: attributes cannot hold ``[`` or ``]``, so no match runs
past the next bracket, and an opener is paired with its closer through a table of "next tag of
the same name" built once. ``"[a " * n`` costs O(n), not O(n²).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

# [name ...], [/name]: the name is followed by whitespace, "/", "=" ([code="php"]) or "]".
_TAG = re.compile(r"\[(/?)([\w-]+)(?=[\s/=\]])([^\[\]]*)\]")
_ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)"""
    r"""|"([^"]*)"(?:\s|$)"""
    r"""|'([^']*)'(?:\s|$)"""
    r"""|(\S+)(?:\s|$)"""
)
# Elements whose text is literal: shortcodes inside them are text (WordPress's wptexturize and
# the code plugins treat them so). "[^<>]*" keeps a broken "<pre x<pre x…" linear.
_LITERAL_TAG = re.compile(r"<(/?)(pre|code|script|style|textarea|kbd|samp|tt)\b[^<>]*>", re.I)


@dataclass(slots=True)
class Shortcode:
    name: str  # lowercased
    attrs: dict[str, str]  # named attributes; positional ones under "0", "1", ...
    content: str | None  # None for a tag that encloses nothing
    raw: str  # the text as written
    explicit: bool = False  # self-closed "[name /]" or "[name]…[/name]": a shortcode's shape for sure
    opening: str = ""  # the opening tag as written ("[name attrs]")


@dataclass(slots=True)
class _Tag:
    start: int
    end: int
    closing: bool
    name: str
    attr_text: str
    escaped: bool  # [[name]]


def parse_attributes(text: str) -> dict[str, str]:
    """WordPress's shortcode_parse_atts: named (quoted or not) and positional attributes."""
    attrs: dict[str, str] = {}
    if not text or text.isspace():
        return attrs
    position = 0
    text = text.replace("\u00a0", " ").strip()
    if text.startswith("="):  # [code="php"]: SyntaxHighlighter reads it as the language
        text = "language" + text
    for match in _ATTRIBUTE.finditer(text):
        groups = match.groups()
        for name_index in (0, 2, 4):
            if groups[name_index]:
                attrs[groups[name_index].lower()] = groups[name_index + 1]
                break
        else:
            value = next(g for g in groups[6:] if g is not None)
            attrs[str(position)] = value
            position += 1
    return attrs


def literal_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each ``<pre>``, ``<code>``, ``<script>``… element, outermost only."""
    spans: list[tuple[int, int]] = []
    open_name: str | None = None
    start = 0
    for match in _LITERAL_TAG.finditer(text):
        closing, name = match.group(1), match.group(2).lower()
        if open_name is None:
            if not closing:
                open_name, start = name, match.start()
        elif closing and name == open_name:
            spans.append((start, match.end()))
            open_name = None
    return spans


def _tags(text: str) -> list[_Tag]:
    """Every tag outside literal elements, in order."""
    spans = literal_spans(text) if "<" in text else []
    tags: list[_Tag] = []
    span_index = 0
    for match in _TAG.finditer(text):
        start = match.start()
        while span_index < len(spans) and spans[span_index][1] <= start:
            span_index += 1
        if span_index < len(spans) and spans[span_index][0] <= start:
            continue
        escaped = start > 0 and text[start - 1] == "[" and text.startswith("]", match.end())
        closing, name, attr_text = match.groups()
        tags.append(_Tag(start, match.end(), bool(closing), name.lower(), attr_text, escaped))
    return tags


def _next_of_same_name(tags: list[_Tag]) -> list[int | None]:
    """For each tag, the index of the next unescaped tag with the same name (None at the end)."""
    following: list[int | None] = [None] * len(tags)
    seen: dict[str, int] = {}
    for index in range(len(tags) - 1, -1, -1):
        tag = tags[index]
        following[index] = seen.get(tag.name)
        if not tag.escaped:
            seen[tag.name] = index
    return following


def find_shortcodes(
    text: str, names: Callable[[str], bool] | None = None, shaped: bool = False
) -> Iterator[tuple[int, int, Shortcode]]:
    """Yield (start, end, shortcode) for each top-level shortcode in ``text``, in order.

    An opener encloses content when the next tag of its name is its ``[/name]`` (another opener
    of the name first means it stood alone: ``[a][a]x[/a]``). Escaped ``[[name]]`` and tags
    inside ``<pre>``/``<code>`` are not shortcodes. ``names`` limits what counts (default: all);
    with ``shaped``, a tag of another name counts too when it is explicit or has an ``=``.
    """
    if "[" not in text:
        return
    tags = _tags(text)
    following = _next_of_same_name(tags)
    position = 0
    for index, tag in enumerate(tags):
        if tag.start < position or tag.closing or tag.escaped:
            continue
        end, content, explicit = tag.end, None, tag.attr_text.rstrip().endswith("/")
        closer = following[index]
        if not explicit and closer is not None and tags[closer].closing:
            content, end, explicit = text[tag.end : tags[closer].start], tags[closer].end, True
        if names is not None and not names(tag.name) and not (shaped and (explicit or "=" in tag.attr_text)):
            continue
        attrs = parse_attributes(tag.attr_text.rstrip().removesuffix("/"))
        opening = text[tag.start : tag.end]
        yield tag.start, end, Shortcode(tag.name, attrs, content, text[tag.start : end], explicit, opening)
        position = end


def escaped_tags(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, name) of each ``[[name …]]`` outside literal elements (start at the outer ``[``)."""
    if "[[" not in text:
        return
    for tag in _tags(text):
        if tag.escaped:
            yield tag.start - 1, tag.end + 1, tag.name
