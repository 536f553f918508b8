"""Peak memory of ``blogimport validate`` as the export grows: the source (WXR) and its JSON,
JSON Lines and Markdown exports, at two sizes of the synthetic blog (a quarter and the whole).

    python bench/bench_validate_memory.py                  # 10,000 posts x 5 comments, and 2,500
    python bench/bench_validate_memory.py --posts 2000     # quicker
    python bench/bench_validate_memory.py --root /tmp/old  # the same runs with another checkout's code

Every run is its own process; its peak resident memory comes from ``wait4``. The floor is the
same interpreter importing the validate package and doing nothing: what every run pays before it
reads a byte. Flat memory means the column "over floor" does not grow from the small to the large
export. Prints a Markdown table for bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth_wxr import write_synthetic_wxr

ROOT = Path(__file__).resolve().parent.parent
FLOOR = "import importer.validate, importer.readers.wxr.reader"

Result = tuple[float, float]  # wall seconds, peak RSS MB


def run(command: list[str], root: Path) -> Result:
    """Wall time and peak RSS of one child process (validate exits 1 when it finds errors: not a failure here)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode() if process.stderr else ''}")
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def exports(source: Path, work: Path) -> dict[str, Path]:
    """The source's exports, written once with this checkout's code."""
    stem = work / source.stem
    made = {"json": stem.with_suffix(".json"), "jsonl": stem.with_suffix(".jsonl"), "markdown": stem}
    for fmt, path in made.items():
        command = [sys.executable, "-m", "importer", "convert", str(source), "--to", fmt, "-o", str(path), "-q"]
        subprocess.run(command, cwd=ROOT, check=True)
    return made


def measure(source: Path, work: Path, root: Path) -> dict[str, Result]:
    validate = [sys.executable, "-m", "importer", "validate"]
    results = {"floor (imports only)": run([sys.executable, "-c", FLOOR], root)}
    results["validate SOURCE.xml"] = run([*validate, str(source)], root)
    for fmt, path in exports(source, work).items():
        results[f"validate --export ({fmt})"] = run([*validate, "--export", str(path)], root)
    return results


def table(title: str, results: dict[str, Result]) -> str:
    _, floor = results["floor (imports only)"]
    lines = [title, "", "| run | wall s | peak RSS MB | over floor MB |", "| --- | ---: | ---: | ---: |"]
    for name, (wall, rss) in results.items():
        lines.append(f"| {name} | {wall:.1f} | {rss:.0f} | {rss - floor:.0f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=5)
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose code validates")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-validate-") as folder:
        work = Path(folder)
        for posts in (args.posts // 4, args.posts):
            source = write_synthetic_wxr(work / f"synthetic-{posts}.xml", posts, args.comments)
            title = f"{posts:,} posts x {args.comments} comments ({source.stat().st_size / 1e6:.1f} MB WXR)"
            print(table(title, measure(source, work, args.root)), end="\n\n", flush=True)


if __name__ == "__main__":
    main()
