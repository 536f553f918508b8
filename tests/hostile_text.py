"""Text built to make a transform slow: each a short unit repeated (plus an ending), for the
hostile tests (``test_hostile_bounds.py``) and the growth benchmark (``bench/bench_hostile_growth.py``).

Each unit is the start of something a transform looks for (a shortcode, a comment, a ``<pre>``,
a tag, a line break) that never ends, or ends once far away: a regex that rescans from every
start, or a loop that redoes its work per item, costs O(n²) on it.
"""

from __future__ import annotations

# name -> (unit, ending)
HOSTILE_UNITS: dict[str, tuple[str, str]] = {
    "open shortcodes": ("[a ", ""),
    "open shortcodes then ]": ("[a ", "]"),
    "shortcode paragraphs": ("<p>[a]", ""),
    "paired shortcodes": ("[a]x", "[/a]"),
    "open comments in paragraphs": ("\n\n<!-- a\n\n", ""),
    "open comments": ("<!--", ""),
    "open pre tags": ("<pre x", ""),
    "pre openers then closer": ("<pre>", "</pre>"),
    "list items in paragraphs": ("<p><li", ""),
    "block tags before >": ("<div ", ">"),
    "line breaks": ("<br>\n", ""),
    "breaks at a block start": ("<p>" + "<br>" * 8, ""),
    "empty links": ("<a></a>x", ""),
    "comments in text": ("<!---->x", ""),
    "spaces": (" ", "x"),
    "spaces and newlines": (" \n", ""),
    "options": (" <option", ""),
    "media without end": ("<audio <source", ""),
    "scripts without end": ("<script", ""),
    "nested emphasis": ("<strong><em>", ""),
    "open brackets": ("[", ""),
    "open tags": ("<", ""),
    "underscores": ("_a ", ""),
    "fences": ("```\n", ""),
}


def hostile_text(name: str, size: int) -> str:
    """About ``size`` characters of the named hostile text."""
    unit, ending = HOSTILE_UNITS[name]
    return unit * (size // len(unit)) + ending
