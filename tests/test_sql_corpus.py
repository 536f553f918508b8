"""Every fixture and every shared-corpus WXR export, through every SQL output into every engine.

For each source: the SQLite database (stdlib) must match the JSON export of the same source
(counts and content), and the sqlite3 shell, psql and mariadb loading the dumps, and the direct
loads into PostgreSQL and MariaDB, must all give back exactly the rows of that database.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS
from sql_engines import MySQLDatabase, PgSchema, dump_tables, mysql, pg, sqlite3_shell_load, sqlite_tables

from importer import api
from importer.errors import BlogImportError
from importer.readers import ReadOptions
from importer.writers.sql.schema import COMMENTS, POSTS

__all__ = ["mysql", "pg"]  # fixtures

ROOT = Path(__file__).resolve().parent.parent
CORPUS_WXR = CORPUS / "wxr"
NOT_AN_EXPORT = {"malformed.xml"}  # no channel even after recovery: nothing to convert
Tables = dict[str, list[tuple[Any, ...]]]


def sources() -> list[Any]:
    found = sorted(
        p for d in ("wxr", "html", "text") for p in (ROOT / "fixtures" / d).glob("*.*") if p.suffix != ".json"
    )
    found += sorted(p for p in (ROOT / "fixtures" / "mirror").iterdir() if p.is_dir())
    params = [pytest.param(p, id=f"fixtures/{p.relative_to(ROOT / 'fixtures')}") for p in found]
    if CORPUS_WXR.is_dir():
        corpus = sorted(p for p in CORPUS_WXR.rglob("*.xml") if p.name not in NOT_AN_EXPORT)
        params += [pytest.param(p, id=f"corpus/{p.relative_to(CORPUS_WXR)}", marks=pytest.mark.corpus) for p in corpus]
    return params


SCRATCH = Path(tempfile.mkdtemp(prefix="blogimport-sql-tests-"))


def convert(source: Path, to: str, output: str, **writer: Any) -> None:
    """Convert like the CLI does, with --recover for the broken exports of the corpus."""
    # A fixture's folder names its format (fixtures/html/unknown-theme-broken-html.html has no
    # WordPress marks on purpose: it is read with --from html, as a user would).
    kind = source.parent.name if source.parent.parent.name == "fixtures" else None
    forced = kind if kind in ("html", "text") else None
    options = api.ConvertOptions(read=ReadOptions(recover=True), source_format=forced)
    api.convert([str(source)], to, output, options, api.writer_options(to, writer))


@cache
def artifacts(source: Path) -> Path:
    """A scratch folder with the JSON export, the SQLite database and the three dumps of ``source``."""
    folder = Path(tempfile.mkdtemp(dir=SCRATCH))
    try:
        convert(source, "json", str(folder / "export.json"))
    except BlogImportError as exc:
        pytest.skip(f"not convertible: {exc}")
    convert(source, "sqlite", str(folder / "blog.db"))
    for dialect in ("sqlite", "postgresql", "mysql"):
        convert(source, "sql", str(folder / f"{dialect}.sql"), dialect=dialect)
    return folder


@cache
def reference(source: Path) -> Tables:
    return sqlite_tables(artifacts(source) / "blog.db")


def no_nul(value: Any) -> Any:
    return value.replace("\x00", "") if isinstance(value, str) else value


def wall_clock(value: str | None) -> str | None:
    """The local wall-clock part of a JSON date (``2010-11-19T13:02:00+01:00`` -> ``2010-11-19 13:02:00``)."""
    return value[:19].replace("T", " ") if value else None


def assert_matches_json_export(tables: Tables, document: dict[str, Any]) -> None:
    posts = document["posts"]
    comments = [c for p in posts for c in p["comments"]]
    assert len(tables["posts"]) == len(posts)
    assert len(tables["comments"]) == len(comments)
    assert len(tables["post_meta"]) == sum(len(p["meta"]) for p in posts)
    assert len(tables["authors"]) >= len(document["authors"])
    assert len(tables["terms"]) >= len(document["terms"])
    cols = POSTS.column_names
    stored = Counter(
        tuple(row[cols.index(c)] for c in ("type", "status", "title", "slug", "content", "date_local"))
        for row in tables["posts"]
    )
    exported = Counter(
        (p["type"], p["status"], no_nul(p["title"]), no_nul(p["slug"]), no_nul(p["content"]), wall_clock(p["date"]))
        for p in posts
    )
    assert stored == exported
    ccols = COMMENTS.column_names
    stored_comments = Counter(
        tuple(row[ccols.index(c)] for c in ("author", "content", "status")) for row in tables["comments"]
    )
    exported_comments = Counter((no_nul(c["author"]), no_nul(c["content"]), c["status"]) for c in comments)
    assert stored_comments == exported_comments


@pytest.mark.parametrize("source", sources())
def test_sqlite_database_matches_the_json_export(source: Path) -> None:
    document = json.loads((artifacts(source) / "export.json").read_text(encoding="utf-8"))
    assert_matches_json_export(reference(source), document)


@pytest.mark.engine
@pytest.mark.parametrize("source", sources())
def test_sqlite_dump_in_the_sqlite3_shell(source: Path, tmp_path: Path) -> None:
    db = tmp_path / "shell.db"
    result = sqlite3_shell_load(artifacts(source) / "sqlite.sql", db)
    assert result.returncode == 0, result.stderr
    assert sqlite_tables(db) == reference(source)


@pytest.mark.engine
@pytest.mark.parametrize("source", sources())
def test_postgresql_dump_and_direct_load(source: Path, pg: PgSchema) -> None:
    result = pg.load_script(artifacts(source) / "postgresql.sql")
    assert result.returncode == 0, result.stderr
    assert dump_tables(pg.query) == reference(source)
    convert(source, "sql", "", db=pg.url, replace=True)
    assert dump_tables(pg.query) == reference(source)


@pytest.mark.engine
@pytest.mark.parametrize("source", sources())
def test_mysql_dump_and_direct_load(source: Path, mysql: MySQLDatabase) -> None:
    result = mysql.load_script(artifacts(source) / "mysql.sql")
    assert result.returncode == 0, result.stderr
    assert dump_tables(mysql.query, "`") == reference(source)
    convert(source, "sql", "", db=mysql.url, replace=True)
    assert dump_tables(mysql.query, "`") == reference(source)
