"""Session 14 (hcomm): a comment body serialized without its copy (``comments._pruned_html``)
is the copy's HTML (``html_inside(body_copy(...))``), and a body it takes is no ping's label.

On every saved page (fixtures and corpus: each comment body the reader prunes, and each
element with some of its children dropped, with and without a base URL), on odd markup and on
hypothesis markup; every page reads the same with the shortcut off."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from conftest import saved_pages
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml.html import HtmlElement
from test_html_comment_fastpaths import _markup

from importer.readers.html import comments, parse_page
from importer.readers.html.css import indexed
from importer.readers.html.fields import _doomed, body_copy, html_inside, text_start
from importer.tally import Tally

PAGES = saved_pages()
BASES = (None, "https://example.org/blog/some-post/", "http://www.example.com/")


def _same(body: HtmlElement, drop: set[HtmlElement], base: str | None) -> bool:
    """Whether ``_pruned_html`` took ``body``; when it did, it gave the copy's HTML, and the copy's
    text is not a short label."""
    fast = comments._pruned_html(body, _doomed(body, (), drop), base)
    if fast is None:
        return False
    copy = body_copy(body, (), drop, base)
    assert fast == html_inside(copy)
    assert len(text_start(copy, comments._LABEL_ONLY_MAX)) >= comments._LABEL_ONLY_MAX
    return True


def _drops(el: HtmlElement, pick: int) -> list[set[HtmlElement]]:
    """Sets of elements to leave out of ``el``: some children (by the bits of ``pick``), a
    grandchild (which the shortcut leaves to the copy), some children with their descendants."""
    children = [c for c in el if isinstance(c.tag, str)]
    some = {c for n, c in enumerate(children) if (pick >> (n % 8)) & 1}
    deeper = {d for c in some for d in c.iterdescendants() if isinstance(d.tag, str)}
    grand = {g for c in children[:1] for g in c if isinstance(g.tag, str)}
    return [some, some | deeper, grand, some | grand]


def _check_page(doc: HtmlElement, every: int = 1) -> int:
    taken = 0
    elements = [el for el in doc.iter(etree.Element) if len(el) > 1]
    with indexed(doc):
        for n, el in enumerate(elements[::every]):
            if sum(1 for _ in el.iter()) > 400:
                continue
            for drop in _drops(el, n * 37 + 5):
                for base in BASES[:2]:
                    taken += _same(el, drop, base)
    return taken


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_pruned_html_is_the_copys_on_saved_pages(page: Path) -> None:
    _check_page(lxml.html.document_fromstring(page.read_bytes()), every=3)


def _read(data: bytes, path: str) -> str:
    out = []
    for base in BASES[:2]:
        tally = Tally()
        out.append(f"{parse_page(data, path, tally, base)!r} {tally!r}")
    return "\n".join(out)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_comment_bodies_read_the_same_without_the_shortcut(page: Path) -> None:
    """Every page read with ``_pruned_html`` checked against the copy on each call the reader
    makes, then read again with it off (the copy every time): the same pages and tallies."""
    data = page.read_bytes()
    real = comments._pruned_html
    calls: list[bool] = []

    def checked(body: HtmlElement, doomed: list[HtmlElement], base: str | None) -> str | None:
        fast = real(body, doomed, base)
        if fast is not None:
            copy = body_copy(body, (), set(doomed), base)
            assert fast == html_inside(copy)
        calls.append(fast is not None)
        return fast

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(comments, "_pruned_html", checked)
        fast = _read(data, str(page))
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(comments, "_pruned_html", lambda *_args: None)
        general = _read(data, str(page))
    assert fast == general


def test_the_shortcut_serves_most_pruned_bodies() -> None:
    """On the saved pages most comment bodies that need a copy are served without one."""
    real = comments._pruned_html
    calls: list[bool] = []

    def counted(body: HtmlElement, doomed: list[HtmlElement], base: str | None) -> str | None:
        fast = real(body, doomed, base)
        calls.append(fast is not None)
        return fast

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(comments, "_pruned_html", counted)
        for page in PAGES:
            parse_page(page.read_bytes(), str(page), Tally())
    if len(calls) >= 20:
        assert sum(calls) > len(calls) / 2


_ODD = """<html><body><div class="comment-body"><!-- c0 -->lead &amp; <div class="comment-author">Ann
<a href="/ann">site</a></div>\u00a0tail&lt;one&gt; <!-- c1 --><div class="comment-meta"><a href="#comment-5">May 1,
2020</a></div>\n<p>A first paragraph that is long enough, <a href="/rel">rel</a> <!-- in --> and more.</p>
<span class="reply"><a href="/reply">Reply</a></span>  \t
<!-- c2 --><script>var a = 1 < 2;</script><style>p{}</style>
<p>Another one</p><div class="reply">r</div>\n</div></body></html>"""


def test_pruned_html_on_odd_markup() -> None:
    doc = lxml.html.document_fromstring(_ODD)
    body = next(doc.iter("div"))
    meta = {el for el in body if el.get("class") in ("comment-author", "comment-meta", "reply")}
    with indexed(doc):
        for base in BASES:
            assert _same(body, meta, base)
            assert not _same(body, meta | {body.find("p/a")}, base)  # inside a kept child: the copy
            pi = etree.ProcessingInstruction("pi", "data")  # (the HTML parser makes a comment of one)
            body.insert(5, pi)
            assert not _same(body, meta, base)  # a processing instruction: the copy answers
            body.remove(pi)
        words = lxml.html.fragment_fromstring(
            '<div><p>A paragraph long enough to tell.</p><span class="reply">Reply</span> words <p>x</p></div>'
        )
        assert comments._pruned_html(words, [words[1]], None) is None  # a tail of words after a kept child
        short = lxml.html.fragment_fromstring(
            '<div><span class="reply">Reply</span><p>Pingback:</p><span class="x">y</span></div>'
        )
        assert comments._pruned_html(short, [short[0]], None) is None  # too short to tell: the copy


_TOP_TAGS = st.sampled_from(["p", "div", "span", "blockquote", "script", "form"])
_TOP_TEXTS = st.sampled_from(["", "\n", " \t ", "x", " a & b ", "<!-- c -->", "&lt;t&gt;", "\u00e9\u00a0", "\r\n"])
_WORDS = st.sampled_from(["", "a longer run of words, past the label's length"])


@st.composite
def _children(draw: st.DrawFn) -> str:
    """A comment body's children (hypothesis markup from test_html_comment_fastpaths inside
    each), with texts and tails between them, some long enough to show the body is no label."""
    parts = [draw(_TOP_TEXTS)]
    for _ in range(draw(st.integers(0, 5))):
        tag = draw(_TOP_TAGS)
        mark = draw(st.sampled_from(["", ' class="reply"', ' class="comment-meta"', ' href="/x"']))
        parts.append(f"<{tag}{mark}>{draw(_WORDS)}{draw(_markup())}</{tag}>{draw(_TOP_TEXTS)}")
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(_children(), st.integers(0, 255), st.sampled_from(BASES))
def test_pruned_html_on_generated_markup(body: str, pick: int, base: str | None) -> None:
    doc = lxml.html.document_fromstring(f"<html><body><div>{body}</div></body></html>")
    top = doc.find("body/div")
    if top is None:
        return
    with indexed(doc):
        for drop in _drops(top, pick):
            _same(top, drop, base)
    for drop in _drops(top, pick):  # no page index
        _same(top, drop, base)
