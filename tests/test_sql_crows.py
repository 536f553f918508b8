"""The compiled storability check (importer/writers/sql/_crows.pyx) against the Python loop it
stands in for (rows.python_unstorable) and the rule itself: the same answer for every tuple."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importer.writers.sql import rows
from importer.writers.sql.rows import BIGINT_MAX, BIGINT_MIN, python_unstorable

crows = pytest.importorskip("importer.writers.sql._crows")


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


@settings(max_examples=1500, deadline=None)
@given(values=st.lists(VALUES, max_size=8).map(tuple))
def test_compiled_check_is_the_python_loop(values: tuple[Any, ...]) -> None:
    expected = any(map(rule, values))
    assert python_unstorable(values) == expected
    assert crows.unstorable(values) == expected


@settings(max_examples=500, deadline=None)
@given(data=st.data())
def test_compiled_check_finds_a_nul_anywhere_in_long_texts(data: st.DataObject) -> None:
    text = long_text(data)
    values = (1, None, text, "plain")
    assert crows.unstorable(values) == python_unstorable(values) == ("\x00" in text)


def test_the_row_builder_uses_the_compiled_check() -> None:
    assert rows._unstorable is crows.unstorable


def test_compiled_check_takes_only_tuples() -> None:
    with pytest.raises(TypeError):
        crows.unstorable(None)
    with pytest.raises(TypeError):
        crows.unstorable(["a\x00"])
