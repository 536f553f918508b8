"""A post's or comment's text that shows markup (``&lt;b&gt;`` in the page's source, ``<b>`` on
screen) stays text in the body HTML: the body's first text, before any element, is escaped as lxml
escapes every other text node, never written back as a live tag."""

from __future__ import annotations

from pathlib import Path

import lxml.html
from hypothesis import given
from hypothesis import strategies as st

from importer.readers.html import fields, parse_page
from importer.tally import Tally

PAGE = Path(__file__).resolve().parent.parent / "fixtures" / "html" / "twentyeleven-single.html"
SHOWN = "&lt;script&gt;alert(1)&lt;/script&gt; and &lt;b&gt;bold&lt;/b&gt; &amp; more"


def _page_with_shown_markup() -> bytes:
    html = PAGE.read_text(encoding="utf-8")
    html = html.replace('<div class="entry-content">', f'<div class="entry-content">{SHOWN}', 1)
    # a comment whose text starts bare in its content, before its paragraph
    html = html.replace('<div class="comment-content"><p>', f'<div class="comment-content">{SHOWN}<p>', 1)
    return html.encode("utf-8")


def test_markup_shown_as_text_stays_text_in_the_post_and_the_comment() -> None:
    page = parse_page(_page_with_shown_markup(), str(PAGE), Tally())
    post = page.posts[0]
    comment = next(c for c in post.comments if "sighting" in c.content)
    for body in (post.content, comment.content):
        assert SHOWN in body
        assert "<script>" not in body and "<b>bold" not in body


@given(st.text(alphabet="ab<>&;\"' \n", max_size=30), st.booleans())
def test_html_inside_writes_the_text_as_lxml_serializes_it(text: str, child: bool) -> None:
    el = lxml.html.Element("div")
    el.text = text
    if child:
        lxml.html.etree.SubElement(el, "p").text = "x"
        lxml.html.etree.SubElement(el, "p").text = "y"
    whole = lxml.html.tostring(el, encoding="unicode")
    assert fields.html_inside(el) == whole[len("<div>") : -len("</div>")].strip()
    assert (
        lxml.html.fragment_fromstring(f"<div>{fields.html_inside(el)}</div>").text_content().strip()
        == (text + ("xy" if child else "")).strip()
    )
