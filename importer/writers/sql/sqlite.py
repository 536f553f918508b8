"""``--to sqlite -o blog.db``: a SQLite database written with the standard library's ``sqlite3``.

A new database is built in a temporary file beside the target, in one transaction with
prepared statements, and moved into place only when complete: an interrupted run leaves no
half-written database. ``--append`` upserts into an existing database in one transaction and
reports what it added, updated and left unchanged.
"""

from __future__ import annotations

import math
import os
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any, cast

from ...errors import OutputError, UsageError
from ...tally import Tally
from ..atomic import check_output, file_mode
from ..scratch import IntSet, Scratch
from . import schema
from .dialects import SQLITE, as_utc_naive, timestamp_text
from .rows import Row
from .schema import BOOL, FTS_TABLE, LOCAL_TS, TABLES, UTC_TS, Table

# Rows of these tables belong to the post before them; --append replaces them as one unit.
POST_CHILDREN = ("attachments", "post_terms", "post_meta", "comments", "comment_meta")

# sqlite3 binds int, float, str and bytearray at once; any other value (None too) goes through
# its adapter look-up first: a key tuple, a dict look-up and, when no adapter is registered, two
# failed attribute look-ups (``__adapt__``, ``__conform__``). Rows hold many NULLs: with an
# adapter for None that returns None (a C function: ``{}.get``), which binds as NULL as before,
# the look-up ends at the dict (a part's rows at 2k: 1,066 -> 1,003 M instructions).
NONE_ADAPTER_KEY = (type(None), sqlite3.PrepareProtocol)
if NONE_ADAPTER_KEY not in sqlite3.adapters:  # one the program registered itself is left alone
    sqlite3.register_adapter(type(None), cast(Callable[[None], None], {}.get))


def stored_value(value: Any, column_type: str) -> Any:
    if isinstance(value, datetime):
        return timestamp_text(as_utc_naive(value) if column_type == UTC_TS else value.replace(tzinfo=None))
    if isinstance(value, bool):
        return int(value)
    return value


# ``datetime.isoformat`` formats through ``PyUnicode_FromFormat`` (sprintf for each number, about
# 8,000 instructions a date, 16,000 with its offset); a date without microseconds is joined here
# from the numbers' texts instead (a quarter of that): every post has four dates, a comment two.
_TWO_DIGITS = tuple(f"{n:02d}" for n in range(100))
_YEARS: dict[int, str] = {}  # a year's four digits, made the first time it is met


def _year_text(year: int) -> str:
    text = _YEARS[year] = f"{year:04d}"
    return text


def _seconds_text(value: datetime) -> str:
    """``value.isoformat(" ")`` without its offset, for a date whose microsecond is 0."""
    two = _TWO_DIGITS
    year = value.year
    return (
        f"{_YEARS.get(year) or _year_text(year)}-{two[value.month]}-{two[value.day]} "
        f"{two[value.hour]}:{two[value.minute]}:{two[value.second]}"
    )


def _local_text(value: Any) -> Any:
    """``stored_value(value, LOCAL_TS)``, without ``replace`` for a naive date (the usual one)."""
    if value.__class__ is datetime and value.tzinfo is None:
        return value.isoformat(" ") if value.microsecond else _seconds_text(value)
    return value if value is None else stored_value(value, LOCAL_TS)


def _utc_text(value: Any) -> Any:
    """``stored_value(value, UTC_TS)``: a UTC date's text less its "+00:00" (no ``astimezone``)."""
    if value.__class__ is datetime and value.tzinfo is UTC:
        return value.isoformat(" ")[:-6] if value.microsecond else _seconds_text(value)
    return value if value is None else stored_value(value, UTC_TS)


def _bool_value(value: Any) -> Any:
    return int(value) if value.__class__ is bool else stored_value(value, BOOL)


_CONVERTERS = {BOOL: "_bool_value", LOCAL_TS: "_local_text", UTC_TS: "_utc_text"}

try:  # the usual dates' text compiled (setup.py builds it): None for the others, which the Python code takes
    from ._crows import local_text as _c_local_text
    from ._crows import utc_text as _c_utc_text

    _FAST_CONVERTERS = {"_local_text": "_c_local_text", "_utc_text": "_c_utc_text"}
except ImportError:  # pragma: no cover - a build without a C compiler
    _FAST_CONVERTERS = {}


# A float NaN: what SQLite stores as NULL (``sqlite3_bind_double`` binds no NaN), which sqlite3
# binds at once where None goes through its adapter look-up first (building a key tuple with
# ``Py_BuildValue``, a dict look-up, a call: about 100 ns a value, and a part's rows at 10,000
# posts hold 147,000 NULLs). Used by the inserts of a new database only when the connection
# binds it as NULL (:func:`binds_nan_as_null`); rows read back, compared or written as SQL keep None.
NULL_AS_NAN = math.nan


def _converted(name: str, value: str, fast: bool) -> str:
    """The expression of converter ``name`` of ``value``: the compiled one first when ``fast``."""
    compiled = _FAST_CONVERTERS.get(name) if fast else None
    return f"{name}({value})" if compiled is None else f"({compiled}({value}) or {name}({value}))"


def _values_function(
    table: Table, nulls: bool = False, fast: bool = True
) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
    """``table``'s row values as SQLite stores them, compiled into one tuple display: only the
    columns that need it are converted (every row of a run passes here), and a date that is the
    same object as the column before it of its kind takes that one's text (a post's modified
    date when it was never edited: the reader hands the same objects). With ``nulls``, a None
    (or a date or boolean stored as NULL) of a nullable column is :data:`NULL_AS_NAN`. With
    ``fast``, a date's text is the compiled converter's when it gives one (the usual date, the
    same text), else the Python converter's."""
    if not any(c.type in _CONVERTERS or (nulls and c.nullable) for c in table.columns):
        return _as_they_are
    items = ""
    first: dict[str, int] = {}  # a converter's first column
    for i, c in enumerate(table.columns):
        name = _CONVERTERS.get(c.type)
        if name is None:
            item = f"v{i}"
        elif name not in first or c.type == BOOL:
            first[name] = i
            item = f"(c{i} := {_converted(name, f'v{i}', fast)})"
        else:  # a date that is the same object as the earlier one (modified, never edited): its text
            j = first[name]
            item = f"(c{j} if v{i} is v{j} else {_converted(name, f'v{i}', fast)})"
        if nulls and c.nullable and name is None:
            item = f"(NULL if v{i} is None else v{i})"
        elif nulls and c.nullable:
            item = f"(NULL if (n{i} := {item}) is None else n{i})"
        items += f"{item}, "
    # The values unpacked into locals, the functions and NULL_AS_NAN bound as defaults: all read
    # as fast locals. The text is ours: positions and a few names.
    names = ", ".join(f"v{i}" for i in range(len(table.columns)))
    bound: dict[str, Any] = {"_bool_value": _bool_value, "_local_text": _local_text, "_utc_text": _utc_text}
    if fast and _FAST_CONVERTERS:
        bound |= {"_c_local_text": _c_local_text, "_c_utc_text": _c_utc_text}
    bound["NULL"] = NULL_AS_NAN
    namespace: dict[str, Any] = {}
    exec(
        f"def values(v, {', '.join(f'{n}={n}' for n in bound)}):\n    {names}, = v\n    return ({items})\n",
        bound,
        namespace,
    )
    function: Callable[[tuple[Any, ...]], tuple[Any, ...]] = namespace["values"]
    return function


def _as_they_are(values: tuple[Any, ...]) -> tuple[Any, ...]:
    return values


# Per table: its row values as SQLite stores them (timestamps as text, booleans as 0/1).
VALUES_FUNCTIONS = {t.name: _values_function(t) for t in TABLES}
# The same, NULLs as NULL_AS_NAN: what the inserts of a new database bind.
INSERT_VALUES_FUNCTIONS = {t.name: _values_function(t, nulls=True) for t in TABLES}


def binds_nan_as_null(conn: sqlite3.Connection) -> bool:
    """Whether ``conn`` stores a float NaN as NULL (every SQLite release so far)."""
    return bool(conn.execute("SELECT ? IS NULL", (NULL_AS_NAN,)).fetchone()[0])


# The columns whose text can be long (bodies and meta values): what a batch's size counts.
_LONG_TEXT = ("excerpt", "content", "content_html", "content_markdown", "meta_value", "value_json", "provenance")


def _size_function(table: Table) -> Callable[[tuple[Any, ...]], int]:
    """The length of the long texts of a row of ``table`` (what bounds a batch's memory)."""
    positions = [i for i, name in enumerate(table.column_names) if name in _LONG_TEXT]
    terms = " + ".join(f"(len(v[{i}]) if v[{i}].__class__ is str else 0)" for i in positions) or "0"
    namespace: dict[str, Any] = {}
    exec(f"def size(v):\n    return {terms}\n", namespace)  # the text is ours: positions only
    function: Callable[[tuple[Any, ...]], int] = namespace["size"]
    return function


SIZE_FUNCTIONS = {t.name: _size_function(t) for t in TABLES}
_NO_LONG_TEXT = frozenset(t.name for t in TABLES if not set(t.column_names) & set(_LONG_TEXT))


def sqlite_values(row: Row) -> tuple[Any, ...]:
    """Values as SQLite stores them: timestamps as ``YYYY-MM-DD HH:MM:SS`` text, booleans as 0/1."""
    return VALUES_FUNCTIONS[row.table.name](row.values)


def insert_sql(table: Table) -> str:
    q = SQLITE.quote_identifier
    marks = ", ".join("?" * len(table.columns))
    return f"INSERT INTO {q(table.name)} ({', '.join(q(c) for c in table.column_names)}) VALUES ({marks})"


def grouped_by_table(rows: Iterable[Row]) -> Iterator[tuple[Table, list[tuple[Any, ...]]]]:
    """Runs of consecutive rows of one table (order kept), at most 1000 rows each."""
    table: Table | None = None
    run: list[tuple[Any, ...]] = []
    for row in rows:
        if row.table is not table or len(run) >= 1000:
            if table is not None and run:
                yield table, run
            table, run = row.table, []
        run.append(sqlite_values(row))
    if table is not None and run:
        yield table, run


FTS_STATEMENTS = (
    f"CREATE VIRTUAL TABLE [{FTS_TABLE}] USING FTS5 ([title], [content], content=[posts], content_rowid=[id])",
    f"""CREATE TRIGGER [posts_ai] AFTER INSERT ON [posts] BEGIN
  INSERT INTO [{FTS_TABLE}] (rowid, [title], [content]) VALUES (new.[id], new.[title], new.[content]);
END""",
    f"""CREATE TRIGGER [posts_ad] AFTER DELETE ON [posts] BEGIN
  INSERT INTO [{FTS_TABLE}] ([{FTS_TABLE}], rowid, [title], [content])
  VALUES ('delete', old.[id], old.[title], old.[content]);
END""",
    f"""CREATE TRIGGER [posts_au] AFTER UPDATE ON [posts] BEGIN
  INSERT INTO [{FTS_TABLE}] ([{FTS_TABLE}], rowid, [title], [content])
  VALUES ('delete', old.[id], old.[title], old.[content]);
  INSERT INTO [{FTS_TABLE}] (rowid, [title], [content]) VALUES (new.[id], new.[title], new.[content]);
END""",
    f"INSERT INTO [{FTS_TABLE}] ([{FTS_TABLE}]) VALUES ('rebuild')",
)


# The tables FTS5 keeps the index of an external-content table in.
FTS_SHADOW_TABLES = tuple(f"{FTS_TABLE}_{suffix}" for suffix in ("data", "idx", "docsize", "config"))


def create_fts(conn: sqlite3.Connection, built: str | None = None) -> None:
    """FTS5 over posts.title and posts.content, named and declared the way sqlite-utils does it
    (so Datasette offers its search box), kept in sync by triggers. ``built``: a database where
    :func:`build_fts_database` made the index over the same posts, whose shadow tables are taken
    instead of a rebuild (attached as ``fts_built``, until the connection is closed)."""
    *declare, rebuild = FTS_STATEMENTS
    for statement in declare:
        conn.execute(statement)
    if built is None:
        conn.execute(rebuild)
        return
    conn.execute("ATTACH DATABASE ? AS fts_built", (built,))
    for name in FTS_SHADOW_TABLES:
        conn.execute(f"DELETE FROM main.[{name}]")
        conn.execute(f"INSERT INTO main.[{name}] SELECT * FROM fts_built.[{name}]")


# SQLite attaches at most 10 databases to a connection (SQLITE_MAX_ATTACHED of its default build).
MOST_ATTACHED = 8


def build_fts_database(posts_from: list[str], path: str) -> None:
    """A new database at ``path`` holding the FTS index :func:`create_fts` makes over the posts
    of the databases ``posts_from`` (their ids all different): the same shadow tables as one
    rebuild over the same rows, which takes them in rowid order.

    Up to :data:`MOST_ATTACHED` databases are read where they are, their posts merged by id and
    inserted into the index one by one (what the rebuild does for each row: the same segments;
    posts' title and content copied into a table of this database first cost the FTS build 7% at
    10,000 posts). More databases, or no post at all (a rebuild over none still writes the
    index's totals, an insert of nothing does not), are copied into the table and rebuilt."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = OFF")  # a new scratch file
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("CREATE TABLE [posts] ([id] INTEGER PRIMARY KEY, [title] TEXT, [content] TEXT)")
        selects = []
        if len(posts_from) <= MOST_ATTACHED:
            for n, source in enumerate(posts_from):
                conn.execute(f"ATTACH DATABASE ? AS source{n}", (source,))
                selects.append(f"SELECT [id], [title], [content] FROM source{n}.[posts]")
        conn.execute("BEGIN")
        conn.execute(FTS_STATEMENTS[0])
        if selects:
            merged = " UNION ALL ".join(selects)
            inserted = conn.execute(f"INSERT INTO [{FTS_TABLE}] (rowid, [title], [content]) {merged} ORDER BY 1")
            if inserted.rowcount > 0:
                conn.execute("COMMIT")
                return
        conn.execute("COMMIT")
        for n in range(len(selects)):
            conn.execute(f"DETACH DATABASE source{n}")
        for source in posts_from:
            conn.execute("ATTACH DATABASE ? AS source", (source,))
            conn.execute("INSERT INTO [posts] SELECT [id], [title], [content] FROM source.[posts]")
            conn.execute("DETACH DATABASE source")
        conn.execute(FTS_STATEMENTS[-1])
    finally:
        conn.close()


def open_new_database(path: str, foreign_keys: bool = True) -> sqlite3.Connection:
    """A connection to a new database file at ``path``, its tables created, in a transaction."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = OFF")  # a fresh temporary file: nothing to roll back to
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        conn.execute("BEGIN")
        for table in TABLES:
            conn.execute(SQLITE.create_table(table))
    except BaseException:
        conn.close()
        raise
    return conn


_BATCH_ROWS = 10_000  # rows of all tables held before they are inserted
_BATCH_TEXT = 16 << 20  # or characters of long text (posts' bodies, meta values)


def insert_rows(conn: sqlite3.Connection, rows: Iterable[Row]) -> None:
    """Insert ``rows`` in batches, each table's rows in their order and every table's before the
    tables after it in the schema, so no row arrives before a row it points at."""
    statements = {t.name: insert_sql(t) for t in TABLES}
    pending: dict[str, list[tuple[Any, ...]]] = {t.name: [] for t in TABLES}
    functions = INSERT_VALUES_FUNCTIONS if binds_nan_as_null(conn) else VALUES_FUNCTIONS
    # Per table: where its rows wait, their conversion and their long texts' size, each None
    # where there is nothing to do (most rows: terms and meta have no date and no body).
    plans = {
        name: (
            pending[name].append,
            None if functions[name] is _as_they_are else functions[name],
            None if name in _NO_LONG_TEXT else SIZE_FUNCTIONS[name],
        )
        for name in pending
    }
    count = size = 0
    for table, values, _implied in rows:
        append, convert, size_of = plans[table.name]
        append(values if convert is None else convert(values))
        if size_of is not None:
            size += size_of(values)
        count += 1
        if count >= _BATCH_ROWS or size >= _BATCH_TEXT:
            _insert_pending(conn, statements, pending)
            count = size = 0
    _insert_pending(conn, statements, pending)


def _insert_pending(
    conn: sqlite3.Connection, statements: dict[str, str], pending: dict[str, list[tuple[Any, ...]]]
) -> None:
    for name, values in pending.items():  # in schema order
        if values:
            conn.executemany(statements[name], values)
            values.clear()


def create_indexes(conn: sqlite3.Connection) -> None:
    """The secondary indexes of every table (quicker to build once than to grow row by row)."""
    for table in TABLES:
        for statement in SQLITE.create_indexes(table):
            conn.execute(statement)


def finish_database(
    conn: sqlite3.Connection, fts: bool, built_fts: Callable[[], str | None] | None = None, indexes: bool = True
) -> None:
    """The indexes (unless ``indexes`` is False: the database has them) and the FTS index; commit.
    ``built_fts``, asked once the other indexes are built: a database holding the FTS index made
    by :func:`build_fts_database`, or None to build it here."""
    if indexes:
        create_indexes(conn)
    if fts:
        create_fts(conn, built_fts() if built_fts is not None else None)
    conn.execute("COMMIT")


def write_new_database(rows: Iterable[Row], path: str, fts: bool) -> None:
    conn = open_new_database(path)
    try:
        insert_rows(conn, rows)
        finish_database(conn, fts)
    finally:
        conn.close()


class Appender:
    """Upserts rows into an existing blogimport database by source id, counting what changed."""

    def __init__(self, conn: sqlite3.Connection, tally: Tally, prune: bool = False) -> None:
        self.conn = conn
        self.tally = tally
        self.prune = prune  # delete the posts no longer in the export (else list them as stale)
        self.counts: Counter[str] = Counter()
        self.scratch = Scratch()  # closed when the run ends
        self.seen = IntSet(self.scratch)  # ids of the posts this export holds (on disk: one a post)

    def run(self, rows: Iterable[Row]) -> None:
        with self.scratch:
            self._run(rows)

    def _run(self, rows: Iterable[Row]) -> None:
        unit: list[Row] = []
        for row in rows:
            if row.table.name in POST_CHILDREN:
                unit.append(row)
                continue
            if unit:
                self.apply_post(unit)
                unit = []
            if row.table is schema.POSTS:
                unit = [row]
            else:
                self.upsert(row)
        if unit:
            self.apply_post(unit)
        self.stale_posts()
        for what, n in sorted(self.counts.items()):
            self.tally.change(f"append: {what}", n)

    def stale_posts(self) -> None:
        """Posts stored earlier that this export no longer holds (gone, or not selected)."""
        stale = [
            row[0] for row in self.conn.execute("SELECT [id] FROM [posts] ORDER BY [id]") if row[0] not in self.seen
        ]
        if not stale:
            return
        if self.prune:
            for post_id in stale:
                self.delete_post(post_id)
            self.counts["posts removed ({prune})"] += len(stale)
            return
        shown = ", ".join(map(str, stale[:5])) + (f" and {len(stale) - 5} more" if len(stale) > 5 else "")
        self.tally.problem(
            "stale-output",
            f"{len(stale)} post(s) in the database are no longer in the export or not selected: kept "
            f"({{prune}} deletes them): ids {shown}",
        )

    def where_key(self, table: Table) -> str:
        q = SQLITE.quote_identifier
        return " AND ".join(f"{q(c)} = ?" for c in table.primary_key)

    def key_of(self, table: Table, values: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(values[table.column_names.index(c)] for c in table.primary_key)

    def upsert(self, row: Row) -> None:
        table, values = row.table, sqlite_values(row)
        key = self.key_of(table, values)
        found = self.conn.execute(f"SELECT * FROM [{table.name}] WHERE {self.where_key(table)}", key).fetchone()
        if found is None:
            self.conn.execute(insert_sql(table), values)
            self.counts[f"{table.name} added"] += 1
        elif tuple(found) == values or row.implied:
            self.counts[f"{table.name} unchanged"] += 1
        else:
            q = SQLITE.quote_identifier
            assignments = ", ".join(f"{q(c)} = ?" for c in table.column_names)
            self.conn.execute(f"UPDATE [{table.name}] SET {assignments} WHERE {self.where_key(table)}", values + key)
            self.counts[f"{table.name} updated"] += 1

    def stored_post(self, post_id: int) -> dict[str, Counter[tuple[Any, ...]]]:
        select = {
            "posts": "SELECT * FROM [posts] WHERE [id] = ?",
            **{name: f"SELECT * FROM [{name}] WHERE [post_id] = ?" for name in POST_CHILDREN if name != "comment_meta"},
            "comment_meta": "SELECT * FROM [comment_meta] WHERE [comment_id] IN "
            "(SELECT [id] FROM [comments] WHERE [post_id] = ?)",
        }
        return {name: Counter(tuple(r) for r in self.conn.execute(sql, (post_id,))) for name, sql in select.items()}

    def apply_post(self, unit: list[Row]) -> None:
        post_id = unit[0].values[0]
        self.seen.add(post_id)
        new: dict[str, Counter[tuple[Any, ...]]] = {name: Counter() for name in ("posts", *POST_CHILDREN)}
        for row in unit:
            new[row.table.name][sqlite_values(row)] += 1
        old = self.stored_post(post_id)
        if not old["posts"]:
            self.counts["posts added"] += 1
        elif old == new:
            self.counts["posts unchanged"] += 1
            return
        else:
            self.counts["posts updated"] += 1
            self.delete_post(post_id)
        old_comments = {values[0] for values in old["comments"]}
        new_comments = {values[0] for values in new["comments"]}
        self.counts["comments added"] += len(new_comments - old_comments)
        self.counts["comments removed"] += len(old_comments - new_comments)
        for table, values in grouped_by_table(unit):
            self.conn.executemany(insert_sql(table), values)

    def delete_post(self, post_id: int) -> None:
        self.conn.execute(
            "DELETE FROM [comment_meta] WHERE [comment_id] IN (SELECT [id] FROM [comments] WHERE [post_id] = ?)",
            (post_id,),
        )
        # Replies first, so no comment is deleted while another still points at it.
        self.conn.execute("UPDATE [comments] SET [parent_id] = NULL WHERE [post_id] = ?", (post_id,))
        for name in ("comments", "post_meta", "post_terms", "attachments"):
            self.conn.execute(f"DELETE FROM [{name}] WHERE [post_id] = ?", (post_id,))
        self.conn.execute("DELETE FROM [posts] WHERE [id] = ?", (post_id,))


LOCKED = "the database is locked by another program (a viewer, another run): close it, or try again when it is done"


def database_locked(exc: sqlite3.Error) -> bool:
    """Whether ``exc`` says another connection holds the database (SQLite's busy and locked errors,
    which the message 'not a SQLite database (database is locked)' used to hide)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def check_is_blogimport_database(conn: sqlite3.Connection, path: str) -> None:
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        if database_locked(exc):
            raise OutputError(f"cannot {{append}}: {LOCKED}", file=path) from None
        raise OutputError(f"cannot {{append}}: not a SQLite database ({exc})", file=path) from None
    missing = [t.name for t in TABLES if t.name not in names]
    if missing:
        raise OutputError(f"cannot {{append}}: not a blogimport database (no table {', '.join(missing)})", file=path)
    for table in TABLES:
        have = {r[1] for r in conn.execute(f"PRAGMA table_info([{table.name}])")}
        lacking = [c for c in table.column_names if c not in have]
        if lacking:
            raise OutputError(
                f"cannot {{append}}: written by an older blogimport ({table.name} has no {', '.join(lacking)}); "
                "convert into a new database",
                file=path,
            )


def append_to_database(rows: Iterable[Row], path: str, tally: Tally, prune: bool = False) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        check_is_blogimport_database(conn, path)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("BEGIN IMMEDIATE")
        try:
            Appender(conn, tally, prune).run(rows)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        conn.close()


def write_sqlite_database(
    rows: Iterable[Row], path: str, tally: Tally, *, replace: bool, append: bool, fts: bool, prune: bool = False
) -> None:
    if replace and append:
        raise UsageError("{replace} and {append} exclude each other")
    if path == "-":
        raise UsageError("a SQLite database cannot go to stdout; use {to:sql} {dialect:sqlite} for a script")
    check_output(path)
    if append and os.path.exists(path):
        try:
            append_to_database(rows, path, tally, prune)
        except sqlite3.Error as exc:
            reason = LOCKED if database_locked(exc) else str(exc)
            raise OutputError(f"append failed, database left unchanged: {reason}", file=path) from None
        return
    check_new_output(path, replace)
    write_atomically(path, lambda temp: write_new_database(rows, temp, fts))


def check_new_output(path: str, replace: bool) -> None:
    """A new database can be written at ``path`` (a file, not there unless ``replace``)."""
    if path == "-":
        raise UsageError("a SQLite database cannot go to stdout; use {to:sql} {dialect:sqlite} for a script")
    check_output(path)
    if os.path.exists(path) and not replace:
        raise OutputError("already exists; use {replace} to overwrite it or {append} to add to it", file=path)


def write_atomically(path: str, write: Callable[[str], None]) -> None:
    """``write(temp)`` a new database into a temporary file beside ``path``, then move it there."""
    directory = check_output(path)
    fd, temp = tempfile.mkstemp(prefix=".blogimport-", suffix=".db.tmp", dir=directory)
    os.close(fd)
    try:
        write(temp)
        os.chmod(temp, file_mode())  # mkstemp made it 0600: the mode open() gives, umask honoured
        os.replace(temp, path)
    except sqlite3.Error as exc:
        raise OutputError(f"cannot write the database: {exc}", file=path) from None
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
