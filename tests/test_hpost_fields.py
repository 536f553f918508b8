"""The post reader's fast paths against the general paths they short-cut (session 12, issue 13):

* ``fields.html_inside`` from one serialization of the element (``_html_inside_whole``) gives
  the per-child serialization (``_html_inside_per_child``);
* ``fields.text_start`` on a long last text node gives ``text_of(el)[:limit]``;
* ``fields.read_date``'s walk for a ``datetime`` holder finds what ``el.find(".//*[@datetime]")`` finds;
* ``fields._shown`` without a separator reads what the segment split reads;
* ``dates.parse_shown_date``'s digit test: NFC makes no digit of other characters.
"""

from __future__ import annotations

import copy
import re
import sys
import unicodedata
from datetime import datetime
from functools import partial
from pathlib import Path

import lxml.html
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml.html import HtmlElement, HtmlMixin

from importer.readers.html import body, dates, fields
from importer.readers.html.dates import parse_shown_date
from importer.readers.html.profiles import DEFAULTS

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


def test_a_text_that_serializes_escaped_stays_escaped() -> None:
    el = lxml.html.fragment_fromstring("<div>a &amp; b &lt;i&gt;<p>x</p><p>y</p></div>")
    assert fields._html_inside_whole(el) == "a &amp; b &lt;i&gt;<p>x</p><p>y</p>"
    assert fields.html_inside(el) == "a &amp; b &lt;i&gt;<p>x</p><p>y</p>"


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


def _holder_html(children: list[HtmlElement], strip: tuple[str, ...], drop: set[HtmlElement], base: str | None) -> str:
    """The body run as ``engine._read_body`` serialized it before ``copy_html``: copies in a holder."""
    holder = lxml.html.Element("div")
    for child in children:
        holder.append(fields.body_copy(child, strip, drop, base))
    return fields.html_inside(holder)


@pytest.mark.parametrize("page", FIXTURE_PAGES, ids=lambda p: p.name)
def test_children_serialized_from_the_page_are_their_copies_serialized(page: Path) -> None:
    elements = _elements(page.read_bytes())
    drop = set(elements[::7])
    for root in elements:
        children = [c for c in root if isinstance(c.tag, str)]
        if len(children) < 2:
            continue
        for base in (None, "https://example.org/blog/some-post/"):
            for strip in ((), DEFAULTS.body_strip):
                kept = [c for c in children if c not in drop]
                each = "".join(fields.copy_html(c, strip, drop, base) for c in kept).strip()
                assert each == _holder_html(kept, strip, drop, base)


def _before_by_sets(a: HtmlElement, b: HtmlElement) -> bool:
    """``body._before`` as it was: a set of each earlier sibling's descendants."""
    for el in b.itersiblings(preceding=True):
        if el is a or a in set(el.iterdescendants()):
            return True
    return any(x is a for x in b.iterancestors())


@pytest.mark.parametrize("page", FIXTURE_PAGES[::5], ids=lambda p: p.name)
def test_before_by_ancestors_is_before_by_descendant_sets(page: Path) -> None:
    elements = _elements(page.read_bytes())[::9]
    for a in elements:
        for b in elements[::3]:
            assert body._before(a, b) == _before_by_sets(a, b)


def _links_by_lxml(holders: list[HtmlElement]) -> list[tuple[int, str | None, str, int]]:
    return sorted(
        (i, attrib, link, pos)
        for i, node in enumerate(holders)
        for _node, attrib, link, pos in HtmlMixin.iterlinks(fields._Holders([node]))  # type: ignore[arg-type]
    )


def _links_fast(holders: list[HtmlElement]) -> list[tuple[int, str | None, str, int]]:
    index = {id(node): i for i, node in enumerate(holders)}
    return sorted((index[id(node)], attrib, link, pos) for node, attrib, link, pos in fields._iterlinks(holders))


@pytest.mark.parametrize("page", FIXTURE_PAGES + CORPUS_PAGES, ids=lambda p: p.name)
def test_the_links_of_every_holder_are_those_lxml_finds(page: Path) -> None:
    root = lxml.html.document_fromstring(page.read_bytes())
    holders = fields._link_holders(root)
    assert _links_fast(holders) == _links_by_lxml(holders)


_LINKY = st.sampled_from(
    [
        '<a href="x" src="y" cite="z">a</a>',
        '<img src="i.png" lowsrc="l" longdesc="d" usemap="#m">',
        '<div style="background: url(a.png)" data-x="1" background="b.png"></div>',
        '<object codebase="c/" classid="k" data="d" archive="a b"></object>',
        '<meta http-equiv="refresh" content="0; url=next.html">',
        '<param valuetype="ref" value="v">',
        "<style>@import 'x.css'; p { background: url(q.png) }</style>",
        '<form action="go" formaction="f"><input formaction="g"></form>',
        '<blockquote cite="c" profile="p" dynsrc="d"><p>x</p></blockquote>',
    ]
)


@settings(max_examples=100, deadline=None)
@given(st.lists(_LINKY, max_size=6))
def test_the_links_of_any_holders_are_those_lxml_finds(parts: list[str]) -> None:
    root = lxml.html.document_fromstring(f"<html><head></head><body>{''.join(parts)}</body></html>")
    holders = fields._link_holders(root)
    assert _links_fast(holders) == _links_by_lxml(holders)
    for prefix in ("", "https://x.org/"):
        ours, theirs = copy.deepcopy(root), copy.deepcopy(root)
        fields.rewrite_links(ours, partial(_prefixed, prefix))
        theirs.rewrite_links(partial(_prefixed, prefix), resolve_base_href=False)
        assert lxml.html.tostring(ours) == lxml.html.tostring(theirs)


def _prefixed(prefix: str, link: str) -> str:
    return f"{prefix}{link}?" if prefix else link


def _named_month_date_by_words(text: str) -> tuple[datetime, str] | None:
    """``dates._named_month_date`` as it was: every word looked up among the month names."""
    lowered = text.lower()
    for word in dates._WORD.finditer(lowered):
        if word.group().rstrip(".") not in dates.MONTHS:
            continue
        found = dates._date_around(text, lowered, word)
        if found is not None:
            return found
    return None


_DATE_BITS = st.sampled_from(
    [*sorted(dates.MONTHS)[::3], "Mai", "MÄRZ", "x", "_", "é", "\u0301", " ", ", ", ".", "3", "12", "2019", "th", "de"]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_DATE_BITS, max_size=12).map("".join))
@example("12May2015")
@example("Posted on 3 marcos 2011, 4 mars 2011")
@example("_may 4 2020")
def test_month_words_are_the_words_that_are_month_names(text: str) -> None:
    assert dates._named_month_date(text) == _named_month_date_by_words(text)


@pytest.mark.parametrize("page", CORPUS_PAGES + FIXTURE_PAGES[::4], ids=lambda p: p.name)
def test_month_words_of_every_short_text_of_a_page(page: Path) -> None:
    for el in _elements(page.read_bytes()):
        text = fields.text_start(el, 200)
        assert dates._named_month_date(text) == _named_month_date_by_words(text)


_MARK = "data-test-drop"


def _pruned_copy_by_marks(el: HtmlElement, doomed: list[HtmlElement]) -> HtmlElement:
    """``fields._pruned_copy`` as it was: the doomed marked in the page, found in the copy by XPath."""
    for victim in doomed:
        victim.set(_MARK, "")
    try:
        clone = el.__copy__()
    finally:
        for victim in doomed:
            victim.attrib.pop(_MARK, None)
    for junk in clone.xpath(f"descendant::*[@{_MARK}]"):
        junk.drop_tree()
    return clone


@pytest.mark.parametrize("page", FIXTURE_PAGES[::2] + CORPUS_PAGES[::3], ids=lambda p: p.name)
@pytest.mark.parametrize("every", [2, 5, 11])
def test_a_copy_pruned_by_places_is_the_copy_pruned_by_marks(page: Path, every: int) -> None:
    root = lxml.html.document_fromstring(page.read_bytes())
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    for top in elements[:: max(len(elements) // 40, 1)]:
        inside = [el for el in top.iterdescendants() if isinstance(el.tag, str)]
        doomed = inside[every // 2 :: every]
        ours = etree.tostring(fields._pruned_copy(top, doomed), method="html", encoding="unicode")
        theirs = etree.tostring(_pruned_copy_by_marks(top, doomed), method="html", encoding="unicode")
        assert ours == theirs


def test_nested_and_neighbouring_doomed_elements_keep_their_tails() -> None:
    top = lxml.html.fragment_fromstring("<div>a<p>b<em>c</em>d<i>e</i>f</p>g<br>h<b>i</b>j</div>")
    doomed = [top[0][0], top[0], top[1], top[2], top[0][1]]
    ours = etree.tostring(fields._pruned_copy(top, doomed), encoding="unicode")
    assert ours == etree.tostring(_pruned_copy_by_marks(top, doomed), encoding="unicode")
    assert ours == "<div>aghj</div>"
