"""One vocabulary of problems: every code the tally, ``blogimport inspect`` and ``blogimport
validate`` report, with its severity.

A problem has a kebab-case name (``dangling-comment-parent``: what the tally and ``inspect``
show) and the stable ``BIxxx`` code ``validate`` reports it under. The checks validate makes
itself each have their own code (:data:`CODES`, listed in the README); a problem only a reader
or writer meets is reported by validate as ``BI099 reader-problem`` unless it is one of those
checks seen from the reader's side (``namespace-not-uri`` is a ``BI012`` finding).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class ProblemKind:
    code: str  # validate's code: "BI101"
    name: str  # "dangling-comment-parent"
    severity: Severity  # the default severity, wherever it is reported
    summary: str  # what it means (options named as {name} fields, see importer.errors), for the code list
    names_files: bool = False  # its message lists files: the tally's summary prints it whole


ERR, WARN, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
READER_PROBLEM = "BI099"

# The checks validate makes: one code each (``blogimport validate --list-codes``, the README).
_CHECKS = (
    # input and XML
    ProblemKind(
        "BI001",
        "unreadable-input",
        ERR,
        "the file cannot be read (missing, empty, binary, a directory) or is no blog export or page",
    ),
    ProblemKind("BI002", "not-well-formed", ERR, "the XML is not well-formed (line and column of the first error)"),
    ProblemKind("BI003", "unsafe-xml", ERR, "external entities, entity expansion or other DTD tricks"),
    ProblemKind(
        "BI004", "junk-before-xml", ERR, "bytes before <?xml (e.g. PHP warnings): other importers refuse the file"
    ),
    ProblemKind("BI010", "wxr-version-missing", WARN, "no wp:wxr_version in the channel"),
    ProblemKind(
        "BI011", "wxr-version-unknown", WARN, "wp:wxr_version is not 1.0, 1.1 or 1.2, or disagrees with the namespace"
    ),
    ProblemKind(
        "BI012", "wrong-namespace", ERR, "a WXR prefix (wp, content, excerpt, dc) is bound to an unexpected URI"
    ),
    ProblemKind(
        "BI013", "missing-channel-element", WARN, "a required channel element (title, link, base URLs) is missing"
    ),
    ProblemKind("BI020", "invalid-xml-char", WARN, "characters XML 1.0 forbids (stripped on import)"),
    ProblemKind("BI021", "mojibake", WARN, "double-encoded UTF-8 such as 'Ã©' for 'é'"),
    ProblemKind("BI022", "replacement-char", WARN, "U+FFFD replacement characters: text lost by an earlier conversion"),
    ProblemKind(READER_PROBLEM, "reader-problem", WARN, "another problem the reader reported"),
    # identity and references
    ProblemKind("BI100", "duplicate-post-id", ERR, "two items share a wp:post_id"),
    ProblemKind("BI101", "dangling-comment-parent", ERR, "a comment's parent comment does not exist"),
    ProblemKind("BI102", "comment-parent-other-post", ERR, "a comment's parent belongs to another post"),
    ProblemKind("BI103", "duplicate-comment-id", ERR, "two comments share a wp:comment_id"),
    ProblemKind("BI104", "dangling-post-parent", WARN, "an attachment's or page's parent item does not exist"),
    ProblemKind("BI105", "undeclared-author", WARN, "an item's author is not declared as a wp:author"),
    ProblemKind("BI106", "undeclared-term", WARN, "an item's category or tag is not declared in the channel"),
    # dates
    ProblemKind("BI200", "unparseable-date", ERR, "a date that is not a real YYYY-MM-DD HH:MM:SS date"),
    ProblemKind("BI201", "zero-date-published", ERR, "a published item dated 0000-00-00 or not dated"),
    ProblemKind("BI202", "gmt-local-mismatch", WARN, "local and GMT dates more than 14 hours apart"),
    # content
    ProblemKind("BI300", "empty-title-published", WARN, "a published post or page without a title"),
    ProblemKind("BI301", "duplicate-slug", WARN, "two items of one type share a slug"),
    ProblemKind("BI302", "broken-internal-link", WARN, "a link to this site's post that is not in the export"),
    ProblemKind("BI303", "unbalanced-shortcode", WARN, "a shortcode closed without being opened, or never closed"),
    ProblemKind(
        "BI304",
        "unsafe-media-url",
        WARN,
        "a media URL {download_media} will not fetch: file:, data:, ftp:, or a loopback, private or link-local address",
    ),
    # exports written by blogimport
    ProblemKind("BI500", "unreadable-export", ERR, "the export cannot be read or is not a blogimport output"),
    ProblemKind("BI501", "front-matter-invalid", ERR, "a Markdown file's front matter does not parse"),
    ProblemKind("BI502", "front-matter-missing-key", ERR, "a Markdown file's front matter lacks a required key"),
    ProblemKind("BI503", "json-schema-violation", ERR, "the JSON export does not validate against the shipped schema"),
    ProblemKind(
        "BI504", "sqlite-not-sane", ERR, "the SQLite database fails integrity or foreign key checks, or lacks tables"
    ),
    ProblemKind("BI505", "duplicate-permalink", ERR, "two exported posts share a permalink"),
    ProblemKind("BI506", "broken-export-link", WARN, "an internal link in the export does not resolve"),
    ProblemKind("BI507", "missing-media", ERR, "a media file the export had (downloaded or copied) is missing"),
    ProblemKind(
        "BI508", "missing-from-export", ERR, "a published post or approved comment of the source is not in the export"
    ),
    ProblemKind(
        "BI509", "media-not-downloaded", WARN, "media files in the manifest were never downloaded into the export"
    ),
    ProblemKind("BI510", "undated-post", WARN, "a published post without a date (the generator dates it by its file)"),
)

# What readers and writers meet while converting (validate reports a reader's as BI099).
_CONVERSION = (
    # WXR reader
    ProblemKind(
        "BI002", "cdata-end-in-cdata", ERR, "a literal ]]> inside CDATA: kept as text, but other tools refuse the XML"
    ),
    ProblemKind(READER_PROBLEM, "undeclared-namespace", WARN, "a well-known prefix used undeclared (declared)"),
    ProblemKind(READER_PROBLEM, "namespace-error", WARN, "a namespace error WordPress reads through (ignored)"),
    ProblemKind(READER_PROBLEM, "duplicate-attribute", WARN, "an attribute given twice (the first value kept)"),
    ProblemKind("BI012", "namespace-not-uri", WARN, "a namespace name that is an IRI, not an ASCII URI (ignored)"),
    ProblemKind(
        READER_PROBLEM, "foreign-namespace", WARN, "an element in no WordPress namespace where one belongs (ignored)"
    ),
    ProblemKind(READER_PROBLEM, "file-truncated", ERR, "the file ends early: what came after is lost"),
    ProblemKind(READER_PROBLEM, "xml-recovered", ERR, "the recovering parser skipped broken XML: content lost"),
    ProblemKind(READER_PROBLEM, "read-error", ERR, "reading stopped early; what came before is kept"),
    ProblemKind(READER_PROBLEM, "author-without-login", WARN, "a wp:author without a login (skipped)"),
    ProblemKind(READER_PROBLEM, "bad-number", WARN, "a number field that is not a number or out of range (left empty)"),
    ProblemKind(READER_PROBLEM, "meta-without-key", WARN, "a meta element without a key (its value dropped)"),
    ProblemKind(READER_PROBLEM, "missing-post-type", WARN, "an item without wp:post_type (read as a post)"),
    ProblemKind(READER_PROBLEM, "term-incomplete", WARN, "a category, tag or term without taxonomy or slug (skipped)"),
    ProblemKind(READER_PROBLEM, "undecodable-serialized-meta", WARN, "PHP-serialized meta that does not decode"),
    # HTML, text and mirror readers
    ProblemKind(READER_PROBLEM, "no-post-found", WARN, "a page in which no post was found"),
    ProblemKind(READER_PROBLEM, "generic-extraction", INFO, "a page no theme profile knows, read by the fallback"),
    ProblemKind(READER_PROBLEM, "unreadable-date", WARN, "a date as shown that cannot be read without guessing"),
    ProblemKind(READER_PROBLEM, "guessed-date", WARN, "a post dated from its address (/2008/05/12/): no date shown"),
    ProblemKind(READER_PROBLEM, "no-title", WARN, "a post on a page whose title was not found"),
    ProblemKind(READER_PROBLEM, "guessed-title", WARN, "a post titled from <title> minus the site name: no heading"),
    ProblemKind(READER_PROBLEM, "no-author", INFO, "a single post page that shows no author"),
    ProblemKind(READER_PROBLEM, "no-content", WARN, "a single post page whose text was not found"),
    ProblemKind(READER_PROBLEM, "comment-without-date", WARN, "comments on a page whose date could not be read"),
    ProblemKind(READER_PROBLEM, "comment-without-author", WARN, "comments on a page whose author was not found"),
    ProblemKind(
        READER_PROBLEM, "comments-not-in-page", WARN, "comments a script loads (Disqus, Facebook): not in the page"
    ),
    ProblemKind(READER_PROBLEM, "comments-missing", WARN, "fewer comments in the page than it announces (paged)"),
    ProblemKind(READER_PROBLEM, "empty-content", WARN, "an index page entry with no text or picture (not written)"),
    ProblemKind(READER_PROBLEM, "no-post-in-text", WARN, "a text file in which no post was found"),
    ProblemKind(READER_PROBLEM, "text-not-utf8", INFO, "a text file not in UTF-8 (read as Windows-1252)"),
    ProblemKind(
        READER_PROBLEM, "date-conflict", WARN, "a page and a feed give a post different dates (the page's is kept)"
    ),
    ProblemKind(READER_PROBLEM, "empty-folder", WARN, "a folder with no files to read"),
    ProblemKind(READER_PROBLEM, "excerpt-only", INFO, "only an excerpt of a post was found"),
    ProblemKind(READER_PROBLEM, "unreadable-feed", WARN, "a feed that cannot be read"),
    ProblemKind(READER_PROBLEM, "unreadable-file", WARN, "a file of a folder that cannot be read"),
    ProblemKind(
        READER_PROBLEM, "forced-format", INFO, "read with the reader {source_format} names, not the one detected"
    ),
    ProblemKind(
        READER_PROBLEM, "filter-matched-nothing", WARN, "a {types} or {statuses} value no post of the sources has"
    ),
    # writers
    ProblemKind(
        READER_PROBLEM,
        "output-clash",
        WARN,
        "a file blogimport did not write is where it writes one (left alone)",
        names_files=True,
    ),
    ProblemKind(
        READER_PROBLEM,
        "changed-since-written",
        WARN,
        "a file blogimport wrote was changed since (left alone)",
        names_files=True,
    ),
    ProblemKind(
        READER_PROBLEM,
        "stale-output",
        WARN,
        "files written for posts no longer exported (kept; {prune} removes them)",
        names_files=True,
    ),
    ProblemKind(
        READER_PROBLEM,
        "output-incomplete",
        ERR,
        "a write error (full disk, read-only folder) stopped the run: which posts were written",
        names_files=True,
    ),
    ProblemKind(
        READER_PROBLEM, "post-id-out-of-range", WARN, "a post id no database integer holds (stored under a new id)"
    ),
    ProblemKind(
        READER_PROBLEM,
        "comment-id-out-of-range",
        WARN,
        "a comment id no database integer holds (stored under a new id)",
    ),
    ProblemKind(READER_PROBLEM, "number-out-of-range", WARN, "a number no database integer holds (stored as NULL)"),
    ProblemKind(READER_PROBLEM, "missing-reusable-block", WARN, "a post uses a reusable block the export lacks"),
    ProblemKind(READER_PROBLEM, "media-download-failed", WARN, "a media file that could not be downloaded"),
    ProblemKind(READER_PROBLEM, "media-name-clash", INFO, "a media file named apart: a different image had its name"),
    ProblemKind(READER_PROBLEM, "markdown-fidelity", INFO, "a post whose Markdown renders differently"),
    ProblemKind(
        READER_PROBLEM,
        "reserved-path",
        WARN,
        "an old address the new site owns (its home page, a feed, the sitemap): no redirect or alias takes it over",
        names_files=True,
    ),
    ProblemKind(READER_PROBLEM, "item-over-split-size", WARN, "an item (with what it needs) larger than {split_size}"),
)

CODES: dict[str, ProblemKind] = {kind.code: kind for kind in _CHECKS}
PROBLEMS: dict[str, ProblemKind] = {kind.name: kind for kind in (*_CHECKS, *_CONVERSION)}


def severity_of(name: str) -> Severity:
    """A problem's severity (a name outside the vocabulary is a warning)."""
    kind = PROBLEMS.get(name)
    return kind.severity if kind else WARN


def names_files(name: str) -> bool:
    """Whether a problem's message lists files (the tally's summary then prints it whole)."""
    kind = PROBLEMS.get(name)
    return kind.names_files if kind else False


def lookup(code_or_name: str) -> ProblemKind | None:
    """Find a kind by ``BI101``, ``dangling-comment-parent`` or ``BI101 dangling-comment-parent``."""
    key = code_or_name.strip().split()[0] if code_or_name.strip() else ""
    return CODES.get(key.upper()) or PROBLEMS.get(key.lower())
