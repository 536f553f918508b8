"""The speed work's shortcuts give exactly what the paths they stand in for give."""

from __future__ import annotations

import re
from collections.abc import Callable

import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st

from importer.transforms import wpautop
from importer.transforms.code_rendered import MARKERS, has_code_markers
from importer.transforms.html_depth import parse_fragment
from importer.transforms.html_to_markdown import _BLANK_LINES, _ESCAPES, _NEEDS_ESCAPE, _escape_text
from importer.transforms.linear_scan import sub_tag
from importer.transforms.wpautop import BLOCK_TAGS
from importer.transforms.xml_chars import strip_xml_forbidden

# Pieces of the markers, their letters in both cases, and the characters re.I folds to ASCII.
_MARKER_TEXT = st.lists(
    st.sampled_from(
        [
            *["CodeRay", "crayon-", "LANG:", "gutter", 'class="php">', "class=x>", "de1", "Li1", "brush:"],
            *'aAcCdDeEgGiIkKlLsStTuU-_:="<> 1#+',
            *["\u0130", "\u0131", "\u017f", "\u212a", "é", "ß", "Ω"],
        ]
    ),
    max_size=12,
).map("".join)


@given(_MARKER_TEXT)
def test_code_markers_test_agrees_with_the_case_insensitive_pattern(text: str) -> None:
    assert has_code_markers(text) == (MARKERS.search(text) is not None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('<pre class="brush: php">x</pre>', True),
        ("GUTTER", True),
        ("<td class=l\u01311>", True),  # re.I reads the dotless i as i ('li1')
        ("\u017fyntaxhighlighter", True),  # re.I reads the long s as s
        ("<p>Plain words, nothing else.</p>", False),
    ],
)
def test_code_markers_examples(text: str, expected: bool) -> None:
    assert has_code_markers(text) is expected
    assert (MARKERS.search(text) is not None) is expected


def _escape_text_reference(text: str) -> str:
    """The escaping as written before its shortcut: the three passes on every text."""
    text, _ = strip_xml_forbidden(text)
    if "\n" in text:
        text = _BLANK_LINES.sub("\n", text)
    return _NEEDS_ESCAPE.sub(lambda m: _ESCAPES[m.group(0)], text)


@given(st.lists(st.sampled_from([*"ab _*`[\\<~&#;1.\n\t\x01\x0b/!x", "amp;", "\n\n"])).map("".join))
def test_text_escaping_shortcut_agrees_with_the_full_passes(text: str) -> None:
    assert _escape_text(text) == _escape_text_reference(text)


_FRAGMENTS = st.lists(
    st.sampled_from(
        [
            *["<p>", "</p>", "text", "  ", "<form><input name=q>", "<select><option>a", "<textarea>t", "<label>l"],
            *["<a href='x'>", "</a>", "<em>", "<br>", "\n", "<!--more-->", "<html>", "<body>", "<ul><li>i"],
        ]
    ),
    max_size=10,
).map("".join)


def _outcome(parse: Callable[[], lxml.html.HtmlElement]) -> bytes:
    try:
        return lxml.html.tostring(parse())
    except AssertionError:  # lxml.html's own check: '<html>' alone has no body, ours shows nothing
        return b"<div></div>"


@given(_FRAGMENTS)
def test_fragment_parse_gives_lxml_html_s_tree(html: str) -> None:
    expected = _outcome(lambda: lxml.html.fragment_fromstring(html, create_parent="div"))
    assert lxml.html.tostring(parse_fragment(html)[0]) == expected


def test_fragment_elements_take_classes_from_the_parser_in_c() -> None:
    root, _ = parse_fragment("lead <form><input name=q></form><p>x</p>")
    assert root.text == "lead "
    assert {type(e) for e in root.iter()} == {lxml.html.HtmlElement}


# -- wpautop ---------------------------------------------------------------------------------------

_TAG_SOUP = st.lists(
    st.sampled_from(
        [
            *["<p>", "</p>", "<P >", "<pre>", "<prefix>", "<col>", "<colgroup>", "</COLGROUP>", "<h7>", "<hr/>"],
            *["<div class='a'>", "</div>", "<table", "<\u017fection>", "<br />", "<br>", "x", " ", "\n", "\t", "\xa0"],
            *["<", ">", "</li>", "<li>", "\n\n", "<span>", "</span>", "<em>"],
        ]
    ),
    max_size=16,
).map("".join)


@given(_TAG_SOUP)
def test_block_patterns_match_what_the_plain_alternation_matches(text: str) -> None:
    expected = re.sub(rf"(<(?:{BLOCK_TAGS})[\s/>])", r"\n\n\1", text, flags=re.I)
    assert wpautop._BLOCK_OPEN_START.sub("\n\n<", text) == expected
    assert [m.span() for m in re.finditer(rf"</?{wpautop._ALL_BLOCKS}[^>]*>", text, re.I)] == [
        m.span() for m in re.finditer(rf"</?(?:{BLOCK_TAGS})[^>]*>", text, re.I)
    ]


@given(_TAG_SOUP)
def test_block_tag_passes_give_what_the_linear_scan_gives(text: str) -> None:
    for plain, tail in (
        (wpautop._BLOCK_TAG_THEN_CLOSE_P, wpautop._CLOSE_P),
        (wpautop._BLOCK_TAG_THEN_BR, wpautop._BR_TAIL),
    ):
        expected = sub_tag(text, wpautop._BLOCK_TAG_HEAD, wpautop._keep_tag, tail)
        assert wpautop._keep_block_tags(text, plain, tail) == expected
        assert plain.sub(r"\1", text) == expected or wpautop._LT_INSIDE_TAG.search(text)
