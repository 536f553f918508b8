"""The Markdown writer's write side alone, per post: front matter, comments data file, the files.

    python bench/bench_md_write.py --tree /tmp/before --tree .       # callgrind instructions a post
    python bench/bench_md_write.py --tree . --time --folder /tmp/x   # CPU seconds (user, system)

The first ``--posts`` posts of ``--source`` are planned and converted once
(``MarkdownRun.convert``), then written ``passes`` times, each pass into a new folder, as a part
worker writes them (``add_post`` with the converted text, files written at once, the manifest
entries pickled to a file): the post's front matter, its file and its comments data file
(Hugo preset). Under callgrind, (two passes) - (one pass) is one pass's instructions: the
reading and the conversion cancel out. ``--time`` reports the user and system CPU of each pass
instead (``getrusage``), on the folder given (``/dev/shm``: tmpfs; ``/tmp``: the disk).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

from md_instructions import PLANNED_POSTS  # this folder's: the child's start

SETUP = (
    PLANNED_POSTS
    + r"""
from importer.writers.markdown.parts import _Written

source, limit, passes, base, timed, keep = (
    sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5] == "1", sys.argv[6] == "1"
)
records = first_records(source, limit)
gc.freeze()
with Scratch() as scratch:
    first = tempfile.mkdtemp(dir=base)
    run = new_run(first, scratch)
    work = []
    for post, plan in planned(run, records):
        run.tally, tally = Tally(), run.tally
        converted = run.convert(run.planned(post, plan))
        converted.tally, run.tally = run.tally, tally
        work.append((post, plan, converted))
    for _ in range(passes):
        folder = tempfile.mkdtemp(dir=base)
        run.root = run.folder.root = Path(folder)
        written = run.folder.written = _Written(folder)
        before = resource.getrusage(resource.RUSAGE_SELF)
        for post, plan, converted in work:
            run.add_post(post, plan, converted)
        written.close()
        after = resource.getrusage(resource.RUSAGE_SELF)
        if timed:
            print(f"user {after.ru_utime - before.ru_utime:.3f} system {after.ru_stime - before.ru_stime:.3f}")
        if not keep:
            shutil.rmtree(folder)
    shutil.rmtree(first)
print("posts", len(work), file=sys.stderr)
"""
)


def run_setup(
    tree: Path, source: str, posts: int, passes: int, folder: str, timed: bool, valgrind: bool, keep: bool = False
) -> str:
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONHASHSEED": "0"}
    command = [
        sys.executable,
        "-c",
        SETUP,
        source,
        str(posts),
        str(passes),
        folder,
        "1" if timed else "0",
        "1" if keep else "0",
    ]
    if valgrind:
        command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command]
    result = subprocess.run(command, env=env, cwd=tree, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(result.stderr[-2000:])
    return result.stdout + result.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--tree", type=Path, action="append", help="a checkout to measure (repeatable; default: .)")
    parser.add_argument("--source", default="/tmp/speed/2k.xml")
    parser.add_argument("--posts", type=int, default=500)
    parser.add_argument("--folder", default="/dev/shm", help="where the passes write (a new folder each)")
    parser.add_argument("--time", action="store_true", help="CPU seconds of each of --passes passes, no valgrind")
    parser.add_argument("--passes", type=int, default=3, help="passes with --time")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="leave the folders written (removing files on ext4 slows later creations)",
    )
    args = parser.parse_args()
    for tree in [t.resolve() for t in (args.tree or [Path(".")])]:
        if args.time:
            out = run_setup(tree, args.source, args.posts, args.passes, args.folder, True, False, args.keep)
            print(
                tree, " | ".join(re.findall(r"^user .*$", out, re.M)), re.findall(r"^posts .*$", out, re.M), flush=True
            )
            continue
        counts = []
        for passes in (1, 2):
            out = run_setup(tree, args.source, args.posts, passes, args.folder, False, True)
            collected = re.search(r"Collected : (\d+)", out)
            if collected is None:
                raise SystemExit(out[-2000:])
            counts.append(int(collected.group(1)))
        print(f"{tree}: {(counts[1] - counts[0]) / args.posts:,.0f} instructions a post written", flush=True)


if __name__ == "__main__":
    main()
