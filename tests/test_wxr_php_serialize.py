"""The PHP-serialized meta decoder: a table of cases, the refusals, and a round-trip property."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from importer.model import JSONValue
from importer.transforms.php_serialize import (
    PHPSerializeError,
    _token_value,
    _unserialize_general,
    looks_serialized,
    unserialize,
)
from importer.transforms.php_serialize import serialize as php_serialize


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("N;", None),
        ("b:1;", True),
        ("b:0;", False),
        ("i:-42;", -42),
        ("d:0.5;", 0.5),
        ("d:INF;", "INF"),
        ('s:0:"";', ""),
        ('s:5:"a;b:c";', "a;b:c"),
        ('s:2:"é";', "é"),  # lengths are UTF-8 bytes
        ('s:4:"🍎";', "🍎"),
        ('s:3:"a"b";', 'a"b'),
        ("a:0:{}", []),
        ('a:2:{i:0;s:1:"x";i:1;s:1:"y";}', ["x", "y"]),
        ('a:2:{i:1;s:1:"x";i:0;s:1:"y";}', {"1": "x", "0": "y"}),  # not in order: keys kept
        ('a:2:{s:4:"size";i:3;s:4:"tags";a:1:{i:0;s:3:"sea";}}', {"size": 3, "tags": ["sea"]}),
        ('O:8:"stdClass":1:{s:3:"foo";i:1;}', {"__class__": "stdClass", "foo": 1}),
        ('O:3:"Foo":2:{s:6:"\0Foo\0a";i:1;s:4:"\0*\0b";i:2;}', {"__class__": "Foo", "a": 1, "b": 2}),
        ('C:11:"ArrayObject":6:{x:i:0;}', {"__class__": "ArrayObject", "__data__": "x:i:0;"}),
        ('E:11:"Suit:Hearts";', "Suit:Hearts"),
        ("  a:1:{i:0;b:1;}\n", [True]),  # WordPress trims before deciding
    ],
)
def test_decodes(text: str, value: Any) -> None:
    assert looks_serialized(text)
    assert unserialize(text) == value


@pytest.mark.parametrize(
    "text",
    [
        's:9:"short";',  # declared length beyond the end
        's:2:"abc";',  # length too short
        'a:2:{i:0;s:1:"x";}',  # fewer members than declared
        "i:1;i:2;",  # trailing data
        "a:1:{i:0;r:1;}",  # references cannot be represented
        "b:2;",
        "i:1x;",
        "a:1:{a:0:{}i:1;}",  # an array is no key
        's:1:"\xe9";'.encode().decode("latin-1"),  # cuts a UTF-8 sequence
    ],
)
def test_refuses(text: str) -> None:
    with pytest.raises(PHPSerializeError):
        unserialize(text)


def test_deep_nesting_is_refused_not_a_recursion_error() -> None:
    with pytest.raises(PHPSerializeError, match="too deep"):
        unserialize("a:1:{i:0;" * 10_000 + "N;" + "}" * 10_000)


@pytest.mark.parametrize("text", ["hello", "1234:1", "a:b", "", "s:", "a:1:{i:0;b:1", "{}", "x:1;"])
def test_plain_values_do_not_look_serialized(text: str) -> None:
    assert not looks_serialized(text)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(blacklist_categories=("Cs",))),
    lambda children: (
        st.lists(children, max_size=4)
        # an empty PHP array reads back as [] whatever it was written from, so dicts are non-empty
        | st.dictionaries(st.text(alphabet="abcxyz_", min_size=1, max_size=5), children, min_size=1, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(json_values)
def test_round_trip(value: Any) -> None:
    text = php_serialize(value)
    assert looks_serialized(text)
    assert unserialize(text) == value


def decoded(decode: Any, text: str) -> str:
    """What a decoder makes of ``text``: the value with its types (1, 1.0 and True differ), or its error."""
    try:
        return repr(decode(text))
    except PHPSerializeError as exc:
        return f"error: {exc}"


def general(text: str) -> JSONValue:
    return _unserialize_general(text.strip().encode("utf-8"))


EDIT = st.sampled_from(["", "0", "9", "-", "+", " ", "_", ":", ";", '"', "{", "}", "é", "a:", "s:", "O:", "i:", "b:2"])
EDITS = st.lists(st.tuples(st.integers(0, 200), EDIT), max_size=3)


@settings(max_examples=400, deadline=None)
@given(json_values, EDITS)
@example({"__class__": "Foo", "a": [1, 2.5, None, True]}, [])
@example([], [(2, "-1")])
def test_fast_path_decides_as_the_general_decoder(value: Any, edits: list[tuple[int, str]]) -> None:
    """The one-function decoder (common shapes) against the general one, on values and broken values."""
    text = php_serialize(value)
    for at, insert in edits:
        at %= len(text) + 1
        text = text[:at] + insert + text[at + 1 :]
    assert decoded(unserialize, text) == decoded(general, text)


@pytest.mark.parametrize(
    "text",
    [
        "a:+1:{i:0;N;}",
        "a: 1:{i:0;N;}",
        "a:1_0:{}",
        "a:-1:{}",
        's:+1:"a";',
        's: 1:"a";',
        "i:+1;",
        "i: 1;",
        "i:1_0;",
        "i:-0;",
        "d:1_0;",
        "d:inf;",
        "b:01;",
        'O:8:"stdClass":+1:{s:1:"a";N;}',
        'O:8:"stdClass";1:{s:1:"a";N;}',
        'O:+8:"stdClass":0:{}',
        'a:1:{s:1:"a";N;',
        'a:1:{O:1:"A":0:{}i:1;}',
        "a:2:{i:0;N;i:0;b:1;}",
        'a:2:{i:1;N;s:1:"0";b:1;}',
    ],
)
def test_fast_path_decides_odd_numbers_as_the_general_decoder(text: str) -> None:
    assert decoded(unserialize, text) == decoded(general, text)


@settings(max_examples=400, deadline=None)
@given(json_values, EDITS)
@example(['a"b', 'c";d', "é"], [])
@example({"k": [[[]]], "2": None}, [])
def test_the_token_reading_decides_as_the_general_decoder(value: Any, edits: list[tuple[int, str]]) -> None:
    """The value read from one findall of the usual tokens, where it gives one, is the general
    decoder's (a string holding a quote, a value of another kind: it gives none)."""
    text = php_serialize(value)
    for at, insert in edits:
        at %= len(text) + 1
        text = text[:at] + insert + text[at + 1 :]
    data = text.strip().encode("utf-8")
    try:
        read = repr(_token_value(data))
    except (ValueError, IndexError):
        return
    assert read == decoded(general, text)
