"""``blogimport inspect``: what a source holds, and the problems visible in its records.

Works on the record stream of any reader (WXR, HTML, ...): it counts items by type and status,
comments by type and status, authors, terms by taxonomy, the date range and the posts by
provenance rule (e.g. the HTML theme profile that found them), and reports what ``validate``'s
record checks find (duplicate ids, dangling comment parents, undeclared authors and terms,
duplicate slugs, ...: :mod:`importer.validate.source_checks`) beside the problems the reader
itself reported, all named as in :mod:`importer.problems`.

Example::

    from importer.inspect import inspect_sources, format_text
    print(format_text(inspect_sources(["export.xml"])))
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .api import read
from .model import Author, Post, Record, Site, Term
from .readers import ReadOptions
from .tally import Problem, Tally
from .transforms.dates import with_offset
from .validate.source_checks import SourceChecker

NO_STATUS = "(none)"
_FIELD_RULES = ("profile:", "generic-fallback", "jsonld", "opengraph")  # HTML rules with per-field locators


@dataclass(slots=True)
class SourceInfo:
    path: str
    format: str | None
    version: str | None
    title: str | None
    generator: str | None


@dataclass(slots=True)
class _Dated:
    date: datetime
    text: str


@dataclass
class Inspection:
    """The result of inspecting one or more sources (read them as one archive)."""

    sources: list[SourceInfo] = field(default_factory=list)
    items: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))  # type -> status -> n
    comments: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))  # type -> status -> n
    authors: list[str] = field(default_factory=list)  # declared logins, in order
    terms: Counter[str] = field(default_factory=Counter)  # taxonomy -> n
    provenance_rules: Counter[str] = field(default_factory=Counter)  # rule -> posts found by it
    # HTML pages: field -> "where (rule)" -> posts, e.g. "title" -> {"h1.entry-title (profile:twentyten)": 3}
    found_where: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    first: _Dated | None = None
    last: _Dated | None = None
    problems: list[Problem] = field(default_factory=list)  # found by inspect
    tally: Tally = field(default_factory=Tally)  # the readers' account, with their own problems

    def as_dict(self) -> dict[str, Any]:
        reader = self.tally.as_dict()
        return {
            "sources": [
                {"path": s.path, "format": s.format, "version": s.version, "title": s.title, "generator": s.generator}
                for s in self.sources
            ],
            "items": _nested_counts(self.items),
            "comments": _nested_counts(self.comments),
            "authors": {"count": len(self.authors), "logins": self.authors},
            "terms": dict(sorted(self.terms.items())),
            "date_range": {
                "first": self.first.text if self.first else None,
                "last": self.last.text if self.last else None,
            },
            "provenance_rules": dict(sorted(self.provenance_rules.items())),
            "found_where": {name: dict(sorted(where.items())) for name, where in sorted(self.found_where.items())},
            "read": reader["read"],
            "skipped": reader["skipped"],
            "changed": reader["changed"],
            "problems": reader["problems"] + [_problem_dict(p) for p in self.problems],
        }


def _nested_counts(counts: dict[str, Counter[str]]) -> dict[str, Any]:
    return {
        "total": sum(sum(c.values()) for c in counts.values()),
        "by_type": {kind: dict(sorted(c.items())) for kind, c in sorted(counts.items())},
    }


def _problem_dict(p: Problem) -> dict[str, Any]:
    return {k: getattr(p, k) for k in ("code", "severity", "message", "file", "line", "post_id")}


class _Inspector:
    """Consumes records and accumulates an Inspection; cross-record checks run in ``finish``."""

    def __init__(self, result: Inspection) -> None:
        self.result = result
        self.declared_authors: set[str] = set()
        self.term_keys: set[tuple[str, str]] = set()
        self.checks = SourceChecker(file="")

    def add(self, record: Record) -> None:
        self.checks.record(record)
        if isinstance(record, Author):
            if record.login not in self.declared_authors:
                self.declared_authors.add(record.login)
                self.result.authors.append(record.login)
        elif isinstance(record, Term):
            if (record.taxonomy, record.slug) not in self.term_keys:
                self.term_keys.add((record.taxonomy, record.slug))
                self.result.terms[record.taxonomy] += 1
        elif isinstance(record, Post):
            self._add_post(record)

    def _add_post(self, post: Post) -> None:
        result = self.result
        result.items[post.type][post.status or NO_STATUS] += 1
        for rule in sorted({p.rule for p in post.provenance if p.rule}):
            result.provenance_rules[rule] += 1
        for p in post.provenance:  # the HTML reader records "field: selector" per field it found
            if p.rule and p.locator and p.rule.startswith(_FIELD_RULES) and ": " in p.locator:
                name, where = p.locator.split(": ", 1)
                result.found_where[name][f"{where} ({p.rule})"] += 1
        if post.date is not None:
            self._add_date(post.date, post.date_gmt)
        self._add_comments(post)

    def _add_date(self, local: datetime, utc: datetime | None) -> None:
        naive = local.replace(tzinfo=None)
        shown = with_offset(local, utc)
        text = shown.isoformat() if shown else naive.isoformat()
        if self.result.first is None or naive < self.result.first.date:
            self.result.first = _Dated(naive, text)
        if self.result.last is None or naive > self.result.last.date:
            self.result.last = _Dated(naive, text)

    def _add_comments(self, post: Post) -> None:
        for comment in post.comments:
            self.result.comments[comment.type][comment.status or NO_STATUS] += 1

    def finish(self) -> None:
        for found in self.checks.finish():
            problem = Problem(found.name, found.message, found.severity, line=found.line, post_id=found.post_id)
            self.result.problems.append(problem)


def inspect_records(records: Iterable[Record], result: Inspection | None = None) -> Inspection:
    """Inspect a record stream (of any reader). Sources are described by the Site records seen."""
    result = result if result is not None else Inspection()
    inspector = _Inspector(result)
    for record in records:
        if isinstance(record, Site):
            path = ", ".join(record.sources) if record.sources else "?"
            result.sources.append(
                SourceInfo(path, record.source_format, record.format_version, record.title, record.generator)
            )
        inspector.add(record)
    inspector.finish()
    return result


def _each_source(
    sources: Sequence[str], options: ReadOptions, tally: Tally, source_format: str | None
) -> Iterable[Record]:
    # One read per source, so that each source's own Site record (its format and version) is seen.
    for source in sources:
        yield from read([source], options, tally, source_format=source_format)


def inspect_sources(
    sources: Sequence[str],
    options: ReadOptions | None = None,
    *,
    source_format: str | None = None,
) -> Inspection:
    """Read ``sources`` as one archive and inspect it; the readers' tally is ``result.tally``."""
    result = Inspection()
    records = _each_source(sources, options or ReadOptions(), result.tally, source_format)
    return inspect_records(records, result)


def format_text(inspection: Inspection) -> str:
    """The human report printed by ``blogimport inspect``."""
    return "\n".join(_text_lines(inspection)) + "\n"


def format_json(inspection: Inspection) -> str:
    """The report as one JSON document (``blogimport inspect --format json``)."""
    return json.dumps(inspection.as_dict(), indent=2, ensure_ascii=False) + "\n"


def _text_lines(ins: Inspection) -> Iterable[str]:
    data = ins.as_dict()
    for s in ins.sources:
        version = f" {s.version}" if s.version else ""
        extra = "".join(f", {v}" for v in (s.title, s.generator) if v)
        yield f"source: {s.path} ({s.format or 'unknown format'}{version}{extra})"
    yield from _count_lines("items", data["items"])
    yield from _count_lines("comments", data["comments"])
    yield f"authors: {len(ins.authors)}" + (f" ({', '.join(ins.authors)})" if ins.authors else "")
    terms = ", ".join(f"{tax} {n}" for tax, n in sorted(ins.terms.items()))
    yield f"terms: {sum(ins.terms.values())}" + (f" ({terms})" if terms else "")
    if ins.first and ins.last:
        yield f"dates: {ins.first.text} to {ins.last.text}"
    else:
        yield "dates: none"
    if ins.provenance_rules:
        yield "found by: " + ", ".join(f"{rule} {n}" for rule, n in sorted(ins.provenance_rules.items()))
    if ins.found_where:
        yield "found where:"
        for name, places in sorted(ins.found_where.items()):
            yield f"  {name}: " + ", ".join(f"{w} {n}" for w, n in sorted(places.items()))
    if set(data["read"]) - {"post", "page", "attachment", "comment"}:  # readers of many files (mirror)
        yield "read: " + ", ".join(f"{n} {kind}" for kind, n in data["read"].items())
    if data["skipped"]:
        yield "skipped: " + ", ".join(f"{s['count']} {s['kind']} ({s['reason']})" for s in data["skipped"])
    if data["changed"]:
        yield "changed: " + ", ".join(f"{n} {what}" for what, n in data["changed"].items())
    problems = data["problems"]
    yield f"problems: {len(problems)}" if problems else "problems: none"
    for p in problems:
        where = ""
        if p["file"]:
            where = p["file"] + (f":{p['line']}" if p["line"] is not None else "") + ": "
        yield f"  {p['severity']} {p['code']}: {where}{p['message']}"


def _count_lines(label: str, counts: dict[str, Any]) -> Iterable[str]:
    yield f"{label}: {counts['total']}"
    by_type: dict[str, dict[str, int]] = counts["by_type"]
    width = max((len(kind) for kind in by_type), default=0)
    for kind, statuses in by_type.items():
        parts = ", ".join(f"{status} {n}" for status, n in statuses.items())
        yield f"  {kind.ljust(width)}  {sum(statuses.values())}: {parts}"


# report format name -> the function that writes it
FORMATS: dict[str, Callable[[Inspection], str]] = {"text": format_text, "json": format_json}
