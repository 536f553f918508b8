"""WordPress's automatic paragraphs: blank lines become ``<p>``, single newlines ``<br />``.

WordPress stores classic-editor content without ``<p>`` tags and adds them when it shows a
post (the ``wpautop`` filter). This module gives the same result so that paragraphs survive the
conversion. Content written with the block editor (``<!-- wp:... -->`` comments) is already HTML
and must not be wrapped again: :func:`content_to_html` checks that first.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Elements WordPress treats as blocks: never wrapped in <p>, and a paragraph ends before them.
BLOCK_TAGS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|"
    "blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|"
    "nav|figure|figcaption|details|menu|summary"
)
_ALL_BLOCKS = f"(?:{BLOCK_TAGS})"

_PRE = re.compile(r"<pre[\s>].*?</pre>", re.S | re.I)
_DOUBLE_BR = re.compile(r"<br\s*/?>\s*<br\s*/?>", re.I)
_BLOCK_OPEN = re.compile(rf"(<{_ALL_BLOCKS}[\s/>])", re.I)
_BLOCK_CLOSE = re.compile(rf"(</{_ALL_BLOCKS}>)", re.I)
_HR = re.compile(r"(<hr\s*?/?>)", re.I)
# A tag or an HTML comment: newlines inside them are not paragraph breaks.
_TAG_OR_COMMENT = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_NEWLINE_MARK = " <!-- wpnl --> "
_AROUND_OPTION = (
    (re.compile(r"\s*<option"), "<option"),
    (re.compile(r"</option>\s*"), "</option>"),
)
_OBJECT_PARAMS = (
    (re.compile(r"(<object[^>]*>)\s*"), r"\1"),
    (re.compile(r"\s*</object>"), "</object>"),
    (re.compile(r"\s*(</?(?:param|embed)[^>]*>)\s*"), r"\1"),
)
_MEDIA = re.compile(r"<(audio|video)[^>]*>.*?</\1>", re.S | re.I)
_MEDIA_INNER = (
    (re.compile(r"(<(?:audio|video)[^>]*>)\s*", re.I), r"\1"),
    (re.compile(r"\s*(</(?:audio|video)>)", re.I), r"\1"),
    (re.compile(r"\s*(<(?:source|track)[^>]*>)\s*", re.I), r"\1"),
)
_PARAGRAPH_SPLIT = re.compile(r"\n\s*\n")
_EMPTY_P = re.compile(r"<p>\s*</p>")
_UNCLOSED_P_IN_DIV = re.compile(r"<p>([^<]+)</(div|address|form)>")
_P_AROUND_BLOCK_TAG = re.compile(rf"<p>\s*(</?{_ALL_BLOCKS}[^>]*>)\s*</p>", re.I)
_P_AROUND_LI = re.compile(r"<p>(<li.+?)</p>")
_P_BEFORE_BLOCKQUOTE = re.compile(r"<p><blockquote([^>]*)>", re.I)
_P_BEFORE_BLOCK_TAG = re.compile(rf"<p>\s*(</?{_ALL_BLOCKS}[^>]*>)", re.I)
_P_AFTER_BLOCK_TAG = re.compile(rf"(</?{_ALL_BLOCKS}[^>]*>)\s*</p>", re.I)
_NO_BR_INSIDE = re.compile(r"<(script|style|svg|math).*?</\1>", re.S | re.I)
_KEEP_NEWLINE = "<WPPreserveNewline />"
_NEWLINE_TO_BR = re.compile(r"(?<!<br />)\s*\n")
_BR_AFTER_BLOCK = re.compile(rf"(</?{_ALL_BLOCKS}[^>]*>)\s*<br />", re.I)
_BR_BEFORE_BLOCK = re.compile(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", re.I)
# A paragraph that holds only a shortcode, or only an HTML comment such as <!--more-->.
_P_AROUND_SHORTCODE = re.compile(r"<p>\s*(\[(\w[\w-]*)[^\]]*\](?:.*?\[/\2\])?)\s*</p>", re.S)
_P_AROUND_COMMENT = re.compile(r"<p>\s*(<!--(?:(?!-->).)*-->)\s*</p>", re.S)

_BLOCK_EDITOR_MARK = re.compile(r"<!--\s+/?wp:")


def is_block_editor_content(text: str) -> bool:
    """True when ``text`` was written with the block editor (it carries ``<!-- wp:... -->``)."""
    return bool(_BLOCK_EDITOR_MARK.search(text))


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
    if not text.strip():
        return ""
    if _PLAIN_SAFE.search(text) is None:
        return _plain_wpautop(text, br)
    return _full_wpautop(text, br)


def _full_wpautop(text: str, br: bool) -> str:
    text, pre_blocks = _protect(text + "\n", _PRE, "pre")
    text = _separate_blocks(text)
    text = _mark_newlines_in_tags(text)
    text = _collapse_inside_special_elements(text)
    text = _wrap_paragraphs(text)
    text = _unwrap_blocks(text)
    if br:
        text = _newlines_to_br(text)
    text = _BR_AFTER_BLOCK.sub(r"\1", text)
    text = _BR_BEFORE_BLOCK.sub(r"\1", text)
    if text.endswith("\n</p>"):
        text = text[: -len("\n</p>")] + "</p>"
    text = _P_AROUND_SHORTCODE.sub(r"\1", text)
    text = _P_AROUND_COMMENT.sub(r"\1", text)
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
    text = _EMPTY_P.sub("", _wrap_paragraphs(text + "\n"))
    if br:
        text = _NEWLINE_TO_BR.sub("<br />\n", text)
    text = _BR_AFTER_BLOCK.sub(r"\1", text)
    text = _BR_BEFORE_BLOCK.sub(r"\1", text)
    if text.endswith("\n</p>"):
        text = text[: -len("\n</p>")] + "</p>"
    return text


def _protect(text: str, pattern: re.Pattern[str], name: str) -> tuple[str, dict[str, str]]:
    """Replace each match of ``pattern`` by a placeholder element; return the text and the originals."""
    originals: dict[str, str] = {}

    def hold(match: re.Match[str]) -> str:
        key = f"<{name} wp-pre-tag-{len(originals)}></{name}>"
        originals[key] = match.group(0)
        return key

    return pattern.sub(hold, text), originals


def _restore(text: str, originals: dict[str, str]) -> str:
    for key, original in originals.items():
        text = text.replace(key, original)
    return text


def _separate_blocks(text: str) -> str:
    """Put blank lines around block-level tags, so each block stands in a paragraph of its own."""
    text = _DOUBLE_BR.sub("\n\n", text)
    text = _BLOCK_OPEN.sub(r"\n\n\1", text)
    text = _BLOCK_CLOSE.sub(r"\1\n\n", text)
    text = _HR.sub(r"\1\n\n", text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _mark_newlines_in_tags(text: str) -> str:
    """Newlines inside a tag or a comment are not text: hide them until the end."""
    return _TAG_OR_COMMENT.sub(lambda m: m.group(0).replace("\n", _NEWLINE_MARK), text)


def _collapse_inside_special_elements(text: str) -> str:
    """Whitespace between <option>s, <object> params and <audio>/<video> sources is not paragraphs."""
    replacements: list[tuple[re.Pattern[str], str]] = []
    if "<option" in text:
        replacements.extend(_AROUND_OPTION)
    if "</object>" in text:
        replacements.extend(_OBJECT_PARAMS)
    for pattern, repl in replacements:
        text = pattern.sub(repl, text)
    if "<source" in text or "<track" in text:
        text = _MEDIA.sub(lambda m: _sub_all(m.group(0), _MEDIA_INNER), text)
    return text


def _sub_all(text: str, rules: tuple[tuple[re.Pattern[str], str], ...]) -> str:
    for pattern, repl in rules:
        text = pattern.sub(repl, text)
    return text


def _wrap_paragraphs(text: str) -> str:
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [p for p in _PARAGRAPH_SPLIT.split(text) if p]
    return "".join(f"<p>{p.strip(chr(10))}</p>\n" for p in paragraphs)


def _unwrap_blocks(text: str) -> str:
    """Remove the <p> that paragraph wrapping put around (or half around) block tags."""
    text = _EMPTY_P.sub("", text)
    text = _UNCLOSED_P_IN_DIV.sub(r"<p>\1</p></\2>", text)
    text = _P_AROUND_BLOCK_TAG.sub(r"\1", text)
    text = _P_AROUND_LI.sub(r"\1", text)
    text = _P_BEFORE_BLOCKQUOTE.sub(r"<blockquote\1><p>", text)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = _P_BEFORE_BLOCK_TAG.sub(r"\1", text)
    return _P_AFTER_BLOCK_TAG.sub(r"\1", text)


def _newlines_to_br(text: str) -> str:
    """Every remaining newline in text is a line break, except inside script/style/svg/math."""
    keep: Callable[[re.Match[str]], str] = lambda m: m.group(0).replace("\n", _KEEP_NEWLINE)  # noqa: E731
    text = _NO_BR_INSIDE.sub(keep, text)
    text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
    text = _NEWLINE_TO_BR.sub("<br />\n", text)
    return text.replace(_KEEP_NEWLINE, "\n")
