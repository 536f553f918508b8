"""The page text's shortcut of session 13 (issue 13, hchrome) against the form it replaces:

* ``engine.page_text_utf8``: the page's text as libxml2's UTF-8 (``etree.tostring``, method
  text, without the tail), where the reader made ``doc.text_content()``; ``engine.detected``
  looks for a profile's ``detect_text`` phrases in those bytes as UTF-8.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from conftest import saved_pages
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import etree

from importer.readers.html import engine
from importer.readers.html.profiles import PROFILES

PAGES = saved_pages()
PHRASES = sorted({phrase for profile in PROFILES for phrase in profile.detect_text})


def _link_hrefs(doc: lxml.html.HtmlElement) -> str:
    return " ".join(el.get("href") or "" for el in doc.iter("link"))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_page_text_utf8_is_text_content_on_a_saved_page(page: Path) -> None:
    for doc in (lxml.html.document_fromstring(page.read_bytes()), lxml.html.fromstring(page.read_bytes())):
        text = doc.text_content()
        assert engine.page_text_utf8(doc) == text.encode()
        link_hrefs = _link_hrefs(doc)
        for profile in PROFILES:
            expected = engine.detected(doc, text, profile, link_hrefs)
            assert engine.detected(doc, engine.page_text_utf8(doc), profile, link_hrefs) == expected
            assert engine.detected(doc, lambda doc=doc: engine.page_text_utf8(doc), profile, link_hrefs) == expected


# Pieces a page's text is made of: the phrases whole and cut, tags and comments between their
# words, character references for their letters and spaces, text of other scripts, scripts.
_PIECES = st.sampled_from(
    [
        *PHRASES,
        *(phrase[:cut] for phrase in PHRASES for cut in (1, 3, 4)),
        *(phrase[cut:] for phrase in PHRASES for cut in (1, 3, 4)),
        " ",
        "\n",
        "\r\n",
        "\xa0",
        "&nbsp;",
        "&#32;",
        "&#x41;",
        "&#65;dd",
        "&amp;",
        "&lt;b&gt;",
        "<b>",
        "</b>",
        "<p>",
        "</p>",
        "<!-- Add your own -->",
        "<script>var a = 'Trackback this post';</script>",
        "<style>p{}</style>",
        "<![CDATA[Add your own]]>",
        "<br/>",
        "<title>Add</title>",
        "é",
        "日本",
        "\U0001f600",
        "Ä",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES | st.text(max_size=5), max_size=30))
@example(["<p>Add <b>your</b> own</p>"])
@example(["Add&#32;your own"])
@example(["Track", "<!-- x -->", "back this post"])
def test_page_text_utf8_is_text_content_on_generated_pages(pieces: list[str]) -> None:
    markup = "<html><body>" + "".join(pieces) + "</body></html>\n"
    markup = "".join(c for c in markup if c not in "\x00" and not 0xD800 <= ord(c) <= 0xDFFF)
    try:
        doc = lxml.html.document_fromstring(markup.encode())
    except (etree.ParserError, ValueError):
        return
    text = doc.text_content()
    assert engine.page_text_utf8(doc) == text.encode()
    for profile in PROFILES:
        if profile.detect_text:
            as_str = any(phrase in text for phrase in profile.detect_text)
            as_bytes = any(phrase in engine.page_text_utf8(doc) for phrase in engine._utf8_phrases(profile.detect_text))
            assert as_bytes == as_str
