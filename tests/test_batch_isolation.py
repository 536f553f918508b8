"""A batch job's process is its own: killed from outside or past its timeout, that job fails
with a one-line reason and the others finish. Through the local pool and through the process a
Dask task starts (:func:`importer.bulk.isolated.run_isolated`, here called directly)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from importer.bulk import make_job
from importer.bulk.isolated import run_isolated

ROOT = Path(__file__).resolve().parent.parent
WXR = ROOT / "fixtures" / "wxr"


def holder_of(path: Path, besides: int, waiting: Callable[[], bool]) -> int | None:
    """The process (other than ``besides``) that has ``path`` open."""
    while waiting():
        for pid in filter(str.isdigit, os.listdir("/proc")):
            if int(pid) == besides:
                continue
            try:
                links = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
            except OSError:
                continue  # gone, or not ours to look at
            if str(path) in links:
                return int(pid)
        os.sched_yield()
    return None


def kill_the_reader(fifo: Path, waiting: Callable[[], bool]) -> None:
    """Once the job opens the FIFO to read (it blocks until a writer comes), kill the job.
    ``waiting`` says whether the run that should open it is still going."""
    while waiting():
        try:
            writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)  # fails until a reader has it open
        except OSError:
            os.sched_yield()
            continue
        try:
            reader = holder_of(fifo, os.getpid(), waiting)
            assert reader is not None, "the run ended before the job could be killed"
            os.kill(reader, signal.SIGKILL)
        finally:
            os.close(writer)
        return
    raise AssertionError("the run ended without its job opening its input")


def test_a_job_killed_from_outside_fails_alone_in_the_local_pool(tmp_path: Path) -> None:
    shutil.copy(WXR / "wpcom-small.xml", tmp_path / "a.xml")
    shutil.copy(WXR / "selfhosted.xml", tmp_path / "b.xml")
    os.mkfifo(tmp_path / "stuck.xml")  # its job blocks reading until the test kills it
    (tmp_path / "jobs.csv").write_text(
        "sources,to,output\na.xml,json,a.json\nstuck.xml,json,stuck.json\nb.xml,json,b.json\n", encoding="utf-8"
    )
    batch = subprocess.Popen(
        [sys.executable, "-m", "importer", "batch", str(tmp_path / "jobs.csv"), "-o", str(tmp_path / "r.jsonl"),
         "--jobs", "2", "--job-timeout", "120"],  # the timeout only ends a run the test failed to kill
        cwd=ROOT, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    kill_the_reader(tmp_path / "stuck.xml", lambda: batch.poll() is None)
    _, stderr = batch.communicate()
    assert batch.returncode == 1
    lines = {line["id"]: line for line in map(json.loads, (tmp_path / "r.jsonl").read_text().splitlines())}
    assert {k: v["status"] for k, v in lines.items()} == {"a.json": "ok", "stuck.json": "failed", "b.json": "ok"}
    reason = "the job's process was killed by SIGKILL (out of memory?)"
    assert lines["stuck.json"]["reason"] == reason
    assert f"failed: stuck.json: {reason}" in stderr
    assert not (tmp_path / "stuck.json").exists()


def test_the_process_a_dask_task_starts_reports_a_kill_and_a_timeout(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "stuck.xml")
    job = make_job({"sources": ["stuck.xml"], "to": "json", "output": "stuck.json"}, str(tmp_path))
    outcome = run_isolated(job, timeout=1)
    # the option stays a field: batch() spells it as its caller does (python_spelling, or the CLI's flags)
    assert (outcome["status"], outcome["reason"]) == ("failed", "timed out after 1 s ({job_timeout})")
    assert outcome["peak_memory_mb"] > 1, "wait4 reports the killed process's peak memory"

    running = threading.Event()
    running.set()
    killer = threading.Thread(target=kill_the_reader, args=(tmp_path / "stuck.xml", running.is_set))
    killer.start()
    outcome = run_isolated(job, timeout=120)  # the timeout only ends a run the test failed to kill
    running.clear()
    killer.join()
    assert (outcome["status"], outcome["reason"]) == ("failed", "the job's process was killed by SIGKILL")
    good = make_job({"sources": [str(WXR / "wpcom-small.xml")], "to": "json", "output": "a.json"}, str(tmp_path))
    assert run_isolated(good)["status"] == "ok"
    assert json.loads((tmp_path / "a.json").read_text())["site"]["title"] == "Tidepool Notes"
