"""``Positions.find`` looks up a tuple of selectors' compiled parts by the tuple's address in a C
table (``_cindex._compiled_parts``), dropped whole past 4,096 entries: its answers stay the Python
index's for the same tuple asked again, for equal tuples that are other objects, for tuples whose
parts are not all compiled, and across the table being dropped."""

from __future__ import annotations

import gc

import lxml.html
import pytest

from importer.readers.html import css
from importer.readers.html.css import PageIndex

compiled = pytest.mark.skipif(css._cindex is None, reason="not built: python setup.py build_ext --inplace")

_PAGE = (
    '<html><body><div id="main" class="wrap"><ul class="list">'
    + "".join(f'<li class="item {"odd" if i % 2 else "even"}"><a rel="tag" href="/t/{i}">t</a></li>' for i in range(40))
    + "</ul></div></body></html>"
)
_SELECTORS = [".item", ".odd", "li.even", "#main .odd", "ul > li", "a[rel~='tag']", ".even, .odd", ".nope"]


@compiled
def test_parts_by_address_across_the_table_being_dropped() -> None:
    doc = lxml.html.document_fromstring(_PAGE)
    walked, built = PageIndex.of(doc, compiled=False), PageIndex.of(doc, compiled=True)
    scopes = [doc, doc.get_element_by_id("main"), *doc.iter("li")][:12]
    wanted = {}
    for selector in _SELECTORS:
        tests = css.simple_selectors(selector)
        assert tests is not None
        wanted[selector] = [walked.find(scope, tests) for scope in scopes]
    for round_ in range(5_000 // len(_SELECTORS) + 2):  # over 4,096 distinct tuples: dropped at least once
        for selector in _SELECTORS:
            tests = css.simple_selectors(selector)
            assert tests is not None
            copy = tuple(list(tests))  # equal, another object (a new entry)
            for tuple_ in (tests, copy) if round_ % 50 == 0 else (copy,):
                assert [built.find(scope, tuple_) for scope in scopes] == wanted[selector], (round_, selector)
            del copy
        if round_ % 100 == 0:
            gc.collect()


@compiled
def test_parts_not_all_compiled_are_left_to_the_python_code() -> None:
    doc = lxml.html.document_fromstring(_PAGE)
    built = PageIndex.of(doc, compiled=True)
    tests = css.simple_selectors(".item")
    assert tests is not None
    odd = css.SimpleSelector("LI", (), (), ())  # a tag the compiled walk does not file: no compiled form
    assert odd.compiled is None
    mixed = (*tests, odd)
    assert built.position.find(doc, mixed) is NotImplemented
    assert built.position.find(doc, mixed) is NotImplemented  # the table's answer
    assert built.find(doc, mixed) == PageIndex.of(doc, compiled=False).find(doc, mixed)
