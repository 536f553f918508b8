"""Readers turn source bytes into model records. One module per format.

A reader is a generator ``read(path, options, tally) -> Iterator[Record]``: the Site first, then
authors and terms, then posts with their comments nested. It knows nothing about output.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..errors import InputError
from ..model import Record
from ..sources import head, utf16_codec
from ..tally import Tally
from ..wordpress import EXPORT_NAMESPACE_SNIFF


@dataclass(slots=True)
class ReadOptions:
    recover: bool = False  # salvage what a recovering parser can read, and report what was lost
    keep_internal: bool = False  # keep nav_menu_item and other internal post types
    strip_invalid_chars: bool = True  # drop characters XML 1.0 forbids (counted), instead of failing
    jobs: int = 1  # parallel page parsing (directory sources)
    # Called as progress(path, done, total) with bytes (or files) done; None = no reporting.
    progress: Callable[[str, int, int], None] | None = None


Reader = Callable[[str, ReadOptions, Tally], Iterator[Record]]

# format name -> "module:function", imported on first use
READERS: dict[str, str] = {
    "wxr": "importer.readers.wxr.reader:read_wxr",
    "html": "importer.readers.html:read_html",
    "text": "importer.readers.text.reader:read_text",
    "mirror": "importer.readers.mirror.reader:read_mirror",
}

_HTML = re.compile(rb"<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.I)


def detect_format(path: str) -> str:
    """Name the format of ``path`` from its content (not its name)."""
    if os.path.isdir(path):
        return "mirror"
    data = head(path)
    codec = utf16_codec(data)
    if codec:  # UTF-16: look at it as text, so the byte patterns below apply
        data = data.decode(codec, errors="ignore").encode("utf-8")
    if not data.strip():
        raise InputError("file is empty", file=path)
    # A few NUL bytes pasted into a post do not make an export binary: the WXR reader strips them.
    if b"\x00" in data[:4096] and not EXPORT_NAMESPACE_SNIFF.search(data):
        raise InputError("binary file, not a WXR export, HTML page or text", file=path)
    if EXPORT_NAMESPACE_SNIFF.search(data) or (b"<rss" in data and b"<channel" in data):
        return "wxr"
    if _HTML.search(data[:16384]):
        return "html"
    if data.lstrip().startswith(b"<?xml") or data.lstrip().startswith(b"<"):
        return "wxr"  # XML of some kind: the WXR reader explains why it is not an export
    return "text"


def get_reader(fmt: str) -> Reader:
    try:
        target = READERS[fmt]
    except KeyError:
        raise InputError(f"unknown input format {fmt!r} (known: {', '.join(sorted(READERS))})") from None
    module_name, func_name = target.split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            raise InputError(f"the {fmt} reader is not available in this version") from None
        raise
    reader: Reader = getattr(module, func_name)
    return reader
