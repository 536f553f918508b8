"""Session 16: ``_cindex.links_maybe_to`` compares a link's address whole only with the addresses
of its length (strlen, as the byte-by-byte comparison read them), not with every spelling of the
home address in turn. Its links are the rule's (an ``a`` whose ``href`` is one of ``hrefs``, or
whose ``rel`` holds the word's bytes, ASCII case ignored), on every saved page with addresses taken
from the page (and spellings of them sharing their first bytes) and on generated markup.
"""

from __future__ import annotations

import lxml.html
import pytest
from conftest import saved_pages
from hypothesis import given, settings
from hypothesis import strategies as st

from importer.readers.html import css

_cindex = css._cindex
pytestmark = pytest.mark.skipif(_cindex is None, reason="not built: python setup.py build_ext --inplace")


def _rule(doc: lxml.html.HtmlElement, hrefs: tuple[bytes, ...], word: bytes) -> list[lxml.html.HtmlElement]:
    wanted = set(hrefs)
    kept = []
    for anchor in doc.iter("a"):
        href, rel = anchor.get("href"), anchor.get("rel")
        if (href is not None and href.encode("utf-8") in wanted) or (
            rel is not None and word in rel.encode("utf-8").lower()
        ):
            kept.append(anchor)
    return kept


def _spellings(address: str) -> tuple[bytes, ...]:
    """``address`` and spellings sharing its first bytes, longer and shorter."""
    found = {address, address + "/", address.rstrip("/"), address + "x", address[:-1], "http://" + address}
    return tuple(sorted(s.encode("utf-8") for s in found))


def test_saved_pages() -> None:
    pages = saved_pages()
    assert pages
    for path in pages:
        doc = lxml.html.document_fromstring(path.read_bytes())
        addresses = [a.get("href") for a in doc.iter("a") if a.get("href")][:3] or ["https://example.org/"]
        for address in addresses:
            hrefs = _spellings(address)
            assert _cindex.links_maybe_to(doc, hrefs, b"home") == _rule(doc, hrefs, b"home"), address
        assert _cindex.links_maybe_to(doc, (), b"home") == _rule(doc, (), b"home")


_HREFS = st.sampled_from(["https://a.org/", "https://a.org", "https://a.org/x", "http://a.org/", "", "/", "\u00e9"])
_RELS = st.sampled_from(["home", "HOME", "homepage", "nofollow", "x Home", ""])


@st.composite
def _markup(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 8))):
        attributes = f' href="{draw(_HREFS)}"' if draw(st.booleans()) else ""
        attributes += f' rel="{draw(_RELS)}"' if draw(st.booleans()) else ""
        tag = draw(st.sampled_from(["a", "a", "span"]))
        parts.append(f"<{tag}{attributes}>t</{tag}>")
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(_markup(), st.lists(_HREFS, max_size=5))
def test_generated_markup(body: str, spellings: list[str]) -> None:
    doc = lxml.html.document_fromstring(f"<html><body><p>{body}</p></body></html>")
    hrefs = tuple(s.encode("utf-8") for s in spellings)
    assert _cindex.links_maybe_to(doc, hrefs, b"home") == _rule(doc, hrefs, b"home")
