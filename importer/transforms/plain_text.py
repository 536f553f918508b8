"""Comments and excerpts that are plain text, to Markdown without parsing any HTML.

Most comments are a sentence or a few paragraphs of words and everyday punctuation. Shown the
way WordPress shows them (wpautop) and converted by :func:`~importer.transforms.html_to_markdown.to_markdown`,
such text comes out as its paragraphs separated by a blank line and its line breaks as a
backslash and a newline, nothing escaped. :func:`plain_markdown` writes that directly when the
text can hold nothing Markdown or HTML would read (a conservative test: letters first on every
line, a short list of punctuation, single spaces), and answers None otherwise so the caller takes
the full path. ``tests/test_plain_text.py`` checks it against the full path.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..model import HTML_CONTENT
from .html_to_markdown import to_markdown
from .render import render_text

# One line: a letter or an opening quote first, then words separated by single spaces, made of
# letters, digits and punctuation that is inert in Markdown and HTML wherever it stands. One
# character class (``\w`` takes "_" too: a text holding one is declined apart), not an
# alternation tried at every character (``tests/test_plain_text.py`` compares the two).
_WORD = r"[\w.,;:!?'\"()/%@$\u00a3\u20ac\u2013\u2014\u2018\u2019\u201c\u201d\u2026-]"
_LINE = rf"(?:[^\W\d]|[\"'(\u2018\u201c]){_WORD}*(?: {_WORD}+)*"
# Lines separated by one newline (a line break) or by a blank line (a new paragraph).
_PLAIN = re.compile(rf"{_LINE}(?:\n\n?{_LINE})*")
_PARAGRAPH_BREAK = "\n\n"
_LINE_BREAK = "\\\n"


# ASCII text: the punctuation of _WORD, the space and the newline made letters, so that one
# isalnum() pass refuses any other character ("_" too) and the empty text.
_ASCII_LINE_CHARACTERS = bytes.maketrans(b".,;:!?'\"()/%@$- \n", b"a" * 17)
_OPENING = "\"'("  # an ASCII line's first character, when not a letter


def is_plain(text: str) -> bool:
    """``_PLAIN.fullmatch(text) and "_" not in text``; ASCII text (most comments) without the
    regex, which steps through each word's repeat (``tests/test_plain_text.py`` compares them)."""
    if not text.isascii():
        return _PLAIN.fullmatch(text) is not None and "_" not in text
    if not text.encode().translate(_ASCII_LINE_CHARACTERS).isalnum():
        return False
    first = text[0]
    if not (first.isalpha() or first in _OPENING) or "  " in text or text[-1] == " ":
        return False
    if "\n" in text:  # lines: one newline or a blank line between them, a letter or opening first
        if text[-1] == "\n" or " \n" in text or "\n " in text or "\n\n\n" in text:
            return False
        for line in text.split("\n"):
            if line and not (line[0].isalpha() or line[0] in _OPENING):
                return False
    return True


def plain_markdown(text: str) -> str | None:
    """The Markdown of WordPress-stored plain ``text`` (see the module doc), or None when it is not plain."""
    if not is_plain(text):
        return None
    if "\n" not in text:  # one line, as most comments are
        return text + "\n"
    paragraphs = text.split(_PARAGRAPH_BREAK)
    return _PARAGRAPH_BREAK.join(p.replace("\n", _LINE_BREAK) for p in paragraphs) + "\n"


def text_to_markdown(
    text: str,
    content_format: str,
    clean: Callable[[str], str] | None = None,
    report_flattened: Callable[[int], None] | None = None,
    report_kept_html: Callable[[int], None] | None = None,
) -> str:
    """A comment or an excerpt of a post in ``content_format`` as Markdown; ``clean``, when given,
    is applied to its HTML first (plain text, with no HTML, never needs it); ``report_flattened``
    and ``report_kept_html`` as for :func:`~importer.transforms.html_to_markdown.to_markdown`."""
    if content_format != HTML_CONTENT:
        fast = plain_markdown(text)
        if fast is not None:
            return fast
    html = render_text(text, content_format)
    html = clean(html) if clean is not None else html
    return to_markdown(html, report_flattened=report_flattened, report_kept_html=report_kept_html)
