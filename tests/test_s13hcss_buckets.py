"""The compiled page index's buckets (``_cindex.Bucket``: positions in a C array, the elements'
proxies made on first use) read as the Python walk's ``(elements, positions)`` pairs, and ``find``
on them answers as the Python index does: on every saved page, on pages big enough for a bucket to
outgrow its first memory, and on generated markup."""

from __future__ import annotations

import gc
from pathlib import Path

import lxml.html
import pytest
from conftest import saved_pages
from hypothesis import given, settings
from hypothesis import strategies as st

from importer.readers.html import css
from importer.readers.html.css import PageIndex

compiled = pytest.mark.skipif(css._cindex is None, reason="not built: python setup.py build_ext --inplace")


def _buckets(index: PageIndex, doc: lxml.html.HtmlElement) -> dict[str, object]:
    found: dict[str, object] = {f"class {name}": bucket for name, bucket in index.by_class.items()}
    found.update({f"id {name}": bucket for name, bucket in index.by_id.items()})
    found.update({f"holding {name}": bucket for name, bucket in index.by_attribute.items()})
    for tag in sorted({el.tag for el in doc.iter() if isinstance(el.tag, str)} | {"nope"}):
        if css._PLAIN_TAG.fullmatch(tag):
            found[f"tag {tag}"] = index.tagged(tag)
    return found


def _reads_as_its_pair(bucket: object, elements: list[object], positions: list[int]) -> None:
    """Every way css.py and its callers read a bucket gives the pair's lists."""
    assert len(bucket) == 2  # type: ignore[arg-type]
    assert bucket[0] == elements and bucket[1] == positions  # type: ignore[index]
    assert bucket[-2] == elements and bucket[-1] == positions  # type: ignore[index]
    first, second = bucket  # type: ignore[misc]
    assert first == elements and second == positions
    assert tuple(bucket) == (elements, positions)  # type: ignore[arg-type]
    assert bucket == (elements, positions)
    assert (elements, positions) == bucket
    assert all(a is b for a, b in zip(bucket[0], elements, strict=True))  # type: ignore[index]
    assert bucket[0] is bucket[0]  # type: ignore[index]  # made once
    with pytest.raises(IndexError):
        bucket[2]  # type: ignore[index]


def _same_buckets(doc: lxml.html.HtmlElement) -> None:
    walked, built = PageIndex.of(doc, compiled=False), PageIndex.of(doc, compiled=True)
    walked_buckets, built_buckets = _buckets(walked, doc), _buckets(built, doc)
    assert list(built_buckets) == list(walked_buckets)
    for key, bucket in built_buckets.items():
        elements, positions = walked_buckets[key]  # type: ignore[misc]
        _reads_as_its_pair(bucket, elements, positions)


def _same_answers(doc: lxml.html.HtmlElement, selectors: list[str]) -> None:
    """``find`` from the compiled index (every scope of the page) is the Python index's."""
    walked, built = PageIndex.of(doc, compiled=False), PageIndex.of(doc, compiled=True)
    scopes = [el for el in doc.iter() if isinstance(el.tag, str)]
    for selector in selectors:
        tests = css.simple_selectors(selector)
        assert tests is not None, selector
        for scope in scopes[:: max(1, len(scopes) // 40)]:
            want = walked.find(scope, tests)
            got = built.find(scope, tests)
            assert got == want, (selector, scope)
            assert built.find(scope, tests) == got  # asked again: the same proxies
            assert all(a is b for a, b in zip(built.find(scope, tests) or [], got or [], strict=True))


@compiled
@pytest.mark.parametrize("page", saved_pages(), ids=lambda p: p.name)
def test_buckets_read_as_the_python_walks_pairs_on_every_saved_page(page: Path) -> None:
    _same_buckets(lxml.html.document_fromstring(page.read_bytes()))


def _big_page(count: int) -> str:
    items = "".join(
        f'<li class="item item-{i % 7} {"odd" if i % 2 else "even"} item" id="i{i}">'
        f'<a rel="tag" href="/t/{i}">t</a><span class="x item-{i % 3}">{i}</span></li>'
        for i in range(count)
    )
    return f'<html><body class="page"><div id="main" class="wrap"><ul class="list">{items}</ul></div></body></html>'


@compiled
@pytest.mark.parametrize("count", [1, 700, 2100, 5000])
def test_buckets_that_outgrow_their_first_memory(count: int) -> None:
    """Buckets of thousands of positions (the page's memory comes in chunks of 2,048 positions,
    a growing bucket moves to a bigger piece): the same as the Python walk's, and ``find``'s
    answers too."""
    doc = lxml.html.document_fromstring(_big_page(count))
    _same_buckets(doc)
    _same_answers(
        doc,
        [
            ".item",
            ".item-3",
            "li.odd",
            ".even, .odd",
            "#main .x",
            "li > a[rel~='tag']",
            "span",
            ".list .item-2 .x",
            "#i7",
        ],
    )


@compiled
def test_a_bucket_outlives_its_index() -> None:
    """A bucket keeps the page's nodes and memory: read after its index is gone, it still answers."""
    doc = lxml.html.document_fromstring(_big_page(300))
    bucket = PageIndex.of(doc, compiled=True).by_class["odd"]
    gc.collect()
    elements, positions = bucket
    assert [el.get("id") for el in elements] == [f"i{i}" for i in range(1, 300, 2)]
    assert len(positions) == 150


_WORDS = st.sampled_from(["a", "b", "c", "post", "entry", "\u00e9", "a\u00a0b", ""])
_SPACES = st.sampled_from([" ", "  ", "\t", "\n"])
_CLASSES = st.lists(st.tuples(_WORDS, _SPACES), max_size=6).map(lambda pairs: "".join(w + s for w, s in pairs))


@st.composite
def _markup(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 5 if depth < 3 else 0))):
        tag = draw(st.sampled_from(["div", "p", "span", "li"]))
        attributes = f' class="{draw(_CLASSES)}"' if draw(st.booleans()) else ""
        if draw(st.booleans()):
            attributes += f' id="{draw(_WORDS)}"'
        parts.append(f"<{tag}{attributes}>{draw(_markup(depth + 1))}</{tag}>")
    return "".join(parts)


@compiled
@settings(max_examples=150, deadline=None)
@given(_markup(), st.integers(1, 60))
def test_buckets_on_generated_markup(body: str, copies: int) -> None:
    doc = lxml.html.document_fromstring(f"<html><body>{body * copies}</body></html>")
    _same_buckets(doc)
    _same_answers(doc, [".a", ".b.c", "div .a", "p > .post", "#a", ".entry, span", "li.c"])
