"""The post reader's fast paths against the general paths they short-cut (session 12, issue 13):

* ``fields.html_inside`` from one serialization of the element (``_html_inside_whole``) gives
  the per-child serialization (``_html_inside_per_child``);
* ``fields.text_start`` on a long last text node gives ``text_of(el)[:limit]``;
* ``fields.read_date``'s walk for a ``datetime`` holder finds what ``el.find(".//*[@datetime]")`` finds;
* ``fields._shown`` without a separator reads what the segment split reads;
* ``dates.parse_shown_date``'s digit test: NFC makes no digit of other characters.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from datetime import datetime
from pathlib import Path

import lxml.html
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml.html import HtmlElement

from importer.readers.html import fields
from importer.readers.html.dates import parse_shown_date

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_PAGES = sorted((ROOT / "fixtures" / "html").glob("*.html"))
CORPUS_PAGES = sorted((ROOT.parent / "shared" / "corpus" / "html").rglob("*.html"))


def _elements(data: bytes) -> list[HtmlElement]:
    return [el for el in lxml.html.document_fromstring(data).iter() if isinstance(el.tag, str)]


@pytest.mark.parametrize("page", FIXTURE_PAGES + CORPUS_PAGES, ids=lambda p: p.name)
def test_every_element_serialized_whole_is_its_children_serialized_one_by_one(page: Path) -> None:
    whole_used = 0
    for el in _elements(page.read_bytes()):
        each = fields._html_inside_per_child(el)
        whole = fields._html_inside_whole(el)
        if whole is not None:
            whole_used += 1
            assert whole.strip() == each
        assert fields.html_inside(el) == each
    assert whole_used  # the fast path is taken on every page


_TAGS = st.sampled_from(["p", "span", "a", "div", "br", "img", "script", "style", "pre", "textarea", "td"])
_ATTRIBUTES = st.sampled_from(
    ["", ' class="a"', ' title="x > y"', ' href="a b>c"', ' src=" x"', " data-q='\"'", ' title="&amp;"', " hidden"]
)


@st.composite
def _markup(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.integers(0, 3 if depth < 3 else 1))
        if kind == 0:
            parts.append(draw(st.text("ab <>&;\r\n\t\u00a0\u00e9\"'", max_size=8)).replace("<", "&lt;"))
        elif kind == 1:
            parts.append(draw(st.sampled_from(["<!-- c -->", "&amp;", "&gt;", "&nbsp;", "&#13;"])))
        else:
            tag = draw(_TAGS)
            inner = "x < y &amp; z" if tag in ("script", "style") else draw(_markup(depth + 1))
            parts.append(f"<{tag}{draw(_ATTRIBUTES)}>{inner}</{tag}>")
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(_markup(), _ATTRIBUTES)
@example("a &amp; b<p>x</p><p>y</p>", "")
@example("<p>x</p>t<br>u", ' title="a>b"')
@example("\r<p>x</p><p>y</p>", "")
def test_any_markup_serialized_whole_is_its_children_serialized_one_by_one(markup: str, attributes: str) -> None:
    root = lxml.html.document_fromstring(f"<html><body><div{attributes}>{markup}</div></body></html>")
    for el in root.iter(etree.Element):
        each = fields._html_inside_per_child(el)
        whole = fields._html_inside_whole(el)
        assert whole is None or whole.strip() == each
        assert fields.html_inside(el) == each


def test_a_text_that_serializes_escaped_takes_the_general_path() -> None:
    el = lxml.html.fragment_fromstring("<div>a &amp; b<p>x</p><p>y</p></div>")
    assert fields._html_inside_whole(el) is None
    assert fields.html_inside(el) == "a & b<p>x</p><p>y</p>"


def test_an_attribute_holding_a_closing_bracket_takes_the_general_path() -> None:
    el = lxml.html.fragment_fromstring('<div title="a>b"><p>x</p><p>y</p></div>')
    assert fields._html_inside_whole(el) is None
    assert fields.html_inside(el) == "<p>x</p><p>y</p>"


@settings(max_examples=200, deadline=None)
@given(st.text(" \n\tab\u00e9", max_size=3000), st.text(" \nxy", max_size=50), st.sampled_from([1, 20, 40, 201, 301]))
def test_text_start_of_a_long_text_node_is_the_start_of_the_whole_text(long: str, after: str, limit: int) -> None:
    el = lxml.html.fragment_fromstring("<div><span>s</span></div>")
    el[0].tail = long
    child = el.makeelement("em", {})
    child.text = after
    el.append(child)
    assert fields.text_start(el, limit) == fields.text_of(el)[:limit]


@pytest.mark.parametrize("page", FIXTURE_PAGES + CORPUS_PAGES, ids=lambda p: p.name)
def test_the_first_datetime_holder_is_that_elementpath_finds(page: Path) -> None:
    for el in _elements(page.read_bytes()):
        assert fields._with_datetime(el) is el.find(".//*[@datetime]")


def _shown_by_segments(text: str | None, language: str | None) -> datetime | None:
    """``fields._shown`` as it was: split at the separators first, whatever the text."""
    if not text:
        return None
    segments = [s for s in fields._SEGMENTS.split(text) if s.strip()]
    if len(segments) > 1:
        for segment in segments:
            value = parse_shown_date(segment, language)
            if value:
                return value
    return parse_shown_date(text, language)


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list("0123456789 |\u2022,.:/-apmMayJulyon\n")), max_size=40))
@example("3 Comments | May 4, 2020")
@example("May 4, 2020 \u2022 Posted by X")
@example("May 4, 2020")
def test_a_shown_date_without_separators_is_read_as_the_segments_read_it(text: str) -> None:
    for language in (None, "en-US", "de"):
        assert fields._shown(text, language) == _shown_by_segments(text, language)


def test_nfc_makes_no_digit_of_other_characters() -> None:
    """What ``parse_shown_date``'s digit test relies on: no digit has a canonical decomposition,
    and no canonical decomposition holds a digit, so NFC of a text without a digit has none."""
    digit = re.compile(r"\d")
    for point in range(sys.maxunicode + 1):
        if 0xD800 <= point <= 0xDFFF:
            continue
        char = chr(point)
        decomposition = unicodedata.decomposition(char)
        if decomposition and not decomposition.startswith("<"):
            parts = "".join(chr(int(code, 16)) for code in decomposition.split())
            assert digit.search(parts) is None, hex(point)
            assert digit.search(char) is None, hex(point)


@pytest.mark.parametrize("text", ["No date here", "Posted by Ann", "\u00bd July", "May  \u0301", ""])
def test_a_text_without_a_digit_reads_no_date(text: str) -> None:
    assert parse_shown_date(text) is None
    assert parse_shown_date(unicodedata.normalize("NFC", text)) is None
