"""What differs between SQLite, PostgreSQL and MySQL/MariaDB: type names, identifier quoting,
literals, and the statements that open and close a dump.

Literals are rendered here because a dump is plain SQL written without a database connection
(direct loads use the drivers' parameter binding instead). Each quoting rule is the engine's
documented one, and the tests load every dump into the real engine:

- PostgreSQL: the dump sets ``standard_conforming_strings = on``, so inside ``'...'`` only the
  quote is special and is doubled; backslashes are literal.
- SQLite: only the quote is special. Carriage returns are written through ``char(13)`` because the
  ``sqlite3`` shell drops a ``\\r`` before a line end.
- MySQL/MariaDB: backslash escapes are on (the dump sets a ``sql_mode`` without
  ``NO_BACKSLASH_ESCAPES``), so backslash, quotes, NUL, CR, LF and Ctrl-Z are escaped as
  ``mysqldump`` does; text is ``utf8mb4`` so every Unicode plane fits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ...errors import UsageError
from .schema import (
    BOOL,
    FTS_TABLE,
    ID,
    INT,
    KEY,
    LOCAL_TS,
    NAME,
    TABLES,
    TEXT,
    UTC_TS,
    Column,
    Table,
    index_name,
)

DIALECT_NAMES = ("sqlite", "postgresql", "mysql")


def pg_string(text: str) -> str:
    """A PostgreSQL string literal (standard_conforming_strings on)."""
    return "'" + text.replace("'", "''") + "'"


def sqlite_string(text: str) -> str:
    """A SQLite string literal; ``\\r`` goes through ``char(13)`` so the shell cannot drop it."""
    if "\r" not in text:
        return "'" + text.replace("'", "''") + "'"
    placeholder = "\\r"
    while placeholder in text:
        placeholder += "_"
    body = text.replace("\r", placeholder).replace("'", "''")
    return f"replace('{body}','{placeholder}',char(13))"


_MYSQL_ESCAPES = str.maketrans(
    {"\\": "\\\\", "'": "\\'", '"': '\\"', "\x00": "\\0", "\n": "\\n", "\r": "\\r", "\x1a": "\\Z"}
)


def mysql_string(text: str) -> str:
    """A MySQL/MariaDB string literal with backslash escapes (sql_mode without NO_BACKSLASH_ESCAPES)."""
    return "'" + text.translate(_MYSQL_ESCAPES) + "'"


def ansi_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def mysql_identifier(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def as_utc_naive(value: datetime) -> datetime:
    """The instant in UTC without tzinfo (a naive value is taken to be UTC already)."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def timestamp_text(value: datetime) -> str:
    """``YYYY-MM-DD HH:MM:SS[.ffffff]``: sorts as text and is what every engine parses."""
    return value.isoformat(sep=" ")


@dataclass(frozen=True, slots=True)
class Dialect:
    name: str
    types: dict[str, str]
    quote_identifier: Callable[[str], str]
    quote_string: Callable[[str], str]
    true: str
    false: str
    utc_suffix: str  # appended to UTC timestamp literals
    table_suffix: str  # after the closing parenthesis of CREATE TABLE
    header: tuple[str, ...]  # statements before the first CREATE TABLE
    begin: str
    commit: str
    transactional_ddl: bool = True  # False: CREATE TABLE commits implicitly (MySQL), so it goes before BEGIN

    def literal(self, value: Any, column: Column) -> str:
        if value is None:
            return "NULL"
        if isinstance(value, bool):
            return self.true if value else self.false
        if isinstance(value, int):
            return str(value)
        if isinstance(value, datetime):
            if column.type == UTC_TS:
                return "'" + timestamp_text(as_utc_naive(value)) + self.utc_suffix + "'"
            return "'" + timestamp_text(value.replace(tzinfo=None)) + "'"
        return self.quote_string(str(value))

    def column_type(self, column: Column) -> str:
        return self.types[column.type]

    def create_table(self, table: Table, if_not_exists: bool = False, documented: bool = False) -> str:
        """CREATE TABLE; ``documented`` adds each column's meaning as a ``--`` comment."""
        q = self.quote_identifier
        lines = []
        for col in table.columns:
            null = " NOT NULL" if not col.nullable else ""
            lines.append(f"  {q(col.name)} {self.column_type(col)}{null},")
        lines.append(f"  PRIMARY KEY ({', '.join(q(c) for c in table.primary_key)}),")
        for fk in table.foreign_keys:
            lines.append(
                f"  FOREIGN KEY ({', '.join(q(c) for c in fk.columns)}) "
                f"REFERENCES {q(fk.table)} ({', '.join(q(c) for c in fk.ref_columns)}),"
            )
        lines += [line + "," for line in self.inline_indexes(table)]
        lines[-1] = lines[-1].removesuffix(",")
        if documented:
            width = max(len(line) for line in lines[: len(table.columns)]) + 1
            docs = [c.doc for c in table.columns] + [""] * (len(lines) - len(table.columns))
            lines = [f"{line:<{width}}-- {doc}" if doc else line for line, doc in zip(lines, docs, strict=True)]
        exists = "IF NOT EXISTS " if if_not_exists else ""
        head = f"-- {table.doc}\n" if documented else ""
        return f"{head}CREATE TABLE {exists}{q(table.name)} (\n" + "\n".join(lines) + f"\n){self.table_suffix}"

    def inline_indexes(self, table: Table) -> list[str]:
        """Index clauses inside CREATE TABLE (MySQL); other engines use CREATE INDEX."""
        return []

    def create_indexes(self, table: Table, if_not_exists: bool = False) -> list[str]:
        q = self.quote_identifier
        exists = "IF NOT EXISTS " if if_not_exists else ""
        statements = []
        for columns in table.indexes:
            parts = [self.index_part(table.column(c)) for c in columns]
            statements.append(
                f"CREATE INDEX {exists}{q(index_name(table, columns))} ON {q(table.name)} ({', '.join(parts)})"
            )
        return statements

    def index_part(self, column: Column) -> str:
        return self.quote_identifier(column.name)

    def ddl(self, tables: tuple[Table, ...], if_not_exists: bool = False, documented: bool = False) -> list[str]:
        statements: list[str] = []
        for table in tables:
            statements.append(self.create_table(table, if_not_exists, documented))
            statements.extend(self.create_indexes(table, if_not_exists))
        return statements

    def insert_prefix(self, table: Table) -> str:
        q = self.quote_identifier
        return f"INSERT INTO {q(table.name)} ({', '.join(q(c) for c in table.column_names)}) VALUES\n"


class MySQLDialect(Dialect):
    """MySQL/MariaDB: indexes are declared inside CREATE TABLE (a separate CREATE INDEX is an
    ALTER TABLE on InnoDB, several times slower to run)."""

    def inline_indexes(self, table: Table) -> list[str]:
        q = self.quote_identifier
        return [
            f"  INDEX {q(index_name(table, columns))} ({', '.join(self.index_part(table.column(c)) for c in columns)})"
            for columns in table.indexes
        ]

    def create_indexes(self, table: Table, if_not_exists: bool = False) -> list[str]:
        return []

    def index_part(self, column: Column) -> str:
        # MySQL indexes a prefix of unbounded text columns only.
        name = self.quote_identifier(column.name)
        return f"{name}(191)" if self.types[column.type].endswith("TEXT") else name


SQLITE = Dialect(
    name="sqlite",
    types={
        ID: "INTEGER",
        INT: "INTEGER",
        BOOL: "INTEGER",
        TEXT: "TEXT",
        KEY: "TEXT",
        NAME: "TEXT",
        LOCAL_TS: "TEXT",
        UTC_TS: "TEXT",
    },
    quote_identifier=ansi_identifier,
    quote_string=sqlite_string,
    true="1",
    false="0",
    utc_suffix="",
    table_suffix="",
    header=("PRAGMA encoding = 'UTF-8'",),
    begin="BEGIN TRANSACTION",
    commit="COMMIT",
)

POSTGRESQL = Dialect(
    name="postgresql",
    types={
        ID: "BIGINT",
        INT: "INTEGER",
        BOOL: "BOOLEAN",
        TEXT: "TEXT",
        KEY: "TEXT",
        NAME: "TEXT",
        LOCAL_TS: "TIMESTAMP WITHOUT TIME ZONE",
        UTC_TS: "TIMESTAMP WITH TIME ZONE",
    },
    quote_identifier=ansi_identifier,
    quote_string=pg_string,
    true="TRUE",
    false="FALSE",
    utc_suffix="+00:00",
    table_suffix="",
    header=("SET client_encoding = 'UTF8'", "SET standard_conforming_strings = on"),
    begin="BEGIN",
    commit="COMMIT",
)

MYSQL = MySQLDialect(
    name="mysql",
    types={
        ID: "BIGINT",
        INT: "INTEGER",
        BOOL: "BOOLEAN",
        TEXT: "LONGTEXT",
        KEY: "VARCHAR(500)",
        NAME: "VARCHAR(200)",
        LOCAL_TS: "DATETIME(6)",
        UTC_TS: "DATETIME(6)",
    },
    quote_identifier=mysql_identifier,
    quote_string=mysql_string,
    true="TRUE",
    false="FALSE",
    utc_suffix="",
    table_suffix=" ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
    header=(
        "SET NAMES utf8mb4",
        "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION'",
        "SET SESSION time_zone = '+00:00'",
    ),
    begin="START TRANSACTION",
    commit="COMMIT",
    transactional_ddl=False,
)


def schema_sql(dialect: Dialect) -> str:
    """The schema as a commented SQL script (``blogimport schema --sql``)."""
    head = f"-- blogimport SQL schema ({dialect.name}); timestamps *_local are wall-clock, *_utc are UTC\n"
    fts = (
        f"-- SQLite databases (--to sqlite) add {FTS_TABLE}: FTS5 over posts.title and posts.content\n"
        if dialect.name == "sqlite"
        else ""
    )
    return head + fts + "\n" + "".join(s + ";\n\n" for s in dialect.ddl(TABLES, documented=True)).rstrip() + "\n"


DIALECTS: dict[str, Dialect] = {d.name: d for d in (SQLITE, POSTGRESQL, MYSQL)}


def get_dialect(name: str) -> Dialect:
    aliases = {"postgres": "postgresql", "pg": "postgresql", "mariadb": "mysql"}
    try:
        return DIALECTS[aliases.get(name, name)]
    except KeyError:
        raise UsageError(f"unknown SQL dialect {name!r} (known: {', '.join(DIALECT_NAMES)})") from None
