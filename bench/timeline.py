"""Each process's CPU over time while a command runs: where a run is serial.

    BUCKET=0.25 python bench/timeline.py python -m importer convert EXPORT --to markdown -o OUT -q

Polls /proc every 20 ms for the command and every process it starts, and prints one row a
bucket (``BUCKET`` seconds, default 0.25): each process's CPU (user + system) in that bucket, in
percent of a core, processes numbered in the order they were first seen. Linux only.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

TICKS = os.sysconf("SC_CLK_TCK")
POLL = 0.02


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as file:
            return [int(child) for child in file.read().split()]
    except OSError:
        return []


def _cpu(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/stat") as file:
            fields = file.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / TICKS


def _cpu_at(samples: list[tuple[float, float]], moment: float) -> float:
    """The process's CPU seconds as last seen at or before ``moment``."""
    seen = 0.0
    for when, cpu in samples:
        if when > moment:
            break
        seen = cpu
    return seen


def main() -> None:
    bucket = float(os.environ.get("BUCKET", "0.25"))
    start = time.monotonic()
    process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
    samples: dict[int, list[tuple[float, float]]] = {}
    while process.poll() is None:
        now = time.monotonic() - start
        pending = [process.pid]
        while pending:
            pid = pending.pop()
            pending += _children(pid)
            cpu = _cpu(pid)
            if cpu is not None:
                samples.setdefault(pid, []).append((now, cpu))
        time.sleep(POLL)
    wall = time.monotonic() - start
    print(f"wall {wall:.2f} s")
    pids = sorted(samples, key=lambda pid: samples[pid][0][0])
    print("t (s) " + " ".join(f"{n:>5}" for n in range(len(pids))))
    for step in range(int(wall / bucket) + 1):
        begin, end = step * bucket, (step + 1) * bucket
        row = [(_cpu_at(samples[pid], end) - _cpu_at(samples[pid], begin)) / bucket * 100 for pid in pids]
        print(f"{begin:5.2f} " + " ".join(f"{share:5.0f}" for share in row))


if __name__ == "__main__":
    main()
