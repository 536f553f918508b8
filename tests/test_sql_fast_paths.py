"""The SQLite writer's fast paths against the general code they stand in for: the same values."""

from __future__ import annotations

import math
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importer.model import Comment, Provenance
from importer.tally import Tally
from importer.transforms.render import render_text
from importer.writers.scratch import BITMAP_IDS, IntSet, Scratch
from importer.writers.sql import parts as sql_parts
from importer.writers.sql import sqlite as sql_sqlite
from importer.writers.sql.rows import (
    Row,
    RowBuilder,
    _threaded_by_parent,
    _unstorable,
    general_provenance_json,
    local_time,
    provenance_json,
    threaded,
)
from importer.writers.sql.schema import BOOL, LOCAL_TS, TABLES, UTC_TS
from importer.writers.sql.sqlite import (
    _NO_LONG_TEXT,
    INSERT_VALUES_FUNCTIONS,
    SIZE_FUNCTIONS,
    VALUES_FUNCTIONS,
    _as_they_are,
    _local_text,
    _seconds_text,
    _utc_text,
    insert_rows,
    open_new_database,
    stored_value,
)

ZONES = st.none() | st.just(UTC) | st.builds(timezone, st.timedeltas(timedelta(hours=-23), timedelta(hours=23)))
VALUES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=5)
    | st.datetimes(timezones=ZONES)
    | st.sampled_from(["a\x00b", 2**63, -(2**63) - 1, 2**63 - 1])
)


def general_values(table_name: str, values: tuple[Any, ...]) -> tuple[Any, ...]:
    """What the writer stored before the compiled conversion: stored_value on the typed columns."""
    table = next(t for t in TABLES if t.name == table_name)
    return tuple(
        stored_value(v, c.type) if c.type in (BOOL, LOCAL_TS, UTC_TS) else v
        for v, c in zip(values, table.columns, strict=True)
    )


@settings(max_examples=300, deadline=None)
@given(data=st.data(), table=st.sampled_from(TABLES))
def test_compiled_row_conversion_is_stored_value_column_by_column(data: st.DataObject, table: Any) -> None:
    values = tuple(data.draw(VALUES) for _ in table.columns)
    assert VALUES_FUNCTIONS[table.name](values) == general_values(table.name, values)


@settings(max_examples=200, deadline=None)
@given(values=st.lists(VALUES, max_size=6).map(tuple))
def test_unstorable_row_check(values: tuple[Any, ...]) -> None:
    def unstorable(value: Any) -> bool:
        if type(value) is str:
            return "\x00" in value
        return type(value) is int and not -(2**63) <= value <= 2**63 - 1

    assert _unstorable(values) == any(map(unstorable, values))


@given(st.none() | st.datetimes(timezones=ZONES))
def test_local_time_drops_the_zone_only(value: datetime | None) -> None:
    assert local_time(value) == (value.replace(tzinfo=None) if value is not None else None)


@settings(max_examples=100, deadline=None)
@given(
    numbers=st.lists(
        st.integers(-5, 100)
        | st.integers(BITMAP_IDS - 3, BITMAP_IDS + 3)
        | st.integers(0, 10**6)
        | st.integers(-(2**70), 2**70)
        | st.booleans(),
        max_size=40,
    )
)
def test_int_set_is_a_set(numbers: list[int]) -> None:
    with Scratch() as scratch:
        used, model = IntSet(scratch), set()
        for number in numbers:
            assert used.add(number) == (number not in model)
            model.add(number)
        for number in [*numbers, -1, 0, 7, BITMAP_IDS - 1, BITMAP_IDS, 2**64, None]:
            assert (number in used) == (number in model)


@st.composite
def _replies(draw: st.DrawFn) -> tuple[list[int], dict[int, int | None]]:
    """Comment ids in some order, each replying to none or to any of them (itself, a later one, a
    cycle): what comment_rows hands to threaded."""
    ids = draw(st.lists(st.integers(-5, 30), unique=True, max_size=9))
    parents = {i: draw(st.one_of(st.none(), st.sampled_from(ids))) for i in ids}
    return ids, parents


@settings(max_examples=600)
@given(_replies())
def test_threaded_skips_comments_already_in_thread_order(case: tuple[list[int], dict[int, int | None]]) -> None:
    ids, parents = case
    items = [(i, Comment(id=i)) for i in ids]
    fast_parents, full_parents = dict(parents), dict(parents)
    assert threaded(items, fast_parents) == _threaded_by_parent(items, full_parents)
    assert fast_parents == full_parents  # a cycle's links set to None either way


_DATES = st.datetimes(timezones=st.none() | st.just(UTC))


@settings(max_examples=300)
@given(_DATES | _DATES.map(lambda value: value.replace(microsecond=0)))
def test_dates_joined_from_their_numbers_are_isoformat(value: datetime) -> None:
    utc = value.tzinfo is UTC
    assert (_utc_text if utc else _local_text)(value) == stored_value(value, UTC_TS if utc else LOCAL_TS)
    if not value.microsecond:
        assert _seconds_text(value) == value.replace(tzinfo=None).isoformat(" ")


COMMENT_TEXT = st.text(alphabet=st.sampled_from([*"aé \t\n\r<>[]\x00\u3000p/"]))


@settings(max_examples=500, deadline=None)
@given(text=COMMENT_TEXT, content_format=st.sampled_from(["wordpress", "html", "markdown"]))
def test_a_comment_of_one_plain_line_is_rendered_as_render_text_does(text: str, content_format: str) -> None:
    builder = RowBuilder(Tally())
    assert builder.html(text, content_format) == render_text(text.replace("\x00", ""), content_format)


_PROVENANCE_TEXT = st.text(alphabet=st.sampled_from([*'a/ é"\\\n\x00\x1f\x7f\ud800']))


@settings(max_examples=300, deadline=None)
@given(
    items=st.lists(
        st.builds(
            Provenance,
            file=_PROVENANCE_TEXT,
            rule=st.none() | _PROVENANCE_TEXT,
            locator=st.none() | _PROVENANCE_TEXT,
            confidence=st.none() | st.floats(0, 1),
            captured=st.none() | st.datetimes(timezones=ZONES),
        ),
        max_size=3,
    )
)
def test_provenance_json_is_the_json_encoders(items: list[Provenance]) -> None:
    assert provenance_json(items) == general_provenance_json(items)


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(st.sets(st.integers(0, 200) | st.integers(0, 5000)), max_size=4))
def test_the_bits_overlap_block_by_block_as_whole_numbers(parts: list[set[int]]) -> None:
    def as_bits(numbers: set[int]) -> bytes:
        return sum(1 << n for n in numbers).to_bytes((max(numbers, default=0) >> 3) + 1, "little")

    bits = [as_bits(numbers) for numbers in parts]
    earlier, expected = 0, False
    for part in bits:
        used = int.from_bytes(part, "little")
        expected = expected or bool(earlier & used)
        earlier |= used
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(sql_parts, "_BITS_BLOCK", 4)  # blocks of 32 numbers: many, most of them zeros
        assert sql_parts._bits_overlap(bits) == expected
    assert sql_parts._bits_overlap(bits) == expected


@settings(max_examples=100, deadline=None)
@given(data=st.data(), table=st.sampled_from(TABLES))
def test_insert_rows_skips_only_calls_that_change_nothing(data: st.DataObject, table: Any) -> None:
    """insert_rows does not call the size function of a table without long text (it counts 0)
    nor the conversion of a table without dates or booleans (it gives the values as they are)."""
    values = tuple(data.draw(VALUES | st.text()) for _ in table.columns)
    if table.name in _NO_LONG_TEXT:
        assert SIZE_FUNCTIONS[table.name](values) == 0
    if VALUES_FUNCTIONS[table.name] is _as_they_are:
        assert general_values(table.name, values) == values


def values_with_dates_repeated(data: st.DataObject, table: Any) -> list[Any]:
    """A row of ``table`` whose later dates of a kind may be the same object as its first."""
    values = [data.draw(VALUES) for _ in table.columns]
    for kind in (LOCAL_TS, UTC_TS):
        positions = [i for i, c in enumerate(table.columns) if c.type == kind]
        for later in positions[1:]:
            if data.draw(st.booleans()):
                values[later] = values[positions[0]]
    return values


@settings(max_examples=200, deadline=None)
@given(data=st.data(), table=st.sampled_from(TABLES))
def test_a_date_repeated_as_the_same_object_converts_as_any_other(data: st.DataObject, table: Any) -> None:
    """The compiled conversion takes a date's text from the column before it of its kind when the
    value is the same object (a post never edited): what converting it again gives."""
    values = values_with_dates_repeated(data, table)
    assert VALUES_FUNCTIONS[table.name](tuple(values)) == general_values(table.name, tuple(values))


@settings(max_examples=300, deadline=None)
@given(data=st.data(), table=st.sampled_from(TABLES))
def test_the_inserts_values_are_the_conversion_with_nulls_as_nan(data: st.DataObject, table: Any) -> None:
    """What a new database's inserts bind: the compiled conversion, a NULL of a nullable column
    as NaN (dates repeated as the same object too)."""
    values = values_with_dates_repeated(data, table)
    general = VALUES_FUNCTIONS[table.name](tuple(values))
    bound = INSERT_VALUES_FUNCTIONS[table.name](tuple(values))
    assert len(bound) == len(general)
    for column, value, stored in zip(table.columns, bound, general, strict=True):
        if stored is None and column.nullable:
            assert type(value) is float and math.isnan(value)
        else:
            assert value is stored or value == stored


def _stored(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(path) as db:
        found = {}
        for table in TABLES:
            kinds = ", ".join(f'typeof("{c}")' for c in table.column_names)
            found[table.name] = db.execute(f'SELECT rowid, *, {kinds} FROM "{table.name}" ORDER BY rowid').fetchall()
    return found


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_nan_binds_as_the_null_none_binds(
    data: st.DataObject, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows inserted with their NULLs bound as NaN are the rows bound with None (values and
    their types), in every table; a connection that stored NaN otherwise would get None."""
    rows: list[Row] = []
    for table in TABLES:
        for _ in range(data.draw(st.integers(0, 3))):
            values = []
            for column in table.columns:
                if column.type in (LOCAL_TS, UTC_TS):
                    value: Any = data.draw(st.datetimes(timezones=ZONES))
                elif column.type == BOOL:
                    value = data.draw(st.booleans())
                elif column.type in ("id", "int"):
                    value = data.draw(st.integers(-(2**63), 2**63 - 1))
                else:
                    value = data.draw(st.text(max_size=5))
                if column.nullable and data.draw(st.booleans()):
                    value = None
                values.append(value)
            rows.append(Row(table, tuple(values)))
    tmp_path = tmp_path_factory.mktemp("nan")
    stored = []
    for name, nan in (("nan.db", True), ("none.db", False)):
        monkeypatch.setattr(sql_sqlite, "binds_nan_as_null", lambda _conn, nan=nan: nan)
        conn = open_new_database(str(tmp_path / name), foreign_keys=False)
        try:
            insert_rows(conn, rows)
            conn.execute("COMMIT")
        except sqlite3.IntegrityError as exc:  # a NULL in a NOT NULL column, a key twice: both ways
            stored.append(str(exc))
            continue
        finally:
            conn.close()
        stored.append(_stored(tmp_path / name))
    assert stored[0] == stored[1]


def test_this_sqlite_binds_nan_as_null() -> None:
    with sqlite3.connect(":memory:") as db:
        assert sql_sqlite.binds_nan_as_null(db)
