"""Pages per second of the mirror reader, with and without ``--jobs 2``.

    python bench/bench_mirror.py [--copies 25] [--repeat 3]

Reads the fixture mirror (``fixtures/mirror/lantern``) and a larger copy of it (the fixture
repeated ``--copies`` times under different host folders, so every page is parsed; the
duplicates merge). The floor, measured in the same run, is ``lxml.html.fromstring`` over the
same files: the least any HTML reader does. Figures go in bench/README.md.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Callable
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
    files = [f for f in sorted(path.rglob("*")) if f.is_file()]
    floor = best_of(repeat, lambda: parse_only(files))
    serial = best_of(repeat, lambda: read_mirror(path, 1))
    parallel = best_of(repeat, lambda: read_mirror(path, 2))
    print(f"{label}: {len(files)} files")
    print(f"  floor (lxml parse only): {len(files) / floor:8.0f} files/s")
    for name, seconds in (("--jobs 1", serial), ("--jobs 2", parallel)):
        rate = len(files) / seconds
        print(f"  {name}:                {rate:8.0f} files/s  ({seconds / floor:5.1f}x the floor's time)")
    print(f"  speed-up of --jobs 2:    {serial / parallel:8.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=25)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    measure("fixture mirror", FIXTURE, args.repeat)
    with tempfile.TemporaryDirectory(prefix="bench-mirror-") as tmp:
        measure(f"fixture mirror x{args.copies}", scaled_copy(args.copies, Path(tmp)), args.repeat)


if __name__ == "__main__":
    main()
