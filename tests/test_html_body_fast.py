"""``fields.inner_html`` / ``outer_html`` serialize straight from the page when the copy would be
the same (nothing to leave out, no HTML comment, no link to make absolute): they must give what
the copy-prune-clean path gives, on every element of the fixture pages and on odd markup."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml.html import HtmlElement

from importer.readers.html import fields
from importer.readers.html.css import indexed

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_PAGES = sorted((ROOT / "fixtures").rglob("*.html"))
BASES = (None, "https://example.org/blog/some-post/", "http://example.org/")
STRIPS: tuple[tuple[str, ...], ...] = ((), (".sharedaddy", "script", ".wp-caption-text"), ("a",))


def _inner_by_copy(el: HtmlElement, strip: tuple[str, ...], drop: set[HtmlElement], base: str | None) -> str:
    return fields.html_inside(fields.body_copy(el, strip, drop, base))


def _outer_by_copy(el: HtmlElement, strip: tuple[str, ...], base: str | None, drop: set[HtmlElement]) -> str:
    wrapper = lxml.html.Element("div")
    clone = fields._pruned_copy(el, fields._doomed(el, strip, drop))
    clone.tail = None
    wrapper.append(clone)
    return fields.html_inside(fields._cleaned(wrapper, base))


def _check(doc: HtmlElement, every: int = 1) -> None:
    before = lxml.html.tostring(doc)
    elements = [el for el in doc.iter() if isinstance(el, HtmlElement)][::every]
    some = set(elements[::7])
    with indexed(doc):
        for el in elements:
            for base in BASES:
                for strip in STRIPS:
                    drop = some if strip == () else set()
                    assert fields.inner_html(el, strip, drop, base) == _inner_by_copy(el, strip, drop, base)
                    assert fields.outer_html(el, strip, base, drop) == _outer_by_copy(el, strip, base, drop)
    assert lxml.html.tostring(doc) == before  # the page is left as it was


@pytest.mark.parametrize("page", FIXTURE_PAGES, ids=lambda p: p.name)
def test_fast_serialization_is_the_copys_on_every_page(page: Path) -> None:
    doc = lxml.html.document_fromstring(page.read_bytes())
    _check(doc, every=max(1, len(list(doc.iter())) // 60))


ODD = """<html><head><style>a { background: url(x.png) }</style></head><body>
<div id="a"><p>one <a href=" https://ex.org/a ">sp</a> <!-- c --> two</p></div>
<div id="b"><img src="/rel.png"> <a href="https://ex.org/b?">q</a> <a href="https://ex.org/c#">f</a></div>
<div id="c"><p style="background: url('/bg.png')">s</p><object codebase="/cb/" data="d.swf"></object></div>
<div id="d"><meta http-equiv="refresh" content="0; url=/go"><a href="https://ex.org/ok/">ok</a> tail</div>
<div id="e"><a href="javascript:void(0)">j</a><a href="#top">t</a><a href="mailto:x@y">m</a></div>
<div id="f"><svg><a href="https://ex.org/s">s</a></svg><p hidden>h</p>&amp; &lt;</div>
<div id="g"><script>if (a < b) {}</script><?pi x?><p>x</p></div></body></html>"""


def test_fast_serialization_on_odd_markup() -> None:
    _check(lxml.html.document_fromstring(ODD))


_PIECES = st.sampled_from(
    [
        "<p>", "</p>", "<div>", "</div>", "text", " ", "&amp;", "<!-- c -->", "<br>", "<b>", "</b>",
        '<a href="https://ex.org/x">', '<a href="/rel">', '<a href=" https://ex.org/y ">', "</a>",
        '<img src="i.png">', '<img src="https://ex.org/i.png">', '<span class="sharedaddy">', "</span>",
        '<p style="color: red">', '<p style="background:url(/u)">', "<script>x<y</script>", "<?pi?>",
    ]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=14).map("".join))
def test_fast_serialization_on_generated_markup(body: str) -> None:
    _check(lxml.html.document_fromstring(f"<html><body><div>{body}</div></body></html>"))
