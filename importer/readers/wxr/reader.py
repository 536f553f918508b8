"""The WordPress eXtended RSS (WXR 1.0, 1.1, 1.2) reader: a streaming pass in flat memory.

``read_wxr(path, options, tally)`` yields the :class:`~importer.model.Site` first, then authors
and terms, then every ``<item>`` as a :class:`~importer.model.Post` with its comments nested, in
document order. The Site is built when the first item (or the end of the channel) is reached, so
header elements that exports write after the terms (``<generator>``) are in it; authors and
terms wait for it (they are small). Authors or terms that a file places after its first item are
yielded where they stand.

How it streams: ``lxml.etree.iterparse`` reports only the end of channel-level elements
(``item``, ``wp:author``, ``wp:category`` ...); each is turned into a record by
:mod:`importer.readers.wxr.elements`, then cleared and removed from the tree, so memory holds
one item at a time whatever the file size.

Safety: entities are never resolved, no DTD is loaded, nothing is fetched; a DOCTYPE that
declares entities is refused before parsing (:mod:`importer.readers.wxr.xml_stream`); nesting depth
is bounded by libxml2.

Errors: the parser runs in libxml2's recovering mode and its error log is checked as it goes.
Without ``options.recover`` the first real error stops the read with a :class:`ParseError`
naming file, line and column. With it, the read goes on and every error becomes a problem in the
tally (what was lost where). Namespace-IRI complaints (a non-ASCII ``xmlns`` that libxml2 refuses
to call a URI but that is well-formed XML) are never fatal: they are reported and ignored; an
undefined namespace prefix is an error like any other.

Internal post types (``nav_menu_item``, ``wp_global_styles`` ..., see
:data:`~importer.wordpress.INTERNAL_POST_TYPES`) are counted as read and skipped with a
reason unless ``options.keep_internal``.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from functools import partial
from typing import Any, BinaryIO, cast

from lxml import etree

from ...errors import InputError, ParseError
from ...model import Post, Record, Site
from ...sources import open_binary
from ...tally import SKIP_INTERNAL_TYPE, Tally
from ...wordpress import CANONICAL_EXPORT_NAMESPACE, EXPORT_NAMESPACE, INTERNAL_POST_TYPES
from .. import ReadOptions
from .elements import Element, Reporter, author_of, element_line, post_of, term_of
from .names import local_name, short_name
from .parts import Part, PartSource, line_shift
from .xml_stream import CleanXmlStream, StrippedChar

# The channel-level elements we act on; everything else stays in its parent until freed.
_EVENT_TAGS = ("item", "channel", "{*}author", "{*}wp_author", "{*}category", "{*}tag", "{*}term")
_TERM_ELEMENTS = ("wp:category", "wp:tag", "wp:term")
_AUTHOR_ELEMENTS = ("wp:author", "wp:wp_author")
_VERSION = re.compile(r"^\d+\.\d+$")
# libxml2 refuses a namespace name that is not an ASCII URI (an IRI such as http://ëxämplë.com/):
# well-formed XML all the same (expat accepts it), so it is reported, never fatal.
_TOLERATED_NAMESPACE_WARNINGS = {"WAR_NS_URI", "WAR_NS_URI_RELATIVE"}
# Errors WordPress's importer reads through, as blogimport does (reported, never fatal): namespace
# errors (NS_ERR_*: an undeclared prefix, a declaration such as xmlns:123invalid) leave XML 1.0
# well-formed and the element in place, SimpleXML reads on; a repeated attribute (a namespace
# declared twice on <rss>) keeps its first value. Prefixes exports use are declared before parsing
# (repairs.py), so what is left here is a prefix no export reader knows.
_TOLERATED_ERRORS = {
    "ERR_ATTRIBUTE_REDEFINED": ("duplicate-attribute", "the first value is kept", "duplicate attributes ignored")
}
_NAMESPACE_ERROR = ("namespace-error", "ignored, as WordPress does", "namespace errors ignored")
_TOLERATED_ERROR_PREFIX = "NS_ERR_"
_TRUNCATION_TYPES = {"ERR_TAG_NOT_FINISHED", "ERR_DOCUMENT_END", "ERR_LTSLASH_REQUIRED", "ERR_GT_REQUIRED"}


def read_wxr(path: str, options: ReadOptions, tally: Tally) -> Iterator[Record]:
    """Stream the records of one WXR file (plain or gzipped)."""
    with open_binary(path) as raw:
        # lines counted only when one is needed, by reading the file again (not a gzipped one: a
        # truncated stream would not give the same bytes twice)
        reopen = None if isinstance(raw, gzip.GzipFile) else partial(open_binary, path)
        stream = CleanXmlStream(
            raw, path, strip_invalid=options.strip_invalid_chars, progress=options.progress, reopen=reopen
        )
        yield from _WxrWalk(path, options, tally, stream).records()
        if options.progress is not None:
            options.progress(path, stream.total, stream.total)


def read_wxr_part(path: str, part: Part, options: ReadOptions, tally: Tally) -> Iterator[Record]:
    """The records of one part of a file cut by :func:`~importer.readers.wxr.parts.plan_parts`.

    Part 0 reads as the whole file would up to its end: the Site, the header's authors and terms,
    its posts. A later part reads the header too (its namespaces and checks), but yields and counts
    only its own items: what the header holds is part 0's."""
    with PartSource(path, part) as raw:
        source = cast(BinaryIO, raw)  # read, read1 and tell: what the stream uses of a file
        stream = CleanXmlStream(
            source,
            path,
            strip_invalid=options.strip_invalid_chars,
            progress=options.progress,
            reopen=partial(PartSource, path, part),  # type: ignore[arg-type]  # read, read1: what the count uses
        )
        stream.total = raw.size
        yield from _WxrWalk(path, options, tally, stream, part).records()


class _WxrWalk:
    """One pass over one file: the iterparse loop and what it has seen so far."""

    def __init__(
        self, path: str, options: ReadOptions, tally: Tally, stream: CleanXmlStream, part: Part | None = None
    ) -> None:
        self.path = path
        self.options = options
        # a later part reads the header into a tally of its own, left behind at the first item
        self.own_tally = tally
        self.header_only = part is not None and part.index > 0
        self.tally = Tally() if self.header_only else tally
        self.stream = stream
        self.report = Reporter(self.tally, path, stream.skipped_lines)
        if part is not None:
            self.report.shift, self.report.header_lines = line_shift(path, part), part.header_lines
        self.channel: Any = None  # the <channel> element once seen
        self.site_sent = False
        self.items = 0
        self.errors_seen = 0
        self.read_error_reported = False
        self.recovered_errors: list[Any] = []  # lxml _LogEntry objects not yet tied to an item
        self.tolerated: set[str] = set()  # messages of tolerated errors already reported
        self.header: dict[str, str] = {}  # channel header fields seen so far, by short name
        self.header_namespaces: list[str] = []  # WordPress namespaces of header elements
        self.pending: list[Record] = []  # authors and terms read before the Site could be built
        self.events = etree.iterparse(
            stream,
            events=("end",),
            tag=_EVENT_TAGS,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=True,  # posts over 10 MB; entity declarations were refused before parsing
            recover=True,  # errors are checked in the log, see the module docstring
        )

    # -- the loop -------------------------------------------------------------------------

    def records(self) -> Iterator[Record]:
        if self.stream.skipped_junk:
            self._report_junk()
        for repair in self.stream.repairs:
            self.tally.problem(repair.code, repair.message, file=self.path, line=self._line(repair.line))
        try:
            for _event, element in self.events:
                parent = element.getparent()
                tag = element.tag
                if tag == "item" and self.site_sent and parent is not None and parent.tag == "channel":
                    self._check_errors()  # the usual element: what _element does for it, at once
                    yield from self._item(element)
                    self._free(element)
                elif tag == "channel" or (parent is not None and parent.tag == "channel"):
                    self._check_errors()
                    yield from self._element(element)
                # else an item's own <category> (or something outside the channel): nothing to do, and
                # the error log is checked at the next element (or the end) before anything else is
        except etree.XMLSyntaxError as exc:
            self._check_errors()  # a read error explains an XML error at the cut
            raise self._parse_error(str(exc.msg or exc), *(exc.position or (None, None))) from None
        self._check_errors()
        if self.channel is None:
            if self.recovered_errors:  # --recover, and nothing of an export survived
                first = self.recovered_errors[0]
                message = f"not a WordPress export: no <rss><channel> could be recovered ({first.message.strip()})"
                raise ParseError(message, file=self.path, line=self._line(first.line), column=first.column)
            raise InputError(self._no_channel_message(), file=self.path)
        if not self.site_sent:
            yield from self._site_and_pending()
        self._flush_notes()
        self._flush_cdata_repairs()

    def _element(self, element: Element) -> Iterator[Record]:
        parent = element.getparent()
        if element.tag == "channel":
            if self.channel is None:
                self.channel = element
            if not self.site_sent:
                yield from self._site_and_pending()
            return
        if parent is None or parent.tag != "channel":
            return  # an item's own <category>, or something outside the channel
        if self.channel is None:
            self.channel = parent
        name = short_name(element.tag)
        if element.tag == "item":
            if not self.site_sent:
                yield from self._site_and_pending()
            yield from self._item(element)
        elif name in _AUTHOR_ELEMENTS:
            author = author_of(element, self.report)
            if author is not None:
                self.tally.read["author"] += 1
                yield from self._in_order(author)
        elif name in _TERM_ELEMENTS:
            term = term_of(element, name, self.report)
            if term is not None:
                self.tally.read["term"] += 1
                yield from self._in_order(term)
        else:
            self.report.problem("foreign-namespace", f"ignored <{element.tag}>: not in a WordPress namespace", element)
        self._free(element)

    def _item(self, item: Element) -> Iterator[Post]:
        self.items += 1
        post = post_of(item, self.report)
        self._attach_notes(item, post)
        self.tally.read[post.type] += 1
        if post.type in INTERNAL_POST_TYPES and not self.options.keep_internal:
            self.tally.skip(post.type, SKIP_INTERNAL_TYPE)
            if post.comments:
                self.tally.skip("comment", f"on a skipped {post.type}", len(post.comments))
            return
        if post.comments:
            self.tally.read["comment"] += len(post.comments)
        yield post

    def _in_order(self, record: Record) -> Iterator[Record]:
        """Authors and terms wait for the Site, whose header may continue after them."""
        if self.site_sent:
            yield record
        else:
            self.pending.append(record)

    def _free(self, element: Element) -> None:
        element.clear(keep_tail=False)
        channel = self.channel
        while element.getprevious() is not None:
            if not self.site_sent:
                self._remember_header(channel[0])
            del channel[0]

    # -- the channel header -------------------------------------------------------------

    def _site_and_pending(self) -> Iterator[Record]:
        site = self._site()
        pending, self.pending = self.pending, []
        if self.header_only:  # the header is part 0's: from here on this part counts its own
            self.tally = self.report.tally = self.own_tally
            self.stream.claim_stripped(self.report.header_lines - self.report.line_offset)
            return
        yield site
        yield from pending

    def _remember_header(self, child: Element) -> None:
        """Keep a header element's text before it is freed (the Site is built at the first item)."""
        if isinstance(child.tag, str) and not len(child):
            name = short_name(child.tag)
            if name is not None:
                self.header.setdefault(name, (child.text or "").strip())
                if name.startswith("wp:"):
                    self.header_namespaces.append(child.tag[1:].partition("}")[0])

    def _site(self) -> Site:
        self.site_sent = True
        channel = self.channel
        for child in channel:
            self._remember_header(child)
        fields = self.header
        namespaces = [uri for uri in channel.nsmap.values() if uri and EXPORT_NAMESPACE.match(uri)]
        namespaces += self.header_namespaces
        if not namespaces:
            raise InputError(
                "this is XML with a <channel> (an RSS feed?) but not a WordPress export: it uses no WordPress "
                f"export namespace ({CANONICAL_EXPORT_NAMESPACE})",
                file=self.path,
            )
        version = fields.get("wp:wxr_version") or None
        self._check_version(version, namespaces)
        return Site(
            title=fields.get("title") or None,
            link=fields.get("link") or None,
            description=fields.get("description") or None,
            language=fields.get("language") or None,
            base_site_url=fields.get("wp:base_site_url") or None,
            base_blog_url=fields.get("wp:base_blog_url") or None,
            generator=fields.get("generator") or None,
            source_format="wxr",
            format_version=version,
            sources=[self.path],
        )

    def _check_version(self, version: str | None, namespaces: list[str]) -> None:
        match = EXPORT_NAMESPACE.match(namespaces[0])
        from_namespace = match.group(1) if match else "?"
        if version is None:
            self.report.problem("wxr-version-missing", f"no wp:wxr_version; read as WXR {from_namespace} by namespace")
        elif not _VERSION.match(version):
            self.report.problem(
                "wxr-version-unknown", f"wp:wxr_version is {version[:20]!r}; read as WXR {from_namespace} by namespace"
            )

    def _no_channel_message(self) -> str:
        root = getattr(self.events, "root", None)
        root_name = local_name(root.tag) if root is not None and isinstance(root.tag, str) else None
        where = f"the root element is <{root_name}>" if root_name else "it has no root element"
        return f"not a WordPress export: {where} and there is no <rss><channel>"

    def _report_junk(self) -> None:
        junk = self.stream.skipped_junk
        preview = junk.strip()[:80].decode("utf-8", errors="replace")
        self.report.problem(
            "junk-before-xml",
            f"skipped {len(junk)} bytes before the XML starts (e.g. PHP warnings): {preview!r}",
        )

    # -- errors and stripped characters ---------------------------------------------------

    def _check_errors(self) -> None:
        if self.stream.read_error is not None and not self.read_error_reported:
            self.read_error_reported = True
            message = (
                f"the file cannot be read to its end (truncated or corrupt compressed data: {self.stream.read_error})"
            )
            if not self.options.recover:
                raise ParseError(message, file=self.path)
            self.tally.problem("read-error", f"{message}; what came before is kept", file=self.path)
        log = self.events.error_log
        if len(log) <= self.errors_seen:
            return
        entries = list(log)[self.errors_seen :]
        self.errors_seen = len(log)
        for entry in entries:
            if entry.type_name in _TOLERATED_NAMESPACE_WARNINGS:
                self.tally.problem(
                    "namespace-not-uri", f"{entry.message} (ignored)", file=self.path, line=self._line(entry.line)
                )
            elif entry.type_name in _TOLERATED_ERRORS or entry.type_name.startswith(_TOLERATED_ERROR_PREFIX):
                self._report_tolerated(entry)
            elif entry.level_name in ("ERROR", "FATAL"):
                if "Excessive depth" in entry.message:  # libxml2 stops there: nothing after it is read
                    message = "not well-formed XML: elements nested deeper than 2048 levels (refused)"
                    raise ParseError(message, file=self.path, line=self._line(entry.line), column=entry.column)
                if not self.options.recover:
                    raise self._parse_error(entry.message, entry.line, entry.column)
                self.recovered_errors.append(entry)

    def _report_tolerated(self, entry: Any) -> None:
        """A defect WordPress reads through: reported once per distinct message, counted always."""
        code, outcome, counted = _TOLERATED_ERRORS.get(entry.type_name, _NAMESPACE_ERROR)
        self.tally.changed[counted] += 1
        message = entry.message.strip()
        if message not in self.tolerated:
            self.tolerated.add(message)
            self.tally.problem(code, f"{message} ({outcome})", file=self.path, line=self._line(entry.line))

    def _flush_cdata_repairs(self) -> None:
        cdata = self.stream.cdata
        if cdata is None or not cdata.repaired:
            return
        self.tally.changed["literal ]]> inside CDATA kept as text"] += cdata.repaired
        lines = [self._line(n) for n in cdata.first_lines]
        shown = ", ".join(map(str, lines)) + (", ..." if cdata.repaired > len(lines) else "")
        self.tally.problem(
            "cdata-end-in-cdata",
            f"{cdata.repaired} literal ']]>' inside CDATA sections (written by old exporters) kept as text; "
            f"lines {shown}",
            file=self.path,
            line=lines[0],
        )

    def _parse_error(self, message: str, line: int | None, column: int | None) -> ParseError:
        hint = "" if self.options.recover else " ({recover} salvages what can be read)"
        # libxml2 may follow its message with the text around the fault, on lines of its own:
        # the error stays one line (the position says where)
        message = f"not well-formed XML: {message.strip().splitlines()[0]}{hint}"
        return ParseError(message, file=self.path, line=self._line(line), column=column)

    def _line(self, line: int | None) -> int | None:
        return self.report.file_line(line) if line else line

    def _attach_notes(self, item: Element, post: Post) -> None:
        """Tie stripped characters and recovered errors inside this item to it."""
        if not self.stream.stripped and not self.recovered_errors:
            return
        first, last = element_line(item) or 0, _last_line(item)
        stripped = self.stream.claim_stripped(last)
        self._report_stripped([c for c in stripped if c.line < first], None)
        self._report_stripped([c for c in stripped if c.line >= first], post)
        errors = [e for e in self.recovered_errors if e.line <= last and not _is_truncation(e)]
        self.recovered_errors = [e for e in self.recovered_errors if e not in errors]  # truncation: at the end
        for entry in errors:
            self._report_recovered(entry, post if entry.line >= first else None)

    def _flush_notes(self) -> None:
        self._report_stripped(self.stream.claim_stripped(1 << 62), None)
        truncation = [entry for entry in self.recovered_errors if _is_truncation(entry)]
        for entry in self.recovered_errors:
            if not _is_truncation(entry):
                self._report_recovered(entry, None)
        if truncation:
            self._report_truncation(truncation)
        self.recovered_errors = []

    def _report_stripped(self, chars: list[StrippedChar], post: Post | None) -> None:
        if not chars:
            return
        self.tally.changed["invalid XML characters stripped"] += len(chars)
        codes = ", ".join(sorted({f"U+{c.code:04X}" for c in chars}))
        where = _post_label(post) if post else "outside any item"
        self.tally.problem(
            "invalid-xml-char",
            f"stripped {len(chars)} character(s) XML 1.0 forbids ({codes}) {where}",
            file=self.path,
            line=self._line(chars[0].line),
            post_id=post.id if post else None,
        )

    def _report_recovered(self, entry: Any, post: Post | None) -> None:
        where = f" {_post_label(post)}" if post else ""
        self.tally.problem(
            "xml-recovered",
            f"recovered from malformed XML{where}: {entry.message.strip()} (text nearby may be lost)",
            file=self.path,
            line=self._line(entry.line),
            post_id=post.id if post else None,
        )

    def _report_truncation(self, entries: list[Any]) -> None:
        first = entries[0]
        self.tally.problem(
            "file-truncated",
            f"file truncated at line {self._line(first.line)}: {first.message.strip()}; "
            f"{self.items} item(s) read, the last one may be incomplete",
            file=self.path,
            line=self._line(first.line),
        )


def _is_truncation(entry: Any) -> bool:
    return bool(entry.type_name in _TRUNCATION_TYPES or entry.message.startswith("Premature end of data"))


def _last_line(element: Element) -> int:
    """The last line an element spans (its last descendant's start plus the newlines in its text)."""
    last = element.sourceline or 0
    for node in element.iterdescendants():
        if isinstance(node.tag, str):
            newlines = (node.text or "").count("\n") + (node.tail or "").count("\n")
            last = max(last, (node.sourceline or 0) + newlines)
    return last


def _post_label(post: Post) -> str:
    title = (post.title or "")[:60]
    return f"in {post.type} {post.id} {title!r}" if post.id is not None else f"in {post.type} {title!r}"
