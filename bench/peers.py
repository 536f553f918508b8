"""Side by side: blogimport, the converters a user would pick instead, and the parser floor.

    python bench/peers.py --install                  # once: peers into bench/.peers (gitignored)
    python bench/peers.py --sizes 1000,10000 --reps 3
    python bench/peers.py --sizes 100000 --reps 1 --only floor,blogimport-markdown,blogimport-jsonl
    python bench/peers.py --sizes 10000 --before ../wt-old   # also blogimport from an older tree

Every tool converts the same synthetic export (``bench/synth_wxr.py``) in its own child process;
wall time, CPU time (user + system) and peak RSS (``wait4``) are measured from outside, the
repetitions are interleaved (one round runs every tool once), and the median and min-max are
printed with what each tool wrote (posts and comments counted from its output, not from its own
claims). On a shared machine CPU time is the steadier figure: wall time there includes waiting
for a core and for the disk.

Peers:

- ``wordpress-export-to-markdown`` 2.2.2 (npm), run through a shim that sets its two built-in
  delays (``markdown_file_write_delay``, ``image_file_request_delay``) to 0 and turns image
  downloads off: without that it sleeps 25 ms per post on purpose.
- ``wxr2md`` 0.3.0 (PyPI), installed with its dependencies into its own folder.

The floor is ``lxml.etree.iterparse`` over the file, each ``<item>`` cleared and freed.
Tools that are not installed are left out and said so, never faked.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth_wxr import write_synthetic_wxr

ROOT = Path(__file__).resolve().parent.parent
PEERS = ROOT / "bench" / ".peers"
WETM_VERSION = "2.2.2"
WETM_FLAGS = ("--save-attached-images", "false", "--save-scraped-images", "false")
WXR2MD_VERSION = "0.3.0"

FLOOR = """
import sys
from lxml import etree
for _, element in etree.iterparse(sys.argv[1], events=("end",), tag="item", huge_tree=True):
    element.clear()
    while element.getprevious() is not None:
        del element.getparent()[0]
"""

# Sets the peer's delays to 0 before its entry point runs (its settings module is a plain object).
WETM_SHIM = """
const path = require('path');
const root = path.join(__dirname, 'node_modules', 'wordpress-export-to-markdown');
const settings = require(path.join(root, 'src', 'settings.js'));
settings.markdown_file_write_delay = 0;
settings.image_file_request_delay = 0;
require(path.join(root, 'index.js'));
"""


@dataclass
class Tool:
    name: str
    command: Callable[[Path, Path], list[str]]  # (source, output) -> argv
    count: Callable[[Path, str], tuple[int, int]]  # (output, stderr) -> (posts, comments)
    env: dict[str, str] = field(default_factory=dict)


@dataclass
class Run:
    seconds: float
    cpu_seconds: float  # user + system of the tool's process tree (steadier than wall on a busy machine)
    max_rss_mib: float
    posts: int
    comments: int


def install() -> None:
    PEERS.mkdir(parents=True, exist_ok=True)
    (PEERS / ".gitignore").write_text("*\n")
    wetm = PEERS / "wetm"
    subprocess.run(
        ["npm", "install", "--silent", "--prefix", str(wetm), f"wordpress-export-to-markdown@{WETM_VERSION}"],
        check=True,
    )
    (wetm / "shim.js").write_text(WETM_SHIM)
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--target", str(PEERS / "wxr2md"), f"wxr2md=={WXR2MD_VERSION}"],
        check=True,
    )


def count_files(output: Path, pattern: str) -> int:
    return sum(1 for _ in output.rglob(pattern)) if output.exists() else 0


def tally_counts(stderr: str) -> tuple[int, int]:
    """Posts and pages, and comments, from blogimport's own ``written:`` tally line."""
    match = re.search(r"written:(.*?)(?:\n\S|\Z)", stderr, re.S)
    text = match.group(1) if match else ""

    def number(kind: str) -> int:
        found = re.search(rf"(\d+) {kind}\b", text)
        return int(found.group(1)) if found else 0

    return number("post") + number("page"), number("comment")


def markdown_counts(output: Path, stderr: str) -> tuple[int, int]:
    comments = 0
    for data in output.rglob("*.json"):
        if "comments" in data.parts:
            comments += count_comment_entries(json.loads(data.read_text()))
    return count_files(output / "content", "*.md"), comments


def count_comment_entries(value: object) -> int:
    """Comments in one comment data file (threads nest replies)."""
    if isinstance(value, dict):
        return (1 if "author" in value else 0) + sum(count_comment_entries(v) for v in value.values())
    if isinstance(value, list):
        return sum(count_comment_entries(v) for v in value)
    return 0


def jsonl_counts(output: Path, stderr: str) -> tuple[int, int]:
    posts = comments = 0
    with output.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record.get("kind") == "post" and record.get("type") in ("post", "page"):
                posts += 1
                comments += len(record.get("comments") or [])
    return posts, comments


def sqlite_counts(output: Path, stderr: str) -> tuple[int, int]:
    with sqlite3.connect(output) as db:
        posts = db.execute("SELECT count(*) FROM posts WHERE type IN ('post', 'page')").fetchone()[0]
        comments = db.execute("SELECT count(*) FROM comments").fetchone()[0]
    return posts, comments


def blogimport(to: str, count: Callable[[Path, str], tuple[int, int]], root: Path = ROOT, label: str = "") -> Tool:
    def command(source: Path, output: Path) -> list[str]:
        return [sys.executable, "-m", "importer", "convert", str(source), "--to", to, "-o", str(output)]

    return Tool(f"blogimport{label}-{to}", command, count, {"PYTHONPATH": str(root)})


def compiled(root: Path) -> None:
    """The tree's byte code written beforehand, as ``pip install`` writes it: a machine that sets
    ``PYTHONDONTWRITEBYTECODE`` (this one does) would otherwise compile the whole package from
    source in every run (about 0.1 s), which no installed copy does."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(root / "importer")], check=True)


def tools(before: Path | None = None) -> list[Tool]:
    found = [Tool("floor", lambda s, o: [sys.executable, "-c", FLOOR, str(s)], lambda o, e: (0, 0))]
    trees = [(ROOT, "")] + ([(before, "-before")] if before else [])
    for root, label in trees:
        compiled(root)
        found += [
            blogimport("markdown", markdown_counts, root, label),
            blogimport("jsonl", jsonl_counts, root, label),
            blogimport("sqlite", sqlite_counts, root, label),
        ]
    shim = PEERS / "wetm" / "shim.js"
    if shim.exists() and shutil.which("node"):
        found.append(
            Tool(
                "wordpress-export-to-markdown",
                lambda s, o: [
                    "node",
                    str(shim),
                    "--wizard",
                    "false",
                    "--input",
                    str(s),
                    "--output",
                    str(o),
                    *WETM_FLAGS,
                ],
                lambda o, e: (count_files(o, "*.md"), 0),
            )
        )
    else:
        print("wordpress-export-to-markdown not installed (python bench/peers.py --install)", file=sys.stderr)
    if (PEERS / "wxr2md" / "wxr2md").is_dir():
        found.append(
            Tool(
                "wxr2md",
                lambda s, o: [sys.executable, "-m", "wxr2md", str(s), "--output", str(o)],
                lambda o, e: (count_files(o, "*.md"), 0),
                {"PYTHONPATH": str(PEERS / "wxr2md")},
            )
        )
    else:
        print("wxr2md not installed (python bench/peers.py --install)", file=sys.stderr)
    return found


def run_once(tool: Tool, source: Path, work: Path, rep: int) -> Run:
    """One run of ``tool`` into a new output of its own (kept until the whole bench ends: see
    :func:`settle`)."""
    output = work / f"{tool.name}.{rep}.out"
    if tool.name.endswith("-sqlite") or tool.name.endswith("-jsonl"):
        output = output.with_suffix(".db" if tool.name.endswith("sqlite") else ".jsonl")
    settle()
    env = {**os.environ, **tool.env}
    err = work / "stderr.txt"
    peak = work / "peak-rss.txt"
    command = tool.command(source, output)
    if TIME:  # a small parent: the tool's peak RSS is its own (see TIME)
        command = [TIME, "-q", "-f", "%M", "-o", str(peak), *command]
    with err.open("w") as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{tool.name} failed ({process.returncode}): {err.read_text()[-2000:]}")
    posts, comments = tool.count(output, err.read_text())
    cpu = usage.ru_utime + usage.ru_stime
    rss_kib = int(peak.read_text().split()[-1]) if TIME else usage.ru_maxrss
    return Run(seconds, cpu, rss_kib / 1024, posts, comments)


SETTLE = 3.0  # seconds of quiet disk before each run (--settle)


def _set_settle(seconds: float) -> None:
    global SETTLE
    SETTLE = seconds


def settle() -> None:
    """Flush what the previous run wrote and give the disk a moment: each tool starts on a quiet disk.

    No output is removed before the bench ends. On ext4, creating a file looks for a free inode
    and passes over every inode removed in the last minute (five while its inode table is not yet
    written back: ``recently_deleted`` in the kernel's allocator, the largest share of the system
    time in a ``perf record`` of 20,000 files created here), so a run right after another run's
    output of 20,000 files was removed paid for that removal: 20,000 files took 0.5 s to create on
    a quiet disk and 3.4 s after a removal (session 6)."""
    os.sync()
    time.sleep(SETTLE)


# GNU time runs each tool: Linux gives a child the peak RSS of the process it was forked from
# (exec keeps the old memory's high-water mark), so a tool started straight from this script,
# grown big counting a 100,000-file output, showed this script's peak instead of its own.
TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def summary(runs: list[Run], floor: float, floor_cpu: float) -> str:
    times = [r.seconds for r in runs]
    median = statistics.median(times)
    cpu = statistics.median(r.cpu_seconds for r in runs)
    return (
        f"{median:6.2f} ({min(times):.2f}-{max(times):.2f}) | {median / floor:5.1f}x | "
        f"{cpu:6.2f} | {cpu / floor_cpu:5.1f}x | "
        f"{max(r.max_rss_mib for r in runs):6.0f} MiB | {runs[-1].posts} | {runs[-1].comments}"
    )


def bench(posts: int, comments: int, reps: int, only: set[str] | None, before: Path | None = None) -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-peers-"))
    try:
        source = write_synthetic_wxr(work / "export.xml", posts, comments)
        chosen = [t for t in tools(before) if only is None or t.name in only or t.name == "floor"]
        runs: dict[str, list[Run]] = {t.name: [] for t in chosen}
        for rep in range(reps):
            for tool in chosen:
                runs[tool.name].append(run_once(tool, source, work, rep))
        floor = statistics.median(r.seconds for r in runs["floor"])
        floor_cpu = statistics.median(r.cpu_seconds for r in runs["floor"])
        size = source.stat().st_size / 2**20
        print(f"\n{posts:,} posts x {comments} comments ({size:.0f} MiB), {reps} interleaved reps")
        print(
            "| tool | wall s median (min-max) | / floor | CPU s median | / floor CPU | peak RSS | "
            "posts+pages out | comments out |"
        )
        print("|---|---|---|---|---|---|---|---|")
        for tool in chosen:
            print(f"| {tool.name} | {summary(runs[tool.name], floor, floor_cpu)} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--install", action="store_true", help="install the peers into bench/.peers and exit")
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated post counts")
    parser.add_argument("--comments", type=int, default=4, help="comments per post")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--only", help="comma-separated tool names (the floor always runs)")
    parser.add_argument(
        "--before", type=Path, help="also run blogimport from this tree (a worktree of an older commit)"
    )
    parser.add_argument("--settle", type=float, default=SETTLE, help="seconds of quiet disk before each run")
    args = parser.parse_args()
    _set_settle(args.settle)
    if args.install:
        install()
        return
    only = set(args.only.split(",")) if args.only else None
    for size in (int(s) for s in args.sizes.split(",")):
        bench(size, args.comments, args.reps, only, args.before)


if __name__ == "__main__":
    main()
