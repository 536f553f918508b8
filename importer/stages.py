"""The record stream's stages between the readers and a writer: what ``convert`` does to the
records of one run whether one process reads them or several (:mod:`importer.parallel`): each
author and term once, the filters (``--type``, ``--status``, ``--since``, ``--until``), redaction.
The library API (:mod:`importer.api`) chains them; its names for them stay importable from there.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from .model import Author, Post, Record, Term
from .readers import ReadOptions
from .tally import Tally


@dataclass(slots=True)
class Filters:
    types: frozenset[str] = frozenset()  # empty = every type
    statuses: frozenset[str] = frozenset()
    since: datetime | None = None
    until: datetime | None = None

    def reason_to_skip(self, post: Post) -> str | None:
        if self.types and post.type not in self.types:
            return "not selected by {types}"
        if self.statuses and (post.status or "") not in self.statuses:
            return "not selected by {statuses}"
        if self.since or self.until:
            if post.date is None:
                return "undated, outside {since}/{until}"
            day = post.date.replace(tzinfo=None)
            if self.since and day < self.since:
                return "before {since}"
            if self.until and day > self.until:
                return "after {until}"
        return None


@dataclass(slots=True)
class ConvertOptions:
    read: ReadOptions = field(default_factory=ReadOptions)
    filters: Filters = field(default_factory=Filters)
    source_format: str | None = None  # None = detect from content
    redact: bool = False  # drop commenter and author emails and IP addresses


@dataclass(slots=True)
class SeenNames:
    """The authors (by login) and terms (by taxonomy and slug) a run has met."""

    authors: set[str] = field(default_factory=set)
    terms: set[tuple[str, str]] = field(default_factory=set)


def without_repeats(records: Iterable[Record], seen: SeenNames, tally: Tally) -> Iterator[Record]:
    """Each author and term once: a repeat (the same site exported as several files, a term
    listed twice) is counted as skipped."""
    for record in records:
        if isinstance(record, Author):
            if record.login in seen.authors:
                tally.skip("author", "duplicate across sources")
                continue
            seen.authors.add(record.login)
        elif isinstance(record, Term):
            key = (record.taxonomy, record.slug)
            if key in seen.terms:
                tally.skip("term", "duplicate across sources")
                continue
            seen.terms.add(key)
        yield record


def filter_posts(
    records: Iterable[Record], filters: Filters, tally: Tally, seen: dict[str, set[str]] | None = None
) -> Iterator[Record]:
    """The records ``filters`` keep. A filter value no post has is reported at the end, unless
    ``seen`` is given: then the types and statuses met are added to it, for the caller to report
    (:func:`report_unmatched`) once every part of a file was read."""
    met: dict[str, set[str]] = {"types": set(), "statuses": set()} if seen is None else seen
    seen_types, seen_statuses = met.setdefault("types", set()), met.setdefault("statuses", set())
    for record in records:
        if isinstance(record, Post):
            seen_types.add(record.type)
            seen_statuses.add(record.status or "")
            reason = filters.reason_to_skip(record)
            if reason:
                tally.skip(record.type, reason)
                if record.comments:
                    tally.skip("comment", f"on a skipped {record.type}", len(record.comments))
                continue
        yield record
    if seen is None:
        report_unmatched(filters, met, tally)


def report_unmatched(filters: Filters, seen: dict[str, set[str]], tally: Tally) -> None:
    """A problem for each --type or --status value that no post had."""
    for option, wanted in (("types", filters.types), ("statuses", filters.statuses)):
        for value in sorted(wanted - seen.get(option, set())):
            tally.problem("filter-matched-nothing", f"{{{option}:{value}}}: no post of the sources has it")


def redact(records: Iterable[Record], tally: Tally) -> Iterator[Record]:
    """Remove personal data (emails, IP addresses) of authors and commenters."""
    for record in records:
        if isinstance(record, Author) and record.email:
            record.email = None
            tally.changed["emails redacted"] += 1
        elif isinstance(record, Post):
            for comment in record.comments:
                if comment.author_email:
                    comment.author_email = None
                    tally.changed["emails redacted"] += 1
                if comment.author_ip:
                    comment.author_ip = None
                    tally.changed["IP addresses redacted"] += 1
        yield record
