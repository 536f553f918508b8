"""wpautop's usual path compiled (``_csimple.simple_wpautop``) gives what the Python module gives."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_mdcontent_texts import WPAUTOP_PIECES, exported_posts

from importer.transforms import wpautop
from importer.transforms.wpautop import _full_wpautop, python_wpautop

_csimple = pytest.importorskip("importer.transforms._csimple")


def _same(text: str) -> None:
    """The compiled path: the Python module's answer, or None; None only where the Python module
    takes its full path (for each ``br``), and the full path's answer too where it takes it."""
    for br in (True, False):
        expected = python_wpautop(text, br)
        got = _csimple.simple_wpautop(text, br)
        if got is None:
            assert wpautop._simple_wpautop(text, br) is None
            continue
        assert got == expected
        if text.strip():
            assert got == _full_wpautop(text, br)


def test_the_module_uses_the_compiled_path() -> None:
    assert wpautop._compiled is _csimple.simple_wpautop
    assert wpautop.wpautop("a\n\nb") == "<p>a</p>\n<p>b</p>\n"


_PIECES = st.sampled_from([*WPAUTOP_PIECES, "```", "~~~", "<!-- wp:paragraph -->", "x-markdown", "<x-markdown>"])


def _posts() -> st.SearchStrategy[str]:
    """Paragraphs of lines with inline markup, and lists, blank-line separated (the usual post)."""
    words = st.sampled_from(["Walk", "a", "<em>b</em>", '<a href="h">c</a>', "&amp;", "é", "x\ty", "Zoë"])
    line = st.lists(words, min_size=1, max_size=4).map(" ".join)
    paragraph = st.lists(line, min_size=1, max_size=3).map("\n".join)
    items = st.lists(line, min_size=1, max_size=3)
    lists = st.tuples(st.sampled_from(["ul", "ol"]), items, st.sampled_from(["", "\t", "  ", " \t"])).map(
        lambda t: f"<{t[0]}>\n" + "".join(f"{t[2]}<li>{item}</li>\n" for item in t[1]) + f"</{t[0]}>"
    )
    separator = st.sampled_from(["\n\n", "\n\n\n", "\n \n", "\n\n\n\n", " \n\n", "\n\n\t"])
    return st.tuples(st.lists(st.one_of(paragraph, lists), min_size=1, max_size=5), separator).map(
        lambda t: t[1].join(t[0])
    )


@settings(max_examples=3000, deadline=None)
@given(st.lists(_PIECES, max_size=16).map("".join))
@example("")
@example(" \n\t")
@example("a\n\n<ul>\n\t<li>b</li>\n</ul>\n\nc")
@example("<ul>\n<li></li>\n</ul>")
@example("\n<ul>\n<li>a</li>\n</ul>\n \n")
@example("a<em>b</em>\n c \n")
@example(" \n\n<em>")
@example("  \nfoo")
@example("a \n \nb\n")
@example("foo\n")
@example("\nfoo")
@example("<ul>\n<li>a</li>\n</ul>x")
@example("<a")
def test_the_compiled_path_on_pieces(text: str) -> None:
    _same(text)


@settings(max_examples=1000, deadline=None)
@given(_posts())
def test_the_compiled_path_takes_the_usual_post(text: str) -> None:
    if wpautop._simple_wpautop(text, True) is not None:
        assert _csimple.simple_wpautop(text, True) is not None
    _same(text)


@given(_posts().map(lambda text: text.replace("\n\n\t", "\n\n").replace(" \n\n", "\n\n")))
def test_the_usual_post_is_compiled(text: str) -> None:
    assert _csimple.simple_wpautop(text, True) is not None


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="ab <>/\n\t\xa0\u2028emlioua", max_size=30))
def test_the_compiled_path_on_any_text(text: str) -> None:
    _same(text)


def test_the_compiled_path_on_the_fixtures_and_corpus() -> None:
    seen = compiled = 0
    for post in exported_posts():
        for text in (post.content or "", post.excerpt or "", *(c.content or "" for c in post.comments)):
            _same(text)
            seen += 1
            compiled += _csimple.simple_wpautop(text) is not None
    assert seen > 100
    assert compiled > 50


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(st.sampled_from([*WPAUTOP_PIECES, "```", "``", "~~~", "~~", "http", " http://x", "\nhttps"]), max_size=14)
)
@example(["a", "\n\n", " http://x"])
@example(["a", "\n", "http"])
@example(["``", "`"])
@example(["\r"])
def test_the_compiled_path_for_a_post_refuses_what_python_refuses(pieces: list[str]) -> None:
    """``post``: code fences and paragraphs beginning with http refused as the Python checks refuse them."""
    text = "".join(pieces)
    compiled = _csimple.simple_wpautop(text, True, True)
    saved, wpautop._compiled = wpautop._compiled, None
    try:
        python = wpautop.usual_wpautop(text, post=True)
    finally:
        wpautop._compiled = saved
    if text.strip():  # blank text: "" from the Python path, None from the compiled one when it holds "\r"
        assert compiled == python
    assert compiled is None or compiled == python_wpautop(text)
