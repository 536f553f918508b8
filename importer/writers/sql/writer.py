"""``--to sqlite`` and ``--to sql``: the options, and which of the writers a run takes."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TextIO

from ...errors import UsageError
from ...model import Record
from ...tally import Tally
from ..atomic import check_output, open_output
from .dialects import get_dialect
from .direct import load_database
from .dump import write_dump
from .rows import RowBuilder
from .sqlite import write_sqlite_database


@dataclass(slots=True)
class SqlOptions:
    dialect: str | None = None  # --to sql: the dialect of the script (default sqlite)
    db: str | None = None  # --to sql: load into this postgresql:// or mysql:// database instead
    replace: bool = False  # overwrite an existing database (drop blogimport's tables on a server)
    append: bool = False  # --to sqlite: upsert into an existing database by source id
    no_fts: bool = False  # --to sqlite: no FTS5 full-text index
    prune: bool = False  # --to sqlite --append: delete the posts no longer in the export
    with_markdown: bool = False  # also store each post's content as Markdown (posts.content_markdown)


def write_sqlite(records: Iterable[Record], output: str, options: SqlOptions, tally: Tally) -> None:
    """``--to sqlite -o blog.db``."""
    if options.db:
        raise UsageError("{db} does not apply to {to:sqlite}", hint="{to:sqlite} writes the file {output} names")
    if options.dialect:
        raise UsageError("{dialect} does not apply to {to:sqlite}", hint="{dialect} is for {to:sql} (a script)")
    if options.prune and not options.append:
        raise UsageError("{prune} needs {append} with {to:sqlite}", hint="a new database holds only this export")
    rows = RowBuilder(tally, with_markdown=options.with_markdown).rows(records)
    write_sqlite_database(
        rows, output, tally, replace=options.replace, append=options.append, fts=not options.no_fts, prune=options.prune
    )


def write_sql(records: Iterable[Record], output: str, options: SqlOptions, tally: Tally) -> None:
    """``--to sql --dialect D -o dump.sql`` (``-o -`` for stdout), or ``--to sql --db URL``."""
    for name, given in (("append", options.append), ("prune", options.prune)):
        if given:
            raise UsageError(f"{{{name}}} does not apply to {{to:sql}}", hint=f"{{{name}}} is for {{to:sqlite}}")
    rows = RowBuilder(tally, with_markdown=options.with_markdown).rows(records)
    if options.db:
        load_database(rows, options.db, options.replace)
        return
    dialect = get_dialect(options.dialect or "sqlite")
    with open_script(output) as out:
        write_dump(rows, out, dialect)


@contextlib.contextmanager
def open_script(output: str) -> Iterator[TextIO]:
    """A text stream on stdout (``-``) or on a file that appears only once the script is complete."""
    check_output(output)
    with open_output(output) as binary:
        text = io.TextIOWrapper(binary, encoding="utf-8", newline="\n", write_through=False)
        try:
            yield text
        finally:
            text.flush()
            text.detach()
