"""HTML to CommonMark/GFM Markdown that renders back to the same document.

The conversion itself is done by ``html-to-markdown`` (Rust core: about ten times faster than
markdownify on the corpus, with correct fences and code spans). This module wraps it with an
lxml pass that fixes what it gets wrong or cannot know:

- **escaping**: text that would become Markdown (``*``, ``_``, backticks, ``[``, ``<`` before a
  tag name, ``~~``, ``&entity;``, backslashes) is escaped here, precisely, instead of the
  library's escape-everything mode (``2010\\. The year``, ``snake\\_case``);
- **raw HTML**: what Markdown cannot express (iframes, ``<video>``, ``<audio>``, scripts,
  figures, tables with merged or block cells, styled spans, ``<sup>``/``<sub>``/``<u>``/``<mark>``)
  passes through as HTML instead of being flattened to text;
- **``<!--more-->``** becomes the caller's summary divider instead of disappearing.

Pieces are carried through the library as private-use placeholders and put back afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape as escape_html

import html_to_markdown as h2m
import html_to_markdown.api as h2m_api
import lxml.html
from html_to_markdown import ConversionError
from lxml import etree

from .code_rendered import FOLDS_TO_ASCII, has_code_markers, markers_without_folds, recognise_rendered_code
from .html_depth import html_of, parse_fragment
from .hugo_figure import hugo_figure
from .markdown_element import MARKDOWN_ELEMENT
from .simple_markdown import Rewritten, inert_text, simple_markdown
from .xml_chars import FORBIDDEN_IN_XML, strip_xml_forbidden

# Elements kept whole as raw HTML (serialized in place of the element).
RAW_ELEMENTS = frozenset(
    [
        "iframe",
        "video",
        "audio",
        "object",
        "embed",
        "script",
        "noscript",
        "form",
        "svg",
        "math",
        "canvas",
        "figure",
        "dl",
        "details",
    ]
)
# Inline elements whose tags are kept as raw HTML around converted content.
RAW_INLINE_TAGS = frozenset(["sup", "sub", "u", "mark", "ins", "small", "big", "q", "abbr", "acronym", "dfn"])
# Emphasis that Markdown writes with delimiters, and the HTML tag to keep when delimiters cannot work.
EMPHASIS = {"em": "em", "i": "em", "strong": "strong", "b": "strong", "del": "del", "s": "del", "strike": "del"}
# Text in these is code or raw: never escaped.
LITERAL_ANCESTORS = frozenset(["pre", "code", "kbd", "samp", "tt", "script", "style", "textarea"])
_BLOCK_IN_CELL = frozenset(
    ["p", "div", "ul", "ol", "table", "pre", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "figure", "dl"]
)

# Private-use characters: the library treats them as plain text.
_PIECE_START, _PIECE_END, _BLOCK_PIECE_START = "\ue000", "\ue001", "\ue002"
_ESCAPES = {
    "\\": "\ue010",
    "*": "\ue011",
    "_": "\ue012",
    "`": "\ue013",
    "[": "\ue014",
    "<": "\ue015",
    "~": "\ue016",
    "&": "\ue017",
}
_UNESCAPE = {placeholder: "\\" + char for char, placeholder in _ESCAPES.items()}
_BACKSLASH = "\ue018"  # a lone backslash that escapes the character after it
_UNESCAPE[_BACKSLASH] = "\\"
_ESCAPE_PLACEHOLDER = re.compile(f"[{''.join(_UNESCAPE)}]")
# After a line break, text that would start a list, heading or quote.
_LINE_START = re.compile(r"^(\s*)(\d{1,9}(?=[.)](?:\s|$))|[-+](?=\s)|#|>)")
# A newline inside a text is a space to a browser, but the converter keeps it, and Markdown reads
# the line after it as a block of its own when it starts like one (CommonMark lets these interrupt
# a paragraph): an ATX heading, a quote, a list item, or a line of "=" or "-" (a setext underline
# or thematic break). The converter drops the line's leading spaces, so any indentation counts.
# ("*", "_", "`", "~" and "<" are escaped everywhere already.)
_INNER_LINE_START = re.compile(
    r"(\n[ \t]*)(\d{1,9}(?=[.)](?:[ \t\n]|\Z))|#{1,6}(?=[ \t\n]|\Z)|>|[-+](?=[ \t\n]|\Z)|[-=]+[ \t]*(?=\n|\Z))"
)
_PRIVATE_USE = re.compile("[\ue000-\ue02f]")
# The tally's name for blocks the converter failed on (``report_kept_html``).
KEPT_AS_HTML = "blocks kept as HTML (the Markdown converter failed on them)"
# Private use, what XML forbids (strip_xml_forbidden), and the letters has_code_markers folds
# (private use to U+E03F: the characters whose UTF-8 starts as U+E000's, see _unusual).
_UNUSUAL = re.compile(f"[\ue000-\ue03f{FORBIDDEN_IN_XML}{FOLDS_TO_ASCII}]")
_FORBIDDEN_BYTES = bytes(range(0x20)).translate(None, b"\t\n\r")  # FORBIDDEN_IN_XML
# The UTF-8 of the others, by their first byte (U+E000-U+E03F all start EE 80).
_UNUSUAL_UTF8: dict[int, list[bytes]] = {}
for _char in ("\ue000", *FOLDS_TO_ASCII):
    _UNUSUAL_UTF8.setdefault(_char.encode()[0], []).append(_char.encode()[:2] if _char == "\ue000" else _char.encode())
_LEAD_BYTES = bytes(_UNUSUAL_UTF8)
_NEITHER = bytes(set(range(256)) - set(_FORBIDDEN_BYTES) - set(_LEAD_BYTES))  # deleted: the rest
# Around Markdown made upstream (``<x-markdown>``), for a caller that must tell it from content
# (the Markdown writer escapes template syntax everywhere else); removed unless asked for.
UPSTREAM_START, UPSTREAM_END = "\ue020", "\ue021"
# Every branch matches one character, that character first (so the engine looks for the first
# characters only; a look-behind first was tried at every position): ``_(?<![A-Za-z0-9]_)`` is
# ``(?<![A-Za-z0-9])_`` and ``~(?<=~~)`` is ``(?<=~)~`` (tests/test_fast_paths.py compares them).
_NEEDS_ESCAPE = re.compile(
    r"[\\*`\[]"  # always special
    r"|_(?:(?<![A-Za-z0-9]_)|(?![A-Za-z0-9]))"  # an underscore that could open or close emphasis
    r"|<(?=[A-Za-z/!?])"  # could start a tag or an autolink
    r"|~(?:(?=~)|(?<=~~))"  # ~~ strikethrough
    r"|&(?=#?\w+;)"  # would be read as an entity
)
_PIECE = re.compile(f"[{_PIECE_START}{_BLOCK_PIECE_START}](\\d+){_PIECE_END}")
# The same, a kind at a time, starting with a literal (see _put_pieces_back).
_INLINE_PIECE = re.compile(f"{_PIECE_START}(\\d+){_PIECE_END}")
_BLOCK_PIECE = re.compile(f"{_BLOCK_PIECE_START}(\\d+){_PIECE_END}")
_BLOCK_PIECE_AT_LINE_END = re.compile(f"{_BLOCK_PIECE_START}\\d+{_PIECE_END}[ \\t]*\n(?![ >]*\n)")
# A line holding only a raw block (an HTML block ends at a blank line, so one must follow).
_BLOCK_PIECE_LINE = re.compile(f"^([ >]*){_BLOCK_PIECE_START}\\d+{_PIECE_END}[ \\t]*\n(?![ >]*\n)", re.M)
_BLANK_LINES = re.compile(r"\n\s*\n")
_MORE = re.compile(r"^\s*more\b")

_OPTIONS = h2m.ConversionOptions(
    heading_style="atx",
    bullets="-",
    strong_em_symbol="*",
    escape_asterisks=False,
    escape_underscores=False,
    escape_misc=False,
    autolinks=False,  # [url](url): an autolink would drop a title
    expand_abbreviations=False,
    include_blockquote_citations=False,
    br_in_tables=True,
    extract_metadata=False,
    newline_style="backslash",
    code_block_style="backticks",
    highlight_style="html",
)


def to_markdown(
    html: str,
    more_divider: str = "<!--more-->",
    rewrite_url: Callable[[str], str] | None = None,
    mark_upstream: bool = False,
    hugo_figures: bool = False,
    report_flattened: Callable[[int], None] | None = None,
    report_kept_html: Callable[[int], None] | None = None,
) -> str:
    """Convert an HTML fragment to CommonMark/GFM Markdown (see the module doc).

    ``rewrite_url``, when given, maps every link and media URL (``href``/``src``) to a new one
    (local media, the new address of another post); ``srcset`` then goes, as it names old files.
    ``mark_upstream`` keeps :data:`UPSTREAM_START`/:data:`UPSTREAM_END` around ``<x-markdown>``.
    ``hugo_figures`` writes a figure of one image as Hugo's ``{{< figure >}}`` (no raw HTML).
    Elements nested too deep for the parser are flattened, their text kept
    (:mod:`importer.transforms.html_depth`); ``report_flattened`` is told how many.
    A block the converter fails on (a panic inside it) is kept as HTML, not lost and never raised:
    ``report_kept_html`` is told how many such blocks.
    """
    if not html or html.isspace():  # not html.strip(), without copying the text
        return ""
    fast = simple_markdown(html, escape_markdown, rewrite_url)
    if isinstance(fast, str):
        return fast
    if fast:  # simple, but a rewritten URL needs the converter: the URLs are not asked for again
        rewrite_url = _replaying(fast, rewrite_url)
    markdown = _full_markdown(html, more_divider, rewrite_url, mark_upstream, hugo_figures, report_flattened)
    if markdown is None:
        return _blockwise_markdown(
            html, more_divider, rewrite_url, mark_upstream, hugo_figures, report_flattened, report_kept_html
        )
    return markdown


def _blockwise_markdown(
    html: str,
    more_divider: str,
    rewrite_url: Callable[[str], str] | None,
    mark_upstream: bool,
    hugo_figures: bool,
    report_flattened: Callable[[int], None] | None,
    report_kept_html: Callable[[int], None] | None,
) -> str:
    """:func:`to_markdown` of a fragment the converter failed on: each top-level block converted
    alone, and a block it fails on again kept as HTML on one line (a raw HTML block: a blank line
    inside would end it), so one bad block costs its own Markdown and nothing more."""
    parts: list[str] = []
    kept = 0
    for block in _top_level_blocks(html):
        markdown = _full_markdown(block, more_divider, rewrite_url, mark_upstream, hugo_figures, report_flattened)
        if markdown is None:
            markdown, kept = block.strip().replace("\n", "&#10;") + "\n", kept + 1
        if markdown.strip():
            parts.append(markdown)
    if kept and report_kept_html is not None:
        report_kept_html(kept)
    return "\n".join(parts)


def _top_level_blocks(html: str) -> list[str]:
    """``html``'s top-level nodes as HTML, each with its tail (the text before the first element
    is one of them); the fragment whole when it is one node."""
    try:
        nodes = lxml.html.fragments_fromstring(html)
    except (etree.ParserError, ValueError):
        return [html]
    blocks = [
        escape_html(node, quote=False) if isinstance(node, str) else html_of(node, with_tail=True) for node in nodes
    ]
    return blocks if len(blocks) > 1 else [html]


def _full_markdown(
    html: str,
    more_divider: str,
    rewrite_url: Callable[[str], str] | None,
    mark_upstream: bool,
    hugo_figures: bool,
    report_flattened: Callable[[int], None] | None,
) -> str | None:
    """:func:`to_markdown` through lxml and the converter; ``None`` when the converter fails on it."""
    unusual = _unusual(html)  # one scan for three rare kinds of character
    if unusual:
        if _PRIVATE_USE.search(html):
            html = _PRIVATE_USE.sub("", html)  # cannot collide with our placeholders
        html, _ = strip_xml_forbidden(html)
    preparer = _Preparer(more_divider, hugo_figures)
    prepared, pieces = _prepare(html, preparer, rewrite_url, unusual)
    if preparer.flattened and report_flattened is not None:
        report_flattened(preparer.flattened)
    if prepared is None:
        return ""
    try:
        markdown: str = _convert(prepared)
    except ConversionError:  # a bug inside the converter (a Rust panic): the caller keeps the HTML
        return None
    if pieces:
        markdown = _put_pieces_back(markdown, pieces)
    if preparer.escaped:  # a scan for each placeholder: a character class's scan costs several
        for placeholder, escaped in _UNESCAPE.items():
            markdown = markdown.replace(placeholder, escaped)
    if not mark_upstream and UPSTREAM_START in markdown:
        markdown = markdown.replace(UPSTREAM_START, "").replace(UPSTREAM_END, "")
    return markdown.strip("\n") + "\n"


def _put_pieces_back(markdown: str, pieces: list[str]) -> str:
    """``_PIECE.sub`` of the pieces into ``markdown``, after ``_BLOCK_PIECE_LINE.sub(_blank_line_after)``.

    Each pattern here starts with its placeholder's first character (a search in C skips to it),
    where those start with a character class or the start of a line (tried at every character);
    ``tests/test_fast_paths.py`` compares the two. The pieces hold no placeholder (they are
    original text), so the two kinds can be put back one after the other."""
    if _BLOCK_PIECE_START in markdown:
        text = markdown

        def blank_line_after(match: re.Match[str]) -> str:
            start = match.start()
            prefix = text[text.rfind("\n", 0, start) + 1 : start]
            if prefix.strip(" >"):  # not a line of the piece alone (and quote marks)
                return match.group(0)
            return match.group(0) + prefix.rstrip() + "\n"

        markdown = _BLOCK_PIECE_AT_LINE_END.sub(blank_line_after, markdown)
        markdown = _BLOCK_PIECE.sub(lambda m: pieces[int(m.group(1))], markdown)
    if _PIECE_START in markdown:
        markdown = _INLINE_PIECE.sub(lambda m: pieces[int(m.group(1))], markdown)
    return markdown


def _unusual(html: str) -> bool:
    """``_UNUSUAL.search(html) is not None``. A character class is tried at every character
    (about 60 instructions each); here what is not a control nor the first byte of another of
    those characters is deleted from the text's UTF-8 (a table in C), and the characters whose
    first byte is left are looked for in it."""
    try:
        data = html.encode()
    except UnicodeEncodeError:  # a lone surrogate
        return _UNUSUAL.search(html) is not None
    left = data.translate(None, _NEITHER)
    if not left:  # ASCII text without controls, and most other text
        return False
    if left.translate(None, _LEAD_BYTES):  # a control
        return True
    return any(lead in left and any(p in data for p in patterns) for lead, patterns in _UNUSUAL_UTF8.items())


def _replaying(rewritten: Rewritten, rewrite_url: Callable[[str], str] | None) -> Callable[[str], str]:
    """``rewrite_url`` answering the URLs already rewritten from those answers, in order."""
    answers = iter(rewritten)

    def rewrite(url: str) -> str:
        old, new = next(answers, (None, ""))
        if old == url:
            return new
        return rewrite_url(url) if rewrite_url is not None else url  # not reached: the same links, in order

    return rewrite


def escape_markdown(text: str) -> str:
    """Text (as lxml reads it) escaped as :func:`to_markdown` escapes it, with backslashes."""
    escaped = _escape_text(text)
    if escaped is text:
        return text
    return _ESCAPE_PLACEHOLDER.sub(lambda m: _UNESCAPE[m.group(0)], escaped)


def _options_once() -> Callable[[str], str]:
    """The library turns its options into native ones on every call (half its time on short
    posts); do it once when its internals allow, else use the public call."""
    try:
        native = h2m_api._to_rust_conversion_options(_OPTIONS)
        convert_native = h2m_api._rust.convert
        convert_native(html="<p>x</p>", options=native, visitor=None)
    except (AttributeError, TypeError):
        return lambda html: h2m.convert(html, _OPTIONS).content or ""
    return lambda html: convert_native(html=html, options=native, visitor=None).content or ""


_convert = _options_once()


# Where text goes: an element's text (True) or its tail (False).
_Slot = tuple[etree._Element, bool]


class _Preparer:
    """One pass over the parsed fragment: escapes text and sets raw pieces aside.

    A removed node leaves its tail to the text before it. Appending to lxml text one removed
    node at a time would copy the growing text each time (``"<!---->x" * n`` or ``"<br>\\n" * n``
    at a block start: O(n²)), so the pieces wait in :attr:`pending` and are joined once, when the
    walk of their parent ends or before anything else touches that text; what is asked of them
    meanwhile (is it blank, its last character) is answered from the pieces.
    """

    def __init__(self, more_divider: str, hugo_figures: bool = False) -> None:
        self.more_divider = more_divider
        self.hugo_figures = hugo_figures
        self.pieces: list[str] = []
        self.divided = False  # WordPress honours only the first <!--more-->
        self.touching_code: set[etree._Element] = set()
        self.pending: dict[_Slot, list[str]] = {}
        self.pending_blank: dict[_Slot, bool] = {}
        self.flattened = 0  # elements nested deeper than the parser goes, flattened
        # A text was escaped: the converter's output may hold escape placeholders (none else
        # makes one, and the input's private-use characters are gone).
        self.escaped = False

    def look_for_touching_code(self, root: etree._Element) -> None:
        """The code elements that touch another (see :func:`_touches_code`), found before the walk:
        nothing the walk does before it reaches an element changes its siblings or its tail."""
        self.touching_code = {c for c in root.iter(*_CODE_TAGS) if _touches_code(c)}

    def hold(self, text: str, block: bool = False) -> str:
        self.pieces.append(text)
        return f"{_BLOCK_PIECE_START if block else _PIECE_START}{len(self.pieces) - 1}{_PIECE_END}"

    def walk(self, element: etree._Element, literal: bool = False) -> None:
        text = element.text
        if not literal and text:
            escaped = _escape_text(text)
            if escaped is not text:  # most texts need nothing: lxml is not asked to store them again
                element.text = escaped
                self.escaped = True
        for child in list(element):
            self.visit(child, literal)
        if self.pending:  # text left by removed nodes waits here (see the class doc)
            self.flush((element, True))
            for child in element:
                self.flush((child, False))

    # -- text left by removed nodes --------------------------------------------------------

    def remove(self, node: etree._Element, text: str = "") -> None:
        """Remove ``node`` from its parent, leaving ``text`` (and the node's tail) in its place."""
        parent = node.getparent()
        if parent is None:
            return
        text += node.tail or ""
        slot = _slot_before(node)  # even "" counts: lxml writes an empty text and a missing one apart
        pieces = self.pending.get(slot)
        if pieces is None:
            self.pending[slot] = pieces = []
            blank = not _slot_text(slot).strip()
        else:
            blank = self.pending_blank[slot]
        pieces.append(text)
        self.pending_blank[slot] = blank and not text.strip()
        parent.remove(node)

    def flush(self, slot: _Slot) -> None:
        pieces = self.pending.pop(slot, None)
        if pieces is not None:
            del self.pending_blank[slot]
            node, is_text = slot
            if is_text:
                node.text = (node.text or "") + "".join(pieces)
            else:
                node.tail = (node.tail or "") + "".join(pieces)

    def flush_all(self) -> None:
        for slot in list(self.pending):
            self.flush(slot)

    def blank(self, slot: _Slot) -> bool:
        if slot in self.pending_blank:
            return self.pending_blank[slot]
        return not _slot_text(slot).strip()

    def last_char(self, slot: _Slot) -> str:
        """The last character of the text in ``slot`` ("" when it is empty)."""
        for piece in reversed(self.pending.get(slot, [])):
            if piece:
                return piece[-1]
        text = _slot_text(slot)
        return text[-1] if text else ""

    def starts_block(self, node: etree._Element) -> bool:
        """Is ``node`` the first thing in a block element (nothing but whitespace before it)?"""
        parent = node.getparent()
        if parent is None or not isinstance(parent.tag, str) or parent.tag.lower() not in _BLOCK_PARENTS:
            return False
        previous = node.getprevious()
        while previous is not None and not isinstance(previous.tag, str) and self.blank((previous, False)):
            previous = previous.getprevious()
        return previous is None and self.blank((parent, True))

    def outside_edges(self, element: etree._Element) -> tuple[str, str]:
        """The characters just before and after ``element`` (" " at a block edge, "!" for an element)."""
        previous = element.getprevious()
        if previous is not None:
            before = self.last_char((previous, False)) or "!"
        else:
            parent = element.getparent()
            before = (self.last_char((parent, True)) if parent is not None else "") or " "
        tail = element.tail or ""
        after = tail[0] if tail else ("!" if element.getnext() is not None else " ")
        return (" " if before.isspace() else before), (" " if after.isspace() else after)

    def delimiters_can_work(self, element: etree._Element) -> bool:
        """Would ``*...*`` around this element's content open and close where the element does?

        CommonMark's flanking rules: a delimiter run next to punctuation on the inside needs
        whitespace or punctuation on the outside (``**![img](x)**text`` does not close).
        """
        first, last = _content_edges(element)
        if first == " ":
            return False
        before, after = self.outside_edges(element)
        opens = not _is_punctuation(first) or before == " " or _is_punctuation(before)
        closes = not _is_punctuation(last) or after == " " or _is_punctuation(after)
        return opens and closes

    # -- elements ----------------------------------------------------------------------------

    def visit(self, element: etree._Element, literal: bool) -> None:
        tail = element.tail
        name = element.tag  # lxml makes a new string at each reading
        if not literal and tail:
            escaped = _escape_text(tail)
            if name == "br":
                escaped = _escape_line_start(escaped)
            if escaped is not tail:
                element.tail = escaped
                self.escaped = True
        if not isinstance(name, str):
            self.visit_comment(element)
            return
        tag = name.lower()
        if tag == MARKDOWN_ELEMENT:
            self.replace_with_markdown(element, "".join(str(t) for t in element.itertext()))
        elif tag == "figure" and self.hugo_figures and (shortcode := hugo_figure(element, _caption_markdown)):
            self.replace_with_markdown(element, shortcode)
        elif tag in RAW_ELEMENTS or (tag == "table" and not _table_fits_gfm(element)):
            self.replace_with_raw(element, block=tag in ("table", "figure", "dl", "details", "form"))
        elif tag == "pre" and _has_markup_inside(element):
            self.replace_with_raw(element, block=True)  # links or highlighting that a fence would lose
        elif tag == "br" and (_ends_block(element) or self.starts_block(element)):
            self.remove(element)  # Markdown cannot end a block with a hard break
        elif tag in RAW_INLINE_TAGS or (tag == "span" and element.get("style")):
            self.keep_tags_around(element, tag)
        elif tag in _CODE_TAGS and not literal and (len(element) or element in self.touching_code):
            self.keep_tags_around(element, tag)  # line breaks or markup inside: no code span can hold them
        elif tag == "a" and _shows_nothing(element):
            self.remove(element)  # an empty link: the converter would show its URL instead
        elif tag in EMPHASIS and not self.delimiters_can_work(element):
            self.keep_tags_around(element, EMPHASIS[tag])
        else:
            self.walk(element, literal or tag in LITERAL_ANCESTORS)
            if tag in ("ul", "ol", "blockquote"):
                self.separate_from_next_list(element, tag)

    def separate_from_next_list(self, element: etree._Element, tag: str) -> None:
        """Two adjacent lists of one kind (or quotes) would merge in Markdown: an HTML comment keeps them apart."""
        following = element.getnext()
        while following is not None and not isinstance(following.tag, str) and not (following.tail or "").strip():
            following = following.getnext()  # comments in between (block-editor markers) vanish
        if following is not None and following.tag == tag and not (element.tail or "").strip():
            separator = lxml.html.Element("p")
            separator.text = self.hold("<!-- -->", block=True)
            element.addnext(separator)

    def visit_comment(self, comment: etree._Element) -> None:
        """The first ``<!--more-->`` becomes the divider (a block of its own at the top level); comments go."""
        # Most comments are the block editor's (<!-- wp:paragraph -->): "more" in the text first.
        text = comment.text if not self.divided and isinstance(comment, etree._Comment) else None
        if text and "more" in text and _MORE.match(text):
            self.divided = True
            parent = comment.getparent()
            if parent is not None and parent.getparent() is not None and self.starts_block(comment):
                self.remove(comment)  # <p><!--more-->text: the divider goes before the paragraph
                comment, parent = _divider_slot(parent), parent.getparent()
            if parent is not None and parent.getparent() is None:
                marker = lxml.html.Element("p")
                marker.text = self.hold(self.more_divider, block=True)
                marker.tail = comment.tail
                comment.addnext(marker)
                comment.tail = None
            else:
                self.place_inline_divider(comment, self.hold(self.more_divider))
                return
        self.remove(comment)

    def replace_with_raw(self, element: etree._Element, block: bool) -> None:
        raw = html_of(element, with_tail=False)
        raw = (
            raw.replace("\n", "&#10;") if element.tag not in ("script", "svg", "math") else _BLANK_LINES.sub("\n", raw)
        )
        placeholder = self.hold(raw, block)
        if block:
            replacement = lxml.html.Element("p")
            replacement.text = placeholder
            replacement.tail = element.tail
            element.addprevious(replacement)
            element.tail = None
            self.remove(element)
        else:
            self.remove(element, placeholder)

    def replace_with_markdown(self, element: etree._Element, markdown: str) -> None:
        """Markdown made here or upstream (a Hugo shortcode, ``<x-markdown>``): written as it is."""
        replacement = lxml.html.Element("p")
        replacement.text = self.hold(UPSTREAM_START + markdown + UPSTREAM_END, block=True)
        replacement.tail = element.tail
        element.addprevious(replacement)
        element.tail = None
        self.remove(element)

    def keep_tags_around(self, element: lxml.html.HtmlElement, tag: str) -> None:
        attrs = "".join(f' {name}="{_attr(str(value))}"' for name, value in element.attrib.items())
        self.walk(element)
        element.text = self.hold(f"<{tag}{attrs}>") + (element.text or "")
        closing = self.hold(f"</{tag}>")
        if len(element):
            element[-1].tail = (element[-1].tail or "") + closing
        else:
            element.text += closing
        self.flush(_slot_before(element))  # drop_tag appends the element's text there
        element.drop_tag()

    def place_inline_divider(self, comment: etree._Element, placeholder: str) -> None:
        """Put the divider where the comment was, but before a line break it follows (a line that
        starts with ``<!--`` would end the paragraph and leave the break as a stray backslash)."""
        previous = comment.getprevious()
        if previous is not None and previous.tag == "br" and self.blank((previous, False)):
            self.remove(comment)
            self.flush((previous, False))
            self.flush(_slot_before(previous))
            before = previous.getprevious()
            if before is not None:
                before.tail = (before.tail or "") + placeholder
            else:
                parent = previous.getparent()
                if parent is not None:
                    parent.text = (parent.text or "") + placeholder
            return
        self.remove(comment, placeholder)


def _prepare(
    html: str, preparer: _Preparer, rewrite_url: Callable[[str], str] | None, unusual: bool = True
) -> tuple[str | None, list[str]]:
    """``unusual`` False: ``html`` holds none of :data:`_UNUSUAL`'s characters."""
    try:
        root, preparer.flattened = parse_fragment(html)
    except etree.ParserError:
        return None, []
    # Rendered code is a div, table or pre (recognise_rendered_code looks at nothing else; the
    # root is a div of our own, not looked at for what it holds): none, no need for the markers.
    if next(root.iterdescendants("div", "table", "pre"), None) is not None and (
        has_code_markers(html) if unusual else markers_without_folds(html)
    ):
        recognise_rendered_code(root)
    if rewrite_url is not None:
        _rewrite_urls(root, rewrite_url)
    _hoist_trailing_breaks(root)
    preparer.look_for_touching_code(root)
    preparer.walk(root)
    preparer.flush_all()
    return html_of(root), preparer.pieces


_INLINE_WITH_BREAKS = ("a", "strong", "b", "em", "i", "del", "s", "strike", "span", "u", "mark", "small")


def _hoist_trailing_breaks(root: etree._Element) -> None:
    """``<strong>words<br></strong>``: the break goes after the element (it renders the same), as
    no Markdown emphasis or link text can end with a line break (``**words\\`` + newline + ``**``)."""
    for element in [e for e in root.iter(*_INLINE_WITH_BREAKS) if len(e) and e[-1].tag == "br"]:
        while len(element) and element[-1].tag == "br" and not (element[-1].tail or "").strip():
            br = element[-1]
            br.tail = element.tail
            element.tail = None
            element.addnext(br)


def _caption_markdown(html: str) -> str:
    return to_markdown(html).strip()


def _rewrite_urls(root: etree._Element, rewrite_url: Callable[[str], str]) -> None:
    for element in root.iter("a", "img", "source", "video", "audio", "track"):
        for name in ("href", "src"):
            value = element.get(name)
            if value:
                new = rewrite_url(value)
                if new != value:
                    element.set(name, new)
                    for stale in ("srcset", "sizes"):
                        if stale in element.attrib:
                            del element.attrib[stale]


def _escape_line_start(text: str) -> str:
    """``1. x`` or ``- x`` right after a <br> would start a list: escape its marker."""
    return _LINE_START.sub(_escape_marker, text)


def _escape_marker(match: re.Match[str]) -> str:
    """A line-start match (``_LINE_START``, ``_INNER_LINE_START``) with its marker escaped: a
    number's period or parenthesis, or the marker's first character."""
    marker = match.group(2)
    return match.group(1) + (marker + _BACKSLASH if marker[0].isdigit() else _BACKSLASH + marker)


def _blank_line_after(match: re.Match[str]) -> str:
    return match.group(0) + match.group(1).rstrip() + "\n"


# What _escape_text can change at all: most text holds none of it (one scan in C, instead of
# three passes over every text of the tree).
_ESCAPE_WORK = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\n\\*`\[_<~&]")
_SYNTAX_CHAR = re.compile(r"[\\*`\[_<~&]")  # what _NEEDS_ESCAPE can start at


def _escape_text(text: str) -> str:
    """Escape what Markdown would read as syntax; a blank line inside text is not a paragraph break."""
    if text == "\n" or inert_text(text) or _ESCAPE_WORK.search(text) is None:  # "\n": half the corpus's texts
        return text
    if text == "\n\n":  # between two blocks (an eighth of the corpus's texts): one newline
        return "\n"
    text, _ = strip_xml_forbidden(text)
    if "\n" in text:
        text = _BLANK_LINES.sub("\n", text)
        text = _INNER_LINE_START.sub(_escape_marker, text)
    if _SYNTAX_CHAR.search(text) is None:
        return text
    return _NEEDS_ESCAPE.sub(lambda m: _ESCAPES[m.group(0)], text)


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _content_edges(element: etree._Element) -> tuple[str, str]:
    """The first and last visible characters inside ``element`` ("!" stands for an element)."""
    text = (element.text or "").strip()
    first = text[0] if text else ("!" if len(element) else " ")
    if len(element):
        tail = (element[-1].tail or "").rstrip()
        last = tail[-1] if tail else "!"
    else:
        last = text[-1] if text else " "
    return first, last


def _is_punctuation(char: str) -> bool:
    return not char.isalnum() and not char.isspace()


_BLOCK_PARENTS = frozenset(["p", "li", "div", "td", "th", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "dd"])
_BLOCK_SIBLINGS = _BLOCK_PARENTS | {"ul", "ol", "table", "pre", "figure", "hr", "dl", "section"}


def _ends_block(br: etree._Element) -> bool:
    """Is this <br> the last thing in its block, or right before a block element?"""
    if (br.tail or "").strip():
        return False
    following = br.getnext()
    while following is not None and not isinstance(following.tag, str) and not (following.tail or "").strip():
        following = following.getnext()
    if following is not None:
        return isinstance(following.tag, str) and following.tag.lower() in _BLOCK_SIBLINGS
    parent = br.getparent()
    return parent is not None and isinstance(parent.tag, str) and parent.tag.lower() in _BLOCK_PARENTS


_CODE_TAGS = frozenset(["code", "tt", "kbd", "samp"])


def _touches_code(element: etree._Element) -> bool:
    """Two code spans with nothing between them would run together (``a``b``): keep them as HTML."""
    if not isinstance(element.tag, str) or element.tag.lower() not in _CODE_TAGS:
        return False
    following, previous = element.getnext(), element.getprevious()
    if following is not None and not element.tail and _is_code(following):
        return True
    return previous is not None and not previous.tail and _is_code(previous)


def _is_code(element: etree._Element) -> bool:
    return isinstance(element.tag, str) and element.tag.lower() in _CODE_TAGS


def _shows_nothing(element: etree._Element) -> bool:
    """No text and no image or embed inside."""
    text = element.text
    if (text and not text.isspace()) or "".join(str(t) for t in element.itertext()).strip():  # its text first
        return False
    visible = ("img", "iframe", "video", "audio", "svg")
    return not any(isinstance(d.tag, str) and d.tag in visible for d in element.iter())


def _divider_slot(block: etree._Element) -> etree._Element:
    """An empty comment placed just before ``block``, where a divider can replace it."""
    slot = etree.Comment("")
    block.addprevious(slot)
    return slot


def _has_markup_inside(pre: etree._Element) -> bool:
    """A <pre> with more than text (or text in one <code>) inside: links, highlighting, breaks."""
    children = [c for c in pre if isinstance(c.tag, str)]
    if len(children) == 1 and children[0].tag == "code" and not (pre.text or "").strip():
        children = [c for c in children[0] if isinstance(c.tag, str)]
    return bool(children)


def _table_fits_gfm(table: etree._Element) -> bool:
    """A GFM table has no caption, no merged cells, no block content in cells, one cell count."""
    if table.find("caption") is not None or table.find(".//table") is not None:
        return False
    widths = set()
    for row in table.iter("tr"):
        cells = [c for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")]
        widths.add(len(cells))
        for cell in cells:
            if cell.get("colspan", "1") != "1" or cell.get("rowspan", "1") != "1":
                return False
            if any(isinstance(d.tag, str) and d.tag in _BLOCK_IN_CELL for d in cell.iterdescendants()):
                return False
    return len(widths) == 1 and 0 not in widths


def _slot_before(node: etree._Element) -> _Slot:
    """Where the text just before ``node`` lives: its previous sibling's tail, or its parent's text."""
    previous = node.getprevious()
    if previous is not None:
        return previous, False
    parent = node.getparent()
    assert parent is not None  # only nodes still in the tree are asked about
    return parent, True


def _slot_text(slot: _Slot) -> str:
    node, is_text = slot
    return (node.text if is_text else node.tail) or ""
