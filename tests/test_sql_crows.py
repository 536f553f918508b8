"""The compiled helpers of the SQL rows (importer/writers/sql/_crows.pyx) against the Python code
they stand in for: the storability check against rows.python_unstorable and the rule itself, the
dates' text against sqlite._local_text and _utc_text, and the row conversions with and without them."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importer.writers.sql import rows
from importer.writers.sql import sqlite as sql_sqlite
from importer.writers.sql.rows import BIGINT_MAX, BIGINT_MIN, python_unstorable
from importer.writers.sql.schema import TABLES, Table

crows: Any
try:
    from importer.writers.sql import _crows as crows
except ImportError:  # pragma: no cover - a build without a C compiler
    crows = None

compiled = pytest.mark.skipif(crows is None, reason="not built: python setup.py build_ext --inplace")
SOURCE = Path(__file__).resolve().parent.parent / "importer" / "writers" / "sql" / "_crows.pyx"


def test_ci_uses_the_compiled_row_helpers() -> None:
    """In CI (.ci/run builds the extensions) the SQL rows must use them: otherwise every SQL test
    would pass on the Python code alone."""
    if os.environ.get("CI") != "true":
        pytest.skip("CI only: a developer's checkout may run without the build")
    from importer.writers.sql import _crows  # noqa: F401  (raises when missing)

    assert rows._unstorable is not python_unstorable


def test_the_built_row_helpers_are_not_older_than_their_source() -> None:
    for built in SOURCE.parent.glob("_crows.*.so"):
        assert built.stat().st_mtime >= SOURCE.stat().st_mtime, f"{built.name} is older than {SOURCE.name}: rebuild"


class Text(str):
    pass


class Number(int):
    pass


def rule(value: Any) -> bool:
    """Not storable as it is: text (the exact str) holding NUL, an int (the exact type) beyond 64 bits."""
    if type(value) is str:
        return "\x00" in value
    return type(value) is int and not BIGINT_MIN <= value <= BIGINT_MAX


# Characters of each width CPython stores a text in (1, 2 and 4 bytes), NUL among them.
CHARS = st.sampled_from(["\x00", "a", "\xe9", "\xff", "\u2014", "\u0100", "\uffff", "\U0001f600", "\U0010ffff"])
TEXTS = st.text(CHARS, max_size=300) | st.text(max_size=20)


def long_text(data: st.DataObject) -> str:
    """A text of a few blocks of one width, a NUL somewhere or not (each block and the tail checked)."""
    wide = data.draw(st.sampled_from(["a", "\xe9", "\u2014", "\U0001f600"]))
    size = data.draw(st.integers(0, 400))
    chars = [wide] * size
    if size and data.draw(st.booleans()):
        chars[data.draw(st.integers(0, size - 1))] = "\x00"
    return "".join(chars)


VALUES = (
    st.none()
    | st.booleans()
    | st.floats(allow_nan=True)
    | st.integers()
    | st.sampled_from([BIGINT_MAX, BIGINT_MAX + 1, BIGINT_MIN, BIGINT_MIN - 1, 2**64, -(2**64), -1, 0])
    | TEXTS
    | TEXTS.map(Text)
    | st.sampled_from([Number(2**70), Number(-(2**70)), Text("a\x00")])
    | st.binary(max_size=5)
)


@compiled
@settings(max_examples=400, deadline=None)
@given(values=st.lists(VALUES, max_size=8).map(tuple))
def test_compiled_check_is_the_python_loop(values: tuple[Any, ...]) -> None:
    expected = any(map(rule, values))
    assert python_unstorable(values) == expected
    assert crows.unstorable(values) == expected


@compiled
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_compiled_check_finds_a_nul_anywhere_in_long_texts(data: st.DataObject) -> None:
    text = long_text(data)
    values = (1, None, text, "plain")
    assert crows.unstorable(values) == python_unstorable(values) == ("\x00" in text)


@compiled
def test_the_row_builder_uses_the_compiled_check() -> None:
    assert rows._unstorable is crows.unstorable


@compiled
def test_compiled_check_takes_only_tuples() -> None:
    with pytest.raises(TypeError):
        crows.unstorable(None)
    with pytest.raises(TypeError):
        crows.unstorable(["a\x00"])


class Moment(datetime):
    pass


ZONES = (
    st.none()
    | st.just(UTC)
    | st.just(timezone(timedelta(0), "UTC"))  # not the UTC object: the Python code's general path
    | st.builds(timezone, st.timedeltas(timedelta(hours=-23), timedelta(hours=23)))
)
DATES = st.datetimes(timezones=ZONES) | st.datetimes(timezones=ZONES).map(lambda d: d.replace(microsecond=0))
DATE_VALUES = (
    DATES
    | st.sampled_from([datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC), datetime(999, 9, 9, 9, 9, 9)])
    | DATES.map(lambda d: Moment(d.year, d.month, d.day, d.hour, d.minute, d.second, tzinfo=d.tzinfo))
    | st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=3)
)


@compiled
@settings(max_examples=400, deadline=None)
@given(value=DATE_VALUES)
def test_compiled_dates_are_the_python_converters_text(value: Any) -> None:
    for fast, python in ((crows.local_text, sql_sqlite._local_text), (crows.utc_text, sql_sqlite._utc_text)):
        text = fast(value)
        if text is not None:
            assert text == python(value)
            assert type(text) is str and text.isascii()
    plain = type(value) is datetime and value.microsecond == 0
    assert (crows.local_text(value) is not None) == (plain and value.tzinfo is None)
    assert (crows.utc_text(value) is not None) == (plain and value.tzinfo is UTC)


@compiled
@settings(max_examples=150, deadline=None)
@given(data=st.data(), table=st.sampled_from([t for t in TABLES if t.name in ("posts", "comments")]))
def test_row_conversions_with_and_without_the_compiled_dates(data: st.DataObject, table: Table) -> None:
    values = tuple(data.draw(DATE_VALUES | st.none()) for _ in table.columns)
    for nulls in (False, True):
        fast = sql_sqlite._values_function(table, nulls=nulls)
        slow = sql_sqlite._values_function(table, nulls=nulls, fast=False)
        assert repr(fast(values)) == repr(slow(values))  # repr: NaN (NULL) equal to NaN
    if table.name == "posts":  # the same date objects as modified (a post never edited)
        shared = list(values)
        shared[10], shared[11] = shared[8], shared[9]
        assert repr(sql_sqlite._values_function(table)(tuple(shared))) == repr(
            sql_sqlite._values_function(table, fast=False)(tuple(shared))
        )


@compiled
def test_the_row_conversions_use_the_compiled_dates() -> None:
    for functions in (sql_sqlite.VALUES_FUNCTIONS, sql_sqlite.INSERT_VALUES_FUNCTIONS):
        bound = functions["posts"].__defaults__ or ()
        assert crows.local_text in bound and crows.utc_text in bound
