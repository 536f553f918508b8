"""CPU a post of the Markdown writer's conversion: ``MarkdownRun.convert`` and the front matter.

    python bench/bench_md_convert.py                                  # this tree, /tmp/speed/2k.xml
    python bench/bench_md_convert.py --tree /work/main --tree .       # two trees, rounds alternated
    python bench/bench_md_convert.py --preset jekyll --profile 40     # cProfile of the timed calls

Each tree runs in its own process (``PYTHONPATH`` = the tree): the export's records are read
once, the writer's first pass plans every post, then every post is converted
(``MarkdownRun.convert``: body, comments and their data file, summary, title) and its front
matter built and rendered (``build_front_matter``, ``render_document``), with no file written.
Reported: CPU microseconds a post (``resource.getrusage``, user + system), the best of
``--reps`` passes, for convert and front matter apart. The machine is shared: compare trees
alternated in one run, never against a figure from another day.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

CHILD = r"""
import cProfile, json, pstats, resource, sys, tempfile
from pathlib import Path
import importer
from importer.model import Post
from importer.tally import Tally
from importer.writers.markdown.frontmatter import build_front_matter, render_document
from importer.writers.markdown.presets import get_preset
from importer.writers.markdown.writer import MarkdownOptions, MarkdownRun
from importer.writers.scratch import Scratch

source, preset_name, reps, profile = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
records = list(importer.read([source], tally=Tally()))
preset = get_preset(preset_name)
options = MarkdownOptions(preset=preset_name)

def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime

with tempfile.TemporaryDirectory() as folder, Scratch() as scratch:
    run = MarkdownRun(Path(folder), preset, options, Tally(), scratch)
    index = run.index_pass()
    planned = []
    for record in records:
        plan = index(record)
        if plan is not None and isinstance(record, Post):
            planned.append((record, plan))
    for record in records:
        if not isinstance(record, Post):
            run.add(record)
    posts = [run.planned(post, plan) for post, plan in planned]

    def convert_all():
        return [run.convert(p) for p in posts]

    def front_all(converted):
        for p, c in zip(posts, converted):
            fm = build_front_matter(
                p.post, preset, title=c.title, new_url=p.new_url, old_paths=p.old_paths,
                author=run.authors.get(p.post.author or "", p.post.author), summary=c.summary,
                comments_key="key" if c.comments_text is not None else None, comment_count=c.comments,
            )
            render_document(fm, c.body)

    converted = convert_all()  # warm: media names, caches
    if profile:
        profiler = cProfile.Profile()
        profiler.enable()
        converted = convert_all()
        front_all(converted)
        profiler.disable()
        order = sys.argv[5]
        pstats.Stats(profiler, stream=sys.stderr).sort_stats(order).print_stats(profile)
    best_convert = best_front = float("inf")
    for _ in range(reps):
        start = cpu()
        converted = convert_all()
        middle = cpu()
        front_all(converted)
        end = cpu()
        best_convert = min(best_convert, middle - start)
        best_front = min(best_front, end - middle)
    run.folder.stop()
    print(json.dumps({"posts": len(posts), "convert_us": best_convert / len(posts) * 1e6,
                      "front_us": best_front / len(posts) * 1e6}))
"""


def measure(tree: Path, source: str, preset: str, reps: int, profile: int, order: str) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    result = subprocess.run(
        [sys.executable, "-c", CHILD, source, preset, str(reps), str(profile), order],
        env=env,
        cwd=tree,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    figures: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--source", default="/tmp/speed/2k.xml", help="a WXR export (default: /tmp/speed/2k.xml)")
    parser.add_argument("--tree", type=Path, action="append", help="a checkout to measure (repeatable; default: .)")
    parser.add_argument("--preset", default="hugo")
    parser.add_argument("--reps", type=int, default=5, help="passes over every post in a process (best taken)")
    parser.add_argument("--rounds", type=int, default=1, help="processes per tree, trees alternated")
    parser.add_argument("--profile", type=int, default=0, help="print the top N functions of one pass (cProfile)")
    parser.add_argument("--sort", default="tottime", help="the profile's order (pstats: tottime, cumulative...)")
    args = parser.parse_args()
    trees = [tree.resolve() for tree in (args.tree or [Path(".")])]
    for round_number in range(1, args.rounds + 1):
        for tree in trees:
            figures = measure(tree, args.source, args.preset, args.reps, args.profile, args.sort)
            print(
                f"round {round_number} {tree}: {figures['posts']:.0f} posts, convert {figures['convert_us']:.1f} us,"
                f" front matter {figures['front_us']:.1f} us a post (CPU, best of {args.reps})",
                flush=True,
            )


if __name__ == "__main__":
    main()
