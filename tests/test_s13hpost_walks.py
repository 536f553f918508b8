"""The post reader's walks of session 13 (issue 13, hpost) against the forms they replace, on
every element of the saved pages:

* ``engine._holds_block`` (one ``iterdescendants`` walk) and ``el.find(".//p")``/``".//div"``;
* ``engine._has_ancestor_in``, ``engine._inside`` and ``body._below`` (loops) and ``any()`` over
  the ancestors;
* the generic fallback's date window reads ``text_start(el, 81)`` where it read ``text_of(el)``
  for a length test only;
* ``fallback._usable`` (one set, ``engine.unusable_of``) and its two-set form;
* ``engine._byline_places`` (remembered per profile) and the tuple it stands for.
"""

from __future__ import annotations

import random
from pathlib import Path

import lxml.html
import pytest
from conftest import saved_pages
from lxml.html import HtmlElement

from importer.readers.html import body, engine, fallback
from importer.readers.html.fields import text_of, text_start
from importer.readers.html.metadata import HeadFacts
from importer.readers.html.profiles import BYLINE_PLACES, DEFAULTS, PROFILES
from importer.tally import Tally

PAGES = saved_pages()


def _elements(page: Path) -> list[HtmlElement]:
    doc = lxml.html.document_fromstring(page.read_bytes())
    return [el for el in doc.iter() if isinstance(el, HtmlElement)]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_walks_give_what_elementpath_and_any_give(page: Path) -> None:
    elements = _elements(page)
    rng = random.Random(page.name)
    containers = rng.sample(elements, min(len(elements), 12))
    chosen = set(rng.sample(elements, min(len(elements), 20)))
    for el in elements:
        assert engine._holds_block(el) == (el.find(".//p") is not None or el.find(".//div") is not None)
        assert (next(el.iterdescendants("p"), None) is not None) == (el.find(".//p") is not None)
        assert engine._has_ancestor_in(el, chosen) == any(a in chosen for a in el.iterancestors())
        for container in containers:
            inside = any(a is container for a in el.iterancestors())
            assert body._below(el, container) == inside
            assert engine._inside(el, container) == (el is container or inside)
        assert engine._inside(el, None) is False


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_a_date_window_length_test_on_the_start_of_the_text_is_the_test_on_the_text(page: Path) -> None:
    limit = fallback._MAX_DATE_TEXT
    for el in _elements(page):
        text, start = text_of(el), text_start(el, limit + 1)
        assert bool(start and len(start) <= limit) == bool(text and len(text) <= limit)


def _usable_as_before(el: HtmlElement, ctx: engine.PageContext) -> bool:
    if el in ctx.chrome or el in ctx.comment_zone:
        return False
    return not any(a in ctx.chrome or a in ctx.comment_zone for a in el.iterancestors())


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_fallback_usable_from_one_set_is_usable_from_two(page: Path) -> None:
    elements = _elements(page)
    rng = random.Random(page.name)
    chrome = set(rng.sample(elements, min(len(elements), 6)))
    zone = set(rng.sample(elements, min(len(elements), 2)))
    ctx = engine.PageContext(str(page), Tally(), HeadFacts(), chrome, zone, single=True)
    for el in elements:
        assert fallback._usable(el, ctx) == _usable_as_before(el, ctx)
    assert engine.unusable_of(ctx) == chrome | zone


def test_byline_places_are_those_the_profile_did_not_try() -> None:
    for profile in (DEFAULTS, *PROFILES, *(p.merged_with(DEFAULTS) for p in PROFILES)):
        assert engine._byline_places(profile.date) == tuple(s for s in BYLINE_PLACES if s not in profile.date)
