"""The SQL literal and identifier quoting rules, case by case (engines check them in test_sql_engines)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from importer.errors import UsageError
from importer.writers.sql.dialects import (
    MYSQL,
    POSTGRESQL,
    SQLITE,
    ansi_identifier,
    get_dialect,
    mysql_identifier,
    mysql_string,
    pg_string,
    sqlite_string,
)
from importer.writers.sql.schema import POSTS, TABLES, describe_markdown


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "'plain'"),
        ("it's", "'it''s'"),
        ("'; DROP TABLE posts; --", "'''; DROP TABLE posts; --'"),
        ("back\\slash", "'back\\slash'"),  # standard_conforming_strings: backslash is literal
        ("a\nb\rc", "'a\nb\rc'"),
        ("😀", "'😀'"),
        ("", "''"),
    ],
)
def test_postgresql_string(text: str, expected: str) -> None:
    assert pg_string(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("it's", "'it''s'"),
        ("back\\slash\n", "'back\\slash\n'"),
        ("a\r\nb", "replace('a\\r\nb','\\r',char(13))"),
        ("has \\r text\r", "replace('has \\r text\\r_','\\r_',char(13))"),
    ],
)
def test_sqlite_string(text: str, expected: str) -> None:
    assert sqlite_string(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("it's", "'it\\'s'"),
        ("back\\slash", "'back\\\\slash'"),
        ("final backslash\\", "'final backslash\\\\'"),
        ('say "hi"', "'say \\\"hi\\\"'"),
        ("nul\x00 ctrl-z\x1a", "'nul\\0 ctrl-z\\Z'"),
        ("a\r\nb", "'a\\r\\nb'"),
        ("%s %%", "'%s %%'"),
        ("😀𠀀", "'😀𠀀'"),
    ],
)
def test_mysql_string(text: str, expected: str) -> None:
    assert mysql_string(text) == expected


@pytest.mark.parametrize("name", ["order", "select", "key", 'we"ird', "back`tick", "date"])
def test_identifiers_are_always_quoted(name: str) -> None:
    assert ansi_identifier(name) == '"' + name.replace('"', '""') + '"'
    assert mysql_identifier(name) == "`" + name.replace("`", "``") + "`"


def test_timestamps_keep_wall_clock_and_utc() -> None:
    local = POSTS.column("date_local")
    utc = POSTS.column("date_utc")
    paris = datetime(2010, 11, 19, 13, 2, tzinfo=timezone(timedelta(hours=1)))
    assert POSTGRESQL.literal(paris, local) == "'2010-11-19 13:02:00'"
    assert POSTGRESQL.literal(paris, utc) == "'2010-11-19 12:02:00+00:00'"
    assert MYSQL.literal(datetime(2010, 11, 19, 12, 2, tzinfo=UTC), utc) == "'2010-11-19 12:02:00'"
    assert SQLITE.literal(datetime(2010, 11, 19, 12, 2, 0, 5), local) == "'2010-11-19 12:02:00.000005'"


def test_other_values() -> None:
    column = POSTS.column("sticky")
    assert [POSTGRESQL.literal(v, column) for v in (True, False, None)] == ["TRUE", "FALSE", "NULL"]
    assert [SQLITE.literal(v, column) for v in (True, False)] == ["1", "0"]
    assert POSTGRESQL.literal(2**40, POSTS.column("id")) == str(2**40)


def test_dialect_names() -> None:
    assert get_dialect("postgres") is POSTGRESQL
    assert get_dialect("mariadb") is MYSQL
    with pytest.raises(UsageError, match="unknown SQL dialect"):
        get_dialect("oracle")


def test_readme_documents_the_schema_as_declared() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert describe_markdown() in readme, "README's SQL schema section is out of date: paste describe_markdown()"
    for table in TABLES:
        for column in table.columns:
            assert column.doc, f"{table.name}.{column.name} has no documentation"
