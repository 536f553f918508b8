"""The post reader's short cuts of session 15 (issue 13, hpost) against the general paths they
replace:

* ``engine._live``: ``possible(scope, selectors)`` answered once a page per group of selectors
  (``PageContext.live``): the same answer as ``possible`` for every scope it is asked with;
* ``engine._plain_title_hints``: each distinct hint made plain once, the same set as
  ``frozenset(plain_text(h) for h in _title_hints(head))`` (``test_s13hpost_engine._title_hints``);
* ``engine._read_terms`` skips a scope's category links once the categories are found and the
  scope shows no tag links: the same terms and provenance as asking both in every scope;
* ``fallback.document_order``: the page index's positions and nodes (no proxy per node of the
  page) give what ``list(doc.iter())`` and its enumeration give.
"""

from __future__ import annotations

import copy
from pathlib import Path

import lxml.html
import pytest
from conftest import saved_pages
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml.html import HtmlElement
from test_s13hpost_engine import _WORDS, _title_hints, _titles

from importer.model import Post
from importer.readers.html import css, engine, fallback, parse_page
from importer.readers.html.metadata import HeadFacts, plain_text, read_head
from importer.readers.html.profiles import Profile
from importer.tally import Tally

PAGES = saved_pages()


def _checking_live(asked: list[bool]) -> object:
    """``engine._live``, each answer checked against ``possible`` while a page is read."""
    live = engine._live

    def checking(scope: HtmlElement, selectors: tuple[str, ...], ctx: engine.PageContext) -> tuple[str, ...]:
        known = id(selectors) in ctx.live
        answer = live(scope, selectors, ctx)
        assert answer == css.possible(scope, selectors)
        asked.append(known)
        return answer

    return checking


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_live_selectors_once_a_page_are_possible_for_every_scope(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "_live", _checking_live([]))
    parse_page(page.read_bytes(), str(page), Tally(), links=False)


def test_live_selectors_were_answered_from_the_page_context(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[bool] = []
    monkeypatch.setattr(engine, "_live", _checking_live(asked))
    for page in PAGES[:20]:
        parse_page(page.read_bytes(), str(page), Tally(), links=False)
    assert any(asked) and not all(asked)  # worked out on the first question, looked up after


def test_live_selectors_of_another_group_with_a_reused_id_are_asked_again() -> None:
    doc = lxml.html.document_fromstring("<html><body><p class='a'>x</p></body></html>")
    ctx = engine.PageContext("page.html", Tally(), HeadFacts(), set(), set(), single=True)
    with css.indexed(doc):
        first = (".a", ".b")
        assert engine._live(doc, first, ctx) == (".a",)
        other = (".b", ".a")
        ctx.live[id(other)] = (first, (".a",))  # a group freed and its id given to another
        assert engine._live(doc, other, ctx) == (".a",)
        assert ctx.live[id(other)][0] is other


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_plain_title_hints_of_every_saved_page(page: Path) -> None:
    head = read_head(lxml.html.document_fromstring(page.read_bytes()), None)
    assert engine._plain_title_hints(head) == frozenset(plain_text(h) for h in _title_hints(head))


@settings(max_examples=300, deadline=None)
@given(
    _titles(),
    st.lists(st.one_of(_WORDS, _titles()), max_size=3),
    st.one_of(st.none(), _titles()),
    st.one_of(st.none(), _titles()),
    st.one_of(st.none(), _titles(), st.integers()),
)
@example("Blog | Blog", ["Blog"], "Blog", "Blog", "Blog")
@example("Post | Blog", ["blog"], "Post", "post", "Post")
@example("Post - News - Blog", ["Blog", "News"], None, None, None)
def test_plain_title_hints_of_any_title(
    title: str, site_names: list[str], og_title: str | None, twitter_title: str | None, headline: object
) -> None:
    meta = {"og:title": og_title, "twitter:title": twitter_title}
    head = HeadFacts(
        title=title or None,
        meta={k: v for k, v in meta.items() if v is not None},
        jsonld={"headline": headline} if headline is not None else {},
        site_names=tuple(site_names),
        site_names_plain=frozenset(plain_text(n) for n in site_names),
    )
    assert engine._plain_title_hints(head) == frozenset(plain_text(h) for h in _title_hints(head))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_document_order_from_the_page_index_is_the_walk(page: Path) -> None:
    doc = lxml.html.document_fromstring(page.read_bytes())
    nodes = list(doc.iter())
    with css.indexed(doc):
        order, window = fallback.document_order(doc)
        for number, node in enumerate(nodes):
            if isinstance(node, HtmlElement):
                assert order[node] == number
        for low in (0, 1, len(nodes) // 2, len(nodes) - 3, len(nodes) - 1):
            for high in (low, low + 40, len(nodes) - 1, len(nodes) + 40):
                assert window(max(low, 0), high) == nodes[max(low, 0) : high + 1]
    walked_order, walked_window = fallback.document_order(doc)  # not indexed: the walk itself
    assert isinstance(walked_order, dict)
    assert walked_window(0, len(nodes)) == nodes


def _read_terms_every_scope(
    box: HtmlElement, post: Post, profile: Profile, ctx: engine.PageContext, found: dict[str, str]
) -> None:
    """``engine._read_terms`` before session 15: category and tag links asked in every scope."""
    categories: list[HtmlElement] = []
    tags: list[HtmlElement] = []
    for scope in engine._scopes(box, ctx):
        category_links, category_selector = engine._term_links(scope, profile.categories, ctx)
        in_categories = set(category_links)
        tag_links, tag_selector = engine._term_links(scope, profile.tags, ctx)
        tag_links = [el for el in tag_links if el not in in_categories]
        if not category_links:
            category_links = [el for el in tag_links if engine._CATEGORY_HREF.search(el.get("href") or "")]
            in_categories = set(category_links)
            tag_links = [el for el in tag_links if el not in in_categories]
        if category_links and not categories:
            categories = category_links
            found.setdefault("categories", category_selector or "a[href*='/category/']")
        if tag_links and not tags:
            chosen = set(categories)
            tags = [el for el in tag_links if el not in chosen]
            found.setdefault("tags", tag_selector or "none")
        if categories and tags:
            break
    if not categories:
        categories = engine._post_class_categories(box, ctx)
        if categories:
            found.setdefault("categories", "post_class() category-SLUG and its /category/SLUG/ link")
    post.categories = engine._refs(categories, ctx)
    post.tags = engine._refs(tags, ctx)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_read_terms_skipping_scopes_finds_what_every_scope_finds(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    read_terms = engine._read_terms

    def checking(
        box: HtmlElement, post: Post, profile: Profile, ctx: engine.PageContext, found: dict[str, str]
    ) -> None:
        before, asked = copy.copy(post), dict(found)
        read_terms(box, post, profile, ctx, found)
        _read_terms_every_scope(box, before, profile, ctx, asked)
        assert (post.categories, post.tags, found) == (before.categories, before.tags, asked)

    monkeypatch.setattr(engine, "_read_terms", checking)
    parse_page(page.read_bytes(), str(page), Tally(), links=False)
