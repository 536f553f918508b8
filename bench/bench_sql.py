"""SQL export benchmark: ``--to sqlite`` and ``--to sql --dialect postgresql`` on the synthetic
export, against the floor of a bare parse of the same file, measured in the same run.

    python bench/bench_sql.py                 # 10,000 posts x 5 comments, and 2,500 for memory
    python bench/bench_sql.py --posts 2000    # quicker

Every job runs as its own process (``python -m importer ...``), so its wall time, CPU time and
peak resident memory (from ``wait4``) are its own; CPU time is the steadier figure on a busy
machine (a server load such as psql's runs mostly in the server: read its wall time). The floor
is lxml's ``iterparse`` over the file, clearing each element: what any streaming reader must
pay. ``psql load`` loads the PostgreSQL dump into a scratch schema of the server at
``BLOGIMPORT_TEST_PG_URL`` (skipped without one).
Prints a Markdown table for bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth_wxr import write_synthetic_wxr

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("BLOGIMPORT_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
FLOOR = (
    "import sys\n"
    "from lxml import etree\n"
    "for _event, element in etree.iterparse(sys.argv[1], events=('end',), huge_tree=True):\n"
    "    element.clear()\n"
)


Result = tuple[float, float, float]  # wall seconds, CPU seconds (user + system), peak RSS MB


def run(command: list[str], env: dict[str, str] | None = None) -> Result:
    """Wall time, CPU time and peak RSS of one child process; fails loudly if it fails."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode() if process.stderr else ''}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def best_of(repeat: int, command: list[str], env: dict[str, str] | None = None) -> Result:
    results = [run(command, env) for _ in range(repeat)]
    return min(r[0] for r in results), min(r[1] for r in results), max(r[2] for r in results)


def blogimport(*args: str) -> list[str]:
    return [sys.executable, "-m", "importer", "convert", *args, "-q"]


def psql_load(dump: Path) -> Result | None:
    psql = shutil.which("psql")
    if psql is None:
        return None
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = [psql, PG_URL, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c"]
    if subprocess.run([*admin, f'CREATE SCHEMA "{schema}"'], capture_output=True, check=False).returncode:
        return None
    try:
        env = {**os.environ, "PGOPTIONS": f"-csearch_path={schema}"}
        return run([psql, PG_URL, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", str(dump)], env)
    finally:
        subprocess.run([*admin, f'DROP SCHEMA "{schema}" CASCADE'], capture_output=True, check=False)


def measure(source: Path, work: Path, repeat: int) -> dict[str, Result]:
    results: dict[str, Result] = {}
    results["bare parse (floor)"] = best_of(repeat, [sys.executable, "-c", FLOOR, str(source)])
    results["read only (WXR reader, records dropped)"] = best_of(
        repeat, [sys.executable, "-c", "import sys, importer\nfor _ in importer.read([sys.argv[1]]): pass", str(source)]
    )
    db = work / "blog.db"
    results["--to sqlite"] = best_of(repeat, blogimport(str(source), "--to", "sqlite", "-o", str(db), "--replace"))
    results["--to sqlite --no-fts"] = best_of(
        repeat, blogimport(str(source), "--to", "sqlite", "-o", str(db), "--replace", "--no-fts")
    )
    dump = work / "dump.sql"
    results["--to sql --dialect postgresql"] = best_of(
        repeat, blogimport(str(source), "--to", "sql", "--dialect", "postgresql", "-o", str(dump))
    )
    loaded = psql_load(dump)
    if loaded is not None:
        results["psql -f dump.sql (load)"] = loaded
    return results


def table(posts: int, comments: int, size_mb: float, results: dict[str, Result]) -> str:
    floor_wall, floor_cpu, _ = results["bare parse (floor)"]
    lines = [
        f"{posts:,} posts x {comments} comments ({size_mb:.1f} MB WXR)",
        "",
        "| job | wall s | x floor | CPU s | x floor | peak RSS MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, (wall, cpu, rss) in results.items():
        lines.append(
            f"| {name} | {wall:.2f} | {wall / floor_wall:.1f} | {cpu:.2f} | {cpu / floor_cpu:.1f} | {rss:.0f} |"
        )
    return "\n".join(lines)


def run_sizes(doc: str | None, prefix: str, measure: Callable[[Path, Path, int], dict[str, Result]]) -> None:
    """Parse the shared options, then print ``measure``'s table at two sizes, 4x apart (peak memory
    must stay flat as the input grows). The WXR writer's benchmark runs through here too."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0] if doc else None)
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs (memory: the highest)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix=prefix) as folder:
        work = Path(folder)
        for posts in (args.posts // 4, args.posts):
            source = write_synthetic_wxr(work / f"synthetic-{posts}.xml", posts, args.comments)
            results = measure(source, work, args.repeat)
            print(table(posts, args.comments, source.stat().st_size / 1e6, results), end="\n\n", flush=True)


if __name__ == "__main__":
    run_sizes(__doc__, "bench-sql-", measure)
