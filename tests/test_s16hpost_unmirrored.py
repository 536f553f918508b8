"""The post reader's short cut of session 16 (issue 13, hpost) against the general path it replaces:

* ``engine._unmirrored`` searches a mirrored page's post HTML with ``_MIRRORED_LINK`` only when
  it holds "index.htm" (every match does): the same HTML as the search of every text, for any
  text made of the pattern's pieces and for every post of every saved page.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import saved_pages
from hypothesis import example, given, settings
from hypothesis import strategies as st

from importer.readers.html import engine, parse_page
from importer.readers.html.metadata import HeadFacts, first_group
from importer.tally import Tally

PAGES = saved_pages()


def _context(mirrored: bool) -> engine.PageContext:
    return engine.PageContext("page.html", Tally(), HeadFacts(mirrored=mirrored), set(), set(), single=True)


def _every_text_searched(html: str, ctx: engine.PageContext) -> str:
    """``engine._unmirrored`` as it was at b0b6cf0."""
    return engine._MIRRORED_LINK.sub(first_group, html) if ctx.head.mirrored else html


_PIECES = st.sampled_from(
    [
        'href="',
        "src='",
        "href=",
        "index.html",
        "index.htm",
        "index.HTML",
        "index.php",
        "?p=3",
        "#x",
        '"',
        "'",
        "/",
        "a/",
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES | st.text(max_size=3), max_size=12).map("".join), st.booleans())
@example('<a href="../index.html?p=137">x</a>', True)
@example("<img src='/2020/index.htm#top'>", True)
@example('<a href="index.html">x</a>', False)
def test_unmirrored_any_text_is_as_by_searching_every_text(html: str, mirrored: bool) -> None:
    ctx = _context(mirrored)
    assert engine._unmirrored(html, ctx) == _every_text_searched(html, ctx)


def _checked(asked: list[str]) -> object:
    unmirrored = engine._unmirrored

    def checking(html: str, ctx: engine.PageContext) -> str:
        answer = unmirrored(html, ctx)
        assert answer == _every_text_searched(html, ctx)
        if ctx.head.mirrored:
            asked.append(html)
        return answer

    return checking


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_unmirrored_posts_of_every_saved_page_are_as_by_searching_every_text(
    page: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "_unmirrored", _checked([]))
    parse_page(page.read_bytes(), str(page), Tally(), links=False)


def test_the_saved_pages_hold_mirrored_posts_with_and_without_the_file_name(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(engine, "_unmirrored", _checked(asked))
    for page in PAGES:
        parse_page(page.read_bytes(), str(page), Tally(), links=False)
    assert any("index.htm" in html for html in asked) and not all("index.htm" in html for html in asked)
