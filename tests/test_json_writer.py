"""The JSON and JSON Lines writers, fed with model records (no reader involved)."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import sys
import threading
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sample_records import sample_posts, sample_records

from importer.errors import OutputError
from importer.model import Author, Comment, Post, Record, Site, Term
from importer.tally import Tally
from importer.writers.json import JsonOptions, record_dict, write_json, write_jsonl


def write_doc(tmp_path: Path, records: list[Record], compact: bool = False) -> dict:
    out = tmp_path / "blog.json"
    write_json(records, str(out), JsonOptions(compact=compact), Tally())
    return json.loads(out.read_text(encoding="utf-8"))


def field_names(cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(cls)]


def test_document_has_the_five_top_level_keys_in_order(tmp_path: Path) -> None:
    doc = write_doc(tmp_path, sample_records())
    assert list(doc) == ["schema", "site", "authors", "terms", "posts"]
    assert doc["schema"] == "blogimport/1"
    assert doc["site"]["title"] == "Notes from the Orchard"
    assert [a["login"] for a in doc["authors"]] == ["maria", "tom"]
    assert [(t["taxonomy"], t["slug"]) for t in doc["terms"]] == [
        ("category", "trees"),
        ("post_tag", "grafting"),
        ("season", "autumn"),
    ]
    assert [p["id"] for p in doc["posts"]] == [10, 11, 2]


def test_keys_are_named_as_the_model_fields(tmp_path: Path) -> None:
    doc = write_doc(tmp_path, sample_records())
    assert list(doc["site"]) == field_names(Site)
    assert list(doc["authors"][0]) == field_names(Author)
    assert list(doc["terms"][0]) == field_names(Term)
    assert list(doc["posts"][0]) == field_names(Post)
    assert list(doc["posts"][0]["comments"][0]) == field_names(Comment)


def test_comments_are_nested_in_their_post_with_threading(tmp_path: Path) -> None:
    post = write_doc(tmp_path, sample_records())["posts"][0]
    comments = {c["id"]: c for c in post["comments"]}
    assert list(comments) == [100, 101, 102, 103]
    assert comments[101]["parent"] == 100
    assert comments[102]["type"] == "pingback"
    assert comments[103]["status"] == "spam"
    assert comments[100]["author_email"] == "jo@example.net"  # JSON is an archive: kept unless --redact


def test_dates_carry_the_offset_when_local_and_utc_are_both_known(tmp_path: Path) -> None:
    posts = write_doc(tmp_path, sample_records())["posts"]
    grafting, draft, about = posts
    assert grafting["date"] == "2010-11-19T13:02:00-05:00"
    assert grafting["date_gmt"] == "2010-11-19T18:02:00+00:00"
    assert grafting["modified"] == "2010-11-20T09:00:00-05:00"
    assert grafting["comments"][0]["date"] == "2010-11-19T14:00:00-05:00"
    # Only the local time known: written without an offset rather than an invented one.
    assert about["date"] == "2009-03-01T08:30:00"
    assert about["date_gmt"] is None
    # Draft without dates (0000-00-00 in WXR): unknown stays null.
    assert draft["date"] is None and draft["date_gmt"] is None


def test_implausible_gmt_offset_is_not_applied(tmp_path: Path) -> None:
    post = Post(id=1, date=datetime(2010, 1, 1, 12, 0), date_gmt=datetime(2010, 1, 3, 12, 0, tzinfo=UTC))
    doc = write_doc(tmp_path, [post])
    assert doc["posts"][0]["date"] == "2010-01-01T12:00:00"
    assert doc["posts"][0]["date_gmt"] == "2010-01-03T12:00:00+00:00"


def test_meta_is_key_value_raw_with_repeated_keys_kept(tmp_path: Path) -> None:
    post = write_doc(tmp_path, sample_records())["posts"][0]
    assert post["meta"] == [
        {"key": "_edit_last", "value": "1", "raw": None},
        {"key": "rootstock", "value": {"name": "M26", "vigour": [1, 2]}, "raw": 'a:2:{s:4:"name";s:3:"M26";}'},
        {"key": "rootstock", "value": "MM106", "raw": None},
    ]


def test_terms_and_taxonomies_keep_slug_and_name(tmp_path: Path) -> None:
    doc = write_doc(tmp_path, sample_records())
    post = doc["posts"][0]
    assert post["categories"] == [{"slug": "trees", "name": "Trees"}]
    assert post["taxonomies"] == {"season": [{"slug": "autumn", "name": "Autumn"}]}
    assert doc["terms"][2]["meta"] == [{"key": "colour", "value": "amber", "raw": None}]


def test_non_ascii_and_markup_survive_unchanged(tmp_path: Path) -> None:
    out = tmp_path / "blog.json"
    write_json(sample_records(), str(out), JsonOptions(), Tally())
    text = out.read_text(encoding="utf-8")
    assert "«ça pousse»" in text  # written as UTF-8, not \\u escapes
    post = json.loads(text)["posts"][0]
    assert post["title"] == "Grafting, a first attempt — «ça pousse»"
    assert post["content"] == sample_posts()[0].content


def test_same_input_gives_byte_identical_output(tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    write_json(sample_records(), str(first), JsonOptions(), Tally())
    write_json(sample_records(), str(second), JsonOptions(), Tally())
    assert first.read_bytes() == second.read_bytes()


def test_compact_and_indented_documents_hold_the_same_data(tmp_path: Path) -> None:
    (tmp_path / "c").mkdir()
    pretty = write_doc(tmp_path, sample_records())
    compact = write_doc(tmp_path / "c", sample_records(), compact=True)
    assert pretty == compact
    text = (tmp_path / "c" / "blog.json").read_text()
    assert "\n" not in text.rstrip("\n") and ": " not in text.split('"content"')[0]


def test_authors_and_terms_arriving_after_posts_still_go_in_their_lists(tmp_path: Path) -> None:
    # Several sources merged: the second file's new authors and terms come after the first's posts.
    records: list[Record] = [
        Site(title="Split"),
        Post(id=1, author="a"),
        Author("a"),
        Post(id=2),
        Term("post_tag", "x"),
    ]
    doc = write_doc(tmp_path, records)
    assert [a["login"] for a in doc["authors"]] == ["a"]
    assert [t["slug"] for t in doc["terms"]] == ["x"]
    assert [p["id"] for p in doc["posts"]] == [1, 2]


def test_empty_stream_is_a_valid_empty_document(tmp_path: Path) -> None:
    doc = write_doc(tmp_path, [])
    assert doc["authors"] == [] and doc["terms"] == [] and doc["posts"] == []
    assert doc["site"]["title"] is None


def test_tally_counts_what_was_written(tmp_path: Path) -> None:
    tally = Tally()
    write_json(sample_records(), str(tmp_path / "blog.json"), JsonOptions(), tally)
    assert tally.written == {"author": 2, "term": 3, "post": 2, "page": 1, "comment": 4}


def test_lone_surrogate_still_gives_valid_json(tmp_path: Path) -> None:
    doc = write_doc(tmp_path, [Post(id=1, title="bad \udcff byte")])
    assert doc["posts"][0]["title"] == "bad \udcff byte"


def test_non_finite_meta_floats_become_null_not_invalid_json(tmp_path: Path) -> None:
    post = sample_posts()[0]
    post.meta[0].value = float("nan")
    post.meta[0].raw = "d:NAN;"
    meta = write_doc(tmp_path, [post])["posts"][0]["meta"][0]
    assert meta == {"key": "_edit_last", "value": None, "raw": "d:NAN;"}


class _Boom(Exception):
    pass


def _failing_stream() -> Iterator[Record]:
    yield from sample_records()
    raise _Boom


def test_a_failed_run_leaves_no_file_and_no_temp_files(tmp_path: Path) -> None:
    out = tmp_path / "blog.json"
    with pytest.raises(_Boom):
        write_json(_failing_stream(), str(out), JsonOptions(), Tally())
    assert list(tmp_path.iterdir()) == []


def test_a_failed_run_keeps_the_previous_file_intact(tmp_path: Path) -> None:
    out = tmp_path / "blog.jsonl"
    out.write_text("previous\n")
    with pytest.raises(_Boom):
        write_jsonl(_failing_stream(), str(out), JsonOptions(), Tally())
    assert out.read_text() == "previous\n"
    assert list(tmp_path.iterdir()) == [out]


def test_output_file_gets_ordinary_permissions(tmp_path: Path) -> None:
    out = tmp_path / "blog.json"
    write_json(sample_records(), str(out), JsonOptions(), Tally())
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask


@pytest.mark.parametrize("writer", [write_json, write_jsonl])
def test_unwritable_output_fails_before_reading_any_input(tmp_path: Path, writer) -> None:  # type: ignore[no-untyped-def]
    consumed = []

    def records() -> Iterator[Record]:
        consumed.append(True)
        yield Site()

    with pytest.raises(OutputError, match="does not exist"):
        writer(records(), str(tmp_path / "missing" / "out.json"), JsonOptions(), Tally())
    with pytest.raises(OutputError, match="is a directory"):
        writer(records(), str(tmp_path), JsonOptions(), Tally())
    assert consumed == []


def fake_stdout(monkeypatch: pytest.MonkeyPatch) -> io.BytesIO:
    """Replace stdout inside the test (pytest's capture resets it after fixtures run)."""
    buffer = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", SimpleNamespace(buffer=buffer))
    return buffer


def test_json_to_stdout(monkeypatch: pytest.MonkeyPatch) -> None:
    stdout = fake_stdout(monkeypatch)
    write_json(sample_records(), "-", JsonOptions(), Tally())
    assert json.loads(stdout.getvalue())["posts"][0]["id"] == 10


def test_jsonl_has_one_record_per_line_with_its_kind(tmp_path: Path) -> None:
    out = tmp_path / "blog.jsonl"
    tally = Tally()
    write_jsonl(sample_records(), str(out), JsonOptions(), tally)
    lines = out.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["kind"] for r in records] == ["site", "author", "author", "term", "term", "term", "post", "post", "post"]
    assert {k: v for k, v in records[6].items() if k != "kind"} == record_dict(sample_posts()[0])
    assert len(records[6]["comments"]) == 4
    assert tally.written["comment"] == 4


def test_jsonl_streams_each_record_as_it_arrives(monkeypatch: pytest.MonkeyPatch) -> None:
    stdout = fake_stdout(monkeypatch)
    seen_before_each: list[int] = []

    def records() -> Iterator[Record]:
        for record in sample_records():
            seen_before_each.append(stdout.getvalue().count(b"\n"))
            yield record

    write_jsonl(records(), "-", JsonOptions(), Tally())
    assert seen_before_each == list(range(len(sample_records())))


def _many_posts(n: int, size: int) -> Iterator[Record]:
    yield Site(title="big")
    for i in range(n):
        yield Post(id=i, title=f"post {i}", content=f"{i} " + "x" * size, comments=[Comment(id=i, content="hi")])


@pytest.mark.parametrize("writer", [write_json, write_jsonl])
def test_memory_does_not_grow_with_the_number_of_posts(tmp_path: Path, writer) -> None:  # type: ignore[no-untyped-def]
    def peak(n: int) -> int:
        tracemalloc.start()
        writer(_many_posts(n, 20_000), str(tmp_path / f"out{n}"), JsonOptions(), Tally())
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    small, large = peak(50), peak(500)  # 1 MB versus 10 MB of content
    assert large < small * 2


@settings(max_examples=60, deadline=None)
@given(
    title=st.text(),
    content=st.text(),
    meta_value=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
        max_leaves=8,
    ),
)
def test_any_text_and_meta_round_trips(title: str, content: str, meta_value: object) -> None:
    from importer.model import Meta

    post = Post(id=1, title=title, content=content, meta=[Meta("k", meta_value)])  # type: ignore[arg-type]
    for compact in (False, True):
        out = io.BytesIO()
        _write_to_buffer([post], out, compact)
        back = json.loads(out.getvalue())["posts"][0]
        assert back["title"] == title
        assert back["content"] == content
        assert back["meta"][0]["value"] == meta_value


def _write_to_buffer(records: list[Record], out: io.BytesIO, compact: bool) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "doc.json")
        write_json(records, path, JsonOptions(compact=compact), Tally())
        with open(path, "rb") as f:
            out.write(f.read())


def test_indented_document_is_exactly_what_json_dumps_would_write(tmp_path: Path) -> None:
    # The writer assembles the document from parts and indents with its own fast encoder: the
    # result must be the standard library's own formatting of the same data, byte for byte.
    out = tmp_path / "blog.json"
    write_json(
        [*sample_records(), Post(id=99, taxonomies={"empty": []}, menu_order=-3)], str(out), JsonOptions(), Tally()
    )
    text = out.read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"
    compact = tmp_path / "compact.json"
    write_json(sample_records(), str(compact), JsonOptions(compact=True), Tally())
    data = compact.read_text(encoding="utf-8")
    assert data == json.dumps(json.loads(data), ensure_ascii=False, separators=(",", ":")) + "\n"


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(value=_JSON_VALUES)
def test_fast_indenting_matches_the_standard_library(value: object) -> None:
    from importer.writers.json import _nested

    assert _nested(value, 0, compact=False) == json.dumps(value, ensure_ascii=False, indent=2)


@pytest.mark.parametrize("target", ["file", "pipe", "memory"])
def test_a_part_file_is_appended_whole_from_where_it_was_read(tmp_path: Path, target: str) -> None:
    """The join's copy (sendfile where the kernel takes it, a buffer otherwise) appends the rest
    of the part after what the output already holds."""
    from importer.writers.json import _copy_file

    part = tmp_path / "part"
    data = os.urandom(300_000)
    part.write_bytes(data)
    with open(part, "rb") as source:
        source.seek(7)
        if target == "memory":
            out = io.BytesIO()
            out.write(b"head")
            _copy_file(source, out)
            assert out.getvalue() == b"head" + data[7:]
            assert source.read() == b""
            return
        if target == "file":
            with open(tmp_path / "out", "wb") as out_file:
                out_file.write(b"head")
                _copy_file(source, out_file)
            assert (tmp_path / "out").read_bytes() == b"head" + data[7:]
            assert source.read() == b""
            return
        read_end, write_end = os.pipe()
        chunks: list[bytes] = []

        def drain() -> None:
            with os.fdopen(read_end, "rb") as pipe:
                chunks.append(pipe.read())

        reader = threading.Thread(target=drain)
        reader.start()
        with os.fdopen(write_end, "wb") as out_pipe:
            out_pipe.write(b"head")
            _copy_file(source, out_pipe)
        reader.join()
        assert b"".join(chunks) == b"head" + data[7:]
