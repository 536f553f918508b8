"""The run's account: what was read, written and skipped (with reasons), and problems found.

Nothing is lost silently: a reader or writer that drops or changes something counts it here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from .errors import Spelling, spell_options
from .problems import names_files, severity_of

# A skip reason a caller's option can change: the command line names its option beside it.
SKIP_INTERNAL_TYPE = "internal WordPress type"


# An empty Counter without Counter.__init__ (Python code calling update(None), four times a
# Tally): the Markdown writer makes a Tally for every post.
_new_counter = partial(Counter.__new__, Counter)


@dataclass(slots=True)
class Problem:
    code: str  # a name of importer.problems, e.g. "invalid-xml-char", "dangling-comment-parent"
    message: str
    severity: str = "warning"  # "error", "warning", "info": the code's, from importer.problems
    file: str | None = None
    line: int | None = None
    post_id: int | None = None
    template: str | None = None  # the message with its {option} fields (importer.errors), if it names one


@dataclass(slots=True)
class Tally:
    read: Counter[str] = field(default_factory=_new_counter)  # kind -> n ("post", "page", "comment", ...)
    written: Counter[str] = field(default_factory=_new_counter)
    skipped: Counter[tuple[str, str]] = field(default_factory=_new_counter)  # (kind, reason) -> n
    changed: Counter[str] = field(default_factory=_new_counter)  # what -> n (e.g. "invalid XML characters stripped")
    problems: list[Problem] = field(default_factory=list)
    # A reason or change that names an option, as the library spells it -> its {option} template.
    templates: dict[str, str] = field(default_factory=dict)

    def skip(self, kind: str, reason: str, n: int = 1) -> None:
        """Count ``n`` records of ``kind`` skipped; ``reason`` names options as ``{name}`` fields."""
        self.skipped[(kind, self._text(reason))] += n

    def change(self, what: str, n: int = 1) -> None:
        """Count ``n`` changes made (``what`` names options as ``{name}`` fields)."""
        self.changed[self._text(what)] += n

    def problem(self, code: str, message: str, **where: Any) -> None:
        """Record a problem; its severity is the one :mod:`importer.problems` gives ``code``."""
        text = spell_options(message)
        template = message if text != message else None
        self.problems.append(Problem(code, text, severity_of(code), template=template, **where))

    def _text(self, template: str) -> str:
        text = spell_options(template)
        if text != template:
            self.templates[text] = template
        return text

    def merge(self, other: Tally) -> None:
        # Counter.update is Python code, and most of a post's counters are empty
        if other.read:
            self.read.update(other.read)
        if other.written:
            self.written.update(other.written)
        if other.skipped:
            self.skipped.update(other.skipped)
        if other.changed:
            self.changed.update(other.changed)
        self.problems.extend(other.problems)
        self.templates.update(other.templates)

    def spelt(self, spelling: Spelling) -> Tally:
        """A copy whose texts name options as ``spelling`` spells them (the command line: its flags)."""
        return Tally(
            read=Counter(self.read),
            written=Counter(self.written),
            skipped=Counter({(kind, self._spelt(reason, spelling)): n for (kind, reason), n in self.skipped.items()}),
            changed=Counter({self._spelt(what, spelling): n for what, n in self.changed.items()}),
            problems=[
                replace(p, message=spell_options(p.template, spelling)) if p.template else p for p in self.problems
            ],
        )

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

    def _spelt(self, text: str, spelling: Spelling) -> str:
        template = self.templates.get(text)
        return spell_options(template, spelling) if template else text

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
