"""The local pool: each job in a process of its own, at most ``workers`` at a time.

Processes are forked from a fork server that has the readers and writers imported already
(a job starts in milliseconds, not the half second of a fresh interpreter). A job that crashes,
is killed (out of memory) or outlives ``timeout`` fails alone; the others go on. Peak memory
is what the job's process reports; for a process that died, the high-water mark read from
``/proc`` while it ran.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

from .execute import run_forked
from .jobs import Job
from .report import FAILED, fingerprint

Outcome = dict[str, Any]
# imported once by the fork server, so that every job starts with them loaded
PRELOAD = [
    "importer.bulk.execute",
    "importer.readers.wxr.reader",
    "importer.readers.html",
    "importer.readers.mirror.reader",
    "importer.writers.json",
    "importer.writers.markdown",
    "importer.writers.sql",
]
TICK = 0.25  # seconds between looks at the running jobs (timeouts, memory)


@dataclass(slots=True)
class _Running:
    job: Job
    process: BaseProcess
    conn: Connection
    started: float
    outcome: Outcome | None = None
    peak_mb: float | None = None


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run_local(
    jobs: Iterable[Job], on_done: Callable[[Job, Outcome], None], workers: int, timeout: float | None = None
) -> None:
    """Run ``jobs`` and call ``on_done(job, outcome)`` as each ends, in the order they end.

    On KeyboardInterrupt the running jobs are killed (their outputs are written atomically, so
    nothing half-written stays) and the interrupt goes on to the caller."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    pending = deque(jobs)
    running: list[_Running] = []
    try:
        while pending or running:
            while pending and len(running) < workers:
                running.append(_start(context, pending.popleft()))
            wait([r.process.sentinel for r in running] + [r.conn for r in running], timeout=TICK)
            for entry in list(running):
                outcome = _check(entry, timeout)
                if outcome is not None:
                    running.remove(entry)
                    on_done(entry.job, outcome)
    finally:
        for entry in running:
            _kill(entry)


def _start(context: Any, job: Job) -> _Running:
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=run_forked, args=(job, sender), name=f"blogimport job {job.id}")
    process.start()
    sender.close()
    return _Running(job, process, receiver, time.monotonic())


def _check(entry: _Running, timeout: float | None) -> Outcome | None:
    """The job's outcome once it has ended (or been stopped for its timeout), else None."""
    exited = entry.process.exitcode is not None  # first: an outcome sent before the exit is in the pipe now
    if entry.outcome is None and entry.conn.poll():
        with contextlib.suppress(EOFError, OSError):  # died before sending: told below from its exit code
            entry.outcome = entry.conn.recv()
    if entry.outcome is None and not exited:
        entry.peak_mb = _high_water_mb(entry.process.pid) or entry.peak_mb
        seconds = time.monotonic() - entry.started
        if timeout is None or seconds <= timeout:
            return None
        _kill(entry)
        return _failure(entry, f"timed out after {timeout:g} s ({{job_timeout}})")  # batch() spells it
    entry.process.join()
    entry.conn.close()
    if entry.outcome is not None:
        return entry.outcome
    return _failure(entry, _death(entry.process.exitcode))


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name
        hint = " (out of memory?)" if exitcode == -signal.SIGKILL else ""
        return f"the job's process was killed by {name}{hint}"
    return f"the job's process ended with exit code {exitcode} before reporting"


def _failure(entry: _Running, reason: str) -> Outcome:
    return {
        "status": FAILED,
        "reason": reason,
        "inputs": [fingerprint(source) for source in entry.job.sources],
        "tally": None,
        "seconds": round(time.monotonic() - entry.started, 3),
        "peak_memory_mb": entry.peak_mb,
    }


def _high_water_mb(pid: int | None) -> float | None:
    """The peak resident memory of a running process (VmHWM in /proc), None where unknown."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except (OSError, ValueError):
        pass
    return None


def _kill(entry: _Running) -> None:
    if entry.process.exitcode is None:
        entry.process.kill()
    entry.process.join()
    entry.conn.close()
