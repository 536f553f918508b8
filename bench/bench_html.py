"""Benchmark the HTML reader against the floor of a bare ``lxml.html`` parse, in the same run.

    python bench/bench_html.py                # corpus pages (../shared/corpus/html) + fixtures/html
    python bench/bench_html.py --repeat 3     # fastest of three rounds per pass
    python bench/bench_html.py --repeat 7 --processes 9   # nine fresh processes: their median ratio

The page set: every ``.html`` file of the shared corpus's HTML folder (when present) and of
``fixtures/html``, read into memory first (no disk time in either pass). Two passes over the
same bytes, in the same process:

* floor - ``lxml.html.document_fromstring(data)`` per page: parsing alone, the least any
          lxml-based reader costs;
* parse - ``importer.readers.html.parse_page(data, path, Tally())`` per page: decoding,
          parsing, profile detection, posts, comments, dates, body HTML;
* read  - the same with ``links=False``, as ``read_html`` and the mirror reader call it (the
          page's list of every ``a[href]``, made absolute, is left out: no record carries it).

Each pass runs ``--repeat`` times, the three interleaved (floor, parse, read, floor, ...), so a
machine whose speed drifts during the run gives each pass the same conditions; the fastest round
of each counts. Time is CPU time of this process (``time.process_time``), so other programs on a
busy machine add little noise. Printed: pages per second for each and the ratios to the floor.
Target (issue 13): within 5x.

On some virtual machines a whole process runs faster or slower than the next (session 14 saw the
floor take 49 ms in one process and 80 ms in the next, the same code and pages), which no number
of rounds inside one process evens out. ``--processes N`` runs the measurement in N fresh
processes, one after another, and prints each one's ratios and their median.

Instruction counts (load independent; sessions 7-10 measured so): ``--passes N --only read``
runs N untimed passes of one kind and nothing else, to run under callgrind twice (N = 1 and 2);
one pass = (2 passes) - (1 pass), which leaves out start-up, imports and compiling selectors:

    PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=cg.%p \\
        /root/.pyenv/versions/3.11.7/bin/python3.11 bench/bench_html.py --passes 2 --only read
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

import lxml.html  # noqa: E402

from importer.readers.html import parse_page  # noqa: E402
from importer.tally import Tally  # noqa: E402

CORPUS_HTML = Path(os.environ.get("BLOGIMPORT_CORPUS") or ROOT.parent / "shared" / "corpus") / "html"
FIXTURES_HTML = ROOT / "fixtures" / "html"


def load_pages() -> list[tuple[str, bytes]]:
    paths = sorted(CORPUS_HTML.rglob("*.html")) if CORPUS_HTML.is_dir() else []
    paths += sorted(FIXTURES_HTML.glob("*.html"))
    return [(str(p), p.read_bytes()) for p in paths]


def floor(pages: list[tuple[str, bytes]]) -> None:
    for _path, data in pages:
        lxml.html.document_fromstring(data)


def parse(pages: list[tuple[str, bytes]]) -> None:
    for path, data in pages:
        parse_page(data, path, Tally())


def read(pages: list[tuple[str, bytes]]) -> None:
    for path, data in pages:
        parse_page(data, path, Tally(), links=False)


def fastest(
    runs: dict[str, Callable[[list[tuple[str, bytes]]], None]], pages: list[tuple[str, bytes]], repeat: int
) -> dict[str, float]:
    """The fastest of ``repeat`` rounds of each run, the runs taking turns round by round."""
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(repeat):
        for name, run in runs.items():
            start = time.process_time()
            run(pages)
            best[name] = min(best[name], time.process_time() - start)
    return best


def in_processes(count: int, repeat: int) -> None:
    """The measurement in ``count`` fresh processes: each one's ratios, then their median."""
    ratios: list[tuple[float, float]] = []
    for number in range(1, count + 1):
        out = subprocess.run(
            [sys.executable, __file__, "--repeat", str(repeat), "--json"], check=True, capture_output=True, text=True
        ).stdout
        times = json.loads(out)
        ratios.append((times["parse"] / times["floor"], times["read"] / times["floor"]))
        print(
            f"process {number}: floor {times['floor']:.3f} s, parse {times['parse']:.3f} s, read {times['read']:.3f} s;"
            f" ratio parse {ratios[-1][0]:.2f}x, links=False {ratios[-1][1]:.2f}x",
            flush=True,
        )
    parse_median = statistics.median(r[0] for r in ratios)
    read_median = statistics.median(r[1] for r in ratios)
    print(
        f"median of {count} processes: parse / floor {parse_median:.2f}x,"
        f" links=False {read_median:.2f}x (target: within 5x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="rounds per pass; the fastest counts")
    parser.add_argument("--passes", type=int, default=0, help="run this many untimed passes of --only (for callgrind)")
    parser.add_argument("--only", choices=("floor", "parse", "read"), default="read", help="the pass --passes runs")
    parser.add_argument(
        "--processes", type=int, default=1, help="measure in this many fresh processes; print the median"
    )
    parser.add_argument("--json", action="store_true", help="print the fastest times as JSON (for --processes)")
    args = parser.parse_args()
    if args.processes > 1:
        in_processes(args.processes, args.repeat)
        return
    pages = load_pages()
    if not pages:
        sys.exit("no pages found")
    if args.passes:
        run = {"floor": floor, "parse": parse, "read": read}[args.only]
        for _ in range(args.passes):
            run(pages)
        return
    size = sum(len(data) for _, data in pages)
    parse(pages)  # warm-up: compile the profiles' selectors once, as a long run would
    best = fastest({"floor": floor, "parse": parse, "read": read}, pages, args.repeat)
    if args.json:
        print(json.dumps(best))
        return
    floor_s, parse_s, read_s = best["floor"], best["parse"], best["read"]
    n = len(pages)
    print(f"{n} pages, {size / 1e6:.1f} MB")
    print(f"floor (lxml.html parse): {floor_s:.3f} s  {n / floor_s:8.1f} pages/s")
    print(f"parse_page:              {parse_s:.3f} s  {n / parse_s:8.1f} pages/s")
    print(f"parse_page(links=False): {read_s:.3f} s  {n / read_s:8.1f} pages/s  (as the readers call it)")
    print(f"ratio parse / floor:     {parse_s / floor_s:.2f}x, links=False {read_s / floor_s:.2f}x (target: within 5x)")


if __name__ == "__main__":
    main()
