"""The WXR reader's compiled hot paths (importer/readers/wxr/_cfields.pyx) give what the Python code
they stand for gives: the field reader (``_Fields.read_python``) on every item, comment and meta of
the fixture and corpus exports and on hypothesis items (CDATA kept or merged, nested children,
comments and processing instructions, foreign and unnamespaced fields, repeated names); the CDATA
proof on hypothesis chunks; the dates on hypothesis texts near WordPress's shape."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from importer.readers.wxr import elements, repairs
from importer.readers.wxr.elements import (
    _COMMENT_FIELDS,
    _IGNORED,
    _LISTS,
    _META_FIELDS,
    _POST_FIELDS,
    Reporter,
    _Fields,
)
from importer.tally import Tally

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("BLOGIMPORT_CORPUS") or ROOT.parent / "shared" / "corpus") / "wxr"
EXPORTS = sorted((ROOT / "fixtures").rglob("*.xml")) + (sorted(CORPUS.rglob("*.xml")) if CORPUS.is_dir() else [])
TABLES = {"post": _POST_FIELDS, "comment": _COMMENT_FIELDS, "meta": _META_FIELDS}

compiled = pytest.mark.skipif(elements._cfields is None, reason="not built: python setup.py build_ext --inplace")


def test_ci_uses_the_compiled_field_reader() -> None:
    """In CI (.ci/run builds the extensions) the reader must use it: otherwise every reader test
    would pass on the Python loop alone."""
    if os.environ.get("CI") != "true":
        pytest.skip("CI only: a developer's checkout may run without the build")
    from importer.readers.wxr import _cfields  # noqa: F401  (raises when missing)

    assert _POST_FIELDS.read != _POST_FIELDS.read_python


def test_the_built_field_reader_is_not_older_than_its_source() -> None:
    source = ROOT / "importer" / "readers" / "wxr" / "_cfields.pyx"
    for built in source.parent.glob("_cfields.*.so"):
        assert built.stat().st_mtime >= source.stat().st_mtime, f"{built.name} is older than {source.name}: rebuild"


def test_the_slots_are_the_compiled_ones() -> None:
    assert (_IGNORED, elements._FOREIGN, _LISTS) == (-1, -2, -3)


def _fresh(table: _Fields) -> tuple[_Fields, _Fields]:
    """The table twice, with empty caches: one compiled, one Python."""
    names = tuple(table.names)
    repeated = tuple(name for name, slot in sorted(table.slots.items(), key=lambda kv: -kv[1]) if slot <= _LISTS)
    return _Fields(names, repeated), _Fields(names, repeated, compiled=False)


def _same_reading(table: _Fields, element: Any) -> None:
    built, walked = _fresh(table)
    assert built.read != built.read_python
    for _ in range(2):  # the first reading fills the caches, the second uses them
        values, lists, foreign = built.read(element)
        expected = walked.read_python(element)
        assert (values, foreign) == (expected[0], expected[2])
        assert [[id(e) for e in kind] for kind in lists] == [[id(e) for e in kind] for kind in expected[1]]
        assert all(type(v) is str for v in values if v is not None)


@compiled
@pytest.mark.parametrize("strip_cdata", [True, False])
def test_every_export_reads_the_same(strip_cdata: bool) -> None:
    assert EXPORTS
    read = 0
    for path in EXPORTS:
        parser = etree.XMLParser(recover=True, resolve_entities=False, huge_tree=True, strip_cdata=strip_cdata)
        try:
            root = etree.parse(str(path), parser).getroot()
        except etree.XMLSyntaxError:
            continue
        if root is None:
            continue
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            local = element.tag.rpartition("}")[2]
            if local == "item":
                _same_reading(_POST_FIELDS, element)
                read += 1
            elif local == "comment":
                _same_reading(_COMMENT_FIELDS, element)
            elif local in ("postmeta", "commentmeta", "termmeta"):
                _same_reading(_META_FIELDS, element)
    assert read > 100


WP = "http://wordpress.org/export/1.2/"
NAMESPACES = {
    "wp": WP,
    "wp11": "http://wordpress.org/export/1.1/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "other": "http://example.org/other/",
}
_DECLARATIONS = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items())
_NAMES = [
    "wp:post_id",
    "wp11:post_id",
    "wp:post_type",
    "wp:post_date",
    "title",
    "link",
    "guid",
    "dc:creator",
    "content:encoded",
    "excerpt:encoded",
    "other:post_id",
    "other:status",
    "other:thing",
    "wp:status",
    "wp:postmeta",
    "wp:comment",
    "category",
    "wp:termmeta",
    "wp:comment_id",
    "wp:comment_content",
    "wp:commentmeta",
    "wp:meta_key",
    "wp:meta_value",
    "description",
    "wp:unknown_field",
]
_texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00]", max_codepoint=0x2FFF).filter(
        lambda c: c in "\t\n\r" or ord(c) >= 0x20
    ),
    max_size=12,
)


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@st.composite
def _content(draw: st.DrawFn, depth: int = 0) -> str:
    pieces = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["text", "cdata", "entity", "comment", "pi", "child"] if depth < 2 else ["text"]))
        text = draw(_texts)
        if kind == "text":
            pieces.append(_escaped(text))
        elif kind == "cdata":
            pieces.append(f"<![CDATA[{text}]]>")
        elif kind == "entity":
            pieces.append(draw(st.sampled_from(["&amp;", "&#233;", "&lt;", "&#x1F600;"])))
        elif kind == "comment":
            pieces.append(f"<!--{text.replace('-', '')}-->")
        elif kind == "pi":
            pieces.append("<?pi data?>")
        else:
            name = draw(st.sampled_from(["b", "wp:post_id", "other:x"]))
            pieces.append(f"<{name}>{draw(_content(depth + 1))}</{name}>{_escaped(text)}")
    return "".join(pieces)


@st.composite
def _item(draw: st.DrawFn) -> str:
    children = []
    for _ in range(draw(st.integers(0, 12))):
        name = draw(st.sampled_from(_NAMES))
        children.append(f"<{name}>{draw(_content())}</{name}>" if draw(st.booleans()) else f"<{name}/>")
        if draw(st.booleans()):
            children.append(draw(st.sampled_from(["\n  ", "<!-- c -->", "<?pi x?>", " tail "])))
    return f"<item {_DECLARATIONS}>{''.join(children)}</item>"


@compiled
@settings(max_examples=300, deadline=None)
@given(_item(), st.booleans())
def test_generated_items_read_the_same(xml: str, strip_cdata: bool) -> None:
    parser = etree.XMLParser(resolve_entities=False, strip_cdata=strip_cdata)
    item = etree.fromstring(xml.encode("utf-8"), parser)
    for table in TABLES.values():
        _same_reading(table, item)


@compiled
def test_a_full_cache_still_reads_the_same() -> None:
    """Past the cache's bound (a hostile file's ten thousand names) every name is looked up again."""
    names = "".join(f"<wp:f{n}>x</wp:f{n}><other:post_id>{n}</other:post_id>" for n in range(10_050))
    item = etree.fromstring(f"<item {_DECLARATIONS}>{names}<wp:post_id>7</wp:post_id></item>".encode())
    _same_reading(_POST_FIELDS, item)


@compiled
def test_the_repairs_use_the_compiled_proof() -> None:
    assert repairs._simple_sections_end is not repairs._simple_sections_end_python


_SECTION_PIECES = ["<![CDATA[", "]]>", "</", "</v>", "<v>", "a", "\n", "]", "]]", "<", ">", "![CDATA[", "]]><![CDATA["]


@compiled
@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_SECTION_PIECES), max_size=80).map("".join))
def test_the_compiled_proof_finds_what_the_general_scan_finds(text: str) -> None:
    data = text.encode()
    assert repairs._simple_sections_end(data) == repairs._simple_sections_end_general(data)
    assert repairs._simple_sections_end(data) == repairs._simple_sections_end_python(data)


_OTHER_DIGITS = ["\u0662", "\uff10"]  # an Arabic-Indic two, a fullwidth zero: digits, not ASCII ones
_DATE_CHARS = st.sampled_from(
    [*"0123456789", "-", ":", " ", "\n", "\t", "W", "T", "Z", "+", "\u00a0", ".", *_OTHER_DIGITS]
)
_NEAR_DATES = st.one_of(
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)).map(
        lambda d: d.strftime("%Y-%m-%d %H:%M:%S").rjust(19, "0")
    ),
    st.lists(_DATE_CHARS, min_size=17, max_size=21).map("".join),
    st.tuples(st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32), st.integers(0, 25), st.integers(0, 61)).map(
        lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d} {t[3]:02d}:{t[4]:02d}:{t[4]:02d}"
    ),
    st.sampled_from(["", "0000-00-00 00:00:00", "2020-W01-1 12:30:00", "2020-01-01 24:00:00", "2020-02-30 00:00:00"]),
    # a real date with one character changed: a digit's neighbours (/ and :), a separator, another digit
    st.tuples(st.integers(0, 18), st.sampled_from([*"/:;0123456789- T+", *_OTHER_DIGITS])).map(
        lambda t: "2021-10-19 18:27:44"[: t[0]] + t[1] + "2021-10-19 18:27:44"[t[0] + 1 :]
    ),
)
_SPACED = st.tuples(st.sampled_from(["", " ", "\n  ", "\u3000"]), _NEAR_DATES, st.sampled_from(["", " ", "\n"])).map(
    "".join
)


def _dates_and_problems(local: str | None, gmt: str | None, fast: bool, monkeypatch: pytest.MonkeyPatch) -> Any:
    with monkeypatch.context() as patch:
        if not fast:
            patch.setattr(elements, "_wp_dates", None)
        tally = Tally()
        value = elements._dates(local, gmt, "wp:post_date", "wp:post_date_gmt", Reporter(tally, "x.xml"), None)
    return value, [(p.code, p.message) for p in tally.problems]


@compiled
@settings(max_examples=1500, deadline=None)
@given(st.one_of(st.none(), _SPACED), st.one_of(st.none(), _SPACED))
def test_the_compiled_dates_read_as_the_python_code(local: str | None, gmt: str | None) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast = _dates_and_problems(local, gmt, True, monkeypatch)
        general = _dates_and_problems(local, gmt, False, monkeypatch)
    assert fast == general
    for ours, theirs in zip(fast[0], general[0], strict=True):
        assert type(ours) is type(theirs)
        if ours is not None:
            assert ours.tzinfo is theirs.tzinfo and ours.fold == theirs.fold


@compiled
def test_the_dates_use_the_compiled_reading() -> None:
    assert elements._wp_dates is not None
    both = elements._wp_dates(" 2020-02-29 12:30:59\n", "2020-02-29 11:30:59")
    assert both == (datetime(2020, 2, 29, 12, 30, 59), datetime(2020, 2, 29, 11, 30, 59, tzinfo=UTC))
    assert both[1].tzinfo is UTC
    assert elements._wp_dates("2020-02-30 00:00:00", "2020-02-28 00:00:00") is None
