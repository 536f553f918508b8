"""The post reader's short cuts of session 14 (issue 13, hpost) against the general paths they
replace, on every saved page:

* ``engine._usable`` stops its walk up at an ancestor walked before for the same scope
  (``PageContext.clean``): the same answers as the whole walk, asked in any order, with any
  unusable set and any scope;
* ``engine._term_links`` names the selector its links came from: what ``_where`` (the selects
  it made per kept group of links) found, and where no selector finds a usable named link, no
  selector matches one (``_where``'s "a[href*='/category/']" for the categories found among the
  tags).
"""

from __future__ import annotations

import random
from pathlib import Path

import lxml.html
import pytest
from conftest import saved_pages
from lxml.html import HtmlElement

from importer.readers.html import engine, parse_page
from importer.readers.html.css import possible, select
from importer.readers.html.fields import term_name
from importer.readers.html.metadata import HeadFacts
from importer.tally import Tally

PAGES = saved_pages()


def _usable_walk(el: HtmlElement, scope: HtmlElement, ctx: engine.PageContext) -> bool:
    """``_usable`` before session 14: the whole walk up to ``scope``."""
    unusable = engine.unusable_of(ctx)
    if el in unusable:
        return False
    for ancestor in el.iterancestors():
        if ancestor is scope:
            return True
        if ancestor in unusable:
            return False
    return True


def _where(selectors: tuple[str, ...], links: list[HtmlElement], scope: HtmlElement) -> str:
    """``engine._where`` before session 14: the first selector matching the first link."""
    for selector in possible(scope, selectors) if links else ():
        if links[0] in select(scope, selector):
            return selector
    return "a[href*='/category/']" if links else "none"


def _elements(doc: HtmlElement) -> list[HtmlElement]:
    return [el for el in doc.iter() if isinstance(el, HtmlElement)]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_usable_remembering_its_walks_is_the_whole_walk(page: Path) -> None:
    doc = lxml.html.document_fromstring(page.read_bytes())
    elements = _elements(doc)
    rng = random.Random(page.name)
    for round_ in range(3):
        chrome = set(rng.sample(elements, min(len(elements), 3 + 4 * round_)))
        zone = set(rng.sample(elements, min(len(elements), round_)))
        ctx = engine.PageContext(str(page), Tally(), HeadFacts(), chrome, zone, single=True)
        scopes = [doc, *rng.sample(elements, min(len(elements), 8)), *list(chrome)[:2]]
        asked = [(el, scope) for scope in scopes for el in rng.sample(elements, min(len(elements), 150))]
        asked += [(scope, scope) for scope in scopes]  # an element as its own scope: every ancestor is walked
        asked += [(el, scopes[1]) for el in elements[:40]]  # elements outside the scope: up to the root
        rng.shuffle(asked)
        for el, scope in asked + asked[: len(asked) // 3]:  # asked again: answered from ctx.clean
            assert engine._usable(el, scope, ctx) == _usable_walk(el, scope, ctx)


def _checking_term_links(checked: list[int]) -> object:
    """``engine._term_links``, each answer checked against ``_where`` while a page is read."""
    term_links = engine._term_links

    def checking(
        scope: HtmlElement, selectors: tuple[str, ...], ctx: engine.PageContext
    ) -> tuple[list[HtmlElement], str | None]:
        links, selector = term_links(scope, selectors, ctx)
        if links:
            assert selector == _where(selectors, links, scope)
            for at in range(1, len(links)):  # the tags left after the categories: any of its links
                assert _where(selectors, links[at:], scope) == selector
        else:
            assert selector is None
            named = [el for el in scope.iter("a") if _usable_walk(el, scope, ctx) and term_name(el)]
            for el in named:  # no selector matches a usable named link: _where finds none of them
                assert _where(selectors, [el], scope) == "a[href*='/category/']"
        checked.append(len(links))
        return links, selector

    return checking


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_term_links_name_the_selector_where_found(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "_term_links", _checking_term_links([]))
    parse_page(page.read_bytes(), str(page), Tally(), links=False)


def test_term_links_were_checked_with_and_without_links(monkeypatch: pytest.MonkeyPatch) -> None:
    checked: list[int] = []
    monkeypatch.setattr(engine, "_term_links", _checking_term_links(checked))
    for page in PAGES:
        parse_page(page.read_bytes(), str(page), Tally(), links=False)
    assert any(checked) and not all(checked)


def _heading_matching_page_title_every_scope(
    box: HtmlElement, body: HtmlElement | None, ctx: engine.PageContext
) -> HtmlElement | None:
    """``engine._heading_matching_page_title`` before session 14: every heading of every scope."""
    hints = ctx.title_hints
    assert hints is not None
    for scope in engine._scopes(box, ctx):
        for el in select(scope, engine._HEADINGS):
            if (
                engine._plain(engine.text_of(el)) in hints
                and not engine._inside(el, body)
                and _usable_walk(el, scope, ctx)
            ):
                return el
    return None


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_a_heading_refused_in_a_narrower_scope_is_not_tried_again(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    matching = engine._heading_matching_page_title
    asked: list[HtmlElement | None] = []

    def checking(box: HtmlElement, body: HtmlElement | None, ctx: engine.PageContext) -> HtmlElement | None:
        found = matching(box, body, ctx)
        if ctx.title_hints:
            assert found is _heading_matching_page_title_every_scope(box, body, ctx)
            # with every other heading's text a hint: the first usable one, scope by scope
            rng = random.Random(page.name)
            ctx.title_hints = (
                frozenset(
                    engine._plain(engine.text_of(el))
                    for el in box.getroottree().iter("h1", "h2", "h3")
                    if rng.random() < 0.5
                )
                | ctx.title_hints
            )
            assert matching(box, body, ctx) is _heading_matching_page_title_every_scope(box, body, ctx)
        asked.append(found)
        return found

    monkeypatch.setattr(engine, "_heading_matching_page_title", checking)
    parse_page(page.read_bytes(), str(page), Tally(), links=False)
