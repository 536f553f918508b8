"""The SQLite writer's fast paths against the general code they stand in for: the same values."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from importer.model import Comment
from importer.writers.scratch import BITMAP_IDS, IntSet, Scratch
from importer.writers.sql.rows import _threaded_by_parent, _unstorable, local_time, threaded
from importer.writers.sql.schema import BOOL, LOCAL_TS, TABLES, UTC_TS
from importer.writers.sql.sqlite import VALUES_FUNCTIONS, stored_value

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
