"""The post reader's shortcuts of session 13 (issue 13, hpost) against the forms they replace:

* ``_title_hints`` (``engine._title_hints`` until session 16, now kept here as the reference of
  ``engine._plain_title_hints``): the title's parts from one search of its separators
  (``engine._hint_candidates``), and ``doubled_title`` asked only about a site name the title
  holds twice;
* ``engine._term_slug``: a term's slug made once a page for its name (``PageContext.slugs``), and
  without python-slugify for a name of ASCII letters, digits, spaces and hyphens;
* ``engine.detected``: the links' needles looked for one by one, as before.
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
from conftest import saved_pages
from hypothesis import example, given, settings
from hypothesis import strategies as st
from slugify import slugify

from importer.readers.html import engine
from importer.readers.html.metadata import HeadFacts, doubled_title, plain_text, read_head
from importer.readers.html.profiles import PROFILES
from importer.tally import Tally

PAGES = saved_pages()


def _title_hints(head: HeadFacts) -> list[str]:
    """The title hints as a list, each kept hint as it stands (what ``engine._title_hints`` gave
    until session 16; the engine keeps only their plain set, ``engine._plain_title_hints``): the
    candidates that are not blank and not the site's name, unless the title doubles it."""
    kept = []
    for hint in engine._hint_candidates(head):
        if not hint or not hint.strip():
            continue
        if not engine.is_site_name(hint, head) or engine._doubled(hint, head.title):
            kept.append(hint)
    return kept


def _title_hints_as_before(head: HeadFacts) -> list[str]:
    """``_title_hints`` as it was at 450d055: re.split and finditer of the title, and
    ``doubled_title`` asked for every page."""
    hints = [head.meta.get("og:title"), head.meta.get("twitter:title")]
    headline = head.jsonld.get("headline")
    hints.append(headline if isinstance(headline, str) else None)
    if head.title:
        hints += [head.title, *engine._TITLE_SEPARATOR.split(head.title)]
        separators = list(engine._TITLE_SEPARATOR.finditer(head.title))
        if len(separators) > 1:
            hints += [head.title[: separators[-1].start()], head.title[separators[0].end() :]]
    doubled = doubled_title(head.title)
    return [h for h in hints if h and h.strip() and (h == doubled or not engine.is_site_name(h, head))]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_title_hints_of_every_saved_page_are_as_before(page: Path) -> None:
    head = read_head(lxml.html.document_fromstring(page.read_bytes()), None)
    assert _title_hints(head) == _title_hints_as_before(head)


_WORDS = st.sampled_from(["Blog", "Post", "News", "blog", "A", "x", "Über", "\u2026", "..."])
_SEPARATORS = st.sampled_from(
    [" | ", " - ", " \u2013 ", " \u2014 ", " \u00b7 ", " \u00bb ", " :: ", "|", " ~ ", "  -  ", " -", ": ", "-"]
)


@st.composite
def _titles(draw: st.DrawFn) -> str:
    parts = [" ".join(draw(st.lists(_WORDS, min_size=0, max_size=3))) for _ in range(draw(st.integers(1, 4)))]
    title = parts[0]
    for part in parts[1:]:
        title += draw(_SEPARATORS) + part
    return draw(st.sampled_from(["", " ", "\n"])) + title + draw(st.sampled_from(["", " "]))


@settings(max_examples=400, deadline=None)
@given(
    _titles(),
    st.lists(st.one_of(_WORDS, _titles()), max_size=3),
    st.one_of(st.none(), _titles()),
    st.one_of(st.none(), _titles(), st.integers()),
)
@example("Blog | Blog", ["Blog"], None, None)
@example("Blog | Blog", ["blog"], "Blog", "Blog")
@example("Post - News - Blog", ["Blog", "News"], None, None)
@example("Blog Blog | Blog", ["Blog"], None, None)
@example("Blog | Blog | Blog", ["Blog"], None, None)
def test_title_hints_of_any_title_are_as_before(
    title: str, site_names: list[str], og_title: str | None, headline: object
) -> None:
    head = HeadFacts(
        title=title or None,
        meta={"og:title": og_title} if og_title is not None else {},
        jsonld={"headline": headline} if headline is not None else {},
        site_names=tuple(site_names),
        site_names_plain=frozenset(plain_text(n) for n in site_names),
    )
    assert _title_hints(head) == _title_hints_as_before(head)


def _context() -> engine.PageContext:
    return engine.PageContext("page.html", Tally(), HeadFacts(), set(), set(), single=True)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=12), st.sampled_from(["", "/?cat=3", "/topics/x/", "/category/news/", "/tag/a/b/"]))
def test_a_term_slug_made_once_a_page_is_the_slug_made_each_time(name: str, href: str) -> None:
    ctx = _context()
    link = lxml.html.fragment_fromstring(f'<a href="{href}">x</a>')
    match = engine._TERM_PATH.search(href.rstrip("/"))
    expected = match.group(1).lower() if match else slugify(name) or name
    assert engine._term_slug(link, name, ctx) == expected
    assert engine._term_slug(link, name, ctx) == expected  # the second time from the page's memo


def _detected_as_before(doc: lxml.html.HtmlElement, text: str, profile: engine.Profile, link_hrefs: str) -> bool:
    needles, others = engine._theme_links(profile.detect)
    if any(needle in link_hrefs for needle in needles):
        return True
    if others and engine.select_any(doc, others):
        return True
    return any(phrase in text for phrase in profile.detect_text)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_profile_is_detected_on_a_saved_page_as_before(page: Path) -> None:
    doc = lxml.html.document_fromstring(page.read_bytes())
    link_hrefs = " ".join(el.get("href") or "" for el in doc.iter("link"))
    text = doc.text_content()
    for profile in PROFILES:
        assert engine.detected(doc, text, profile, link_hrefs) == _detected_as_before(doc, text, profile, link_hrefs)


def test_title_separator_has_no_group_and_no_empty_match() -> None:
    """``_title_hints`` cuts the title at the separators' matches: what ``re.split`` gives only
    for a pattern without groups that never matches the empty string."""
    assert engine._TITLE_SEPARATOR.groups == 0
    assert re.fullmatch(engine._TITLE_SEPARATOR, "") is None


@settings(max_examples=500, deadline=None)
@given(
    st.text(st.sampled_from("aZ09 -_.'&;#,\u00e9\u00c4\t"), max_size=16)
    | st.from_regex(r"[A-Za-z0-9 -]*", fullmatch=True)
)
@example("Big  News - 2020")
@example("--x--")
@example(" - ")
def test_a_plain_term_slug_is_the_slug_python_slugify_makes(name: str) -> None:
    """``_term_slug``'s shortcut for names of ASCII letters, digits, spaces and hyphens."""
    link = lxml.html.fragment_fromstring('<a href="/?cat=3">x</a>')
    assert engine._term_slug(link, name, _context()) == (slugify(name) or name)
