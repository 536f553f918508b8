"""``--to markdown`` of one big WXR file by several processes, each writing its part's files.

The Markdown writer reads every record before it writes any (the link index must be complete),
and some of what it decides depends on the order of the posts across the whole file: the slugs
and comments data keys (a clash goes to the later post), the media files' names (given in the
order the media are first met), the tally. So a run in parts goes in three steps:

1. **Read** (:func:`importer.parallel.read_parts`): each part's worker reads its part and spools
   its records twice: whole (``records.pickle``) and light (``index.pickle``: each post without
   its text and comments, with whether a visitor could see one of its comments).
2. **Plan**, in the main process: the light records of every part, in file order, go through
   the writer's first pass (:meth:`MarkdownRun.index_pass`): the link index, the slugs, the
   comments data keys, each post's :class:`Plan`, spooled for its part (``plans.pickle``). The
   first part is planned as its reader spools it (:class:`_Planner`), while the others are read.
3. **Write**: one forked worker per part (it inherits the complete index) converts its part's
   posts with a stand-in for the media manifest (:class:`MediaCalls`: a placeholder for each
   media URL, the call recorded). A post without media is written at once; the others wait.
   When the part is done, the main process makes the part's calls (attachments' too), part
   after part in file order, so each medium gets the name a one-process run gives it, and
   leaves the names for the worker, which puts them in place in the posts that waited (or
   converts such a post again with the names known, see :func:`placed`) and writes them. The
   counts of the part's tally have no order; its problems keep the posts' order (a post that
   waits keeps a place for its own), so the part's tally, added to the run's in file order,
   is the one-process tally.

The files written are recorded in the manifest by the main process, from a file each worker
leaves in its part's folder (also when the run is interrupted). A worker that fails makes the
run write the file whole instead, in one process (:func:`write_in_parts` returns False): the
files the parts wrote hold what that run writes (it finds them up to date), so nothing is lost
or changed.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import pickle
import signal
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from multiprocessing.connection import Connection
from operator import attrgetter
from typing import IO, TYPE_CHECKING, Any

from ... import parallel
from ...errors import OutputError, PartialOutputError
from ...model import Author, Post, Record, Site
from ...readers.wxr.parts import Part
from ...stages import ConvertOptions
from ...tally import Tally
from ...wordpress import ATTACHMENT, PUBLIC_COMMENT_STATUSES
from .. import PartsWriter
from ..scratch import Scratch
from ..spool import RecordSpool
from .links import Prepared, old_addresses, prepared
from .manifest import Entry, Named, OutputFolder
from .pool import MediaCalls, compact_pickles, holds_token, placed
from .writer import Converted, Indexing, MarkdownOptions, MarkdownRun, Plan, prepared_folder, save_manifest

if TYPE_CHECKING:
    from ...parallel import PartResult

_RECORDS = "records.pickle"
_INDEX = "index.pickle"
_PLANS = "plans.pickle"
_WRITTEN = "written.pickle"
_CALLS = "calls.pickle"
_NAMES = "names.pickle"
_STOP_WAIT = 10.0  # seconds an interrupted worker gets to leave its list of files written
_FOLLOW = 0.02  # seconds between two looks at a worker's list of files written, while it writes

Call = tuple[str, int | None, str | None]  # a media manifest call: (url, post id, bundle folder)


def write_in_parts(
    path: str, parts: list[Part], output: str, options: ConvertOptions, md_options: MarkdownOptions, tally: Tally
) -> bool:
    """Write the WXR file ``path`` as a Markdown site in ``output``, part by part: True when done,
    False when it must be written whole instead (by :func:`write_markdown`; ``tally`` untouched)."""
    if md_options.check_fidelity:  # the fidelity report lists the posts in one process's order
        return False
    root, preset = prepared_folder(output, md_options)  # refused before anything is read
    own = Tally()  # the caller's tally is left as it was when the file must be written whole
    with Scratch() as scratch:
        run = MarkdownRun(root, preset, md_options, own, scratch, background=False, load_later=True)
        planner = _Planner(run)
        try:
            with parallel.read_parts(path, parts, options, _SPOOL, md_options, planner.follow) as results:
                if results is None:
                    return False
                for result in results:  # what reading the parts counted, as a one-process run counts it
                    own.merge(result.tally)
                parallel.report_unmatched_parts(results, options, own)
                try:
                    if not _write(run, planner, results):
                        return False
                except BaseException:
                    tally.merge(own)  # the run stopped: what it counted so far, as one process tells it
                    raise
        finally:
            planner.close()
    tally.merge(own)
    return True


def _write(run: MarkdownRun, planner: _Planner, results: list[PartResult]) -> bool:
    folder = run.folder
    part_dirs = [result.part_dir for result in results]
    workers: list[_Worker] = []
    try:
        planner.finish(results)
        workers = _start(run, part_dirs)
        left_alone = [_meanwhile(run, run.write_redirects)]  # the redirect files, while the workers write
        if not _name_media(run, workers):
            return False
        if left_alone[0] is not None and not run.options.download_media and run.media.count:
            left_alone.append(_meanwhile(run, run.write_media_lists))  # named now: listed while they write
        outcomes = []
        for worker in workers:  # each part's files are recorded as its worker lists them
            outcome = worker.outcome(run.folder, workers)
            if outcome is None:
                return False
            outcomes.append(outcome)
        for outcome in outcomes:
            _account(run, outcome)
        for named in left_alone:  # after the posts' files, where one process meets these files
            if named is not None:
                run.folder.clashes.merge(named[0])
                run.folder.user_changed.merge(named[1])
        run.finish()
    except OutputError as exc:  # a full disk, a read-only folder: say what is on disk (as one process does)
        _stop_and_record(folder, workers)
        run.report_stopped(saved=save_manifest(folder))
        raise PartialOutputError(exc.template, file=exc.file, line=exc.line, column=exc.column) from None
    except BaseException:
        _stop_and_record(folder, workers)
        save_manifest(folder)  # what was written so far, also when the run stops half-way (Ctrl-C)
        raise
    finally:
        _stop(workers)
    return True


def _meanwhile(run: MarkdownRun, write: Callable[[], None]) -> tuple[Named, Named] | None:
    """Files the main process writes while the workers write the posts (the redirect files, the
    media lists): the ones left alone (a user's file there), to be reported after the posts'
    files; None when they could not be written (``run.finish()`` writes them again, where one
    process meets them and their error)."""
    folder = run.folder
    clashes, user_changed = folder.clashes, folder.user_changed
    folder.clashes, folder.user_changed = Named(), Named()
    try:
        write()
    except OutputError:
        return None
    finally:
        left_alone = folder.clashes, folder.user_changed
        folder.clashes, folder.user_changed = clashes, user_changed
    return left_alone


def _stop_and_record(folder: OutputFolder, workers: list[_Worker]) -> None:
    """After the run stopped: the workers ended, the files they wrote in the manifest."""
    _stop(workers)
    for worker in workers:
        with contextlib.suppress(Exception):
            worker.written.record(folder, complete=True)


# -- 1. reading: each part's records, whole and light -------------------------------------------


def _spool_part(records: Iterable[Record], part_dir: str, _options: object, _tally: Tally) -> None:
    """In a part's reading worker: its records, whole and as the first pass needs them."""
    compact = [Plan]
    with (
        RecordSpool[Record](compact, open(os.path.join(part_dir, _RECORDS), "wb")) as whole,
        RecordSpool[_Light](compact, open(os.path.join(part_dir, _INDEX), "wb")) as light,
    ):
        for record in records:
            whole.add(record)
            light.add(_light(record))
        whole.flush()
        light.flush()


# A record as the first pass reads it: see _light
_Light = tuple[Record, bool | None, Prepared | None]


def _light(record: Record) -> _Light:
    """What the first pass reads of ``record`` (see :meth:`MarkdownRun.index_pass`): of a post,
    the fields planning reads (:data:`_PLANNED`; a reusable block: all but its comments, posts
    include its text), whether a visitor could see one of its comments, and the part of its plan
    that does not depend on the posts before it (:func:`~.links.prepared`: its slug, its old
    addresses split; found here, in the reading worker, so the main process, which plans the
    parts one after the other, only claims). The rest (its text, comments, terms, other dates)
    would cost the main process their unpickling, a third of its part of planning.

    Of an attachment, planning reads only its old addresses (:func:`_attachment_prepared`)."""
    if not isinstance(record, Post):
        return record, None, None
    if record.type == ATTACHMENT:
        return _planned_fields(record), None, _attachment_prepared(record)
    ready = prepared(record)
    public = False
    for comment in record.comments:
        if comment.status in PUBLIC_COMMENT_STATUSES:
            public = True
            break
    if record.type != "wp_block":
        return _planned_fields(record), public, ready
    # the post's fields by position, its comments emptied: dataclasses.replace's result, a third of its time
    values = list(_POST_FIELDS(record))
    values[_COMMENTS] = []
    return Post(*values), public, ready


def _attachment_prepared(post: Post) -> Prepared:
    """:func:`~.links.prepared` of an attachment as planning reads it: its old addresses (the link
    index's, :meth:`MarkdownRun.index_pass`); its slugs and permalink alias, which planning never
    reads of an attachment, are left empty."""
    return "", "", old_addresses(post), None


def _planned_fields(post: Post) -> Post:
    """A post with the fields planning reads (:data:`_PLANNED`), the others their defaults (by
    keyword: a third of the time of a dict of them; tests/test_mdread_light.py checks the two)."""
    return Post(
        id=post.id,
        type=post.type,
        status=post.status,
        password=post.password,
        date=post.date,
        parent=post.parent,
        attachment_url=post.attachment_url,
    )


_PLANNED = ("id", "type", "status", "password", "date", "parent", "attachment_url")
_POST_FIELDS = attrgetter(*[f.name for f in fields(Post)])
_COMMENTS = [f.name for f in fields(Post)].index("comments")


def _no_join(parts: list[tuple[str, object]], output: str, options: object, tally: Tally) -> None:
    raise AssertionError("the Markdown writer joins its parts itself")


_SPOOL: PartsWriter[Any] = PartsWriter(_spool_part, _no_join)


# -- 2. planning, in the main process -------------------------------------------------------------


class _Planner:
    """The first pass over every part's light records, in file order, each part's plans spooled.

    A part is planned as its reader spools it (:meth:`follow`, called while the parts are read:
    the main process has nothing else to do then), once every part before it is; what is left,
    when all are read (:meth:`finish`)."""

    def __init__(self, run: MarkdownRun) -> None:
        self.run = run
        self.index: Indexing | None = None  # the first pass's step: made once the readers are forked
        self.header: list[Record] = []  # the site and authors, given to the run when all is planned
        self.part = 0  # the part being planned
        self.light: IO[bytes] | None = None  # its light records, as far as they are spooled
        self.plans: RecordSpool[Plan | None] | None = None
        self.error: Exception | None = None  # met while following: raised by finish()

    def follow(self, results: list[PartResult]) -> None:
        """Plan what the readers have spooled so far (``results``: the parts, ``ok`` when read)."""
        if self.error is not None:
            return
        try:
            while self.part < len(results) and self._step(results[self.part]):
                pass
        except Exception as exc:  # a path refused, a full disk: the run stops at finish(), as it would then
            self.error = exc

    def finish(self, results: list[PartResult]) -> None:
        """Every part read: the rest planned, the header records given to the run."""
        if self.error is not None:
            raise self.error
        while self.part < len(results):
            self._step(results[self.part])
        for record in self.header:  # what the second pass takes from them, before any post of it
            self.run.add(record)

    def _step(self, result: PartResult) -> bool:
        """Plan the records the part's reader has spooled so far: True when the part is all planned."""
        read = result.ok  # before looking: all of it is in the file then
        if self.index is None:  # the readers are forked: the main process imports the converters now
            self.index = self.run.index_pass()
        if self.light is None:
            try:
                self.light = open(os.path.join(result.part_dir, _INDEX), "rb")  # noqa: SIM115 - closed below
            except FileNotFoundError:  # its reader has not started
                return False
            plans = open(os.path.join(result.part_dir, _PLANS), "wb")  # noqa: SIM115 - closed with the spool
            self.plans = RecordSpool[Plan | None]([Plan], plans)
        assert self.plans is not None
        index = self.index
        for batch in _spooled_batches(self.light, read):
            for record, public_comments, ready in batch:
                self.plans.add(index(record, public_comments, ready))
                if isinstance(record, (Site, Author)):
                    self.header.append(record)
        if not read:
            return False
        self.plans.flush()
        self.close()
        self.part += 1
        return True

    def close(self) -> None:
        if self.light is not None:
            self.light.close()
        if self.plans is not None:
            self.plans.close()
        self.light = self.plans = None


def _spooled_batches(stream: IO[bytes], complete: bool) -> Iterator[list[Any]]:
    """The batches a :class:`RecordSpool` has written to ``stream`` from where it stands: each
    one whole (``complete``: the writer is done), or up to the one still being written (the
    stream is left at its start). A pickle of protocol 5 is framed: one cut short does not load."""
    while True:
        start = stream.tell()
        try:
            yield pickle.load(stream)
        except (EOFError, pickle.UnpicklingError):
            if complete and start != os.fstat(stream.fileno()).st_size:
                raise
            stream.seek(start)
            return


# -- 3. writing: a worker per part ------------------------------------------------------------


@dataclass(slots=True)
class _Outcome:
    """What a worker tells the main process when its part is written."""

    tally: Tally
    unchanged: int
    clashes: Named
    user_changed: Named
    posts_written: Named


@dataclass(slots=True)
class _Worker:
    part_dir: str
    process: Any
    channel: Connection
    written: _Listed  # its list of files written, as far as the main process has recorded it
    finished: bool = False  # it has written its part and said so

    def receive(self, folder: OutputFolder, workers: list[_Worker]) -> Any:
        """The worker's next message; None when it failed or died. Meanwhile, the files the
        ``workers`` list as written are recorded in ``folder``'s manifest (each part's in order;
        no two parts write one path)."""
        while not self.channel.poll(_FOLLOW):
            for worker in workers:
                worker.written.record(folder, complete=False)
        try:
            message = self.channel.recv()
        except (EOFError, OSError):
            return None
        return None if message[0] == "failed" else message

    def outcome(self, folder: OutputFolder, workers: list[_Worker]) -> _Outcome | None:
        """What the worker tells when its part is written (None: it failed), its files recorded
        in ``folder``'s manifest (see :meth:`receive`)."""
        message = self.receive(folder, workers)
        self.finished = message is not None
        if message is None:
            return None
        self.written.record(folder, complete=True)
        return message[1]


class _Listed:
    """A worker's list of files written (see :class:`_Written`), read as it grows: each batch
    once, and whole; the file is removed once read to its end (recorded once)."""

    def __init__(self, part_dir: str) -> None:
        self.path = os.path.join(part_dir, _WRITTEN)
        self.stream: IO[bytes] | None = None
        self.done = False

    def record(self, folder: OutputFolder, *, complete: bool) -> None:
        """Add the entries listed since the last call to ``folder``'s manifest, in order
        (``complete``: the worker is done or stopped: to the end)."""
        if self.done:
            return
        if self.stream is None:
            try:
                self.stream = open(self.path, "rb")  # noqa: SIM115 - closed below
            except FileNotFoundError:  # not made yet; when the worker is done: it left none
                self.done = complete
                return
        for rows in _spooled_batches(self.stream, complete):
            folder.written.add_rows(rows)
        if complete:
            self.stream.close()
            self.done = True
            os.unlink(self.path)


def _start(run: MarkdownRun, part_dirs: list[str]) -> list[_Worker]:
    compact_pickles()
    context = multiprocessing.get_context("fork")
    workers: list[_Worker] = []
    for part_dir in part_dirs:
        mine, theirs = context.Pipe()
        process = context.Process(target=_serve, args=(run, part_dir, theirs), daemon=True)
        process.start()
        theirs.close()
        workers.append(_Worker(part_dir, process, mine, _Listed(part_dir)))
    return workers


def _name_media(run: MarkdownRun, workers: list[_Worker]) -> bool:
    """Each part's media calls made here, part after part (the names a one-process run gives),
    the names left for the worker: False when a worker failed. No worker writes a file before
    every part is converted: a failure until then leaves the folder as it was."""
    for worker in workers:
        if worker.receive(run.folder, workers) is None:  # ("calls",): its calls are in its folder
            return False
        with open(os.path.join(worker.part_dir, _NAMES), "wb") as names:
            for calls in _batches(os.path.join(worker.part_dir, _CALLS)):
                _dump(names, [run.media.local_url(*call) for call in calls])
    for worker in workers:
        worker.channel.send("names")
    return True


def _account(run: MarkdownRun, outcome: _Outcome) -> None:
    """A part's tally and report lines, added to the run's (its files are recorded)."""
    run.tally.merge(outcome.tally)
    run.folder.unchanged += outcome.unchanged
    run.folder.clashes.merge(outcome.clashes)
    run.folder.user_changed.merge(outcome.user_changed)
    run.posts_written.merge(outcome.posts_written)


def _stop(workers: list[_Worker]) -> None:
    """End the workers: one still at work (the run failed or was interrupted) is interrupted and
    leaves its list of files written; then each is waited for."""
    for worker in workers:
        if not worker.finished and worker.process.is_alive():
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker.process.pid, signal.SIGINT)
        worker.finished = True
    for worker in workers:
        worker.process.join(timeout=_STOP_WAIT)
        if worker.process.is_alive():
            worker.process.terminate()
            worker.process.join()
        worker.channel.close()


class _BatchFile:
    """Items pickled to a file in order, :data:`_BATCH` at a time (read back by :func:`_batches`);
    what is left is written by :meth:`close`, also on Ctrl-C."""

    def __init__(self, path: str, size: int = 0) -> None:
        self.stream = open(path, "wb")  # noqa: SIM115 - closed by close()
        self.batch: list[Any] = []
        self.size = size or _BATCH  # items a batch
        self.flush = bool(size)  # each batch on disk at once (the main process reads the file as it grows)

    def extend(self, items: list[Any]) -> None:
        self.batch.extend(items)
        if len(self.batch) >= self.size:
            _dump(self.stream, self.batch)
            self.batch = []
            if self.flush:
                self.stream.flush()

    def close(self) -> None:
        if self.stream.closed:
            return
        if self.batch:
            _dump(self.stream, self.batch)
        self.stream.close()


class _Written:
    """A worker's stand-in for the manifest's entries: ``(replaces the path's entry, path, sha256,
    post id)`` rows (plain tuples pickle ten times faster than entries), left in order in the
    part's folder."""

    def __init__(self, part_dir: str) -> None:
        self.file = _BatchFile(os.path.join(part_dir, _WRITTEN), _LISTED)

    def put(self, entry: Entry) -> None:
        self.file.extend([(True, entry.path, entry.sha256, entry.post_id)])

    def setdefault(self, entry: Entry) -> None:
        self.file.extend([(False, entry.path, entry.sha256, entry.post_id)])

    def close(self) -> None:
        self.file.close()


_BATCH = 1024  # media calls or names pickled at once
_LISTED = 256  # manifest entries pickled at once (and put on disk: recorded as the worker writes)


def _dump(stream: IO[bytes], batch: list[Any]) -> None:
    pickle.dump(batch, stream, protocol=pickle.HIGHEST_PROTOCOL)


def _batches(path: str) -> Iterator[list[Any]]:
    """The batches :func:`_dump` wrote to the file at ``path``, in order."""
    with open(path, "rb") as stream:
        while True:
            try:
                yield pickle.load(stream)
            except EOFError:
                return


@dataclass(slots=True)
class _Deferred:
    """A post whose text names media: spooled, converted with placeholders, until they have names."""

    post: Post
    plan: Plan
    converted: Converted  # its account of the conversion in converted.tally
    first_call: int  # the number of its first media call in the part
    calls: int  # media calls made for it
    slot: int  # where its problems go in the part's list


class _Slot:
    """A place kept in the part's list of problems for a deferred post's."""


def _serve(run: MarkdownRun, part_dir: str, channel: Connection) -> None:
    """A worker: convert the part's posts and write those without media at once; ask the main
    process for the media names; write the others."""
    parallel.worker_gc()
    written = _Written(part_dir)
    run.folder.written = written  # type: ignore[assignment]
    run.folder.clashes, run.folder.user_changed, run.posts_written = Named(), Named(), Named()
    run.folder.unchanged = 0
    tally = run.tally = Tally()
    try:
        with RecordSpool[_Deferred]([Plan, _Deferred, Converted]) as deferred:
            _write_part(run, part_dir, deferred)
            channel.send(("calls",))
            channel.recv()  # the names are in the folder
            names = (name for batch in _batches(os.path.join(part_dir, _NAMES)) for name in batch)
            _write_deferred(run, tally, deferred, names)
        written.close()  # before the main process is told: it reads the list then
        folder = run.folder
        outcome = _Outcome(tally, folder.unchanged, folder.clashes, folder.user_changed, run.posts_written)
        channel.send(("done", outcome))
    except BaseException as exc:  # Ctrl-C too: the main process decides
        with contextlib.suppress(Exception):
            written.close()
        with contextlib.suppress(Exception):
            channel.send(("failed", f"{type(exc).__name__}: {exc}"))
    finally:
        channel.close()


def _records(part_dir: str) -> Iterator[tuple[Record, Plan | None]]:
    with (
        RecordSpool[Record]([Plan], open(os.path.join(part_dir, _RECORDS), "rb")) as records,
        RecordSpool[Plan | None]([Plan], open(os.path.join(part_dir, _PLANS), "rb")) as plans,
    ):
        yield from zip(records.replay(), plans.replay(), strict=True)


def _write_part(run: MarkdownRun, part_dir: str, deferred: RecordSpool[_Deferred]) -> None:
    """Step one: each post converted with placeholders for its media; written at once when it
    has none, else deferred. The part's media calls (attachments' too) left in its folder.

    The counts go to the part's tally as they come (a tally's counts have no order); a deferred
    post keeps a place for its problems, which are in file order."""
    tally = run.tally
    media = MediaCalls()
    run.media = media  # type: ignore[assignment]
    calls = _BatchFile(os.path.join(part_dir, _CALLS))  # the part's media calls
    made = 0
    for record, plan in _records(part_dir):
        if not isinstance(record, Post):  # the site and authors are the main process's; terms: nothing
            continue
        media.calls = []
        if record.type == ATTACHMENT:
            run.add_attachment(record)
        elif plan is not None:
            run.tally = Tally()  # the post's account, kept with its text
            converted = run.convert(run.planned(record, plan))
            converted.tally, run.tally = run.tally, tally
            if media.calls or holds_token(record):
                tally.problems.append(_Slot())  # type: ignore[arg-type]
                slot = len(tally.problems) - 1
                deferred.add(_Deferred(record, plan, converted, made, len(media.calls), slot))
            else:
                run.add_post(record, plan, converted)
        calls.extend(media.calls)
        made += len(media.calls)
    calls.close()


@dataclass(slots=True)
class _Names:
    """The main process's media manifest answering a post's calls again, in the same order."""

    names: Iterator[str]

    def local_url(self, url: str, post_id: int | None, bundle_dir: str | None = None) -> str:
        return next(self.names)


def _write_deferred(run: MarkdownRun, tally: Tally, deferred: RecordSpool[_Deferred], names: Iterator[str]) -> None:
    """Step two: the names in place in each deferred post (or the post converted again with
    them), its files written, its problems put in their place in the part's tally."""
    position = 0
    for item in deferred.replay():
        next(itertools.islice(names, item.first_call - position, item.first_call - position), None)  # skip
        urls = list(itertools.islice(names, item.calls))
        position = item.first_call + item.calls
        run.tally = Tally()
        converted: Converted | None = item.converted
        if holds_token(item.post):  # its own text holds the placeholders' spelling
            converted = None
        if converted is not None:
            converted = placed(converted, urls)
        if converted is None:  # converted again, the names known
            run.media = _Names(iter(urls))  # type: ignore[assignment]
        run.add_post(item.post, item.plan, converted)
        problems, run.tally.problems = run.tally.problems, []
        tally.merge(run.tally)
        tally.problems[item.slot : item.slot + 1] = [problems]  # type: ignore[list-item]
    run.tally = tally
    tally.problems = [p for entry in tally.problems for p in (entry if isinstance(entry, list) else [entry])]
