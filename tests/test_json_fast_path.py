"""The JSON writers' fast path (orjson) against their general path (the json module): the same
bytes for any record, and the fast path taken for the records a WXR export gives."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from sample_records import sample_records

from importer.model import Author, Comment, Meta, Post, Provenance, Record, Site, Term, TermRef
from importer.tally import Tally
from importer.writers.json import (
    JsonOptions,
    _encode,
    _fast_bytes,
    _line_bytes,
    _nested,
    record_dict,
    record_kind,
    write_json,
    write_jsonl,
)

# Text with what orjson and the json module could write differently: lone surrogates, control
# characters, U+2028/U+2029, DEL, quotes and backslashes, non-ASCII and astral characters.
_TRICKY = st.sampled_from(["\ud800", "\udcff", "\x00", "\x1f", "\x7f", "\u2028", "\u2029", '"', "\\", "é", "😀", "/"])
TEXT = st.lists(st.text(max_size=4) | _TRICKY, max_size=4).map("".join)
MAYBE_TEXT = st.none() | TEXT
INTS = st.integers() | st.sampled_from([2**63 - 1, 2**63, 2**64 - 1, 2**64, -(2**63), -(2**63) - 1])
FLOATS = st.floats() | st.sampled_from([1e16, 9999999999999998.0, 1e-4, 9.999999999999999e-05, 1e-5, -0.0, 5e-324])
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | INTS | FLOATS | TEXT,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(TEXT, inner, max_size=3)
        | st.dictionaries(st.integers(0, 3), inner, min_size=1, max_size=2)
    ),  # a PHP array's int keys
    max_leaves=8,
)
ZONES = st.none() | st.just(UTC) | st.builds(timezone, st.timedeltas(timedelta(hours=-20), timedelta(hours=20)))
DATES = st.none() | st.datetimes(timezones=ZONES)
# A local date and its UTC twin: usually a plausible offset apart, sometimes anything.
OFFSETS = st.sampled_from([0, 60, -300, 330, 345, 840, 841, -840, 30.5]).map(lambda m: timedelta(minutes=m))
UTC_DATES = st.none() | st.datetimes(timezones=st.just(UTC)) | DATES


@st.composite
def local_and_utc(draw: st.DrawFn) -> tuple[datetime | None, datetime | None]:
    if draw(st.booleans()):
        return draw(DATES), draw(UTC_DATES)
    utc = draw(st.datetimes(min_value=datetime(2, 1, 1), max_value=datetime(9998, 1, 1)))
    local = utc + draw(OFFSETS)
    return local, utc.replace(tzinfo=UTC)


METAS = st.lists(st.builds(Meta, TEXT, JSON_VALUES | TEXT, MAYBE_TEXT), max_size=3)
PROVENANCE = st.lists(
    st.builds(Provenance, TEXT, MAYBE_TEXT, MAYBE_TEXT, st.none() | FLOATS, st.none() | DATES), max_size=2
)
TERM_REFS = st.lists(st.builds(TermRef, TEXT, MAYBE_TEXT), max_size=2)


@st.composite
def comments(draw: st.DrawFn) -> Comment:
    date, date_gmt = draw(local_and_utc())
    return Comment(
        id=draw(st.none() | INTS),
        parent=draw(st.none() | st.integers()),
        type=draw(TEXT),
        author=draw(MAYBE_TEXT),
        date=date,
        date_gmt=date_gmt,
        content=draw(MAYBE_TEXT),
        meta=draw(METAS),
        provenance=draw(PROVENANCE),
    )


@st.composite
def posts(draw: st.DrawFn) -> Post:
    date, date_gmt = draw(local_and_utc())
    # a post never edited: the WXR reader gives "modified" the date's own objects (written once)
    modified, modified_gmt = (date, date_gmt) if draw(st.booleans()) else draw(local_and_utc())
    return Post(
        id=draw(st.none() | INTS),
        title=draw(MAYBE_TEXT),
        content=draw(MAYBE_TEXT),
        date=date,
        date_gmt=date_gmt,
        modified=modified,
        modified_gmt=modified_gmt,
        content_is_excerpt=draw(st.none() | st.booleans()),
        categories=draw(TERM_REFS),
        tags=draw(TERM_REFS),
        taxonomies=draw(st.dictionaries(TEXT, TERM_REFS, max_size=2)),
        sticky=draw(st.none() | st.booleans()),
        meta=draw(METAS),
        comments=draw(st.lists(comments(), max_size=3)),
        provenance=draw(PROVENANCE),
    )


RECORDS = st.one_of(
    posts(),
    st.builds(Site, MAYBE_TEXT, MAYBE_TEXT, sources=st.lists(TEXT, max_size=2)),
    st.builds(Author, TEXT, st.none() | INTS, MAYBE_TEXT),
    st.builds(Term, TEXT, TEXT, MAYBE_TEXT, st.none() | INTS, MAYBE_TEXT, MAYBE_TEXT, METAS),
)


def general_line(record: Record) -> bytes:
    return _encode(_nested({"kind": record_kind(record), **record_dict(record)}, 0, compact=True) + "\n")


@settings(max_examples=250, deadline=None)
@given(record=RECORDS)
def test_a_jsonl_line_is_what_the_json_module_writes(record: Record) -> None:
    assert _line_bytes(record) == general_line(record)


@settings(max_examples=150, deadline=None)
@given(record=RECORDS, compact=st.booleans(), depth=st.integers(0, 3))
def test_a_json_document_item_is_what_the_json_module_writes(record: Record, compact: bool, depth: int) -> None:
    fast = _fast_bytes(record, depth, compact)
    if fast is not None:
        assert fast == _encode(_nested(record_dict(record), depth, compact))


def test_a_wxr_post_takes_the_fast_path() -> None:
    # The sample blog's records (WXR-shaped: naive local dates with UTC twins, PHP-unserialized
    # meta, provenance without a confidence) are all written by orjson: none falls back.
    for record in sample_records():
        for compact in (False, True):
            assert _fast_bytes(record, 2, compact) is not None, record


def test_values_orjson_writes_otherwise_fall_back_to_the_general_path() -> None:
    base = Post(id=1, date=datetime(2010, 1, 1, 12, 0), date_gmt=datetime(2010, 1, 1, 17, 0, tzinfo=UTC))
    odd = [
        Post(id=1, title="lone \udcff surrogate"),
        Post(id=2**64),
        Post(id=1, meta=[Meta("big", 1e16)]),
        Post(id=1, meta=[Meta("tiny", [1e-5])]),
        Post(id=1, meta=[Meta("nan", float("nan"))]),
        Post(id=1, meta=[Meta("php", {0: "a"})]),
        Post(id=1, provenance=[Provenance("f", confidence=1e-7)]),
        Post(id=1, provenance=[Provenance("f", captured=datetime(2020, 1, 1, tzinfo=timezone(timedelta(seconds=30))))]),
        Post(id=1, date=datetime(2010, 1, 1, 12, 0, 30), date_gmt=datetime(2010, 1, 1, 17, 0, tzinfo=UTC)),
        base,
    ]
    for post in odd:
        assert _line_bytes(post) == general_line(post)
        for compact in (False, True):
            fast = _fast_bytes(post, 2, compact)
            assert fast is None or fast == _encode(_nested(record_dict(post), 2, compact))
    assert b'"date":"2010-01-01T12:00:00-05:00"' in _line_bytes(base)


def test_whole_documents_are_parseable_and_hold_the_records(tmp_path: Path) -> None:
    records: list[Record] = [*sample_records(), Post(id=7, title="bad \udcff", meta=[Meta("f", 1e20)])]
    for compact in (False, True):
        out = tmp_path / f"doc{compact}.json"
        write_json(records, str(out), JsonOptions(compact=compact), Tally())
        doc = json.loads(out.read_bytes().decode("utf-8"))
        assert [p["id"] for p in doc["posts"]] == [10, 11, 2, 7]
        assert doc["posts"][3]["meta"][0]["value"] == 1e20
    lines = tmp_path / "doc.jsonl"
    write_jsonl(records, str(lines), JsonOptions(), Tally())
    assert lines.read_bytes() == b"".join(general_line(record) for record in records)
