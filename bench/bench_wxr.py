"""Benchmark the WXR reader against the floor of a bare lxml iterparse pass, in the same run.

    python bench/bench_wxr.py                 # 10,000 and 50,000 posts, 5 comments each
    python bench/bench_wxr.py --sizes 2000    # a quick run

For each size it writes a synthetic export (bench/synth_wxr.py) into a temporary directory and
runs, each in its own Python process so that peak memory (ru_maxrss from wait4) is that pass's:

* floor   - ``lxml.etree.iterparse`` over the file (end events), each <item> cleared and freed
            once parsed: the bare streaming idiom, the least any streaming reader can cost;
* read    - ``read_wxr`` over the whole file, every record built;
* jsonl   - ``importer.convert(..., to="jsonl")``, what ``blogimport convert --to jsonl`` runs.

Times are measured inside each process (interpreter start-up excluded); each pass runs
``--repeat`` times, the modes interleaved, and the fastest counts (a busy machine only ever adds
time). Printed as ratios to the floor. Target: read and jsonl within 2.5x of the floor, and peak
memory that does not grow from 10k to 50k posts.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from synth_wxr import write_synthetic_wxr  # noqa: E402

MODES = ("floor", "read", "jsonl")


def floor(path: str) -> None:
    from lxml import etree

    for _event, element in etree.iterparse(path, events=("end",), huge_tree=True):
        if element.tag == "item":
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]


def read(path: str) -> None:
    from importer.readers import ReadOptions
    from importer.readers.wxr.reader import read_wxr
    from importer.tally import Tally

    for _record in read_wxr(path, ReadOptions(), Tally()):
        pass


def jsonl(path: str) -> None:
    import importer

    with tempfile.TemporaryDirectory() as tmp:
        importer.convert([path], to="jsonl", output=os.path.join(tmp, "out.jsonl"))


def child(mode: str, path: str) -> None:
    """Run one pass and print its time (in this process, so start-up is not counted)."""
    run = {"floor": floor, "read": read, "jsonl": jsonl}[mode]
    started = time.perf_counter()
    run(path)
    print(json.dumps({"seconds": time.perf_counter() - started}))


def measure(mode: str, path: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one pass in a fresh process."""
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", mode, str(path)], stdout=subprocess.PIPE, cwd=HERE.parent
    )
    assert process.stdout is not None
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{mode} failed on {path}")
    return json.loads(output)["seconds"], usage.ru_maxrss / 1024  # ru_maxrss is in KB on Linux


def best_of(repeat: int, path: Path) -> dict[str, tuple[float, float]]:
    """Per mode, the fastest of ``repeat`` runs (others' load only ever adds time) and the highest
    peak. Rounds interleave the modes, so a change in the machine's load hits them alike."""
    runs: dict[str, list[tuple[float, float]]] = {mode: [] for mode in MODES}
    for _ in range(repeat):
        for mode in MODES:
            runs[mode].append(measure(mode, path))
    return {
        mode: (min(seconds for seconds, _ in results), max(peak for _, peak in results))
        for mode, results in runs.items()
    }


def bench(sizes: list[int], comments: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for posts in sizes:
            path = write_synthetic_wxr(Path(tmp) / f"synthetic-{posts}.xml", posts, comments)
            size_mb = path.stat().st_size / 1e6
            print(f"\n{posts:,} posts x {comments} comments ({size_mb:.0f} MB)")
            results = best_of(repeat, path)
            base = results["floor"][0]
            for mode, (seconds, peak) in results.items():
                print(f"  {mode:6} {seconds:7.2f} s  {seconds / base:5.2f}x floor  peak RSS {peak:6.0f} MB")
            path.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000], help="posts per file")
    parser.add_argument("--comments", type=int, default=5, help="comments per post")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (the fastest counts)")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
    else:
        bench(args.sizes, args.comments, args.repeat)


if __name__ == "__main__":
    main()
