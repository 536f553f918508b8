"""Findings: what ``blogimport validate`` reports, one per problem found.

Every finding has a stable code (``BI101``), a kebab-case name (``dangling-comment-parent``),
a severity, a location (file, line where known, post id) and a one-line message. The table
:data:`CODES` is the single list of what validate can report; the README lists it too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Code:
    code: str  # "BI101"
    name: str  # "dangling-comment-parent"
    severity: Severity  # the default severity
    summary: str  # what the check looks for, for --help and the README


def _codes(*codes: Code) -> dict[str, Code]:
    return {c.code: c for c in codes}


ERR, WARN = Severity.ERROR, Severity.WARNING

CODES: dict[str, Code] = _codes(
    # input and XML
    Code("BI001", "unreadable-input", ERR, "the file cannot be read: missing, empty, binary, a directory"),
    Code("BI002", "not-well-formed", ERR, "the XML is not well-formed (line and column of the first error)"),
    Code("BI003", "unsafe-xml", ERR, "external entities, entity expansion or other DTD tricks"),
    Code("BI004", "junk-before-xml", ERR, "bytes before <?xml (e.g. PHP warnings): other importers refuse the file"),
    Code("BI010", "wxr-version-missing", WARN, "no wp:wxr_version in the channel"),
    Code(
        "BI011", "wxr-version-unknown", WARN, "wp:wxr_version is not 1.0, 1.1 or 1.2, or disagrees with the namespace"
    ),
    Code("BI012", "wrong-namespace", ERR, "a WXR prefix (wp, content, excerpt, dc) is bound to an unexpected URI"),
    Code("BI013", "missing-channel-element", WARN, "a required channel element (title, link, base URLs) is missing"),
    Code("BI020", "invalid-xml-char", WARN, "characters XML 1.0 forbids (stripped on import)"),
    Code("BI021", "mojibake", WARN, "double-encoded UTF-8 such as 'Ã©' for 'é'"),
    Code("BI022", "replacement-char", WARN, "U+FFFD replacement characters: text lost by an earlier conversion"),
    Code("BI099", "reader-problem", WARN, "another problem the reader reported"),
    # identity and references
    Code("BI100", "duplicate-post-id", ERR, "two items share a wp:post_id"),
    Code("BI101", "dangling-comment-parent", ERR, "a comment's parent comment does not exist"),
    Code("BI102", "comment-parent-other-post", ERR, "a comment's parent belongs to another post"),
    Code("BI103", "duplicate-comment-id", ERR, "two comments share a wp:comment_id"),
    Code("BI104", "dangling-post-parent", WARN, "an attachment's or page's parent item does not exist"),
    Code("BI105", "undeclared-author", WARN, "an item's author is not declared as a wp:author"),
    Code("BI106", "undeclared-term", WARN, "an item's category or tag is not declared in the channel"),
    # dates
    Code("BI200", "unparseable-date", ERR, "a date that is not a real YYYY-MM-DD HH:MM:SS date"),
    Code("BI201", "zero-date-published", ERR, "a published item dated 0000-00-00 or not dated"),
    Code("BI202", "gmt-local-mismatch", WARN, "local and GMT dates more than 14 hours apart"),
    # content
    Code("BI300", "empty-title-published", WARN, "a published post or page without a title"),
    Code("BI301", "duplicate-slug", WARN, "two items of one type share a slug"),
    Code("BI302", "broken-internal-link", WARN, "a link to this site's post that is not in the export"),
    Code("BI303", "unbalanced-shortcode", WARN, "a shortcode closed without being opened, or never closed"),
    # exports written by blogimport
    Code("BI500", "unreadable-export", ERR, "the export cannot be read or is not a blogimport output"),
    Code("BI501", "front-matter-invalid", ERR, "a Markdown file's front matter does not parse"),
    Code("BI502", "front-matter-missing-key", ERR, "a Markdown file's front matter lacks a required key"),
    Code("BI503", "json-schema-violation", ERR, "the JSON export does not validate against the shipped schema"),
    Code("BI504", "sqlite-not-sane", ERR, "the SQLite database fails integrity or foreign key checks, or lacks tables"),
    Code("BI505", "duplicate-permalink", ERR, "two exported posts share a permalink"),
    Code("BI506", "broken-export-link", WARN, "an internal link in the export does not resolve"),
    Code("BI507", "missing-media", ERR, "a media manifest entry points to a file that does not exist"),
    Code(
        "BI508", "missing-from-export", ERR, "a published post or approved comment of the source is not in the export"
    ),
)

_BY_NAME = {c.name: c for c in CODES.values()}
# Problem codes the readers put in the tally, where they differ from a finding's name.
READER_ALIASES = {
    "bad-date": "BI200",
    "missing-wxr-version": "BI010",
    "invalid-wxr-version": "BI011",
    "namespace-not-uri": "BI012",
    "leading-junk-skipped": "BI004",
    "cdata-end-in-cdata": "BI002",  # repaired on import, but not well-formed for other tools
}


def lookup(code_or_name: str) -> Code | None:
    """Find a code by ``BI101``, ``dangling-comment-parent`` or ``BI101 dangling-comment-parent``."""
    key = code_or_name.strip().split()[0] if code_or_name.strip() else ""
    alias = READER_ALIASES.get(key.lower())
    return CODES.get(alias or key.upper()) or _BY_NAME.get(key.lower())


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    message: str
    severity: Severity
    file: str | None = None
    line: int | None = None
    column: int | None = None
    post_id: int | None = None
    comment_id: int | None = None

    @property
    def name(self) -> str:
        return CODES[self.code].name

    @property
    def title(self) -> str:
        """``BI101 dangling-comment-parent``."""
        return f"{self.code} {self.name}"

    def where(self) -> str:
        parts = [self.file or "-"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


def finding(
    code: str,
    message: str,
    *,
    file: str | None = None,
    line: int | None = None,
    column: int | None = None,
    post_id: int | None = None,
    comment_id: int | None = None,
) -> Finding:
    """A finding with its code's default severity."""
    return Finding(code, message, CODES[code].severity, file, line, column, post_id, comment_id)


@dataclass(slots=True)
class Report:
    """Every finding of one validate run, after --ignore and --strict were applied."""

    findings: list[Finding]
    files: list[str]  # every file checked, clean or not (junit lists each)
    unreadable: bool = False  # some input could not be read at all (exit 2)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def exit_code(self) -> int:
        if self.unreadable:
            return 2
        return 1 if self.count(Severity.ERROR) else 0


def apply_policy(findings: Iterable[Finding], ignore: Iterable[str] = (), strict: bool = False) -> list[Finding]:
    """Drop ignored codes; with ``strict`` every warning becomes an error. Sorted by place."""
    ignored = set(ignore)
    kept = []
    for f in findings:
        if f.code in ignored:
            continue
        if strict and f.severity is Severity.WARNING:
            f = replace(f, severity=Severity.ERROR)
        kept.append(f)
    return sorted(kept, key=lambda f: (f.file or "", f.line or 0, f.column or 0, f.code, f.post_id or 0))
