"""The per-page selector index finds exactly what cssselect's XPath finds, for every selector of
the theme profile table, on every fixture page, from the page and from inner scopes."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from lxml.html import HtmlElement

from importer.readers.html import profiles
from importer.readers.html.css import compiled, indexed, select, select_any, simple_selectors

FIXTURE_PAGES = sorted((Path(__file__).resolve().parent.parent / "fixtures" / "html").glob("*.html"))


def _table_selectors() -> list[str]:
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, tuple | list | set | frozenset):
            for item in value:
                walk(item)

    for profile in [*profiles.PROFILES, profiles.DEFAULTS]:
        for name in profile.__dataclass_fields__:
            walk(getattr(profile, name))
    walk(profiles.CHROME)
    return sorted(s for s in found if s and not s.startswith("xpath:") and simple_selectors(s) is not None)


SELECTORS = _table_selectors()


def _elements(found: object) -> list[HtmlElement]:
    assert isinstance(found, list)
    return [el for el in found if isinstance(el, HtmlElement)]


def _by_xpath(scope: HtmlElement, selector: str) -> list[HtmlElement]:
    return _elements(compiled(selector)(scope))


def test_most_of_the_table_is_answered_by_the_index() -> None:
    assert len(SELECTORS) > 100


@pytest.mark.parametrize("page", FIXTURE_PAGES, ids=lambda p: p.name)
def test_index_matches_xpath(page: Path) -> None:
    doc = lxml.html.document_fromstring(page.read_bytes())
    scopes = [doc, *_elements(doc.xpath("//body | //*[@id] | //ol | //ul"))]
    with indexed(doc):
        for scope in scopes:
            for selector in SELECTORS:
                assert select(scope, selector) == _by_xpath(scope, selector), (page.name, selector)
        union = [*[s for s in SELECTORS if "," not in s][:40], "script", "#comments > h2"]
        expected = doc.xpath(" | ".join(compiled(s).path for s in union))
        assert select_any(doc, union) == _elements(expected)


def test_attribute_tests_follow_css() -> None:
    doc = lxml.html.document_fromstring(
        "<html><body><a rel='category tag' href='/c/'>c</a><a rel='tagged' href='x.html'>x</a><a href='/x/c'>y</a>"
        "<span class='a  b' lang='en-GB'>s</span></body></html>"
    )
    with indexed(doc):
        assert [el.text for el in select(doc, "a[rel~='tag']")] == ["c"]
        assert [el.text for el in select(doc, "a[href$='.html']")] == ["x"]
        assert [el.text for el in select(doc, "a[href^='/c']")] == ["c"]
        assert [el.text for el in select(doc, "a[href*='']")] == []
        assert [el.text for el in select(doc, "a[href*='/c']")] == ["c", "y"]
        assert [el.text for el in select(doc, "span.b.a")] == ["s"]
        assert select(doc, "span.a.c") == []


def test_chains_and_negations_follow_css_from_every_scope() -> None:
    """Descendant and child chains and :not() answered by the index: the first part must be the
    scope or inside it (an ancestor above the scope never counts), as cssselect's XPath says."""
    doc = lxml.html.document_fromstring(
        "<html><body><div id='a' class='x'><p class='y'><span class='z'>1</span></p>"
        "<div class='x w'><span class='z'>2</span><ul><li class='z'>3</li></ul></div></div>"
        "<p><b class='z'>4</b></p><time class='updated published'>5</time><time class='updated'>6</time></body></html>"
    )
    chains = [
        ".x .z",
        ".x > .z",
        "#a > p > .z",
        "#a .x .z",
        "div.x > ul > li",
        "p:not(.y) .z",
        ".x span:not(.w)",
        ".w:not(.y) li.z",
        "time.updated:not(.published)",
        "body > p .z, .x > .z",
    ]
    with indexed(doc):
        for selector in chains:
            assert simple_selectors(selector) is not None, selector
            for scope in doc.iter():
                assert select(scope, selector) == _by_xpath(scope, selector), (selector, scope.tag, scope.get("class"))
        assert select_any(doc, chains) == _elements(doc.xpath(" | ".join(compiled(s).path for s in chains)))
