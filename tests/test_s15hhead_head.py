"""The head and page-level shortcuts of session 15 (issue 13, branch ``hhead``) against the general
paths they replace, on the saved pages and fixtures and on hypothesis-made markup:
``_jsonld_article`` looks up the JSON-LD scripts only when the compiled walk finds one typed so;
``HeadFacts.link_hrefs`` is what ``_apply_profiles`` joined from ``select(doc, "link")``;
``_home_link_names`` skips the comment test for a name it holds already; ``_holding_items`` is the
per-area test it replaced; ``unmirror`` replaces each match by a callback, not the ``r"\1"``
template."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from conftest import saved_pages
from hypothesis import given, settings
from hypothesis import strategies as st

from importer.readers import html as reader
from importer.readers.html import metadata
from importer.readers.html.comments import comment_areas, find_items
from importer.readers.html.css import indexed, select
from importer.readers.html.profiles import DEFAULTS, PROFILES

PAGES = saved_pages()


def _jsonld_by_select(doc: lxml.html.HtmlElement) -> dict[str, object]:
    """``_jsonld_article`` as it was (session 14): every JSON-LD script looked up."""
    may_hold = metadata._may_hold_jsonld
    metadata._may_hold_jsonld = lambda doc: True  # type: ignore[assignment]
    try:
        return metadata._jsonld_article(doc)
    finally:
        metadata._may_hold_jsonld = may_hold  # type: ignore[assignment]


def _in_comment_as_before(el: lxml.html.HtmlElement) -> bool:
    return any(
        "comment" in (a.get("id") or "").lower() or "comment" in (a.get("class") or "").lower()
        for a in el.iterancestors()
    )


def _home_link_names_as_before(doc: lxml.html.HtmlElement, homes: set[str]) -> list[str]:
    """``_home_link_names`` as it was (session 14): the comment test for every link."""
    names: list[str] = []
    spellings = metadata._home_spellings(homes)
    for anchor in doc.iter("a"):
        href, rel = anchor.get("href"), anchor.get("rel")
        if not (href in spellings or (rel and "home" in rel.lower().split())):
            continue
        text = " ".join(anchor.text_content().split())
        if text and len(text) <= metadata._MAX_SITE_NAME and not _in_comment_as_before(anchor):
            names.append(text)
    return list(dict.fromkeys(names))


def _holds_items(area: lxml.html.HtmlElement, items: list[tuple[lxml.html.HtmlElement, int | None]]) -> bool:
    """The per-area test ``_holding_items`` replaced (session 14)."""
    return any(area is el or area in set(el.iterancestors()) for el, _ in items[:1]) or any(
        area in set(el.iterancestors()) for el, _ in items
    )


def _check_page(doc: lxml.html.HtmlElement) -> None:
    with indexed(doc):
        facts = metadata.read_head(doc, None)
        assert facts.link_hrefs == " ".join(el.get("href") or "" for el in select(doc, "link"))
        assert metadata._jsonld_article(doc) == _jsonld_by_select(doc)
        hrefs = [(link.get("href") or "").strip() for link in doc.iter("link")]
        homes = metadata._home_addresses(hrefs, facts) | {"http://h.example/"}
        assert metadata._home_link_names(doc, homes) == _home_link_names_as_before(doc, homes)
        for profile in (*PROFILES[:3], DEFAULTS):
            areas = comment_areas(doc, profile, set())
            items = find_items(areas, set())
            assert reader._holding_items(areas, items) == {a for a in areas if _holds_items(a, items)}
            everything = list(doc.iter("ol", "ul", "div", "li", "article"))
            assert reader._holding_items(everything, items) == {a for a in everything if _holds_items(a, items)}


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_page_shortcuts(path: Path) -> None:
    _check_page(lxml.html.document_fromstring(path.read_bytes()))


def test_jsonld_precheck_reads_each_script_type() -> None:
    article = '{"@type": "BlogPosting", "headline": "H"}'
    for script in (
        f"<script type='application/ld+json'>{article}</script>",
        f"<script type='application/ld&#43;json'>{article}</script>",  # an entity: the XPath reads it
        f"<script type='text/javascript'></script><script type='application/ld+json'>{article}</script>",
    ):
        doc = lxml.html.document_fromstring(f"<html><head>{script}</head><body>x</body></html>")
        with indexed(doc):
            assert metadata._jsonld_article(doc) == {"@type": "BlogPosting", "headline": "H"}
    for script in (f"<script type='Application/ld+json'>{article}</script>", f"<script>{article}</script>"):
        doc = lxml.html.document_fromstring(f"<html><head>{script}</head><body>x</body></html>")
        with indexed(doc):
            assert metadata._jsonld_article(doc) == {} == _jsonld_by_select(doc)


_PIECES = st.sampled_from(
    [
        *("<ol class='commentlist'>", "</ol>", "<li id='comment-1' class='comment'>", "<li id='comment-2' class='x'>"),
        *("<div id='comments'>", "<div class='comment' id='div-comment-3'>", "</div>", "</li>", "<ul>", "</ul>"),
        *("<a href='http://h.example/' rel='home'>Site</a>", "<a href='http://h.example'>Home</a>", "<a rel=Home>"),
        *("<a href='/'>Site</a>", "</a>", "<div class='comment-body'>", "<p>", "</p>", "Site", " x ", "\n"),
        *("<div class='x-Comments'>", "<span id='COMMENT'>", "</span>"),
        '<script type="application/ld+json">{"@type": "Article", "headline": "T"}</script>',
        '<script type="application/ld+json">[1, {"@graph": [{"@type": "WebPage", "datePublished": "d"}]}]',
        *("</script>", "<script type='text/javascript'>x</script>", "<link href=' /feed/ ' rel='alternate'>"),
        *("<link rel='stylesheet'>", "<link href='' rel='pingback'>", "<link href='http://h.example/xmlrpc.php'>"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=20).map("".join))
def test_any_markup(markup: str) -> None:
    _check_page(lxml.html.document_fromstring("<html><head><title>T</title></head><body>" + markup + "x</body></html>"))


_URL_PIECES = st.sampled_from(["index.html", "index.htm", "index.htmll", "/", "?", "#", "p=1", "x", "Index.html", "//"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_URL_PIECES, max_size=8).map("".join))
def test_unmirror_as_the_template_gave(url: str) -> None:
    """``unmirror``'s ``first_group`` callback gives what the ``r"\\1"`` template gave."""
    assert metadata.unmirror(url) == (metadata._MIRROR_INDEX.sub(r"\1", url) if url else url)
