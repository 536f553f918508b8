"""A raw lxml pass over a WXR file for what the model cannot tell: namespace URIs, the
channel elements present, raw date strings, and the line of every item and comment.

It runs after the reader accepted the file (the reader refuses hostile and broken XML), with
the same safe parser settings, and stops quietly where libxml2 stops: the reader is the
authority on well-formedness.
"""

from __future__ import annotations

import contextlib
import gzip
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import cast

from lxml import etree

from ..readers.wxr.xml_stream import CleanXmlStream
from ..sources import open_binary
from ..transforms.dates import parse_wp_date
from ..wordpress import (
    CANONICAL_EXPORT_NAMESPACE,
    CONTENT_NAMESPACE,
    DC_NAMESPACE,
    EXCERPT_NAMESPACE,
    EXPORT_NAMESPACE,
    WXR_VERSIONS,
)
from .findings import Finding, finding

EXPECTED_NS = {"content": CONTENT_NAMESPACE, "dc": DC_NAMESPACE}
REQUIRED_CHANNEL = ("title", "link", "description", "base_site_url", "base_blog_url")
_ZERO_DATES = {"0000-00-00 00:00:00", "0000-00-00"}
_MAX_OFFSET_SECONDS = 14 * 3600


@dataclass(slots=True)
class ScanResult:
    post_lines: dict[int, int] = field(default_factory=dict)
    comment_lines: dict[int, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def _local(tag: object) -> str:
    """``{uri}name`` -> ``name``; a tag whose prefix was never declared stays ``prefix:name`` -> ``name``."""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1] if isinstance(tag, str) else ""


def _children_text(element: etree._Element) -> dict[str, str]:
    return {_local(child.tag): (child.text or "").strip() for child in element if isinstance(child.tag, str)}


def _line(element: etree._Element) -> int | None:
    line: object = element.sourceline
    return line if isinstance(line, int) else None


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text else None
    except ValueError:
        return None


class _Scanner:
    def __init__(self, path: str, posts: Collection[int], comments: Collection[int]) -> None:
        self.path = path
        self.posts = posts  # the items and comments whose lines are wanted
        self.comments = comments
        self.result = ScanResult()
        self.wxr_ns_version: str | None = None
        self.channel_children: set[str] = set()
        self.channel_text: dict[str, str] = {}
        self.channel_line: int | None = None
        self.line_offset = 0  # lines of junk skipped before the XML

    def line_of(self, element: etree._Element) -> int | None:
        """The element's line in the file (the parser does not count junk skipped before the XML)."""
        line = _line(element)
        return line + self.line_offset if line is not None else None

    def add(self, code: str, message: str, **where: int | None) -> None:
        self.result.findings.append(finding(code, message, file=self.path, **where))

    def namespace(self, prefix: str, uri: str) -> None:
        version = EXPORT_NAMESPACE.match(uri)
        if version:
            self.wxr_ns_version = version.group(1)
        elif prefix == "wp":
            self.add("BI012", f"prefix 'wp' is bound to {uri!r}, not a WordPress export namespace")
        elif prefix == "excerpt" and not EXCERPT_NAMESPACE.match(uri):
            self.add("BI012", f"prefix 'excerpt' is bound to {uri!r}, not the WordPress excerpt namespace")
        elif prefix in EXPECTED_NS and uri != EXPECTED_NS[prefix]:
            self.add("BI012", f"prefix '{prefix}' is bound to {uri!r}, expected {EXPECTED_NS[prefix]!r}")

    def channel_done(self) -> None:
        if self.wxr_ns_version is None:
            self.add("BI012", f"no WordPress export namespace ({CANONICAL_EXPORT_NAMESPACE}) is declared")
        for name in REQUIRED_CHANNEL:
            if name not in self.channel_children:
                self.add("BI013", f"the channel has no <{name}> element", line=self.channel_line)
        if "wxr_version" not in self.channel_children:
            self.add("BI010", "the channel has no wp:wxr_version element", line=self.channel_line)
            return
        version = self.channel_text.get("wxr_version", "")
        if version not in WXR_VERSIONS:
            self.add("BI011", f"wp:wxr_version is {version!r}, not 1.0, 1.1 or 1.2", line=self.channel_line)
        elif self.wxr_ns_version and version != self.wxr_ns_version:
            self.add(
                "BI011",
                f"wp:wxr_version says {version} but the namespace is export/{self.wxr_ns_version}/",
                line=self.channel_line,
            )

    def dates(self, local: str | None, gmt: str | None, where: dict[str, int | None], what: str) -> datetime | None:
        parsed: dict[str, datetime | None] = {}
        for label, text in (("date", local), ("GMT date", gmt)):
            if not text or text in _ZERO_DATES:
                parsed[label] = None
                continue
            parsed[label] = parse_wp_date(text)
            if parsed[label] is None:
                self.add("BI200", f"{what} {label} {text!r} is not a real date", **where)
        local_dt, gmt_dt = parsed["date"], parsed["GMT date"]
        if local_dt and gmt_dt and abs((local_dt - gmt_dt).total_seconds()) > _MAX_OFFSET_SECONDS:
            hours = (local_dt - gmt_dt).total_seconds() / 3600
            self.add("BI202", f"{what} date {local} is {hours:+.1f} h from its GMT date {gmt}", **where)
        return local_dt

    def item(self, item: etree._Element, line: int) -> None:
        fields = _children_text(item)
        post_id = _int(fields.get("post_id"))
        if post_id is not None and post_id in self.posts:
            self.result.post_lines.setdefault(post_id, line)
        where: dict[str, int | None] = {"line": line, "post_id": post_id}
        kind = fields.get("post_type") or "item"
        local = self.dates(fields.get("post_date"), fields.get("post_date_gmt"), where, kind)
        raw_local = fields.get("post_date", "")
        if fields.get("status") == "publish" and local is None and (not raw_local or raw_local in _ZERO_DATES):
            shown = raw_local or "missing"
            self.add("BI201", f"published {kind} has no date (wp:post_date is {shown})", **where)
        for comment in item:
            if _local(comment.tag) != "comment":
                continue
            cfields = _children_text(comment)
            comment_id = _int(cfields.get("comment_id"))
            cline = self.line_of(comment) or line
            if comment_id is not None and comment_id in self.comments:
                self.result.comment_lines.setdefault(comment_id, cline)
            cwhere: dict[str, int | None] = {"line": cline, "post_id": post_id, "comment_id": comment_id}
            self.dates(cfields.get("comment_date"), cfields.get("comment_date_gmt"), cwhere, "comment")


def scan_wxr(path: str, posts: Collection[int] = (), comments: Collection[int] = ()) -> ScanResult:
    """Raw-level findings of a WXR file the reader has already accepted, and the lines of the items
    and comments whose ids are in ``posts`` and ``comments``."""
    scanner = _Scanner(path, posts, comments)
    with open_binary(path) as raw:
        # skips junk before <?xml, strips forbidden characters; lines are counted only once one is
        # needed, by reading the file again, as read_wxr does (not a gzipped one)
        reopen = None if isinstance(raw, gzip.GzipFile) else partial(open_binary, path)
        stream = CleanXmlStream(raw, path, reopen=reopen)
        scanner.line_offset = stream.skipped_lines
        events = etree.iterparse(
            stream,
            events=("start-ns", "start", "end"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
        # A syntax error stops the scan: the reader already reported (or recovered from) the breakage.
        with contextlib.suppress(etree.XMLSyntaxError):
            _walk(scanner, events)
    return scanner.result


def _walk(scanner: _Scanner, events: Iterator[tuple[str, object]]) -> None:
    depth = 0
    item_line = 0
    for event, value in events:
        if event == "start-ns":
            prefix, uri = value if isinstance(value, tuple) else ("", "")
            scanner.namespace(prefix or "", uri)
            continue
        element = cast(etree._Element, value)
        name = _local(element.tag)
        if event == "start":
            depth += 1
            if depth == 2 and name == "channel":
                scanner.channel_line = scanner.line_of(element)
            elif depth == 3:
                scanner.channel_children.add(name)
                if name == "item":
                    item_line = scanner.line_of(element) or 0
            continue
        depth -= 1
        if depth == 2 and name == "item":
            scanner.item(element, item_line)
            _free(element)
        elif depth == 2:
            scanner.channel_text.setdefault(name, (element.text or "").strip())
            if name in ("author", "category", "tag", "term", "wp_author"):
                _free(element)
        elif depth == 1 and name == "channel":
            scanner.channel_done()


def _free(element: etree._Element) -> None:
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]
