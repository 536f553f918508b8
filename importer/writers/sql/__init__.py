"""SQL output: a SQLite database (``--to sqlite``), SQL scripts for SQLite, PostgreSQL and
MySQL/MariaDB, and direct loads into a running server (``--to sql``).

All of them hold the same rows (see ``rows.py``) in the schema declared in ``schema.py``.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TextIO

from ...errors import OutputError, UsageError
from ...model import Record
from ...tally import Tally
from .dialects import get_dialect
from .direct import load_database
from .dump import write_dump
from .sqlite import write_sqlite_database


@dataclass(slots=True)
class SqlOptions:
    dialect: str = "sqlite"  # --to sql: the dialect of the script
    db: str | None = None  # --to sql: load into this postgresql:// or mysql:// database instead
    replace: bool = False  # overwrite an existing database (drop blogimport's tables on a server)
    append: bool = False  # --to sqlite: upsert into an existing database by source id
    no_fts: bool = False  # --to sqlite: no FTS5 full-text index


def write_sqlite(records: Iterable[Record], output: str, options: SqlOptions, tally: Tally) -> None:
    """``--to sqlite -o blog.db``."""
    if options.db:
        raise UsageError("--db is for --to sql; --to sqlite writes the file given by -o")
    write_sqlite_database(
        records, output, tally, replace=options.replace, append=options.append, fts=not options.no_fts
    )


def write_sql(records: Iterable[Record], output: str, options: SqlOptions, tally: Tally) -> None:
    """``--to sql --dialect D -o dump.sql`` (``-o -`` for stdout), or ``--to sql --db URL``."""
    if options.append:
        raise UsageError("--append works with --to sqlite only")
    if options.db:
        load_database(records, options.db, tally, options.replace)
        return
    dialect = get_dialect(options.dialect)
    with open_script(output) as out:
        write_dump(records, out, dialect, tally)


@contextlib.contextmanager
def open_script(output: str) -> Iterator[TextIO]:
    """stdout for ``-``; otherwise a temporary file moved into place once the script is complete."""
    if output == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    if os.path.isdir(output):
        raise OutputError("is a directory; give a file name for the SQL script", file=output)
    directory = os.path.dirname(os.path.abspath(output))
    try:
        fd, temp = tempfile.mkstemp(prefix=".blogimport-", suffix=".sql.tmp", dir=directory)
    except OSError as exc:
        raise OutputError(f"cannot write here: {exc.strerror}", file=output) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            yield out
        os.chmod(temp, 0o644)
        os.replace(temp, output)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
