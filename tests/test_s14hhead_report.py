"""``report.comments_elsewhere`` (issue 13, session 14, branch ``hhead``): the Facebook comments
tag found by lxml's walk (``tag:fb:comments``) instead of the XPath ``.//*[name()='fb:comments']``
over every element. Both give the same system on every saved page and on hypothesis markup
(prefixes, case, namespace declarations, the tag as the root's child or deep, look-alike names)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import saved_pages
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml.html import HtmlElement

from importer.readers.html import report
from importer.readers.html.css import indexed, select_any
from importer.readers.html.report import SCRIPT_COMMENTS, comments_elsewhere
from importer.transforms.html_depth import parse_document

PAGES = saved_pages()
_XPATH = "xpath:.//*[name()='fb:comments']"


def _by_xpath(doc: HtmlElement) -> str | None:
    """``comments_elsewhere`` as it was: the XPath for the Facebook tag."""
    for selector, system in SCRIPT_COMMENTS:
        selector = _XPATH if selector == "tag:fb:comments" else selector
        if select_any(doc, (selector,)):
            return system
    return None


def _both(doc: HtmlElement) -> tuple[str | None, str | None]:
    return comments_elsewhere(doc), _by_xpath(doc)


def test_the_table_names_the_tag() -> None:
    assert ("tag:fb:comments", "Facebook comments") in SCRIPT_COMMENTS
    assert [s for s, _ in SCRIPT_COMMENTS if s.startswith("tag:")] == ["tag:fb:comments"]


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_saved_pages(path: Path) -> None:
    doc, _ = parse_document(path.read_bytes().decode("utf-8", "replace"))
    found = doc.xpath(".//*[name()='fb:comments']")
    assert (next(doc.iterdescendants("fb:comments"), None) is not None) == bool(found)
    assert _both(doc)[0] == _both(doc)[1]
    with indexed(doc):
        assert _both(doc)[0] == _both(doc)[1]


_PIECES = st.sampled_from(
    [
        *("<fb:comments href='x'></fb:comments>", "<FB:Comments/>", "<fb:comments>", "<fb:comment>"),
        *("<fb:like/>", "<fb:comments-count>", "<comments>", "<xfb:comments/>", "<fb:commentsx>"),
        *("<div xmlns:fb='http://ogp.me/ns/fb#'>", "<div>", "</div>", "<p>x</p>", "<!-- <fb:comments> -->"),
        *("<script>'<fb:comments>'</script>", "<html>", "<body>", "<div id='disqus_thread'></div>"),
        *("<div class='fb-comments'></div>", "<fb:comments", "&lt;fb:comments&gt;"),
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=10).map("".join))
@example("<fb:comments></fb:comments>")
@example("<html xmlns:fb='http://ogp.me/ns/fb#'><body><fb:comments/></body></html>")
def test_any_markup(markup: str) -> None:
    try:
        doc, _ = parse_document(markup or "<p>x</p>")
    except (etree.ParserError, ValueError):
        return
    assert _both(doc)[0] == _both(doc)[1]
    with indexed(doc):
        assert _both(doc)[0] == _both(doc)[1]


def test_tag_selector_alone() -> None:
    doc, _ = parse_document("<html><body><div><fb:comments href='x'></fb:comments></div></body></html>")
    assert report._shows(doc, "tag:fb:comments")
    assert not report._shows(doc, "tag:fb:like")
    assert comments_elsewhere(doc) == "Facebook comments"
