"""`blogimport batch` over a folder of every corpus export and page (each loose file one job, the
mirror folder one job) plus a few files broken on purpose: through the local pool and through a
real Dask cluster. Every job's output is what `convert` writes for it alone, the broken ones fail
with convert's one-line reason, and a run killed halfway finishes on the next run without redoing
the jobs it had finished."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS

from importer.cli import EXIT_FAILED, EXIT_INTERRUPTED, main

pytestmark = pytest.mark.corpus

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from synth_wxr import write_synthetic_wxr  # noqa: E402  (the benchmarks' export generator)

MIRROR = "pullmonkey"  # html/pullmonkey: a wget mirror of one blog, one job
# Broken on purpose, besides the malformed exports the corpus already has.
BROKEN = {
    "broken-truncated.xml": lambda: (CORPUS / "wxr/theme-test-data/theme-preview.xml").read_bytes()[:9000],
    "broken-not-a-blog.png": lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(64)),
    "broken-empty.xml": lambda: b"",
}
STOP_AFTER = 5  # report lines before the run is killed


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    root = tmp_path_factory.mktemp("corpus-batch") / "in"
    root.mkdir()
    for path in sorted(CORPUS.rglob("*")):
        if path.suffix in (".xml", ".html") and MIRROR not in path.parts:
            shutil.copy(path, root / "__".join(path.relative_to(CORPUS).parts))  # wxr-simple.xml is in two folders
    shutil.copytree(CORPUS / "html" / MIRROR, root / MIRROR)
    for name, content in BROKEN.items():
        (root / name).write_bytes(content())
    # One long job, first in the folder's order: while it runs the other worker finishes the small
    # jobs, so the interrupt always lands mid-run, however fast or busy the machine is.
    write_synthetic_wxr(root / "big-synthetic.xml", posts=15_000, comments_per_post=1)
    return root


@pytest.fixture(scope="module")
def alone(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, bytes]]:
    """What `convert` does with each entry on its own: (exit code, output bytes or stderr)."""
    out = tmp_path_factory.mktemp("alone")
    outcomes = {}
    for entry in sorted(folder.iterdir()):
        target = out / f"{entry.name}.jsonl"
        result = CliRunner().invoke(main, ["convert", str(entry), "--to", "jsonl", "-o", str(target), "-q"])
        outcomes[entry.name] = (result.exit_code, target.read_bytes() if result.exit_code == 0 else result.stderr_bytes)
    good = [name for name, (code, _) in outcomes.items() if code == 0]
    assert len(good) >= 75, "the issue asks for at least 75 jobs that convert"
    assert all(outcomes[name][0] == EXIT_FAILED for name in BROKEN)
    return outcomes


def report_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def check_outcomes(report: Path, alone: dict[str, tuple[int, bytes]]) -> None:
    """Every job stands as convert alone left it: the same output, or failed with its error line."""
    latest = {line["id"]: line for line in report_lines(report)}
    assert set(latest) == set(alone)
    for name, (code, expected) in alone.items():
        line = latest[name]
        state = line["was"] if line["status"] == "skipped" else line["status"]
        if code == 0:
            assert state == "ok", f"{name}: {line['reason']}"
            assert Path(line["output"]).read_bytes() == expected, f"{name}: output differs from convert alone"
        else:
            assert state == "failed", name
            reason = next(r for r in report_lines(report) if r["id"] == name and r["status"] == "failed")["reason"]
            assert expected.decode() == f"error: {reason}\n", "the reason is convert's own one-line error"


def batch_command(folder: Path, out: Path, *options: str) -> list[str]:
    return [sys.executable, "-m", "importer", "batch", str(folder), "--to", "jsonl", "--out-dir", str(out), *options]


def interrupted_run(command: list[str], report: Path, sig: signal.Signals) -> subprocess.CompletedProcess[str]:
    """Run ``command`` and send it ``sig`` once the report has STOP_AFTER lines."""
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # a shell may have it ignored
    )
    while process.poll() is None and (not report.exists() or report.read_bytes().count(b"\n") < STOP_AFTER):
        os.sched_yield()
    process.send_signal(sig)
    stdout, stderr = process.communicate()
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def check_resume(folder: Path, out: Path, alone: dict[str, tuple[int, bytes]], sig: signal.Signals, *opts: str) -> None:
    report = out / "REPORT.jsonl"
    first = interrupted_run(batch_command(folder, out, *opts), report, sig)
    assert first.returncode == EXIT_INTERRUPTED, first.stderr
    assert "run the same command again to finish the rest" in first.stderr
    finished = report_lines(report)  # every line of a killed run is whole
    assert STOP_AFTER <= len(finished) < len(alone)
    written = {line["id"]: os.stat(line["output"]).st_mtime_ns for line in finished if line["status"] == "ok"}

    second = subprocess.run(batch_command(folder, out, *opts), cwd=ROOT, capture_output=True, text=True, check=False)
    assert second.returncode == EXIT_FAILED, second.stderr  # the broken jobs still stand failed
    this_run = {line["id"]: line for line in report_lines(report)[len(finished) :]}
    assert set(this_run) == set(alone), "the second run accounts for every job once"
    for line in finished:
        assert this_run[line["id"]]["status"] == "skipped", f"{line['id']} was done again"
        assert this_run[line["id"]]["was"] == line["status"]
    for name, mtime in written.items():
        assert os.stat(this_run[name]["output"]).st_mtime_ns == mtime, f"{name}: output written again"
    rest = set(alone) - {line["id"] for line in finished}
    assert all(this_run[name]["status"] in ("ok", "failed") for name in rest)
    check_outcomes(report, alone)


def test_every_job_of_the_corpus_folder_matches_convert_alone(
    folder: Path, alone: dict[str, tuple[int, bytes]], tmp_path: Path
) -> None:
    args = ["batch", str(folder), "--to", "jsonl", "--out-dir", str(tmp_path), "--jobs", "2"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == EXIT_FAILED, result.output
    check_outcomes(tmp_path / "REPORT.jsonl", alone)
    lines = report_lines(tmp_path / "REPORT.jsonl")
    assert len(lines) == len(alone), "one line per job"
    total = next(line for line in result.stderr.splitlines() if line.startswith("total"))
    failed = sum(1 for code, _ in alone.values() if code)
    assert total.split()[:2] == ["total", str(len(alone))]
    assert result.stderr.count("\nfailed: ") == failed
    for line in lines:
        assert line["seconds"] is not None and line["peak_memory_mb"] > 1
        assert line["tally"] is not None and set(line["tally"]) == {"read", "written", "skipped", "changed", "problems"}
    by_id = {line["id"]: line for line in lines}
    export = "wxr__real-exports__everet.org-2012-12-23.xml"
    [fingerprint] = by_id[export]["inputs"]
    assert fingerprint["sha256"] == hashlib.sha256((folder / export).read_bytes()).hexdigest()
    assert fingerprint["size"] == (folder / export).stat().st_size
    assert by_id[MIRROR]["inputs"][0]["files"] == sum(1 for p in (folder / MIRROR).rglob("*") if p.is_file())


def test_a_local_run_killed_halfway_finishes_without_redoing_finished_jobs(
    folder: Path, alone: dict[str, tuple[int, bytes]], tmp_path: Path
) -> None:
    check_resume(folder, tmp_path / "out", alone, signal.SIGINT, "--jobs", "2")


@pytest.fixture(scope="module")
def dask_scheduler() -> Iterator[str]:
    """A real Dask cluster: a scheduler and two worker processes on this machine."""
    try:
        from distributed import LocalCluster
    except ImportError:
        if os.environ.get("BLOGIMPORT_REQUIRE_ENGINES"):
            raise
        pytest.skip("dask[distributed] is not installed (pip install -e '.[dask]')")
    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR
    )
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def test_a_dask_cluster_run_killed_halfway_finishes_and_matches_convert_alone(
    folder: Path, alone: dict[str, tuple[int, bytes]], tmp_path: Path, dask_scheduler: str
) -> None:
    check_resume(folder, tmp_path / "out", alone, signal.SIGTERM, "--scheduler", dask_scheduler)
