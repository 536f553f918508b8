"""Checks on one piece of post text: mojibake, replacement characters, unbalanced shortcodes,
and the links it holds. Pure functions on strings."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..transforms.linear_scan import sub_paired


def _cp1252_char(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: latin-1 passes them through
        return chr(byte)


# How a UTF-8 continuation byte (0x80-0xBF) looks once mis-decoded as Windows-1252 / Latin-1.
_CONTINUATION = {_cp1252_char(b): b for b in range(0x80, 0xC0)}
_CONT_CLASS = "[" + "".join(re.escape(c) for c in _CONTINUATION) + "]"
# A UTF-8 lead byte (0xC2-0xF4) mis-decoded, followed by the continuation bytes it announces.
_MOJIBAKE = re.compile(
    f"[\u00c2-\u00df]{_CONT_CLASS}|[\u00e0-\u00ef]{_CONT_CLASS}{{2}}|[\u00f0-\u00f4]{_CONT_CLASS}{{3}}"
)


def _as_bytes(text: str) -> bytes:
    return bytes(_CONTINUATION.get(c, ord(c)) for c in text)


def find_mojibake(text: str) -> list[str]:
    """Sequences that are UTF-8 bytes read as Windows-1252, e.g. ``Ã©`` (é) or ``â€™`` (a right single quote)."""
    found = []
    for match in _MOJIBAKE.finditer(text):
        try:
            _as_bytes(match.group()).decode("utf-8")
        except UnicodeDecodeError:
            continue
        found.append(match.group())
    return found


def repair_hint(sequence: str) -> str:
    return _as_bytes(sequence).decode("utf-8", errors="replace")


# [name attrs], [/name], [name /]; escaped [[name]] is literal text.
_SHORTCODE = re.compile(r"(\[?)\[(/?)([A-Za-z][\w-]*)((?:\s[^\[\]]*?)?)(/?)\](\]?)")
_CODE_SHORTCODES = {"code", "sourcecode"}  # their content is literal
ENCLOSING_SHORTCODES = {"caption", "wp_caption", "code", "sourcecode", "embed"}
_LITERAL_OPEN = re.compile(r"<(pre|code)\b", re.I)
_LITERAL_CLOSE = {name: re.compile(rf"</{name}\s*>", re.I) for name in ("pre", "code")}


def unbalanced_shortcodes(text: str) -> list[str]:
    """Shortcodes closed without being opened, and enclosing ones (``[caption]``) never closed."""
    # <pre>/<code> elements, each up to its nearest closing tag, in linear time (a lazy regex rescanned)
    text = sub_paired(text, _LITERAL_OPEN, lambda opening: _LITERAL_CLOSE[opening.group(1).lower()], lambda _: "")
    open_stack: list[str] = []
    problems = []
    literal_until: str | None = None
    for match in _SHORTCODE.finditer(text):
        left, slash, name, _attrs, self_close, right = match.groups()
        if left and right:
            continue  # [[escaped]]
        name_key = name.lower()
        if literal_until is not None:
            if slash and name_key == literal_until:
                literal_until = None
                open_stack.pop()
            continue
        if self_close:
            continue
        if not slash:
            open_stack.append(name_key)
            if name_key in _CODE_SHORTCODES:
                literal_until = name_key
            continue
        if name_key in open_stack:
            while open_stack.pop() != name_key:
                pass  # self-closing shortcodes written without a slash
        else:
            problems.append(f"[/{name}] closes a shortcode that was never opened")
    for name in open_stack:
        if name in ENCLOSING_SHORTCODES:
            problems.append(f"[{name}] is never closed")
    return problems


_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_SRC = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)


def links(text: str) -> Iterator[str]:
    """The ``href`` of every link in ``text``."""
    return _attribute_values(_HREF, text)


def sources(text: str) -> Iterator[str]:
    """The ``src`` of every image, video, audio, iframe or script in ``text``."""
    return _attribute_values(_SRC, text)


def _attribute_values(pattern: re.Pattern[str], text: str) -> Iterator[str]:
    for match in pattern.finditer(text):
        yield (match.group(1) if match.group(1) is not None else match.group(2)).strip()
