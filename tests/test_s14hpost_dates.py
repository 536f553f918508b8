"""``engine._date_of`` (session 14, issue 13, hpost): a post's dates read once a page. Every
element the post reader reads a date from gives, when read again, what ``read_date`` gives it
afresh (the reader never changes the page), on every saved page; and a context remembers each
element's reading, asked in any order.
"""

from __future__ import annotations

import random
from pathlib import Path

import lxml.html
import pytest
from conftest import saved_pages
from lxml.html import HtmlElement

from importer.readers.html import engine, parse_page
from importer.readers.html.fields import DateFound, read_date
from importer.readers.html.metadata import HeadFacts
from importer.tally import Tally

PAGES = saved_pages()


def _checking_dates(asked: list[HtmlElement]) -> object:
    """``engine._date_of``, each answer checked against a fresh ``read_date``."""
    date_of = engine._date_of

    def checking(el: HtmlElement, ctx: engine.PageContext) -> DateFound | None:
        value = date_of(el, ctx)
        assert value == read_date(el, ctx.head.language)
        asked.append(el)
        return value

    return checking


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_a_date_read_once_a_page_is_the_date_read_afresh(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "_date_of", _checking_dates([]))
    parse_page(page.read_bytes(), str(page), Tally(), links=False)


def test_the_post_reader_reads_some_elements_more_than_once(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[HtmlElement] = []
    monkeypatch.setattr(engine, "_date_of", _checking_dates(asked))
    for page in PAGES:
        parse_page(page.read_bytes(), str(page), Tally(), links=False)
    assert len(set(asked)) < len(asked)


@pytest.mark.parametrize("page", PAGES[:: max(1, len(PAGES) // 25)], ids=lambda p: p.name)
@pytest.mark.parametrize("language", [None, "en", "de", "fr"])
def test_date_of_is_read_date_in_any_order(page: Path, language: str | None) -> None:
    doc = lxml.html.document_fromstring(page.read_bytes())
    head = HeadFacts()
    head.language = language
    ctx = engine.PageContext(str(page), Tally(), head, set(), set(), single=True)
    elements = [el for el in doc.iter() if isinstance(el, HtmlElement)]
    rng = random.Random(page.name)
    asked = rng.sample(elements, min(len(elements), 120))
    for el in asked + rng.sample(asked, len(asked)):
        assert engine._date_of(el, ctx) == read_date(el, language)
