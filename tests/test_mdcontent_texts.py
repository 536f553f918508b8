"""Texts the mdcontent tests (the usual post's rendering, compiled wpautop) run on: pieces of
classic-editor posts for hypothesis, and every post of the fixtures and the shared corpus."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from conftest import CORPUS, FIXTURES

import importer
from importer.model import Post
from importer.tally import Tally

# Inline and list tags, what wpautop's usual path refuses, and whitespace of every kind around newlines.
WPAUTOP_PIECES = [
    *["Walk", "a b", "x", " ", "  ", "\t", "\xa0", "\u2028", "\u2029", "\x1c", "\x85", "\u3000", "é", "ß"],
    *["&amp;", ">", "x > y", "blockquote", "http://example.org/a", " https://x.org ", "/", "ul", "li>"],
    *["\n", "\n", "\n", "\n", "\n\n", "\n\n\n", "\n \n", " \n", "\n ", "\n\t", "\n\xa0", "\xa0\n", "\n\n\n\n"],
    *["<em>", "</em>", "<strong>", "</strong>", '<a href="https://example.org/x">', "</a>", "<a >", "<b>"],
    *["<code>", "</code>", "<span class='x'>", "</span>", "<s>", "<sup>", "<i>", "</i>", "<q>", "<small>"],
    *["<abbr>", "<abbrx>", "<a\thref=x>", "<a\xa0href=x>", "<a\u2028x>", "<em/>", "</ em>", "<a href=<x>"],
    *["<ul>", "</ul>", "<ol>", "</ol>", "<li>", "</li>", "\n\t<li>", "\n<li>", "</li>\n", "<ul>\n", "\n</ul>"],
    *["<ul>\n\t<li>a</li>\n</ul>", "<ol>\n<li>x</li>\n</ol>", "<li></li>", "<li>a<ul>b</li>", "  <li>c</li>"],
    *["<", "<em", "<EM>", "<em\n>", "<a\nhref=x>", "<br />", "<br>", "<p>", "</p>", "<div>", "<hr>", "<>"],
    *["<!--more-->", "<ul class=x>", "<li >", "<pre>", "</pre>", "<script>", "<style>", "[", "]", "\r", "< a>"],
    *["<svg>", "<math>", "<option>", "<source>", "<sup", "<em>\n</em>", "<li>\n</li>", "<ul><li>a</li></ul>"],
]


def exports() -> Iterator[tuple[Path, list[Post]]]:
    """Each of the fixtures' and the corpus's WXR files that reads, with its posts, pages and other items."""
    found = [*sorted(FIXTURES.rglob("*.xml"))]
    if (CORPUS / "wxr").is_dir():
        found += sorted(p for p in (CORPUS / "wxr").rglob("*") if p.is_file())
    for path in found:
        try:
            records = list(importer.read([str(path)], tally=Tally()))
        except Exception:  # a defect fixture the reader refuses: not these tests'
            continue
        yield path, [r for r in records if isinstance(r, Post)]


def exported_posts() -> Iterator[Post]:
    for _path, posts in exports():
        yield from posts


def test_the_texts_are_there() -> None:
    assert len(set(WPAUTOP_PIECES)) > 100
    assert sum(1 for post in exported_posts() if post.content) > 100
