"""The HTML reader's cheap pre-checks before a regular expression (issue 13, session 11, branch
``html``) answer what the expression alone answers, and the JSON-LD scripts found from the page's
index are those of the XPath."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml.html import HtmlElement

from importer.readers.html import engine, fields, metadata
from importer.readers.html.css import indexed

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_PAGES = sorted((ROOT / "fixtures").rglob("*.html"))

_NAME_PIECES = st.sampled_from(
    [
        *("Bob", "bob", " ", "  ", ":", " :", ": ", "says", "SAYS", "Says", "said", "wrote", "a dit", "dit"),
        *("ha scritto", "scritto", "schreibt", "zegt", "\u017fays", "\u212a", "Jos\u00e9", "\u00a0", "\t", "-"),
        *("on", "12", "May", "by ", "Posted by ", "\u2014", "Kommentar von ", "dice", "disse", "diz", "\u0131"),
    ]
)


def _clean_name_always_sub(text: str) -> str | None:
    """clean_name as it was: the suffix expression run on every name."""
    name = " ".join(text.split())
    name = fields._NAME_PREFIX.sub("", name)
    cut = fields._NAME_CUT.search(name)
    if cut and fields._DIGIT.search(name, cut.end()):
        name = name[: cut.start()]
    name = fields._NAME_SUFFIX.sub("", name).strip(" ,:|\u2014\u2013-")
    if not name or len(name) > fields._MAX_NAME or fields._is_date_like(name):
        return None
    return name


@settings(max_examples=1500, deadline=None)
@given(st.one_of(st.lists(_NAME_PIECES, max_size=8).map("".join), st.text(max_size=30)))
@example("Bob \u017fays:")
@example("Bob SAYS :")
@example("bobsays")
@example("Bob ha scritto")
def test_clean_name_with_the_suffix_check_is_without(text: str) -> None:
    name = " ".join(text.split())
    if fields._NAME_SUFFIX.search(name) is not None:
        assert fields._may_end_in_suffix(name)
    assert fields.clean_name(text) == _clean_name_always_sub(text)


@settings(deadline=None)
@given(st.lists(st.sampled_from(["/", "index.htm", "index.html", "l", "?", "#", "p=1", "x", "INDEX.HTML"]), max_size=6))
def test_unmirror_with_the_check_is_the_expression(parts: list[str]) -> None:
    url = "".join(parts)
    assert metadata.unmirror(url) == (metadata._MIRROR_INDEX.sub(r"\1", url) if url else url)


def _foreign_as_it_was(el: HtmlElement, scope: HtmlElement, box: HtmlElement | None) -> bool:
    node = el
    while node is not None and node is not scope and node is not box:
        if node.tag in engine._FOREIGN_TAGS:
            return True
        classes, ident = node.get("class"), node.get("id")
        marks = f"{classes or ''} {ident or ''}" if classes or ident else ""
        if marks and (engine._FOREIGN.search(marks) or (node.tag == "article" and engine._POST_CLASS.search(marks))):
            return True
        node = node.getparent()
    return False


@pytest.mark.parametrize("page", FIXTURE_PAGES, ids=lambda p: p.name)
def test_foreign_remembered_and_json_ld_from_the_index(page: Path) -> None:
    doc = lxml.html.document_fromstring(page.read_bytes())
    elements = [el for el in doc.iter() if isinstance(el, lxml.html.HtmlElement)]
    for el in elements[:: max(1, len(elements) // 200)]:
        assert engine.foreign(el, doc, None) == _foreign_as_it_was(el, doc, None)
    expected = doc.xpath("//script[@type='application/ld+json']")
    assert metadata._JSONLD_SCRIPTS(doc) == expected
    with indexed(doc):
        assert metadata.select(doc, metadata._JSONLD_SELECTOR) == expected
        article = metadata._jsonld_article(doc)
    assert metadata._jsonld_article(doc) == article


def test_json_ld_of_odd_scripts() -> None:
    doc = lxml.html.document_fromstring(
        '<html><head><script type="application/ld+json">{"@type": "Article", "headline": "h"}</script>'
        '<script type="Application/ld+json">{"@type": "Article", "headline": "no"}</script>'
        '<script type="application/ld+json ">[]</script><script type="application/ld&#x2b;json">'
        '{"@type": "BlogPosting", "datePublished": "2020"}</script></head><body>'
        '<svg><script type="application/ld+json">{}</script></svg></body></html>'
    )
    expected = doc.xpath("//script[@type='application/ld+json']")
    with indexed(doc):
        assert metadata.select(doc, metadata._JSONLD_SELECTOR) == expected
        assert metadata._jsonld_article(doc) == {"@type": "Article", "headline": "h"}
