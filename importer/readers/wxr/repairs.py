"""Known defects of real WordPress exports, repaired in the byte stream before lxml reads it.

WordPress's own importer reads these files (SimpleXML tolerates namespace errors; a file that is
not well-formed goes to its fallback parsers), so blogimport reads them too, and says so:

* **undeclared prefixes** of the namespaces exports use (WordPress.com writes ``<atom:link>``
  without declaring ``atom``; plugins add ``media:``, ``itunes:``, ``georss:`` ...):
  :func:`declare_missing_namespaces` declares them on the ``<rss>`` root element, with the URI
  the prefix always stands for in exports;
* **a literal ``]]>`` inside a CDATA section**, as exporters before WordPress 2.x wrote it
  (today's exporter splits it as ``]]]]><![CDATA[>``): :class:`CdataRepair` finds the ``]]>``
  that do not end their section and splits them the way WordPress does, so the text is kept.

A ``]]>`` ends its section when the closing tag of the element the section is the content of
follows it (whitespace allowed), or another CDATA section does (WordPress's split form); any
other ``]]>`` inside a section is text. Neither repair adds a line, so line numbers still match
the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import repeat
from operator import add

from ...wordpress import WELL_KNOWN_NAMESPACES, WXR_VERSIONS


@dataclass(slots=True)
class Repair:
    code: str  # problem code for the tally
    message: str
    line: int | None = None  # in the parser's numbering (after skipped junk)


# a tag never spans a "<" and a prefix never a ":": linear on a head of repeated starts
_ROOT_TAG = re.compile(rb"<rss\b[^<>]*?(/?)>")
_DECLARED = re.compile(rb"xmlns:([^\s=/>:]+)\s*=")
_USED = re.compile(rb"</?([A-Za-z_][\w.-]*):[A-Za-z_]")
_VERSION_TAG = re.compile(rb"<wp:wxr_version>\s*(?:<!\[CDATA\[)?\s*(\d+\.\d+)")
_WP_URI = re.compile(rb"wordpress\.(?:org|com)/export/(\d+\.\d+)/")


def declare_missing_namespaces(head: bytes) -> tuple[bytes, Repair | None]:
    """Declare, on the ``<rss>`` root of ``head``, the well-known prefixes it uses undeclared."""
    root = _ROOT_TAG.search(head)
    if root is None:
        return head, None
    declared = {p.decode("ascii", "replace") for p in _DECLARED.findall(head)}
    used = {p.decode("ascii", "replace") for p in _USED.findall(head)}
    missing = [p for p in WELL_KNOWN_NAMESPACES if p in used and p not in declared]
    if not missing:
        return head, None
    version = _wxr_version(head)
    declarations = "".join(f' xmlns:{p}="{WELL_KNOWN_NAMESPACES[p].format(version=version)}"' for p in missing)
    at = root.start(1)  # before "/>" or ">": no newline added, lines stay those of the file
    repaired = head[:at] + declarations.encode("ascii") + head[at:]
    line = head.count(b"\n", 0, root.start()) + 1
    message = f"declared the namespace prefix(es) {', '.join(missing)} the export uses without declaring them"
    return repaired, Repair("undeclared-namespace", message, line)


def _wxr_version(head: bytes) -> str:
    """The WXR version the file says it is (its version tag, else a WordPress namespace), else 1.2."""
    for pattern in (_VERSION_TAG, _WP_URI):
        found = pattern.search(head)
        if found and found.group(1).decode() in WXR_VERSIONS:
            return found.group(1).decode()
    return "1.2"


_CDATA_START = b"<![CDATA["
_CDATA_END = b"]]>"
_SPLIT_END = b"]]]]><![CDATA[>"  # how WordPress's exporter writes a ]]> inside a section
_START_TAG = re.compile(rb"<([A-Za-z_][^\s/>]*)[^<>]*(?<!/)>")
SHOWN_LINES = 5  # lines of repairs kept for the report (memory stays flat however many there are)
LOOKAHEAD = 512  # bytes after a ]]> needed to decide whether it ends its section


class CdataRepair:
    """Streaming splitter of literal ``]]>`` inside CDATA sections (see the module docstring).

    :meth:`feed` takes the next bytes and returns those that are decided; the rest (a section
    still open, up to :data:`LOOKAHEAD` bytes after a ``]]>``) waits for the next call or for
    ``final``. Sections with exactly one ``]]>`` are passed over in bulk; the state machine only
    runs for the section a chunk starts in, from the first section that is not that simple, and
    for the last one of the chunk.
    """

    def __init__(self) -> None:
        self.inside = False  # in a CDATA section
        self.name: bytes | None = None  # the element whose content the open section is
        self.split = False  # the last section ended with WordPress's split form: the next one goes on
        self.carry = b""  # bytes not yet decided
        self.tail = b""  # the last emitted bytes, to find the start tag before a section
        self.repaired = 0  # ]]> split so far
        self.first_lines: list[int] = []  # the lines of the first few of them

    def feed(self, chunk: bytes, final: bool = False, line: int | Callable[[], int] = 1) -> bytes:
        """The decided bytes of carry + ``chunk``; ``line``: the line the carry (or chunk) starts on, or
        a function giving it (called only when a line is kept)."""
        text = self.carry + chunk if self.carry else chunk
        if not self.inside and _CDATA_START not in text and not final:
            return self._emit(text, max(0, len(text) - len(_CDATA_START)))  # a cut "<![CDAT" waits
        limit = len(text) if final else len(text) - LOOKAHEAD
        parts: list[bytes] = []
        emitted = 0
        # a chunk that starts in a section: the state machine closes that one, then goes on as at a
        # chunk's start (past the simple sections), not section by section to the chunk's end
        resume = self.inside
        pos = 0 if self.inside else _simple_sections_end(text)
        self.split = self.split and pos == 0
        while True:
            if not self.inside:
                start = text.find(_CDATA_START, pos)
                if start < 0 or start > limit:
                    safe = start if start >= 0 else max(pos, len(text) - len(_CDATA_START))
                    break
                if not (self.split and start == pos):  # a split section's next part keeps its element
                    self.name = self._section_of(text, start)
                self.inside, self.split, pos = True, False, start + len(_CDATA_START)
                continue
            end = text.find(_CDATA_END, pos)
            if end < 0 or end > limit:
                safe = end if end >= 0 else max(pos, len(text) - len(_CDATA_END) + 1)
                break
            pos = end + len(_CDATA_END)
            if self._ends_section(text, pos):
                self.inside, self.split = False, text.startswith(_CDATA_START, pos)
                if resume:
                    resume = False
                    pos = self._past_simple_sections(text, pos)
            else:
                parts.append(text[emitted:end] + _SPLIT_END)
                self.repaired += 1
                if len(self.first_lines) < SHOWN_LINES:
                    if not isinstance(line, int):
                        line = line()
                    self.first_lines.append(line + text.count(b"\n", 0, end))
                emitted = pos
        if final:
            safe = len(text)
        if not parts:  # nothing repaired: the text as it came (no copies of it)
            return self._emit(text, safe)
        parts.append(text[emitted:safe])
        return self._emit(b"".join(parts) + text[safe:], sum(map(len, parts)))

    def _past_simple_sections(self, text: bytes, pos: int) -> int:
        """Where the state machine goes on after the section the chunk started in closed at
        ``pos``: past the simple sections that follow, as at a chunk's start. It stays where a
        section follows at once (WordPress's split form: its element is the one just closed) and
        where the section it would go on at is such a part (its element is a skipped one's), or
        when no whole ``<![CDATA[`` follows (a cut one at the end waits for the next chunk)."""
        if self.split:
            return pos
        rest = text[pos:]
        skipped = _simple_sections_end(rest)
        if skipped == len(rest) or rest.endswith(_CDATA_END, 0, skipped):
            return pos
        return pos + skipped

    def _emit(self, text: bytes, safe: int) -> bytes:
        """Hand out ``text[:safe]``; keep the rest for the next feed."""
        out, self.carry = text[:safe], text[safe:]
        self.tail = (self.tail + out)[-LOOKAHEAD:] if len(out) < LOOKAHEAD else out[-LOOKAHEAD:]
        return out

    def _section_of(self, text: bytes, start: int) -> bytes | None:
        """The element a section starting at ``start`` is the content of (None: cannot tell)."""
        if start < len(_CDATA_END) and self.tail:  # the bytes before it were handed out already
            text, start = self.tail + text, start + len(self.tail)
        while text.endswith(_CDATA_END, 0, start):  # the next part of a split section: go to the first
            start = text.rfind(_CDATA_START, 0, start)
            if start < 0:  # it began in an earlier chunk, where this was looked up
                return self.name
        lt = text.rfind(b"<", max(0, start - LOOKAHEAD), start)
        if lt < 0 and self.tail:
            text, start = self.tail + text[:start], start + len(self.tail)
            lt = text.rfind(b"<", max(0, start - LOOKAHEAD), start)
        tag = _START_TAG.match(text, lt, start) if lt >= 0 else None
        return tag.group(1) if tag else None

    def _ends_section(self, text: bytes, after: int) -> bool:
        """Does the ``]]>`` ending at ``after`` end the open section?"""
        if self.name is not None and text.startswith(b"</" + self.name, after):
            rest = text[after : after + len(self.name) + 3]
        elif text.startswith(_CDATA_START, after):
            return True
        else:
            rest = text[after : after + LOOKAHEAD].lstrip()
        if self.name is None:
            return rest.startswith(b"<") or not rest
        closing = b"</" + self.name
        return rest.startswith(closing) and rest[len(closing) : len(closing) + 1] in (b">", b" ", b"\t", b"\n", b"\r")


def _simple_sections_end_python(text: bytes) -> int:
    """Where the run of simple sections that starts ``text`` ends: at the first other section, or at
    the last one (it may go on in the next chunk). A simple section has one ``]]>``, followed by a
    closing tag or by the next section: what WordPress writes, with nothing to repair.

    The usual chunk (every section simple) is decided by one count per section and two counts
    over the sections; any other goes to :func:`_simple_sections_end_general`, which finds the first
    one that is not."""
    pieces = text.split(_CDATA_START)
    inner = pieces[1:-1]
    if not inner:
        return len(pieces[0])
    first, last = len(pieces[0]), len(text) - len(pieces[-1]) - len(_CDATA_START)
    # one ]]> per section, so as many ]]> from the first section to the last one's start as
    # sections; each of them followed by a closing tag or by a section (what these two count: the
    # bytes they look at are in that span, and neither pattern overlaps itself or the other): all
    # simple. Two counts, not a regex search: half the instructions.
    end = last + len(_CDATA_START)
    if list(map(bytes.count, inner, repeat(_CDATA_END))) == [1] * len(inner) and text.count(
        _END_THEN_CLOSING, first, end
    ) + text.count(_END_THEN_SECTION, first, end) == len(inner):
        return last
    return _simple_sections_end_general(text)


_END_THEN_CLOSING = _CDATA_END + b"</"
_END_THEN_SECTION = _CDATA_END + _CDATA_START

try:  # the compiled proof (setup.py builds it; one memmem pass over the chunk, 10x fewer instructions)
    from ._cfields import simple_sections_end as _simple_sections_end
except ImportError:  # pragma: no cover - a build without a C compiler
    _simple_sections_end = _simple_sections_end_python


def _simple_sections_end_general(text: bytes) -> int:
    """:func:`_simple_sections_end` for any text (the position of the first section that is not simple)."""
    pieces = text.split(_CDATA_START)
    inner = pieces[1:-1]
    ends = list(map(bytes.count, inner, repeat(_CDATA_END)))
    closed = list(
        map(add, map(bytes.count, inner, repeat(_CDATA_END + b"</")), map(bytes.endswith, inner, repeat(_CDATA_END)))
    )
    ones = [1] * len(inner)
    simple = len(inner) if ends == closed == ones else _first_difference(ends, closed, ones)
    return len(pieces[0]) + sum(map(len, pieces[1 : simple + 1])) + simple * len(_CDATA_START)


def _first_difference(ends: list[int], closed: list[int], ones: list[int]) -> int:
    return next(i for i, (e, c, one) in enumerate(zip(ends, closed, ones, strict=True)) if not e == c == one)
