"""Turning a saved page's bytes into text: BOM, declared charset, then detection.

Browsers treat ``iso-8859-1`` and ``us-ascii`` declarations as Windows-1252, and so do we: the
curly quotes and dashes of a 2005 page saved by Windows software live in 0x80-0x9F.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass

_META_CHARSET = re.compile(rb"""<meta[^<>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_BOM_STARTS = tuple(bom for bom, _ in _BOMS)
# What browsers decode instead of the declared name (WHATWG Encoding Standard).
_WESTERN_SINGLE_BYTE = {"utf-8", "ascii", "cp1250", "iso8859-2", "iso8859-15", "mac-roman", "cp1252"}
_BROWSER_ALIASES = {"iso8859-1": "cp1252", "ascii": "cp1252"}


@dataclass(slots=True)
class Decoded:
    text: str
    encoding: str
    how: str  # "bom", "declared", "detected", "fallback"


def declared_encoding(data: bytes) -> str | None:
    """The charset a page declares in its first 4 KB (meta charset, http-equiv, XML declaration)."""
    head = data[:4096]
    match = _XML_DECL.match(head) or _META_CHARSET.search(head)
    if not match:
        return None
    return _codec_name(match.group(1).decode("ascii", "replace"))


def decode_page(data: bytes) -> Decoded:
    """Decode a page: BOM first, then the declared charset, then UTF-8, then detection."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return Decoded(data[len(bom) :].decode(name, errors="replace"), name, "bom")
    declared = declared_encoding(data)
    if declared in _WESTERN_SINGLE_BYTE and not data.isascii():
        text = _utf8_text(data)  # decoded once: the test and the text in one
        if text is not None:
            return Decoded(text, "utf-8", "detected")  # UTF-8 bytes under a Latin-1 label
    if declared:
        try:
            return Decoded(data.decode(declared), declared, "declared")
        except UnicodeDecodeError:
            pass  # a lying declaration: detect instead
    try:
        return Decoded(data.decode("utf-8"), "utf-8", "detected" if declared else "fallback")
    except UnicodeDecodeError:
        pass
    from bs4.dammit import UnicodeDammit  # imported here: half the reader's import time, for few pages

    dammit = UnicodeDammit(data, known_definite_encodings=[], smart_quotes_to=None, is_html=True)
    guess = _codec_name(dammit.original_encoding or "cp1252") or "cp1252"
    if guess in _WESTERN_SINGLE_BYTE:
        guess = "cp1252"  # short Latin texts fool detectors between these; browsers default to 1252
    return Decoded(data.decode(guess, errors="replace"), guess, "detected")


def is_utf8_page(data: bytes, valid_utf8: Callable[[bytes], bool]) -> bool:
    """Whether ``decode_page(data)`` decodes ``data`` as UTF-8, whole and strictly (no BOM): it
    gives ``data.decode("utf-8")``, encoding "utf-8". ``valid_utf8``: whether that decoding
    succeeds, told without making the text (the compiled check; it answers an ASCII page too, which
    is UTF-8: no ``isascii`` pass over the page before it). False also for a page whose own
    declared charset might read it (decode_page tries that first), where only decoding can tell."""
    if data.startswith(_BOM_STARTS):
        return False
    declared = declared_encoding(data)
    if declared is None or declared == "utf-8" or (declared in _WESTERN_SINGLE_BYTE and not data.isascii()):
        return valid_utf8(data)
    return False


def _utf8_text(data: bytes) -> str | None:
    """``data`` decoded as UTF-8, or None when it is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _codec_name(name: str) -> str | None:
    try:
        canonical = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    return _BROWSER_ALIASES.get(canonical, canonical)
