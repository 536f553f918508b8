"""Helpers for the SQL tests: real engines (sqlite3 shell, PostgreSQL, MariaDB), each test in its
own schema or database, and reading tables back into comparable Python values."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from importer.writers.sql.direct import mysql_connect_args
from importer.writers.sql.schema import TABLES, Table

PG_URL = os.environ.get("BLOGIMPORT_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
MYSQL_URL = os.environ.get("BLOGIMPORT_TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306/test")


def unavailable(what: str, why: str, env: str = "BLOGIMPORT_REQUIRE_DB") -> None:
    message = f"{what} is not available ({why})"
    if os.environ.get(env) == "1":
        pytest.fail(f"{message}, and {env}=1 makes it required")
    pytest.skip(message)


def need_binary(name: str, env: str) -> str:
    path = shutil.which(name)
    if path is None:
        unavailable(f"the {name} command", "not on PATH", env)
    assert path is not None
    return path


def with_query(url: str, **params: str) -> str:
    parts = urlsplit(url)
    extra = "&".join(f"{k}={v}" for k, v in params.items())
    query = f"{parts.query}&{extra}" if parts.query else extra
    return parts._replace(query=query).geturl()


class PgSchema:
    """A scratch PostgreSQL schema; ``url`` puts it first on the search path."""

    def __init__(self, conn: Any, name: str) -> None:
        self.conn = conn
        self.name = name
        self.url = with_query(PG_URL, options=f"-csearch_path%3D{name}")

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        with self.conn.cursor() as cur:
            cur.execute(f'SET search_path TO "{self.name}"')
            cur.execute(sql)
            return list(cur.fetchall())

    def load_script(self, script: Path) -> subprocess.CompletedProcess[str]:
        psql = need_binary("psql", "BLOGIMPORT_REQUIRE_DB")
        env = {**os.environ, "PGOPTIONS": f"-csearch_path={self.name}"}
        return subprocess.run(
            [psql, PG_URL, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", str(script)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )


@pytest.fixture
def pg() -> Iterator[PgSchema]:
    try:
        import psycopg
    except ImportError:
        unavailable("PostgreSQL", "psycopg is not installed: pip install 'blogimport[postgres]'")
    try:
        conn = psycopg.connect(PG_URL, autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        unavailable("PostgreSQL", f"cannot connect to {PG_URL}: {exc}".strip())
    name = f"bi_test_{uuid.uuid4().hex[:12]}"
    conn.execute(f'CREATE SCHEMA "{name}"')
    try:
        yield PgSchema(conn, name)
    finally:
        conn.execute(f'DROP SCHEMA "{name}" CASCADE')
        conn.close()


class MySQLDatabase:
    """A scratch MariaDB/MySQL database."""

    def __init__(self, conn: Any, name: str) -> None:
        self.conn = conn
        self.name = name
        self.url = urlsplit(MYSQL_URL)._replace(path=f"/{name}").geturl()

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        with self.conn.cursor() as cur:
            cur.execute(f"USE `{self.name}`")
            cur.execute(sql)
            return list(cur.fetchall())

    def load_script(self, script: Path, init_command: str | None = None) -> subprocess.CompletedProcess[str]:
        client = shutil.which("mariadb") or need_binary("mysql", "BLOGIMPORT_REQUIRE_DB")
        args = mysql_connect_args(self.url)
        command = [client, "-h", args["host"], "-P", str(args["port"]), "-u", args["user"], "--batch"]
        if args["password"]:
            command.append(f"-p{args['password']}")
        if init_command:
            command.append(f"--init-command={init_command}")
        command.append(self.name)
        with open(script, "rb") as stdin:
            return subprocess.run(command, stdin=stdin, capture_output=True, check=False, text=False)  # type: ignore[return-value]


@pytest.fixture
def mysql() -> Iterator[MySQLDatabase]:
    try:
        import pymysql
    except ImportError:
        unavailable("MariaDB/MySQL", "PyMySQL is not installed: pip install 'blogimport[mysql]'")
    args = mysql_connect_args(MYSQL_URL)
    try:
        conn = pymysql.connect(charset="utf8mb4", autocommit=True, connect_timeout=5, **args)
    except pymysql.Error as exc:
        unavailable("MariaDB/MySQL", f"cannot connect to {MYSQL_URL}: {exc}")
    name = f"bi_test_{uuid.uuid4().hex[:12]}"
    with conn.cursor() as cur:
        cur.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
    try:
        yield MySQLDatabase(conn, name)
    finally:
        with conn.cursor() as cur:
            cur.execute(f"DROP DATABASE `{name}`")
        conn.close()


def sqlite3_shell_load(script: Path, db: Path) -> subprocess.CompletedProcess[str]:
    shell = need_binary("sqlite3", "BLOGIMPORT_REQUIRE_ENGINES")
    with open(script, "rb") as stdin:
        return subprocess.run([shell, "-bail", str(db)], stdin=stdin, capture_output=True, check=False)  # type: ignore[return-value]


# -- reading tables back into values that compare equal across engines ----------------------------


def normalized(value: Any) -> Any:
    """Timestamps as ``YYYY-MM-DD HH:MM:SS`` text (UTC for aware values), booleans as 0/1."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat(sep=" ")
    if isinstance(value, bool):
        return int(value)
    return value


def select_all(table: Table, quote: str) -> str:
    columns = ", ".join(f"{quote}{c}{quote}" for c in table.column_names)
    return f"SELECT {columns} FROM {quote}{table.name}{quote}"


def dump_tables(query: Any, quote: str = '"') -> dict[str, list[tuple[Any, ...]]]:
    """Every table of the schema, as lists of normalized rows in one order whatever the engine's collation."""
    return {
        t.name: sorted((tuple(normalized(v) for v in row) for row in query(select_all(t, quote))), key=repr)
        for t in TABLES
    }


def sqlite_tables(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return dump_tables(lambda sql: conn.execute(sql).fetchall())
    finally:
        conn.close()
