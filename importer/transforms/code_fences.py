"""Markdown code fences typed into a classic post (```` ```python ````), found in linear time.

Crayon, Enlighter's GFM filter and people used to Markdown wrote fences straight into post text;
their body is code, never shortcodes. A fence opens on a line of three or more backticks or
tildes (up to three spaces before, an info string after) and closes on the next such line of the
same character, at least as long, with nothing after it. An unclosed fence is left as text (in a
WordPress post it is not code), and fences inside ``<pre>``/``<code>`` are the code's own text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .shortcode_tags import literal_spans

_FENCE_LINE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})[ \t]*([^\n`]*?)[ \t]*$", re.M)


@dataclass(slots=True, frozen=True)
class Fence:
    start: int  # the opening line's first character
    end: int  # just after the closing line
    language: str  # the info string's first word
    code: str


def find_fences(text: str) -> list[Fence]:
    """Every closed fence outside literal elements, in order."""
    spans = literal_spans(text) if "<" in text else []
    fences: list[Fence] = []
    opener: re.Match[str] | None = None
    span_index = 0
    for line in _FENCE_LINE.finditer(text):
        while span_index < len(spans) and spans[span_index][1] <= line.start():
            span_index += 1
        if span_index < len(spans) and spans[span_index][0] <= line.start():
            continue
        if opener is None:
            opener = line
        elif _closes(opener, line):
            code = text[opener.end() + 1 : line.start()].removesuffix("\n")
            language = opener.group(2).split()[0] if opener.group(2).strip() else ""
            fences.append(Fence(opener.start(), line.end(), language, code))
            opener = None
    return fences


def _closes(opener: re.Match[str], line: re.Match[str]) -> bool:
    mark, closing = opener.group(1), line.group(1)
    return closing[0] == mark[0] and len(closing) >= len(mark) and not line.group(2)
