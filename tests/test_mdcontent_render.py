"""The usual post's HTML (render.usual_post_html, and MarkdownRun.content_html's shortcut) is what
the whole rendering gives: reusable blocks, code, wpautop, shortcodes and embeds."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_mdcontent_texts import WPAUTOP_PIECES, exported_posts, exports

from importer.model import Meta, Post
from importer.tally import Tally
from importer.transforms import wpautop
from importer.transforms.render import ReusableBlocks, render_post, usual_post_html
from importer.transforms.shortcodes import ShortcodeContext
from importer.writers.markdown import conversion
from importer.writers.markdown.presets import get_preset
from importer.writers.markdown.writer import MarkdownOptions, MarkdownRun
from importer.writers.scratch import Scratch

_BLOCKS = ReusableBlocks({7: "Block <em>seven</em>"})
_META = [
    Meta("_oembed_1", '<blockquote class="twitter-tweet"><a href="https://twitter.com/a/status/1">t</a></blockquote>')
]


def _rendered(text: str) -> str:
    """The whole rendering, which must leave nothing to report for content the shortcut takes."""
    context = ShortcodeContext(attachment_url=lambda _id: "https://example.org/a.jpg", embed_style="hugo")
    rendered = render_post(Post(id=1, content=text, meta=list(_META)), _BLOCKS, context)
    assert not rendered.missing_blocks and not context.unknown and not context.unresolved_galleries
    return rendered.html


def _same(text: str) -> bool:
    """The shortcut's answer, compiled wpautop or not, is the whole rendering's; True when it took ``text``."""
    usual = usual_post_html(text)
    if usual is not None:
        assert usual == _rendered(text)
    compiled, wpautop._compiled = wpautop._compiled, None
    try:
        python = usual_post_html(text)
    finally:
        wpautop._compiled = compiled
    if python is not None:
        assert python == _rendered(text)
    return usual is not None


_PIECES = st.sampled_from(
    [
        *WPAUTOP_PIECES,
        *["https://www.youtube.com/watch?v=abcdefghijk", "https://twitter.com/a/status/1", "https://vimeo.com/1"],
        *["<!--more-->", '<!-- wp:block {"ref":7} /-->', '<!-- wp:block {"ref":8} /-->', "<!-- wp:paragraph -->"],
        *["[gallery]", "[caption]x[/caption]", "[[gallery]]", "[sic]", "```", "```\ncode\n```", "~~~", "`", "~"],
        *["x-markdown", "<x-markdown>", "</x-markdown>", "wp:", "<PRE>", "<pre lang='php'>x</pre>"],
        '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">https://youtu.be/abc</div></figure>',
    ]
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
@example("https://www.youtube.com/watch?v=abcdefghijk")
@example("Walk\n\n https://www.youtube.com/watch?v=abcdefghijk \n\nOn")
@example("a\n\nhttp://example.org/page")
@example("```\ncode\n```")
@example("~~~\ncode\n~~~")
@example("")
def test_the_shortcut_is_the_whole_rendering(text: str) -> None:
    _same(text)


def test_the_shortcut_takes_the_usual_post() -> None:
    text = 'Walk <em>on</em>.\n\n<ul>\n\t<li>a</li>\n</ul>\n\nSee <a href="https://example.org/t">here</a>.'
    assert _same(text)
    for refused in ("```\nx\n```", "a [gallery]", "https://www.youtube.com/watch?v=abcdefghijk", "<p>a</p>"):
        assert usual_post_html(text + "\n\n" + refused) is None


def test_the_shortcut_on_the_fixtures_and_corpus() -> None:
    taken = seen = 0
    for post in exported_posts():
        seen += 1
        taken += _same(post.content or "")
    assert seen > 100
    assert taken > 20


@pytest.mark.parametrize("preset", ["hugo", "jekyll"])
def test_content_html_with_and_without_the_shortcut(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, preset: str
) -> None:
    """The Markdown writer's content_html, and what it counts, are the same without the shortcut."""
    for number, (path, records) in enumerate(exports()):
        results = []
        for shortcut in (True, False):
            if not shortcut:
                monkeypatch.setattr(conversion, "usual_post_html", lambda _content: None)
            with Scratch() as scratch:
                run = MarkdownRun(
                    tmp_path / f"{number}-{shortcut}",
                    get_preset(preset),
                    MarkdownOptions(preset=preset),
                    Tally(),
                    scratch,
                    background=False,
                )
                index = run.index_pass()
                for record in records:
                    index(record)
                htmls = [run.content_html(post) for post in records if post.type != "attachment"]
                results.append((htmls, dict(run.tally.changed), run.tally.problems))
                run.folder.stop()
            monkeypatch.undo()
        assert results[0] == results[1], path
