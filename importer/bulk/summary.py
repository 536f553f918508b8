"""The table a batch run ends with: jobs by status, what they wrote, time and memory; then one
line per failed job."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ..errors import Spelling, python_spelling, spell_options
from .report import FAILED, OK, SKIPPED, JobResult

_COLUMNS = ("status", "jobs", "written", "problems", "job seconds", "peak MB")


def summary_lines(results: Sequence[JobResult], seconds: float) -> list[str]:
    rows = [_row(status, [r for r in results if r.status == status]) for status in (OK, FAILED, SKIPPED)]
    rows.append(_row("total", list(results)))
    widths = [max(len(str(row[i])) for row in [_COLUMNS, *rows]) for i in range(len(_COLUMNS))]
    lines = [_line(row, widths) for row in [_COLUMNS, *rows]]
    ran = sum(1 for r in results if r.status != SKIPPED)
    rate = f", {ran / seconds:.1f} jobs/s" if ran and seconds > 0 else ""
    lines.append(f"{ran} jobs run in {seconds:.1f} s{rate}")
    written: Counter[str] = Counter()
    for result in results:
        if result.status == OK and result.tally:
            written.update(result.tally["written"])
    if written:
        lines.append("written: " + ", ".join(f"{n} {kind}" for kind, n in sorted(written.items())))
    return lines


def _line(cells: tuple[object, ...], widths: list[int]) -> str:
    """The first column left-aligned, the numbers right-aligned."""
    return "  ".join(
        str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
    )


def _row(status: str, results: list[JobResult]) -> tuple[str, int, int, int, str, str]:
    written = sum(sum(r.tally["written"].values()) for r in results if r.tally)
    problems = sum(sum(r.tally["problems"].values()) for r in results if r.tally)
    seconds = sum(r.seconds or 0 for r in results)
    peaks = [r.peak_memory_mb for r in results if r.peak_memory_mb is not None]
    return (status, len(results), written, problems, f"{seconds:.1f}", f"{max(peaks):.0f}" if peaks else "-")


def failure_lines(results: Sequence[JobResult], spelling: Spelling = python_spelling) -> list[str]:
    """One line per job that stands failed: those that failed now and those skipped as failed
    before (``spelling`` names the option that runs them again)."""
    lines = [f"failed: {r.id}: {r.reason}" for r in results if r.status == FAILED]
    retry = spell_options("{retry_failed}", spelling)
    for result in results:
        if result.status == SKIPPED and result.state == FAILED:
            lines.append(f"failed before: {result.id} ({retry} runs it again)")
    return lines
