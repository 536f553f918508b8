"""A plain SQL script (``--to sql --dialect ...``), streamed: rows are written as they come, in
multi-row INSERT statements of bounded size, so a dump larger than memory is fine.

The script creates the tables and loads the rows in one transaction (on MySQL/MariaDB the
CREATE TABLE statements commit implicitly, so the transaction starts after them; the rows are
still loaded all or nothing).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from .batches import TableBatches
from .dialects import Dialect
from .rows import Row
from .schema import TABLES, Table

MAX_ROWS_PER_INSERT = 500
MAX_BYTES_PER_INSERT = 1 << 20  # well below MySQL's default max_allowed_packet (16 MiB)


def render_row(dialect: Dialect, row: Row) -> str:
    return "(" + ", ".join(dialect.literal(v, c) for v, c in zip(row.values, row.table.columns, strict=True)) + ")"


def write_dump(rows: Iterable[Row], out: TextIO, dialect: Dialect, *, create_tables: bool = True) -> None:
    """The script; ``create_tables=False`` leaves out CREATE TABLE (rows for existing tables)."""
    out.write(f"-- blogimport SQL dump for {dialect.name}: load it as is (see the README's SQL section)\n")
    for statement in dialect.header:
        out.write(statement + ";\n")
    ddl = dialect.ddl(TABLES) if create_tables else []
    if dialect.transactional_ddl:
        out.write(dialect.begin + ";\n")
    for statement in ddl:
        out.write(statement + ";\n")
    if not dialect.transactional_ddl:
        out.write(dialect.begin + ";\n")
    out.write("\n")
    prefixes = {t.name: dialect.insert_prefix(t) for t in TABLES}

    def write_insert(table: Table, rendered: list[str]) -> None:
        out.write(prefixes[table.name])
        out.write(",\n".join(rendered))
        out.write(";\n")

    batches: TableBatches[str] = TableBatches(write_insert, MAX_ROWS_PER_INSERT, MAX_BYTES_PER_INSERT)
    for row in rows:
        rendered = render_row(dialect, row)
        batches.add(row.table, rendered, len(rendered) + 2)
    batches.flush_all()
    out.write(dialect.commit + ";\n")
