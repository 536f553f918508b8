"""Findings: what ``blogimport validate`` reports, one per problem found.

Every finding has a stable code (``BI101``), a kebab-case name (``dangling-comment-parent``),
a severity, a location (file, line where known, post id) and a one-line message. The
codes, names and severities are those of :mod:`importer.problems` (the README lists them).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..errors import Spelling, spell_options
from ..problems import CODES, ProblemKind, Severity, lookup

__all__ = ["CODES", "TOO_DEEP", "Finding", "ProblemKind", "Report", "Severity", "apply_policy", "finding", "lookup"]

# The message for a JSON, YAML or TOML file nested past what the parsers read (they recurse).
TOO_DEEP = "nested too deeply to read (lists or tables more than about 900 levels deep)"


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
    template: str | None = None  # the message with its {option} fields (importer.errors), if it names one

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
    """A finding with its code's default severity; ``message`` names options as ``{name}`` fields."""
    text = spell_options(message)
    template = message if text != message else None
    return Finding(code, text, CODES[code].severity, file, line, column, post_id, comment_id, template)


@dataclass(slots=True)
class Report:
    """Every finding of one validate run, after --ignore and --strict were applied."""

    findings: list[Finding]
    files: list[str]  # every file checked, clean or not (junit lists each)
    unreadable: bool = False  # some input could not be read at all (exit 2)

    def spelt(self, spelling: Spelling) -> Report:
        """The report with the options its messages name spelt by ``spelling`` (the command line's flags)."""
        findings = [replace(f, message=spell_options(f.template, spelling)) if f.template else f for f in self.findings]
        return replace(self, findings=findings)

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
