"""Bulk conversions: many ``convert`` jobs, each in a process of its own, on this machine or on
a Dask cluster, with a report that lets a run killed halfway finish later.

Example::

    import importer
    results = importer.batch(
        [{"sources": ["a.xml"], "to": "json", "output": "a.json"},
         {"sources": ["b.xml"], "to": "markdown", "output": "b-site", "preset": "jekyll"}],
        report="REPORT.jsonl",
    )
    failed = [r for r in results if r.state == "failed"]
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from ..errors import Spelling, python_spelling, spell_options
from .jobs import Job, check_unique, jobs_in_folder, load_jobs, make_job
from .report import FAILED, OK, SKIPPED, JobResult, Report, reason_to_skip, skipped

__all__ = [
    "FAILED",
    "OK",
    "SKIPPED",
    "Job",
    "JobResult",
    "batch",
    "jobs_in_folder",
    "load_jobs",
    "make_job",
]


def batch(
    jobs: Iterable[Job | Mapping[str, Any]],
    report: str,
    *,
    workers: int | None = None,
    job_timeout: float | None = None,
    retry_failed: bool = False,
    scheduler: str | None = None,
    on_result: Callable[[JobResult], None] | None = None,
    spelling: Spelling = python_spelling,
) -> list[JobResult]:
    """Run ``jobs`` (``Job`` objects, or mappings with ``sources``, ``to``, ``output`` and convert
    options by name) and return one result per job, in the order of ``jobs``.

    Each result is appended to the JSON Lines file ``report`` as soon as its job ends. Jobs the
    report shows done (or failed, unless ``retry_failed``) with unchanged inputs are skipped.
    ``workers`` processes run at once (default: the number of cores), each job is stopped after
    ``job_timeout`` seconds; with ``scheduler`` (``tcp://HOST:8786``) the jobs go to that Dask
    cluster instead. ``on_result`` is called with each result as it comes (progress). Options in
    the reasons are spelt by ``spelling`` (the command line passes its flags').
    KeyboardInterrupt stops the run: running jobs are killed, finished ones stay in the report.
    """
    job_list = [job if isinstance(job, Job) else make_job(job, os.getcwd()) for job in jobs]
    check_unique(job_list)
    run = datetime.now(UTC).isoformat(timespec="seconds")
    results: dict[str, JobResult] = {}

    with Report(report) as log:

        def record(result: JobResult) -> None:
            if result.reason:
                result = dataclasses.replace(result, reason=spell_options(result.reason, spelling))
            log.append(result)
            results[result.id] = result
            if on_result:
                on_result(result)

        def done(job: Job, outcome: dict[str, Any]) -> None:
            record(JobResult(job.id, sources=job.sources, to=job.to, output=job.output, settings=job.settings(),
                             run=run, **outcome))  # fmt: skip

        to_run = []
        for job in job_list:
            last = log.latest.get(job.id)
            reason = reason_to_skip(job, last, retry_failed) if last else None
            if last and reason:
                record(skipped(job, last, reason, run))
            else:
                to_run.append(job)
        _dispatch(to_run, done, workers, job_timeout, scheduler)
    return [results[job.id] for job in job_list]


def _dispatch(
    jobs: list[Job],
    done: Callable[[Job, dict[str, Any]], None],
    workers: int | None,
    job_timeout: float | None,
    scheduler: str | None,
) -> None:
    if not jobs:
        return
    if scheduler:
        from .cluster import run_on_cluster

        run_on_cluster(jobs, done, scheduler, job_timeout)
    else:
        from .local import default_workers, run_local

        run_local(jobs, done, workers or default_workers(), job_timeout)
