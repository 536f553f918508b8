"""--to sqlite: the database holds the model, FTS5 search, and existing files (--replace, --append)."""

from __future__ import annotations

import copy
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sql_samples import LONG_CONTENT, hostile_archive

from importer.cli import main
from importer.errors import OutputError, UsageError
from importer.model import Comment, Post, Record
from importer.tally import Tally
from importer.writers.sql import SqlOptions, write_sqlite
from importer.writers.sql.sqlite import NONE_ADAPTER_KEY

ROOT = Path(__file__).resolve().parent.parent


def write(records: list[Record], path: Path, **options: bool) -> Tally:
    tally = Tally()
    write_sqlite(records, str(path), SqlOptions(**options), tally)  # type: ignore[arg-type]
    return tally


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    path = tmp_path / "blog.db"
    write(hostile_archive().records(), path)
    conn = sqlite3.connect(path)
    yield conn
    conn.close()


def test_posts_and_comments_are_the_models(db: sqlite3.Connection) -> None:
    archive = hostile_archive()
    rows = {r[0]: r[1:] for r in db.execute("SELECT id, type, title, content FROM posts")}
    first, page = archive.posts[0], archive.posts[1]
    assert rows[10] == ("post", first.title, first.content)
    assert rows[11] == ("page", "Long page", LONG_CONTENT)
    # a duplicate source id and a missing one are kept under negative ids, not dropped
    assert sorted(i for i in rows if i < 0) == [-2, -1]
    assert rows[-1] == ("post", "Duplicate id", "beforeafter")  # NUL stripped
    assert len(rows) == len(archive.posts)
    comments = db.execute("SELECT id, post_id, parent_id, content FROM comments WHERE post_id = 10").fetchall()
    assert [(c[0], c[2]) for c in comments] == [(101, None), (102, 101), (103, None)]  # parent first
    assert comments[0][3] == (first.comments[1].content or "").replace("\x00", "")
    assert page.password == db.execute("SELECT password FROM posts WHERE id = 11").fetchone()[0]


def test_dates_local_and_utc(db: sqlite3.Connection) -> None:
    rows = dict(db.execute("SELECT id, date_local || ' | ' || ifnull(date_utc, '-') FROM posts WHERE id IN (10, 11)"))
    assert rows[10] == "2010-11-19 13:02:00 | 2010-11-19 12:02:00"
    assert rows[11] == "2012-05-06 07:08:09 | 2012-05-06 05:08:09"  # a local date with its zone gives UTC


def test_terms_authors_meta_and_attachments(db: sqlite3.Connection) -> None:
    terms = db.execute("SELECT taxonomy, slug, position FROM post_terms WHERE post_id = 10 ORDER BY taxonomy, position")
    assert terms.fetchall() == [
        ("category", "local-news", 0),
        ("category", "undeclared", 1),
        ("post_tag", "order", 0),
        ("series", "drop-table", 0),
    ]
    implied = db.execute("SELECT name, source_id FROM terms WHERE slug = 'undeclared'").fetchone()
    assert implied == ("Undeclared", None)
    assert db.execute("SELECT login FROM authors ORDER BY login").fetchall() == [
        ("admin",),
        ("ghost-writer",),
        ("select",),
    ]
    meta = db.execute("SELECT meta_key, meta_value, value_json FROM post_meta WHERE post_id = 10 ORDER BY position")
    assert meta.fetchall()[:2] == [("_edit_last", "1", None), ("views", "i:12;", "12")]
    attachment = db.execute("SELECT post_id, url, file, parent_id FROM attachments").fetchall()
    assert attachment == [(12, "https://example.org/wp-content/uploads/photo.jpg", "2010/11/photo.jpg", 10)]


def test_content_html_is_wpautop_of_wxr_content(db: sqlite3.Connection) -> None:
    html = db.execute("SELECT content_html FROM posts WHERE id = 11").fetchone()[0]
    assert html.startswith("<p>Several megabytes of post") and html.count("<p>") > 1000


def test_each_post_says_how_its_content_is_shown(tmp_path: Path) -> None:
    path = tmp_path / "mixed.db"
    page = ROOT / "fixtures" / "html" / "twentyten-single.html"
    result = CliRunner().invoke(
        main,
        ["convert", str(page), str(ROOT / "fixtures" / "wxr" / "wpcom-small.xml"), "--to", "sqlite", "-o", str(path)],
    )
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(path)
    formats = dict(conn.execute("SELECT content_format, count(*) FROM posts GROUP BY content_format").fetchall())
    conn.close()
    assert set(formats) == {"html", "wordpress"} and formats["html"] == 1


def test_append_refuses_a_database_of_an_older_schema(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    write(hostile_archive().records(), path)
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE posts DROP COLUMN content_format")
    conn.commit()
    conn.close()
    with pytest.raises(OutputError, match=r"older blogimport \(posts has no content_format\)"):
        write(hostile_archive().records(), path, append=True)


def test_tally_counts_what_was_changed(tmp_path: Path) -> None:
    tally = write(hostile_archive().records(), tmp_path / "b.db")
    assert tally.changed["NUL characters stripped"] == 4
    assert tally.changed["dangling comment parents set to NULL"] == 1
    assert tally.changed["duplicate post ids renumbered"] == 1
    assert tally.written["comment"] == 5 and tally.written["post"] == 3


def test_full_text_search(db: sqlite3.Connection, tmp_path: Path) -> None:
    hits = db.execute("SELECT rowid FROM posts_fts WHERE posts_fts MATCH 'megabytes'").fetchall()
    assert hits == [(11,)]
    write(hostile_archive().records(), tmp_path / "nofts.db", no_fts=True)
    tables = {r[0] for r in sqlite3.connect(tmp_path / "nofts.db").execute("SELECT name FROM sqlite_master")}
    assert "posts_fts" not in tables and "posts" in tables


def test_existing_file_needs_replace_or_append(tmp_path: Path) -> None:
    path = tmp_path / "blog.db"
    path.write_bytes(b"precious")
    with pytest.raises(OutputError) as exists:
        write(hostile_archive().records(), path)
    # the library names its own options; the command line spells them as flags
    assert exists.value.message == "already exists; use replace to overwrite it or append to add to it"
    assert path.read_bytes() == b"precious"
    write(hostile_archive().records(), path, replace=True)
    assert sqlite3.connect(path).execute("SELECT count(*) FROM posts").fetchone() == (5,)
    with pytest.raises(UsageError) as both:
        write(hostile_archive().records(), path, replace=True, append=True)
    assert str(both.value) == "replace and append exclude each other"


def test_failed_run_leaves_nothing_behind(tmp_path: Path) -> None:
    def records() -> Iterator[Record]:
        yield from hostile_archive().records()[:3]
        raise OutputError("boom")

    with pytest.raises(OutputError, match="boom"):
        write(records(), tmp_path / "blog.db")  # type: ignore[arg-type]
    assert os.listdir(tmp_path) == []


def test_append_upserts_and_reports(tmp_path: Path) -> None:
    path = tmp_path / "blog.db"
    write(hostile_archive().records(), path)
    again = write(hostile_archive().records(), path, append=True)
    assert again.changed["append: posts unchanged"] == 5
    assert not any(k.endswith(("added", "updated")) for k in again.changed if k.startswith("append:"))

    archive = hostile_archive()
    archive.posts[0].title = "Edited"
    archive.posts[0].comments.append(Comment(id=104, content="new reply", parent=101))
    archive.posts.append(Post(id=20, title="Brand new", content="fresh words"))
    changed = write(archive.records(), path, append=True).changed
    assert changed["append: posts updated"] == 1
    assert changed["append: posts added"] == 1
    assert changed["append: posts unchanged"] == 4
    assert changed["append: comments added"] == 1
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT title FROM posts WHERE id = 10").fetchone() == ("Edited",)
    assert conn.execute("SELECT count(*) FROM comments WHERE post_id = 10").fetchone() == (4,)
    assert conn.execute("SELECT rowid FROM posts_fts WHERE posts_fts MATCH 'fresh'").fetchall() == [(20,)]

    fewer = copy.deepcopy(archive)
    fewer.posts[0].comments = fewer.posts[0].comments[:1]
    changed = write(fewer.records(), path, append=True).changed
    assert changed["append: comments removed"] == 3
    assert conn.execute("SELECT count(*) FROM comments WHERE post_id = 10").fetchone() == (1,)


def test_append_refuses_a_foreign_database(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    sqlite3.connect(path).execute("CREATE TABLE notes (x)")
    with pytest.raises(OutputError, match="not a blogimport database"):
        write(hostile_archive().records(), path, append=True)


def test_cli_sqlite(tmp_path: Path) -> None:
    source = str(ROOT / "fixtures" / "text" / "kubrick-single.txt")
    out = str(tmp_path / "blog.db")
    runner = CliRunner()
    first = runner.invoke(main, ["convert", source, "--to", "sqlite", "-o", out])
    assert first.exit_code == 0, first.output
    title = sqlite3.connect(out).execute("SELECT title FROM posts").fetchall()
    assert len(title) == 1 and title[0][0]
    second = runner.invoke(main, ["convert", source, "--to", "sqlite", "-o", out])
    assert second.exit_code == 1 and "--replace" in second.output
    third = runner.invoke(main, ["convert", source, "--to", "sqlite", "-o", out, "--append"])
    assert third.exit_code == 0 and "append: posts unchanged" in third.output
    to_stdout = runner.invoke(main, ["convert", source, "--to", "sqlite", "-o", "-"])
    assert to_stdout.exit_code == 2 and "--to sql --dialect sqlite" in to_stdout.output
    missing_output = runner.invoke(main, ["convert", source, "--to", "sqlite"])
    assert missing_output.exit_code == 2


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("postgresql://[broken", "not a valid database URL"),
        ("mysql://root@127.0.0.1:notaport/test", "not a valid database URL"),
        ("ftp://example.org/blog", "postgresql://... or mysql://..."),
    ],
)
def test_a_bad_db_url_is_one_usage_error_line(url: str, says: str) -> None:
    source = str(ROOT / "fixtures" / "text" / "kubrick-single.txt")
    result = CliRunner().invoke(main, ["convert", source, "--to", "sql", "--db", url])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert says in result.output and "Traceback" not in result.output


def test_schema_command_prints_sql() -> None:
    result = CliRunner().invoke(main, ["schema", "--sql", "--dialect", "postgresql"])
    assert result.exit_code == 0
    assert 'CREATE TABLE "posts"' in result.output and "TIMESTAMP WITH TIME ZONE" in result.output
    assert "-- content as stored" in result.output


def test_content_html_renders_shortcodes_and_markdown_when_asked(tmp_path: Path) -> None:
    archive = hostile_archive()
    archive.posts = [
        Post(
            id=1,
            title="Gulls",
            content='[caption id="a" width="300"]<img src="gull.jpg" alt="gull" /> A gull[/caption]\n\n'
            "Two *lines*\nof text.\n\n[mystery code=1]",
        )
    ]
    path = tmp_path / "md.db"
    tally = write(archive.records(), path, with_markdown=True)
    html, markdown = sqlite3.connect(path).execute("SELECT content_html, content_markdown FROM posts").fetchone()
    figure = '<figure class="wp-caption"><img src="gull.jpg" alt="gull" /><figcaption>A gull</figcaption></figure>'
    assert figure in html
    assert "<p>Two *lines*<br />\nof text.</p>" in html
    assert markdown.startswith('<figure class="wp-caption">')  # Markdown has no figure: raw HTML
    assert "Two \\*lines\\*\\\nof text." in markdown
    assert tally.changed["unknown shortcode [mystery] kept as text"] == 1
    write(archive.records(), tmp_path / "plain.db")
    assert sqlite3.connect(tmp_path / "plain.db").execute("SELECT content_markdown FROM posts").fetchone() == (None,)


def test_none_binds_as_null_through_the_registered_adapter(tmp_path: Path) -> None:
    """The writer registers an adapter for None (a faster look-up); None is still NULL."""
    assert sqlite3.adapters[NONE_ADAPTER_KEY](None) is None
    write_sqlite([Post(id=1, title=None, content="x")], str(tmp_path / "blog.db"), SqlOptions(), Tally())
    with sqlite3.connect(tmp_path / "blog.db") as db:
        assert db.execute("SELECT typeof(title), typeof(excerpt), typeof(content) FROM posts").fetchone() == (
            "null",
            "null",
            "text",
        )
