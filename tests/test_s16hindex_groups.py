"""Session 16: a tuple of selectors' work kept by the tuple's address (``_cindex._group_of``), each
against the general path:

* ``select_any`` on the one page being read asks ``Positions.select_any`` (the tuple's tests and the
  selectors left for XPath split once, ``css._grouped``): its answers are the XPath union's, for
  tuples, lists and generators, groups holding a selector that needs XPath, scopes of another
  document, and across the table being dropped (past 2,048 tuples);
* ``possible`` on that page asks ``Positions.possible`` (the answer kept on the tuple's entry with
  the index's serial): the selectors whose classes and ids the page has (``required_tokens``),
  for pages read one after another (a tuple's answer from the page before is not reused), side by
  side (the general path), and across the table being dropped.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager

import lxml.html
import pytest
from conftest import saved_pages

from importer.readers.html import css, profiles
from importer.readers.html.css import PageIndex

pytestmark = pytest.mark.skipif(css._cindex is None, reason="not built: python setup.py build_ext --inplace")

_GROUPS: list[tuple[str, ...]] = [
    (".item", ".odd"),
    ("li.even", "#main .odd", "a[rel~='tag']"),
    (".nope", "#nope"),
    ("li", "xpath:.//a[@href]"),  # one needs XPath: the general path
    ("li:first-child", ".odd"),
    ("time[datetime]", "[itemprop='author']", ".a1.b2"),
    (),
    *(profiles.DEFAULTS.container, profiles.DEFAULTS.title, profiles.DEFAULTS.date),
]


def _page(seed: int) -> str:
    rng = random.Random(seed)
    words = ["item", "odd", "even", "a1", "b2", f"w{seed}", "nope" if seed % 4 == 0 else "yes", "hentry", "post"]
    items = []
    for i in range(rng.randrange(2, 25)):
        classes = " ".join(rng.choice(words) for _ in range(rng.randrange(0, 4)))
        rel = ' rel="tag"' if rng.random() < 0.5 else ""
        prop = ' itemprop="author"' if rng.random() < 0.2 else ""
        time = '<time datetime="2020">x</time>' if rng.random() < 0.3 else ""
        items.append(f'<li class="{classes}"{prop}><a{rel} href="/t/{i}">t</a>{time}</li>')
    main = ' id="main"' if seed % 3 else ' id="nope"'
    box = f'<div{main} class="wrap"><ul>{"".join(items)}</ul></div>'
    return f'<html><body>{box}<article class="post">a</article></body></html>'


@contextmanager
def _indexed(*docs: lxml.html.HtmlElement) -> Iterator[None]:
    for doc in docs:
        css._PAGES[doc] = PageIndex.of(doc, compiled=True)
    css._only()
    try:
        yield
    finally:
        for doc in docs:
            css._PAGES.pop(doc, None)
        css._only()


def _scopes(doc: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    return [doc, *doc.iter("div", "ul"), *list(doc.iter("li"))[:4]]


def _union(scope: lxml.html.HtmlElement, group: tuple[str, ...]) -> list[lxml.html.HtmlElement]:
    return css._elements(css._union(group)(scope)) if group else []


def _check_select_any(doc: lxml.html.HtmlElement) -> None:
    scopes = _scopes(doc)
    general = {group: [_union(scope, group) for scope in scopes] for group in _GROUPS}
    copy = lxml.html.document_fromstring(lxml.html.tostring(doc))
    with _indexed(doc):
        assert css._ONLY is not None
        for group in _GROUPS:
            for scope, expected in zip(scopes, general[group], strict=True):
                assert css.select_any(scope, group) == expected, group
                assert css.select_any(scope, list(group)) == expected, group
                assert css.select_any(scope, iter(group)) == expected, group
                assert css.select_any(scope, tuple(list(group))) == expected, group  # an equal tuple, another object
            assert css.select_any(copy, group) == _union(copy, group), group


def _by_rule(index: PageIndex, group: tuple[str, ...]) -> tuple[str, ...]:
    """The selectors of ``group`` each of whose needed classes and ids the page has."""
    kept = []
    for selector in group:
        classes, ids = css.required_tokens(selector)
        if all(name in index.by_class for name in classes) and all(name in index.by_id for name in ids):
            kept.append(selector)
    return tuple(kept)


def _check_possible(doc: lxml.html.HtmlElement) -> None:
    with _indexed(doc):
        index = css._PAGES[doc]
        for group in _GROUPS:
            expected = _by_rule(index, group)
            for scope in _scopes(doc):
                assert css.possible(scope, group) == expected, group
                assert css.possible(scope, group) == expected, group  # kept for the page


def test_select_any_on_generated_pages() -> None:
    for seed in range(40):
        _check_select_any(lxml.html.document_fromstring(_page(seed)))


def test_select_any_on_saved_pages() -> None:
    pages = saved_pages()
    assert pages
    for path in pages[:60]:
        _check_select_any(lxml.html.document_fromstring(path.read_bytes()))


def test_possible_page_after_page() -> None:
    """The same tuples on pages one after another: each page's own answer (the serial)."""
    for seed in range(40):
        _check_possible(lxml.html.document_fromstring(_page(seed)))
    for path in saved_pages()[:60]:
        _check_possible(lxml.html.document_fromstring(path.read_bytes()))


def test_possible_side_by_side() -> None:
    """Two pages read at once: no single page (``_ONLY`` is None), each page's own answer."""
    one, two = (lxml.html.document_fromstring(_page(seed)) for seed in (4, 5))
    with _indexed(one, two):
        assert css._ONLY is None
        for doc in (one, two, one):
            index = css._PAGES[doc]
            for group in _GROUPS:
                assert css.possible(doc, group) == _by_rule(index, group)


def test_across_the_table_being_dropped() -> None:
    """Past 2,048 tuples the table is dropped whole: answers stay the general path's."""
    doc = lxml.html.document_fromstring(_page(7))
    with _indexed(doc):
        index = css._PAGES[doc]
        for i in range(5000):
            group = (f".w{i % 13}", ".odd", f"#n{i}") if i % 2 else (".item", f"li.x{i}")
            assert css.select_any(doc, group) == _union(doc, group)
            assert css.possible(doc, group) == _by_rule(index, group)
            if i % 500 == 0:
                for kept in _GROUPS:
                    assert css.select_any(doc, kept) == _union(doc, kept), kept
