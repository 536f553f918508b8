"""The shortcuts of session 15 (issue 13, branch ``hcopy``) against the general paths they replace,
on the saved pages and on hypothesis-made markup: ``engine._unmirrored`` replaces each mirrored
link through a callback (``metadata.first_group``), not the ``r"\\1"`` template; a ``dt``/``dd`` comment's
text is ``inner_html`` of the ``dd`` (no copy when nothing is left out), not ``html_inside`` of its
``body_copy``."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import lxml.html
import pytest
from conftest import saved_pages
from hypothesis import given, settings
from hypothesis import strategies as st

from importer.readers.html import engine
from importer.readers.html.fields import body_copy, html_inside, inner_html
from importer.readers.html.profiles import DEFAULTS, PROFILES

PAGES = saved_pages()
_BASES = (None, "http://h.example/blog/")


def _mirrored(html: str) -> str:
    return engine._unmirrored(html, SimpleNamespace(head=SimpleNamespace(mirrored=True)))  # type: ignore[arg-type]


def _check_html(html: str) -> None:
    assert _mirrored(html) == engine._MIRRORED_LINK.sub(r"\1", html)


def _check_dds(doc: lxml.html.HtmlElement) -> None:
    for dd in doc.iter("dd"):
        for strip in {p.comment_strip for p in (*PROFILES, DEFAULTS)}:
            for base in _BASES:
                assert inner_html(dd, strip, set(), base) == html_inside(body_copy(dd, strip, set(), base))


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_page_shortcuts(path: Path) -> None:
    raw = path.read_bytes()
    _check_html(raw.decode("utf-8", "replace"))
    doc = lxml.html.document_fromstring(raw)
    _check_html(lxml.html.tostring(doc, encoding="unicode"))
    _check_dds(doc)


def test_unmirrored_replaces_the_file_name() -> None:
    html = "<a href='http://h.example/x/index.html?p=1'>a</a><img src=\"index.htm#y\"><a href='/index.html'>"
    kept = '<img src="index.htm#y">'  # no folder before the file name: kept
    assert _mirrored(html) == "<a href='http://h.example/x/?p=1'>a</a>" + kept + "<a href='/'>"


_HTML_PIECES = st.sampled_from(
    [
        *("<a href='", '<img src="', "href=", "src=", "'", '"', ">", "</a>", "index.html", "index.htm"),
        *("Index.html", "index.htmll", "/", "//", "?p=1", "#more", "http://h.example", "x", " ", "\\1", "\\g<0>"),
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_HTML_PIECES, max_size=14).map("".join))
def test_any_links(html: str) -> None:
    _check_html(html)


_DD_PIECES = st.sampled_from(
    [
        *("<dl>", "</dl>", "<dt>A</dt>", "<dd>", "</dd>", "<p>", "</p>", "text", " ", "\n", "<br>", "&amp;"),
        *("<div class='reply'>", "<div class='comment-meta'>", "</div>", "<!-- c -->", "<span>", "</span>"),
        *("<a href='/x'>", "<a href='http://h.example/a'>", "</a>", "<img src='i.png'>", "<script>a<b</script>"),
        *("<a class='comment-reply-link' href='#r'>Reply</a>", "<p class='reply'>r</p>", "<style>p{}</style>"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_DD_PIECES, max_size=20).map("".join))
def test_any_dd(markup: str) -> None:
    _check_dds(lxml.html.document_fromstring("<html><body><dl><dt>A</dt><dd>" + markup + "x</dd></dl></body></html>"))
