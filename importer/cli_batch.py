"""``blogimport batch``: many conversions from a jobs file or a folder (a thin layer over
:func:`importer.bulk.batch`, imported when the command runs)."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TYPE_CHECKING, Any

import click

from .cli_report import flag_spelling, reporting_errors
from .errors import UsageError
from .writers import WRITERS

if TYPE_CHECKING:
    from . import bulk

REPORT_NAME = "REPORT.jsonl"  # the report's default name inside --out-dir


@click.command()
@click.argument("jobs_or_folder", metavar="JOBS|DIR")
@click.option("-o", "--report", help=f"The report (JSON Lines, appended to). Default with DIR: OUT/{REPORT_NAME}.")
@click.option(
    "--to", type=click.Choice(sorted(WRITERS)), help="Output format (DIR: required; JOBS: for rows without one)."
)
@click.option("--out-dir", help="DIR: where the outputs go, each named after its input.")
@click.option(
    "--set",
    "settings",
    multiple=True,
    metavar="NAME=VALUE",
    help="A convert option for every job (a jobs file's own columns win), e.g. --set preset=jekyll.",
)
@click.option(
    "-j", "--jobs", "workers", type=click.IntRange(1, 512), help="Jobs at once (default: the number of cores)."
)
@click.option(
    "--job-timeout", type=click.FloatRange(0, min_open=True), metavar="SECONDS", help="Stop a job after this."
)
@click.option("--retry", type=click.Choice(["failed"]), help="Run the jobs the report shows failed again.")
@click.option("--scheduler", metavar="tcp://HOST:8786", help="Run the jobs on this Dask cluster (shared filesystem).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary table (failures are still listed).")
def batch(
    jobs_or_folder: str,
    report: str | None,
    to: str | None,
    out_dir: str | None,
    settings: tuple[str, ...],
    workers: int | None,
    job_timeout: float | None,
    retry: str | None,
    scheduler: str | None,
    quiet: bool,
) -> None:
    """Run many conversions: one per line of JOBS (CSV or JSON Lines), or one per export, page
    and mirror folder in DIR. Each job runs in its own process; a failure never stops the others.

    JOBS has the columns sources (several separated by ';'), to, output, an optional id, and any
    convert option by name (preset, status, redact, keep_internal, ...). Relative paths are
    taken from the jobs file's folder. DIR makes one job per file (an export or a saved page;
    anything else fails with the reason) and one per subfolder (a site mirror).

    Every job adds a line to the report (status ok, failed or skipped, its tally, seconds, peak
    memory, its inputs' size, time and SHA-256). Run the same command again to finish after a
    crash or Ctrl-C: jobs done with unchanged inputs are skipped. Exit 1 if any job failed.

    \b
    Examples:
      blogimport batch exports/ --to markdown --out-dir sites/
      blogimport batch exports/ --to json --out-dir json/ --set redact=true --jobs 4
      blogimport batch jobs.csv -o REPORT.jsonl
      blogimport batch jobs.jsonl -o REPORT.jsonl --retry failed --job-timeout 600
      blogimport batch jobs.csv -o REPORT.jsonl --scheduler tcp://10.0.0.5:8786
    """
    if scheduler and workers:
        raise click.UsageError("--jobs is for the local pool; with --scheduler the cluster's workers run the jobs")
    from . import bulk

    with reporting_errors():
        defaults = _settings(settings)
        jobs, report = _jobs(jobs_or_folder, report, to, out_dir, defaults)
        results = _run(jobs, report, workers, job_timeout, retry == "failed", scheduler, quiet)
    sys.exit(1 if any(r.state == bulk.FAILED for r in results) else 0)


def _settings(settings: tuple[str, ...]) -> dict[str, Any]:
    from .bulk.options import check_name

    values: dict[str, Any] = {}
    for setting in settings:
        name, equals, value = setting.partition("=")
        if not equals:
            raise UsageError(f"--set {setting!r}: give NAME=VALUE, e.g. --set preset=jekyll")
        values[check_name(name)] = value
    return values


def _jobs(
    path: str, report: str | None, to: str | None, out_dir: str | None, defaults: dict[str, Any]
) -> tuple[list[bulk.Job], str]:
    from . import bulk

    if not os.path.isdir(path):
        if out_dir:
            raise UsageError("--out-dir is for a folder of exports; a jobs file names each output")
        if not report:
            raise UsageError("missing option -o/--report")
        return bulk.load_jobs(path, {"to": to, **defaults} if to else defaults), report
    if not to or not out_dir:
        raise UsageError("a folder needs --to and --out-dir")
    report = report or os.path.join(out_dir, REPORT_NAME)
    os.makedirs(out_dir, exist_ok=True)
    jobs = bulk.jobs_in_folder(path, to, out_dir, defaults, exclude=[out_dir, report])
    if not jobs:
        raise UsageError("the folder is empty", file=path)
    return jobs, report


def _run(
    jobs: list[bulk.Job],
    report: str,
    workers: int | None,
    job_timeout: float | None,
    retry_failed: bool,
    scheduler: str | None,
    quiet: bool,
) -> list[bulk.JobResult]:
    from . import bulk
    from .bulk.summary import failure_lines, summary_lines

    done: list[bulk.JobResult] = []
    started = time.monotonic()
    with _progress(len(jobs), not quiet) as advance, _sigterm_interrupts():

        def on_result(result: bulk.JobResult) -> None:
            done.append(result)
            advance()

        try:
            results = bulk.batch(
                jobs,
                report,
                workers=workers,
                job_timeout=job_timeout,
                retry_failed=retry_failed,
                scheduler=scheduler,
                on_result=on_result,
                spelling=flag_spelling,
            )
        except KeyboardInterrupt:
            left = len(jobs) - len(done)
            click.echo(f"\ninterrupted: {len(done)} jobs recorded in {report}, {left} left", err=True)
            click.echo("run the same command again to finish the rest", err=True)
            raise
    if not quiet:
        for line in summary_lines(results, time.monotonic() - started):
            click.echo(line, err=True)
    for line in failure_lines(results, flag_spelling):
        click.echo(line, err=True)
    return results


@contextmanager
def _progress(total: int, enabled: bool) -> Iterator[Any]:
    """A bar over jobs on stderr, only on a terminal."""
    if not (enabled and sys.stderr.isatty()):
        yield lambda: None
        return
    with click.progressbar(length=total, label="jobs", file=sys.stderr, show_pos=True) as bar:
        yield lambda: bar.update(1)


@contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """SIGTERM stops the run as Ctrl-C does: running jobs are killed, the report stays valid."""

    def interrupt(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers belong to the main thread
        return
    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
