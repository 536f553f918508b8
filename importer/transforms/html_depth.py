"""Parsing HTML without losing what is nested too deep for the parser.

libxml2 stops building the tree 256 elements deep and drops everything below, silently: a post of
400 unclosed ``<font>`` kept 253 paragraphs, a deeply nested post became an empty Markdown body.
:func:`parse_fragment` and :func:`parse_document` parse as lxml.html does; where the parser says it
went too deep, the text is parsed again with every tag deeper than :data:`MAX_DEPTH` removed (an
element that ends a line of text, such as ``<p>`` or ``<div>``, leaves a line break): the text is
kept, only the structure past that depth is flattened, and the caller is told how many elements
were, to report it.

The depth is counted by a one-pass tag scan (void elements, stray end tags and the end tags a
``<p>`` or ``<li>`` implies are taken into account), close to but not exactly the parser's own
count: it only runs on text the parser already refused, and flattens from a depth that leaves
room for the difference.
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from collections.abc import Callable
from typing import Any, cast

import lxml.html
from lxml import etree

MAX_DEPTH = 200  # libxml2's limit is 256; the scan's count may differ from the parser's a little
# What a tally calls them (``changed``), for every reader and writer that parses HTML.
FLATTENED = f"elements nested over {MAX_DEPTH} deep flattened (text kept)"

_Parse = Callable[[str], lxml.html.HtmlElement]
_PARSER = lxml.html.HTMLParser()  # lxml.html's defaults, with an error log of its own
# Whole documents are given to libxml2 as UTF-8 bytes: a str goes through iconv (from Latin-1 or
# UCS-4), a fifth more instructions than the parse itself. The encoding is fixed, so a page's
# own <meta charset> (already applied when its bytes were decoded) is not applied again.
_UTF8_PARSER = lxml.html.HTMLParser(encoding="utf-8")
# Element classes chosen in C: lxml.html asks a Python method for the class of every element
# proxy it makes (a tenth of the HTML reader's page-index walk), only to give form, input,
# select, textarea and label elements form helpers the readers never call.
for _parser in (_PARSER, _UTF8_PARSER):
    _parser.set_element_class_lookup(
        etree.ElementDefaultClassLookup(
            element=lxml.html.HtmlElement,
            comment=lxml.html.HtmlComment,
            pi=lxml.html.HtmlProcessingInstruction,
            entity=lxml.html.HtmlEntity,
        )
    )
_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)[^<>]*>")
_VOID = frozenset(
    [
        "area",
        "base",
        "basefont",
        "br",
        "col",
        "embed",
        "frame",
        "hr",
        "img",
        "input",
        "isindex",
        "keygen",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
_CLOSES_ITSELF = frozenset(["p", "li", "dt", "dd", "option", "tr", "td", "th"])  # <li> after <li> closes the first
_LINE_ENDING = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "div",
        "dl",
        "dt",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "li",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    ]
)


def parse_fragment(html: str) -> tuple[lxml.html.HtmlElement, int]:
    """``lxml.html.fragment_fromstring(html, create_parent="div")``, and how many elements were flattened."""
    return _parse(_fragment_in_div, html)


def _fragment_in_div(html: str) -> lxml.html.HtmlElement:
    """What ``lxml.html.fragment_fromstring(html, create_parent="div", parser=_PARSER)`` does, but
    with the new ``div`` made by :data:`_PARSER`: lxml.html makes it with its own parser, and the
    elements moved into it then get their classes from its Python lookup again (a tenth of the
    Markdown conversion of a post)."""
    elements: list[Any] = []  # a document without a body ("<html><head>…</html>") shows nothing
    with contextlib.suppress(AssertionError, IndexError):  # lxml asserts the one <body> it looks for
        elements = cast(list[Any], lxml.html.fragments_fromstring(html, parser=_PARSER))  # the stubs say one
    root: lxml.html.HtmlElement = _PARSER.makeelement("div")
    if elements and isinstance(elements[0], str):
        root.text = elements.pop(0)
    root.extend(elements)
    return root


_META_CONTENT_TYPE = '<meta http-equiv="Content-Type"'
_META_CONTENT_TYPE_TAG = re.compile(r'<meta http-equiv="Content-Type"[^>]*>')  # lxml.html's


def html_of(element: etree._Element, with_tail: bool = True) -> str:
    """``lxml.html.tostring(element, encoding="unicode", with_tail=with_tail)``, whose pass that
    removes ``<meta http-equiv="Content-Type">`` tags is run only when the HTML holds one."""
    html: str = etree.tostring(element, method="html", encoding="unicode", with_tail=with_tail)
    return _META_CONTENT_TYPE_TAG.sub("", html) if _META_CONTENT_TYPE in html else html


def parse_document(html: str, utf8: bytes | None = None) -> tuple[lxml.html.HtmlElement, int]:
    """``lxml.html.document_fromstring(html)``, and how many elements were flattened.

    ``utf8``: ``html.encode("utf-8")`` when the caller holds it already (a page's own bytes,
    decoded strictly as UTF-8): parsed as it is instead of encoding the text again."""
    try:
        return _parse(_UTF8Document(html, utf8), html, _UTF8_PARSER)
    except UnicodeEncodeError:  # a lone surrogate has no UTF-8: the str as it is
        return _parse(lambda text: lxml.html.document_fromstring(text, parser=_PARSER), html)


def parse_utf8_document(data: bytes) -> tuple[lxml.html.HtmlElement, int]:
    """``parse_document(data.decode("utf-8"), data)`` for bytes that are strict UTF-8, decoding
    them only where the parser went too deep (the flattening works on the text)."""
    root = lxml.html.document_fromstring(data, parser=_UTF8_PARSER)
    if not _too_deep(_UTF8_PARSER):
        return root, 0
    return parse_document(data.decode("utf-8"), data)


class _UTF8Document:
    """Parses a text as UTF-8 bytes: ``known`` for ``text`` itself when given, else encoded."""

    def __init__(self, text: str, known: bytes | None) -> None:
        self.text = text
        self.known = known

    def __call__(self, html: str) -> lxml.html.HtmlElement:
        data = self.known if self.known is not None and html is self.text else html.encode("utf-8")
        return lxml.html.document_fromstring(data, parser=_UTF8_PARSER)


def _parse(parse: _Parse, html: str, parser: etree.HTMLParser = _PARSER) -> tuple[lxml.html.HtmlElement, int]:
    root = parse(html)
    if not _too_deep(parser):
        return root, 0
    for depth in (MAX_DEPTH, MAX_DEPTH // 4, 0):
        flat, flattened = flatten_deep_tags(html, depth)
        root = parse(flat)
        if not _too_deep(parser):
            break
    return root, flattened


def _too_deep(parser: etree.HTMLParser) -> bool:
    return any(
        error.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT and "depth" in error.message for error in parser.error_log
    )


def flatten_deep_tags(html: str, depth: int) -> tuple[str, int]:
    """``html`` without the tags nested deeper than ``depth`` (their text kept), and how many
    elements were removed. One pass over the tags."""
    out: list[str] = []
    position = 0
    stack: list[str] = []
    open_count: Counter[str] = Counter()
    removed: Counter[str] = Counter()  # names whose end tags are still to remove
    flattened = 0
    for match in _TAG.finditer(html):
        closing, name = match.group(1), match.group(2).lower()
        keep = True
        if closing:
            if removed[name]:
                removed[name] -= 1
                keep = False
            elif open_count[name]:
                while stack:
                    top = stack.pop()
                    open_count[top] -= 1
                    if top == name:
                        break
        elif name not in _VOID:
            if name in _CLOSES_ITSELF and stack and stack[-1] == name:
                open_count[stack.pop()] -= 1
            if len(stack) >= depth:
                removed[name] += 1
                flattened += 1
                keep = False
            else:
                stack.append(name)
                open_count[name] += 1
        if not keep:
            out += [html[position : match.start()], "\n" if name in _LINE_ENDING else ""]
            position = match.end()
    if not flattened:
        return html, 0
    out.append(html[position:])
    return "".join(out), flattened
