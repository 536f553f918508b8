"""The HTML reader's compiled accelerator (importer/readers/html/_cindex.pyx) gives what the Python
code it stands for gives; CI proves it is built and used, and a stale build fails."""

from __future__ import annotations

import copy
import os
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importer.readers.html import css, fields, metadata, parse_page
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
        patched.setattr(fields, "_cindex", None)
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


# The selector tests: the compiled index's find (tests on libxml2's nodes) against the Python
# find of the Python walk's index, for the selectors the reader asks and for generated ones.


def _recorded_tests() -> list[tuple[css.Test, ...]]:
    """Every group of tests the reader asks the page index, over the fixture pages."""
    seen: dict[tuple[css.Test, ...], None] = {}
    original = css.PageIndex.find

    def recording(self: PageIndex, scope: lxml.html.HtmlElement, tests: tuple[css.Test, ...]) -> object:
        seen[tests] = None
        return original(self, scope, tests)

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(css.PageIndex, "find", recording)
        patched.setattr(css, "_only", lambda: None)  # no straight path to the compiled find: every ask recorded
        for page in FIXTURE_PAGES:
            parse_page(page.read_bytes(), str(page), Tally())
    return list(seen)


_READER_TESTS = _recorded_tests() if css._cindex is not None else []


def _same_finds(doc: lxml.html.HtmlElement, groups: list[tuple[css.Test, ...]], scopes: int = 40) -> None:
    walked, built = PageIndex.of(doc, compiled=False), PageIndex.of(doc, compiled=True)
    elements = [el for el in doc.iter() if isinstance(el.tag, str)]
    step = max(1, len(elements) // scopes)
    for scope in [doc, *elements[::step]]:
        for tests in groups:
            assert all(test.compiled is not None for test in tests)
            expected = walked.find(scope, tests)
            found = built.position.find(scope, tests)  # type: ignore[union-attr]
            assert found == expected, (tests, scope)
            assert built.find(scope, tests) == expected


@compiled
def test_the_reader_asks_compiled_tests() -> None:
    assert len(_READER_TESTS) > 100
    assert all(test.compiled is not None for tests in _READER_TESTS for test in tests)


@compiled
@pytest.mark.parametrize("page", FIXTURE_PAGES + CORPUS_PAGES, ids=lambda p: p.name)
def test_compiled_find_is_the_python_find_on_every_page(page: Path) -> None:
    _same_finds(lxml.html.document_fromstring(page.read_bytes()), _READER_TESTS, scopes=12)


_FIND_PAGE = """<html><body class="single post"><div id="comments" class="comments-area">
<h3 id="c">3 comments</h3><ol class="comment-list"><li id="comment-1" class="comment even depth-1">
<div class="comment-author vcard"><img class="avatar photo" src="a.png"><cite class="fn">Ann</cite></div>
<a rel="tag nofollow" href="/t">t</a><a rel="" href="/u" title="&amp;x">u</a><time datetime="2020">d</time>
<span itemprop="author" data-x="a&amp;b">x</span><span data-x="">y</span>
<ul class="children"><li id="comment-2" class="comment odd\u00a0alt depth-2 \u00e9t\u00e9">
<p class="fn">Bob</p><!-- c --><svg><g class="fn"></g></svg></li></ul></li></ol></div></body></html>"""

_GROUPS = [
    ".fn",
    "#comments",
    "cite.fn",
    "li.comment.depth-2",
    ".comment-author .fn",
    "#comments > h3",
    "#comments h3",
    ".comment .fn",
    "ol > li > div > cite",
    "li:not(.odd)",
    "li:not(.depth-1):not(#x)",
    "a[rel~='tag']",
    "a[rel~='nofollow']",
    "a[rel='']",
    "a[rel]",
    "[itemprop='author']",
    "[itemprop]",
    "span[data-x='a&b']",
    "span[data-x^='a']",
    "span[data-x$='b']",
    "span[data-x*='&']",
    "span[data-x='']",
    "span[data-x^='']",
    "a[title='&x']",
    "time[datetime]",
    "[datetime^='20']",
    "div, p",
    ".fn, cite.fn, #c",
    ".\u00e9t\u00e9",
    ".alt",
    "li.alt",
    "g.fn",
    ".children .comment .fn",
    "ul.children > li.comment",
    "img.avatar.photo",
    "[class~='vcard']",
    "[id^='comment-']",
    "[id$='-2']",
    "#comment-2.comment",
    "div#comments.comments-area",
    "p",
    "li",
    "a",
    "nope",
    ".nope",
    "#nope",
]


@compiled
def test_compiled_find_on_odd_markup() -> None:
    """Entity references in attribute values (the selector's own test answers), empty values,
    non-ASCII class words, a no-break space in a class, negations, chains, groups."""
    groups = [css.simple_selectors(s) for s in _GROUPS]
    assert all(g is not None for g in groups)
    _same_finds(lxml.html.document_fromstring(_FIND_PAGE), [g for g in groups if g is not None], scopes=100)


@compiled
def test_select_straight_to_the_compiled_find(monkeypatch: pytest.MonkeyPatch) -> None:
    """``select`` and ``select_any`` on the one page being read go straight to the compiled
    find; they give what the general path gives (for elements of the page, of a copy, XPath)."""
    doc = lxml.html.document_fromstring(_FIND_PAGE)
    scopes = [*(el for el in doc.iter() if isinstance(el.tag, str)), copy.deepcopy(doc.body)]
    selectors = [*_GROUPS, "li + li", "xpath://li", "p:first-child"]
    groups = [selectors[i : i + 3] for i in range(0, len(selectors), 3)]

    def both() -> list[object]:
        with css.indexed(doc):
            return [css.select(scope, s) for scope in scopes for s in selectors] + [
                css.select_any(scope, group) for scope in scopes for group in groups
            ]

    straight = both()
    assert css._ONLY is None
    monkeypatch.setattr(css, "_only", lambda: None)
    assert straight == both()


_SELECTOR_WORDS = st.sampled_from(["post", "entry", "hentry", "x", "p-1", "\u00e9"])
_SIMPLE = st.builds(
    lambda tag, classes, ident, attribute, negation: (
        (tag + "".join(f".{c}" for c in classes) + (f"#{ident}" if ident else "") + attribute + negation) or "div"
    ),
    st.sampled_from(["", "div", "p", "span", "a", "li", "ul", "article"]),
    st.lists(_SELECTOR_WORDS, max_size=2),
    st.sampled_from(["", "post", "x", "p-1"]),
    st.sampled_from(
        [
            "",
            "[class]",
            "[id]",
            "[class~='x']",
            "[class^='p']",
            "[class$='y']",
            "[class*='n']",
            "[id='post']",
            "[class='']",
            "[rel~='x']",
        ]
    ),
    st.sampled_from(["", ":not(.x)", ":not(p)", ":not(#post)"]),
)
_SELECTOR = st.lists(st.tuples(_SIMPLE, st.sampled_from([" ", " > "])), min_size=1, max_size=3).map(
    lambda pairs: "".join(s + c for s, c in pairs[:-1]) + pairs[-1][0]
)


@compiled
@settings(max_examples=200, deadline=None)
@given(_markup(), st.lists(_SELECTOR, min_size=1, max_size=3))
def test_compiled_find_on_generated_markup_and_selectors(body: str, selectors: list[str]) -> None:
    doc = lxml.html.document_fromstring(f"<html><body>{body}</body></html>")
    groups = [css.simple_selectors(s) for s in selectors]
    groups.append(css.simple_selectors(", ".join(selectors)))
    _same_finds(doc, [g for g in groups if g is not None], scopes=20)


# The visible text (fields.text_of, fields.text_start): the compiled walk against the Python code.


def _same_texts(doc: lxml.html.HtmlElement, monkeypatch: pytest.MonkeyPatch) -> None:
    nodes = list(doc.iter())
    limits = (0, 1, 5, 20, 40, 100)
    built = [(fields.text_of(el), [fields.text_start(el, n) for n in limits]) for el in nodes]
    with monkeypatch.context() as patched:
        patched.setattr(fields, "_cindex", None)
        python = [(fields.text_of(el), [fields.text_start(el, n) for n in limits]) for el in nodes]
    assert built == python
    for el, (whole, starts) in zip(nodes, built, strict=True):
        assert starts == [whole[:n] for n in limits], el


@compiled
@pytest.mark.parametrize("page", FIXTURE_PAGES + CORPUS_PAGES, ids=lambda p: p.name)
def test_compiled_text_is_the_python_text_on_every_page(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _same_texts(lxml.html.document_fromstring(page.read_bytes()), monkeypatch)


_TEXT_PAGE = (
    """<html><head><style>p { x: 1 }</style><script>var a = "<p>";</script></head><body>
<div id="a">  one\u00a0two <b>three<script>no</script>four</b> <!-- not --> five<?pi no?>six
<style>no</style>seven\u2003eight <i></i><em> nine </em>\t\n ten</div>
<p>&amp; &lt;b&gt; &copy;&nbsp;\u00e9t\u00e9 <![CDATA[data]]> end</p><p>"""
    + " " * 300
    + """x</p>
<div>"""
    + "<span> </span>" * 200
    + """late</div><script>only</script><style>s</style></body></html>"""
)


@compiled
def test_compiled_text_on_odd_markup(monkeypatch: pytest.MonkeyPatch) -> None:
    """Scripts and styles inside and as the element, comments and PIs (their tails kept), white
    space of every kind, entities, a long run of white space before the first word."""
    doc = lxml.html.document_fromstring(_TEXT_PAGE)
    _same_texts(doc, monkeypatch)
    assert fields.text_of(doc.get_element_by_id("a")) == "one two threefour fivesix seven eight nine ten"


_TEXTS = st.sampled_from(["t", "&amp;", "&nbsp;", " ", "\u00a0", "\u2003", "w\u00e9", "\n", "ab cd"])


@st.composite
def _text_markup(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4 if depth < 3 else 0))):
        kind = draw(st.sampled_from(["element", "text", "text", "comment", "pi", "script"]))
        if kind == "text":
            parts.append(draw(_TEXTS) * draw(st.integers(1, 30)))
        elif kind == "comment":
            parts.append("<!-- c -->")
        elif kind == "pi":
            parts.append("<?pi x?>")
        elif kind == "script":
            parts.append(draw(st.sampled_from(["<script>s</script>", "<style>y</style>"])))
        else:
            tag = draw(st.sampled_from(["div", "p", "span", "b", "li", "ul"]))
            parts.append(f"<{tag}>{draw(_text_markup(depth + 1))}</{tag}>")
    return "".join(parts)


@compiled
@settings(max_examples=200, deadline=None)
@given(_text_markup())
def test_compiled_text_on_generated_markup(body: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        _same_texts(lxml.html.document_fromstring(f"<html><body>{body}</body></html>"), monkeypatch)


def _python_link_holders(el: lxml.html.HtmlElement, monkeypatch: pytest.MonkeyPatch) -> list[lxml.html.HtmlElement]:
    with monkeypatch.context() as patched:
        patched.setattr(fields, "_cindex", None)
        return fields._link_holders(el)


_LINK_PAGE = """<html><head><meta http-equiv="refresh" content="0; url=/x"><style>a {}</style>
<link rel="stylesheet" href="s.css"></head><body background="b.png"><!-- c --><?pi x?>
<div><a href="/a">a</a><img src="i.png"><span style="background: url(/s.png)">s</span>
<object data="o.swf" codebase="/c"><param name="movie" value="/m.swf"></object><b title="t">no</b>
<svg><use xlink:href="#i"></use></svg><form action="/f"><button formaction="/g">b</button></form>
<q cite="/q">q</q><i data-href="/no">no</i></div></body></html>"""


@compiled
@pytest.mark.parametrize("page", [*FIXTURE_PAGES, "odd"], ids=lambda p: p if isinstance(p, str) else p.name)
def test_compiled_link_holders_are_the_python_ones(page: Path | str, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _LINK_PAGE.encode() if isinstance(page, str) else page.read_bytes()
    doc = lxml.html.document_fromstring(data)
    elements = [el for el in doc.iter() if isinstance(el.tag, str)]
    for el in [doc, *elements[:: max(1, len(elements) // 20)]]:
        assert fields._link_holders(el) == _python_link_holders(el, monkeypatch)
    if isinstance(page, str):
        assert {el.tag for el in fields._link_holders(doc)} == {
            "meta", "style", "link", "body", "a", "img", "span", "object", "param", "use", "form", "button", "q"
        }  # fmt: skip


@pytest.mark.parametrize("page", FIXTURE_PAGES[:20], ids=lambda p: p.name)
def test_copy_is_deepcopy(page: Path) -> None:
    """fields._pruned_copy copies with ``el.__copy__()``: what ``copy.deepcopy`` gives."""
    doc = lxml.html.document_fromstring(page.read_bytes())
    for el in list(doc.iter())[::7]:
        ours, theirs = el.__copy__(), copy.deepcopy(el)
        assert lxml.html.tostring(ours) == lxml.html.tostring(theirs)
        assert (type(ours), ours.tail, ours.getparent()) == (type(theirs), theirs.tail, theirs.getparent())


def _home_names_both(doc: lxml.html.HtmlElement, homes: set[str], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    built = metadata._home_link_names(doc, homes)
    with monkeypatch.context() as patched:
        patched.setattr(metadata, "_cindex", None)
        assert metadata._home_link_names(doc, homes) == built
    return built


_HOME_PAGE = """<html><body><a href="https://ex.org/">Site</a><a href="https://ex.org">Bare</a>
<a href="https://ex.org/index.php">Index</a><a rel="HOME" href="/x">Upper</a><a rel="nofollow Home">Mixed</a>
<a rel="homepage">Not a word</a><a rel="home&amp;x">Entity</a><a href="https://ex.org/&amp;">Amp</a>
<a href="https://\u00e9x.org/">Accent</a><a rel="\u0130home">Dotted</a><a href="https://ex.org/p/">Post</a>
<a rel="home"><!-- in a comment? no: a link --></a><svg><a rel="home">svg</a></svg></body></html>"""


@compiled
@pytest.mark.parametrize(
    "page", [*FIXTURE_PAGES, *CORPUS_PAGES, "odd"], ids=lambda p: p if isinstance(p, str) else p.name
)
def test_home_link_names_with_and_without_the_accelerator(page: Path | str, monkeypatch: pytest.MonkeyPatch) -> None:
    """metadata._home_link_names on the compiled walk's superset of links, and on every link."""
    data = _HOME_PAGE.encode() if isinstance(page, str) else page.read_bytes()
    doc = lxml.html.document_fromstring(data)
    links = [a.get("href") or "" for a in doc.iter("a")]
    homes = {h.split("#")[0] for h in links[:5] if h.startswith("http")} | {"https://ex.org/", "https://\u00e9x.org/"}
    names = _home_names_both(doc, homes, monkeypatch)
    _home_names_both(doc, set(), monkeypatch)
    if isinstance(page, str):
        assert names == ["Site", "Bare", "Index", "Upper", "Mixed", "svg"]  # "\u0130home" lower-cases to no "home"
