"""WordPress's automatic paragraphs: blank lines become ``<p>``, single newlines ``<br />``.

WordPress stores classic-editor content without ``<p>`` tags and adds them when it shows a
post (the ``wpautop`` filter). This module gives the same result so that paragraphs survive the
conversion. Content written with the block editor (``<!-- wp:... -->`` comments) is already HTML
and must not be wrapped again: :func:`content_to_html` checks that first.
"""

from __future__ import annotations

import operator
import re
from bisect import bisect_left
from collections.abc import Callable
from functools import lru_cache

from .linear_scan import sub_paired, sub_tag

# Elements WordPress treats as blocks: never wrapped in <p>, and a paragraph ends before them.
BLOCK_TAGS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|"
    "blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|"
    "nav|figure|figcaption|details|menu|summary"
)


def _by_first_letter(words: list[str]) -> str:
    """An alternation of ``words`` grouped by first letter (``t(?:able|head|r)``): Python's engine
    tries the branches of an alternation one by one, and with re.I each try costs a case fold; the
    grouped form matches the same strings (every caller ends the name with a delimiter or ``>``)
    trying one branch per letter at each ``<`` instead of all 46 names."""
    rests: dict[str, list[str]] = {}
    for word in words:
        rests.setdefault(word[0], []).append(word[1:])
    return "|".join(f"{first}(?:{'|'.join(sorted(rest, key=lambda r: r == ''))})" for first, rest in rests.items())


_BLOCK_NAMES = BLOCK_TAGS.replace("h[1-6]", "|".join(f"h{level}" for level in range(1, 7))).split("|")
_ALL_BLOCKS = f"(?:{_by_first_letter(_BLOCK_NAMES)})"

# Every pattern below reads each character a bounded number of times, whatever the text: the
# shapes that would rescan (``.*?</pre>``, ``[^>]*>`` then more, a leading ``\s*``) go through
# :mod:`importer.transforms.linear_scan` or start only where a whitespace run starts.
_PRE_OPEN = re.compile(r"<pre[\s>]", re.I)
_PRE_CLOSE = re.compile(r"</pre>", re.I)
_DOUBLE_BR = re.compile(r"<br\s*/?>\s*<br\s*/?>", re.I)
# "(<block[\s/>])" -> "\n\n\1": the same matches, only the "<" taken, so the replacement is text.
_BLOCK_OPEN_START = re.compile(rf"<(?={_ALL_BLOCKS}[\s/>])", re.I)
_BLOCK_CLOSE = re.compile(rf"(</{_ALL_BLOCKS}>)", re.I)
_HR = re.compile(r"(<hr\s*?/?>)", re.I)
_NEWLINE_MARK = " <!-- wpnl --> "
# A newline after a "<" with no ">" (or other "<") between: what a tag holding a newline shows.
_NEWLINE_IN_TAG = re.compile(r"<[^<>]*\n")
# "(?:(?<!\s)|(?=<))\s*<x": "\s*<x" tried only where a whitespace run starts (or at the tag).
_RUN_START = r"(?:(?<!\s)|(?=<))\s*"
_SPACE = re.compile(r"\s*")
_AROUND_OPTION = (
    (re.compile(_RUN_START + "<option"), "<option"),
    (re.compile(r"</option>\s*"), "</option>"),
)
_OBJECT_OPEN = re.compile(r"<object")
_OBJECT_CLOSE = (re.compile(_RUN_START + "</object>"), "</object>")
_PARAM_OR_EMBED = re.compile(_RUN_START + r"</?(?:param|embed)")
_MEDIA_OPEN = re.compile(r"<(audio|video)", re.I)
_MEDIA_INNER_OPEN = re.compile(r"<(?:audio|video)", re.I)
_MEDIA_INNER_CLOSE = (re.compile(_RUN_START + r"(</(?:audio|video)>)", re.I), r"\1")
_SOURCE_OR_TRACK = re.compile(_RUN_START + r"<(?:source|track)", re.I)
_PARAGRAPH_SPLIT = re.compile(r"\n\s*\n")
_BLANK_LINES = re.compile(r"\n\n+")
_EMPTY_P = re.compile(r"<p>\s*</p>")
_UNCLOSED_P_IN_DIV = re.compile(r"<p>([^<]+)</(div|address|form)>")
_P_AROUND_BLOCK_TAG = re.compile(rf"<p>\s*(</?{_ALL_BLOCKS}[^>]*>)\s*</p>", re.I)
_P_BEFORE_BLOCKQUOTE = re.compile(r"<p><blockquote([^>]*)>", re.I)
# What a re.I pass needs to find at all (the pattern's own start, so the same case folding).
_BR_HEAD = re.compile(r"<br", re.I)
_HR_HEAD = re.compile(r"<hr", re.I)
_BLOCKQUOTE_HEAD = re.compile(r"blockquote", re.I)  # "</blockquote></p>" too
_P_BEFORE_BLOCK_TAG = re.compile(rf"<p>\s*(</?{_ALL_BLOCKS}[^>]*>)", re.I)
_BLOCK_TAG_HEAD = re.compile(rf"</?{_ALL_BLOCKS}", re.I)
_CLOSE_P = re.compile(r"\s*</p>")
# ``(</?block[^>]*>)\s*</p>`` and ``...\s*<br />`` as plain regexes, for text where they cannot
# rescan: a ``[^>]*`` run rescans only from a ``<`` inside another tag's run, and text with no
# ``<`` before the ``>`` of the ``<`` before it has none. Other text goes through sub_tag.
_BLOCK_TAG_THEN_CLOSE_P = re.compile(rf"(</?{_ALL_BLOCKS}[^>]*>)\s*</p>", re.I)
_BLOCK_TAG_THEN_BR = re.compile(rf"(</?{_ALL_BLOCKS}[^>]*>)\s*<br />", re.I)
_LT_INSIDE_TAG = re.compile(r"<[^<>]*<")
_NO_BR_INSIDE = re.compile(r"<(script|style|svg|math)", re.I)
_KEEP_NEWLINE = "<WPPreserveNewline />"
# A whitespace run holding a newline, from its start: "(?<!<br />)\s*\n" is applied inside it.
_SPACE_WITH_NEWLINE = re.compile(r"(?<!\s)\s*\n\s*")
_BR_TAIL = re.compile(r"\s*<br />")
_BR_BEFORE_BLOCK = re.compile(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", re.I)
# A paragraph that holds only a shortcode, or only an HTML comment such as <!--more-->: the
# shapes "<p>\s*(\[(\w[\w-]*)[^\]]*\](?:.*?\[/\2\])?)\s*</p>" and "<p>\s*(<!--(?:(?!-->).)*-->)\s*</p>".
_P_SHORTCODE_HEAD = re.compile(r"<p>\s*\[(\w[\w-]*)")
_SHORTCODE_CLOSER_BEFORE_P = re.compile(r"\[/(\w[\w-]*)\]\s*</p>")
_P_COMMENT_HEAD = re.compile(r"<p>\s*<!--")
_P_HTTP = re.compile(r"<p>\s*http")  # what a paragraph that is a bare URL begins with

# Replacements as functions: a template such as r"\1" is expanded by Python code for every match
# (Python 3.11), a function call or a C itemgetter costs half of that or less.
_FIRST_GROUP = operator.itemgetter(1)


def _then_blank_line(match: re.Match[str]) -> str:
    return match.group(1) + "\n\n"


_BLOCK_EDITOR_MARK = re.compile(r"<!--\s+/?wp:")


def is_block_editor_content(text: str) -> bool:
    """True when ``text`` was written with the block editor (it carries ``<!-- wp:... -->``)."""
    return "<!--" in text and _BLOCK_EDITOR_MARK.search(text) is not None  # what the mark starts with, in C first


def content_to_html(text: str) -> str:
    """The HTML WordPress would show for stored post content: wpautop unless block-editor content."""
    if is_block_editor_content(text):
        return text
    return wpautop(text)


def wpautop(text: str, br: bool = True) -> str:
    """Turn blank-line-separated text into ``<p>`` paragraphs (and, with ``br``, newlines into ``<br />``).

    ``<pre>`` blocks are left exactly as they are; block elements are never wrapped; a
    paragraph holding only a shortcode or an HTML comment is unwrapped.
    """
    if _compiled is not None:
        done = _compiled(text, br, False)
        if done is not None:
            return done
    return python_wpautop(text, br)


def usual_wpautop(text: str, br: bool = True, *, post: bool = False) -> str | None:
    """:func:`wpautop` of text its usual path takes (paragraphs and lists of inline tags: no ``[``
    or ``\r``, no other tag); None for other text. ``post``: None also for text holding a code
    fence (three backticks or tildes) or a paragraph that begins with ``http``, which the other
    passes of a post's rendering look for (code, bare URLs)."""
    if _compiled is not None:
        return _compiled(text, br, post)
    if post and ("```" in text or "~~~" in text):
        return None
    html = _simple_wpautop(text, br) if text.strip() else ""
    if post and html is not None and _P_HTTP.search(html) is not None:
        return None
    return html


def python_wpautop(text: str, br: bool = True) -> str:
    """:func:`wpautop` in Python alone: the reference the compiled usual path is tested against."""
    if not text.strip():
        return ""
    if "<" not in text and "[" not in text and "\r" not in text:  # _PLAIN_SAFE: three scans in C beat a class
        return _plain_wpautop(text, br)
    simple = _simple_wpautop(text, br)
    return _full_wpautop(text, br) if simple is None else simple


def _full_wpautop(text: str, br: bool) -> str:
    text, pre_blocks = _protect_pre(text + "\n")
    text = _separate_blocks(text)
    text = _mark_newlines_in_tags(text)
    text = _collapse_inside_special_elements(text)
    text = _wrap_paragraphs(text)
    text = _unwrap_blocks(text)
    if br:
        text = _newlines_to_br(text)
    text = _drop_br_after_blocks(text)
    text = _BR_BEFORE_BLOCK.sub(_FIRST_GROUP, text)
    if text.endswith("\n</p>"):
        text = text[: -len("\n</p>")] + "</p>"
    text = _unwrap_shortcode_paragraphs(text)
    text = sub_tag(text, _P_COMMENT_HEAD, lambda tag, _tail: tag[tag.index("<!--") :], _CLOSE_P, until="-->")
    text = _restore(text, pre_blocks)
    return text.replace(_NEWLINE_MARK, "\n").replace(_NEWLINE_MARK.strip(), "\n")


# Text without these has no tag, comment or shortcode: only the paragraph and line-break passes
# can change it (``\r`` is left to the full path, which normalises it).
_PLAIN_SAFE = re.compile(r"[<\[\r]")


def _plain_wpautop(text: str, br: bool) -> str:
    """:func:`wpautop` for text holding no ``<``, ``[`` or ``\r`` (most comments): the same
    passes in the same order, without those that need a tag or a shortcode to match."""
    if "\n" not in text:
        return f"<p>{text}</p>\n"  # one paragraph, no line break (``text`` is not blank)
    return _line_breaks(_EMPTY_P.sub("", _wrap_paragraphs(text + "\n")), br)


def _line_breaks(text: str, br: bool) -> str:
    """The full path's passes after the paragraphs, for text holding no tag they change but the
    paragraphs' and simple lists' own."""
    if br:
        text = _newlines_in_runs_to_br(text)
    text = _drop_br_after_blocks(text)
    text = _BR_BEFORE_BLOCK.sub(_FIRST_GROUP, text)
    if text.endswith("\n</p>"):
        text = text[: -len("\n</p>")] + "</p>"
    return text


# Inline elements no pass of the full path looks at: none is a block name, nor begins with one
# or with a name another pass looks for (script, style, br, option, object, param, source...).
_INLINE_TAGS = (
    *("a", "abbr", "b", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd", "mark"),
    *("q", "s", "samp", "small", "span", "strong", "sub", "sup", "u", "var"),
)
_LIST_TAGS = ("ul", "ol", "li")
# A "<" that does not start one of those tags (lower case, on one line, no "<" inside) or a bare
# <ul>, <ol>, <li> or its closer: text the simple path does not take (nor any "[" or "\r").
_NOT_SIMPLE_TAG = re.compile(rf"<(?!/?(?:{'|'.join(_INLINE_TAGS)})(?:[^\S\n][^<>\n]*)?>|/?(?:{'|'.join(_LIST_TAGS)})>)")
_LIST_TAG = re.compile(r"</?(?:ul|ol|li)>")


def _simple_wpautop(text: str, br: bool) -> str | None:
    """:func:`wpautop` for text without ``[`` or ``\r`` whose tags are inline ones (see
    :data:`_INLINE_TAGS`) and whose lists, if any, are blank-line-separated paragraphs of their
    own, one bare ``<li>`` a line (:func:`_simple_list`); None for other text.

    Each paragraph is what the full path makes of it, alone: the passes after the paragraphs
    change nothing across a paragraph's end (a ``</p>`` or ``</ul>`` and a newline), nor in a
    paragraph of one line (whose newline follows its ``</p>``) or a simple list (each of whose
    newlines follows a block tag)."""
    if "[" in text or "\r" in text or _NOT_SIMPLE_TAG.search(text) is not None:
        return None
    paragraphs: list[str] = []
    for chunk in _PARAGRAPH_SPLIT.split(_blank_lines_joined(text + "\n")):
        if not chunk:
            continue
        chunk = chunk.strip("\n")
        if not chunk or chunk.isspace():  # <p>\s*</p> goes, its newline stays: for the full path
            return None
        if _LIST_TAG.search(chunk) is None:
            paragraph = f"<p>{chunk}</p>\n"
            paragraphs.append(_line_breaks(paragraph, br) if "\n" in chunk else paragraph)
            continue
        items = _simple_list(chunk)
        if items is None:
            return None
        paragraphs.append(items)
    return "".join(paragraphs)


def _simple_list(chunk: str) -> str | None:
    """A paragraph that is one list, ``<ul>`` (or ``<ol>``) alone on its first line, ``</ul>`` on
    its last, and between them one ``<li>...</li>`` a line, indented by spaces or tabs at most,
    with no list tag inside the item: as the full path leaves it (the indents dropped)."""
    lines = chunk.split("\n")
    opening = lines[0]
    if opening not in ("<ul>", "<ol>") or lines[-1] != f"</{opening[1:]}" or len(lines) < 3:
        return None
    items = [line.lstrip(" \t") for line in lines[1:-1]]
    for item in items:
        if not (item.startswith("<li>") and item.endswith("</li>")) or _LIST_TAG.search(item, 4, len(item) - 5):
            return None
    return "\n".join([opening, *items, lines[-1]]) + "\n"


def _protect_pre(text: str) -> tuple[str, dict[str, str]]:
    """Replace each ``<pre>…</pre>`` by a placeholder element; return the text and the originals."""
    originals: dict[str, str] = {}

    def hold(block: str) -> str:
        key = f"<pre wp-pre-tag-{len(originals)}></pre>"
        originals[key] = block
        return key

    return sub_paired(text, _PRE_OPEN, lambda _opening: _PRE_CLOSE, hold), originals


_PLACEHOLDER = re.compile(r"<pre wp-pre-tag-\d+></pre>")


def _restore(text: str, originals: dict[str, str]) -> str:
    """Put the originals back, in one pass (a replace per block would read the text once per block)."""
    if not originals:
        return text
    return _PLACEHOLDER.sub(lambda m: originals.get(m.group(0), m.group(0)), text)


@lru_cache(maxsize=64)
def _closing_tag(name: str) -> re.Pattern[str]:
    return re.compile(f"</{re.escape(name)}>", re.I)


def _closer_of(opening: re.Match[str]) -> re.Pattern[str]:
    """``</\\1>`` for an opener that captured the element's name."""
    return _closing_tag(opening.group(1))


def _keep_tag(tag: str, _tail: re.Match[str] | None) -> str:
    return tag


def _keep_tag_unindented(tag: str, _tail: re.Match[str] | None) -> str:
    return tag.lstrip()


def _separate_blocks(text: str) -> str:
    """Put blank lines around block-level tags, so each block stands in a paragraph of its own."""
    if _BR_HEAD.search(text):  # as WordPress does: a pass runs only where what it needs is there
        text = _DOUBLE_BR.sub("\n\n", text)
    text = _BLOCK_OPEN_START.sub("\n\n<", text)
    text = _BLOCK_CLOSE.sub(_then_blank_line, text)
    if _HR_HEAD.search(text):
        text = _HR.sub(_then_blank_line, text)
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _mark_newlines_in_tags(text: str) -> str:
    """Newlines inside a tag or a comment are not text: hide them until the end.

    The shape ``<!--.*?-->|<[^>]*>`` (DOTALL), scanned once: a ``-->`` or ``>`` that is missing
    after one ``<`` is missing after every later one too.
    """
    if "\n" not in text or ("<!--" not in text and _NEWLINE_IN_TAG.search(text) is None):
        return text  # no newline between a "<" and the next ">": nothing to hide
    out: list[str] = []
    position = 0
    comments_close = True
    greater = -1
    start = text.find("<")
    while start >= 0:
        end = -1
        if comments_close and text.startswith("<!--", start):
            closing = text.find("-->", start + 4)
            comments_close = closing >= 0
            end = closing + 3 if comments_close else -1
        if end < 0:
            if greater <= start:
                greater = text.find(">", start + 1)
                if greater < 0:
                    break
            end = greater + 1
        out += [text[position:start], text[start:end].replace("\n", _NEWLINE_MARK)]
        position = end
        start = text.find("<", end)
    if not out:
        return text
    out.append(text[position:])
    return "".join(out)


def _collapse_inside_special_elements(text: str) -> str:
    """Whitespace between <option>s, <object> params and <audio>/<video> sources is not paragraphs."""
    if "<option" in text:
        for pattern, repl in _AROUND_OPTION:
            text = pattern.sub(repl, text)
    if "</object>" in text:
        text = sub_tag(text, _OBJECT_OPEN, _keep_tag, _SPACE)
        text = _OBJECT_CLOSE[0].sub(_OBJECT_CLOSE[1], text)
        text = sub_tag(text, _PARAM_OR_EMBED, _keep_tag_unindented, _SPACE)
    if "<source" in text or "<track" in text:
        text = sub_paired(text, _MEDIA_OPEN, _closer_of, _collapse_media, tag=True)
    return text


def _collapse_media(element: str) -> str:
    element = sub_tag(element, _MEDIA_INNER_OPEN, _keep_tag, _SPACE)
    element = _MEDIA_INNER_CLOSE[0].sub(_MEDIA_INNER_CLOSE[1], element)
    return sub_tag(element, _SOURCE_OR_TRACK, _keep_tag_unindented, _SPACE)


def _blank_lines_joined(text: str) -> str:
    """``_BLANK_LINES.sub("\\n\\n", text)``: it changes only a run of three newlines or more
    (a scan in C finds whether there is one; the regex's own costs twenty times as much)."""
    return _BLANK_LINES.sub("\n\n", text) if "\n\n\n" in text else text


def _wrap_paragraphs(text: str) -> str:
    text = _blank_lines_joined(text)
    paragraphs = [p for p in _PARAGRAPH_SPLIT.split(text) if p]
    return "".join(f"<p>{p.strip(chr(10))}</p>\n" for p in paragraphs)


def _unwrap_blocks(text: str) -> str:
    """Remove the <p> that paragraph wrapping put around (or half around) block tags."""
    text = _EMPTY_P.sub("", text)
    if "</div>" in text or "</address>" in text or "</form>" in text:
        text = _UNCLOSED_P_IN_DIV.sub(r"<p>\1</p></\2>", text)
    text = _P_AROUND_BLOCK_TAG.sub(_FIRST_GROUP, text)
    text = _unwrap_list_items(text)
    if _BLOCKQUOTE_HEAD.search(text):
        text = _P_BEFORE_BLOCKQUOTE.sub(r"<blockquote\1><p>", text)
        text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = _P_BEFORE_BLOCK_TAG.sub(_FIRST_GROUP, text)
    return _keep_block_tags(text, _BLOCK_TAG_THEN_CLOSE_P, _CLOSE_P)


def _keep_block_tags(text: str, plain: re.Pattern[str], tail: re.Pattern[str]) -> str:
    """``(</?block[^>]*>)TAIL`` -> the tag: ``plain`` (that shape) where it cannot rescan, else sub_tag."""
    if _LT_INSIDE_TAG.search(text) is None:
        return plain.sub(_FIRST_GROUP, text)
    return sub_tag(text, _BLOCK_TAG_HEAD, _keep_tag, tail)


def _unwrap_list_items(text: str) -> str:
    """``<p>(<li.+?)</p>`` -> the list item (no newline inside), with the ``</p>`` and newline
    looked up once for all the ``<p><li`` before them."""
    if "<p><li" not in text:
        return text
    out: list[str] = []
    position = 0
    closing = newline = -1
    start = text.find("<p><li")
    while start >= 0:
        body = start + len("<p><li")  # ".+?" starts here: at least one character, no newline
        if closing <= body:
            closing = text.find("</p>", body + 1)
            if closing < 0:
                break
        if newline < body:
            newline = text.find("\n", body)
            newline = len(text) if newline < 0 else newline
        if newline < closing:
            start = text.find("<p><li", start + 1)
            continue
        out += [text[position:start], text[start + len("<p>") : closing]]
        position = closing + len("</p>")
        start = text.find("<p><li", position)
    if not out:
        return text
    out.append(text[position:])
    return "".join(out)


def _newlines_to_br(text: str) -> str:
    """Every remaining newline in text is a line break, except inside script/style/svg/math."""
    keep: Callable[[str], str] = lambda element: element.replace("\n", _KEEP_NEWLINE)  # noqa: E731
    text = sub_paired(text, _NO_BR_INSIDE, _closer_of, keep)
    text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
    text = _newlines_in_runs_to_br(text)
    return text.replace(_KEEP_NEWLINE, "\n")


def _newlines_in_runs_to_br(text: str) -> str:
    """WordPress's ``(?<!<br />)\\s*\\n`` -> ``<br />\\n``, applied to one whitespace run at a time
    (the pattern itself would rescan a long run of spaces from each of its characters)."""
    lines = text.split("\n")
    if _lone_newlines(lines):  # each run is one newline: a <br /> before it unless one is there
        return "".join([line + ("\n" if line.endswith("<br />") else "<br />\n") for line in lines[:-1]]) + lines[-1]

    def run(match: re.Match[str]) -> str:
        spaces = match.group(0)
        after_last_newline = spaces.rfind("\n") + 1
        if not match.string.endswith("<br />", 0, match.start()):
            return "<br />\n" + spaces[after_last_newline:]
        if after_last_newline > 1:  # after a <br />, the match starts one character later
            return spaces[0] + "<br />\n" + spaces[after_last_newline:]
        return spaces

    return _SPACE_WITH_NEWLINE.sub(run, text)


def _lone_newlines(lines: list[str]) -> bool:
    """Does no whitespace touch a newline in the text split into ``lines`` (a common case, checked
    at the newlines only: a regex would look at every character)?"""
    last = len(lines) - 1
    for index, line in enumerate(lines):
        if line:
            if (index and line[0].isspace()) or (index < last and line[-1].isspace()):
                return False
        elif 0 < index < last:
            return False
    return True


def _drop_br_after_blocks(text: str) -> str:
    """``(</?block[^>]*>)\\s*<br />`` -> the tag."""
    return _keep_block_tags(text, _BLOCK_TAG_THEN_BR, _BR_TAIL) if "<br />" in text else text


def _unwrap_shortcode_paragraphs(text: str) -> str:
    """``<p>\\s*(\\[(\\w[\\w-]*)[^\\]]*\\](?:.*?\\[/\\2\\])?)\\s*</p>`` -> the shortcode, with each
    ``]`` found once for all the openers before it and the closers indexed by name up front (a
    name is taken whole: the regex could also retry a shorter prefix of it, which no real
    shortcode needs)."""
    if "<p>" not in text or "[" not in text:
        return text
    closers: dict[str, tuple[list[int], list[re.Match[str]]]] | None = None
    out: list[str] = []
    position = search = 0
    bracket = -1
    while (head := _P_SHORTCODE_HEAD.search(text, search)) is not None:
        if bracket < head.end():
            bracket = text.find("]", head.end())
            if bracket < 0:
                break
        if closers is None:
            closers = _closers_before_paragraph_end(text)
        group_end, end = _shortcode_paragraph_end(text, closers.get(head.group(1)), bracket)
        if end < 0:
            search = head.start() + 1
            continue
        out += [text[position : head.start()], text[head.start(1) - 1 : group_end]]
        position = search = end
    if not out:
        return text
    out.append(text[position:])
    return "".join(out)


def _closers_before_paragraph_end(text: str) -> dict[str, tuple[list[int], list[re.Match[str]]]]:
    """Every ``[/name]\\s*</p>``, by name: (starts, matches) in order."""
    found: dict[str, tuple[list[int], list[re.Match[str]]]] = {}
    for match in _SHORTCODE_CLOSER_BEFORE_P.finditer(text):
        starts, matches = found.setdefault(match.group(1), ([], []))
        starts.append(match.start())
        matches.append(match)
    return found


def _shortcode_paragraph_end(
    text: str, closers: tuple[list[int], list[re.Match[str]]] | None, bracket: int
) -> tuple[int, int]:
    """(end of the shortcode, end of the paragraph) for an opener whose tag ends at ``bracket``:
    through the first ``[/name]`` right before a ``</p>``, else the tag alone right before one."""
    if closers is not None:
        index = bisect_left(closers[0], bracket + 1)
        if index < len(closers[0]):
            closer = closers[1][index]
            return closer.end(1) + 1, closer.end()
    alone = _CLOSE_P.match(text, bracket + 1)
    return (bracket + 1, alone.end()) if alone is not None else (-1, -1)


try:  # the usual path compiled (setup.py builds it; the Python code stands in without)
    from . import _csimple
except ImportError:  # pragma: no cover - a build without a C compiler
    _csimple = None  # type: ignore[assignment]
_compiled: Callable[[str, bool, bool], str | None] | None = None
if _csimple is not None and hasattr(_csimple, "simple_wpautop"):  # a build older than its source keeps Python
    _csimple.init_autop(_INLINE_TAGS, _line_breaks)
    _compiled = _csimple.simple_wpautop
