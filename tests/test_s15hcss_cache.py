"""Session 15's shortcuts in the page index, each against the general path:

* a compiled test keeps its candidates for the page indexed last (``Test.page``, a serial per
  ``index_page``): finds on pages indexed side by side, one after another and after one is freed
  answer as the Python index does;
* ``index_page`` files a class word met again on the page straight into its bucket (the word's
  slot remembers it): the buckets equal the Python walk's, with words that share slots, words
  repeated in one value, and words filed by the non-ASCII path too;
* ``possible`` (a look-up per needed name; ``_cindex.live`` when built, as ``css._live``) keeps
  the selectors whose classes and ids the page has, and ``_index_of``'s shortcut for the one page
  being read answers as the general look-up;
* ``find`` of a test with no candidate on the page answers ``[]`` before walking to the scope's
  last node, and ``_match`` reads the test's names and values from C arrays: as the Python index;
* ``select`` on the one page being read asks ``Positions.select``, which keeps a selector string's
  tests by its address (dropped whole past 2,048 strings): its answers are the XPath's, for the
  same string again, for equal strings that are other objects, across the table being dropped,
  and for selectors that need XPath.
"""

from __future__ import annotations

import gc
import random

import lxml.html
import pytest

from importer.readers.html import css
from importer.readers.html.css import PageIndex

compiled = pytest.mark.skipif(css._cindex is None, reason="not built: python setup.py build_ext --inplace")

_SELECTORS = [
    ".item",
    ".odd",
    "li.even",
    "#main .odd",
    "ul > li",
    "a[rel~='tag']",
    "[itemprop='author']",
    "time[datetime]",
    ".even, .odd",
    ".nope",
    "#nope",
    "li",
    "div.wrap .item a",
    ".a1.b2",
    "#main.wrap",
    "div#main",
    "a[href^='/t/1']",
    "a[href$='3']",
    "a[href*='t/']",
    "a[href^='']",
    "li[class~='odd']",
    "li[class='item']",
    "[itemprop]",
    "li:not(.odd)",
    "li.item:not(.even):not([itemprop])",
]


def _page(seed: int) -> str:
    rng = random.Random(seed)
    words = ["item", "odd", "even", "a1", "b2", "wrap", f"w{seed}", "nope" if seed % 5 == 0 else "yes"]
    items = []
    for i in range(rng.randrange(3, 30)):
        classes = " ".join(rng.choice(words) for _ in range(rng.randrange(0, 4)))
        rel = ' rel="tag"' if rng.random() < 0.5 else ""
        prop = ' itemprop="author"' if rng.random() < 0.2 else ""
        time = '<time datetime="2020">x</time>' if rng.random() < 0.3 else ""
        items.append(f'<li class="{classes}"{prop}><a{rel} href="/t/{i}">t</a>{time}</li>')
    main = ' id="main"' if seed % 3 else ""
    return f'<html><body><div{main} class="wrap"><ul class="list">{"".join(items)}</ul></div></body></html>'


def _scopes(doc: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    return [doc, *doc.iter("div", "ul"), *list(doc.iter("li"))[:5]]


def _answers(index: PageIndex, doc: lxml.html.HtmlElement) -> list[list[lxml.html.HtmlElement] | None]:
    found = []
    for selector in _SELECTORS:
        tests = css.simple_selectors(selector)
        assert tests is not None
        found.extend(index.find(scope, tests) for scope in _scopes(doc))
    return found


@compiled
def test_candidates_kept_per_page_answer_as_the_python_index() -> None:
    docs = [lxml.html.document_fromstring(_page(seed)) for seed in range(12)]
    wanted = [_answers(PageIndex.of(doc, compiled=False), doc) for doc in docs]
    built = [PageIndex.of(doc, compiled=True) for doc in docs]  # all alive: serials side by side
    for _ in range(2):
        for number in [0, 5, 1, 5, 0, 11, 3, 3, 7]:  # the same tests asked on page after page
            assert _answers(built[number], docs[number]) == wanted[number], number
    built.clear()
    gc.collect()
    for number in range(len(docs)):  # one index at a time, each freed before the next is made
        index = PageIndex.of(docs[number], compiled=True)
        assert _answers(index, docs[number]) == wanted[number], number
        del index
        gc.collect()


@compiled
def test_class_words_met_again_are_filed_as_the_python_walk_files_them() -> None:
    rng = random.Random(15)
    words = [f"c{i}" for i in range(6000)]  # more than the 4,096 slots: words share slots
    elements = []
    for i in range(3000):
        chosen = [
            rng.choice(words[:50]) if rng.random() < 0.5 else rng.choice(words) for _ in range(rng.randrange(1, 6))
        ]
        if i % 7 == 0:
            chosen.append(chosen[0])  # a word twice in one value: filed once
        value = " ".join(chosen)
        if i % 11 == 0:
            value += " caf\u00e9"  # not ASCII: the Python split files every word of it
        elements.append(f'<p class="{value}" id="p{i % 40}">x</p>')
    html = f"<html><body>{''.join(elements)}</body></html>"
    for _ in range(2):  # the second time, every word is in its slot from the first page
        doc = lxml.html.document_fromstring(html)
        walked, built = PageIndex.of(doc, compiled=False), PageIndex.of(doc, compiled=True)
        assert list(built.by_class) == list(walked.by_class)
        for name, bucket in walked.by_class.items():
            assert built.by_class[name] == bucket, name
        assert built.by_id == walked.by_id


def _possible_by_rule(index: PageIndex, selectors: tuple[str, ...]) -> tuple[str, ...]:
    kept = []
    for selector in selectors:
        classes, ids = css.required_tokens(selector)
        if all(c in index.by_class for c in classes) and all(i in index.by_id for i in ids):
            kept.append(selector)
    return tuple(kept)


def test_possible_keeps_the_selectors_whose_classes_and_ids_the_page_has() -> None:
    groups = [
        tuple(_SELECTORS),
        (".odd .even", "#main", "#main.wrap", ".w3", ".w4 a", "xpath://li", "li:not(.odd)", ".odd, .x"),
        (".nope", "#nope"),
        (),
    ]
    for seed in range(10):
        doc = lxml.html.document_fromstring(_page(seed))
        other = lxml.html.document_fromstring(_page(seed + 1))  # not being read
        with css.indexed(doc):
            index = css._index_of(doc)
            assert index is not None
            for group in groups:
                for scope in (doc, *doc.iter("li")):
                    assert css.possible(scope, group) == _possible_by_rule(index, group), (seed, group)
                assert css.possible(other, group) == group  # no index: all of them
                assert css._index_of(other) is None


@compiled
def test_compiled_live_keeps_what_the_python_loop_keeps() -> None:
    rng = random.Random(7)
    names = [f"n{i}" for i in range(12)]
    for _ in range(500):
        by_class = {name: ([], []) for name in names if rng.random() < 0.5}
        by_id = {name: ([], []) for name in names if rng.random() < 0.5}
        selectors = tuple(f"s{i}" for i in range(rng.randrange(0, 9)))
        needs = tuple(
            (
                tuple(rng.sample(names, rng.randrange(0, 3))),
                tuple(rng.sample(names, rng.randrange(0, 2))),
            )
            for _ in selectors
        )
        wanted = css._live(selectors, needs, by_class, by_id)
        found = css._cindex.live(selectors, needs, by_class, by_id)
        assert found == wanted
        assert (found is selectors) == (wanted is selectors)


def test_index_of_one_page_answers_as_the_general_look_up() -> None:
    doc = lxml.html.document_fromstring(_page(1))
    second = lxml.html.document_fromstring(_page(2))
    with css.indexed(doc):
        index = css._PAGES[doc]
        assert css._index_of(doc) is index
        assert all(css._index_of(el) is index for el in doc.iter())
        assert css._index_of(second) is None
        with css.indexed(second):  # two pages: no shortcut, each element finds its own page
            assert css._ONLY is None
            assert css._index_of(doc) is index
            assert css._index_of(second) is css._PAGES[second]
        assert css._index_of(second) is None
    assert css._index_of(doc) is None


@compiled
def test_select_by_the_selector_string_answers_as_xpath() -> None:
    doc = lxml.html.document_fromstring(_page(4))
    scopes = _scopes(doc)
    selectors = [*_SELECTORS, "li + li", "xpath:.//li[a]", "li:first-child", "#main > ul > li"]
    wanted = {s: [css.select(scope, s) for scope in scopes] for s in selectors}  # no index: XPath
    with css.indexed(doc):
        assert css._ONLY is not None
        for round_ in range(2_100 // len(selectors) + 2):  # over 2,048 distinct strings: dropped
            for selector in selectors:
                copy = "".join(list(selector))  # equal, another object (a new entry)
                assert copy is not selector
                for one in (selector, copy) if round_ % 20 == 0 else (copy,):
                    assert [css.select(scope, one) for scope in scopes] == wanted[selector], (round_, one)
