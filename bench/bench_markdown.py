"""Benchmark ``convert --to markdown`` on the synthetic export against the lxml iterparse floor.

    python bench/bench_markdown.py                 # 10,000 posts, 5 comments each
    python bench/bench_markdown.py --posts 2000    # quicker

Measured in the same run: the floor (lxml iterparse over the file, clearing each element, the
least any streaming reader must do), reading alone (every record built, nothing written), the
full conversion for the Hugo preset (wpautop, shortcodes, HTML to Markdown, front matter,
comment data files, media manifest, redirects), and a re-run into the same directory (nothing
changed, nothing rewritten). Each conversion runs in a child process so that its peak memory
(max RSS) is its own. Figures go in bench/README.md as ratios to the floor.
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

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth_wxr import write_synthetic_wxr

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
import importer
from importer.api import ConvertOptions
from importer.tally import Tally
from importer.writers.markdown import MarkdownOptions
start, cpu_start = time.perf_counter(), time.process_time()
if {what!r} == "read":
    tally = Tally()
    for _ in importer.read([{source!r}], tally=tally):
        pass
else:
    tally = importer.convert([{source!r}], "markdown", {output!r}, ConvertOptions(), MarkdownOptions(preset="hugo"))
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
print(json.dumps({{"seconds": seconds, "cpu": cpu, "max_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "written": dict(tally.written), "changed": dict(tally.changed)}}))
"""


def iterparse_floor(path: Path) -> float:
    """CPU seconds for lxml to stream the file, freeing each item: the floor any reader stands on."""
    start = time.process_time()
    for _, element in etree.iterparse(str(path), events=("end",), tag="item", huge_tree=True):
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]
    return time.process_time() - start


def child(what: str, source: Path, output: Path) -> dict[str, object]:
    code = CHILD.format(root=str(ROOT), what=what, source=str(source), output=str(output))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    data: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=5)
    parser.add_argument("--workdir", default=None, help="keep the export and output here (default: a temp dir)")
    args = parser.parse_args()
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="bench-markdown-"))
    workdir.mkdir(parents=True, exist_ok=True)
    source = workdir / f"synthetic-{args.posts}-{args.comments}.xml"
    if not source.exists():
        write_synthetic_wxr(source, args.posts, args.comments)
    output = workdir / "site"
    size_mb = source.stat().st_size / 1e6
    # The machine may be shared: compare CPU time (not wall time), and measure the floor right
    # before and after each step, so that load changes hit both sides alike.
    steps = []
    for label, what in (
        ("read only (all records)", "read"),
        ("convert --to markdown (hugo)", "convert"),
        ("re-run, nothing changed", "convert"),
    ):
        before = min(iterparse_floor(source) for _ in range(2))
        run = child(what, source, output)
        after = min(iterparse_floor(source) for _ in range(2))
        steps.append((label, run, (before + after) / 2))
    first = steps[1][1]
    files = sum(1 for _ in output.rglob("*.md"))
    print(f"export: {source.name}, {size_mb:.1f} MB, {args.posts} posts, {args.comments} comments each")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    print(f"{'step':<38}{'CPU s':>8}{'wall s':>9}{'floor s':>9}{'x floor':>9}{'RSS MB':>8}")
    for label, run, floor in steps:
        cpu, wall = float(run["cpu"]), float(run["seconds"])  # type: ignore[arg-type]
        rss = int(run["max_rss_kb"]) / 1024  # type: ignore[call-overload]
        print(f"{label:<38}{cpu:>8.2f}{wall:>9.2f}{floor:>9.2f}{cpu / floor:>9.1f}{rss:>8.0f}")
    print(f"markdown files: {files}; written: {first['written']}")
    print(f"posts per second (convert): {args.posts / float(first['seconds']):.0f}")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
