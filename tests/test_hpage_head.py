"""The page head's cheap forms (issue 13, session 12, branch ``hpage``) give what the expressions
and ElementPath look-ups they replace gave: the post id from the body classes, the "inside a
comment" test of a home link, the body and the first title."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from importer.readers.html import metadata

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_PAGES = sorted((ROOT / "fixtures").rglob("*.html"))

_POST_ID_CLASS = re.compile(r"(?:^|\s)postid-(\d+)(?:\s|$)")  # the expression _post_id was
_COMMENTISH = re.compile(r"comment", re.I)  # the expression _in_comment was

_CLASS_WORDS = st.sampled_from(
    [
        *("postid-12", "postid-7", "postid-", "postid-x1", "postid-1x", "postid-\u0661\u0662", "postid-\u00b2"),
        *("single", "single-post", "postid", "page-id-3", "Postid-4", "postid-0012", "postid--1", "postid-\u0e53"),
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.lists(_CLASS_WORDS, max_size=6).map(" ".join), st.text(max_size=30)))
@example("postid-12 postid-7")
def test_post_id_is_the_expressions(classes: str) -> None:
    facts = metadata.HeadFacts(body_classes=frozenset(classes.split()))
    match = _POST_ID_CLASS.search(" ".join(sorted(facts.body_classes)))
    assert metadata._post_id(facts) == (int(match.group(1)) if match else None)


_XML_TEXT = st.characters(blacklist_categories=("Cs", "Cc"))  # what an attribute value can hold
_ID_PIECES = st.sampled_from(["comment", "COMMENT", "Comm", "ent", "\u0130", "\u212a", "\u017f", "c", "-", " ", "x"])


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(st.lists(_ID_PIECES, max_size=6).map("".join), st.text(_XML_TEXT, max_size=20)),
    st.text(_XML_TEXT, max_size=10),
)
@example("\u0130comment", "")
@example("COMMENTS", "")
def test_in_comment_is_the_expressions(ident: str, classes: str) -> None:
    doc = lxml.html.fragment_fromstring('<div><p><a href="/">home</a></p></div>')
    doc.set("id", ident)
    doc.set("class", classes)
    anchor = doc.find(".//a")
    expected = any(
        _COMMENTISH.search(a.get("id") or "") or _COMMENTISH.search(a.get("class") or "")
        for a in anchor.iterancestors()
    )
    assert metadata._in_comment(anchor) == expected


_ODD = [
    "<html><head><title>T</title></head><body class='a'><p>x</p></body></html>",
    "<title>first</title><body><title>second</title></body>",
    "<p>no head</p>",
    "<html><!-- c --><body><svg><title>svg</title></svg></body></html>",
    "<html><frameset><frame src=x></frameset></html>",
]


@pytest.mark.parametrize("markup", [p.read_bytes() for p in FIXTURE_PAGES] + [m.encode() for m in _ODD])
def test_body_and_title_are_elementpaths(markup: bytes) -> None:
    doc = lxml.html.document_fromstring(markup)
    assert next(doc.iterchildren("body"), None) is doc.find("body")
    assert next(doc.iterdescendants("title"), None) is doc.find(".//title")
