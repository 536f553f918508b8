"""The byte stream the WXR parser reads: real exports made safe and parseable before lxml sees them.

:class:`CleanXmlStream` wraps a binary file and, while lxml pulls chunks from it:

* skips junk in front of the XML (PHP warnings, a blank line a plugin printed before
  ``<?xml``), remembering what it skipped so the reader can report it;
* refuses a DOCTYPE that declares entities (billion laughs, quadratic blowup, XXE): WordPress
  never writes one, so such a file is an attack or not an export (:class:`UnsafeInputError`);
* strips the characters XML 1.0 forbids (C0 controls such as U+0001 pasted into posts), recording
  the line and code of each so the reader can name the items they were in;
* repairs the known defects of real exports that WordPress's importer reads anyway (undeclared
  well-known namespace prefixes, a literal ``]]>`` inside CDATA; see
  :mod:`importer.readers.wxr.repairs`), recording each in :attr:`CleanXmlStream.repairs`;
* counts bytes for a progress callback.

Stripping works on bytes and is only done for ASCII-compatible encodings (UTF-8, Latin-1,
Windows-125x ...): in those a control byte is always a control character.
"""

from __future__ import annotations

import gzip
import os
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import BinaryIO

from ...errors import UnsafeInputError
from ...sources import utf16_codec
from .repairs import CdataRepair, Repair, declare_missing_namespaces

HEAD_SIZE = 65536
PROGRESS_STEP = 1 << 20
_RECOUNT_BLOCK = 1 << 20  # bytes a read when lines are counted again

# C0 controls other than tab, newline and carriage return: forbidden in XML 1.0 documents.
_FORBIDDEN = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_FORBIDDEN_RE = re.compile(b"[" + re.escape(_FORBIDDEN) + b"]")
# the codes as ints: ``code in chunk`` is a memchr; a one-byte bytes needle first fails as an int
# (an exception made and cleared a test), then goes through the buffer protocol
_FORBIDDEN_CODES = list(_FORBIDDEN)


def _has_forbidden_python(chunk: bytes) -> bool:
    """Whether ``chunk`` holds one of the characters XML 1.0 forbids (a ``memchr`` a code)."""
    return any(map(chunk.__contains__, _FORBIDDEN_CODES))


try:  # the compiled test (setup.py builds it): one vectorized pass, a tenth of the 29 memchr
    from ._cfields import has_forbidden as _has_forbidden
except ImportError:  # pragma: no cover - a build without a C compiler
    _has_forbidden = _has_forbidden_python
_UTF8_BOM = b"\xef\xbb\xbf"
_ENCODING_DECL = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_NOT_ASCII_COMPATIBLE = re.compile(r"utf-?16|utf-?32|ucs-?[24]|iso-?2022|ebcdic|cp037|utf-?7", re.I)
_ROOT_START = re.compile(rb"<[A-Za-z_]")


@dataclass(slots=True)
class StrippedChar:
    line: int  # line in the parser's numbering (after any skipped junk)
    code: int  # the character's code point (a C0 control)


ProgressCallback = Callable[[str, int, int], None]


class CleanXmlStream:
    """A read()-able binary stream for ``lxml.etree.iterparse`` (see the module docstring)."""

    def __init__(
        self,
        source: BinaryIO,
        path: str,
        *,
        strip_invalid: bool = True,
        repair: bool = True,
        progress: ProgressCallback | None = None,
        reopen: Callable[[], BinaryIO] | None = None,
    ) -> None:
        """``reopen``: the same bytes again from their start (a new stream, closed after use). With it,
        lines are counted only once one is needed (a stripped character, a repair), by reading the
        bytes before it again; without it, every chunk's newlines are counted as it goes."""
        self.source = source
        # read1 makes one raw read, so what a gzip stream decoded before a cut is not lost
        self._read_once = getattr(source, "read1", source.read)
        self.path = path
        self.progress = progress
        self.total = _size(path)
        self.skipped_junk = b""  # bytes skipped before the XML starts
        self.skipped_lines = 0  # newlines in those bytes: parser line + this = file line
        self.stripped: list[StrippedChar] = []  # not yet claimed by the reader
        self.stripped_total = 0
        self.read_error: Exception | None = None  # a truncated or corrupt gzip stream, seen as EOF
        self.repairs: list[Repair] = []  # defects repaired in the head (see repairs.py)
        # line of the next byte the stream reads (None: not counted, see _line_of_chunk); the repairs
        # and the strip add or remove no newline, so it is that of the bytes lxml is given too
        self._strip_line: int | None = 1
        self._reopen = reopen
        self._chunk_offset = -1  # where the chunk being read starts in the source (-1: the head)
        self._caught_up = (-1, 1)  # (chunk offset, line) of the last count by reading again
        self._next_progress = PROGRESS_STEP
        head = self._read_head()
        self._offset = len(head)  # source bytes read
        # lines not counted from the head's end on: the line there, and where it is in the source
        self._base_offset = self._offset
        self._base_line = 1
        ascii_compatible = _ascii_compatible(head)
        self.strip_invalid = strip_invalid and ascii_compatible
        self.repair = repair and ascii_compatible
        self.cdata = CdataRepair() if self.repair else None
        self._pending: bytes | None = self._prepare_head(head)

    # -- lxml's side -------------------------------------------------------------------

    def read(self, size: int = -1) -> bytes:
        while True:
            if self._pending is not None:
                chunk, self._pending = self._pending, None
                self._chunk_offset = -1
            else:
                self._chunk_offset = self._offset
                chunk = self._read_source(size if size and size > 0 else HEAD_SIZE)
                self._offset += len(chunk)
            self._report_progress()
            chunk_line = self._strip_line  # the line the chunk starts on (None: not counted)
            if self.strip_invalid:
                if chunk:
                    chunk = self._strip(chunk)
            elif chunk_line is not None:
                self._strip_line = chunk_line + chunk.count(b"\n")
            if self._chunk_offset < 0 and self._reopen is not None and self._strip_line is not None:
                # the head is counted (it is read once, in one piece); the rest only when a line is needed
                self._base_line, self._strip_line = self._strip_line, None
            cdata = self.cdata
            if cdata is not None:
                eof = not chunk
                carry = cdata.carry
                line: int | Callable[[], int]
                if chunk_line is None:  # lines counted only if a ]]> is repaired (partial: no closure a chunk)
                    line = partial(self._repair_line, carry, chunk)
                else:
                    line = chunk_line - carry.count(b"\n") if carry else chunk_line
                chunk = cdata.feed(chunk, final=eof, line=line)
                if not chunk and not eof:
                    continue  # everything read waits for more: an empty read would mean the end
            return chunk

    # -- the reader's side ------------------------------------------------------------

    def claim_stripped(self, last_line: int) -> list[StrippedChar]:
        """Hand over the stripped characters recorded up to and including ``last_line``."""
        if not self.stripped or self.stripped[0].line > last_line:
            return []
        claimed = [c for c in self.stripped if c.line <= last_line]
        self.stripped = [c for c in self.stripped if c.line > last_line]
        return claimed

    def position(self) -> int:
        """Bytes of the file consumed so far (compressed bytes for a gzipped file)."""
        raw = self.source.fileobj if isinstance(self.source, gzip.GzipFile) else self.source
        try:
            return int(raw.tell())
        except (OSError, ValueError, AttributeError):
            return 0

    # -- internals ----------------------------------------------------------------------

    def _read_head(self) -> bytes:
        parts: list[bytes] = []
        size = 0
        while size < HEAD_SIZE:
            part = self._read_source(HEAD_SIZE - size)
            if not part:
                break
            parts.append(part)
            size += len(part)
        return b"".join(parts)

    def _read_source(self, size: int) -> bytes:
        """Read; a decompression error ends the stream (and is kept for the reader to report)."""
        if self.read_error is not None:
            return b""
        try:
            return self._read_once(size)
        except (EOFError, OSError, zlib.error) as exc:
            self.read_error = exc
            return b""

    def _prepare_head(self, head: bytes) -> bytes:
        codec = utf16_codec(head)
        if codec:  # not ASCII-compatible: pass through untouched (lxml decodes it), but check it all the same
            _refuse_entity_declarations(head.decode(codec, errors="ignore").encode("utf-8"), self.path)
            return head
        bom = _UTF8_BOM if head.startswith(_UTF8_BOM) else b""
        body = head[len(bom) :]
        start = _xml_start(body)
        if start:
            self.skipped_junk = body[:start]
            self.skipped_lines = self.skipped_junk.count(b"\n")
            body = body[start:]
        _refuse_entity_declarations(body, self.path)
        if self.repair:
            body, repair = declare_missing_namespaces(body)
            if repair:
                self.repairs.append(repair)
        return bom + body

    def _strip(self, chunk: bytes) -> bytes:
        # the usual chunk holds none: one pass tells it, far fewer instructions than the translate
        if not _has_forbidden(chunk):
            if self._strip_line is not None:
                self._strip_line += chunk.count(b"\n")
            return chunk
        cleaned = chunk.translate(None, _FORBIDDEN)
        if len(cleaned) != len(chunk):
            line = self._strip_line
            if line is None:
                line = self._line_of_chunk()
            for match in _FORBIDDEN_RE.finditer(chunk):
                self.stripped.append(StrippedChar(line + chunk.count(b"\n", 0, match.start()), match.group()[0]))
            self.stripped_total += len(chunk) - len(cleaned)
            self._strip_line = line + cleaned.count(b"\n")
        elif self._strip_line is not None:
            self._strip_line += cleaned.count(b"\n")
        return cleaned

    def _line_of_chunk(self) -> int:
        """The line the chunk being read starts on, when lines are not counted: the newlines of the
        bytes before it (from the head's end) counted by reading them again. Done once a chunk; the
        caller counts lines from there on."""
        offset = self._chunk_offset
        if self._caught_up[0] == offset:
            return self._caught_up[1]
        assert self._reopen is not None and offset >= self._base_offset
        count = done = 0
        with self._reopen() as again:
            read_once = getattr(again, "read1", again.read)
            while done < offset:
                data = read_once(min(_RECOUNT_BLOCK, offset - done))
                if not data:
                    break
                if done + len(data) > self._base_offset:
                    count += data.count(b"\n", max(0, self._base_offset - done))
                done += len(data)
        line = self._base_line + count
        self._caught_up = (offset, line)
        return line

    def _repair_line(self, carry: bytes, chunk: bytes) -> int:
        """For the CDATA repair, when lines are not counted: the line its text (``carry`` + ``chunk``,
        the chunk after the strip) starts on. Lines are counted from here on."""
        line = self._line_of_chunk()
        self._strip_line = line + chunk.count(b"\n")
        return line - carry.count(b"\n")

    def _report_progress(self) -> None:
        if self.progress is None:
            return
        done = self.position()
        if done >= self._next_progress or done >= self.total:
            self._next_progress = done + PROGRESS_STEP
            self.progress(self.path, done, self.total)


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _ascii_compatible(head: bytes) -> bool:
    if utf16_codec(head):
        return False
    declared = _ENCODING_DECL.search(head[:1024])
    return not (declared and _NOT_ASCII_COMPATIBLE.search(declared.group(1).decode("ascii")))


def _xml_start(body: bytes) -> int:
    """Offset where the XML starts in ``body`` (0 when it starts at once or cannot be found)."""
    decl = body.find(b"<?xml")
    rss = body.find(b"<rss")
    if decl > 0 and (rss < 0 or decl < rss):
        return decl
    if decl < 0 and rss > 0 and not body[:rss].lstrip().startswith(b"<"):
        return rss
    return 0


def _refuse_entity_declarations(body: bytes, path: str) -> None:
    """Refuse a DOCTYPE that declares entities, or one too large to check."""
    doctype = body.find(b"<!DOCTYPE")
    if doctype < 0 or 0 <= body.find(b"<rss") < doctype:
        return  # no DOCTYPE, or the text "<!DOCTYPE" inside the document (in a post)
    root = _ROOT_START.search(body, doctype + len(b"<!DOCTYPE"))
    subset = body[doctype : root.start() if root else len(body)]
    if b"<!ENTITY" in subset:
        raise UnsafeInputError(
            "refused: the file declares XML entities in a DOCTYPE (entity-expansion or external-entity "
            "attack); WordPress exports never declare entities",
            file=path,
        )
    if root is None and len(body) >= HEAD_SIZE:
        raise UnsafeInputError(
            f"refused: the DOCTYPE is larger than {HEAD_SIZE // 1024} KB; WordPress exports have none", file=path
        )
