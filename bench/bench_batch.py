"""Jobs per second of ``blogimport batch`` over the corpus folder, with ``--jobs 1`` and ``--jobs 2``
(and, with ``--dask``, through a local Dask cluster of two worker processes).

    python bench/bench_batch.py [--repeat 3] [--dask]

The folder holds every export and page of the shared corpus (each loose file one job, the
pullmonkey mirror one job; the three malformed exports are jobs that fail). The floor, measured
in the same run, is the same conversions one after the other in one process
(``importer.convert`` per entry, no process per job, no report): what batch costs beyond it is
its isolation and bookkeeping. Each batch run starts from an empty output folder and report, and
its time is the whole command (interpreter start included). Figures go in bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_mirror import best_of

import importer
from importer.errors import BlogImportError

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("BLOGIMPORT_CORPUS") or ROOT.parent / "shared" / "corpus")


def corpus_folder(target: Path) -> list[Path]:
    """Copy every corpus export and page into ``target`` (names made unique), the mirror as a folder."""
    for path in sorted(CORPUS.rglob("*")):
        if path.suffix in (".xml", ".html") and "pullmonkey" not in path.parts:
            shutil.copy(path, target / "__".join(path.relative_to(CORPUS).parts))
    shutil.copytree(CORPUS / "html" / "pullmonkey", target / "pullmonkey")
    return sorted(target.iterdir())


def floor(entries: list[Path], out: Path) -> int:
    converted = 0
    for entry in entries:
        with contextlib.suppress(BlogImportError):  # the malformed exports fail, as in batch
            importer.convert([str(entry)], "jsonl", str(out / f"{entry.name}.jsonl"))
            converted += 1
    return converted


def batch(folder: Path, work: Path, expected_ok: int, *options: str) -> None:
    out = work / "out"
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "importer", "batch", str(folder), "--to", "jsonl", "--out-dir", str(out), "-q"]
    result = subprocess.run([*command, *options], cwd=ROOT, capture_output=True, text=True, check=False)
    ok = (out / "REPORT.jsonl").read_text(encoding="utf-8").count('"status": "ok"')
    if result.returncode not in (0, 1) or ok != expected_ok:
        raise SystemExit(f"batch {' '.join(options)}: {ok} jobs ok, not {expected_ok}: {result.stderr[-2000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dask", action="store_true", help="also through a local Dask cluster (2 workers)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "in").mkdir()
        (work / "floor").mkdir()
        entries = corpus_folder(work / "in")
        ok = floor(entries, work / "floor")
        rows = [("floor (one process, in turn)", best_of(args.repeat, lambda: floor(entries, work / "floor")))]
        for jobs in ("1", "2"):
            seconds = best_of(args.repeat, lambda j=jobs: batch(work / "in", work, ok, "--jobs", j))  # type: ignore[misc]
            rows.append((f"batch --jobs {jobs}", seconds))
        if args.dask:
            rows.append(("batch --scheduler (2 workers)", dask_run(work, ok, args.repeat)))
    print(f"{len(entries)} jobs, best of {args.repeat}")
    for label, seconds in rows:
        print(f"{label:32} {seconds:6.2f} s  {len(entries) / seconds:6.1f} jobs/s  {seconds / rows[0][1]:5.1f}x floor")


def dask_run(work: Path, ok: int, repeat: int) -> float:
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        return best_of(repeat, lambda: batch(work / "in", work, ok, "--scheduler", cluster.scheduler_address))


if __name__ == "__main__":
    main()
