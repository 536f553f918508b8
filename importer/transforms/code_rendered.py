"""Code as highlighters rendered it (saved pages) back to ``<pre><code class="language-x">``.

A saved page holds what the server (or the browser's script) made of a code block: GeSHi tables
and lists (WP-Syntax, WP-GeSHi-Highlight, CodeColorer), CodeRay tables with ``onclick`` handlers,
Crayon's table with its plain-text copy, SyntaxHighlighter's line ``div``s, Enlighter's widget
beside the hidden original, or the stored ``<pre class="brush: …">`` when no script ran. Each is
replaced, in the parsed page, by one ``pre`` whose text is the code: line numbers, toolbars and
highlighting go, the best copy of the code wins (Crayon's textarea, WP-Syntax's hidden
``p.theCode``, Enlighter's original), NBSP used for indentation becomes a space.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from .code import code_form_of_pre
from .code_languages import fence_language, is_language_name

# A cheap test on the page's text before any walk: none of these, no rendered code.
_MARKER_WORDS = (
    *("wp_syntax", "CodeRay", "codecolorer", "crayon-", "syntaxhighlighter", "li1", "de1", "brush:", "lang:"),
    *("language-", "lang-", "EnlighterJS", "enlighter", "line_numbers", "line-numbers", "gutter"),
)
_MARKER_CLASS = r'class="?[a-z0-9+#]+"?>'
MARKERS = re.compile("|".join([*map(re.escape, _MARKER_WORDS), _MARKER_CLASS]), re.I)
# The same test without re.I, on text lowered first: a case-insensitive alternation is tried
# letter by letter at every position (about 10x slower on a post), and so is one without re.I
# (most letters start a word): each word is looked for with ``in`` (a scan in C), the class
# attribute by a regex that starts with a literal. Lowering is the same as re.I for every
# character except these four, which re.I also matches to ASCII letters (``\u212a`` Kelvin sign
# to ``k``, ``\u017f`` long s to ``s``, dotted and dotless i to ``i``).
_LOWERED_WORDS = tuple(word.lower() for word in _MARKER_WORDS)
_LOWERED_CLASS = re.compile(_MARKER_CLASS)
_ASCII_WORDS = tuple(word.encode("ascii") for word in _LOWERED_WORDS)
_ASCII_CLASS = re.compile(_MARKER_CLASS.encode("ascii"))
FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"
_FOLDS_TO_ASCII = re.compile(f"[{FOLDS_TO_ASCII}]")


def has_code_markers(text: str) -> bool:
    """``MARKERS.search(text)``, faster: could ``text`` hold rendered code?"""
    if _FOLDS_TO_ASCII.search(text):
        return MARKERS.search(text) is not None
    return markers_without_folds(text)


def markers_without_folds(text: str) -> bool:
    """:func:`has_code_markers` of a text the caller knows holds none of :data:`FOLDS_TO_ASCII`."""
    if not text.isascii():
        # Lowering a text that is not ASCII goes a character at a time through Unicode's tables
        # (six times an ASCII encoding with "?" for the rest). Only ASCII letters can be in a
        # marker, and no character but two of FOLDS_TO_ASCII lowers to one (tests/test_fast_paths.py
        # checks every code point): the encoding, lowered, holds a marker where the text does.
        ascii_lowered = text.encode("ascii", "replace").lower()
        return any(word in ascii_lowered for word in _ASCII_WORDS) or _ASCII_CLASS.search(ascii_lowered) is not None
    lowered = text.lower()
    return any(word in lowered for word in _LOWERED_WORDS) or _LOWERED_CLASS.search(lowered) is not None


_NUMBERS_CELL = re.compile(r"line.?num|gutter|crayon-nums|(^|\s)nums?(\s|$)", re.I)
_SKIP_CLASSES = frozenset(["syntaxhighlighter", "nogutter", "collapsed", "ie", "printing", "highlighted"])


def recognise_rendered_code(root: etree._Element) -> None:
    """Replace every rendered code widget below ``root`` with a plain ``pre > code`` (in place)."""
    for element in list(root.iter("div", "table", "pre")):
        if _detached(element, root):
            continue
        found = _recognise(element)
        if found is not None:
            _replace(element, *found)


def _detached(element: etree._Element, root: etree._Element) -> bool:
    """Was ``element`` inside a widget already replaced?"""
    node: etree._Element | None = element
    while node is not None and node is not root:
        node = node.getparent()
    return node is None


def _classes(element: etree._Element) -> list[str]:
    return (element.get("class") or "").split()


def _recognise(element: etree._Element) -> tuple[str, str] | None:
    """(code, language) when ``element`` is a rendered code widget, else None."""
    classes = _classes(element)
    tag = element.tag
    if tag == "div" and "wp_syntax" in classes:
        return _wp_syntax(element)
    if "CodeRay" in classes:
        cell = _first(element, ".//td[contains(@class,'code')]//pre", ".//pre")
        return (_text(cell), "") if cell is not None else None
    if tag == "div" and "codecolorer-container" in classes:
        return _codecolorer(element, classes)
    if tag == "div" and "crayon-syntax" in classes:
        return _crayon(element)
    if tag == "div" and "syntaxhighlighter" in classes:
        return _syntaxhighlighter(element, classes)
    if tag == "div" and any(c.startswith("enlighter-default") for c in classes):
        return _enlighter(element)
    if tag in ("pre", "div") and element.find("ol") is not None and _geshi_lines(element):
        return "\n".join(_text(li) for li in _geshi_lines(element)), classes[0] if classes else ""
    if tag == "table":
        return _numbered_table(element)
    if tag == "pre":
        return _highlighted_pre(element)
    return None


def _wp_syntax(element: etree._Element) -> tuple[str, str] | None:
    code = _first(element, ".//td[contains(@class,'code')]//pre", ".//pre[@class]")
    language = code.get("class", "") if code is not None else ""
    original = _first(element, ".//p[contains(@class,'theCode')]")
    if original is not None:
        return _text(original), language
    return (_text(code), language) if code is not None else None


def _codecolorer(element: etree._Element, classes: list[str]) -> tuple[str, str] | None:
    code = _first(element, ".//div[contains(@class,'codecolorer')]")
    if code is None:
        return None
    language = classes[1] if len(classes) > 1 else ""
    return _text(code), language


def _crayon(element: etree._Element) -> tuple[str, str] | None:
    label = _first(element, ".//*[contains(@class,'crayon-language')]")
    language = _text(label) if label is not None else ""
    plain = _first(element, ".//textarea[contains(@class,'crayon-plain')]")
    if plain is not None:
        return (plain.text or "").removeprefix("\n"), language
    lines = _elements(element, ".//div[contains(@class,'crayon-line')]")
    return ("\n".join(_text(line) for line in lines), language) if lines else None


def _syntaxhighlighter(element: etree._Element, classes: list[str]) -> tuple[str, str] | None:
    lines = _elements(element, ".//td[contains(@class,'code')]//div[contains(@class,'line')]")
    lines = lines or _elements(element, ".//td[contains(@class,'content')]")
    if not lines:
        return None
    language = next((c for c in classes if c not in _SKIP_CLASSES and not c.startswith("highlighter_")), "")
    return "\n".join(_text(line) for line in lines), language


def _enlighter(element: etree._Element) -> tuple[str, str] | None:
    """EnlighterJS's widget: the hidden original ``pre`` beside it has the exact code; drop the widget."""
    original = element.getnext()
    if original is not None and original.tag in ("pre", "code"):
        _remove(element)
        return None
    language = next((c.removeprefix("enlighter-l-") for c in _classes(element) if c.startswith("enlighter-l-")), "")
    raw = _first(element, ".//div[contains(@class,'enlighter-raw')]")
    return (_text(raw), language) if raw is not None else None


def _geshi_lines(element: etree._Element) -> list[etree._Element]:
    """GeSHi's numbered form: ``<ol>`` of ``li.li1``/``li.li2`` (one per line)."""
    ordered = element.find("ol")
    if ordered is None:
        return []
    items = [li for li in ordered if li.tag == "li"]
    if items and all(set(_classes(li)) & {"li1", "li2"} for li in items):
        return items
    return []


def _numbered_table(table: etree._Element) -> tuple[str, str] | None:
    """A table of a line-number cell and a code cell (GeSHi, CodeRay, many themes)."""
    for row in table.iter("tr"):
        cells = [c for c in row if c.tag in ("td", "th")]
        if len(cells) == 2 and _NUMBERS_CELL.search(cells[0].get("class") or ""):
            code = _first(cells[1], ".//pre")
            code = cells[1] if code is None else code
            language = code.get("class", "") if code is not cells[1] else ""
            return _text(code), language if is_language_name(language) else ""
    return None


def _highlighted_pre(pre: etree._Element) -> tuple[str, str] | None:
    """A stored highlighter ``pre`` (``brush:``, ``lang:``, ``language-x``…) with markup inside."""
    attrs = {str(name).lower(): str(value) for name, value in pre.attrib.items()}
    children = [c for c in pre if isinstance(c.tag, str)]
    inner = children[0] if len(children) == 1 and children[0].tag == "code" and not (pre.text or "").strip() else None
    language = code_form_of_pre(attrs, "<code></code>" if inner is not None else "")
    if language is None:
        return None
    if inner is not None and not fence_language(language):
        language = code_form_of_pre({str(k).lower(): str(v) for k, v in inner.attrib.items()}, "") or ""
    for label in _elements(pre, ".//small[contains(@class,'shcb-language')]"):
        _remove(label)
    return _text(inner if inner is not None else pre), language


def _elements(element: etree._Element, path: str) -> list[etree._Element]:
    found = element.xpath(path)
    return [e for e in found if isinstance(e, etree._Element)] if isinstance(found, list) else []


def _first(element: etree._Element, *paths: str) -> etree._Element | None:
    """The first element the first matching path finds."""
    for path in paths:
        found = _elements(element, path)
        if found:
            return found[0]
    return None


def _remove(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def _text(element: etree._Element) -> str:
    """The element's text with ``<br>`` as a line break (unless a newline follows it already)."""
    parts: list[str] = []
    for event, node in etree.iterwalk(element, events=("start", "end")):
        if event == "start":
            if node.tag == "br" and not (node.tail or "").startswith("\n"):
                parts.append("\n")
            elif isinstance(node.tag, str) and node.text and node is not None:
                parts.append(node.text)
        elif node is not element and node.tail:
            parts.append(node.tail)
    text = "".join(parts).replace("\u00a0", " ").replace("\r\n", "\n")
    return re.sub(r"\A(?:[ \t]*\n)+", "", text).rstrip()


def _replace(element: etree._Element, code: str, language: str) -> None:
    pre = lxml.html.Element("pre")
    inner = etree.SubElement(pre, "code")
    fence = fence_language(language)
    if fence:
        inner.set("class", f"language-{fence}")
    inner.text = code
    pre.tail = element.tail
    parent = element.getparent()
    if parent is None:
        return
    parent.replace(element, pre)
