"""``--to sqlite`` written in parts and joined gives the database and the tally of a whole run.

The parts are cut here from a record list (as :mod:`importer.parallel` cuts a file: the first
part holds the site, the authors and the terms; each part is written by its own row builder
with its own tally); ``test_the_cli_in_parts`` goes through the real machinery.
"""

from __future__ import annotations

import dataclasses
import itertools
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sample_records import sample_records

import importer
from importer import parallel
from importer.api import ConvertOptions
from importer.model import Author, Comment, Meta, Post, Record, Site, Term, TermRef
from importer.readers import ReadOptions
from importer.readers.wxr import parts as wxr_parts
from importer.tally import Tally
from importer.writers import WRITERS
from importer.writers.sql import parts as sql_parts
from importer.writers.sql.parts import CannotSplit, join_sqlite_parts, write_sqlite_part
from importer.writers.sql.sqlite import FTS_SHADOW_TABLES, build_fts_database, create_fts
from importer.writers.sql.writer import SqlOptions, write_sqlite


def tables(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table of the database, rowid included where there is one, and its schema."""
    with sqlite3.connect(path) as db:
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        found: dict[str, list[tuple[Any, ...]]] = {
            "schema": db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name").fetchall()
        }
        for name in names:
            try:
                found[name] = db.execute(f'SELECT rowid, * FROM "{name}" ORDER BY rowid').fetchall()
            except sqlite3.OperationalError:  # WITHOUT ROWID (FTS5's shadow tables)
                found[name] = db.execute(f'SELECT * FROM "{name}"').fetchall()
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    return found


def facts(tally: Tally) -> dict[str, object]:
    return {
        "written": dict(tally.written),
        "skipped": dict(tally.skipped),
        "changed": dict(tally.changed),
        "problems": [dataclasses.astuple(p) for p in tally.problems],
    }


def whole(records: list[Record], path: Path, options: SqlOptions) -> Tally:
    tally = Tally()
    write_sqlite(records, str(path), options, tally)
    return tally


def in_parts(records: list[Record], cuts: list[int], tmp_path: Path, options: SqlOptions, path: Path) -> Tally:
    tally = Tally()
    tally.problem("invalid-xml-char", "a problem before the parts")  # the run's own, kept first
    bounds = [0, *cuts, len(records)]
    parts: list[tuple[str, object]] = []
    for index, (start, end) in enumerate(itertools.pairwise(bounds)):
        part_dir = tmp_path / f"part{index}"
        part_dir.mkdir()
        part_tally = Tally()
        summary = write_sqlite_part(records[start:end], str(part_dir), options, part_tally)
        tally.merge(part_tally)
        parts.append((str(part_dir), summary))
    join_sqlite_parts(parts, str(path), options, tally)
    del tally.problems[0]
    return tally


def same_both_ways(records: list[Record], cuts: list[int], tmp_path: Path, **options: Any) -> Tally:
    for name in ("whole.db", "parts.db"):
        (tmp_path / name).unlink(missing_ok=True)
    for part in tmp_path.glob("part*"):
        for file in part.iterdir():
            file.unlink()
        part.rmdir()
    whole_tally = whole(records, tmp_path / "whole.db", SqlOptions(**options))
    parts_tally = in_parts(records, cuts, tmp_path, SqlOptions(**options), tmp_path / "parts.db")
    assert tables(tmp_path / "parts.db") == tables(tmp_path / "whole.db")
    assert facts(parts_tally) == facts(whole_tally)
    return whole_tally


def head() -> list[Record]:
    return [r for r in sample_records() if not isinstance(r, Post)]


def test_the_sample_blog_cut_anywhere(tmp_path: Path) -> None:
    records = sample_records()
    first_post = len(head())
    for cut in range(first_post, len(records) + 1):
        same_both_ways(records, [cut], tmp_path)
    same_both_ways(records, [first_post, first_post + 1, first_post + 2], tmp_path, no_fts=True, with_markdown=True)


def _failing_fts_build(_posts_from: list[str], _path: str) -> None:
    raise RuntimeError("the helper process failed")


@pytest.mark.parametrize("helper", ["fails", "cannot fork"])
def test_the_join_builds_the_fts_index_itself_without_its_helper(
    helper: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The FTS index is built by a forked process while the join copies the rows; when that
    process fails, or a system cannot fork, the join rebuilds it: the same database either way."""
    if helper == "fails":
        monkeypatch.setattr(sql_parts, "build_fts_database", _failing_fts_build)
    else:
        monkeypatch.setattr(sql_parts.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    records = sample_records()
    same_both_ways(records, [len(head()) + 1, len(head()) + 3], tmp_path)


def test_the_fts_helper_builds_what_a_rebuild_builds(tmp_path: Path) -> None:
    """The helper's shadow tables are those of a rebuild in the output (the join's default way)."""
    used: list[str | None] = []
    result = sql_parts._FtsBuild.result

    def spy(self: sql_parts._FtsBuild) -> str | None:
        used.append(result(self))
        return used[-1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sql_parts._FtsBuild, "result", spy)
        same_both_ways(sample_records(), [len(head()) + 2], tmp_path)
    assert len(used) == 1 and used[0] is not None


def post(post_id: int | None, *comments: Comment, **fields: Any) -> Post:
    given = {"title": f"post {post_id}", "content": f"text of {post_id}\n\nmore", **fields}
    return Post(id=post_id, comments=list(comments), **given)


def test_ids_an_earlier_part_used_are_renumbered_as_a_whole_run_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sql_parts, "_FLUSH", sql_parts._WIDTH * 2)  # the id log written and read 2 at a time
    records: list[Record] = [
        *head(),
        post(1, Comment(id=10, content="a"), Comment(id=11, parent=10)),
        post(None, Comment(id=None, content="no id")),
        post(2, Comment(id=12, parent=99, content="dangling")),
        # part 2
        post(1, Comment(id=10, content="again"), Comment(id=13, parent=10), Comment(id=14, parent=77)),
        post(None, Comment(id=11)),
        post(3, Comment(id=12)),
        post(2**70, Comment(id=2**70)),
        post(-50, Comment(id=-50, parent=-50)),
        post(3),
        # part 3
        post(4, Comment(id=None), Comment(id=10, parent=555)),
        post(1),
    ]
    tally = same_both_ways(records, [len(head()) + 3, len(head()) + 9], tmp_path)
    assert tally.changed["duplicate post ids renumbered"] >= 3
    assert any(p.code == "dangling-comment-parent" and p.post_id is not None and p.post_id < 0 for p in tally.problems)


def test_authors_and_terms_a_post_implies_are_kept_once(tmp_path: Path) -> None:
    records: list[Record] = [
        *head(),
        post(1, author="newcomer", tags=[TermRef("fresh", "Fresh 1")], categories=[TermRef("trees", "Not this")]),
        post(2, author="maria", tags=[TermRef("fresh", "Fresh 2")]),
        post(3, author="newcomer", tags=[TermRef("later", "Later 3")], taxonomies={"x": [TermRef("y", "Y")]}),
        post(4, author="other", tags=[TermRef("later", "Later 4")], meta=[Meta("k", {"v": [1, 2]}, "a:1:{}")]),
    ]
    first = len(head())
    for cuts in ([first + 1], [first + 2], [first + 1, first + 3], [first + 1, first + 2, first + 3]):
        same_both_ways(records, cuts, tmp_path)


def test_values_a_database_cannot_hold_as_they_are(tmp_path: Path) -> None:
    records: list[Record] = [
        *head(),
        post(1, Comment(id=5, content="nul \x00 here"), title="nul\x00title"),
        post(2, comment_count=10**20, date=datetime(2020, 1, 1, 12), date_gmt=datetime(2020, 1, 1, 11, tzinfo=UTC)),
        post(3, comment_count=-(10**20)),
    ]
    same_both_ways(records, [len(head()) + 1, len(head()) + 2], tmp_path)


def test_a_post_waiting_for_a_reusable_block_makes_the_part_fail(tmp_path: Path) -> None:
    uses_block = post(5, content='<!-- wp:block {"ref":9} /-->')
    block = Post(id=9, type="wp_block", content="<p>shared</p>")
    with pytest.raises(CannotSplit):
        write_sqlite_part([uses_block, block], str(tmp_path), SqlOptions(), Tally())
    # one in another part too (the part does not know it): the run is read whole
    with pytest.raises(CannotSplit):
        in_parts([*head(), block, uses_block], [len(head()) + 1], tmp_path, SqlOptions(), tmp_path / "x.db")
    # a block its part has met before is fine, as in a whole run
    (tmp_path / "later").mkdir()
    same_both_ways([*head(), block, uses_block, post(6)], [len(head()) + 2], tmp_path / "later")


ID = st.none() | st.integers(0, 6) | st.just(-90)


@st.composite
def blog(draw: st.DrawFn) -> tuple[list[Record], list[int]]:
    posts: list[Record] = []
    for _ in range(draw(st.integers(1, 8))):
        texts = st.sampled_from(["a", "b\n\nc"])
        comments = [
            Comment(id=draw(ID), parent=draw(st.none() | st.integers(0, 6)), content=draw(texts))
            for _ in range(draw(st.integers(0, 3)))
        ]
        author = draw(st.none() | st.sampled_from(["maria", "tom", "ann", "bob"]))
        slugs = draw(st.lists(st.sampled_from(["t1", "t2", "grafting"]), max_size=2))
        tags = [TermRef(slug, slug.upper()) for slug in slugs]
        posts.append(Post(id=draw(ID), title="t", content="c", author=author, tags=tags, comments=comments))
    records = [*head(), *posts]
    first = len(head())
    cuts = sorted(draw(st.sets(st.integers(first, len(records)), max_size=3)))
    return records, cuts


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=blog())
def test_any_blog_cut_anywhere(case: tuple[list[Record], list[int]], tmp_path_factory: pytest.TempPathFactory) -> None:
    records, cuts = case
    same_both_ways(records, cuts, tmp_path_factory.mktemp("parts"))


def test_the_cli_in_parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Through importer.parallel: a fixture export cut in 3 parts gives the whole run's database."""
    assert WRITERS["sqlite"]().parts is not None
    monkeypatch.setattr(wxr_parts, "MIN_PART_SIZE", 64)
    source = Path(__file__).resolve().parent.parent / "fixtures" / "wxr"
    export = max(source.rglob("*.xml"), key=lambda p: p.stat().st_size if "broken" not in str(p) else 0)
    used: list[bool] = []
    convert_in_parts = parallel.convert_in_parts

    def spy(*args: Any, **kwargs: Any) -> bool:
        used.append(convert_in_parts(*args, **kwargs))
        return used[-1]

    monkeypatch.setattr(parallel, "convert_in_parts", spy)
    results = []
    for jobs in (1, 3):
        tally = Tally()
        out = tmp_path / f"jobs{jobs}.db"
        options = ConvertOptions(read=ReadOptions(jobs=jobs))
        importer.convert([str(export)], to="sqlite", output=str(out), options=options, tally=tally)
        results.append((tables(out), facts(tally)))
    assert results[0] == results[1]
    assert used == [True]


def test_the_first_part_holds_the_site_authors_and_terms() -> None:  # as importer.parallel cuts
    assert isinstance(head()[0], Site) and all(isinstance(r, Author | Term) for r in head()[1:])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=blog())
def test_the_parts_bits_tell_what_their_logs_tell(
    case: tuple[list[Record], list[int]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Whether the join replays the ids: the same from the bits of the source ids each part used
    as from the parts' id logs (ids none, 0-6 or -90: no bits for a part that met -90)."""
    records, cuts = case
    tmp_path = tmp_path_factory.mktemp("bits")
    bounds = [0, *cuts, len(records)]
    part_dirs, summaries = [], []
    for index, (start, end) in enumerate(itertools.pairwise(bounds)):
        part_dir = tmp_path / f"part{index}"
        part_dir.mkdir()
        summaries.append(write_sqlite_part(records[start:end], str(part_dir), SqlOptions(), Tally()))
        part_dirs.append(str(part_dir))
    renumbered = any(summary.renumbered for summary in summaries[1:])  # checked first by the join
    by_logs = renumbered or sql_parts._ids_overlap_by_logs([f"{d}/{sql_parts.ID_LOG}" for d in part_dirs])
    by_bits = sql_parts._ids_overlap_by_bits(part_dirs)
    negative = any(
        record.id == -90 or any(comment.id == -90 for comment in record.comments)
        for record in records
        if isinstance(record, Post)
    )
    assert (by_bits is None) == negative
    if by_bits is not None:
        assert (renumbered or by_bits) == by_logs


def test_tables_keyed_by_their_rowid_are_copied_as_in_rowid_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The join copies posts, attachments and comments without ``ORDER BY`` (SQLite's transfer
    of records as they are): the database of the ordered copy, ids out of order in each part."""
    posts: list[Record] = [
        Post(id=post_id, title=f"t{post_id}", content="c", comments=[Comment(id=post_id * 10 - n) for n in range(3)])
        for post_id in (9, 4, 7, 2, 8, 1)
    ]
    posts.append(Post(id=3, type="attachment", parent=9, attachment_url="https://example.org/a.png"))
    records = [*head(), *posts]
    cuts = [len(head()) + 3, len(head()) + 5]
    assert {"posts", "comments", "attachments"} <= sql_parts._ROWID_KEYED
    for name in ("unordered", "ordered"):
        (tmp_path / name).mkdir()
    unordered = in_parts(records, cuts, tmp_path / "unordered", SqlOptions(), tmp_path / "unordered.db")
    monkeypatch.setattr(sql_parts, "_ROWID_KEYED", frozenset())
    ordered = in_parts(records, cuts, tmp_path / "ordered", SqlOptions(), tmp_path / "ordered.db")
    assert tables(tmp_path / "unordered.db") == tables(tmp_path / "ordered.db")
    assert facts(unordered) == facts(ordered)


def test_the_first_part_indexed_by_its_worker_joins_to_the_same_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the first part's worker builds the secondary indexes (a later part still writing),
    the join copies the later parts into the indexed tables: the whole run's database, with ids
    renumbered by the join too, and with or without the FTS index."""
    decided: list[bool] = []

    def always(part_dir: str) -> bool:
        decided.append(Path(part_dir).name == "part0")
        return decided[-1]

    monkeypatch.setattr(sql_parts, "index_first_part", always)
    records = sample_records()
    same_both_ways(records, [len(head()) + 1, len(head()) + 3], tmp_path)
    same_both_ways(records, [len(head()) + 2], tmp_path, no_fts=True)
    renumbered: list[Record] = [
        *head(),
        post(1, Comment(id=10, content="a"), Comment(id=11, parent=10), author="newcomer"),
        post(2, Comment(id=12, parent=99), tags=[TermRef("fresh", "Fresh")]),
        post(1, Comment(id=10, content="again"), Comment(id=13, parent=10), author="newcomer"),
        post(None, Comment(id=11), tags=[TermRef("fresh", "Fresh again")]),
    ]
    same_both_ways(renumbered, [len(head()) + 2], tmp_path)
    assert True in decided and False in decided


def test_the_first_part_is_indexed_only_while_a_later_part_writes(tmp_path: Path) -> None:
    """importer.parallel's folders are named by the parts' index; a part's worker marks its
    folder when its rows are committed."""
    for name in ("0", "1", "2"):
        (tmp_path / name).mkdir()
    first, later = str(tmp_path / "0"), str(tmp_path / "1")
    assert sql_parts.index_first_part(first)
    assert not sql_parts.index_first_part(later)
    (tmp_path / "1" / sql_parts.ROWS_DONE).touch()
    assert sql_parts.index_first_part(first)  # part 2 still writes
    (tmp_path / "2" / sql_parts.ROWS_DONE).touch()
    assert not sql_parts.index_first_part(first)
    assert not sql_parts.index_first_part(str(tmp_path / "part0"))
    alone = tmp_path / "alone" / "0"
    alone.mkdir(parents=True)
    assert not sql_parts.index_first_part(str(alone))


def _shadow_tables(path: str) -> list[list[tuple[Any, ...]]]:
    with sqlite3.connect(path) as db:
        return [db.execute(f'SELECT * FROM "{name}" ORDER BY 1, 2').fetchall() for name in FTS_SHADOW_TABLES]


_fts_text = st.one_of(st.none(), st.text(alphabet="ab cé\u4e2d\u00e9Z1\n", max_size=40))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    posts=st.lists(st.tuples(st.integers(-50, 3000), _fts_text, _fts_text), unique_by=lambda p: p[0], max_size=40),
    parts=st.integers(1, 11),
    data=st.data(),
)
def test_the_fts_helper_reads_the_parts_as_a_rebuild_of_all_their_posts(
    posts: list[tuple[int, str | None, str | None]],
    parts: int,
    data: st.DataObject,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The helper's index over the parts' posts (merged by id from up to MOST_ATTACHED parts,
    copied and rebuilt beyond that or when there is no post) is a rebuild over all of them."""
    tmp_path = tmp_path_factory.mktemp("fts")
    owners = [data.draw(st.integers(0, parts - 1)) for _ in posts]
    sources = []
    for index in range(parts):
        source = str(tmp_path / f"part{index}.db")
        with sqlite3.connect(source) as db:
            db.execute("CREATE TABLE [posts] ([id] INTEGER PRIMARY KEY, [title] TEXT, [content] TEXT)")
            mine = [post for post, owner in zip(posts, owners, strict=True) if owner == index]
            db.executemany("INSERT INTO [posts] VALUES (?, ?, ?)", mine)
        sources.append(source)
    built = str(tmp_path / "built.db")
    build_fts_database(sources, built)
    whole = str(tmp_path / "whole.db")
    db = sqlite3.connect(whole, isolation_level=None)
    try:
        db.execute("CREATE TABLE [posts] ([id] INTEGER PRIMARY KEY, [title] TEXT, [content] TEXT)")
        db.executemany("INSERT INTO [posts] VALUES (?, ?, ?)", posts)
        db.execute("BEGIN")
        create_fts(db)
        db.execute("COMMIT")
    finally:
        db.close()
    assert _shadow_tables(built) == _shadow_tables(whole)
