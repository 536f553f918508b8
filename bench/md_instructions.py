"""Instructions a post of the Markdown conversion (callgrind), free of the shared machine's load.

    python bench/md_instructions.py --tree /tmp/before --tree .            # both workloads
    python bench/md_instructions.py --workload corpus --tree .             # one

Two workloads, each run in its own process under ``valgrind --tool=callgrind`` twice, with one
and with two passes over the same work; the difference is one warm pass (reading the input and
start-up cancel out):

- ``worker``: the first ``--posts`` posts of ``--source`` as a part worker handles them:
  planned, converted (``MarkdownRun.convert``, a Tally a post) and written (``add_post``: front
  matter, the post and comments data files, to a folder on ``/dev/shm``), Hugo preset;
- ``corpus``: the rendered HTML of every post of the corpus's WXR files through ``to_markdown``
  (identity ``rewrite_url``, Hugo figures), the real content's conversion;
- ``content``: the first ``--posts`` posts of ``--source`` through ``MarkdownRun.content_html``
  alone (reusable blocks, code, wpautop, shortcodes), planned as in ``worker``.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

# The child's start, also bench_md_write.py's: a Hugo run, and the first posts of an export planned.
PLANNED_POSTS = r"""
import gc, os, resource, shutil, sys, tempfile
from pathlib import Path
import importer
from importer.model import Post
from importer.tally import Tally
from importer.writers.markdown.presets import get_preset
from importer.writers.markdown.writer import MarkdownOptions, MarkdownRun
from importer.writers.scratch import Scratch

def new_run(folder, scratch):
    return MarkdownRun(Path(folder), get_preset("hugo"), MarkdownOptions(), Tally(), scratch, background=False)

def first_records(source, limit):
    # the export's records up to its limit-th post
    records = []
    for record in importer.read([source], tally=Tally()):
        records.append(record)
        if sum(isinstance(r, Post) for r in records) >= limit:
            break
    return records

def planned(run, records):
    index = run.index_pass()
    plans = [(r, index(r)) for r in records]
    for r in records:
        if not isinstance(r, Post):
            run.add(r)
    return [(r, plan) for r, plan in plans if plan is not None and isinstance(r, Post)]
"""

SETUP = (
    PLANNED_POSTS
    + r"""
from importer.transforms.html_to_markdown import to_markdown

workload, source, limit, passes = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])

if workload == "worker":
    records = first_records(source, limit)
    gc.freeze()
    for _ in range(passes):
        folder = tempfile.mkdtemp(dir="/dev/shm")
        with Scratch() as scratch:
            run = new_run(folder, scratch)
            for post, plan in planned(run, records):
                run.tally, tally = Tally(), run.tally
                converted = run.convert(run.planned(post, plan))
                converted.tally, run.tally = run.tally, tally
                run.add_post(post, plan, converted)
            run.folder.stop()
        shutil.rmtree(folder)
elif workload == "content":
    records = first_records(source, limit)
    with Scratch() as scratch:
        run = new_run(tempfile.mkdtemp(dir="/dev/shm"), scratch)
        posts = [post for post, _plan in planned(run, records)]
        gc.freeze()
        for _ in range(passes):
            for post in posts:
                run.content_html(post)
        run.folder.stop()
else:
    files = sorted(os.path.join(d, f) for d, _, names in os.walk(source) for f in names if f.endswith(".xml"))
    htmls = []
    for path in files:
        try:
            records = list(importer.read([path], tally=Tally()))
        except Exception:  # the corpus's malformed exports
            continue
        with tempfile.TemporaryDirectory() as folder, Scratch() as scratch:
            run = new_run(folder, scratch)
            posts = [r for r in records if isinstance(r, Post) and r.type != "attachment" and r.content]
            htmls += [run.content_html(post) for post in posts]
            run.folder.stop()
    gc.freeze()
    for _ in range(passes):
        for html in htmls:
            to_markdown(html, "<!--more-->", lambda url: url, mark_upstream=True, hugo_figures=True)
    print("posts", len(htmls), file=sys.stderr)
"""
)


def instructions(tree: Path, workload: str, source: str, posts: int, passes: int) -> tuple[int, int]:
    """Instructions of the whole process, and how many posts it converted a pass."""
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONHASHSEED": "0"}
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", SETUP]
    result = subprocess.run(
        [*command, workload, source, str(posts), str(passes)], env=env, cwd=tree, capture_output=True, text=True
    )
    collected = re.search(r"Collected : (\d+)", result.stderr)
    if collected is None:
        raise SystemExit(result.stderr[-2000:])
    converted = re.search(r"^posts (\d+)", result.stderr, re.M)
    return int(collected.group(1)), int(converted.group(1)) if converted else posts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--tree", type=Path, action="append", help="a checkout to measure (repeatable; default: .)")
    parser.add_argument("--workload", choices=["worker", "corpus", "content", "both"], default="both")
    parser.add_argument("--source", default="/tmp/speed/2k.xml", help="the worker workload's export")
    parser.add_argument("--posts", type=int, default=300, help="the worker workload's posts (default 300)")
    parser.add_argument("--corpus", default="/work/shared/corpus/wxr", help="the corpus workload's folder of WXR files")
    args = parser.parse_args()
    workloads = ["worker", "corpus"] if args.workload == "both" else [args.workload]
    for tree in [t.resolve() for t in (args.tree or [Path(".")])]:
        for workload in workloads:
            source = args.corpus if workload == "corpus" else args.source
            one, posts = instructions(tree, workload, source, args.posts, 1)
            two, _ = instructions(tree, workload, source, args.posts, 2)
            print(f"{tree} {workload}: {(two - one) / posts:,.0f} instructions a post ({posts} posts)", flush=True)


if __name__ == "__main__":
    main()
