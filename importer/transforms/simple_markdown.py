"""Simple HTML to Markdown without parsing it with lxml or calling the converter.

Most post bodies and comments, once wpautop has run, are paragraphs of text with a few links,
emphasis and line breaks, perhaps a flat list, a heading or a quoted paragraph. For such HTML
:func:`~importer.transforms.html_to_markdown.to_markdown` costs an lxml parse, a Python walk of
the tree (that changes nothing but the escaping of text) and the converter: several times what
writing the Markdown directly costs. :func:`simple_markdown` does that for a conservative
grammar, and answers None for anything else so that the caller takes the full path:

- top level: ``<p>``, ``<h1>``-``<h6>``, ``<ul>``/``<ol>`` of ``<li>``, ``<blockquote>`` of
  ``<p>``, with whitespace only between them;
- inside a block: text, ``<br>`` (in a paragraph, not at its edges, then a newline),
  ``<a href>`` (``target`` and ``rel`` allowed, they change nothing), ``<em>``, ``<i>``,
  ``<strong>``, ``<b>``, not nested, each holding text without a space at either end;
- text: single spaces, no control characters or other whitespace, the entities of
  :data:`_ENTITIES` and numeric ones, and a letter first on every line.

Text is escaped by the full path's own escaping, emphasis takes the same delimiter test
(CommonMark's flanking rules), and URLs go through the caller's ``rewrite_url`` in document
order, once. ``tests/test_fast_paths.py`` checks the result against the full path on generated
HTML.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Tags exactly as wpautop and the editors write them.
_OPEN_BLOCK = {"p": "", **{f"h{n}": "#" * n + " " for n in range(1, 7)}}
_EMPHASIS = {"em": "*", "i": "*", "strong": "**", "b": "**"}
_CONTAINERS = ("ul", "ol", "blockquote")
_LISTS = ("ul", "ol", "separator")
_TAGS: dict[str, tuple[str, str]] = {}
for _name in (*_OPEN_BLOCK, *_EMPHASIS, *_CONTAINERS, "li"):
    _TAGS[f"<{_name}>"] = ("open", _name)
    _TAGS[f"</{_name}>"] = ("close", _name)
_TAGS["</a>"] = ("close", "a")
for _br in ("<br />", "<br/>", "<br>"):
    _TAGS[_br] = ("br", "br")

_SPLIT = re.compile(r"(<[^<>]*>)")
# _SPLIT, a paragraph, heading or item holding only text taken whole: (text, tag, None) or
# (text, block, its name) in turn, and the text after the last.
_BLOCK_SPLIT = re.compile(r"(<(p|h[1-6]|li)>[^<>]*</\2>|<[^<>]*>)")
# A "<" that starts none of the grammar's tags (an image, a comment, a div, a stray "<").
_FOREIGN_TAG = re.compile(r"<(?!/?(?:p|h[1-6]|ul|ol|li|blockquote|br|em|i|strong|b|a)[\s/>])")
_LINK = re.compile(r'<a((?:\s+[a-z]+="[^"<>]*")+)\s*>')
_ATTRIBUTE = re.compile(r'\s+([a-z]+)="([^"]*)"')
_LINK_ATTRIBUTES = frozenset(["href", "target", "rel"])
# Not in a text (once decoded): control characters, whitespace but single
# spaces, private-use characters (the full path's placeholders), non-characters.
# One class (a scan in C; an alternation would try each branch at every character): the controls,
# every character str.isspace() takes but the space (tests/test_fast_paths.py checks the list),
# private use, non-characters. Two spaces are looked for apart.
_UNSAFE = "\x00-\x1f\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ue000-\uf8ff\ufffe\uffff"
_UNSAFE_TEXT = re.compile(f"[{_UNSAFE}]")
# A line that starts with a letter cannot start a list, heading, quote or code block.
_LINE_START = re.compile(r"[^\W\d_]")
_ENTITY = re.compile(r"&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-z]+));")
_ENTITIES = {
    "amp": "&",
    "lt": "<",
    "gt": ">",
    "quot": '"',
    "hellip": "\u2026",
    "mdash": "\u2014",
    "ndash": "\u2013",
    "lsquo": "\u2018",
    "rsquo": "\u2019",
    "ldquo": "\u201c",
    "rdquo": "\u201d",
}
_LINK_MARK = "](\x00"  # where a link's URL goes (no text holds a control character)
# URLs the converter writes between "(" and ")" as they are.
_PLAIN_URL = re.compile(r"[A-Za-z0-9\-._~:/?#@!$&'*+,;=%]+")

# Inline content: text (str), a line break (None), or (name, text, href) for an element.
_Inline = str | None | tuple[str, str, str]


class Rewritten(list[tuple[str, str]]):
    """The URLs ``rewrite_url`` was asked about (old, new), in order, for the full path to reuse."""


def python_simple_markdown(
    html: str, escape: Callable[[str], str], rewrite_url: Callable[[str], str] | None = None
) -> str | Rewritten | None:
    """The Markdown of ``html`` when it is simple (see the module doc), exactly what the full path
    gives; None when it is not. :class:`Rewritten` when it is but a rewritten URL is one the
    converter would change: the full path must convert it, reusing those URLs. ``escape`` is the
    full path's escaping of a text, to Markdown (which leaves an :func:`inert_text` as it is).

    :data:`simple_markdown` is this, or ``_csimple.simple_markdown`` (the same, compiled) when built."""
    if _FOREIGN_TAG.search(html) is not None or "\xa0" in html or "&nbsp;" in html:
        return None  # most HTML outside the grammar, told at once (declining is always safe)
    return _blocks_markdown(html, escape, rewrite_url)


def _blocks_markdown(
    html: str, escape: Callable[[str], str], rewrite_url: Callable[[str], str] | None
) -> str | Rewritten | None:
    """:func:`simple_markdown` past its first refusals (``_csimple.blocks_markdown`` compiles it)."""
    blocks = _parse(html)
    if blocks is None:
        return None
    out: list[str] = []
    links: list[tuple[int, str]] = []  # (where in out, href)
    quoted = False  # a quote was met: the blocks are joined by their kinds
    for kind, lines in blocks:
        if kind in ("ul", "ol"):
            items = []
            for number, line in enumerate(lines, 1):
                text = _line(line, "", escape, out, links)
                if text is None:
                    return None
                items.append(("- " if kind == "ul" else f"{number}. ") + text)
            out.append("\n".join(items))
        elif kind == "blockquote":
            quoted = True
            paragraphs = []
            for line in lines:
                text = _line(line, "> ", escape, out, links)
                if text is None:
                    return None
                paragraphs.append("> " + text)
            out.append("\n>\n".join(paragraphs))
        elif kind == "separator":
            out.append("<!-- -->")
        else:
            text = _line(lines[0], "", escape, out, links)
            if text is None or (kind != "p" and "#" in text):
                return None
            out.append(_OPEN_BLOCK[kind] + text)
    if links:
        rewritten = _rewrite(out, links, rewrite_url)
        if rewritten is not None:
            return rewritten
    if not quoted:  # every block after a blank line
        return "\n\n".join(out) + "\n"
    markdown = out[0]
    for (previous, _), (kind, _), text in zip(blocks, blocks[1:], out[1:], strict=False):
        # The converter writes a quote right under a paragraph or heading (it interrupts one).
        markdown += ("\n" if kind == "blockquote" and previous not in _LISTS else "\n\n") + text
    return markdown + "\n"


def only_simple_tags(html: str, safe_href: Callable[[str], bool]) -> bool:
    """Is every tag of ``html`` one of the grammar's (a link's attributes ``href``, ``target`` and
    ``rel`` only, its ``href`` without entities and ``safe_href``), with no other ``<``? Such HTML
    has nothing :func:`~importer.transforms.active_content.strip_active_content` would remove."""
    parts = _SPLIT.split(html)
    for index, part in enumerate(parts):
        if index % 2 == 0:
            if "<" in part:
                return False
        elif part not in _TAGS:
            link = _LINK.fullmatch(part)
            if link is None:
                return False
            for name, value in _ATTRIBUTE.findall(link.group(1)):
                if name not in _LINK_ATTRIBUTES or (name == "href" and ("&" in value or not safe_href(value))):
                    return False
    return True


def _parse(html: str) -> list[tuple[str, list[list[_Inline]]]] | None:
    """The blocks of ``html``: (name, lines), each line the inline content of one paragraph,
    heading or list item; None when ``html`` is not in the grammar."""
    parts = _BLOCK_SPLIT.split(html)  # text, tag or text-only block, the block's name (or None)...
    blocks: list[tuple[str, list[list[_Inline]]]] = []
    container = ""  # "ul", "ol" or "blockquote" while inside one
    closed = ""  # the list or quote that was just closed (two in a row are kept apart)
    block = ""  # the element whose inline content is being read
    line: list[_Inline] = []
    lines: list[list[_Inline]] = []
    element: list[str] = []  # an inline element being read: name, text, href
    tokens = iter(parts)
    for text, part, whole in zip(tokens, tokens, tokens, strict=False):  # the last text is left: see the end
        if text:
            if not block:
                if not text.isspace():
                    return None  # only whitespace between blocks or items
            elif element:
                if len(element) != 2:
                    return None  # text split by an entity-free tag? no: two texts cannot follow
                element.insert(1, text)
            else:
                line.append(text)
        if whole is not None:  # <p>text</p>, <li>text</li>...: the opening tag, the text, the closing tag
            if element or block:
                return None
            if whole == "li":
                if container not in ("ul", "ol"):
                    return None
            elif container:
                if container != "blockquote" or whole != "p":
                    return None
            else:
                closed = ""
            inner = part[len(whole) + 2 : -len(whole) - 3]
            if not inner:
                return None
            if container:
                lines.append([inner])
            else:
                blocks.append((whole, [[inner]]))
            continue
        tag = _TAGS.get(part)
        if tag is None:
            link = _LINK.fullmatch(part)
            if link is None or element or not block:
                return None
            attributes = _ATTRIBUTE.findall(link.group(1))
            names = {name for name, _value in attributes}
            if len(names) != len(attributes) or not names <= _LINK_ATTRIBUTES or "href" not in names:
                return None
            element = ["a", dict(attributes)["href"]]
            continue
        kind, name = tag
        if kind == "close":
            if element:
                if name != element[0] or len(element) != 3:
                    return None
                line.append((element[0], element[1], element[2]))
                element = []
                continue
            if name == block:
                if not line:
                    return None
                lines.append(line)
                line, block = [], ""
                if not container:
                    blocks.append((name, lines))
                    lines, closed = [], ""
                continue
            if name == container and not block and lines:
                if closed == name:
                    blocks.append(("separator", []))
                blocks.append((name, lines))
                lines, container, closed = [], "", name
                continue
            return None
        if element:
            return None
        if kind == "br":
            if block != "p":
                return None
            line.append(None)
            continue
        if name in _EMPHASIS:
            if not block:
                return None
            element = [name, ""]
            continue
        if block:
            return None
        if name == "li":
            if container not in ("ul", "ol"):
                return None
            block = "li"
            continue
        if name in _CONTAINERS:
            if container:
                return None
            if closed != name:
                closed = ""
            container = name
            continue
        if container and (container != "blockquote" or name != "p"):
            return None
        if not container:
            closed = ""
        block = name
    last = parts[-1]  # after the last tag: whitespace at most
    if block or container or element or not blocks or (last and not last.isspace()):
        return None
    return blocks


def _line(
    line: list[_Inline], prefix: str, escape: Callable[[str], str], out: list[str], links: list[tuple[int, str]]
) -> str | None:
    """The Markdown of one paragraph, heading or item (``prefix`` after each line break); None
    when a text or element in it is outside the grammar. Links are left as ``[text](`` with
    their place noted in ``links``; :func:`_rewrite` completes them."""
    if len(line) == 1:
        text = line[0]
        # Text that needs nothing of _inline_markdown: a letter first (_LINE_START), single spaces,
        # none at the end, and inert_text(text) (written out here: two calls a line less).
        if isinstance(text, str):
            first = text[:1]  # "" is not alphanumeric
            if (
                first.isalnum()
                and not first.isdecimal()
                and text[-1] != " "
                and "  " not in text
                and text.isprintable()  # inert_text(text) from here on
                and "&" not in text
                and "<" not in text
                and "_" not in text
                and "*" not in text
                and "[" not in text
                and "`" not in text
                and "\\" not in text
                and "~" not in text
            ):
                return text  # what _inline_markdown returns for it
    return _inline_markdown(line, prefix, escape, out, links)


def inert_text(text: str) -> bool:
    """Does ``text`` hold nothing Markdown escaping changes (``html_to_markdown._ESCAPE_WORK``:
    control characters, newlines, ``\\*`[_<~&``) and no character :data:`_UNSAFE_TEXT` refuses?

    ``str.isprintable`` refuses every such character but the syntax ones (``tests/test_fast_paths.py``
    checks each code point) in one pass in C; a regular expression takes several times longer.
    An ``&`` is escaped only before ``#?\\w+;`` (an entity's shape): without a ``;`` it is inert."""
    return (
        text.isprintable()
        and ("&" not in text or ";" not in text)
        and "<" not in text
        and "_" not in text
        and "*" not in text
        and "[" not in text
        and "`" not in text
        and "\\" not in text
        and "~" not in text
    )


def _inline_markdown(
    line: list[_Inline], prefix: str, escape: Callable[[str], str], out: list[str], links: list[tuple[int, str]]
) -> str | None:
    """:func:`_line`, node by node."""
    pieces: list[str] = []
    texts: list[str] = []  # the decoded text of each piece (text pieces only), for the emphasis test
    last = len(line) - 1
    line_start = True
    for position, node in enumerate(line):
        if node is None:  # <br>: not first or last, not after a space, a newline after it
            if line_start or position == last or texts[-1].endswith(" "):
                return None
            following = line[position + 1]
            if not isinstance(following, str) or following[0] != "\n":
                return None
            pieces.append("\\\n" + prefix)
            texts.append("")
            line_start = True
            continue
        if isinstance(node, str):
            if position and line[position - 1] is None:  # after <br>: its newline, then the next line
                node = node[1:]
                if not node:
                    if position == last or not isinstance(line[position + 1], tuple):
                        return None
                    texts.append("")
                    pieces.append("")
                    continue
            text = _text(node)
            if text is None:
                return None
            if line_start and not (text[:1].isalnum() and not text[:1].isdecimal()):  # _LINE_START.match
                return None
            if position == last and text[-1] == " ":
                return None
            line_start = False
            texts.append(text)
            pieces.append(text if inert_text(text) else escape(text))  # escape keeps an inert text
            continue
        name, raw, href = node
        text = _text(raw)
        if text is None or text[0] == " " or text[-1] == " ":
            return None
        if (position and isinstance(line[position - 1], tuple)) or (
            position < last and isinstance(line[position + 1], tuple)
        ):
            return None  # the converter joins some neighbours (``<em>a</em><em>b</em>``)
        if name == "a":
            escaped = text if inert_text(text) else escape(text)  # escape keeps an inert text
            pieces.append("[" + escaped.replace("]", "\\]") + _LINK_MARK)  # the converter escapes "]"
            texts.append("")
            links.append((len(out), href))
            line_start = False
            continue
        if not (text[0].isalnum() and text[-1].isalnum()):  # else neither end is punctuation: both work
            before = texts[-1][-1:] if position and isinstance(line[position - 1], str) else ("!" if position else " ")
            following = line[position + 1] if position < last else ""
            after = following[:1] if isinstance(following, str) else "!"
            if not _delimiters_can_work(text[0], text[-1], before or " ", after or " "):
                return None
        delimiter = _EMPHASIS[name]
        pieces.append(delimiter + (text if inert_text(text) else escape(text)) + delimiter)
        texts.append("")
        line_start = False
    return "".join(pieces)


def _delimiters_can_work(first: str, last: str, before: str, after: str) -> bool:
    """The full path's test (``_Preparer.delimiters_can_work``) for an element holding only text."""
    before = " " if before.isspace() else before
    after = " " if after.isspace() else after
    opens = not _is_punctuation(first) or before == " " or _is_punctuation(before)
    closes = not _is_punctuation(last) or after == " " or _is_punctuation(after)
    return opens and closes


def _is_punctuation(char: str) -> bool:
    return not char.isalnum() and not char.isspace()


def _text(raw: str) -> str | None:
    """A text of the HTML as lxml reads it, or None when it holds what this does not write."""
    if "<" in raw:  # not a tag: lxml reads it by rules this does not follow
        return None
    if "&" in raw:
        decoded = _decode(raw)
        if decoded is None:
            return None
        raw = decoded
    if "  " in raw:
        return None
    return raw if raw.isprintable() or _UNSAFE_TEXT.search(raw) is None else None  # printable: nothing unsafe


def _decode(text: str) -> str | None:
    """``text`` with its entities decoded as lxml decodes them; None for one this does not know."""
    out: list[str] = []
    position = 0
    for match in _ENTITY.finditer(text):
        decimal, hexadecimal, name = match.groups()
        if name is not None:
            char = _ENTITIES.get(name)
            if char is None:
                return None
        else:
            code = int(decimal) if decimal is not None else int(hexadecimal, 16)
            if code < 0x20 or 0x7F <= code < 0xA0 or 0xD800 <= code < 0xF900 or code >= 0xFFFE:
                return None
            char = chr(code)
        if "&" in text[position : match.start()]:
            return None
        out += [text[position : match.start()], char]
        position = match.end()
    rest = text[position:]
    if "&" in rest:
        return None
    out.append(rest)
    return "".join(out)


def _rewrite(
    out: list[str], links: list[tuple[int, str]], rewrite_url: Callable[[str], str] | None
) -> Rewritten | None:
    """Complete each link in ``out`` with its (rewritten) URL; :class:`Rewritten` when one is not plain."""
    urls: list[str] = []
    for _where, href in links:
        url = _decode(href) if "&" in href else href
        if url is None or _PLAIN_URL.fullmatch(url) is None:
            return Rewritten()  # none asked yet: the full path asks as usual
        urls.append(url)
    done = Rewritten()
    plain = True
    for url in urls:
        new = rewrite_url(url) if rewrite_url is not None else url
        done.append((url, new))
        plain = plain and _PLAIN_URL.fullmatch(new) is not None
    if not plain:
        return done
    # Each block's links in order: the n-th "](" placeholder of a block is its n-th link.
    by_block: dict[int, list[str]] = {}
    for (where, _href), (_old, new) in zip(links, done, strict=True):
        by_block.setdefault(where, []).append(new)
    for where, news in by_block.items():
        chunks = out[where].split(_LINK_MARK)
        out[where] = chunks[0] + "".join(f"]({new}){chunk}" for new, chunk in zip(news, chunks[1:], strict=True))
    return None


try:  # the compiled block and inline loop (setup.py builds it; the Python code stands in without)
    from . import _csimple
except ImportError:  # pragma: no cover - a build without a C compiler
    _csimple = None  # type: ignore[assignment]
simple_markdown = python_simple_markdown
if _csimple is not None and hasattr(_csimple, "simple_markdown"):  # a build older than its source keeps Python
    _csimple.init(
        _TAGS,
        _EMPHASIS,
        _OPEN_BLOCK,
        _LINK,
        _ATTRIBUTE,
        _LINK_ATTRIBUTES,
        _UNSAFE_TEXT,
        _ENTITIES,
        Rewritten,
        _delimiters_can_work,
    )
    simple_markdown = _csimple.simple_markdown
