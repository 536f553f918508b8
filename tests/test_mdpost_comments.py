"""A comment's Markdown for a data file: the plain-text shortcut gives what the full path gives."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from importer.model import HTML_CONTENT, WORDPRESS_CONTENT, Post
from importer.tally import Tally
from importer.transforms.plain_text import text_to_markdown
from importer.writers.markdown.presets import get_preset
from importer.writers.markdown.templates import neutralise_data
from importer.writers.markdown.writer import MarkdownOptions, MarkdownRun
from importer.writers.scratch import Scratch

# Plain comments and near misses: words, punctuation, line breaks, markup, template openers.
_COMMENTS = st.one_of(
    st.text(st.sampled_from("ab Z.,;:!?'\"()/%@$-_\n{}<>&*#[]`\\é\u2014"), max_size=40),
    st.lists(st.sampled_from(["Nice", "walk", "(1)", "Zoë", "{{<", "x >}}", "**b**", "<em>", "\n", "\n\n", " "])).map(
        "".join
    ),
)


@pytest.mark.parametrize("preset", ["hugo", "jekyll", "eleventy", "plain"])
@pytest.mark.parametrize("content_format", [WORDPRESS_CONTENT, HTML_CONTENT])
@settings(max_examples=150)
@given(text=_COMMENTS)
@example(text="Lovely walk, thanks for writing it up. Were the curlews on the mud or the marsh? (1)")
@example(text="Two lines\nand a paragraph\n\nafter")
@example(text="{{< shortcode >}} and {{% x %}}")
@example(text="")
def test_data_comment_markdown_is_the_full_path(preset: str, content_format: str, text: str) -> None:
    with Scratch() as scratch, tempfile.TemporaryDirectory() as folder:
        run = MarkdownRun(
            Path(folder), get_preset(preset), MarkdownOptions(preset=preset), Tally(), scratch, background=False
        )
        post = Post(id=1, content_format=content_format)

        def clean(html: str) -> str:
            return run.strip_active(html, "comment")

        expected = neutralise_data(
            text_to_markdown(text, content_format, clean, run.flattened), get_preset(preset).template_language
        )
        assert run.data_comment_markdown(post)(text) == expected
        run.folder.stop()
