"""``comments.ItemIndex.owner`` remembers what each ancestor leads to: the same owner as the walk
it replaced (the match itself when it is an item, else the nearest item above, None when a
``.children`` reply list comes first), whatever order the matches are asked in."""

from __future__ import annotations

from pathlib import Path

import lxml.html
from hypothesis import given, settings
from hypothesis import strategies as st

from importer.readers.html.comments import ItemIndex

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_PAGES = sorted((ROOT / "fixtures").rglob("*.html"))


def _walked(match: lxml.html.HtmlElement, items: set[lxml.html.HtmlElement]) -> lxml.html.HtmlElement | None:
    if match in items:
        return match
    for ancestor in match.iterancestors():
        if ancestor in items:
            return ancestor
        if "children" in (ancestor.get("class") or "").split():
            return None
    return None


def _same(doc: lxml.html.HtmlElement, items: set[lxml.html.HtmlElement], order: list[int]) -> None:
    elements = [el for el in doc.iter() if isinstance(el, lxml.html.HtmlElement)]
    index = ItemIndex(items, [doc])
    for at in order:
        el = elements[at % len(elements)]
        assert index.owner(el) is _walked(el, items)
    for el in elements:
        assert index.owner(el) is _walked(el, items)


def test_owner_on_the_fixture_pages() -> None:
    for page in FIXTURE_PAGES:
        doc = lxml.html.document_fromstring(page.read_bytes())
        items = {el for el in doc.iter("li", "article") if (el.get("id") or "").startswith(("comment-", "li-comment"))}
        items |= {el for el in doc.iter() if "comment" in (el.get("class") or "").split()}
        elements = [el for el in doc.iter() if isinstance(el, lxml.html.HtmlElement)]
        _same(doc, items, list(range(len(elements) - 1, -1, -7)))


_CLASSES = st.sampled_from(["", "children", "comment", "x children", "children\u00a0x", "y"])


@st.composite
def _markup(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 3 if depth < 4 else 0))):
        tag = draw(st.sampled_from(["div", "li", "ul", "p", "span"]))
        parts.append(f"<{tag} class='{draw(_CLASSES)}'>{draw(_markup(depth + 1))}</{tag}>")
    return "".join(parts)


@settings(max_examples=200, deadline=None)
@given(_markup(), st.lists(st.integers(0, 200), max_size=30), st.integers(0, 2**16))
def test_owner_on_generated_markup(body: str, order: list[int], pick: int) -> None:
    doc = lxml.html.document_fromstring(f"<html><body>{body}</body></html>")
    elements = [el for el in doc.iter() if isinstance(el, lxml.html.HtmlElement)]
    items = {el for n, el in enumerate(elements) if (pick >> (n % 16)) & 1 and el.tag != "html"}
    _same(doc, items, order)
