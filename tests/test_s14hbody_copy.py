"""Session 14 (issue 13), hbody: ``fields._stand_in_copy`` (``_pruned_copy``) copies a body
without its doomed parts (reply lists, comment meta, share blocks) by swapping each doomed element
on the page for an empty stand-in while ``el`` is copied, then putting the page back; ``_cleaned``
strips the stand-ins with the HTML comments. ``outer_html`` serializes its copy without a wrapper.

Checked against the plain way (``_pruned_copy_by_places``: a whole copy, then ``drop_tree`` of
each doomed element found by its place): the copies serialize the same (cleaned too), their text is the same,
and the page is as it was (serialization, the doomed elements' parents, places and tails), on
every copy the reader makes of every saved page and on hypothesis markup with random doomed sets
(nested, repeated, with and without tails)."""

from __future__ import annotations

import copy
from pathlib import Path

import lxml.html
import pytest
from conftest import saved_pages
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml.html import HtmlElement

from importer.readers.html import comments, engine, fields, parse_page
from importer.tally import Tally

STAND_IN_COPY = fields._stand_in_copy  # the tested function, kept while a test wraps fields' name


def _page_state(el: HtmlElement, doomed: list[HtmlElement]) -> tuple[object, ...]:
    root = el.getroottree().getroot()
    return (
        etree.tostring(root, method="html"),
        [(d.getparent(), fields._place(el, d), d.tail) for d in doomed],
    )


def _same_copy(el: HtmlElement, doomed: list[HtmlElement], base: str | None = None) -> None:
    before = _page_state(el, doomed)
    stood_in = STAND_IN_COPY(el, doomed)
    assert _page_state(el, doomed) == before
    plain = fields._pruned_copy_by_places(el, doomed)
    cleaned, plain_cleaned = fields._cleaned(copy.deepcopy(stood_in), base), fields._cleaned(copy.deepcopy(plain), base)
    assert etree.tostring(cleaned, method="html") == etree.tostring(plain_cleaned, method="html")
    ours = fields._pruned_copy(el, doomed)
    assert _page_state(el, doomed) == before
    assert etree.tostring(ours, method="html") == etree.tostring(plain, method="html")
    assert [(n.text, n.tail) for n in ours.iter()] == [(n.text, n.tail) for n in plain.iter()]
    assert fields.text_start(ours, 10_000) == fields.text_start(plain, 10_000)
    assert not any(n.tag == fields._STAND_IN for n in ours.iter())


@pytest.mark.parametrize("page", saved_pages(), ids=lambda p: p.name)
def test_pruned_copies_of_every_saved_page_are_the_plain_ones(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every copy the reader makes (posts and comments, with and without a base URL)."""
    seen: list[int] = []

    def checked(el: HtmlElement, doomed: list[HtmlElement]) -> HtmlElement:
        if doomed:
            monkeypatch.setattr(fields, "_stand_in_copy", STAND_IN_COPY)  # _pruned_copy's own call
            _same_copy(el, doomed, "https://example.org/blog/")
            monkeypatch.setattr(fields, "_stand_in_copy", checked)
            seen.append(len(doomed))
        return STAND_IN_COPY(el, doomed)

    monkeypatch.setattr(fields, "_stand_in_copy", checked)
    data = page.read_bytes()
    parse_page(data, str(page), Tally(), links=False)
    parse_page(data, "https://example.org/blog/2020/05/a-post/", Tally(), links=False)
    assert engine is not None and comments is not None  # the readers call fields' functions by module
    if page.name == "html-page.html":
        assert seen, "the page has bodies with doomed parts"


_TAGS = st.sampled_from(["div", "p", "span", "ul", "li", "a", "b"])
_TEXTS = st.sampled_from(["", "", "x", " ", "\n  ", "a &amp; b", "é"])


@st.composite
def _markup(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(_TAGS)
    inner = draw(_TEXTS)
    if depth < 3:
        for child in draw(st.lists(_markup(depth + 1), max_size=3)):
            inner += child + draw(_TEXTS)
    return f"<{tag}>{inner}</{tag}>"


@settings(max_examples=300, deadline=None)
@given(st.lists(_markup(), min_size=1, max_size=4), st.data())
@example(["<p>one<b>x</b>bt</p>", "<ul><li>r</li></ul>"], None)
def test_pruned_copy_of_random_markup_is_the_plain_one(parts: list[str], data: st.DataObject | None) -> None:
    page = lxml.html.document_fromstring(f"<html><body><div id='top'>t0{'tail '.join(parts)}</div>after</body></html>")
    top = page.get_element_by_id("top")
    inside = list(top.iterdescendants())
    if data is None:
        doomed = inside[:1] + inside[-1:]
    else:
        doomed = data.draw(st.lists(st.sampled_from(inside), max_size=5)) if inside else []
    _same_copy(top, doomed)


def _outer_html_in_wrapper(el: HtmlElement, strip: tuple[str, ...], base: str | None, drop: set[HtmlElement]) -> str:
    """``fields.outer_html``'s copy path as it was: the pruned copy put in a ``div`` and serialized
    as the HTML inside it."""
    wrapper = lxml.html.Element("div")
    clone = fields._pruned_copy_by_places(el, fields._doomed(el, strip, drop))
    clone.tail = None
    wrapper.append(clone)
    return fields.html_inside(fields._cleaned(wrapper, base))


@pytest.mark.parametrize("page", saved_pages(), ids=lambda p: p.name)
def test_outer_html_without_a_wrapper_on_every_saved_page(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``outer_html`` serializes its cleaned copy itself, with no wrapper ``div`` around it."""
    real = fields.outer_html

    def checked(el: HtmlElement, strip: tuple[str, ...], base: str | None, drop: set[HtmlElement] | None = None) -> str:
        html = real(el, strip, base, drop)
        assert html == _outer_html_in_wrapper(el, strip, base, drop or set())
        return html

    for module in (fields, engine, comments):
        monkeypatch.setattr(module, "outer_html", checked)
    data = page.read_bytes()
    parse_page(data, str(page), Tally(), links=False)
    parse_page(data, "https://example.org/blog/2020/05/a-post/", Tally(), links=False)


@settings(max_examples=200, deadline=None)
@given(st.lists(_markup(), min_size=1, max_size=4), st.sampled_from([None, "https://example.org/a/"]))
def test_outer_html_of_random_markup(parts: list[str], base: str | None) -> None:
    page = lxml.html.document_fromstring(
        f"<html><body><div id='top'>t0<!-- c -->{'<a href=x>l</a>'.join(parts)}</div>after</body></html>"
    )
    top = page.get_element_by_id("top")
    drop = set(list(top.iterdescendants("li", "b"))[:3])
    assert fields.outer_html(top, (), base, drop) == _outer_html_in_wrapper(top, (), base, drop)
    assert fields.outer_html(top, ("span",), base) == _outer_html_in_wrapper(top, ("span",), base, set())
