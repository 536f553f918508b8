"""Pages per second of the mirror reader, with and without ``--jobs 2``.

    python bench/bench_mirror.py [--copies 25] [--repeat 5]

Reads the fixture mirror (``fixtures/mirror/lantern``) and a larger copy of it (the fixture
repeated ``--copies`` times under different host folders, so every page is parsed; the
duplicates merge). The floor, measured in the same run, is ``lxml.html.fromstring`` over the
same files: the least any HTML reader does. ``--jobs 1`` and ``--jobs 2`` run alternately,
medians of ``--repeat`` runs, with the CPU time of the parent and of its worker processes (wall
time shows a speed-up only when a core is free: run it on an idle machine and say the load).
Figures go in bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import lxml.html

import importer
from importer.readers import ReadOptions

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "mirror" / "lantern"


def best_of(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def timed(run: Callable[[], object]) -> tuple[float, float, float]:
    """Wall seconds, this process's CPU seconds and its finished children's CPU seconds."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu, wall = time.process_time(), time.perf_counter()
    run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, cpu, after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime


def read_mirror(path: Path, jobs: int) -> None:
    importer.load([str(path)], importer.ConvertOptions(read=ReadOptions(jobs=jobs)))


def parse_only(files: list[Path]) -> None:
    for file in files:
        data = file.read_bytes()
        if data.lstrip().startswith(b"<"):
            lxml.html.fromstring(data)


def scaled_copy(copies: int, target: Path) -> Path:
    for n in range(copies):
        shutil.copytree(FIXTURE, target / f"copy{n:03d}")
    return target


def measure(label: str, path: Path, repeat: int) -> None:
    """The floor, then ``--jobs 1`` and ``--jobs 2`` alternately ``repeat`` times (medians)."""
    files = [f for f in sorted(path.rglob("*")) if f.is_file()]
    floor = best_of(repeat, lambda: parse_only(files))
    read_mirror(path, 1)  # warm-up: imports and compiled selectors, as a long run would have them
    runs: dict[int, list[tuple[float, float, float]]] = {1: [], 2: []}
    for _ in range(repeat):
        for jobs in (1, 2):
            runs[jobs].append(timed(partial(read_mirror, path, jobs)))
    print(f"{label}: {len(files)} files")
    print(f"  floor (lxml parse only): {len(files) / floor:8.0f} files/s")
    walls = {}
    for jobs, rows in runs.items():
        wall, cpu, workers = (statistics.median(column) for column in zip(*rows, strict=True))
        walls[jobs] = wall
        print(
            f"  --jobs {jobs}:                {len(files) / wall:8.0f} files/s  ({wall / floor:5.1f}x the floor's time;"
            f" CPU s: parent {cpu:.3f}, workers {workers:.3f})"
        )
    load = os.getloadavg()[0]
    print(f"  speed-up of --jobs 2:    {walls[1] / walls[2]:8.2f}x (median wall time; load average {load:.1f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=25)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    measure("fixture mirror", FIXTURE, args.repeat)
    with tempfile.TemporaryDirectory(prefix="bench-mirror-") as tmp:
        measure(f"fixture mirror x{args.copies}", scaled_copy(args.copies, Path(tmp)), args.repeat)


if __name__ == "__main__":
    main()
