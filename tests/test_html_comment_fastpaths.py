"""The comment reader's fast paths (importer/readers/html/comments.py) give what the general
paths they skip give: on every fixture and corpus page, on odd markup and on hypothesis markup."""

from __future__ import annotations

import os
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from importer.readers.html import comments, parse_page
from importer.readers.html.css import indexed
from importer.readers.html.fields import body_copy, html_inside, text_start
from importer.tally import Tally

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_PAGES = sorted((ROOT / "fixtures").rglob("*.html"))
CORPUS_HTML = Path(os.environ.get("BLOGIMPORT_CORPUS") or ROOT.parent / "shared" / "corpus") / "html"
CORPUS_PAGES = sorted(CORPUS_HTML.rglob("*.html")) if CORPUS_HTML.is_dir() else []
BASES = (None, "https://example.org/blog/some-post/", "http://www.example.com/")


def _read(data: bytes, path: str) -> str:
    out = []
    for base in (None, BASES[1]):
        tally = Tally()
        out.append(f"{parse_page(data, path, tally, base)!r} {tally!r}")
    return "\n".join(out)


def _general(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every fast path of the comment reader off: the general paths only."""
    monkeypatch.setattr(comments, "_as_is", lambda *_args: False)


def _read_both(data: bytes, path: str) -> tuple[str, str]:
    fast = _read(data, path)
    with pytest.MonkeyPatch.context() as patched:
        _general(patched)
        general = _read(data, path)
    return fast, general


@pytest.mark.parametrize("page", FIXTURE_PAGES + CORPUS_PAGES, ids=lambda p: p.name)
def test_pages_read_the_same_with_and_without_the_fast_paths(page: Path) -> None:
    fast, general = _read_both(page.read_bytes(), str(page))
    assert fast == general


def _same_bodies(
    doc: lxml.html.HtmlElement,
    drops: list[set[lxml.html.HtmlElement]],
    bases: tuple[str | None, ...] = BASES,
    every: int = 1,
) -> int:
    """Where ``_as_is`` says the page's element is its copy, what the reader takes from it (the
    HTML inside, the start of its text) is the copy's (elements of up to 400 nodes: a comment's
    body, not the whole page again and again; every ``every``th element)."""
    taken = 0
    sizes: dict[lxml.html.HtmlElement, int] = {}
    elements = list(doc.iter(etree.Element))
    for el in reversed(elements):
        sizes[el] = 1 + sum(sizes.get(child, 1) for child in el)
    with indexed(doc):
        for el in elements[::every]:
            if sizes[el] > 400:
                continue
            for base in bases:
                for drop in drops:
                    if not comments._as_is(el, drop, base):
                        continue
                    taken += 1
                    copy = body_copy(el, (), drop, base)
                    assert html_inside(el) == html_inside(copy)
                    assert text_start(el, 24) == text_start(copy, 24)
    return taken


@pytest.mark.parametrize("page", FIXTURE_PAGES + CORPUS_PAGES, ids=lambda p: p.name)
def test_a_body_as_is_serializes_as_its_copy(page: Path) -> None:
    doc = lxml.html.document_fromstring(page.read_bytes())
    some = {el for n, el in enumerate(doc.iter("p", "div", "span")) if n % 5 == 0}
    _same_bodies(doc, [set(), some], BASES[:2], every=2)


_ODD_BODY = """<html><body><div class="comment-content">  <p>plain <a href="http://a.example/x">abs</a></p>
<p>rel <a href=" http://a.example/y ">spaced</a> <a href="/z">root</a> <a href="#c">frag</a></p>
<p><img src="//cdn.example/i.png"> <a href="HTTP://A.example/">upper</a> <a href="http://a.example/a/../b">dots</a></p>
<div style="background: url(/bg.png)">styled</div><div style="color: red">no url</div>
<p>x<!-- a comment -->y</p><p>a &amp; b &lt; c &nbsp; \u00e9 <br> <input hidden> <span class="reply">r</span></p>
<object codebase="http://o.example/" data="d.swf"></object><p><a href="mailto:x@y.z">m</a>
<a href="javascript:void(0)">j</a></p><script>if (a < b) {}</script><style>p { background: url(x.png) }</style>
<form><input name="q"></form></div>tail</body></html>"""


def test_a_body_as_is_on_odd_markup() -> None:
    doc = lxml.html.document_fromstring(_ODD_BODY)
    assert _same_bodies(doc, [set(), set(doc.iter("span"))]) > 0


_TAGS = st.sampled_from(["p", "div", "span", "a", "img", "em", "br", "script", "style", "form", "blockquote"])
_ATTRIBUTES = st.sampled_from(
    [
        "",
        ' href="http://a.example/x"',
        ' href="/rel"',
        ' href=" http://a.example/sp "',
        ' href="#frag"',
        ' src="i.png"',
        ' class="reply"',
        ' class="comment-meta"',
        ' style="background:url(b.png)"',
        " hidden",
        " title=\"a &quot;b&quot; 'c'\"",
    ]
)
_TEXTS = st.sampled_from(["", "x", " a & b ", "<!-- c -->", "\u00e9\u00a0", "&lt;tag&gt;", "\n\t"])


@st.composite
def _markup(draw: st.DrawFn, depth: int = 0) -> str:
    parts = [draw(_TEXTS)]
    for _ in range(draw(st.integers(0, 3 if depth < 3 else 0))):
        tag = draw(_TAGS)
        parts.append(f"<{tag}{draw(_ATTRIBUTES)}>{draw(_markup(depth + 1))}</{tag}>{draw(_TEXTS)}")
    return "".join(parts)


@settings(max_examples=150, deadline=None)
@given(_markup())
def test_a_body_as_is_on_generated_markup(body: str) -> None:
    doc = lxml.html.document_fromstring(f"<html><body><div>{body}</div></body></html>")
    _same_bodies(doc, [set(), set(doc.iter("em"))])


def _swallowed_walk(el: lxml.html.HtmlElement, items: set[lxml.html.HtmlElement]) -> set[lxml.html.HtmlElement]:
    """``comments._swallowed`` as it was: the first item among ``el``'s descendants by a walk."""
    later = next((d for d in el.iterdescendants() if d in items and not comments._listed_below(d, el)), None)
    cut: set[lxml.html.HtmlElement] = {later} if later is not None else set()
    node = later
    while node is not None and node is not el:
        cut.update(s for s in node.itersiblings() if isinstance(s.tag, str))
        node = node.getparent()
    return cut


def _same_swallowed(doc: lxml.html.HtmlElement, items: set[lxml.html.HtmlElement]) -> None:
    with indexed(doc):
        index = comments.ItemIndex(items, [doc])
        for el in items:
            assert comments._swallowed(el, index) == _swallowed_walk(el, items)
    index = comments.ItemIndex(items, [doc])  # no page index: the items found by ancestor walks
    for el in items:
        assert comments._swallowed(el, index) == _swallowed_walk(el, items)


@pytest.mark.parametrize("page", FIXTURE_PAGES + CORPUS_PAGES, ids=lambda p: p.name)
def test_swallowed_from_the_index_is_the_walks(page: Path) -> None:
    doc = lxml.html.document_fromstring(page.read_bytes())
    items = {el for el in doc.iter(etree.Element) if (el.get("id") or "").startswith(("comment-", "li-comment"))}
    items |= {el for el in doc.iter(etree.Element) if "comment" in (el.get("class") or "").split()}
    _same_swallowed(doc, items)


@st.composite
def _nested(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 3 if depth < 4 else 0))):
        tag = draw(st.sampled_from(["div", "li", "ul", "ol", "p", "dl"]))
        mark = draw(st.sampled_from(["", " class='children'", " class='comment'", " id='comment-1'"]))
        parts.append(f"<{tag}{mark}>{draw(_nested(depth + 1))}</{tag}>")
    return "".join(parts)


@settings(max_examples=200, deadline=None)
@given(_nested(), st.integers(0, 2**16))
def test_swallowed_on_generated_markup(body: str, pick: int) -> None:
    doc = lxml.html.document_fromstring(f"<html><body>{body}</body></html>")
    elements = list(doc.iter(etree.Element))
    items = {el for n, el in enumerate(elements) if (pick >> (n % 16)) & 1 and el.tag not in ("html", "body")}
    items |= {el for el in elements if el.get("class") == "comment"}
    _same_swallowed(doc, items)
