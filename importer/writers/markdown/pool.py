"""The Markdown writer's second pass with worker processes converting the posts' text.

Converting a post (wpautop and shortcodes, HTML to Markdown, its comments and excerpt) is most of
the writer's work, and needs nothing a later post changes: the link index, the reusable blocks
and the options are complete after the first pass. So when the first pass ends, the writer forks
``jobs`` workers; they inherit the run, and each converts the posts it is sent
(:meth:`MarkdownRun.convert <importer.writers.markdown.writer.MarkdownRun.convert>`). The main
process keeps everything whose result depends on the order of the posts, in that order: slugs,
media names, the tally, and writing the files.

Media names are given in the order media are first met, so a worker does not name them: each
media URL it rewrites becomes a placeholder (``blogimportmediaNz``), and the calls it would have
made come back with the text. The main process makes those calls, in the order the posts come,
and puts each name where its placeholder is. A name the Markdown converter would have written
differently (it percent-encodes what is not plain ASCII), or a post whose own text holds the
placeholder's spelling, or a table holding a media URL (the converter pads a table's columns to
their widest cell) is converted again in the main process instead: the files are the same as a
run without workers, byte for byte.

Reading the link index: the workers read the run's scratch database through the connection
they inherit, and only the tables the first pass filled, which the main process no longer
writes; they never write to it (``cache_spill`` off: not even pages the cache would spill).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from multiprocessing.reduction import ForkingPickler
from typing import TYPE_CHECKING, Any

from ...model import Post, Record
from ...tally import Tally
from ..spool import MODEL_CLASSES, by_fields

if TYPE_CHECKING:
    from .writer import Converted, MarkdownRun, Plan, PlannedPost

MIN_POSTS = 64  # fewer posts than this are converted in the main process
BATCH = 16  # posts sent to a worker at once
AHEAD = 4  # batches a worker may hold before the main process writes their posts
_CHECK_ALIVE = 1.0  # seconds between checks that a worker whose results are awaited still runs
_TOKEN = "blogimportmedia"
_PLACEHOLDER = re.compile(_TOKEN + r"(\d+)z")
_PLAIN_URL = re.compile(r"[A-Za-z0-9._/-]*")  # written as it is by the Markdown converter
# A table row holding a placeholder: the converter pads a table's columns to their widest cell,
# so the name's length counts there.
_IN_TABLE = re.compile(r"^[ \t]*\|[^\n]*" + _TOKEN + r"\d+z", re.MULTILINE)


@dataclass(slots=True)
class MediaCalls:
    """A worker's stand-in for the media manifest: each call recorded, a placeholder returned."""

    calls: list[tuple[str, int | None, str | None]] = field(default_factory=list)

    def local_url(self, url: str, post_id: int | None, bundle_dir: str | None = None) -> str:
        self.calls.append((url, post_id, bundle_dir))
        return f"{_TOKEN}{len(self.calls) - 1}z"


# What a worker sends back for one post: its text, and the media calls behind the placeholders
# (None: convert it in the main process).
_Result = tuple["Converted", list[tuple[str, int | None, str | None]]] | None


@dataclass(slots=True)
class _Pending:
    record: Record
    plan: Plan | None
    batch: int = -1  # the batch holding the post, -1: converted in the main process
    slot: int = 0


class ConvertPool:
    """Records of the second pass, handled in their order, with the posts' text converted by
    workers (see the module docstring)."""

    def __init__(self, run: MarkdownRun, jobs: int) -> None:
        self.run = run
        compact_pickles()
        context = multiprocessing.get_context("fork")
        self.tasks = [context.Queue() for _ in range(jobs)]
        self.results = [context.Queue() for _ in range(jobs)]
        self.workers = [
            context.Process(target=_serve, args=(run, tasks, results), daemon=True)
            for tasks, results in zip(self.tasks, self.results, strict=True)
        ]
        for worker in self.workers:
            worker.start()
        self.pending: deque[_Pending] = deque()
        self.batch: list[PlannedPost] = []
        self.sent = 0  # batches sent
        self.received: dict[int, list[_Result]] = {}
        self.next_result = 0  # the next batch whose results are read
        self.closed = False
        self.broken = False  # a worker died: the posts not converted yet are converted here

    def add(self, record: Record, plan: Plan | None = None) -> None:
        item = _Pending(record, plan)
        if isinstance(record, Post) and plan is not None and not self.broken and not holds_token(record):
            item.batch, item.slot = self.sent, len(self.batch)
            self.batch.append(self.run.planned(record, plan))
            if len(self.batch) == BATCH:
                self._send()
        self.pending.append(item)
        while len(self.pending) > BATCH * AHEAD * len(self.workers):
            self._write_next()

    def finish(self) -> None:
        """Write what is left, and stop the workers."""
        while self.pending:
            self._write_next()
        self.close()

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        for tasks in self.tasks:
            with contextlib.suppress(Exception):
                tasks.put(None)
        for worker in self.workers:
            worker.join(timeout=5)
            if worker.is_alive():
                worker.terminate()
                worker.join()
        for channel in (*self.tasks, *self.results):
            channel.close()
            channel.cancel_join_thread()

    def _send(self) -> None:
        self.tasks[self.sent % len(self.workers)].put(self.batch)
        self.batch = []
        self.sent += 1

    def _write_next(self) -> None:
        item = self.pending.popleft()
        if item.batch < 0:
            self.run.add(item.record, item.plan)
            return
        assert isinstance(item.record, Post)
        self.run.add_post(item.record, item.plan, self._placed(self._result(item)))

    def _result(self, item: _Pending) -> _Result:
        if item.batch == self.sent:  # still being filled
            self._send()
        while item.batch not in self.received:
            batch = self._next_batch()
            if batch is None:  # a worker died: the main process converts what it had
                return None
            self.received[self.next_result] = batch
            self.next_result += 1
        batch = self.received[item.batch]
        result = batch[item.slot]
        if item.slot == len(batch) - 1:
            del self.received[item.batch]
        return result

    def _next_batch(self) -> list[_Result] | None:
        """The results of the next batch sent, or None once a worker has died (killed, out of
        memory): then no batch is waited for any more."""
        worker = self.next_result % len(self.workers)
        while not self.broken:
            try:
                batch: list[_Result] = self.results[worker].get(timeout=_CHECK_ALIVE)
            except queue.Empty:
                self.broken = not self.workers[worker].is_alive()
                continue
            return batch
        return None

    def _placed(self, result: _Result) -> Converted | None:
        """The worker's text with the media names in place (the calls made here, in order), or
        None when the main process must convert the post again."""
        if result is None:
            return None
        converted, calls = result
        return placed(converted, [self.run.media.local_url(*call) for call in calls])


def placed(converted: Converted, urls: list[str]) -> Converted | None:
    """``converted`` (a worker's text, see :class:`MediaCalls`) with ``urls``, the names its
    media calls got, in place of the placeholders; None when the post must be converted again
    with the names known (a name the converter would have written otherwise, a table)."""
    if not urls:
        return converted
    if not all(_PLAIN_URL.fullmatch(url) for url in urls) or _IN_TABLE.search(converted.body):
        return None
    converted.body = _PLACEHOLDER.sub(lambda m: urls[int(m.group(1))], converted.body)
    return converted


def compact_pickles() -> None:
    """Posts go to the workers, and their text comes back, pickled as the record spool pickles
    them (see :func:`importer.writers.spool.by_fields`): half the time of pickle's own way."""
    from .writer import Converted, Plan, PlannedPost

    for cls in (*MODEL_CLASSES, Plan, PlannedPost, Converted):
        reducer = by_fields(cls)
        if reducer is not None:
            ForkingPickler.register(cls, reducer)


def use_pool(run: MarkdownRun, posts: int, jobs: int) -> bool:
    """Workers pay off: several cores, enough posts, nothing that needs the posts in one process."""
    return jobs > 1 and posts >= MIN_POSTS and not run.options.check_fidelity


@contextlib.contextmanager
def second_pass(run: MarkdownRun, posts: int, jobs: int) -> Iterator[Any]:
    """What the second pass gives each record to: the pool, or the run itself."""
    if not use_pool(run, posts, jobs):
        yield run
        return
    pool = ConvertPool(run, jobs)
    try:
        yield pool
        pool.finish()
    finally:
        pool.close()


def holds_token(post: Post) -> bool:
    """Whether the post's own text holds the placeholders' spelling (converted with the names known)."""
    if (post.content and _TOKEN in post.content) or (post.excerpt and _TOKEN in post.excerpt):
        return True
    for comment in post.comments:  # noqa: SIM110 (a generator for any() costs twice the loop)
        if comment.content and _TOKEN in comment.content:
            return True
    return False


def _serve(run: MarkdownRun, tasks: Any, results: Any) -> None:
    """A worker: convert each post sent, until told to stop."""
    run.scratch.db.execute("PRAGMA cache_spill = OFF")  # the main process's database: read, never written
    media = MediaCalls()
    run.media = media  # type: ignore[assignment]
    while (batch := tasks.get()) is not None:
        out: list[_Result] = []
        for planned in batch:
            run.tally = Tally()
            media.calls = []
            try:
                converted = run.convert(planned)
            except Exception:
                out.append(None)
                continue
            converted.tally = run.tally
            out.append((converted, media.calls))
        results.put(out)
