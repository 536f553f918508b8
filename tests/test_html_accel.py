"""The HTML reader's compiled accelerator (importer/readers/html/_cindex.pyx) gives what the Python
code it stands for gives; CI proves it is built and used, and a stale build fails."""

from __future__ import annotations

import os
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importer.readers.html import css, parse_page
from importer.readers.html.css import PageIndex
from importer.tally import Tally

ROOT = Path(__file__).resolve().parent.parent
HTML_PACKAGE = ROOT / "importer" / "readers" / "html"
FIXTURE_PAGES = sorted((ROOT / "fixtures").rglob("*.html"))
CORPUS_HTML = Path(os.environ.get("BLOGIMPORT_CORPUS") or ROOT.parent / "shared" / "corpus") / "html"
CORPUS_PAGES = sorted(CORPUS_HTML.rglob("*.html")) if CORPUS_HTML.is_dir() else []

compiled = pytest.mark.skipif(css._cindex is None, reason="not built: python setup.py build_ext --inplace")


def test_ci_uses_the_compiled_accelerator() -> None:
    """In CI (.ci/run installs with ``pip install -e``, which builds it) the extension must import:
    otherwise every test of the reader would pass on the Python path alone."""
    if os.environ.get("CI") != "true":
        pytest.skip("CI only: a developer's checkout may run without the build")
    from importer.readers.html import _cindex  # noqa: F401  (raises when missing)

    assert css._cindex is not None


def test_the_built_accelerator_is_not_older_than_its_source() -> None:
    """A developer who edits a .pyx must rebuild (``python setup.py build_ext --inplace`` or
    ``pip install -e .``): a built module older than its source fails here."""
    sources = sorted(HTML_PACKAGE.glob("*.pyx"))
    assert sources
    for source in sources:
        for built in HTML_PACKAGE.glob(f"{source.stem}.*.so"):
            assert built.stat().st_mtime >= source.stat().st_mtime, f"{built.name} is older than {source.name}: rebuild"


def _same_index(doc: lxml.html.HtmlElement) -> None:
    walked, built = PageIndex.of(doc, compiled=False), PageIndex.of(doc, compiled=True)
    nodes = list(doc.iter())
    assert len(built.position) == len(walked.position) == len(nodes)
    assert [built.position[node] for node in nodes] == list(range(len(nodes)))
    assert list(built.position) == nodes
    assert built.by_class == walked.by_class
    assert list(built.by_class) == list(walked.by_class)  # the same order of names
    assert built.by_id == walked.by_id
    assert list(built.by_id) == list(walked.by_id)
    assert built.by_attribute == walked.by_attribute
    for node in nodes:  # the end of every subtree: the compiled walk's, and the last child's last child...
        assert css._end(built.position, node) == css._end(walked.position, node)
    elements = [el for el in nodes if isinstance(el.tag, str)]
    tags = {el.tag for el in elements} | {"h2", "nope", "x-y", ""}
    for tag in sorted(tags):  # the compiled walk's node list, and lxml's iter(tag)
        assert built.tagged(tag) == walked.tagged(tag), tag
    names = {name for el in elements for name in el.attrib} | {"itemprop", "rel", "datetime", "nope"}
    for name in sorted(n for n in names if css._ATTRIBUTE_NAME.fullmatch(n)):  # and XPath's @NAME/..
        assert built.holding_attribute(name) == walked.holding_attribute(name), name


@compiled
@pytest.mark.parametrize("page", FIXTURE_PAGES + CORPUS_PAGES, ids=lambda p: p.name)
def test_compiled_index_is_the_python_walks_on_every_page(page: Path) -> None:
    _same_index(lxml.html.document_fromstring(page.read_bytes()))


_ODD_PAGE = """<!DOCTYPE html><html class="root"><head><title>t</title></head><body class="single">
<?php echo "class"; ?><!-- class="fake" --><div class="">empty</div><p class="a  b a\tc" id="p1">x</p>
<span class="\u00e9t\u00e9 b" id="">e</span><em id="p1" class="b">dup id</em><svg><use xlink:href="#i" class="s"/></svg>
<b class="x" class="y" id="a" id="b">first only</b><i xml:id="n" xmlns:q="urn:q" q:class="ns">ns</i>&amp;&nbsp;
<table><tr><td class="t">&copy;</td></tr></table></body></html>"""


@compiled
def test_compiled_index_on_odd_markup() -> None:
    """Empty, repeated and non-ASCII class words, tabs, duplicate attributes, comments, PIs."""
    _same_index(lxml.html.document_fromstring(_ODD_PAGE))


@compiled
def test_positions_of_other_documents_and_non_elements() -> None:
    doc = lxml.html.document_fromstring(_ODD_PAGE)
    index = PageIndex.of(doc, compiled=True)
    other = lxml.html.document_fromstring(_ODD_PAGE)
    made = doc.makeelement("div", {})  # same document, not in the tree
    for stranger in (other, other.find(".//p"), made, "p", None, 3):
        assert stranger not in index.position
        assert index.position.get(stranger) is None  # type: ignore[arg-type]
        assert index.position.get(stranger, -1) == -1  # type: ignore[arg-type]
        with pytest.raises(KeyError):
            index.position[stranger]  # type: ignore[index]
    assert index.position[doc] == 0


_WORDS = st.sampled_from(["post", "entry", "entry-content", "hentry", "x", "\u00e9", "a\u00a0b", "", "p-1"])
_SPACES = st.sampled_from([" ", "  ", "\t", "\n", "\r\n", "\u00a0", "\x0b"])
_CLASSES = st.lists(st.tuples(_WORDS, _SPACES), max_size=5).map(lambda pairs: "".join(w + s for w, s in pairs))
_TAGS = st.sampled_from(["div", "p", "span", "a", "li", "ul", "article"])


@st.composite
def _markup(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4 if depth < 3 else 0))):
        kind = draw(st.sampled_from(["element", "text", "comment", "pi"]))
        if kind == "text":
            parts.append(draw(st.sampled_from(["t", "&amp;", "&nbsp;", "<", "&", " "])))
        elif kind == "comment":
            parts.append("<!-- c -->")
        elif kind == "pi":
            parts.append("<?pi x?>")
        else:
            tag = draw(_TAGS)
            attributes = ""
            if draw(st.booleans()):
                attributes += f' class="{draw(_CLASSES)}"'
            if draw(st.booleans()):
                attributes += f' id="{draw(_WORDS)}"'
            if draw(st.booleans()):
                attributes += f' class="{draw(_CLASSES)}"'  # repeated: libxml2 keeps the first
            parts.append(f"<{tag}{attributes}>{draw(_markup(depth + 1))}</{tag}>")
    return "".join(parts)


@compiled
@settings(max_examples=150, deadline=None)
@given(_markup())
def test_compiled_index_on_generated_markup(body: str) -> None:
    _same_index(lxml.html.document_fromstring(f"<html><body>{body}</body></html>"))


def _read_both(data: bytes, path: str, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    with_it = Tally()
    page = repr(parse_page(data, path, with_it, "https://example.org/blog/some-post/"))
    with monkeypatch.context() as patched:
        patched.setattr(css, "_cindex", None)
        without = Tally()
        python = repr(parse_page(data, path, without, "https://example.org/blog/some-post/"))
    return page + repr(with_it), python + repr(without)


@compiled
@pytest.mark.parametrize("page", FIXTURE_PAGES, ids=lambda p: p.name)
def test_a_page_reads_the_same_with_and_without_the_accelerator(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    accelerated, python = _read_both(page.read_bytes(), str(page), monkeypatch)
    assert accelerated == python


@compiled
@settings(max_examples=60, deadline=None)
@given(_markup())
def test_generated_pages_read_the_same_with_and_without_the_accelerator(body: str) -> None:
    data = (
        f'<html><head><title>T</title></head><body class="single"><article class="post">{body}</article></body></html>'
    )
    with pytest.MonkeyPatch.context() as monkeypatch:
        accelerated, python = _read_both(data.encode(), "generated.html", monkeypatch)
    assert accelerated == python
