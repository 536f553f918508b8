"""Two ways the Markdown conversion used to lose a post's content, and what it does now.

* A newline inside a text is a space to a browser, but the converter keeps it, and Markdown read
  the next line as a block of its own when it started like one: ``<p>Plain words\\n===</p>``
  became a heading, ``<p>a\\n- b</p>`` a list, ``<p>a\\n> b</p>`` a quote. Such a line's marker
  is escaped now; the judge is markdown-it (CommonMark), an independent renderer.
* The converter (a Rust library) panics on some inputs. The panic went up as a traceback and
  stopped the whole run. Now each top-level block is converted alone, the block it fails on is
  kept as HTML (on one line, so that Markdown keeps it whole), and the tally counts it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from importer.cli import main
from importer.transforms import html_to_markdown
from importer.transforms.html_to_markdown import KEPT_AS_HTML, to_markdown

_COMMONMARK = MarkdownIt("commonmark")
_BLOCKS = re.compile(r"<(h[1-6]|ul|ol|blockquote|hr|pre)\b")

# What a line inside a paragraph can start with: block markers, and look-alikes that start none.
_STARTS = ["#", "## ", "# ", ">", "> ", "- ", "+ ", "-", "+", "===", "---", "- - -", "  ---", "1. ", "2) ", "10.",
           "#tag", "-3", "1.5", "+1", "=", "word"]  # fmt: skip
_WORDS = st.sampled_from(["alpha", "beta", "gamma", "delta"])
_LINE = st.builds(
    lambda start, word: f"{start}{word}" if start[-1:] == " " else f"{start} {word}", st.sampled_from(_STARTS), _WORDS
)


def _rendered(html: str) -> str:
    return _COMMONMARK.render(to_markdown(html))


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=5), st.sampled_from(["\n", "\n  ", "\n\t"]))
@example(["Plain words", "==="], "\n")
@example(["a", "- b"], "\n")
@example(["one", "# two"], "\n")
def test_a_line_inside_a_paragraph_stays_in_the_paragraph(lines: list[str], newline: str) -> None:
    html = "<p>First words" + "".join(newline + line for line in lines) + "</p>"
    rendered = _rendered(html)
    assert _BLOCKS.search(rendered) is None, (html, to_markdown(html), rendered)
    assert rendered.count("<p>") == 1
    for line in lines:  # every word shown, in order, in the one paragraph
        assert line.split()[-1] in rendered


@pytest.mark.parametrize(
    ("html", "block"),
    [
        ("<ul><li>an item\n- with a dash line</li></ul>", "<ul>"),
        ("<blockquote><p>a quote\n- with a dash line</p></blockquote>", "<blockquote>"),
        ("<ol><li>first\n2. not a second item</li></ol>", "<ol>"),
    ],
)
def test_a_line_inside_a_list_item_or_quote_starts_nothing_new(html: str, block: str) -> None:
    rendered = _rendered(html)
    assert rendered.count(block) == 1
    assert rendered.count("<li>") == html.count("<li>")
    assert "<ul>" not in rendered.replace(block, "", 1) and "<ol>" not in rendered.replace(block, "", 1)


def test_look_alikes_are_left_as_written() -> None:
    # "#tag", "-3", "1.5" and "+1" start no block: no backslash is added before them
    markdown = to_markdown("<p>a\n#tag\n-3 degrees\n1.5 million\n+1 from me</p>")
    assert markdown == "a\n#tag\n-3 degrees\n1.5 million\n+1 from me\n"


def test_code_keeps_its_lines() -> None:
    markdown = to_markdown("<pre>a\n- b\n# c</pre>")
    assert "\n- b\n# c\n" in markdown and "\\" not in markdown


# -- the converter failing on a block ---------------------------------------------------------

_FAILING = "FAILS-HERE"


@pytest.fixture
def failing_converter(monkeypatch: pytest.MonkeyPatch) -> None:
    """The converter raising its own error on any HTML that holds ``_FAILING`` (as a panic does),
    and every input taken to it (the fast path for simple HTML, which needs no converter, off)."""
    convert = html_to_markdown._convert

    def fails_on_marker(html: str) -> str:
        if _FAILING in html:
            raise html_to_markdown.ConversionError("Internal panic: end byte index 6 is not a char boundary")
        return convert(html)

    monkeypatch.setattr(html_to_markdown, "_convert", fails_on_marker)
    monkeypatch.setattr(html_to_markdown, "simple_markdown", lambda *args: None)  # no fast path around it


@pytest.mark.usefixtures("failing_converter")
def test_a_block_the_converter_fails_on_is_kept_as_html_and_counted() -> None:
    kept: list[int] = []
    html = f"<p>Before <em>this</em>.</p>\n<ul>\n<li>{_FAILING} &amp; more</li>\n</ul>\n\n<p>After.</p>"
    markdown = to_markdown(html, report_kept_html=kept.append)
    assert kept == [1]
    assert markdown.startswith("Before *this*.\n\n")
    assert markdown.endswith("\n\nAfter.\n")
    # one line, so a Markdown renderer keeps the HTML block whole; it shows the same list
    assert f"<ul>&#10;<li>{_FAILING} &amp; more</li>&#10;</ul>\n" in markdown
    rendered = _COMMONMARK.render(markdown)
    assert f"<li>{_FAILING} &amp; more</li>" in rendered and "<em>this</em>" in rendered


@pytest.mark.usefixtures("failing_converter")
def test_text_around_a_failing_element_is_kept() -> None:
    kept: list[int] = []
    markdown = to_markdown(f"text first <ul><li>{_FAILING}</li></ul> tail & more", report_kept_html=kept.append)
    assert kept == [1]
    assert markdown == f"text first\n\n<ul><li>{_FAILING}</li></ul> tail &amp; more\n"


@pytest.mark.usefixtures("failing_converter")
def test_one_block_that_fails_whole_is_kept_whole() -> None:
    kept: list[int] = []
    assert (
        to_markdown(f"<p>{_FAILING}\nsecond line</p>", report_kept_html=kept.append)
        == f"<p>{_FAILING}&#10;second line</p>\n"
    )
    assert kept == [1]


def test_the_converters_own_panic_stops_nothing() -> None:
    # an input the converter (html-to-markdown 2.x) panics on: an empty link removed next to a list
    # marker; whether or not the installed converter still panics, the words come out
    html = '<p></p>\n<p></p>\n<p></p>\n<ul>\n<li><a href="">&gt;[</a>Lovely</li>\n</ul>\n<p>Next.</p>'
    markdown = to_markdown(html)
    assert "Lovely" in markdown and "Next." in markdown


def _wxr(content: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<channel><title>Fern notes</title><link>https://fern.example</link><wp:wxr_version>1.2</wp:wxr_version>"
        "<item><title>Good post</title><link>https://fern.example/good/</link><wp:post_id>1</wp:post_id>"
        "<wp:post_type>post</wp:post_type><wp:status>publish</wp:status><wp:post_name>good</wp:post_name>"
        "<content:encoded><![CDATA[<p>All fine here.</p>]]></content:encoded></item>"
        "<item><title>Hard post</title><link>https://fern.example/hard/</link><wp:post_id>2</wp:post_id>"
        "<wp:post_type>post</wp:post_type><wp:status>publish</wp:status><wp:post_name>hard</wp:post_name>"
        f"<content:encoded><![CDATA[{content}]]></content:encoded></item>"
        "</channel></rss>"
    )


@pytest.mark.usefixtures("failing_converter")
def test_convert_writes_every_post_and_reports_the_kept_block(tmp_path: Path) -> None:
    source = tmp_path / "export.xml"
    source.write_text(_wxr(f"<p>Intro.</p>\n<ul>\n<li>{_FAILING}</li>\n</ul>\n<p>Outro.</p>"), encoding="utf-8")
    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["convert", str(source), "--to", "markdown", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert f"1 {KEPT_AS_HTML}" in result.output
    hard = (out / "content/posts/hard.md").read_text(encoding="utf-8")
    assert "Intro." in hard and f"<li>{_FAILING}</li>" in hard and "Outro." in hard
    assert "All fine here." in (out / "content/posts/good.md").read_text(encoding="utf-8")
