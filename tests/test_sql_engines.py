"""Dumps and direct loads into the real engines: sqlite3 shell, PostgreSQL (psql) and MariaDB.

Every engine must give back exactly the rows of the SQLite database written by the stdlib, and
those rows hold the model's values (test_sql_sqlite checks them against the records).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sql_engines import MySQLDatabase, PgSchema, dump_tables, mysql, pg, sqlite3_shell_load, sqlite_tables
from sql_samples import HOSTILE, LONG_CONTENT, hostile_archive

from importer.errors import OutputError
from importer.tally import Tally
from importer.writers.sql import SqlOptions, write_sql, write_sqlite

__all__ = ["mysql", "pg"]  # fixtures

pytestmark = pytest.mark.engine


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[Any, ...]]]:
    path = tmp_path_factory.mktemp("ref") / "reference.db"
    write_sqlite(hostile_archive().records(), str(path), SqlOptions(), Tally())
    return sqlite_tables(path)


def dump(tmp_path: Path, dialect: str) -> Path:
    path = tmp_path / f"dump-{dialect}.sql"
    write_sql(hostile_archive().records(), str(path), SqlOptions(dialect=dialect), Tally())
    return path


def assert_same_tables(got: dict[str, list[tuple[Any, ...]]], expected: dict[str, list[tuple[Any, ...]]]) -> None:
    for table, rows in expected.items():
        assert len(got[table]) == len(rows), table
        for got_row, row in zip(got[table], rows, strict=True):
            assert got_row == row, table


def test_reference_holds_the_hostile_content(reference: dict[str, list[tuple[Any, ...]]]) -> None:
    contents = {row[0]: row[13] for row in reference["posts"]}
    assert contents[10] == "\n\n".join(HOSTILE) == hostile_archive().posts[0].content
    assert contents[11] == LONG_CONTENT


def test_sqlite_dump_loads_in_the_sqlite3_shell(tmp_path: Path, reference: dict[str, Any]) -> None:
    db = tmp_path / "from-dump.db"
    result = sqlite3_shell_load(dump(tmp_path, "sqlite"), db)
    assert result.returncode == 0, result.stderr
    assert_same_tables(sqlite_tables(db), reference)


def test_postgresql_dump_loads_with_psql(tmp_path: Path, pg: PgSchema, reference: dict[str, Any]) -> None:
    result = pg.load_script(dump(tmp_path, "postgresql"))
    assert result.returncode == 0, result.stderr
    assert_same_tables(dump_tables(pg.query), reference)


def test_mysql_dump_loads_with_the_mariadb_client(
    tmp_path: Path, mysql: MySQLDatabase, reference: dict[str, Any]
) -> None:
    result = mysql.load_script(dump(tmp_path, "mysql"))
    assert result.returncode == 0, result.stderr
    assert_same_tables(dump_tables(mysql.query, "`"), reference)


def test_mysql_dump_ignores_a_no_backslash_escapes_session(
    tmp_path: Path, mysql: MySQLDatabase, reference: dict[str, Any]
) -> None:
    result = mysql.load_script(dump(tmp_path, "mysql"), init_command="SET SESSION sql_mode='NO_BACKSLASH_ESCAPES'")
    assert result.returncode == 0, result.stderr
    assert_same_tables(dump_tables(mysql.query, "`"), reference)


def test_direct_load_into_postgresql(pg: PgSchema, reference: dict[str, Any]) -> None:
    tally = Tally()
    write_sql(hostile_archive().records(), "", SqlOptions(db=pg.url), tally)
    assert_same_tables(dump_tables(pg.query), reference)
    assert tally.changed["NUL characters stripped"] == 4


def test_direct_load_into_mariadb(mysql: MySQLDatabase, reference: dict[str, Any]) -> None:
    write_sql(hostile_archive().records(), "", SqlOptions(db=mysql.url), Tally())
    assert_same_tables(dump_tables(mysql.query, "`"), reference)


@pytest.mark.parametrize("engine", ["pg", "mysql"])
def test_direct_load_is_one_transaction(engine: str, request: pytest.FixtureRequest) -> None:
    target = request.getfixturevalue(engine)
    write_sql(hostile_archive().records(), "", SqlOptions(db=target.url), Tally())
    quote = '"' if engine == "pg" else "`"
    count = f"SELECT count(*) FROM {quote}posts{quote}"
    before = target.query(count)
    with pytest.raises(OutputError, match=r"(nothing|no rows) (was|were) written"):
        write_sql(hostile_archive().records(), "", SqlOptions(db=target.url), Tally())  # same ids again
    assert target.query(count) == before
    write_sql(hostile_archive().records(), "", SqlOptions(db=target.url, replace=True), Tally())
    assert target.query(count) == before
