"""The compiled indented JSON of the data files (``_cdates.indented_json``) writes what
``json.dumps(value, ensure_ascii=False, indent=2)`` writes, and declines what it does not take."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from importer.writers.markdown import json_text

_cdates = pytest.importorskip("importer.writers.markdown._cdates")

# Every kind of character: the escaped ones (quote, backslash, controls), Latin-1, the BMP
# (surrogates too), astral.
_TEXT = st.text(
    st.one_of(
        st.characters(max_codepoint=0x7F),
        st.characters(max_codepoint=0xFF),
        st.characters(min_codepoint=0x100, max_codepoint=0xFFFF),
        st.characters(),
        st.sampled_from(['"', "\\", "\n", "\x00", "\x1f", "\x7f", "\ud800", "\udfff", "\u2028"]),
    )
)
_LEAVES = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(min_value=-(10**40), max_value=10**40), _TEXT)
_VALUES = st.recursive(_LEAVES, lambda inner: st.one_of(st.lists(inner), st.dictionaries(_TEXT, inner)), max_leaves=40)


def test_the_module_uses_the_compiled_writer() -> None:
    assert json_text.compiled_indented_json is _cdates.indented_json


@given(_VALUES)
@example({"post_id": 1, "title": "T", "comments": [{"id": 2, "content": "a\n\nb", "replies": []}]})
@example(["é", "a", "\u20ac", "\U0001f600"])
@example({})
def test_compiled_indented_json_is_json_dumps(value: Any) -> None:
    expected = json.dumps(value, ensure_ascii=False, indent=2)
    assert _cdates.indented_json(value) == expected
    assert json_text.indented_json(value) == expected
    assert json_text.python_indented_json(value) == expected


class _Text(str):
    pass


class _Number(int):
    pass


@pytest.mark.parametrize(
    "value",
    [1.5, [1.0], {"a": float("nan")}, {1: "a"}, {None: 1}, (1, 2), {"a": (1,)}, _Text("x"), [_Number(3)], {"a": {1}}],
)
def test_other_values_are_left_to_the_python_code(value: Any) -> None:
    assert _cdates.indented_json(value) is None
    try:
        expected = json.dumps(value, ensure_ascii=False, indent=2)
    except TypeError:
        with pytest.raises(TypeError):
            json_text.indented_json(value)
    else:
        assert json_text.indented_json(value) == expected


def test_deep_and_circular_values() -> None:
    deep: Any = "x"
    for _ in range(150):
        deep = {"replies": [deep]}  # a thread 150 replies deep: 300 levels
    assert _cdates.indented_json(deep) == json.dumps(deep, ensure_ascii=False, indent=2)
    deeper: Any = []
    for _ in range(401):  # beyond the compiled writer's 400 levels
        deeper = [deeper]
    assert _cdates.indented_json(deeper) is None  # the Python code's (json.dumps's recursion, in pytest's stack)
    circular: list[Any] = []
    circular.append(circular)
    assert _cdates.indented_json(circular) is None
    with pytest.raises((ValueError, RecursionError)):  # as before: the Python code's type check recurses
        json_text.indented_json(circular)
