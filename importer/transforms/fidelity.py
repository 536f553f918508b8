"""Fidelity check: does the Markdown render back to the document we converted?

The Markdown is rendered with markdown-it-py (CommonMark plus GFM tables and strikethrough,
raw HTML allowed) and both documents are reduced to a canonical token sequence: the block and
inline structure that Markdown can carry (paragraphs, headings, lists, quotes, code, emphasis,
links, images, tables, breaks) and the text with whitespace collapsed. The two sequences must be
equal. What the reduction deliberately ignores is listed in :data:`IGNORED` and in the README.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

import lxml.html
from lxml import etree
from markdown_it import MarkdownIt

from .html_depth import parse_fragment

# Tags whose presence and order is compared, with the attributes that matter for each.
KEPT: dict[str, tuple[str, ...]] = {
    "p": (),
    "h1": (),
    "h2": (),
    "h3": (),
    "h4": (),
    "h5": (),
    "h6": (),
    "ul": (),
    "ol": (),
    "li": (),
    "blockquote": (),
    "pre": (),
    "hr": (),
    "table": (),
    "tr": (),
    "td": (),
    "em": (),
    "strong": (),
    "code": (),
    "del": (),
    "a": ("href", "title"),
    "img": ("src", "alt", "title"),
    "br": (),
    "iframe": ("src",),
    "video": ("src",),
    "audio": ("src",),
    "figure": (),
    "figcaption": (),
    "sup": (),
    "sub": (),
}
SYNONYMS = {
    "b": "strong",
    "i": "em",
    "var": "em",
    "s": "del",
    "strike": "del",
    "th": "td",
    "tt": "code",
    "kbd": "code",
    "samp": "code",
}
BLOCKS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "blockquote",
        "pre",
        "hr",
        "table",
        "tr",
        "td",
        "figure",
        "figcaption",
        "div",
        "section",
        "article",
        "address",
        "dl",
        "dt",
        "dd",
        "header",
        "footer",
        "aside",
        "nav",
        "details",
        "summary",
        "main",
        "caption",
        "form",
        "fieldset",
        "x-markdown",
    ]
)
# What the comparison deliberately ignores (each is something plain Markdown cannot carry).
IGNORED = (
    "wrapper elements without meaning in Markdown (div, span, font, thead, tbody, section)",
    "paragraphs directly inside list items (tight and loose lists render the same text)",
    "th versus td (a GFM table always has a header row)",
    "markup inside <pre> (a fenced code block holds text only)",
    "a <br> at the very start or end of a block (Markdown cannot end a block with a hard break)",
    "empty paragraphs, headings, lists, emphasis and links, and HTML comments",
    "a <br> inside a heading (a Markdown heading is one line)",
    "links without href (named anchors) keep only their text",
    "the order of directly nested strong and em (***x*** is one of them), and strong inside strong",
    "text directly inside a div, an address or the top level is a paragraph, as Markdown makes it",
)
_WHITESPACE = re.compile(r"\s+")
TAG = "\x02"  # starts every tag token, so that text such as "<" is never taken for a tag
BR, P_OPEN, P_CLOSE = TAG + "<br>", TAG + "<p>", TAG + "</p>"

_RENDERER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def render_markdown(markdown: str) -> str:
    """The HTML that a CommonMark/GFM renderer makes of ``markdown``."""
    return str(_RENDERER.render(markdown))


@dataclass(slots=True)
class FidelityResult:
    exact: bool
    expected: list[str]  # canonical tokens of the source HTML
    actual: list[str]  # canonical tokens of the rendered Markdown

    def first_difference(self) -> str:
        """A short description of where the two documents part ways ("" when they do not)."""
        for i, (want, got) in enumerate(zip(self.expected, self.actual, strict=False)):
            if want != got:
                return f"token {i}: expected {_shown(want)!r}, got {_shown(got)!r}"
        shorter = min(len(self.expected), len(self.actual))
        if len(self.expected) > shorter:
            return f"token {shorter}: expected {_shown(self.expected[shorter])!r}, got the end"
        if len(self.actual) > shorter:
            return f"token {shorter}: expected the end, got {_shown(self.actual[shorter])!r}"
        return ""


def _shown(token: str) -> str:
    return token.removeprefix(TAG)


def check_round_trip(source_html: str, markdown: str) -> FidelityResult:
    """Compare ``source_html`` with the HTML rendered from ``markdown`` (see the module doc)."""
    expected = canonical_tokens(source_html)
    actual = canonical_tokens(render_markdown(markdown))
    return FidelityResult(expected == actual, expected, actual)


def canonical_tokens(html: str) -> list[str]:
    """The structure and text of ``html`` as a list of tokens (``<p>``, ``</p>``, text, ...)."""
    if not html.strip():
        return []
    try:
        root, _flattened = parse_fragment(html)  # as the converter parses it
    except etree.ParserError:
        return []
    raw: list[str] = []
    _walk_children(root, raw, in_list_item=False)
    return _tidy(raw)


def _walk_children(element: etree._Element, out: list[str], in_list_item: bool) -> None:
    if element.text:
        out.append(element.text)
    for child in element:
        _walk(child, out, in_list_item)
        if child.tail:
            out.append(child.tail)


def _walk(element: etree._Element, out: list[str], in_list_item: bool) -> None:
    if not isinstance(element.tag, str):  # comments and processing instructions
        return
    tag = SYNONYMS.get(element.tag.lower(), element.tag.lower())
    if tag == "br" and any(a.tag in _HEADINGS for a in element.iterancestors()):
        out.append(" ")  # a heading is one line in Markdown
        return
    if (tag == "p" and in_list_item) or (tag == "a" and not element.get("href")) or _nested_in_same(element, tag):
        tag = "span"  # transparent
    if tag not in KEPT:
        out.append("\x00") if tag in BLOCKS else None
        _walk_children(element, out, in_list_item)
        out.append("\x00") if tag in BLOCKS else None
        return
    if tag == "pre" and not lxml.html.HtmlElement.text_content(element).strip("\n"):
        return  # an empty code block shows nothing
    out.append(_open_token(tag, element))
    if tag == "pre":
        out.append("\x01" + lxml.html.HtmlElement.text_content(element).strip("\n"))
    elif tag not in ("br", "hr", "img"):
        _walk_children(element, out, in_list_item=tag == "li" or (in_list_item and tag not in ("ul", "ol")))
    if tag not in ("br", "hr", "img"):
        out.append(f"{TAG}</{tag}>")


_HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_SELF_NESTING = frozenset(["strong", "em", "del", "code"])


def _nested_in_same(element: etree._Element, tag: str) -> bool:
    """<strong> inside <strong> shows nothing more: the inner one is ignored."""
    if tag not in _SELF_NESTING:
        return False
    for ancestor in element.iterancestors():
        if isinstance(ancestor.tag, str) and SYNONYMS.get(ancestor.tag.lower(), ancestor.tag.lower()) == tag:
            return True
    return False


def _open_token(tag: str, element: etree._Element) -> str:
    attrs = [f' {name}="{_attribute(name, value)}"' for name in KEPT[tag] if (value := element.get(name))]
    return f"{TAG}<{tag}{''.join(attrs)}>"


def _attribute(name: str, value: str) -> str:
    """URLs compare by what they address: a renderer may percent-encode them."""
    value = value.strip()
    return unquote(value) if name in ("href", "src") else _WHITESPACE.sub(" ", value)


def _is_tag(token: str) -> bool:
    return token.startswith(TAG) or token == "\x00"


def _block_boundary(token: str) -> bool:
    if token == "\x00":
        return True
    name = token.strip(TAG + "</>").split(" ")[0]
    return name in BLOCKS


def _tidy(raw: list[str]) -> list[str]:
    """Merge and normalize text, then drop what the comparison ignores."""
    merged: list[str] = []
    for token in raw:
        if not _is_tag(token) and merged and not _is_tag(merged[-1]) and not token.startswith("\x01"):
            merged[-1] += token
        else:
            merged.append(token)
    merged = _move_spaces_out_of_inline_tags(_move_breaks_out_of_inline_tags(merged))
    tokens: list[str] = []
    for i, token in enumerate(merged):
        if token.startswith("\x01"):
            tokens.append(token[1:])
            continue
        if _is_tag(token):
            tokens.append(token)
            continue
        text = _WHITESPACE.sub(" ", token)
        if i == 0 or _block_boundary(merged[i - 1]) or merged[i - 1] == BR:
            text = text.lstrip()
        if i + 1 == len(merged) or _block_boundary(merged[i + 1]) or merged[i + 1] == BR:
            text = text.rstrip()
        if text:
            tokens.append(text)
    return _drop_ignored(tokens)


def _is_inline_tag(token: str) -> bool:
    return token.startswith(TAG) and not _block_boundary(token)


def _move_breaks_out_of_inline_tags(tokens: list[str]) -> list[str]:
    """``<strong>a<br></strong>`` and ``<strong>a</strong><br>`` look the same."""
    out = list(tokens)
    for i in range(len(out) - 1):
        if out[i] != BR:
            continue
        j = i + 2 if (not _is_tag(out[i + 1]) and not out[i + 1].strip() and i + 2 < len(out)) else i + 1
        if out[j].startswith(TAG + "</") and _is_inline_tag(out[j]):
            out[i], out[j] = out[j], out[i]
    return out


def _is_opening_inline_tag(token: str) -> bool:
    return _is_inline_tag(token) and token != BR and not token.startswith(TAG + "</")


def _is_text(token: str) -> bool:
    return not _is_tag(token) and not token.startswith("\x01")


def _move_spaces_out_of_inline_tags(tokens: list[str]) -> list[str]:
    """``<em>a </em>b`` and ``<em>a</em> b`` show the same: move edge spaces outside inline tags.

    One pass: what is before a tag is already in ``out`` (a space moved there is added to its
    last text or becomes a text of its own, before every tag opened right before it), what is
    after it still in ``rest``. Spaces move out as far as they can, wherever they start.
    """
    rest = list(tokens)
    out: list[str] = []
    for i, token in enumerate(rest):
        if not _is_inline_tag(token) or token == BR:
            out.append(token)
            continue
        if token.startswith(TAG + "</"):  # a space at the end of the content goes after the tag
            if out and _is_text(out[-1]) and (stripped := out[-1].rstrip()) != out[-1]:
                out[-1] = stripped
                out.append(token)
                if i + 1 < len(rest) and _is_text(rest[i + 1]):
                    rest[i + 1] = " " + rest[i + 1]
                else:
                    out.append(" ")
                continue
        elif i + 1 < len(rest) and _is_text(rest[i + 1]) and (stripped := rest[i + 1].lstrip()) != rest[i + 1]:
            rest[i + 1] = stripped  # a space at the start of the content goes before the tag,
            opened: list[str] = []  # and before the tags opened right before it
            while out and (_is_opening_inline_tag(out[-1]) or out[-1] == ""):
                opened.append(out.pop())
            if out and _is_text(out[-1]):
                out[-1] += " "
            else:
                out.append(" ")
            for tag in reversed(opened):
                out += [tag, ""]
        out.append(token)
    return [t for t in out if t != ""]


_FLOW_CONTAINERS = frozenset(("blockquote",))


def _wrap_loose_inline(tokens: list[str]) -> list[str]:
    """Inline content directly at the top level or in a blockquote is a paragraph in Markdown."""
    out: list[str] = []
    stack: list[str] = []
    open_paragraph = False
    for token in tokens:
        block = token == "\x00" or (_is_tag(token) and _block_boundary(token))
        if open_paragraph and block:
            out.append(P_CLOSE)
            open_paragraph = False
        if token == "\x00":
            continue
        if block:
            name = token.strip(TAG + "</>").split(" ")[0]
            if token.startswith(TAG + "</"):
                if name in stack:
                    del stack[len(stack) - 1 - stack[::-1].index(name) :]
            elif name not in ("hr",):
                stack.append(name)
        elif not open_paragraph and (not stack or stack[-1] in _FLOW_CONTAINERS) and token != BR:
            out.append(P_OPEN)
            open_paragraph = True
        out.append(token)
    if open_paragraph:
        out.append(P_CLOSE)
    return out


_DROPPED_WHEN_EMPTY = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "ul",
        "ol",
        "li",
        "em",
        "strong",
        "del",
        "code",
        "sup",
        "sub",
    ]
)


def _is_empty_pair(opening: str, closing: str) -> bool:
    name = closing.strip(TAG + "</>")
    if name == "a":
        return opening.startswith(f"{TAG}<a ") or opening == f"{TAG}<a>"  # a link with nothing to click
    return name in _DROPPED_WHEN_EMPTY and opening == f"{TAG}<{name}>"


_STRONG, _EM, _STRONG_END, _EM_END = TAG + "<strong>", TAG + "<em>", TAG + "</strong>", TAG + "</em>"


def _order_strong_em(tokens: list[str]) -> list[str]:
    """``<strong><em>x</em></strong>`` and ``<em><strong>x</strong></em>`` look the same: use the second."""
    out = list(tokens)
    for i in range(len(out) - 1):
        if out[i] == _STRONG and out[i + 1] == _EM:
            depth = 0
            for j in range(i + 2, len(out) - 1):
                if out[j] == _EM:
                    depth += 1
                elif out[j] == _EM_END:
                    if depth == 0:
                        if out[j + 1] == _STRONG_END:
                            out[i], out[i + 1], out[j], out[j + 1] = _EM, _STRONG, _STRONG_END, _EM_END
                        break
                    depth -= 1
    return out


_CLOSES_PARAGRAPH = frozenset(
    ["ul", "ol", "blockquote", "pre", "hr", "table", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "div"]
)


def _close_paragraphs_before_blocks(tokens: list[str]) -> list[str]:
    """A block element inside <p> ends the paragraph (as browsers do): "<p>a<figure>" is "<p>a</p><figure>"."""
    out: list[str] = []
    open_p = 0
    dangling = 0
    for token in tokens:
        if token == P_OPEN:
            open_p += 1
        elif token == P_CLOSE:
            if dangling:
                dangling -= 1
                continue
            open_p = max(0, open_p - 1)
        elif open_p and _is_tag(token) and token.strip(TAG + "<>").split(" ")[0] in _CLOSES_PARAGRAPH:
            out.append(P_CLOSE)
            open_p -= 1
            dangling += 1
        out.append(token)
    return out


def _strip_at_block_edges(tokens: list[str]) -> list[str]:
    """Spaces next to a block edge show nothing (also where an ignored <br> stood)."""
    out = list(tokens)
    for i, token in enumerate(out):
        if _is_tag(token) or "\n" in token:
            continue
        if i + 1 == len(out) or _block_boundary(out[i + 1]):
            token = token.rstrip(" ")
        if i == 0 or _block_boundary(out[i - 1]):
            token = token.lstrip(" ")
        out[i] = token
    return [t for t in out if t != ""]


def _drop_ignored(tokens: list[str]) -> list[str]:
    """Empty pairs and <br> at block edges go, until none is left: ``out`` is a stack, so what a
    removal brings together is looked at again at once (one pass, however many layers)."""
    tokens = _order_strong_em(_wrap_loose_inline(_close_paragraphs_before_blocks(tokens)))
    out: list[str] = []
    for token in tokens:
        while out and out[-1] == BR and _block_boundary(token):
            out.pop()  # br at the end of a block
        if out and token.startswith(TAG + "</") and _is_empty_pair(out[-1], token):
            out.pop()  # an empty paragraph, heading, list or emphasis shows nothing
        elif token == BR and out and _block_boundary(out[-1]) and out[-1] != BR:
            continue  # br at the start of a block
        else:
            out.append(token)
    return _strip_at_block_edges(out)
