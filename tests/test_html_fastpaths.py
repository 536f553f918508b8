"""The HTML reader's fast paths give what the general path they replace gives."""

from __future__ import annotations

import codecs
import copy
import re
from functools import partial
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from importer.readers.html import _allowed_text
from importer.readers.html.encoding import Decoded, decode_page
from importer.readers.html.fields import _absolute_link, _texts, rewrite_links, text_start
from importer.transforms.xml_chars import _FORBIDDEN, FORBIDDEN_CHARS, strip_xml_forbidden

FIXTURE_PAGES = sorted((Path(__file__).resolve().parent.parent / "fixtures" / "html").glob("*.html"))
_EVERY_KIND_OF_LINK = """<div>
<a href="../up/">a</a> <img src="p.jpg" longdesc="d.html"> <form action="/post"><button formaction="b">x</button></form>
<object codebase="http://cdn.example/lib/" classid="c.class" data="d.bin" archive="one.jar two.jar"></object>
<meta http-equiv="refresh" content="5; url=next.html"> <param valuetype="ref" value="v.html">
<style>body { background: url("bg.png") } @import "more.css";</style>
<p style="background: url(dot.gif)">styled</p> <svg><use xlink:href="#icon"></use></svg>
<blockquote cite="src.html">q</blockquote> <table background="t.gif"><tr><td>c</td></tr></table>
<a href="  spaced.html  ">s</a> <a href="http://elsewhere.example/x">abs</a> <em>no link</em>
</div>"""


def _both(el: lxml.html.HtmlElement, base: str) -> tuple[bytes, bytes]:
    expected, ours = copy.deepcopy(el), copy.deepcopy(el)
    expected.rewrite_links(partial(_absolute_link, base), resolve_base_href=False)
    rewrite_links(ours, partial(_absolute_link, base))
    return etree.tostring(expected), etree.tostring(ours)


def test_every_kind_of_link_is_rewritten_as_lxml_does() -> None:
    el = lxml.html.fragment_fromstring(_EVERY_KIND_OF_LINK)
    expected, ours = _both(el, "http://example.org/2010/05/post/")
    assert ours == expected
    assert b"http://example.org/2010/05/post/bg.png" in ours  # the style sheet's url() too


@pytest.mark.parametrize("page", FIXTURE_PAGES, ids=lambda p: p.name)
def test_links_and_text_of_every_fixture_element(page: Path) -> None:
    doc = lxml.html.document_fromstring(page.read_bytes())
    expected, ours = _both(doc, "http://example.org/a/b/")
    assert ours == expected
    for el in doc.iter(etree.Element):
        whole = " ".join("".join(_texts(el)).split())
        assert text_start(el, 40) == whole[:40]
        assert text_start(el, 10_000) == whole[:10_000]


_TAGS = st.sampled_from(["p", "span", "a", "script", "style", "em", "div"])


@st.composite
def _markup(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.integers(0, 3 if depth < 3 else 1))
        if kind == 0:
            parts.append(draw(st.text("ab <>&\n\t\u00a0", max_size=6)).replace("<", "&lt;").replace(">", "&gt;"))
        elif kind == 1:
            parts.append("<!-- c -->")
        else:
            tag = draw(_TAGS)
            inner = "x &lt; y" if tag in ("script", "style") else draw(_markup(depth + 1))  # raw text inside
            parts.append(f"<{tag}>{inner}</{tag}>")
    return "".join(parts)


@settings(max_examples=200, deadline=None)
@given(_markup())
def test_text_start_reads_the_text_the_python_walk_reads(markup: str) -> None:
    """text_start reads lxml's itertext where no script or style is inside: same text as _texts."""
    root = lxml.html.document_fromstring(f"<html><body><div>{markup}</div></body></html>")
    for el in root.iter(etree.Element):
        whole = " ".join("".join(_texts(el)).split())
        for limit in (1, 5, 40):
            assert text_start(el, limit) == whole[:limit]


@pytest.mark.parametrize("page", FIXTURE_PAGES, ids=lambda p: p.name)
def test_comment_items_by_attribute_axis_are_those_of_the_element_test(page: Path) -> None:
    from importer.readers.html.comments import _ITEMS

    plain = etree.XPath(
        ".//*[starts-with(@id,'comment-') or starts-with(@id,'li-comment-') or starts-with(@id,'comment')]"
        " | .//li[contains(@class,'pingback') or contains(@class,'trackback')]"
    )
    doc = lxml.html.document_fromstring(page.read_bytes())
    for scope in [doc, *doc.iter("ol", "ul", "div", "section")]:
        assert _ITEMS(scope) == plain(scope)


@pytest.mark.parametrize("page", FIXTURE_PAGES, ids=lambda p: p.name)
def test_json_ld_scripts_by_attribute_axis_are_those_of_the_element_test(page: Path) -> None:
    from importer.readers.html.metadata import _JSONLD_SCRIPTS

    doc = lxml.html.document_fromstring(page.read_bytes())
    assert _JSONLD_SCRIPTS(doc) == doc.xpath("//script[@type='application/ld+json']")


_PROCESSING_INSTRUCTIONS = """<html><head><title>t</title></head><body class="single">
<?php echo "class"; ?><?xml-stylesheet class="fake" href="s.css"?><!-- class="fake" -->
<div class="">empty</div><p class="entry-content  odd">x</p><span class="a\tb">tab</span>
</body></html>"""


@pytest.mark.parametrize("page", [*FIXTURE_PAGES, None], ids=lambda p: p.name if p else "processing-instructions")
def test_class_index_is_that_of_the_attribute_axis(page: Path | None) -> None:
    from importer.readers.html.css import PageIndex, _holders

    doc = lxml.html.document_fromstring(page.read_bytes() if page else _PROCESSING_INSTRUCTIONS)
    index = PageIndex.of(doc)
    holders = _holders("class")(doc)
    assert index.by_attribute["class"][0] == holders
    expected: dict[str, list[lxml.html.HtmlElement]] = {}
    for el in holders:
        for name in dict.fromkeys(_xpath_words(el.get("class"))):
            expected.setdefault(name, []).append(el)
    assert {name: bucket[0] for name, bucket in index.by_class.items()} == expected
    assert all(bucket[1] == [index.position[el] for el in bucket[0]] for bucket in index.by_class.values())


@pytest.mark.parametrize("page", FIXTURE_PAGES, ids=lambda p: p.name)
def test_elements_within_are_those_of_within_from_every_scope(page: Path) -> None:
    from importer.readers.html.css import ElementsWithin, in_document_order, indexed, within

    doc = lxml.html.document_fromstring(page.read_bytes())
    outside = lxml.html.fragment_fromstring("<div><p>not on the page</p></div>")
    with indexed(doc):
        elements = {el for el in doc.iter("li", "div", "p", "span") if el.get("id") or el.get("class")}
        inside = ElementsWithin({*elements, outside})
        for scope in [*doc.iter(etree.Element), outside]:
            assert inside(scope) == in_document_order(within(scope, {*elements, outside}))
    assert ElementsWithin(elements)(doc) == in_document_order(within(doc, elements))  # no index: the walk


def _xpath_words(value: str) -> list[str]:
    """The words of an attribute as XPath's normalize-space separates them (space, tab, CR, LF)."""
    return [word for word in re.split(r"[ \t\n\r]+", value) if word]


@given(st.text(alphabet=st.sampled_from([" ", "\t", "\n", "\r", "\x0b", "\x1c", "\x85", "\xa0", "a", "-", "\u00e9"])))
def test_class_words_are_those_xpath_separates(value: str) -> None:
    from importer.readers.html.css import class_tokens

    assert class_tokens(value) == _xpath_words(value)


# -- whole pages parsed from UTF-8 bytes: the same tree as the str lxml.html parses --

CORPUS_PAGES = sorted((Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "html").rglob("*.html"))


def _str_parse(text: str) -> bytes:
    from importer.transforms.html_depth import _PARSER

    return etree.tostring(lxml.html.document_fromstring(text, parser=_PARSER), encoding="unicode").encode("utf-8")


def _bytes_parse(text: str) -> bytes:
    from importer.transforms.html_depth import parse_document

    return etree.tostring(parse_document(text)[0], encoding="unicode").encode("utf-8")


@pytest.mark.parametrize("page", FIXTURE_PAGES + CORPUS_PAGES, ids=lambda p: p.name)
def test_a_page_parsed_from_utf8_is_the_page_parsed_from_str(page: Path) -> None:
    from importer.readers.html.encoding import decode_page
    from importer.transforms.xml_chars import strip_xml_forbidden

    text = strip_xml_forbidden(decode_page(page.read_bytes()).text)[0]
    assert _bytes_parse(text) == _str_parse(text)


_PIECES = st.sampled_from(
    ["<p>", "</p>", "<b>", "&amp;", "&#233;", "<meta charset='latin-1'>", "\u00e9", "\u20ac", " "]
)


@given(st.lists(_PIECES | st.characters(min_codepoint=32, blacklist_categories=("Cs",)), min_size=1).map("".join))
@settings(max_examples=300, deadline=None)
def test_any_text_parsed_from_utf8_is_the_text_parsed_from_str(body: str) -> None:
    text = f"<html><head><title>t</title></head><body>{body}</body></html>"
    assert _bytes_parse(text) == _str_parse(text)


def test_a_lone_surrogate_is_parsed_from_the_str() -> None:
    from importer.transforms.html_depth import parse_document

    root, flattened = parse_document("<html><body><p>a\ud800b</p></body></html>")
    assert flattened == 0
    assert root.find(".//p") is not None


def test_the_forbidden_characters_searched_are_those_the_regex_strips() -> None:
    every = "".join(map(chr, range(0x110000)))
    kept, _ = _FORBIDDEN.subn("", every)
    assert tuple(sorted(set(every) - set(kept))) == FORBIDDEN_CHARS


@given(st.text(alphabet=st.characters(max_codepoint=0x2100) | st.sampled_from(["\x00", "\x0b", "\x1f", "\t", "\r"])))
def test_text_without_forbidden_characters_is_what_the_regex_leaves(text: str) -> None:
    assert strip_xml_forbidden(text) == _FORBIDDEN.subn("", text)
    long = text * 64 + "x" * 300  # past the length from which strip_xml_forbidden searches first
    assert strip_xml_forbidden(long) == _FORBIDDEN.subn("", long)


@pytest.mark.parametrize("page", FIXTURE_PAGES, ids=lambda p: p.name)
def test_a_page_without_forbidden_characters_is_what_the_regex_leaves(page: Path) -> None:
    text = decode_page(page.read_bytes()).text
    assert strip_xml_forbidden(text) == _FORBIDDEN.subn("", text)
    assert strip_xml_forbidden(text + "\x01") == _FORBIDDEN.subn("", text + "\x01")


@given(
    st.sampled_from([b"", codecs.BOM_UTF8, b'<meta charset="iso-8859-1">']).flatmap(
        lambda head: st.binary().map(lambda body: head + body)
    )
    | st.text(alphabet=st.characters(max_codepoint=0x2100) | st.sampled_from(["\x00", "\x1f", "\r"])).map(str.encode)
)
def test_utf8_bytes_searched_for_forbidden_characters_give_what_the_regex_leaves(data: bytes) -> None:
    decoded = decode_page(data)
    if decoded.encoding == "utf-8":
        _check_allowed_text(decoded, data)


@pytest.mark.parametrize("page", FIXTURE_PAGES, ids=lambda p: p.name)
def test_a_utf8_page_searched_as_bytes_gives_what_the_regex_leaves(page: Path) -> None:
    for data in (page.read_bytes(), page.read_bytes() + b"\x01", codecs.BOM_UTF8 + b"\x00" + page.read_bytes()):
        decoded = decode_page(data)
        if decoded.encoding == "utf-8":
            _check_allowed_text(decoded, data)


def _check_allowed_text(decoded: Decoded, data: bytes) -> None:
    """``_allowed_text`` (parse_page's search of the page's bytes) leaves what the regex leaves of
    the decoded text, and the UTF-8 it hands the parser, when any, is that text's."""
    text, stripped, utf8 = _allowed_text(decoded, data)
    assert (text, stripped) == _FORBIDDEN.subn("", decoded.text)
    assert utf8 is None or utf8 == text.encode("utf-8")
