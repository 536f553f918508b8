"""Run one batch job: fingerprint its inputs, convert, and sum up the outcome as JSON-able data.

:func:`execute` never raises for what a job can cause: a bad file, a bug or a memory error
becomes a ``failed`` outcome with a one-line reason. It runs inside the job's own process:
forked by the local pool (:func:`run_forked`) or started by a Dask task
(``python -m importer.bulk.execute JOB.json RESULT.json``, :mod:`importer.bulk.isolated`).
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import sys
import time
from collections import Counter
from multiprocessing.connection import Connection
from typing import Any

from ..api import convert
from ..errors import BlogImportError, template_spelling
from ..tally import Tally
from .jobs import Job
from .options import convert_options, write_options
from .report import FAILED, OK, fingerprint

REASON_LIMIT = 400  # characters of a failure reason kept in the report


def execute(job: Job) -> dict[str, Any]:
    started = time.perf_counter()
    tally = Tally()
    status, reason = OK, None
    inputs = [fingerprint(source) for source in job.sources]
    try:
        if job.output:  # a jobs file may name outputs in folders that do not exist yet
            os.makedirs(os.path.dirname(job.output), exist_ok=True)
        convert(
            job.sources, job.to, job.output, convert_options(job.options), write_options(job.to, job.options), tally
        )
        if job.options.get("strict") and tally.skipped:
            n = sum(tally.skipped.values())
            status, reason = FAILED, f"strict: {n} record{' was' if n == 1 else 's were'} skipped"
    except BlogImportError as exc:
        status, reason = FAILED, one_line(exc.describe(template_spelling))  # batch() spells it
    except Exception as exc:  # a bug or a resource error must not take the other jobs with it
        status, reason = FAILED, one_line(f"internal error: {type(exc).__name__}: {exc}")
    return {
        "status": status,
        "reason": reason,
        "inputs": inputs,
        "tally": tally_summary(tally),
        "seconds": round(time.perf_counter() - started, 3),
        "peak_memory_mb": peak_memory_mb(),
    }


def one_line(text: str) -> str:
    line = " ".join(part.strip() for part in text.splitlines() if part.strip())
    return line if len(line) <= REASON_LIMIT else line[: REASON_LIMIT - 1] + "…"


def tally_summary(tally: Tally) -> dict[str, Any]:
    """The tally as the report keeps it: problems counted by code (a job may report thousands)."""
    summary = tally.as_dict()
    summary["problems"] = dict(sorted(Counter(p.code for p in tally.problems).items()))
    return summary


def peak_memory_mb() -> float:
    """Peak resident memory of this process (Linux reports kilobytes)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run_forked(job: Job, conn: Connection) -> None:
    """The local pool's child: Ctrl-C is the parent's to handle (it ends its children itself)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    outcome = execute(job)
    with contextlib.suppress(OSError):  # the batch was stopped: nobody waits for this outcome
        conn.send(outcome)
        conn.close()


def main(argv: list[str]) -> int:
    """``python -m importer.bulk.execute JOB.json RESULT.json``: the process a Dask task starts."""
    job_path, result_path = argv
    with open(job_path, encoding="utf-8") as stream:
        job = Job(**json.load(stream))
    outcome = execute(job)
    with open(result_path, "w", encoding="utf-8") as stream:
        json.dump(outcome, stream)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
