"""WXR writer benchmark: ``--to wxr`` (whole and ``--split-size 8M``) on the synthetic export,
against the floor of a bare parse of the same file and beside ``--to jsonl``, in the same run.

    python bench/bench_wxr_writer.py                 # 2,500 and 10,000 posts x 5 comments, best of 3
    python bench/bench_wxr_writer.py --posts 2000    # quicker

Each job runs as its own process, so its wall time, CPU time and peak resident memory (from
``wait4``) are its own; CPU time is the steadier figure on a busy machine. Two sizes, 4x apart:
peak memory must stay flat as the input grows. Prints Markdown tables for bench/README.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_sql import FLOOR, Result, best_of, blogimport, run_sizes


def measure(source: Path, work: Path, repeat: int) -> dict[str, Result]:
    results: dict[str, Result] = {}
    results["bare parse (floor)"] = best_of(repeat, [sys.executable, "-c", FLOOR, str(source)])
    results["read only (WXR reader, records dropped)"] = best_of(
        repeat, [sys.executable, "-c", "import sys, importer\nfor _ in importer.read([sys.argv[1]]): pass", str(source)]
    )
    results["--to jsonl"] = best_of(repeat, blogimport(str(source), "--to", "jsonl", "-o", str(work / "out.jsonl")))
    results["--to wxr"] = best_of(repeat, blogimport(str(source), "--to", "wxr", "-o", str(work / "out.xml")))
    results["--to wxr --split-size 8M"] = best_of(
        repeat, blogimport(str(source), "--to", "wxr", "-o", str(work / "part.xml"), "--split-size", "8M")
    )
    return results


if __name__ == "__main__":
    run_sizes(__doc__, "bench-wxr-writer-", measure)
