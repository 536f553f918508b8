"""One big WXR file converted by several processes: the file's parts read and written side by side.

When a run converts one WXR file (not gzipped, not standard input) of a few megabytes or more to
a format whose writer can write parts (:class:`~importer.writers.PartsWriter`), and ``jobs`` is
above 1, :func:`convert_in_parts` cuts the file between items
(:func:`~importer.readers.wxr.parts.plan_parts`), forks one worker per part, and each worker reads
its part, filters and redacts as a whole run would, and writes its part of the output into a
folder of its own. The main process shows the progress of all of them, adds their tallies to
the run's in file order, and joins the parts into the output. A writer that must coordinate its
parts itself (Markdown: the whole file's first pass before any post is written) has the parts
read into its own spools (:func:`read_parts`) and takes it from there.

Anything a part cannot judge alone makes the run read the file whole instead, from the start,
with nothing of the parts kept: a worker that failed (a parse error, a bad byte: the whole read
then reports it where it is, as a run without parts would) or a part that met broken XML the
recovering parser read through (see :data:`WHOLE_FILE_PROBLEMS`).
"""

from __future__ import annotations

import contextlib
import gc
import mmap
import multiprocessing
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, cast

from .readers.wxr.parts import Part, plan_parts
from .stages import ConvertOptions, SeenNames, filter_posts, redact, report_unmatched, without_repeats
from .tally import Tally
from .writers import PartsWriter

# Problems whose report depends on the whole file (a count over it, "reported once", a position
# after a cut): a part that meets one hands the file back to be read whole.
WHOLE_FILE_PROBLEMS = frozenset(
    {
        "xml-recovered",
        "file-truncated",
        "read-error",
        "cdata-end-in-cdata",
        "namespace-error",
        "duplicate-attribute",
        "namespace-not-uri",
    }
)
_POLL = 0.25  # seconds between progress reports
# Objects a young collection of Python's cycle collector waits for in a run's processes (Python's
# default: 700). What a run does per record leaves no reference cycle behind
# (tests/test_parallel_gc.py), so the collector finds nothing there; at 700 it walked each batch of
# records being pickled or unpickled, and what a post's conversion holds, again and again (2.7% of
# the instructions of a 2k Markdown run). With 10,000 a forked reader or writer of the 10k export
# collects no more; a cycle made after all (an exception kept with its traceback) is still
# collected, when 10,000 more objects are alive, not 700.
GC_YOUNG = 10_000
_FOLLOW = 0.02  # seconds between calls of a run's work meanwhile (see read_parts)


def plan(sources: Sequence[str], fmt: str | None, jobs: int) -> list[Part] | None:
    """The parts of the run's one source, or None when it is read whole."""
    if jobs < 2 or len(sources) != 1 or sources[0] == "-" or "fork" not in multiprocessing.get_all_start_methods():
        return None
    from .readers import detect_format

    path = sources[0]
    if not os.path.isfile(path) or fmt not in (None, "wxr"):
        return None
    try:
        if detect_format(path) != "wxr":
            return None
    except Exception:
        return None
    return plan_parts(path, jobs)


@dataclass(slots=True)
class PartResult:
    part: Part
    part_dir: str
    ok: bool = False
    summary: object = None
    tally: Tally = field(default_factory=Tally)
    seen: dict[str, set[str]] = field(default_factory=dict)


def convert_in_parts(
    path: str,
    parts: list[Part],
    output: str,
    options: ConvertOptions,
    writer: PartsWriter[Any],
    write_options: Any,
    tally: Tally,
) -> bool:
    """Convert ``path`` part by part into ``output``: True when done, False when the file must be
    read whole (then nothing was written and ``tally`` is untouched)."""
    with read_parts(path, parts, options, writer, write_options) as results:
        if results is None:
            return False
        for result in results:
            tally.merge(result.tally)
        report_unmatched_parts(results, options, tally)
        writer.join([(r.part_dir, r.summary) for r in results], output, write_options, tally)
    return True


@contextlib.contextmanager
def read_parts(
    path: str,
    parts: list[Part],
    options: ConvertOptions,
    writer: PartsWriter[Any],
    write_options: Any,
    meanwhile: Callable[[list[PartResult]], None] | None = None,
) -> Iterator[list[PartResult] | None]:
    """Every part read, filtered and redacted as a whole run would, and handed to
    ``writer.write_part`` by its worker: the parts in file order (each folder kept until the
    block ends), or None when the file must be read whole. For a writer that joins its parts
    itself (Markdown: :mod:`importer.writers.markdown.parts`); add each part's tally, then
    :func:`report_unmatched_parts`, to count what a whole run counts.

    ``meanwhile(results)`` is called again and again while the workers read (a part whose worker
    is done has ``ok`` set): the main process's own work on what they have spooled so far.

    None comes when a worker failed or a part met what only the whole file can judge."""
    from .readers.wxr import reader  # noqa: F401 - imported once, here, not by every worker

    context = multiprocessing.get_context("fork")
    done = _shared_counters(len(parts))
    with tuned_gc(), tempfile.TemporaryDirectory(prefix="blogimport-parts-") as scratch:
        results = [PartResult(part, os.path.join(scratch, str(part.index))) for part in parts]
        with _workers(context, results, path, options, writer, write_options, done) as running:
            _collect(running, results, path, options, done, meanwhile)
        whole = not all(r.ok for r in results) or any(_needs_whole_file(r.tally) for r in results)
        yield None if whole else results


@contextlib.contextmanager
def tuned_gc() -> Iterator[None]:
    """The main process's cycle collector while a run in parts goes on: its young collections
    every :data:`GC_YOUNG` objects (unless the caller's come less often already, or are off).
    The caller's thresholds come back on the way out, whatever happens: a library call leaves
    its caller's collector as it found it (nothing is frozen in the main process)."""
    thresholds = gc.get_threshold()
    if thresholds[0] and thresholds[0] < GC_YOUNG:
        gc.set_threshold(GC_YOUNG, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def worker_gc() -> None:
    """In a forked worker (its own process: nothing of the caller's is changed): what the main
    process made is left out of its collections (frozen), and its young collections come every
    :data:`GC_YOUNG` objects."""
    gc.freeze()
    thresholds = gc.get_threshold()
    if thresholds[0]:
        gc.set_threshold(max(thresholds[0], GC_YOUNG), *thresholds[1:])


def _shared_counters(count: int) -> Any:
    """``count`` int64s that forked workers write and the main process reads: an anonymous shared
    mapping, what ``context.Array("q", count, lock=False)`` gave without importing ctypes and
    multiprocessing's heap before the fork (about 10 M instructions of the main process's start-up)."""
    return memoryview(mmap.mmap(-1, 8 * count)).cast("q")


def report_unmatched_parts(results: list[PartResult], options: ConvertOptions, tally: Tally) -> None:
    """The filters no part's records matched, reported once for the file (as a whole run does)."""
    seen: dict[str, set[str]] = {"types": set(), "statuses": set()}
    for result in results:
        for key, values in result.seen.items():
            seen.setdefault(key, set()).update(values)
    report_unmatched(options.filters, seen, tally)


@contextlib.contextmanager
def _workers(
    context: Any,
    results: list[PartResult],
    path: str,
    options: ConvertOptions,
    writer: PartsWriter[Any],
    write_options: Any,
    done: Any,
) -> Iterator[dict[Connection, PartResult]]:
    """One forked worker per part; all of them stopped and reaped on the way out."""
    running: dict[Connection, PartResult] = {}
    processes = []
    try:
        for result in results:
            os.mkdir(result.part_dir)
            receive, send = context.Pipe(duplex=False)
            args = (send, path, result.part, result.part_dir, options, writer, write_options, done)
            process = context.Process(target=_work, args=args, daemon=True)
            process.start()
            send.close()
            processes.append(process)
            running[receive] = result
        yield running
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
            process.join()
        for connection in running:
            connection.close()


def _collect(
    running: dict[Connection, PartResult],
    results: list[PartResult],
    path: str,
    options: ConvertOptions,
    done: Any,
    meanwhile: Callable[[list[PartResult]], None] | None = None,
) -> None:
    total = sum(r.part.end - r.part.start for r in results)
    waiting = dict(running)
    progress = options.read.progress
    shown = 0.0  # when progress was last reported
    while waiting:
        for ready in wait(list(waiting), timeout=_POLL if meanwhile is None else _FOLLOW):
            connection = cast(Connection, ready)
            result = waiting.pop(connection)
            try:
                message = connection.recv()
            except (EOFError, OSError):  # the worker died (killed, out of memory)
                continue
            if message[0] == "done":
                result.ok = True
                _, result.summary, result.tally, result.seen = message
        if meanwhile is not None:
            meanwhile(results)
        if progress is not None and (meanwhile is None or time.monotonic() >= shown + _POLL):
            progress(path, min(total, sum(done)), total)
            shown = time.monotonic()
    if progress is not None:
        progress(path, total, total)


def _work(
    send: Connection,
    path: str,
    part: Part,
    part_dir: str,
    options: ConvertOptions,
    writer: PartsWriter[Any],
    write_options: Any,
    done: Any,
) -> None:
    """A worker: read one part, filter and redact it as a whole run would, write it."""
    from dataclasses import replace

    from .readers.wxr.reader import read_wxr_part

    worker_gc()

    def progress(_path: str, position: int, _total: int) -> None:
        done[part.index] = max(0, position - part.header_end)  # every part reads the header first

    try:
        tally = Tally()
        seen: dict[str, set[str]] = {"types": set(), "statuses": set()}
        read_options = replace(options.read, progress=progress)
        names = SeenNames()
        records = without_repeats(read_wxr_part(path, part, read_options, tally), names, tally)
        records = filter_posts(records, options.filters, tally, seen)
        if options.redact:
            records = redact(records, tally)
        summary = writer.write_part(records, part_dir, write_options, tally)
        if part.index and (names.authors or names.terms):  # repeats of earlier parts' cannot be told here
            send.send(("failed", "an author or term after the first items"))
        else:
            send.send(("done", summary, tally, seen))
    except BaseException as exc:
        with contextlib.suppress(Exception):
            send.send(("failed", f"{type(exc).__name__}: {exc}"))
    finally:
        send.close()


def _needs_whole_file(tally: Tally) -> bool:
    return any(problem.code in WHOLE_FILE_PROBLEMS for problem in tally.problems)
