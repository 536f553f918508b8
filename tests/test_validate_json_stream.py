"""validate's streaming reader of a ``--to json`` document (importer/transforms/json_stream.py): it reads
what the standard library reads, at every read size, and fails where it fails, at the same place."""

from __future__ import annotations

import io
import json
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importer.transforms import json_stream
from importer.transforms.json_stream import JsonSyntaxError, members

SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text()
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner), max_leaves=12)
DOCUMENTS = st.dictionaries(st.text(max_size=8), VALUES, max_size=6)
READ_SIZES = st.sampled_from([1, 2, 3, 7, 64, 1 << 16])


def read_all(text: str, chunk: int) -> dict[str, Any]:
    with mock.patch.object(json_stream, "CHUNK", chunk):
        return {m.key: list(m.items) if m.items is not None else m.value for m in members(io.StringIO(text))}


@settings(max_examples=300, deadline=None)
@given(DOCUMENTS, READ_SIZES, st.sampled_from([None, 2]))
def test_reads_what_json_reads(document: dict[str, Any], chunk: int, indent: int | None) -> None:
    text = json.dumps(document, indent=indent, ensure_ascii=False)
    assert read_all(text, chunk) == document


@settings(max_examples=200, deadline=None)
@given(DOCUMENTS.filter(bool), READ_SIZES, st.data())
def test_a_cut_document_is_a_syntax_error_at_the_place_json_names(
    document: dict[str, Any], chunk: int, data: st.DataObject
) -> None:
    text = json.dumps(document, indent=2)
    cut = text[: data.draw(st.integers(1, len(text) - 1))]
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(cut)
    with pytest.raises(JsonSyntaxError) as found:
        read_all(cut, chunk)
    assert (found.value.line, found.value.column) == (expected.value.lineno, expected.value.colno)


@pytest.mark.parametrize(
    ("text", "msg"),
    [
        ('{"a": 1} x', "Extra data"),
        ('{"a" 1}', "Expecting ':' delimiter"),
        ('{"a": 1 "b": 2}', "Expecting ',' delimiter"),
        ('{"a": [1 2]}', "Expecting ',' delimiter"),
        ("{a: 1}", "Expecting property name enclosed in double quotes"),
        ("[1, 2]", "Expecting an object"),
        ('{"a": tru}', "Expecting value"),
    ],
)
def test_errors_say_what_json_says(text: str, msg: str) -> None:
    with pytest.raises(JsonSyntaxError) as found:
        read_all(text, 3)
    assert found.value.msg == msg


def test_an_array_left_unread_is_skipped() -> None:
    with mock.patch.object(json_stream, "CHUNK", 4):
        keys = [m.key for m in members(io.StringIO('{"posts": [1, [2, 3], {"x": "]"}], "site": {}}'))]
    assert keys == ["posts", "site"]
