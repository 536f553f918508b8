"""The run's account: what was read, written and skipped (with reasons), and problems found.

Nothing is lost silently: a reader or writer that drops or changes something counts it here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .problems import names_files, severity_of

# A skip reason a caller's option can change: the command line names its option beside it.
SKIP_INTERNAL_TYPE = "internal WordPress type"


@dataclass(slots=True)
class Problem:
    code: str  # a name of importer.problems, e.g. "invalid-xml-char", "dangling-comment-parent"
    message: str
    severity: str = "warning"  # "error", "warning", "info": the code's, from importer.problems
    file: str | None = None
    line: int | None = None
    post_id: int | None = None


@dataclass(slots=True)
class Tally:
    read: Counter[str] = field(default_factory=Counter)  # kind -> n ("post", "page", "comment", ...)
    written: Counter[str] = field(default_factory=Counter)
    skipped: Counter[tuple[str, str]] = field(default_factory=Counter)  # (kind, reason) -> n
    changed: Counter[str] = field(default_factory=Counter)  # what -> n (e.g. "invalid XML characters stripped")
    problems: list[Problem] = field(default_factory=list)

    def skip(self, kind: str, reason: str, n: int = 1) -> None:
        self.skipped[(kind, reason)] += n

    def problem(self, code: str, message: str, **where: Any) -> None:
        """Record a problem; its severity is the one :mod:`importer.problems` gives ``code``."""
        self.problems.append(Problem(code, message, severity_of(code), **where))

    def merge(self, other: Tally) -> None:
        self.read.update(other.read)
        self.written.update(other.written)
        self.skipped.update(other.skipped)
        self.changed.update(other.changed)
        self.problems.extend(other.problems)

    def summary_lines(self, hints: Mapping[str, str] | None = None) -> list[str]:
        """The human tally printed at the end of every run; ``hints`` adds a note to a skip reason
        (the command line: the option that keeps those records)."""
        lines = [f"read: {_counts(self.read) or 'nothing'}", f"written: {_counts(self.written) or 'nothing'}"]
        if self.skipped:
            hints = hints or {}
            parts = [
                f"{n} {kind} ({reason}{f' ({hints[reason]})' if reason in hints else ''})"
                for (kind, reason), n in sorted(self.skipped.items())
            ]
            lines.append("skipped: " + ", ".join(parts))
        else:
            lines.append("skipped: nothing")
        if self.changed:
            lines.append("changed: " + ", ".join(f"{n} {what}" for what, n in sorted(self.changed.items())))
        if self.problems:
            by_code = Counter(p.code for p in self.problems)
            lines.append("problems: " + ", ".join(f"{n} {code}" for code, n in sorted(by_code.items())))
            lines += [f"{p.code}: {p.message}" for p in self.problems if names_files(p.code)]
        return lines

    def as_dict(self) -> dict[str, Any]:
        return {
            "read": dict(sorted(self.read.items())),
            "written": dict(sorted(self.written.items())),
            "skipped": [
                {"kind": kind, "reason": reason, "count": n} for (kind, reason), n in sorted(self.skipped.items())
            ],
            "changed": dict(sorted(self.changed.items())),
            "problems": [
                {k: getattr(p, k) for k in ("code", "severity", "message", "file", "line", "post_id")}
                for p in self.problems
            ],
        }


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{n} {kind}" for kind, n in sorted(counter.items()))
