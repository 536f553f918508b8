"""Opening input: files, gzip, stdin. Readers get a binary stream; no network, ever."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import BinaryIO

from .errors import InputError, UnsafeInputError

GZIP_MAGIC = b"\x1f\x8b"
_HTML_START = re.compile(rb"<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.I)
_HTML_SNIFF_SIZE = 16384  # an HTML page opens its <html>, <head> or <body> within this
# A saved page or text file is parsed whole (a WXR export streams), so its size is capped: a
# gzip bomb of a few kilobytes would otherwise decompress to gigabytes in memory. The largest
# real saved page is a few megabytes; an archive page of every post, tens.
MAX_WHOLE_FILE = 64 * 1024 * 1024
_UTF16_STARTS = {b"\xff\xfe": "utf-16", b"\xfe\xff": "utf-16", b"<\x00": "utf-16-le", b"\x00<": "utf-16-be"}


def utf16_codec(head: bytes) -> str | None:
    """The codec of UTF-16 text (by its BOM, or by a first ``<`` without one), else None."""
    return _UTF16_STARTS.get(head[:2])


def looks_like_html(head: bytes) -> bool:
    """True when the first bytes of a file open an HTML document (a doctype, ``<html>``, ``<head>``, ``<body>``)."""
    return _HTML_START.search(head[:_HTML_SNIFF_SIZE]) is not None


def resolve(path: str) -> str:
    """Return a readable file path for ``path``; ``-`` (stdin) is spooled to a temporary file.

    Raises InputError with a sentence for a missing path, a directory where a file was
    expected is left to the caller (the mirror reader takes directories).
    """
    if path == "-":
        with tempfile.NamedTemporaryFile(prefix="blogimport-stdin-", delete=False) as spool:
            shutil.copyfileobj(sys.stdin.buffer, spool)
        return spool.name
    if not os.path.exists(path):
        raise InputError("no such file or directory", file=path)
    if not os.path.isdir(path) and not os.access(path, os.R_OK):
        raise InputError("file is not readable (permission denied)", file=path)
    return path


def open_binary(path: str | Path) -> BinaryIO:
    """Open a file for reading, transparently un-gzipping it (by magic bytes, not name)."""
    try:
        raw = open(path, "rb")  # noqa: SIM115 - returned to the caller
    except IsADirectoryError:
        raise InputError("is a directory, not a file", file=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot open: {exc.strerror}", file=str(path)) from None
    if raw.peek(2)[:2] == GZIP_MAGIC:
        return gzip.open(raw)  # type: ignore[return-value]
    return raw


def read_whole(path: str | Path, limit: int = MAX_WHOLE_FILE) -> bytes:
    """The (decompressed) bytes of a file that is parsed whole, read up to ``limit`` and no
    further: past it the file is refused (:class:`UnsafeInputError`) before it fills memory."""
    with open_binary(path) as stream:
        data = stream.read(limit + 1)
        compressed = isinstance(stream, gzip.GzipFile)
    if len(data) > limit:
        size = f"{limit // (1024 * 1024)} MB"
        what = f"it decompresses to more than {size} (a gzip bomb?)" if compressed else f"it is over {size}"
        raise UnsafeInputError(f"refused: {what}; a page is read whole, up to {size}", file=str(path))
    return data


def head(path: str | Path, size: int = 65536) -> bytes:
    """The first ``size`` bytes of the (decompressed) file, for format detection."""
    parts: list[bytes] = []
    try:
        with open_binary(path) as stream:
            # read1: a truncated gzip raises on the read that hits the cut, keeping earlier reads
            read_once = getattr(stream, "read1", stream.read)
            while sum(map(len, parts)) < size and (part := read_once(size)):
                parts.append(part)
    except EOFError:
        pass  # a truncated gzip: detect from what could be read; the reader reports the truncation
    except OSError as exc:
        raise InputError(f"cannot read: {exc}", file=str(path)) from None
    return b"".join(parts)[:size]
