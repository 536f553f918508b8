"""``css.possible``: the selectors of a profile's list left out on a page (a class or id no element
of the page has) find nothing there, by the general path (the selector's own XPath), on every
fixture and corpus page, with the compiled index and with the Python walk's; the rest keep
their order. The reader's loops over those lists skip them instead of a ``select`` call each."""

from __future__ import annotations

import os
from dataclasses import fields
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importer.readers.html import css
from importer.readers.html.profiles import DEFAULTS, PROFILES, Profile

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_PAGES = sorted((ROOT / "fixtures").rglob("*.html"))
CORPUS_HTML = Path(os.environ.get("BLOGIMPORT_CORPUS") or ROOT.parent / "shared" / "corpus") / "html"
CORPUS_PAGES = sorted(CORPUS_HTML.rglob("*.html")) if CORPUS_HTML.is_dir() else []


def _selector_lists() -> list[tuple[str, ...]]:
    lists: dict[tuple[str, ...], None] = {}
    for profile in (*PROFILES, DEFAULTS, *(p.merged_with(DEFAULTS) for p in PROFILES)):
        for f in fields(Profile):
            value = getattr(profile, f.name)
            strings = isinstance(value, tuple) and value and all(isinstance(s, str) for s in value)
            if strings and f.name != "detect_text":
                lists[value] = None
    lists[("img.avatar", "img.photo", ".comment-author img")] = None
    return list(lists)


SELECTOR_LISTS = _selector_lists()


def _general(scope: lxml.html.HtmlElement, selector: str) -> list[object]:
    found = css.compiled(selector)(scope)
    return [el for el in found if isinstance(el, lxml.html.HtmlElement)] if isinstance(found, list) else []


def _check(doc: lxml.html.HtmlElement, lists: list[tuple[str, ...]], scopes: int = 6) -> None:
    """What is left out depends on the page only: checked on the whole page, the same for every scope."""
    elements = [el for el in doc.iter() if isinstance(el, lxml.html.HtmlElement)]
    picked = elements[:: max(1, len(elements) // scopes)][:scopes]
    with css.indexed(doc):
        for selectors in lists:
            live = css.possible(doc, selectors)
            assert css.possible(doc, selectors) is live  # remembered for the page
            kept = iter(selectors)
            assert all(s in kept for s in live)  # a subsequence: the same order
            for selector in set(selectors) - set(live):
                assert _general(doc, selector) == [], selector
            assert all(css.possible(scope, selectors) == live for scope in picked)


@pytest.mark.parametrize("page", FIXTURE_PAGES + CORPUS_PAGES, ids=lambda p: p.name)
def test_left_out_selectors_find_nothing_on_every_page(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = lxml.html.document_fromstring(page.read_bytes())
    _check(doc, SELECTOR_LISTS)
    monkeypatch.setattr(css, "_cindex", None)  # the Python walk's index
    _check(lxml.html.document_fromstring(page.read_bytes()), SELECTOR_LISTS, scopes=2)


def test_possible_without_an_index_or_outside_the_page() -> None:
    doc = lxml.html.document_fromstring("<html><body><div class='a'><p id='b'>x</p></div></body></html>")
    selectors = (".a", ".missing", "#b", "#missing", "div.a p", ".a .missing", "p:not(.missing)", "xpath://p")
    assert css.possible(doc, selectors) == selectors  # no page being read
    with css.indexed(doc):
        assert css.possible(doc, selectors) == (".a", "#b", "div.a p", "p:not(.missing)", "xpath://p")
        stranger = lxml.html.fromstring("<div class='missing'><p id='missing'>y</p></div>")
        assert css.possible(stranger, selectors) == selectors  # not an element of the page
        copy = doc.find("body").__copy__()
        assert css.possible(copy, selectors) == selectors


_WORDS = st.sampled_from(["post", "entry", "x", "p-1", "\u00e9", "a\u00a0b", ""])
_SPACES = st.sampled_from([" ", "\t", "\n", "\u00a0"])


@st.composite
def _markup(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 3 if depth < 3 else 0))):
        tag = draw(st.sampled_from(["div", "p", "span", "a", "li"]))
        attributes = ""
        if draw(st.booleans()):
            words = draw(st.lists(st.tuples(_WORDS, _SPACES), max_size=3))
            attributes += ' class="' + "".join(w + s for w, s in words) + '"'
        if draw(st.booleans()):
            attributes += f' id="{draw(_WORDS)}"'
        parts.append(f"<{tag}{attributes}>{draw(_markup(depth + 1))}</{tag}>")
    return "".join(parts)


_SELECTOR = st.builds(
    lambda tag, classes, ident, tail: (
        (tag + "".join(f".{c}" for c in classes) + (f"#{ident}" if ident else "") + tail) or "div"
    ),
    st.sampled_from(["", "div", "p", "a"]),
    st.lists(st.sampled_from(["post", "entry", "x", "p-1", "\u00e9", "missing"]), max_size=2),
    st.sampled_from(["", "post", "x", "p-1", "missing"]),
    st.sampled_from(["", " span", " > p", ".entry a", "[id]", ":not(.x)"]),
)


@settings(max_examples=150, deadline=None)
@given(_markup(), st.lists(_SELECTOR, min_size=1, max_size=5))
def test_left_out_selectors_find_nothing_on_generated_markup(body: str, selectors: list[str]) -> None:
    doc = lxml.html.document_fromstring(f"<html><body>{body}</body></html>")
    _check(doc, [tuple(dict.fromkeys(selectors))], scopes=4)
