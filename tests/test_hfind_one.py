"""``_cindex.Positions.find``'s short cuts (issue 13, session 12, branch ``hfind``): one test that
is no chain answered straight from its candidates (``_one``), the compiled parts of a tests tuple
worked out once per tuple (``_compiled_parts``). Both give what the Python index's general path
(``css.PageIndex.find`` on the Python walk) gives, for every profile selector and group, from
every scope, on the fixtures, the corpus pages and generated markup."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import lxml.html
import pytest
from conftest import saved_pages
from hypothesis import given, settings
from hypothesis import strategies as st

from importer.readers.html import css
from importer.readers.html.profiles import DEFAULTS, PROFILES

pytestmark = pytest.mark.skipif(css._cindex is None, reason="the compiled page index is not built")

PAGES = saved_pages()


def _groups() -> list[tuple[css.Test, ...]]:
    """The tests of every profile selector alone, and of every profile field's selectors together
    (``select_any``'s groups): one test, several, chains among them."""
    found: dict[tuple[str, ...], None] = {}
    for profile in (DEFAULTS, *PROFILES):
        for f in fields(profile):
            value = getattr(profile, f.name)
            if not isinstance(value, tuple) or not all(isinstance(s, str) for s in value):
                continue
            found.update(dict.fromkeys((s,) for s in value))
            found[value] = None
    groups = []
    for selectors in found:
        tests, rest = css._grouped(selectors)
        if tests and not rest:
            groups.append(tests)
    return groups


GROUPS = _groups()


def _scopes(doc: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    elements = (el for el in doc.iter() if isinstance(el.tag, str))
    return [doc, *(el for el in elements if el.get("class") or el.get("id") or el.tag in ("a", "article"))]


def _check(doc: lxml.html.HtmlElement) -> None:
    compiled = css.PageIndex.of(doc, compiled=True).position
    general = css.PageIndex.of(doc, compiled=False)
    scopes = _scopes(doc)
    for tests in GROUPS:
        if any(t.compiled is None for t in tests):
            continue
        for scope in scopes:
            expected = general.find(scope, tests)
            assert compiled.find(scope, tests) == expected, (tests, scope)
            assert compiled.find(scope, tuple(tests)) == expected  # the cached parts, a second time


def test_the_groups_hold_single_tests_several_and_chains() -> None:
    assert any(len(t) == 1 and isinstance(t[0], css.SimpleSelector) for t in GROUPS)
    assert any(len(t) > 1 for t in GROUPS)
    assert any(isinstance(test, css.ChainSelector) for t in GROUPS for test in t)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_pages_find_as_the_general_path(path: Path) -> None:
    _check(lxml.html.document_fromstring(path.read_bytes()))


_PIECES = st.sampled_from(
    [
        *('<div class="entry-content">', '<article class="post hentry">', "</article>", '<a rel="tag" href="/t">'),
        *('<span class="author vcard">', "</span>", '<time datetime="2020-01-02">', "</time>", "</a>", "</div>"),
        *('<h2 class="entry-title">', "</h2>", '<div id="comments">', '<li class="comment">', "</li>", "text"),
        *('<a rel="author" href="/author/x">', '<p class="byline">', "</p>", '<div class="post">', "<p>"),
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=16).map("".join))
def test_any_markup_finds_as_the_general_path(markup: str) -> None:
    _check(lxml.html.document_fromstring("<html><body>" + markup + "x</body></html>"))


def test_a_test_without_its_compiled_form_is_not_implemented() -> None:
    doc = lxml.html.document_fromstring('<html><body><p class="a">x</p></body></html>')
    position = css.PageIndex.of(doc, compiled=True).position
    plain = css.simple_selectors("p.a")
    assert plain is not None
    uncompiled = css.simple_selectors("x_y.a")  # a tag the compiled walk does not compare
    assert uncompiled is not None and uncompiled[0].compiled is None
    for _ in range(2):  # the second time from the cache
        assert position.find(doc, (*plain, *uncompiled)) is NotImplemented
        assert position.find(doc, plain) == [doc.find(".//p")]


def test_an_element_of_another_page_is_none() -> None:
    doc = lxml.html.document_fromstring('<html><body><p class="a">x</p></body></html>')
    other = lxml.html.document_fromstring('<html><body><p class="a">x</p></body></html>')
    tests = css.simple_selectors("p.a")
    assert tests is not None
    assert css.PageIndex.of(doc, compiled=True).position.find(other, tests) is None
