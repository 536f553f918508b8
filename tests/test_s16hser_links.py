"""Session 16 (issue 13), hser: ``fields._iterlinks`` runs the case-blind ``url(`` search of a
``style`` attribute (``_CSS_URL``) only when the value holds a ``(`` (``_may_hold_url``): most
inline styles of a body hold none, and the search reads the whole value.

Checked against the general path (``_CSS_URL.search``) on hypothesis styles built from the
characters that matter (``url(`` in any case, parentheses, look-alikes) and on every ``style``
value of the saved pages; ``_iterlinks`` as a whole against lxml's ``iterlinks`` and
``rewrite_links`` stays covered by tests/test_s13hbody_links.py."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from conftest import saved_pages
from hypothesis import example, given, settings
from hypothesis import strategies as st

from importer.readers.html import fields


def _same(style: str) -> None:
    assert fields._may_hold_url(style) == (fields._CSS_URL.search(style) is not None)


_PIECES = [*"urlURL(); :a-", "\u017f", "\u0131", "\u212a", "\u0130", "url(", "URL(", "uRl(", "rgb("]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=20).map("".join))
@example("background: url(a.png)")
@example("background: URL(a.png)")
@example("color: red")
@example("url")
@example("(url")
@example("")
def test_may_hold_url_is_the_search(style: str) -> None:
    _same(style)


@pytest.mark.parametrize("page", saved_pages(), ids=lambda p: p.name)
def test_may_hold_url_on_every_saved_style(page: Path) -> None:
    root = lxml.html.document_fromstring(page.read_bytes())
    for style in root.xpath("//@style"):
        _same(str(style))
