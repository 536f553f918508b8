"""Peak memory of ``blogimport convert`` for every output format, at two export sizes.

    python bench/bench_memory.py --posts 10000,100000                # this checkout
    python bench/bench_memory.py --posts 10000 --tree /tmp/base      # another checkout (before)
    python bench/bench_memory.py --posts 2000 --formats markdown,markdown-again --workdir /tmp/mem

Each job is ``python -m importer convert EXPORT --to FORMAT -o OUT`` run from the tree's folder
in a process of its own; its peak RSS is the one ``wait4`` reports for it (``markdown-again``:
a second run into the site ``markdown`` wrote just before, reading its manifest back). The export is written
by ``synth_wxr.py`` (once per size, kept in ``--workdir``). The issue's target: at most 100 MiB per
process for every format, growing by at most 20 MiB from 10,000 to 100,000 posts.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth_wxr import write_synthetic_wxr

ROOT = Path(__file__).resolve().parent.parent
# name -> (convert options, output name)
FORMATS: dict[str, tuple[list[str], str]] = {
    "markdown": (["--to", "markdown"], "site"),
    "markdown-again": (["--to", "markdown"], "site"),  # a re-run into the site just written
    "json": (["--to", "json"], "out.json"),
    "jsonl": (["--to", "jsonl"], "out.jsonl"),
    "sqlite": (["--to", "sqlite"], "out.db"),
    "sql:sqlite": (["--to", "sql", "--dialect", "sqlite"], "out.sqlite.sql"),
    "sql:postgresql": (["--to", "sql", "--dialect", "postgresql"], "out.pg.sql"),
    "sql:mysql": (["--to", "sql", "--dialect", "mysql"], "out.my.sql"),
    "wxr": (["--to", "wxr"], "out.xml"),
    "wxr-split": (["--to", "wxr", "--split-size", "8M"], "split.xml"),
}
AGAIN = {"markdown-again"}  # formats that write over the output of the one before them
MIB = 1024 * 1024


def run_job(tree: Path, source: Path, fmt: str, out_dir: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak RSS (bytes) of one conversion in its own process."""
    options, name = FORMATS[fmt]
    output = out_dir / name
    if fmt not in AGAIN and output.is_dir():
        shutil.rmtree(output)
    if fmt not in AGAIN:
        output.unlink(missing_ok=True)
        for part in out_dir.glob(f"{output.stem}.[0-9][0-9][0-9]{output.suffix}"):  # --split-size parts
            part.unlink()
    command = [sys.executable, "-m", "importer", "convert", str(source), *options, "-o", str(output)]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=tree, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"{fmt} failed ({process.returncode}): {errors.decode()[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--posts", default="10000,100000", help="comma-separated sizes (default 10000,100000)")
    parser.add_argument("--comments", type=int, default=5)
    parser.add_argument("--formats", default=",".join(FORMATS), help=f"comma-separated (default: {','.join(FORMATS)})")
    parser.add_argument("--tree", type=Path, default=ROOT, help="the checkout to run (default: this one)")
    parser.add_argument("--workdir", type=Path, help="keep the exports and outputs here (default: a temp dir)")
    args = parser.parse_args()
    sizes = [int(size) for size in args.posts.split(",")]
    formats = args.formats.split(",")
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as scratch:
        work = args.workdir or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        print(f"tree {args.tree}, load average {os.getloadavg()[0]:.1f}")
        print("| format | posts | wall s | CPU s | peak RSS MiB |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for posts in sizes:
            source = work / f"synth-{posts}x{args.comments}.xml"
            if not source.exists():
                write_synthetic_wxr(source, posts, args.comments)
            for fmt in formats:
                wall, cpu, rss = run_job(args.tree, source, fmt, work)
                print(f"| {fmt} | {posts:,} | {wall:.1f} | {cpu:.1f} | {rss / MIB:.0f} |", flush=True)
        if args.workdir is None:
            print("(outputs removed)")


if __name__ == "__main__":
    main()
