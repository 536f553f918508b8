"""A page's links joined by ``UrlJoins`` (issue 13, session 13, branch ``hpage``): each join is
``join_url``'s (``urljoin``'s), and ``Page.links`` is what the loop it replaces gave, on the saved
pages and fixtures, and on hypothesis-made bases and references."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import lxml.html
import pytest
from conftest import saved_pages
from hypothesis import example, given, settings
from hypothesis import strategies as st

import importer.readers.html as html_reader
from importer.readers.html import parse_page
from importer.readers.html.metadata import read_head
from importer.tally import Tally
from importer.transforms.urls import UrlJoins, join_url

PAGES = saved_pages()
BASES = (
    None,
    "https://example.org/blog/some-post/",
    "http://other.example/a/b.html?x=1",
    "http://x.example",
    "https://x.example/a//b/../c/./d;p?q#f",
    "http://[broken/",
)


def _urljoin_or_url(base: str, url: str) -> str:
    try:
        return urljoin(base, url)
    except ValueError:
        return url


def _links_as_before(doc: lxml.html.HtmlElement, base: str | None) -> list[str]:
    """``_links`` as it was (session 12): each href that needs it joined by ``join_url``."""
    hrefs = (str(h).strip() for h in doc.xpath("//a/@href"))
    joined: dict[str, str] = {}
    links = []
    for href in hrefs:
        if not href or href[0] == "#":
            continue
        if base and not href.startswith(("http://", "https://", "mailto:")):
            if href not in joined:
                joined[href] = join_url(base, href)
            href = joined[href]
        links.append(href)
    return links


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_page_links_are_the_loops(path: Path) -> None:
    data = path.read_bytes()
    doc = lxml.html.document_fromstring(data)
    own = read_head(doc, None).base_url
    for base in (*BASES, own):
        assert html_reader._links(doc, base) == _links_as_before(doc, base)
        if base:  # every href of the page, joined, also the absolute ones _links keeps as they are
            joins = UrlJoins(base)
            for href in doc.xpath("//a/@href|//link/@href|//img/@src"):
                assert joins[str(href)] == join_url(base, str(href)) == _urljoin_or_url(base, str(href))
                assert joins[str(href).strip()] == join_url(base, str(href).strip())


@pytest.mark.parametrize("path", PAGES[:12], ids=lambda p: p.name)
def test_parse_page_links(path: Path) -> None:
    data = path.read_bytes()
    for base in BASES:
        page = parse_page(data, str(path), Tally(), base)
        doc = lxml.html.document_fromstring(data)
        head_base = read_head(doc, base).base_url
        assert page.links == _links_as_before(doc, head_base)


_PIECES = st.sampled_from(
    [
        *("../", "./", "..", ".", "/", "//", "a", "b.html", "index.html", "?", "#", "?p=1", "#c", ";", ";p", ":"),
        *("x:", "HTTP:", "http:", "https:", "mailto:", "javascript:void(0)", "a+b-c.d:", "1a:", "%2e", "%20"),
        *(" ", "\t", "\n", "\x00", "\x1f", "\x7f", "é", "\u2100", "[", "]", "@", "\\", "&", "=", "~", "..x", ".x"),
    ]
)
_REFERENCES = st.one_of(st.lists(_PIECES, max_size=10).map("".join), st.text(max_size=16))
_BASE_PIECES = st.sampled_from(
    [
        *("http://", "https://", "HTTP://", "ftp://", "h.example", ":8080", "u@", "/", "//", "a", "b.html", ".", ".."),
        *("../", "./", ";p", "?", "?q", "#", "#f", "[", "]", " ", "\t", "é", "%2F"),
    ]
)
_JOIN_BASES = st.one_of(
    st.sampled_from([b for b in BASES if b]),
    st.lists(_BASE_PIECES, max_size=8).map("".join),
    st.builds(lambda rest: "http://h.example/" + rest, st.lists(_BASE_PIECES, max_size=6).map("".join)),
)


@settings(max_examples=2000, deadline=None)
@given(_JOIN_BASES, st.lists(_REFERENCES, min_size=1, max_size=4))
@example("http://h.example/a/b/c.html", ["../../../../index.html?p=137", "../", "../..", "x./y", "a//b"])
@example("http://h.example", ["x", "../x", "/"])
@example("http://h.example/a//b/", ["x", "../x", "../../../x"])
@example("http://h.example/a/../b/", ["x", "../x"])
@example("http://h.example/./", ["x", "/./x", "/.//x", "/..", "/x/.."])
@example("http:h", ["x", "http:x", "HTTP:x", "Http://y/z", "mailto:a@b"])
@example("https://h.example/a;p?q#f", ["b;c", "?", "#", "?#", "x?#", "x?y#z?w#v", "/a?b#c"])
@example("http://h.example/a/", ["javascript:x\n", "whatsapp://[x", "about:blank", "..", ".", "./", "x/."])
def test_joins_are_urljoin(base: str, urls: list[str]) -> None:
    joins = UrlJoins(base)
    for url in urls * 2:  # the second time from the dict
        assert joins[url] == join_url(base, url) == _urljoin_or_url(base, url)
        assert joins.join(url) == joins[url]
