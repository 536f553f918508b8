"""``--to sqlite`` of one big file in parts (:mod:`importer.parallel`): each worker writes its
part's rows into a database of its own, and the join copies them into one, which is then the
database a whole run writes, row for row.

What a part cannot know, the join settles:

- Authors and terms a post names without the source declaring them are written by every part
  that meets them; the join keeps the first (a part's row of an author an earlier part holds is
  left out), as a whole run keeps the first.
- Ids: a whole run stores a post's or comment's source id unless it is missing, beyond 64 bits
  or used before, and then the next negative number, with a problem. A part assigns its ids
  alone and logs each assignment (kind, source id, the id given, where in the part's problems it
  came); the join replays the log of every part in file order with the run's :class:`SourceIds`:
  where a part's id is not the run's (an id an earlier part used, a negative number an earlier
  part took), the part's rows are copied with the run's ids and its problems (the id each names,
  the post a dangling reply names) are the run's, in their places. Nearly always nothing differs
  and the tables are copied as they are.
- The secondary indexes and the FTS index are built once, after the copy, as a whole run does;
  or the first part's worker builds the secondary indexes over its own rows when it is done
  while a later part is still writing (a core would wait otherwise), and the join copies the
  later parts' rows into the indexed tables (less work after the workers than a copy and a build).

A part that meets a post using a reusable block it has not seen (in the whole run it would wait
for the end of the stream) cannot be written alone: the part fails, and the run reads the file
whole. To find a part's problems in the run's tally, a part puts a marker problem before them,
which the join removes.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sqlite3
import struct
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from multiprocessing.process import BaseProcess
from types import TracebackType
from typing import cast

from ...errors import UsageError
from ...model import Comment, Post, Record
from ...tally import Problem, Tally
from .. import PartsWriter
from ..scratch import IntSet, Scratch
from .dialects import SQLITE
from .rows import BIGINT_MAX, BIGINT_MIN, RowBuilder, SourceIds
from .schema import TABLES
from .sqlite import (
    build_fts_database,
    check_new_output,
    create_indexes,
    finish_database,
    insert_rows,
    open_new_database,
    write_atomically,
)
from .writer import SqlOptions

PART_DB = "part.db"
ID_LOG = "ids.bin"
ID_BITS = ("post-ids.bits", "comment-ids.bits")  # the source ids a part used, by kind, as bits
FTS_DB = "fts.db"  # in part 0's folder: the FTS index, built while the join copies the rows
ROWS_DONE = "rows.done"  # in a part's folder once its worker has committed the part's rows
MARKER = "sqlite-part-problems-start"  # the code of the marker problem (removed by the join)

# The id log: one record of _WIDTH int64 per assignment.
_WIDTH = 6
_KIND, _FLAG, _SOURCE, _GIVEN, _BEFORE, _AFTER = range(_WIDTH)
POST, COMMENT = 0, 1
_SOURCE_ID, _NO_ID, _HUGE_ID = 0, 1, 2  # the source id: an int64, none, or beyond 64 bits
_FLUSH = _WIDTH * 65536  # int64s kept in memory before the log is written out
_EVENT = struct.Struct(f"={_WIDTH}q").pack  # one record, as array("q") holds it (native order)


class CannotSplit(Exception):
    """The part cannot be written alone: the run must read the file whole."""


@dataclass(frozen=True, slots=True)
class PartSummary:
    """What the join needs of a part besides its files."""

    marker: str  # the message of the part's marker problem
    problems: int  # the part's problems (after the marker)
    renumbered: bool  # an id that is not its source id (or a negative source id): a full replay
    dangling: tuple[int, ...]  # positions among the part's problems of dangling-comment-parent ones
    indexed: bool = False  # the part's database has the secondary indexes (the first part's may)


class _IdLog:
    """The ids a part assigned, in order, written to ``path`` as int64s."""

    def __init__(self, path: str, tally: Tally, first_problem: int) -> None:
        self.file = open(path, "wb")  # noqa: SIM115 (closed in __exit__)
        self.tally = tally
        self.first_problem = first_problem
        self.pending = bytearray()  # records packed by _EVENT (a pack and += cost a third of array.extend)
        self.renumbered = False

    def __enter__(self) -> _IdLog:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.file.write(self.pending)
        self.file.close()

    def add(self, kind: int, source_id: int | None, given: int, before: int) -> None:
        if source_id is None:
            flag, source = _NO_ID, 0
        elif BIGINT_MIN <= source_id <= BIGINT_MAX:
            flag, source = _SOURCE_ID, source_id
        else:
            flag, source = _HUGE_ID, 0
        if given != source_id or given < 0:
            self.renumbered = True
        first = self.first_problem
        self._append(_EVENT(kind, flag, source, given, before - first, len(self.tally.problems) - first))

    def add_own(self, kind: int, source_id: int, before: int) -> None:
        """``add`` of the usual assignment: a source id from 0 up given as it is, with no problem
        (what :meth:`_LoggedIds.assign` does itself, without this call)."""
        position = before - self.first_problem
        self._append(_EVENT(kind, _SOURCE_ID, source_id, source_id, position, position))

    def _append(self, event: bytes) -> None:
        self.pending += event
        if len(self.pending) >= _FLUSH * 8:
            self.flush()

    def flush(self) -> None:
        self.file.write(self.pending)
        self.pending = bytearray()


class _LoggedIds(SourceIds):
    def __init__(self, kind: str, code: int, tally: Tally, scratch: Scratch, log: _IdLog) -> None:
        super().__init__(kind, tally, scratch)
        self.code = code
        self.log = log

    def assign(self, source_id: int | None) -> int:
        before = len(self.tally.problems)
        # The usual: a source id from 0 up not used yet, kept as it is with no problem (what
        # SourceIds.assign does, without its frame; a used one goes on to it, to be renumbered).
        if type(source_id) is int and 0 <= source_id <= BIGINT_MAX and self.used.add(source_id):
            log = self.log  # log.add_own(self.code, source_id, before), without its two calls
            position = before - log.first_problem
            pending = log.pending
            pending += _EVENT(self.code, _SOURCE_ID, source_id, source_id, position, position)
            if len(pending) >= _FLUSH * 8:
                log.flush()
            return source_id
        given = super().assign(source_id)
        if given == source_id and given >= 0:
            self.log.add_own(self.code, given, before)
        else:
            self.log.add(self.code, source_id, given, before)
        return given


class _PartRowBuilder(RowBuilder):
    def __init__(self, tally: Tally, with_markdown: bool, log: _IdLog) -> None:
        super().__init__(tally, with_markdown)
        self.post_ids = _LoggedIds("post", POST, tally, self.scratch, log)
        self.comment_ids = _LoggedIds("comment", COMMENT, tally, self.scratch, log)
        self.first_problem = log.first_problem
        self.dangling: list[int] = []

    def wait(self, post: Post) -> None:
        raise CannotSplit(f"{post.type} {post.id} uses a reusable block its part has not met yet")

    def parent_id(self, post_id: int, new_id: int, comment: Comment, by_source: dict[int, int]) -> int | None:
        if not comment.parent:
            return None
        before = len(self.tally.problems)
        parent = super().parent_id(post_id, new_id, comment, by_source)
        if len(self.tally.problems) > before:
            self.dangling.append(before - self.first_problem)
        return parent


def splits(options: SqlOptions) -> bool:
    """Whether a run with ``options`` can be written in parts: a new database (not --append)."""
    return not (options.append or options.prune or options.db or options.dialect)


def write_sqlite_part(records: Iterable[Record], part_dir: str, options: SqlOptions, tally: Tally) -> PartSummary:
    """In a worker: one part's rows into ``part_dir``'s database (tables only), and its id log."""
    if not splits(options):
        raise UsageError("this run cannot be written in parts")
    first_problem = len(tally.problems)
    with _IdLog(os.path.join(part_dir, ID_LOG), tally, first_problem) as log:
        builder = _PartRowBuilder(tally, options.with_markdown, log)
        # No foreign key checks: a part's rows may name an author, a term or (in no case a whole
        # run allows) anything else an earlier part holds.
        conn = open_new_database(os.path.join(part_dir, PART_DB), foreign_keys=False)
        try:
            insert_rows(conn, builder.rows(records))
            conn.execute("COMMIT")
            with open(os.path.join(part_dir, ROWS_DONE), "wb"):
                pass
            indexed = index_first_part(part_dir)
            if indexed:
                conn.execute("BEGIN")
                create_indexes(conn)
                conn.execute("COMMIT")
        finally:
            conn.close()
    _write_id_bits(part_dir, builder)
    marker = f"{os.getpid()} {os.path.abspath(part_dir)}"
    problems = len(tally.problems) - first_problem
    tally.problems.insert(first_problem, Problem(MARKER, marker, "info"))
    return PartSummary(marker, problems, log.renumbered, tuple(builder.dangling), indexed)


def index_first_part(part_dir: str) -> bool:
    """Whether the worker of ``part_dir`` builds the secondary indexes over its rows: when it is
    the first part of :mod:`importer.parallel`'s folders (named by the parts' index: 0, 1, ...)
    and a later part has not written its rows yet. Its core would wait for that part otherwise;
    the join then copies the later parts into the indexed tables, which at 10,000 posts in two
    parts takes 0.077 s against 0.11 s for the copy and a build after it (the build here 0.035 s)."""
    parent, name = os.path.split(os.path.abspath(part_dir))
    if name != "0":
        return False
    try:
        others = [entry for entry in os.listdir(parent) if entry != name and entry.isdigit()]
    except OSError:
        return False
    return any(not os.path.exists(os.path.join(parent, entry, ROWS_DONE)) for entry in others)


def _write_id_bits(part_dir: str, builder: _PartRowBuilder) -> None:
    """The source ids the part used, by kind, as bits: what the join compares first (no file
    when an id is not among the bits)."""
    for name, ids in zip(ID_BITS, (builder.post_ids, builder.comment_ids), strict=True):
        bits = ids.used.bits()
        if bits is not None:
            with open(os.path.join(part_dir, name), "wb") as file:
                file.write(bits)


# -- the join -------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Replayed:
    """One part as the whole run numbers it: its ids that differ, and its problems."""

    ids: tuple[dict[int, int], dict[int, int]] = field(default_factory=lambda: ({}, {}))  # by kind: part's -> run's
    problems: list[Problem] | None = None  # the part's problems as the run has them (None: unchanged)
    changed: dict[str, int] = field(default_factory=dict)  # tally.changed to add (or take away)


def join_sqlite_parts(parts: list[tuple[str, object]], output: str, options: SqlOptions, tally: Tally) -> None:
    """In the main process: the parts' databases, in file order, into one new database at ``output``."""
    summaries = [cast(PartSummary, summary) for _, summary in parts]
    starts = _take_markers(tally, summaries)
    check_new_output(output, options.replace)
    logs = [os.path.join(part_dir, ID_LOG) for part_dir, _ in parts]
    renumbered = any(summary.renumbered for summary in summaries[1:])
    if renumbered or _ids_overlap([part_dir for part_dir, _ in parts], logs):
        replayed: list[_Replayed] | None = _replay(logs, summaries, tally, starts)
    else:
        replayed = None

    part_dbs = [os.path.join(part_dir, PART_DB) for part_dir, _ in parts]

    def write(temp: str) -> None:
        # The FTS index built by another process meanwhile, from the parts' posts as they are
        # (so part 0 is copied, not moved): when their ids are the run's.
        with _FtsBuild.start(part_dbs, parts[0][0], not options.no_fts and replayed is None) as fts:
            (shutil.copyfile if fts.running else _move_or_copy)(part_dbs[0], temp)
            conn = sqlite3.connect(temp, isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode = OFF")
                conn.execute("PRAGMA synchronous = OFF")
                for index, part_db in enumerate(part_dbs[1:], start=1):
                    _copy_part(conn, part_db, replayed[index] if replayed else None)
                conn.execute("BEGIN")
                finish_database(conn, not options.no_fts, fts.result, indexes=not summaries[0].indexed)
            finally:
                conn.close()

    write_atomically(output, write)


def _build_fts(part_dbs: list[str], path: str) -> None:
    """In the forked process: the index, or exit code 1 without a traceback (the join builds it)."""
    try:
        build_fts_database(part_dbs, path)
    except Exception:
        raise SystemExit(1) from None


class _FtsBuild:
    """The FTS index over the parts' posts, built by a forked process into a database of its own
    (:func:`~importer.writers.sql.sqlite.build_fts_database`) while the main process copies the
    rows and builds the other indexes: the two cores busy during the join, not one."""

    def __init__(self, process: BaseProcess | None, path: str) -> None:
        self.process = process
        self.path = path

    @classmethod
    def start(cls, part_dbs: list[str], folder: str, wanted: bool) -> _FtsBuild:
        path = os.path.join(folder, FTS_DB)
        if not wanted or "fork" not in multiprocessing.get_all_start_methods():
            return cls(None, path)
        process = multiprocessing.get_context("fork").Process(target=_build_fts, args=(part_dbs, path), daemon=True)
        process.start()
        return cls(process, path)

    @property
    def running(self) -> bool:
        return self.process is not None

    def result(self) -> str | None:
        """The database holding the index, or None (none started, or it failed: built here then)."""
        if self.process is None:
            return None
        self.process.join()
        return self.path if self.process.exitcode == 0 else None

    def __enter__(self) -> _FtsBuild:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if self.process is not None:
            if self.process.is_alive():
                self.process.terminate()
            self.process.join()


def _take_markers(tally: Tally, summaries: list[PartSummary]) -> list[int]:
    """Remove the parts' markers from the run's problems; where each part's problems start."""
    wanted = {summary.marker: index for index, summary in enumerate(summaries)}
    starts = [-1] * len(summaries)
    kept: list[Problem] = []
    for problem in tally.problems:
        if problem.code == MARKER and problem.message in wanted:
            starts[wanted.pop(problem.message)] = len(kept)
        else:
            kept.append(problem)
    tally.problems[:] = kept
    if wanted:
        raise RuntimeError("a part's problems are missing from the run's tally")
    return starts


def _events(path: str) -> Iterator[memoryview]:
    """The id log of a part, one assignment at a time (read a block at a time: memory stays flat)."""
    with open(path, "rb") as file:
        while block := file.read(_FLUSH * 8):
            log = array("q")
            log.frombytes(block)
            view = memoryview(log)
            for offset in range(0, len(log), _WIDTH):
                yield view[offset : offset + _WIDTH]


def _ids_overlap(part_dirs: list[str], logs: list[str]) -> bool:
    """Whether a part used a source id an earlier part used (then, or when a part after the first
    renumbered, its ids may not be the run's): by the parts' bits when every part has them."""
    overlap = _ids_overlap_by_bits(part_dirs)
    return _ids_overlap_by_logs(logs) if overlap is None else overlap


def _ids_overlap_by_bits(part_dirs: list[str]) -> bool | None:
    """:func:`_ids_overlap_by_logs` from the bits each part wrote (:data:`ID_BITS`), compared
    by :func:`_bits_overlap` instead of a step a record; None when some part has no bits."""
    paths = [[os.path.join(part_dir, name) for part_dir in part_dirs] for name in ID_BITS]
    if not all(os.path.exists(path) for kind in paths for path in kind):
        return None
    for kind in paths:
        bits = []
        for path in kind:
            with open(path, "rb") as file:
                bits.append(file.read())
        if _bits_overlap(bits):
            return True
    return False


_BITS_BLOCK = 1 << 14  # bytes of bits taken at a time by _bits_overlap


def _bits_overlap(parts: list[bytes]) -> bool:
    """Whether a bit is set in two of ``parts`` (bits as :meth:`IntSet.bits` writes them): the
    AND of each with the OR of those before it, block by block, a block of zeros skipped by a
    comparison. (The bits of one number each would be ``int.from_bytes`` of megabytes: a post id
    of ten million makes 1.2 MB of bits, nearly all zeros; ``from_bytes`` takes 9 instructions a
    byte, the comparison a fraction of one.)"""
    size = _BITS_BLOCK
    zeros = bytes(size)
    earlier: dict[int, int] = {}  # block number -> the bits of the parts before, where not zero
    for bits in parts:
        for start in range(0, len(bits), size):
            block = bits[start : start + size]
            if block == zeros[: len(block)]:
                continue
            used = int.from_bytes(block, "little")
            number = start // size
            before = earlier.get(number, 0)
            if before & used:
                return True
            earlier[number] = before | used
    return False


def _ids_overlap_by_logs(logs: list[str]) -> bool:
    """Whether a part after the first logged a source id used before it (by an earlier part, or
    by itself: a part that did so also renumbered)."""
    with Scratch() as scratch:
        used = (IntSet(scratch), IntSet(scratch))
        for index, path in enumerate(logs):
            for event in _events(path):
                if event[_FLAG] == _SOURCE_ID and not used[event[_KIND]].add(event[_SOURCE]) and index:
                    return True
    return False


def _replay(logs: list[str], summaries: list[PartSummary], tally: Tally, starts: list[int]) -> list[_Replayed]:
    """Every part's ids as the whole run assigns them (the run's SourceIds over every part's log in
    file order), and the part's problems and changes put right where they differ."""
    replayed = [_Replayed() for _ in logs]
    with Scratch() as scratch:
        run_tally = Tally()
        ids = (SourceIds("post", run_tally, scratch), SourceIds("comment", run_tally, scratch))
        for index, (path, summary, part) in enumerate(zip(logs, summaries, replayed, strict=True)):
            edits: list[tuple[int, int, list[Problem]]] = []  # (from, to, the run's problems there)
            for event in _events(path):
                kind, flag, given, source = event[_KIND], event[_FLAG], event[_GIVEN], event[_SOURCE]
                before = len(run_tally.problems)
                # No source id, or one beyond 64 bits: the next negative number (and the same
                # out-of-range problem as the part's, which stays).
                run_id = ids[kind].assign(source if flag == _SOURCE_ID else None)
                if run_id != given:
                    part.ids[kind][given] = run_id
                if flag == _SOURCE_ID and (run_id != given or len(run_tally.problems) > before):
                    edits.append((event[_BEFORE], event[_AFTER], run_tally.problems[before:]))
                    delta = (run_id != source) - (given != source)  # "duplicate ... ids renumbered"
                    if delta:
                        what = f"duplicate {ids[kind].kind} ids renumbered"
                        part.changed[what] = part.changed.get(what, 0) + delta
            if edits or (summary.dangling and part.ids[POST]):
                start = starts[index]
                part.problems = _edited(tally.problems[start : start + summary.problems], part, summary, edits)
    _apply_problems(tally, starts, summaries, replayed)
    return replayed


def _edited(
    mine: list[Problem], part: _Replayed, summary: PartSummary, edits: list[tuple[int, int, list[Problem]]]
) -> list[Problem]:
    """A part's problems as the run has them: the problems of its id assignments replaced by the
    run's, and the post a dangling reply names by the post's id in the run."""
    post_ids = part.ids[POST]
    for position in summary.dangling:
        problem = mine[position]
        if problem.post_id in post_ids:
            mine[position] = replace(problem, post_id=post_ids[problem.post_id])
    result: list[Problem] = []
    cursor = 0
    for begin, end, problems in edits:
        result += mine[cursor:begin]
        result += problems
        cursor = end
    result += mine[cursor:]
    return result


def _apply_problems(tally: Tally, starts: list[int], summaries: list[PartSummary], replayed: list[_Replayed]) -> None:
    """Put each part's problems as the run has them in their place (the last part first, so the
    earlier parts' places stay where they are)."""
    for index in reversed(range(len(replayed))):
        part = replayed[index]
        if part.problems is not None:
            start = starts[index]
            tally.problems[start : start + summaries[index].problems] = part.problems
        for what, n in part.changed.items():
            tally.changed[what] += n
            if tally.changed[what] <= 0:
                del tally.changed[what]


def _move_or_copy(source: str, target: str) -> None:
    try:
        os.replace(source, target)
    except OSError:  # another file system
        shutil.copyfile(source, target)


# Per table: the columns holding an id the run assigns, and the kind of id each holds.
_ID_COLUMNS: dict[str, dict[str, int]] = {
    "posts": {"id": POST},
    "attachments": {"post_id": POST},
    "post_terms": {"post_id": POST},
    "post_meta": {"post_id": POST},
    "comments": {"id": COMMENT, "post_id": POST, "parent_id": COMMENT},
    "comment_meta": {"comment_id": COMMENT},
}
# Tables a post's reference can add to (implied authors and terms): the first row of a key wins.
_FIRST_WINS = {"authors": ("login",), "terms": ("taxonomy", "slug")}
_MAPS = ("temp.post_ids", "temp.comment_ids")


def _copy_part(conn: sqlite3.Connection, path: str, part: _Replayed | None) -> None:
    """Append one part's rows to the database, in their order, with the run's ids."""
    conn.execute("ATTACH DATABASE ? AS part", (path,))
    try:
        remapped = part is not None and any(part.ids)
        if remapped:
            assert part is not None
            for name, mapping in zip(_MAPS, part.ids, strict=True):
                conn.execute(f"CREATE TABLE {name} (part INTEGER PRIMARY KEY, run INTEGER NOT NULL)")
                conn.executemany(f"INSERT INTO {name} VALUES (?, ?)", mapping.items())
        for table in TABLES:
            conn.execute(_copy_statement(table.name, table.column_names, remapped, table.name in _ROWID_KEYED))
        if remapped:
            for name in _MAPS:
                conn.execute(f"DROP TABLE {name}")
    finally:
        conn.execute("DETACH DATABASE part")


# Tables whose primary key is their rowid (one INTEGER column): their rows are where their key
# puts them, in whatever order they come.
_ROWID_KEYED = frozenset(
    t.name for t in TABLES if len(t.primary_key) == 1 and SQLITE.types[t.column(t.primary_key[0]).type] == "INTEGER"
)


def _copy_statement(name: str, columns: tuple[str, ...], remapped: bool, rowid_keyed: bool = False) -> str:
    """Copy table ``name`` of the attached part into the database, rows in their order: with the
    run's ids when ``remapped``; only the rows whose key is new for authors and terms.

    A table keyed by its rowid (``rowid_keyed``) copied as it is is copied without ``ORDER BY``:
    its rows are the same in any order, and so SQLite copies their records as they are (its
    transfer optimization; posts and comments at 2,000 posts: 79 -> 59 M instructions the copy)."""
    ids = _ID_COLUMNS.get(name, {}) if remapped else {}
    key = _FIRST_WINS.get(name)
    if not ids and not key:
        order = "" if rowid_keyed else " ORDER BY rowid"
        return f'INSERT INTO main."{name}" SELECT * FROM part."{name}"{order}'

    def column(column: str) -> str:
        kind = ids.get(column)
        if kind is None:
            return f't."{column}"'
        return f'coalesce((SELECT run FROM {_MAPS[kind]} WHERE part = t."{column}"), t."{column}")'

    select = f'SELECT {", ".join(column(c) for c in columns)} FROM part."{name}" AS t'
    if key:
        match = " AND ".join(f'm."{k}" = t."{k}"' for k in key)
        select += f' WHERE NOT EXISTS (SELECT 1 FROM main."{name}" AS m WHERE {match})'
    return f'INSERT INTO main."{name}" {select} ORDER BY t.rowid'


# --to sqlite of a big file in parts (importer.parallel): each part's rows in its own database, joined.
SQLITE_PARTS: PartsWriter[SqlOptions] = PartsWriter(
    write_sqlite_part, join_sqlite_parts, splits, lambda output, options: check_new_output(output, options.replace)
)
