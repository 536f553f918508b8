"""The compiled simple Markdown loop (importer/transforms/_csimple.pyx) gives what the Python one gives."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_fast_paths import _TEXT_CHARS, _inline, _simple_html

from importer.transforms import simple_markdown as sm
from importer.transforms import wpautop
from importer.transforms.html_to_markdown import escape_markdown

_csimple = pytest.importorskip("importer.transforms._csimple")

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "wxr"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


class _Rewriter:
    def __init__(self) -> None:
        self.asked: list[str] = []

    def __call__(self, url: str) -> str:
        self.asked.append(url)
        return {"https://example.org/a": "/posts/a/", "https://example.org/media/a.jpg": "/media/a b.jpg"}.get(url, url)


def _same(html: str) -> None:
    """Both paths on ``html`` (with and past the first refusals): the same answer, the same URLs
    asked in the same order."""
    for python, compiled in (
        (sm.python_simple_markdown, _csimple.simple_markdown),
        (sm._blocks_markdown, _csimple.blocks_markdown),
    ):
        python_rewriter, compiled_rewriter = _Rewriter(), _Rewriter()
        expected = python(html, escape_markdown, python_rewriter)
        got = compiled(html, escape_markdown, compiled_rewriter)
        assert type(got) is type(expected)
        assert got == expected
        assert compiled_rewriter.asked == python_rewriter.asked
        assert compiled(html, escape_markdown, None) == python(html, escape_markdown, None)


def test_the_module_uses_the_compiled_loop() -> None:
    assert sm.simple_markdown is _csimple.simple_markdown


# Pieces of the grammar and of what is just outside it, in any order.
_SOUP = st.lists(
    st.sampled_from(
        [
            *["<p>", "</p>", "<h2>", "</h2>", "<h7>", "</h7>", "<ul>", "</ul>", "<ol>", "</ol>", "<li>", "</li>"],
            *["<blockquote>", "</blockquote>", "<em>", "</em>", "<i>", "</i>", "<strong>", "</strong>", "<b>", "</b>"],
            *["<br />", "<br>", "<br/>", "</a>", '<a href="https://example.org/a">', '<a href="x" rel="y">'],
            *['<a href="x" href="y">', '<a title="t" href="x">', '<a href="/rel?x=1&amp;y=2">', "<a>", "<p >"],
            *["<P>", "<li", "<", ">", "<<p>", "<p>>", "</", "<>", "<!-- -->", "<img>", "<pl>", "<lis>", "<hr>"],
            *["a", "Word", "x y", " ", "  ", "\n", "\n\n", "\t", "1.", "_a", "*", "#", "&amp;", "&lt;", "&#8217;"],
            *["&#0;", "&foo;", "&x", "a;b", "é", "ß", "\u200b", "\u2028", "\ue000", "\x7f", "]", "[", "`", "~", "\\"],
            *["<div>", "</div>", "<pre>", '<p class="x">', "<br\t/>", "<a\u2028href='x'>", "<em >", "<!--more-->"],
            *["\xa0", "&nbsp;", "<ul >", "<b\n>", "< p>", "<strongest>", '<a href="&nbsp;">', '<a href="a b">'],
        ]
    ),
    max_size=24,
).map("".join)


@settings(max_examples=1500, deadline=None)
@given(_SOUP)
@example("<p>a</p><p>b</p>")
@example("<ul>\n<li>a</li>\n</ul>\n<ul>\n<li>b</li>\n</ul>")
@example("<blockquote><p>a</p></blockquote><p>b</p>")
@example("<h2>a</h3>")
@example("<li>a</li>")
@example("<p>a<br />\n<em>b</em></p>")
@example("<p>a <</p>")
@example("<p>x</p")
@example("<h1>a</h1")
def test_the_compiled_loop_on_tag_soup(html: str) -> None:
    _same(html)


@settings(max_examples=800, deadline=None)
@given(_simple_html())
def test_the_compiled_loop_on_simple_html(html: str) -> None:
    _same(html)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_inline(), st.sampled_from(["\n", "\n\n", "<ul>\n\t<li>a</li>\n</ul>", "\n\n<h3>T</h3>\n"]))))
def test_the_compiled_loop_after_wpautop(parts: list[str]) -> None:
    _same(wpautop.wpautop("".join(parts)))


@settings(max_examples=800)
@given(st.text(alphabet=_TEXT_CHARS + "\x00\x1f\x7f\x85\ue000\U0001f600;", max_size=12))
def test_inert_text_compiled(text: str) -> None:
    assert _csimple.inert_text(text) == sm.inert_text(text)


def test_inert_text_compiled_on_every_character() -> None:
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert _csimple.inert_text(char) == sm.inert_text(char), hex(code)
        assert _csimple.inert_text(char + "&;") == sm.inert_text(char + "&;"), hex(code)


_ENTITY_SOUP = st.lists(
    st.sampled_from(
        [
            *["&", ";", "#", "x", "X", "0", "1", "9", "a", "f", "F", "g", "z", "amp", "lt", "hellip", "foo", "é"],
            *["&amp;", "&#8217;", "&#x2014;", "&#X41;", "&#1234567;", "&#12345678;", "&#x10FFFF;", "&#xFFFFFF;"],
            *["&#0;", "&#31;", "&#127;", "&#160;", "&#55296;", "&#xF8FF;", "&#xF900;", "&#65534;", "&AMP;", "&#;"],
            *["&#x;", "&a1;", " ", "\u0663"],
        ]
    ),
    max_size=10,
).map("".join)


@settings(max_examples=1500)
@given(_ENTITY_SOUP)
@example("&#1234567;")
@example("&#x0000041;")
def test_decode_compiled(text: str) -> None:
    assert _csimple.decode(text) == sm._decode(text)


def _exports() -> list[Path]:
    found = [*sorted(FIXTURES.rglob("*.xml"))]
    if CORPUS.is_dir():
        found += sorted(p for p in CORPUS.rglob("*") if p.is_file())
    return found


def test_the_compiled_loop_on_the_fixtures_and_corpus() -> None:
    import importer
    from importer.model import Post
    from importer.tally import Tally

    seen = 0
    for path in _exports():
        try:
            records = list(importer.read([str(path)], tally=Tally()))
        except Exception:  # a defect fixture the reader refuses: not this test's
            continue
        for record in records:
            if not isinstance(record, Post):
                continue
            for text in (record.content or "", record.excerpt or "", *(c.content or "" for c in record.comments)):
                if text.strip():
                    _same(text)
                    _same(wpautop.wpautop(text))
                    seen += 1
    assert seen > 100
