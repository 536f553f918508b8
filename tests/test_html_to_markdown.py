"""HTML to Markdown: the output is CommonMark/GFM that renders back to the same document."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importer.transforms.fidelity import check_round_trip, render_markdown
from importer.transforms.html_to_markdown import to_markdown

CASES = [
    ("paragraphs", "<p>One</p><p>Two</p>", "One\n\nTwo\n"),
    ("headings", "<h2>Title</h2><h3>Sub</h3>", "## Title\n\n### Sub\n"),
    ("emphasis", "<p><em>a</em> <strong>b</strong> <del>c</del></p>", "*a* **b** ~~c~~\n"),
    ("link with title", '<p><a href="http://x.org/" title="T">l</a></p>', '[l](http://x.org/ "T")\n'),
    ("image with alt and title", '<p><img src="a.jpg" alt="A cat" title="Cat"></p>', '![A cat](a.jpg "Cat")\n'),
    ("nested lists", "<ul><li>a<ul><li>b<ol><li>c</li></ol></li></ul></li></ul>", "- a\n  - b\n    1. c\n"),
    ("nested blockquotes", "<blockquote><p>q</p><blockquote><p>qq</p></blockquote></blockquote>", "> q\n>\n> > qq\n"),
    ("line break", "<p>Roses<br />Violets</p>", "Roses\\\nViolets\n"),
    ("asterisks escaped", "<p>2 * 3 * 4</p>", "2 \\* 3 \\* 4\n"),
    ("intraword underscores left alone", "<p>snake_case_name</p>", "snake_case_name\n"),
    ("underscores that could emphasize", "<p>_under_ __init__</p>", "\\_under\\_ \\_\\_init\\_\\_\n"),
    ("hash at line start", "<p># not a heading</p>", "\\# not a heading\n"),
    ("number dot at line start", "<p>1. not a list</p>", "1\\. not a list\n"),
    ("year at line start", "<p>2010. A year</p>", "2010\\. A year\n"),
    ("backticks in text", "<p>use `tick`</p>", "use \\`tick\\`\n"),
    ("tag-like text", "<p>a &lt;div&gt; b</p>", "a \\<div> b\n"),
    ("less-than in maths is left alone", "<p>1 &lt; 2</p>", "1 < 2\n"),
    ("brackets", "<p>[not](a link)</p>", "\\[not](a link)\n"),
    ("entity-like text", "<p>&amp;copy; and AT&amp;T</p>", "\\&copy; and AT&T\n"),
    ("double tilde", "<p>~~no~~ ~one</p>", "\\~\\~no\\~\\~ ~one\n"),
    ("backslash", "<p>C:\\dir</p>", "C:\\\\dir\n"),
    ("inline code with a backtick", "<p><code>a ` b</code></p>", "``a ` b``\n"),
    (
        "fence longer than any backtick run",
        '<pre><code class="language-python">x = """\n```\n"""</code></pre>',
        '````python\nx = """\n```\n"""\n````\n',
    ),
    (
        "pipe in a table cell",
        "<table><tr><th>a|b</th></tr><tr><td>1</td></tr></table>",
        "| a\\|b |\n| ---- |\n| 1    |\n",
    ),
    (
        "merged cells fall back to HTML",
        '<table><tr><td>a</td><td>b</td></tr><tr><td colspan="2">c</td></tr></table>',
        '<table><tr><td>a</td><td>b</td></tr><tr><td colspan="2">c</td></tr></table>\n',
    ),
    (
        "iframe passes through",
        '<p>See <iframe src="https://v.example/e/1"></iframe></p>',
        'See <iframe src="https://v.example/e/1"></iframe>\n',
    ),
    ("video passes through", '<video controls src="v.mp4"></video>', '<video controls src="v.mp4"></video>\n'),
    (
        "styled span passes through",
        '<p><span style="color:red">red *x*</span></p>',
        '<span style="color:red">red \\*x\\*</span>\n',
    ),
    ("superscript passes through", "<p>E=mc<sup>2</sup></p>", "E=mc<sup>2</sup>\n"),
    ("more divider", "<p>x</p><!--more--><p>y</p>", "x\n\n<!--more-->\n\ny\n"),
    ("other comments dropped", "<p>x<!-- note --></p><!-- wp:paragraph -->", "x\n"),
    (
        "emphasis that delimiters cannot close",
        '<p><strong><img src="a"></strong>Text</p>',
        "<strong>![](a)</strong>Text\n",
    ),
    ("adjacent lists stay apart", "<ul><li>a</li></ul><ul><li>b</li></ul>", "- a\n\n<!-- -->\n\n- b\n"),
    ("empty", "  ", ""),
    ("inline more divider", "<p>Intro.<!--more--> Rest.</p>", "Intro.<!--more--> Rest.\n"),
    ("more at paragraph start", "<p><!--more--><br />Rest.</p>", "<!--more-->\n\nRest.\n"),
    ("only the first more", "<p>a</p><!--more--><p>b</p><!--more--><p>c</p>", "a\n\n<!--more-->\n\nb\n\nc\n"),
    ("list marker after a line break", "<p>Notes:<br />1. one<br />- two</p>", "Notes:\\\n1\\. one\\\n\\- two\n"),
    ("empty link", '<p>text<a href="http://x/"><br /></a></p>', "text\n"),
    ("code with line breaks", "<p><code>a<br />b</code></p>", "<code>a\\\nb</code>\n"),
    ("adjacent code spans", "<p><code>a</code><code>b</code></p>", "<code>a</code><code>b</code>\n"),
    (
        "adjacent quotes",
        "<blockquote><p>q</p></blockquote><blockquote><p>r</p></blockquote>",
        "> q\n\n<!-- -->\n\n> r\n",
    ),
    ("pre with a link", '<pre>see <a href="#x">x</a></pre>', '<pre>see <a href="#x">x</a></pre>\n'),
    ("blank line inside a paragraph", "<p>a\n\nb</p>", "a\nb\n"),
    (
        "link whose text is its URL keeps its title",
        '<p><a href="http://x.org/" title="T">http://x.org/</a></p>',
        '[http://x.org/](http://x.org/ "T")\n',
    ),
]


@pytest.mark.parametrize(("html", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_to_markdown(html: str, expected: str) -> None:
    markdown = to_markdown(html)
    assert markdown == expected
    result = check_round_trip(html, markdown)
    assert result.exact, result.first_difference()


def test_more_divider_is_the_callers() -> None:
    assert to_markdown("<p>x</p><!--more--><p>y</p>", more_divider="<!-- more -->") == "x\n\n<!-- more -->\n\ny\n"


def test_raw_table_in_a_list_stays_in_the_list() -> None:
    html = "<ul><li>a<table><caption>c</caption><tr><td>1</td></tr></table></li></ul><p>after</p>"
    markdown = to_markdown(html)
    assert check_round_trip(html, markdown).exact
    assert "<li>" in render_markdown(markdown)


def test_figure_followed_by_quote_does_not_swallow_it() -> None:
    html = '<div><figure><img src="a.jpg"></figure><blockquote><p>q</p></blockquote></div>'
    assert "<blockquote>" in render_markdown(to_markdown(html))


# Text made of the characters Markdown gives meaning to, at any position.
MARKDOWN_TEXT = st.text(alphabet="ab 1.#*_`[]()<>!~&;\\-+=|:/", min_size=1, max_size=40)


@settings(max_examples=300, deadline=None)
@given(MARKDOWN_TEXT, st.sampled_from(["p", "h2", "li", "blockquote", "em", "strong", "td"]))
def test_any_text_round_trips(text: str, container: str) -> None:
    from html import escape

    inner = escape(text)
    html = {
        "li": f"<ul><li>{inner}</li></ul>",
        "blockquote": f"<blockquote><p>{inner}</p></blockquote>",
        "em": f"<p>x <em>{inner}</em> y</p>",
        "strong": f"<p>x <strong>{inner}</strong> y</p>",
        "td": f"<table><tr><th>h</th></tr><tr><td>{inner}</td></tr></table>",
    }.get(container, f"<{container}>{inner}</{container}>")
    markdown = to_markdown(html)
    result = check_round_trip(html, markdown)
    assert result.exact, (markdown, result.first_difference())


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        ("<p><strong>Effective C++<br></strong>More</p>", "**Effective C++**\\\nMore\n"),
        ('<p><a href="http://a.org/x">http://a.org/x<br></a>2012</p>', "[http://a.org/x](http://a.org/x)\\\n2012\n"),
    ],
)
def test_a_break_ending_emphasis_or_a_link_goes_after_it(html: str, markdown: str) -> None:
    """No emphasis or link text can end with a line break in Markdown: the site showed ``**``."""
    assert to_markdown(html) == markdown
