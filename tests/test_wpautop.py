"""wpautop: the paragraphs WordPress adds to classic-editor content when it shows a post."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importer.transforms.wpautop import content_to_html, is_block_editor_content, wpautop

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
