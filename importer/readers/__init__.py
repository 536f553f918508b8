"""Readers turn source bytes into model records. One module per format.

A reader is a generator ``read(path, options, tally) -> Iterator[Record]``: the Site first, then
authors and terms, then posts with their comments nested. It knows nothing about output.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..errors import InputError
from ..model import Record
from ..sources import head, looks_like_html, utf16_codec
from ..tally import Tally
from ..wordpress import EXPORT_NAMESPACE_SNIFF, PAGE_MARKERS


@dataclass(slots=True)
class ReadOptions:
    recover: bool = False  # salvage what a recovering parser can read, and report what was lost
    keep_internal: bool = False  # keep nav_menu_item and other internal post types
    strip_invalid_chars: bool = True  # drop characters XML 1.0 forbids (counted), instead of failing
    jobs: int = 0  # processes for a big WXR file's parts or a mirror's pages; 0 = one per core
    # Called as progress(path, done, total) with bytes (or files) done; None = no reporting.
    progress: Callable[[str, int, int], None] | None = None


Reader = Callable[[str, ReadOptions, Tally], Iterator[Record]]


def processes(jobs: int) -> int:
    """The processes ``jobs`` asks for: itself, or for 0 one per core this process may run on."""
    if jobs > 0:
        return jobs
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _wxr() -> Reader:
    from .wxr.reader import read_wxr

    return read_wxr


def _html() -> Reader:
    from .html import read_html

    return read_html


def _text() -> Reader:
    from .text.reader import read_text

    return read_text


def _mirror() -> Reader:
    from .mirror.reader import read_mirror

    return read_mirror


def _json() -> Reader:
    from .json_archive.reader import read_json

    return read_json


# format name -> its reader, loaded on first use (a run imports only the readers it needs)
READERS: dict[str, Callable[[], Reader]] = {
    "wxr": _wxr,
    "html": _html,
    "text": _text,
    "mirror": _mirror,
    "json": _json,
}

# our own --to jsonl: each line a record, {"kind": ...}
_OWN_JSONL = re.compile(rb'\A\s*\{\s*"kind"\s*:\s*"(site|author|term|post)"')
_OWN_JSON = re.compile(rb'"schema"\s*:\s*"blogimport/')
SNIFF_SIZE = 262144  # bytes read to decide: a page's markers can follow a long inline stylesheet


@dataclass(frozen=True, slots=True)
class Sniff:
    """What a file's content shows: the reader for it (None: no reader reads it) and the evidence."""

    format: str | None
    found: str  # names what was found, for messages ("an HTML page with no sign of WordPress")
    plain_text: bool = False  # text (blog layout or not): what --from text could read


def sniff(path: str) -> Sniff:
    """Look at ``path``'s content (never its name) for the evidence of a format blogimport reads."""
    if os.path.isdir(path):
        return Sniff("mirror", "a directory")
    data = head(path, SNIFF_SIZE)
    codec = utf16_codec(data)
    if codec:  # UTF-16: look at it as text, so the byte patterns below apply
        data = data.decode(codec, errors="ignore").encode("utf-8")
    if not data.strip():
        return Sniff(None, "an empty file")
    export = EXPORT_NAMESPACE_SNIFF.search(data)
    # A few NUL bytes pasted into a post do not make an export binary: the WXR reader strips them.
    if b"\x00" in data[:4096] and not export:
        return Sniff(None, "a binary file")
    if export or (b"<rss" in data and b"<channel" in data):
        return Sniff("wxr", "a WordPress export" if export else "an RSS feed")
    if looks_like_html(data):
        return _sniff_html(data)
    start = data.lstrip()[:1]
    if start == b"<":
        return Sniff("wxr", "XML")  # XML of some kind: the WXR reader names its root element
    if start == b"{" and _OWN_JSONL.match(data.removeprefix(b"\xef\xbb\xbf")):
        return Sniff("json", "blogimport JSON Lines")
    if start == b"{" and _OWN_JSON.search(data[:4096]):
        return Sniff("json", "a blogimport JSON archive")
    if start in (b"{", b"[") and _is_json(data):
        return Sniff(None, "JSON data")
    return _sniff_text(data)


def _is_json(data: bytes) -> bool:
    """JSON, or the start of a JSON document cut by the sniff size (not "[1] Skip to content")."""
    text = data.decode("utf-8", errors="replace").strip()
    try:
        _value, end = json.JSONDecoder().raw_decode(text)
    except json.JSONDecodeError as exc:
        return len(data) >= SNIFF_SIZE and exc.pos >= len(text) - 64  # cut short, not malformed
    except RecursionError:  # nested past the parser's depth: JSON all the same
        return True
    return end == len(text)


def _sniff_html(data: bytes) -> Sniff:
    markers = [name for name, pattern in PAGE_MARKERS.items() if pattern.search(data)]
    if markers:
        return Sniff("html", f"a WordPress page ({', '.join(markers[:3])})")
    return Sniff(
        None, "an HTML page with no sign of WordPress (no wp-content, generator, post-N/hentry class or comment list)"
    )


def _sniff_text(data: bytes) -> Sniff:
    from .text.reader import layout_evidence  # the text layouts' signatures

    evidence = layout_evidence(data.decode("utf-8", errors="replace"))
    if evidence:
        return Sniff("text", f"a blog page saved as text: {evidence}", plain_text=True)
    found = "text with no sign of a blog page (no date line, 'Posted in', comment list or reply form)"
    return Sniff(None, found, plain_text=True)


def detect_format(path: str) -> str:
    """Name the format of ``path`` from its content; refuse a file that is not a blog (InputError)."""
    found = sniff(path)
    if found.format is None:
        raise InputError(f"not a blog export or page: {found.found}{_force_hint(found)}", file=path)
    return found.format


def _force_hint(found: Sniff) -> str:
    if found.found.startswith("an HTML page"):
        return "; {source_format:html} reads it with the generic fallback"
    if found.plain_text:
        return "; {source_format:text} reads it with the generic layout"
    return ""


def get_reader(fmt: str) -> Reader:
    try:
        load = READERS[fmt]
    except KeyError:
        raise InputError(f"unknown input format {fmt!r} (known: {', '.join(sorted(READERS))})") from None
    return load()
