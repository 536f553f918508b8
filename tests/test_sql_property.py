"""Property: hostile strings come back out of every real engine exactly as they went in (NUL
characters stripped), through the SQLite database, every dump and every direct load."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sql_engines import MySQLDatabase, PgSchema, mysql, pg, sqlite3_shell_load

from importer.model import Comment, Meta, Post, Record
from importer.tally import Tally
from importer.writers.sql import SqlOptions, write_sql, write_sqlite
from importer.writers.sql.dialects import get_dialect
from importer.writers.sql.dump import write_dump
from importer.writers.sql.rows import RowBuilder

__all__ = ["mysql", "pg"]  # fixtures

FRAGMENTS = [
    "'", "''", "\\", "\\'", '"', "`", ";", "--", "/*", "*/", "#", "\n", "\r", "\r\n", "\x00", "\x1a", "\t",
    "%", "%s", "%(x)s", "$$", "$1", ":name", "?", "\\.", "\\g", "\\N", "delimiter //", "\n.quit\n", "\n.shell x\n",
    "'; DROP TABLE posts; --", "😀", "𠀀", "\U000f0000", "\U0010fffd", "\u2028", "\ufeff", "é", "\u0301",
]  # fmt: skip
hostile_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet=st.characters(codec="utf-8"), max_size=12)), max_size=10
).map("".join)
hostile_texts = st.lists(hostile_text, min_size=1, max_size=5)
PROPERTY = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

ids = itertools.count(1000)


def post_of(texts: list[str]) -> tuple[int, Post]:
    """A post carrying the texts in its title, comments and meta (keys and values)."""
    post_id = next(ids)
    comments = [Comment(id=post_id * 10 + i, content=t, author=t) for i, t in enumerate(texts)]
    meta = [Meta(key=t, value=t) for t in texts]
    return post_id, Post(id=post_id, title=texts[0], content="".join(texts), comments=comments, meta=meta)


def expected(texts: list[str]) -> list[Any]:
    clean = [t.replace("\x00", "") for t in texts]
    return [clean[0], "".join(clean), clean, clean, clean]


def read_back(query: Callable[[str], list[tuple[Any, ...]]], post_id: int, q: str = '"') -> list[Any]:
    title, content = query(f"SELECT {q}title{q}, {q}content{q} FROM {q}posts{q} WHERE {q}id{q} = {post_id}")[0]
    comments = query(f"SELECT {q}content{q} FROM {q}comments{q} WHERE {q}post_id{q} = {post_id} ORDER BY {q}id{q}")
    meta = query(
        f"SELECT {q}meta_key{q}, {q}meta_value{q} FROM {q}post_meta{q} "
        f"WHERE {q}post_id{q} = {post_id} ORDER BY {q}position{q}"
    )
    return [title, content, [r[0] for r in comments], [r[0] for r in meta], [r[1] for r in meta]]


def rows_only_script(records: list[Record], dialect: str, path: Path) -> Path:
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        write_dump(RowBuilder(Tally()).rows(records), out, get_dialect(dialect), create_tables=False)
    return path


@PROPERTY
@given(texts=hostile_texts)
def test_sqlite_database_and_sqlite3_shell(texts: list[str], tmp_path: Path) -> None:
    post_id, post = post_of(texts)
    db = tmp_path / f"{post_id}.db"
    write_sqlite([post], str(db), SqlOptions(no_fts=True), Tally())
    conn = sqlite3.connect(db)
    assert read_back(lambda sql: conn.execute(sql).fetchall(), post_id) == expected(texts)
    conn.close()
    script = tmp_path / f"{post_id}.sql"
    write_sql([post], str(script), SqlOptions(dialect="sqlite"), Tally())
    shell_db = tmp_path / f"{post_id}-shell.db"
    assert sqlite3_shell_load(script, shell_db).returncode == 0
    conn = sqlite3.connect(shell_db)
    assert read_back(lambda sql: conn.execute(sql).fetchall(), post_id) == expected(texts)
    conn.close()


@pytest.mark.engine
@PROPERTY
@given(texts=hostile_texts)
def test_postgresql_psql_and_direct(texts: list[str], pg: PgSchema, tmp_path: Path) -> None:
    write_sql([], "", SqlOptions(db=pg.url), Tally())  # creates the tables once
    post_id, post = post_of(texts)
    result = pg.load_script(rows_only_script([post], "postgresql", tmp_path / f"{post_id}.sql"))
    assert result.returncode == 0, result.stderr
    assert read_back(pg.query, post_id) == expected(texts)
    post_id, post = post_of(texts)
    write_sql([post], "", SqlOptions(db=pg.url), Tally())
    assert read_back(pg.query, post_id) == expected(texts)


@pytest.mark.engine
@PROPERTY
@given(texts=hostile_texts)
def test_mariadb_client_and_direct(texts: list[str], mysql: MySQLDatabase, tmp_path: Path) -> None:
    write_sql([], "", SqlOptions(db=mysql.url), Tally())  # creates the tables once
    post_id, post = post_of(texts)
    result = mysql.load_script(rows_only_script([post], "mysql", tmp_path / f"{post_id}.sql"))
    assert result.returncode == 0, result.stderr
    assert read_back(mysql.query, post_id, "`") == expected(texts)
    post_id, post = post_of(texts)
    write_sql([post], "", SqlOptions(db=mysql.url), Tally())
    assert read_back(mysql.query, post_id, "`") == expected(texts)
