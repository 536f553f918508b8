"""A comment's usual fields read by the compiled ``_cfields.comment_values`` are what the Python
reading (``elements._comment_of``) gives, which also reports nothing for them: on hypothesis field
texts near the usual shape (ids, dates, statuses, whitespace of every kind, ``&``), and on every
comment of the fixture and corpus exports (records and problems the same with it and without)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from importer.model import Comment
from importer.readers import ReadOptions
from importer.readers.wxr import elements
from importer.readers.wxr.reader import read_wxr
from importer.tally import Tally
from importer.wordpress import COMMENT_STATUSES

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("BLOGIMPORT_CORPUS") or ROOT.parent / "shared" / "corpus") / "wxr"
EXPORTS = sorted((ROOT / "fixtures").rglob("*.xml")) + (sorted(CORPUS.rglob("*.xml")) if CORPUS.is_dir() else [])

compiled = pytest.mark.skipif(elements._comment_values is None, reason="not built: python setup.py build_ext --inplace")

_SPACE = st.sampled_from(["", " ", "\t", "\n", "\xa0", "\x85", "\u2003", "\x1c", "\u200b"])
_ID = st.none() | st.sampled_from(
    ["", "0", "00", "7", "301", "1" * 18, "1" * 19, "-3", "+3", "\uff11\uff12", "1.5", "x"]
)
_DATE = st.none() | st.sampled_from(
    ["", "2005-01-02 06:37:00", "2005-01-02 05:37:00", "0000-00-00 00:00:00", "2005-13-02 06:37:00", "2005-01-02"]
)
_WORD = st.none() | st.sampled_from(
    ["", "1", "0", "spam", "trash", "hold", "comment", "pingback", "Reader 0", "A &amp; B"]
)


def _padded(text: st.SearchStrategy[str | None]) -> st.SearchStrategy[str | None]:
    return st.tuples(_SPACE, text, _SPACE).map(lambda t: None if t[1] is None else t[0] + t[1] + t[2])


_VALUES = st.tuples(
    _ID | _padded(_ID),
    _ID | _padded(_ID),
    _ID | _padded(_ID),
    _DATE | _padded(_DATE),
    _DATE | _padded(_DATE),
    _padded(_WORD),
    _padded(_WORD),
    _padded(_WORD),
    _padded(_WORD),
    _padded(_WORD),
    _padded(_WORD),
    st.none() | st.text(max_size=10),
).map(list)


def _python(values: list[Any]) -> tuple[Comment, list[Any]]:
    tally = Tally()
    report = elements.Reporter(tally, "export.xml")
    comment = elements._comment_of(list(values), [], etree.Element("comment"), report, 5)
    return comment, [(p.code, p.message) for p in tally.problems]


@compiled
@settings(max_examples=1500, deadline=None)
@given(_VALUES)
def test_the_compiled_reading_is_the_python_reading(values: list[Any]) -> None:
    assert elements._comment_values is not None
    copy = list(values)
    usual = elements._comment_values(values, COMMENT_STATUSES)
    assert values == copy  # the texts are left as they are
    if usual is None:
        return
    comment, problems = _python(values)
    assert problems == []
    fast = Comment(*usual, [])
    assert fast == comment
    assert [type(getattr(fast, f)) for f in fast.__slots__] == [type(getattr(comment, f)) for f in comment.__slots__]


@compiled
def test_the_usual_comment_is_read_compiled() -> None:
    assert elements._comment_values is not None
    values = ["300", "0", "0", "2005-01-02 06:37:00", "2005-01-02 05:37:00", "1", "comment", "Reader 0"]
    values += ["r@example.net", "https://r.example.net/", "192.0.2.0", "Lovely walk."]
    usual = elements._comment_values(values, COMMENT_STATUSES)
    assert usual is not None and usual[:4] == (300, None, "comment", "approved")
    assert Comment(*usual, []) == _python(values)[0]
    assert elements._comment_values([*values[:7], " A &amp; B", *values[8:]], COMMENT_STATUSES) is None


def _read(path: Path, monkeypatch: pytest.MonkeyPatch, compiled_comments: bool) -> Any:
    if not compiled_comments:
        monkeypatch.setattr(elements, "_comment_values", None)
    tally = Tally()
    try:
        records = [repr(record) for record in read_wxr(str(path), ReadOptions(recover=True), tally)]
    except Exception as exc:  # refused the same way either way
        records = [f"{type(exc).__name__}: {exc}"]
    monkeypatch.undo()
    return records, [(p.code, p.message, p.line, p.post_id) for p in tally.problems]


@compiled
@pytest.mark.parametrize("path", EXPORTS, ids=lambda p: str(p.relative_to(p.parents[1])))
def test_every_export_reads_the_same_with_the_compiled_comments(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _read(path, monkeypatch, True) == _read(path, monkeypatch, False)
