"""Shortcuts of the Markdown writers' per-post work give what the ways they stand in for give
(issue 13, session 10): each is compared with the general way on generated input."""

from __future__ import annotations

import errno
import posixpath
import re
import sys
from collections import Counter
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from importer.model import Comment, Post
from importer.tally import Tally
from importer.transforms.embeds import _BARE_URL_PARAGRAPH, _BLOCK_EMBED, _bare_url, _block_embed, expand_embeds
from importer.transforms.html_to_markdown import _escape_text, escape_markdown
from importer.transforms.shortcodes import (
    ShortcodeContext,
    _expand,
    expand_shortcodes,
    unescape_shortcodes,
)
from importer.transforms.simple_markdown import inert_text
from importer.transforms.wpautop import _BLANK_LINES, _blank_lines_joined
from importer.writers.markdown import files
from importer.writers.markdown.comments import _NOT_IN_URL, _in_url_as_it_is
from importer.writers.markdown.pool import _TOKEN, holds_token

_PIECES = [
    "a",
    " ",
    "\n",
    "<p>",
    "</p>",
    "[",
    "]",
    "[[",
    "]]",
    "[gallery]",
    "[[caption]]",
    "[/caption]",
    "[foo x=1]",
    "https://www.youtube.com/watch?v=abc",
    "http://x.example/",
    "://",
    "<pre>",
    "</pre>",
    _TOKEN,
    "blogimportmedia",
    "0z",
]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=12).map("".join)
_MAYBE_TEXT = st.one_of(st.none(), _TEXT)


def _holds_token_before(post: Post) -> bool:
    texts = [post.content, post.excerpt, *(c.content for c in post.comments)]
    return any(_TOKEN in text for text in texts if text)


@given(_MAYBE_TEXT, _MAYBE_TEXT, st.lists(_MAYBE_TEXT, max_size=4))
def test_holds_token_is_the_search_of_every_text(content: str | None, excerpt: str | None, comments: list[Any]) -> None:
    post = Post(id=1, type="post", title="t", content=content, excerpt=excerpt)
    post.comments = [Comment(id=n, content=text) for n, text in enumerate(comments)]
    assert holds_token(post) == _holds_token_before(post)


def _expand_shortcodes_before(text: str, context: ShortcodeContext) -> str:
    text = expand_embeds(_expand(text, context), context.embed_style, context.oembed)
    return unescape_shortcodes(text)


_OEMBED = ['<blockquote class="twitter-tweet"><p>[[gallery]] x</p></blockquote>']


@given(_TEXT, st.sampled_from(["hugo", "iframe", "link"]), st.sampled_from([[], _OEMBED]))
def test_expand_shortcodes_skips_only_what_changes_nothing(text: str, style: str, oembed: list[str]) -> None:
    def run(expand: Any) -> tuple[str, Counter[str], int]:
        context = ShortcodeContext(embed_style=style, oembed=list(oembed))
        return expand(text, context), context.unknown, context.unresolved_galleries

    assert run(expand_shortcodes) == run(_expand_shortcodes_before)


def _expand_embeds_before(text: str, style: str, cached: list[str]) -> str:
    if "wp-block-embed" in text:
        text = _BLOCK_EMBED.sub(lambda m: _block_embed(m, style, cached), text)
    if "<p>" in text:
        text = _BARE_URL_PARAGRAPH.sub(lambda m: _bare_url(m, style, cached), text)
    return text


@given(_TEXT, st.sampled_from(["hugo", "iframe", "link"]), st.sampled_from([[], _OEMBED]))
def test_bare_urls_are_looked_for_only_with_a_scheme_separator(text: str, style: str, oembed: list[str]) -> None:
    assert expand_embeds(text, style, oembed) == _expand_embeds_before(text, style, oembed)


def test_a_context_starts_with_an_empty_counter_of_its_own() -> None:
    one, other = ShortcodeContext(), ShortcodeContext()
    assert type(one.unknown) is Counter and one.unknown == Counter() and one.unknown is not other.unknown
    one.unknown["gallery"] += 2
    assert one.unknown == Counter(gallery=2) and other.unknown == Counter()


_KEYS = st.sampled_from(["post", "page", "comment", "x"])
_COUNTS = st.dictionaries(_KEYS, st.integers(-3, 3), max_size=3)


def _tally(read: dict[str, int], written: dict[str, int], changed: dict[str, int], problems: int) -> Tally:
    tally = Tally()
    tally.read.update(read)
    tally.written.update(written)
    for key, n in changed.items():
        tally.skip(key, "why", n)
        tally.change(key + " {force}", n)
    for n in range(problems):
        tally.problem("output-clash", f"p{n} {{force}}")
    return tally


def _merge_before(tally: Tally, other: Tally) -> None:
    tally.read.update(other.read)
    tally.written.update(other.written)
    tally.skipped.update(other.skipped)
    tally.changed.update(other.changed)
    tally.problems.extend(other.problems)
    tally.templates.update(other.templates)


_TALLIES = st.builds(_tally, _COUNTS, _COUNTS, _COUNTS, st.integers(0, 2))


@given(_TALLIES, st.lists(_TALLIES, max_size=3))
def test_tally_merge_is_every_update(first: Tally, others: list[Tally]) -> None:
    merged, expected = Tally(), Tally()
    for tally in [first, *others]:
        merged.merge(tally)
        _merge_before(expected, tally)
    assert merged == expected
    assert [type(c) for c in (merged.read, merged.written, merged.skipped, merged.changed)] == [Counter] * 4


def test_a_new_tally_holds_empty_counters_of_its_own() -> None:
    one, other = Tally(), Tally()
    assert one == Tally(Counter(), Counter(), Counter(), Counter(), [], {})
    one.read["post"] += 1
    assert other.read == Counter() and one.read == Counter(post=1)


def test_printable_text_holds_no_whitespace_but_the_space() -> None:
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char.isprintable() and re.fullmatch(r"\s", char):
            assert char == " ", hex(code)


@given(st.text(alphabet=st.sampled_from("ab:/.%? \t\n\"'<>`\x00\xa0\u200b\u2028é😀"), max_size=12))
def test_author_urls_are_published_as_they_are_when_the_regex_finds_nothing(url: str) -> None:
    assert _in_url_as_it_is(url) == (_NOT_IN_URL.search(url) is None)


@given(st.text(alphabet=st.sampled_from("a\n \t\r"), max_size=16))
def test_blank_lines_are_joined_only_where_there_are_three_newlines(text: str) -> None:
    assert _blank_lines_joined(text) == _BLANK_LINES.sub("\n\n", text)


@given(st.text(alphabet=st.sampled_from("/a.b"), max_size=10))
def test_a_new_files_folder_is_posixpaths_dirname(path: str) -> None:
    seen: list[str] = []

    def refuse(folder: str) -> int:
        seen.append(folder)
        raise OSError(errno.EOPNOTSUPP, "no O_TMPFILE here")

    usable = files._ANONYMOUS.usable
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(files, "_open_anonymous", refuse)
            assert files._write_new(path, b"x") is False
    finally:
        files._ANONYMOUS.usable = usable
    assert seen == [posixpath.dirname(path)]


@given(st.text(alphabet=st.sampled_from("a1 &;#x_*[]`\\~<>!.\n\x01é—"), max_size=12))
def test_an_inert_text_is_what_escaping_leaves(text: str) -> None:
    if inert_text(text):
        assert escape_markdown(text) == text
        assert _escape_text(text) == text
