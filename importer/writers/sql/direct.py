"""``--to sql --db URL``: load straight into a running PostgreSQL or MySQL/MariaDB.

The drivers do all quoting (psycopg's COPY, PyMySQL's parameter escaping, which follows the
server's ``NO_BACKSLASH_ESCAPES`` mode). Tables are created if missing; the rows go in one
transaction, so a failed load leaves the database as it was. PostgreSQL runs the whole load,
DDL included, in that transaction; MySQL/MariaDB commit DDL implicitly, so there the tables are
created (or, with ``--replace``, dropped and created) before the transaction starts.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from ...errors import OutputError, UsageError
from .batches import TableBatches
from .dialects import MYSQL, POSTGRESQL, Dialect, as_utc_naive
from .rows import Row
from .schema import TABLES, UTC_TS, Table

POSTGRES_SCHEMES = ("postgresql", "postgres")
MYSQL_SCHEMES = ("mysql", "mariadb", "mysql+pymysql")
BATCH_ROWS = 2000
BATCH_BYTES = 4 << 20


def dialect_of_url(url: str) -> Dialect:
    """The dialect a --db URL names; a URL the standard library cannot split is a usage error."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as exc:
        raise UsageError(f"{{db}} {url!r} is not a valid database URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme in POSTGRES_SCHEMES:
        return POSTGRESQL
    if scheme in MYSQL_SCHEMES:
        return MYSQL
    raise UsageError(f"{{db}} takes a postgresql://... or mysql://... URL, not {scheme or url!r}")


def drop_statements(dialect: Dialect) -> list[str]:
    cascade = " CASCADE" if dialect is POSTGRESQL else ""
    return [f"DROP TABLE IF EXISTS {dialect.quote_identifier(t.name)}{cascade}" for t in reversed(TABLES)]


def row_size(values: tuple[Any, ...]) -> int:
    return sum(len(v) for v in values if isinstance(v, str)) + 8 * len(values)


def load_postgresql(rows: Iterable[Row], url: str, replace: bool) -> None:
    try:
        import psycopg
    except ImportError:
        raise UsageError("loading into PostgreSQL needs psycopg: pip install 'blogimport[postgres]'") from None
    try:
        conn = psycopg.connect(url)
    except psycopg.Error as exc:
        raise OutputError(f"cannot connect to PostgreSQL: {exc}".strip()) from None
    q = POSTGRESQL.quote_identifier
    try:
        with conn.transaction(), conn.cursor() as cur:
            if replace:
                for statement in drop_statements(POSTGRESQL):
                    cur.execute(statement)
            for statement in POSTGRESQL.ddl(TABLES, if_not_exists=True):
                cur.execute(statement)

            def copy_batch(table: Table, batch: list[tuple[Any, ...]]) -> None:
                columns = ", ".join(q(c) for c in table.column_names)
                with cur.copy(f"COPY {q(table.name)} ({columns}) FROM STDIN") as copy:
                    for values in batch:
                        copy.write_row(values)

            batches: TableBatches[tuple[Any, ...]] = TableBatches(copy_batch, BATCH_ROWS, BATCH_BYTES)
            for row in rows:
                batches.add(row.table, row.values, row_size(row.values))
            batches.flush_all()
    except psycopg.Error as exc:
        raise OutputError(f"PostgreSQL load failed, nothing was written: {exc}".strip()) from None
    finally:
        conn.close()


def mysql_connect_args(url: str) -> dict[str, Any]:
    parts = urlsplit(url)
    database = unquote(parts.path.lstrip("/"))
    if not database:
        raise UsageError("the MySQL URL needs a database name: mysql://user:password@host:3306/DATABASE")
    args: dict[str, Any] = {
        "host": parts.hostname or "localhost",
        "port": parts.port or 3306,
        "user": unquote(parts.username) if parts.username else "root",
        "password": unquote(parts.password) if parts.password else "",
        "database": database,
    }
    socket = parse_qs(parts.query).get("unix_socket")
    if socket:
        args["unix_socket"] = socket[0]
    return args


def mysql_values(values: tuple[Any, ...], table: Table) -> tuple[Any, ...]:
    """UTC timestamps go to DATETIME as naive UTC (the session time zone is UTC too)."""
    return tuple(
        as_utc_naive(v) if isinstance(v, datetime) and c.type == UTC_TS else v
        for v, c in zip(values, table.columns, strict=True)
    )


def load_mysql(rows: Iterable[Row], url: str, replace: bool) -> None:
    try:
        import pymysql
    except ImportError:
        raise UsageError("loading into MySQL/MariaDB needs PyMySQL: pip install 'blogimport[mysql]'") from None
    try:
        conn = pymysql.connect(charset="utf8mb4", autocommit=False, **mysql_connect_args(url))
    except pymysql.Error as exc:
        raise OutputError(f"cannot connect to MySQL/MariaDB: {exc}") from None
    q = MYSQL.quote_identifier
    try:
        with conn.cursor() as cur:
            for statement in MYSQL.header[1:]:  # SET NAMES is the connection's charset already
                cur.execute(statement)
            if replace:
                for statement in drop_statements(MYSQL):
                    cur.execute(statement)
            for statement in MYSQL.ddl(TABLES, if_not_exists=True):
                cur.execute(statement)
            conn.begin()

            def insert_batch(table: Table, batch: list[tuple[Any, ...]]) -> None:
                columns = ", ".join(q(c) for c in table.column_names)
                marks = ", ".join(["%s"] * len(table.columns))
                cur.executemany(f"INSERT INTO {q(table.name)} ({columns}) VALUES ({marks})", batch)

            batches: TableBatches[tuple[Any, ...]] = TableBatches(insert_batch, BATCH_ROWS, BATCH_BYTES)
            for row in rows:
                batches.add(row.table, mysql_values(row.values, row.table), row_size(row.values))
            batches.flush_all()
        conn.commit()
    except pymysql.Error as exc:
        conn.rollback()
        raise OutputError(f"MySQL/MariaDB load failed, no rows were written: {exc}") from None
    finally:
        conn.close()


def load_database(rows: Iterable[Row], url: str, replace: bool) -> None:
    if dialect_of_url(url) is POSTGRESQL:
        load_postgresql(rows, url, replace)
    else:
        load_mysql(rows, url, replace)
