"""One job in a fresh Python process, from any process: what a Dask task runs on a worker.

A Dask worker runs tasks in threads of one long-lived process, which may not fork children
of its own through multiprocessing; a job started with ``subprocess`` keeps a crash, a
timeout and its memory to itself, and ``os.wait4`` gives that process's peak memory even when
it was killed.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .execute import one_line
from .jobs import Job
from .report import FAILED, fingerprint

# The folder holding the importer package this process runs: the child must run the same code.
_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent.parent)


def run_isolated(job: Job, timeout: float | None = None) -> dict[str, Any]:
    """Run ``job`` in a child process and return its outcome (a ``failed`` one if it died)."""
    with tempfile.TemporaryDirectory(prefix="blogimport-job-") as tmp:
        job_path, result_path, errors_path = (os.path.join(tmp, n) for n in ("job.json", "result.json", "stderr"))
        with open(job_path, "w", encoding="utf-8") as stream:
            json.dump(job.as_dict(), stream)
        started = time.monotonic()
        with open(errors_path, "wb") as errors:
            child = subprocess.Popen(
                [sys.executable, "-m", "importer.bulk.execute", job_path, result_path],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=errors,
                env=_child_env(),
            )
        status, peak_mb, timed_out = _wait(child, started, timeout)
        if os.path.exists(result_path) and status == 0:
            with open(result_path, encoding="utf-8") as stream:
                outcome: dict[str, Any] = json.load(stream)
            return outcome
        if timed_out:
            reason = f"timed out after {timeout:g} s ({{job_timeout}})"  # batch() spells it
        else:
            reason = _death(status, Path(errors_path).read_text(encoding="utf-8", errors="replace"))
        return {
            "status": FAILED,
            "reason": reason,
            "inputs": [fingerprint(source) for source in job.sources],
            "tally": None,
            "seconds": round(time.monotonic() - started, 3),
            "peak_memory_mb": peak_mb,
        }


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (_PACKAGE_ROOT, env.get("PYTHONPATH")) if p)
    return env


def _wait(child: subprocess.Popen[bytes], started: float, timeout: float | None) -> tuple[int, float, bool]:
    """Wait for the child with ``os.wait4`` (its own resource usage), killing it at the timeout.
    Returns its wait status, its peak memory in MB and whether it was timed out."""
    timed_out, pause = False, 0.005
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if timeout is not None and time.monotonic() - started > timeout:
            child.kill()
            timed_out = True
            pid, status, usage = os.wait4(child.pid, 0)
            break
        time.sleep(pause)
        pause = min(pause * 2, 0.1)
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
    return child.returncode, round(usage.ru_maxrss / 1024, 1), timed_out


def _death(exitcode: int, stderr: str) -> str:
    last = [line for line in stderr.splitlines() if line.strip()][-1:]
    if exitcode < 0:
        return f"the job's process was killed by {signal.Signals(-exitcode).name}"
    return one_line(f"the job's process ended with exit code {exitcode}" + (f": {last[0]}" if last else ""))
