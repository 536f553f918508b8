"""Validate one source file: read it through the reader registry (the model checks), then, for
WXR, the raw pass (namespaces, channel, dates, line numbers)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .. import api
from ..errors import InputError, ParseError, UnsafeInputError
from ..readers import ReadOptions
from ..tally import Tally
from .findings import Finding, finding
from .source_checks import SourceChecker
from .wxr_scan import ScanResult, scan_wxr

# Sources read from pages: one in which no post is found is not a blog's page (a WXR or JSON export
# of a blog with no post is an export).
PAGE_FORMATS = {"html", "text", "mirror"}
NO_POST = "no post, page or comment found: not a page of a blog (an error page, a login page?)"
# Codes the raw WXR pass computes; the reader's own reports of them are not repeated.
RAW_CHECKED = {"BI010", "BI011", "BI012", "BI013", "BI200", "BI201", "BI202"}


@dataclass(slots=True)
class SourceResult:
    findings: list[Finding] = field(default_factory=list)
    unreadable: bool = False  # the file could not be read at all (exit code 2)


def _error_finding(code: str, exc: InputError, path: str) -> Finding:
    return finding(code, exc.template, file=exc.file or path, line=exc.line, column=exc.column)


def validate_source(path: str) -> SourceResult:
    """Every finding for the source at ``path`` (a WXR export or a saved HTML page)."""
    tally = Tally()
    checker = SourceChecker(path)
    try:
        for record in api.read([path], ReadOptions(), tally):
            checker.record(record)
    except UnsafeInputError as exc:
        return SourceResult([_error_finding("BI003", exc, path)])
    except ParseError as exc:
        return SourceResult([_error_finding("BI002", exc, path)])
    except InputError as exc:
        return SourceResult([_error_finding("BI001", exc, path)], unreadable=True)
    if checker.source_format in PAGE_FORMATS and not checker.posts_read:
        return SourceResult([finding("BI001", NO_POST, file=path)], unreadable=True)
    findings = checker.finish(tally.problems)
    if checker.source_format == "wxr":
        findings = [f for f in findings if f.code not in RAW_CHECKED]
        unplaced = [f for f in findings if f.line is None]
        posts = {f.post_id for f in unplaced if f.post_id is not None}
        comments = {f.comment_id for f in unplaced if f.comment_id is not None}
        scan = scan_wxr(path, posts, comments)  # the lines of the items and comments a finding names, no others
        findings = [_locate(f, scan) for f in findings] + scan.findings
    return SourceResult(findings)


def _locate(f: Finding, scan: ScanResult) -> Finding:
    """Give a model finding the line of its comment or item."""
    if f.line is not None:
        return f
    line = scan.comment_lines.get(f.comment_id) if f.comment_id is not None else None
    if line is None and f.post_id is not None:
        line = scan.post_lines.get(f.post_id)
    return replace(f, line=line) if line is not None else f
