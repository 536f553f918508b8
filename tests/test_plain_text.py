"""The plain-text fast paths give exactly what the full paths give (wpautop, HTML to Markdown, slugs)."""

from __future__ import annotations

import re
from urllib.parse import unquote

from hypothesis import example, given, settings
from hypothesis import strategies as st
from slugify import slugify

from importer.model import HTML_CONTENT, WORDPRESS_CONTENT
from importer.transforms.html_to_markdown import to_markdown
from importer.transforms.plain_text import _PLAIN, is_plain, plain_markdown, text_to_markdown
from importer.transforms.render import render_text
from importer.transforms.wpautop import _full_wpautop, _plain_wpautop, wpautop
from importer.writers.markdown.paths import MAX_SLUG_BYTES, make_slug

# Characters of everyday comments, Markdown and HTML syntax, and whitespace of every kind.
_ALPHABET = "aZéß19 \n\n\t\xa0\u2028.,;:!?'\"()/%@$€—“”-*_#>+=|`~\\&{}!<[]\r"
_COMMENTS = st.text(alphabet=_ALPHABET, max_size=40)
_WORDS = st.lists(st.sampled_from(["Lovely", "walk", "x", "1.", "2010", "(yes)", "“no”", "-", "a/b", "50%"]))


def _sentences() -> st.SearchStrategy[str]:
    line = _WORDS.map(" ".join)
    return st.lists(st.tuples(line, st.sampled_from(["\n", "\n\n", "\n\n\n", " \n"]))).map(
        lambda parts: "".join(text + sep for text, sep in parts).rstrip("\n ")
    )


@settings(max_examples=400)
@given(st.one_of(_COMMENTS, _sentences()), st.booleans())
@example("  \nfoo", True)
@example("a \n \nb\n", True)
def test_plain_wpautop_is_wpautop(text: str, br: bool) -> None:
    if "<" in text or "[" in text or "\r" in text or not text.strip():
        return
    assert _plain_wpautop(text, br) == _full_wpautop(text, br)


@settings(max_examples=400)
@given(st.one_of(_COMMENTS, _sentences()))
@example("Lovely walk, thanks for writing it up. Were the curlews on the mud or the marsh?")
@example("First line\nsecond line\n\nA new paragraph: “quoted” — and 50% (roughly).")
@example("x\n1. foo")
@example("Zoë\n- a list?")
def test_plain_markdown_is_the_full_conversion(text: str) -> None:
    fast = plain_markdown(text)
    if fast is not None:
        assert fast == to_markdown(wpautop(text))


# plain_text's test as it was first written: an alternation (letters and digits, or punctuation).
_WORD_ALTERNATION = r"[^\W_]|[.,;:!?'\"()/%@$\u00a3\u20ac\u2013\u2014\u2018\u2019\u201c\u201d\u2026-]"
_LINE_ALTERNATION = rf"(?:[^\W\d_]|[\"'(\u2018\u201c])(?:{_WORD_ALTERNATION})*(?: (?:{_WORD_ALTERNATION})+)*"
_PLAIN_ALTERNATION = re.compile(rf"{_LINE_ALTERNATION}(?:\n\n?{_LINE_ALTERNATION})*")


@settings(max_examples=500)
@given(st.one_of(_COMMENTS, _sentences(), st.text(alphabet="a_1\u0663\u00b2é (\u201c'\n.-", max_size=12)))
@example("snake_case")
@example("_a")
@example("a_")
@example("\u0663 a")  # a digit (ARABIC-INDIC THREE) first: declined
@example("\u00b2 a")  # a letter-like number (SUPERSCRIPT TWO): \w, not \d
def test_plain_markdown_takes_what_the_alternation_took(text: str) -> None:
    assert (plain_markdown(text) is not None) == (_PLAIN_ALTERNATION.fullmatch(text) is not None)


# Every ASCII character, the line's separators more often, and a few others (the regex's way).
_ASCII = "".join(map(chr, range(128)))
_ASCII_LINES = st.lists(
    st.one_of(
        st.text(alphabet=_ASCII, max_size=3), st.sampled_from(["Lovely", "walk", " ", "\n", "\n\n", '"', "(", "1"])
    )
).map("".join)


@settings(max_examples=1000)
@given(st.one_of(_ASCII_LINES, _COMMENTS, _sentences(), st.text(alphabet="a_1\u00e9 (\u201c'\n.-", max_size=12)))
@example("")
@example("a")
@example('"')
@example("a\n\nb")
@example("a\n\n\nb")
@example("a\n")
@example("\na")
@example("a \nb")
@example("a\n b")
@example("a\n1")
@example("a\n(b")
@example("a b ")
@example("a\tb")
@example("a_b")
def test_is_plain_is_the_pattern(text: str) -> None:
    assert is_plain(text) == (_PLAIN.fullmatch(text) is not None and "_" not in text)


def test_everyday_comments_take_the_fast_path() -> None:
    comment = "Great post!\nThanks.\n\nSee you (soon) — Zoë"
    assert plain_markdown(comment) == "Great post!\\\nThanks.\n\nSee you (soon) — Zoë\n"
    for marked_up in ("a *b*", "snake_case", "1. first", "<b>x</b>", "a  b", "x\n# y", "[gallery]"):
        assert plain_markdown(marked_up) is None


def test_html_content_is_not_wrapped_in_paragraphs() -> None:
    text = "A line\nanother line"
    assert text_to_markdown(text, HTML_CONTENT) == to_markdown(render_text(text, HTML_CONTENT))
    assert text_to_markdown(text, WORDPRESS_CONTENT) == to_markdown(render_text(text, WORDPRESS_CONTENT))
    assert text_to_markdown(text, HTML_CONTENT) != text_to_markdown(text, WORDPRESS_CONTENT)


def _slugify_path(text: str) -> str:
    """make_slug without its fast path: what slugify makes of the text."""
    slug = slugify(unquote(text.replace("\x00", "")), allow_unicode=True, lowercase=True)
    while len(slug.encode("utf-8")) > MAX_SLUG_BYTES:
        slug = slug[:-1]
    return str(slug.strip("-"))


_SLUGS = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,4}", fullmatch=True)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="az09-_ AZé%\x00.", max_size=30) | _SLUGS)
@example("a" * 121)
@example("2024-walk-1")
@example("-walk--1-")
def test_a_slug_is_what_slugify_makes_of_it(text: str) -> None:
    assert make_slug(text) == _slugify_path(text)
