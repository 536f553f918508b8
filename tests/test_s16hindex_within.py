"""Session 16: ``css.ElementsWithin`` made of no elements (a page without comment items) answers
``[]`` at once, as its general path (``in_document_order(within(scope, []))``) does, for scopes of
an indexed page, of another document and with no page indexed; with elements it is unchanged
(``within`` in document order).
"""

from __future__ import annotations

import lxml.html

from importer.readers.html import css

_PAGE = "<html><body><div id=a><p class=x>1</p><p>2</p></div><div class=x>3</div></body></html>"


def _general(scope: lxml.html.HtmlElement, elements: list[lxml.html.HtmlElement]) -> list[lxml.html.HtmlElement]:
    return css.in_document_order(css.within(scope, elements))


def test_no_elements() -> None:
    doc = lxml.html.document_fromstring(_PAGE)
    other = lxml.html.document_fromstring(_PAGE)
    scopes = [doc, *doc.iter("div", "p"), other]
    none = css.ElementsWithin([])
    for scope in scopes:  # no page indexed
        assert none(scope) == _general(scope, []) == []
    with css.indexed(doc):
        none = css.ElementsWithin(iter(()))
        for scope in scopes:
            assert none(scope) == _general(scope, []) == []


def test_with_elements() -> None:
    doc = lxml.html.document_fromstring(_PAGE)
    with css.indexed(doc):
        elements = [*list(doc.iter("p"))[::-1], doc.get_element_by_id("a")]
        within = css.ElementsWithin(elements)
        for scope in [doc, *doc.iter("div", "p", "body")]:
            assert within(scope) == _general(scope, elements)
