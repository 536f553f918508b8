"""``read_head``'s shortcuts (issue 13, session 13, branch ``hpage``) against the general paths they
replace, on the saved pages and fixtures and on hypothesis-made markup: ``text_of`` (an element's
own text when it has no children) is ``text_content()``; ``_post_heading_says`` walks the h1-h3
headings as the XPath ``_POST_HEADINGS`` selects them; ``_home_addresses`` from the links'
addresses is what the loop over the link elements gave."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from conftest import saved_pages
from hypothesis import given, settings
from hypothesis import strategies as st

from importer.readers.html import metadata
from importer.readers.html.metadata import HeadFacts, read_head, text_of

PAGES = saved_pages()


def _says_by_xpath(doc: lxml.html.HtmlElement, text: str) -> bool:
    return any(" ".join(h.text_content().split()) == text for h in doc.xpath(metadata._POST_HEADINGS))


def _home_addresses_as_before(doc: lxml.html.HtmlElement, facts: HeadFacts) -> set[str]:
    """``_home_addresses`` as it was (session 12), over the link elements."""
    homes: set[str] = set()
    for url in (facts.canonical_url, facts.base_url, facts.meta.get("og:url"), facts.shortlink):
        origin = metadata._ORIGIN.match(url) if url else None
        if origin:
            homes.add(origin.group(0) + "/")
    served: list[str] = []
    feeds: list[str] = []
    for link in doc.iter("link"):
        href = (link.get("href") or "").strip()
        for marker, found in (("xmlrpc.php", served), ("feed/", feeds), ("?feed=", feeds)):
            if marker in href and href.startswith(("http://", "https://")):
                found.append(href.split(marker)[0].rstrip("/") + "/")
    feeds = [f for f in feeds if metadata._ORIGIN.sub("", f).strip("/").count("/") == 0]
    if served or feeds:
        homes.add(served[0] if served else min(feeds, key=len))
    return homes


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_page_shortcuts(path: Path) -> None:
    doc = lxml.html.document_fromstring(path.read_bytes())
    for el in doc.iter():
        if isinstance(el, lxml.html.HtmlElement):
            assert text_of(el) == el.text_content()
    facts = read_head(doc, None)
    hrefs = [(link.get("href") or "").strip() for link in doc.iter("link")]
    assert metadata._home_addresses(hrefs, facts) == _home_addresses_as_before(doc, facts)
    texts = {" ".join(h.text_content().split()) for h in doc.iter("h1", "h2", "h3")}
    for text in (*sorted(texts), facts.title or "", "x"):
        assert metadata._post_heading_says(doc, text) == _says_by_xpath(doc, text)


_PIECES = st.sampled_from(
    [
        *("<h1>", "</h1>", "<h2 class='entry-title'>", "<h3 class=' post-title\tx'>", "</h2>", "</h3>", "<p>"),
        *("<h2 class='entry-title\xa0x'>", "<h1 class='Entry-Title'>", "<h4 class=entry-title>", "</h4>", "</p>"),
        *("<a rel='bookmark'>", "<a rel='nofollow\nbookmark '>", "<a rel=bookmarks>", "<a>", "</a>", "<b>", "</b>"),
        *("<!-- c -->", "<?pi x?>", "<br>", "<img src=x>", "&amp;", "&nbsp;", "Title", " T  itle ", "\n", "x"),
        *("<title>", "</title>", "<script>", "</script>", "<![CDATA[x]]>", "<svg><h1>s</h1></svg>"),
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=16).map("".join))
def test_any_markup(markup: str) -> None:
    doc = lxml.html.document_fromstring("<html><head><title>Title</title></head><body>" + markup + "x</body></html>")
    for el in doc.iter():
        if isinstance(el, lxml.html.HtmlElement):
            assert text_of(el) == el.text_content()
    for h in (*doc.iter("h1", "h2", "h3"), doc):
        text = " ".join(h.text_content().split())
        assert metadata._post_heading_says(doc, text) == _says_by_xpath(doc, text)
