"""wpautop: the paragraphs WordPress adds to classic-editor content when it shows a post."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from importer.transforms.wpautop import (
    _BLOCK_NAMES,
    _INLINE_TAGS,
    _full_wpautop,
    _simple_wpautop,
    content_to_html,
    is_block_editor_content,
    wpautop,
)

CASES = [
    ("empty", "", ""),
    ("blank only", "  \n\n \n", ""),
    ("one line", "Hello world", "<p>Hello world</p>\n"),
    ("blank line splits paragraphs", "First\n\nSecond", "<p>First</p>\n<p>Second</p>\n"),
    ("many blank lines are one break", "First\n\n\n\nSecond", "<p>First</p>\n<p>Second</p>\n"),
    ("single newline is <br />", "Roses\nViolets", "<p>Roses<br />\nViolets</p>\n"),
    ("CRLF newlines", "First\r\n\r\nSecond\r\nline", "<p>First</p>\n<p>Second<br />\nline</p>\n"),
    ("two <br> make a paragraph break", "One<br><br>Two", "<p>One</p>\n<p>Two</p>\n"),
    ("heading is not wrapped", "<h2>Title</h2>\nText", "<h2>Title</h2>\n<p>Text</p>\n"),
    ("div is not wrapped", "<div>x</div>", "<div>x</div>\n"),
    (
        "pre is left alone",
        "a\n\n<pre>x\n\ny\n  z</pre>\n\nb",
        "<p>a</p>\n<pre>x\n\ny\n  z</pre>\n<p>b</p>\n",
    ),
    (
        "two pre blocks",
        '<pre>1\n\n1</pre>\ntext\n<pre class="c">2\n2</pre>',
        '<pre>1\n\n1</pre>\n<p>text</p>\n<pre class="c">2\n2</pre>\n',
    ),
    (
        "list items are not paragraphs",
        "<ul>\n<li>one</li>\n<li>two</li>\n</ul>",
        "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n",
    ),
    (
        "text before a list",
        "Shopping:\n<ol>\n<li>milk</li>\n</ol>",
        "<p>Shopping:</p>\n<ol>\n<li>milk</li>\n</ol>\n",
    ),
    (
        "nested blockquotes get their own paragraphs",
        "<blockquote>q1\n\nq2<blockquote>inner</blockquote></blockquote>",
        "<blockquote><p>q1</p>\n<p>q2</p>\n<blockquote><p>inner</p></blockquote>\n</blockquote>\n",
    ),
    (
        "shortcode on its own line is not wrapped",
        '[caption id="a1"]<img src="a.jpg"> A cat[/caption]\n\nText',
        '[caption id="a1"]<img src="a.jpg"> A cat[/caption]\n<p>Text</p>\n',
    ),
    ("self-closing shortcode on its own line", 'Intro\n\n[gallery ids="1,2"]', '<p>Intro</p>\n[gallery ids="1,2"]\n'),
    ("more comment on its own line", "Intro\n\n<!--more-->\n\nRest", "<p>Intro</p>\n<!--more-->\n<p>Rest</p>\n"),
    ("inline comment stays in its paragraph", "a <!-- note --> b", "<p>a <!-- note --> b</p>\n"),
    ("newline inside a tag is not a <br />", 'Line <a\nhref="x">l</a>', '<p>Line <a\nhref="x">l</a></p>\n'),
    ("hr ends a paragraph", "above<hr />below", "<p>above</p>\n<hr />\n<p>below</p>\n"),
    (
        "script keeps its newlines",
        "<script>\nvar a;\nvar b;\n</script>",
        "<p><script>\nvar a;\nvar b;\n</script></p>\n",
    ),
    (
        "table cells",
        "<table>\n<tr>\n<td>a</td>\n</tr>\n</table>",
        "<table>\n<tr>\n<td>a</td>\n</tr>\n</table>\n",
    ),
    (
        "select options are not paragraphs",
        "<select>\n\n<option>a</option>\n\n<option>b</option>\n</select>",
        "<p><select><option>a</option><option>b</option></select></p>\n",
    ),
]


@pytest.mark.parametrize(("source", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_wpautop(source: str, expected: str) -> None:
    assert wpautop(source) == expected


def test_without_br_keeps_single_newlines() -> None:
    assert wpautop("Roses\nViolets", br=False) == "<p>Roses\nViolets</p>\n"


BLOCK_CONTENT = (
    "<!-- wp:paragraph -->\n<p>Already HTML</p>\n<!-- /wp:paragraph -->\n\n"
    "<!-- wp:list -->\n<ul><li>x</li></ul>\n<!-- /wp:list -->"
)


def test_block_editor_content_is_detected_and_not_wrapped_again() -> None:
    assert is_block_editor_content(BLOCK_CONTENT)
    assert content_to_html(BLOCK_CONTENT) == BLOCK_CONTENT


def test_classic_content_is_not_block_content() -> None:
    classic = "Some text <!-- just a comment -->\n\n<!--more-->\n\nmore"
    assert not is_block_editor_content(classic)
    assert content_to_html(classic).startswith("<p>Some text")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="abc XYZ.,;", min_size=1).filter(lambda s: s.strip()), min_size=1, max_size=6))
def test_each_blank_line_separated_chunk_is_one_paragraph(chunks: list[str]) -> None:
    html = wpautop("\n\n".join(chunks))
    assert html.count("<p>") == len(chunks)
    assert html.count("</p>") == len(chunks)
    for chunk in chunks:
        assert chunk.strip() in html


# Pieces of classic-editor posts: inline markup, lists, and what the simple path must refuse.
_SIMPLE_PIECES = st.sampled_from(
    [
        *["Walk", "a b", " ", "  ", "\t", "\xa0", "\u2028", "\x1c", "é", "&amp;", ">", "x > y", "blockquote"],
        *["\n", "\n", "\n", "\n\n", "\n\n\n", "\n \n", " \n", "\n ", "\n\t"],
        *["<em>", "</em>", "<strong>", "</strong>", '<a href="https://example.org/x">', "</a>", "<a >", "<b>"],
        *["<code>", "</code>", "<span class='x'>", "</span>", "<s>", "<sup>", "<i>", "</i>", "<q>", "<small>"],
        *["<ul>", "</ul>", "<ol>", "</ol>", "<li>", "</li>", "\n\t<li>", "\n<li>", "</li>\n", "<ul>\n", "\n</ul>"],
        *["<ul>\n\t<li>a</li>\n\t<li>b <em>c</em></li>\n</ul>", "<ol>\n<li>x</li>\n</ol>", "<li></li>"],
        *["<", "<em", "<EM>", "<em\n>", "<a\nhref=x>", "<br />", "<br>", "<p>", "</p>", "<div>", "<hr>"],
        *["<!--more-->", "<ul class=x>", "<li >", "<pre>", "</pre>", "<script>", "<style>", "[", "]", "\r"],
        *["<svg>", "<math>", "<option>", "<source>", "<sup", "<em>\n</em>", "<li>\n</li>", "<ul><li>a</li></ul>"],
    ]
)


def _simple_post() -> st.SearchStrategy[str]:
    """Paragraphs with inline markup and lists, blank-line separated: what the simple path takes."""
    line = st.lists(st.sampled_from(["Walk", "a", "<em>b</em>", '<a href="h">c</a>', "&amp;", "é"]), min_size=1)
    paragraph = st.lists(line.map(" ".join), min_size=1, max_size=3).map("\n".join)
    items = st.lists(line.map(" ".join), min_size=1, max_size=3)
    lists = st.tuples(st.sampled_from(["ul", "ol"]), items, st.sampled_from(["", "\t", "  "])).map(
        lambda t: f"<{t[0]}>\n" + "".join(f"{t[2]}<li>{item}</li>\n" for item in t[1]) + f"</{t[0]}>"
    )
    return st.lists(st.one_of(paragraph, lists), min_size=1, max_size=5).map("\n\n".join)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(st.lists(_SIMPLE_PIECES, max_size=14).map("".join), _simple_post()), st.booleans())
@example("a\n\n<ul>\n\t<li>b</li>\n</ul>\n\nc", True)
@example("<ul>\n<li></li>\n</ul>", True)
@example("\n<ul>\n<li>a</li>\n</ul>\n \n", True)
@example("a<em>b</em>\n c \n", False)
@example(" \n\n<em>", False)
def test_simple_wpautop_is_the_full_path(text: str, br: bool) -> None:
    if text.strip():
        assert wpautop(text, br) == _full_wpautop(text, br)


@given(_simple_post())
def test_posts_of_paragraphs_and_lists_take_the_simple_path(text: str) -> None:
    assert _simple_wpautop(text, True) is not None


def test_no_pass_of_the_full_path_looks_at_the_inline_tags() -> None:
    """A pattern of the full path finds ``<name`` or ``</name`` only where its own name begins the
    tag's: never for the simple path's inline tags (followed by a space or ``>``)."""
    others = ("script", "style", "svg", "math", "br", "hr", "pre", "option", "object", "param", "embed")
    for name in _INLINE_TAGS:
        for taken in (*_BLOCK_NAMES, *others, "audio", "video", "source", "track", "ul", "ol", "li"):
            assert not name.startswith(taken), (name, taken)
