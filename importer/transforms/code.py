"""Code is sacred: every highlighter's code block becomes ``<pre><code class="language-x">``.

Old blogs stored code in the forms of the plugins they ran; this transform finds each in the
stored post text and writes it in one canonical form, which the Markdown converter turns into a
fenced block whose text is exactly the code and whose info string is the language:

- WP-Syntax / WP-GeSHi-Highlight ``<pre lang="python" line="1" escaped="true">``;
- SyntaxHighlighter (Evolved, 1.x, stored markup) ``<pre class="brush: php; title: ; notranslate">``,
  ``<pre name="code" class="php">``; its block ``<!-- wp:syntaxhighlighter/code {"language":…} -->``;
- Crayon ``<pre class="lang:js decode:true">``; Enlighter ``<pre class="EnlighterJSRAW"
  data-enlighter-language="php">``; Prism/Jetpack/prettify ``<pre><code class="language-x">``,
  ``<pre class="lang-x">``, ``<code lang="x">``, core and plugin code blocks (language in the block
  comment's JSON);
- shortcodes ``[sourcecode]``, ``[source]``, ``[code lang=…]``, ``[code="php"]``, ``[php]``,
  ``[python]``… (SyntaxHighlighter), ``[cc lang=…]``/``[cc_php]`` (CodeColorer), ``[crayon]``,
  ``[enlighter]`` — also when the visual editor wrapped them in ``<pre>``;
- Markdown fences typed into the post (:mod:`importer.transforms.code_fences`).

Code is cut out of the text by offsets (a DOM round trip would turn a raw ``<?php`` into a comment
and raw ``<tags>`` into elements). Entities are decoded once; ``<br>`` left by editors is a line
break; highlighting markup is dropped; tabs, indentation and blank lines inside are kept (blank
lines at either end go, as every highlighter drops them). The canonical block escapes ``&``, ``<``,
``>`` and ``[`` (as WordPress's own Code block does), so no later step reads code as markup or
shortcodes. Rendered forms in saved pages (tables of line numbers, GeSHi lists, Crayon, CodeRay)
are handled on the parsed page by :mod:`importer.transforms.code_rendered`.
"""

from __future__ import annotations

import html
import json
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .code_fences import find_fences
from .code_languages import fence_language, is_language_name
from .shortcode_tags import Shortcode, find_shortcodes

_PRE_OPEN = re.compile(r"<pre\b([^<>]*)>", re.I)
_PRE_CLOSE = re.compile(r"</pre\s*>", re.I)
_CODE_OPEN = re.compile(r"<code\b([^<>]*)>", re.I)
_CODE_CLOSE = "</code>"
_HTML_ATTRIBUTE = re.compile(r"""(?<![\w:.-])([\w:.-]++)\s*+=\s*+(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
_BR = re.compile(r"<br\s*/?>[ \t]*\n?", re.I)
_PARAGRAPH_BREAK = re.compile(r"</p>\s*<p\b[^<>]*>", re.I)
_ELEMENT_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>")
_EDITOR_TAG = re.compile(r"</?(?:br|p)\b[^<>]*>", re.I)
_LEADING_BLANK_LINES = re.compile(r"\A(?:[ \t]*\n)+")
# The block comment just before a <pre> (maybe inside the block's wrapper <div>): its JSON attributes.
_BLOCK_COMMENT_BEFORE = re.compile(r"<!--\s+wp:([\w/-]+)\s+(\{[^<>]*\})\s+/?-->\s*(?:<div\b[^<>]*>\s*)?\Z")
_LOOKBACK = 1000
# A plain <pre> may hold a code block (which closes it); past this many <pre> openers before one
# closer the rest are text: no real post has them, and each would be read up to the closer again.
_PRE_OPENERS_PER_CLOSER = 64
_CODE_BLOCK_NAME = re.compile(r"code|syntax|highlight|prismatic", re.I)
# SyntaxHighlighter Evolved registers one shortcode per language alias of its brushes.
SYNTAXHIGHLIGHTER_LANGUAGE_SHORTCODES = frozenset(
    [
        "as3",
        "actionscript3",
        "bash",
        "shell",
        "cf",
        "coldfusion",
        "c",
        "cpp",
        "c-sharp",
        "csharp",
        "css",
        "delphi",
        "pas",
        "pascal",
        "diff",
        "patch",
        "erl",
        "erlang",
        "fsharp",
        "go",
        "golang",
        "groovy",
        "haskell",
        "java",
        "jfx",
        "javafx",
        "js",
        "jscript",
        "javascript",
        "matlab",
        "matlabkey",
        "objc",
        "obj-c",
        "perl",
        "pl",
        "php",
        "plain",
        "text",
        "ps",
        "powershell",
        "py",
        "python",
        "rails",
        "rb",
        "ror",
        "ruby",
        "scala",
        "sql",
        "swift",
        "vb",
        "vbnet",
        "xml",
        "xhtml",
        "xslt",
        "html",
        "yaml",
        "yml",
        "arduino",
    ]
)
_GENERIC_CODE_SHORTCODES = frozenset(["code", "sourcecode", "source", "syntax", "crayon", "enlighter", "cc", "cci"])
_CODECOLORER = re.compile(r"cc([a-z]*)_([\w-]+)", re.I)  # [cc_php], [ccie_html]: mode letters, language


@dataclass(slots=True, frozen=True)
class _Form:
    language: str  # as the plugin wrote it (mapped to a fence name at the end)
    markup: bool  # the body is HTML (entities, <br>, highlighting tags), not raw text
    inline: bool = False


@lru_cache(maxsize=4096)
def is_code_shortcode(name: str) -> bool:
    """Is ``[name]…[/name]`` a code plugin's shortcode (its body is code, never shortcodes)?"""
    name = name.lower()
    return (
        name in _GENERIC_CODE_SHORTCODES
        or name in SYNTAXHIGHLIGHTER_LANGUAGE_SHORTCODES
        or _CODECOLORER.fullmatch(name) is not None
    )


def code_block_html(code: str, language: str = "", inline: bool = False) -> str:
    """The canonical form: ``<pre><code class="language-x">`` with the code escaped (``[`` too)."""
    escaped = html.escape(code, quote=False).replace("[", "&#91;")
    if inline:
        return f"<code>{escaped}</code>"
    fence = fence_language(language)
    css_class = f' class="language-{fence}"' if fence else ""
    return f"<pre><code{css_class}>{escaped}</code></pre>"


def recognise_code(text: str) -> str:
    """Rewrite every stored code form in ``text`` (post content as WordPress stores it) canonically."""
    if "<pre" in text or "<PRE" in text:
        text = _replace_code_pres(text)
    if "[" in text:
        text = _replace_code_shortcodes(text)
    if ("`" in text and "```" in text) or ("~" in text and "~~~" in text):  # one character: memchr first
        text = _replace_fences(text)
    return text


def _replace_fences(text: str) -> str:
    out: list[str] = []
    position = 0
    for fence in find_fences(text):
        out += [text[position : fence.start], code_block_html(_code_text(fence.code, False), fence.language)]
        position = fence.end
    out.append(text[position:])
    return "".join(out)


def _attributes(tag_text: str) -> dict[str, str]:
    attrs: dict[str, str] = {}
    for match in _HTML_ATTRIBUTE.finditer(tag_text):
        value = next((v for v in match.groups()[1:] if v is not None), "")
        attrs.setdefault(match.group(1).lower(), html.unescape(value))
    return attrs


def _replace_code_pres(text: str) -> str:
    """Replace each highlighter ``<pre>`` by the canonical block, cut at its first ``</pre>`` (as the
    plugins' own regexes cut it). A code block inside a plain ``<pre>`` closes that one around it."""
    closers = [m.start() for m in _PRE_CLOSE.finditer(text)]
    if not closers:
        return text
    out: list[str] = []
    position = 0
    plain: re.Match[str] | None = None  # the plain <pre> still open, if any
    looked_at = Counter[int]()  # closer index -> <pre> openers read up to it
    for opener in _PRE_OPEN.finditer(text):
        if opener.start() < position:
            continue
        index = bisect_left(closers, opener.end())
        if index == len(closers):
            break
        looked_at[index] += 1
        if looked_at[index] > _PRE_OPENERS_PER_CLOSER:
            continue  # "<pre>" * n: each would read all the text up to the one closer again
        close_end = _PRE_CLOSE.match(text, closers[index]).end()  # type: ignore[union-attr]
        replacement = _pre_replacement(text, opener, text[opener.end() : closers[index]])
        if replacement is None:
            plain = opener
            continue
        out.append(text[position : opener.start()])
        position = close_end
        if plain is not None and bisect_left(closers, plain.end()) == index:
            replacement, position = _split_plain_pre(text, plain, replacement, close_end, closers, index)
        plain = None
        out.append(replacement)
    out.append(text[position:])
    return "".join(out)


def _split_plain_pre(
    text: str, plain: re.Match[str], block: str, close_end: int, closers: list[int], index: int
) -> tuple[str, int]:
    """``<pre>words <pre lang=x>code</pre> more</pre>``: end the plain ``pre`` before the block and
    reopen it after (dropped when nothing but whitespace is left in it)."""
    if index + 1 < len(closers) and not text[close_end : closers[index + 1]].strip():
        return "</pre>" + block, _PRE_CLOSE.match(text, closers[index + 1]).end()  # type: ignore[union-attr]
    return "</pre>" + block + plain.group(0), close_end


def _pre_replacement(text: str, opener: re.Match[str], body: str) -> str | None:
    attrs = _attributes(opener.group(1))
    block_language = _block_comment_language(text[max(0, opener.start() - _LOOKBACK) : opener.start()])
    form = _pre_form(attrs, body, block_language)
    if form is None:
        return _wrapped_code_shortcode(body)
    language, body = _inner_code(form.language, body) if form.markup else (form.language, body)
    return code_block_html(_code_text(body, form.markup), language)


def code_form_of_pre(attrs: dict[str, str], body: str) -> str | None:
    """The language a highlighter's ``<pre>`` names ("" for none), or None for a plain ``<pre>``."""
    form = _pre_form(attrs, body, None)
    return form.language if form is not None else None


def _pre_form(attrs: dict[str, str], body: str, block_language: str | None) -> _Form | None:
    """Which highlighter wrote this ``<pre>``, or None for a plain preformatted text."""
    classes = attrs.get("class", "")
    tokens = classes.split()
    if "lang" in attrs:  # WP-Syntax, WP-GeSHi-Highlight (raw unless escaped="true"), Crayon's <pre lang>
        return _Form(attrs["lang"], attrs.get("escaped", "").lower() == "true")
    if "brush:" in classes.replace(" :", ":"):  # SyntaxHighlighter: "brush: php; gutter: false"
        return _Form(_brush(classes), True)
    crayon = [t.split(":", 1)[1] for t in tokens if t.lower().startswith("lang:")]
    if crayon:
        return _Form(crayon[0], "decode:true" in classes.lower())
    if "EnlighterJSRAW" in tokens:
        return _Form(attrs.get("data-enlighter-language", ""), True)
    prefixed = _prefixed_language(tokens)
    if prefixed is not None:
        return _Form(prefixed, True)
    if block_language is not None:
        return _Form(block_language, True)
    if attrs.get("name") == "code" or (len(tokens) == 1 and is_language_name(tokens[0])):
        return _Form(tokens[0] if tokens else "", True)  # SyntaxHighlighter 1.x, GeSHi's <pre class="php">
    if _only_one_code_element(body) or "wp-block-code" in tokens:
        return _Form("", True)  # <pre><code>…</code></pre>: Markdown's own form, core's Code block
    return None


def _brush(classes: str) -> str:
    for part in classes.split(";"):
        key, _, value = part.partition(":")
        if key.strip().lower() == "brush":
            return value.strip()
    return ""


def _prefixed_language(tokens: list[str]) -> str | None:
    """``language-php`` (Prism, Jetpack, highlight.js), ``lang-php`` (prettify, Highlighting Code Block)."""
    for token in tokens:
        lowered = token.lower()
        for prefix in ("language-", "lang-"):
            if lowered.startswith(prefix) and len(lowered) > len(prefix):
                return lowered[len(prefix) :]
    return None


def _block_comment_language(before: str) -> str | None:
    """The language in the JSON of a code block's comment right before the ``<pre>`` (None: no such block)."""
    match = _BLOCK_COMMENT_BEFORE.search(before.rstrip())
    if match is None or not _CODE_BLOCK_NAME.search(match.group(1)):
        return None
    try:
        data = json.loads(match.group(2))
    except (ValueError, RecursionError):  # RecursionError: nested past the parser's depth
        return None
    if not isinstance(data, dict):
        return None
    language = data.get("language") or data.get("langType")
    if isinstance(language, str):
        return language
    return "plain" if match.group(1) == "syntaxhighlighter/code" else ""  # its default brush


def _only_one_code_element(body: str) -> bool:
    stripped = body.strip()
    return (
        stripped.lower().startswith("<code")
        and stripped.lower().endswith(_CODE_CLOSE)
        and stripped.lower().count("<code") == 1
    )


def _inner_code(language: str, body: str) -> tuple[str, str]:
    """A ``<code>`` inside the ``<pre>``: its text is the code; its class or ``lang`` may name the language."""
    opener = _CODE_OPEN.search(body)
    end = body.lower().rfind(_CODE_CLOSE)
    if opener is None or end < opener.end():
        return language, body
    if not fence_language(language):
        attrs = _attributes(opener.group(1))
        language = attrs.get("lang") or _prefixed_language(attrs.get("class", "").split()) or language
    return language, body[opener.end() : end]


def _code_text(body: str, markup: bool) -> str:
    """The code in a block body: markup reduced to text (or raw text kept), entities decoded once."""
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    if markup or _only_editor_tags(body):
        body = _BR.sub("\n", body)
        body = _PARAGRAPH_BREAK.sub("\n\n", body)
        body = _ELEMENT_TAG.sub("", body)
    code = html.unescape(body).replace("\u00a0", " ")
    return _LEADING_BLANK_LINES.sub("", code).rstrip()


def _only_editor_tags(body: str) -> bool:
    """Raw code whose only tags are the visual editor's ``<br />``/``<p>`` (left in shortcode bodies)."""
    if "<" not in body:
        return False
    tags = _ELEMENT_TAG.findall(body)
    return bool(tags) and all(_EDITOR_TAG.fullmatch(t) for t in tags) and body.count("<") == len(tags)


def _wrapped_code_shortcode(body: str) -> str | None:
    """``<pre>[code]…[/code]</pre>``: the visual editor's wrapping of a code shortcode."""
    stripped = body.strip()
    if not (stripped.startswith("[") and stripped.endswith("]")):
        return None
    found = list(find_shortcodes(stripped, is_code_shortcode))
    if len(found) != 1 or found[0][0] != 0 or found[0][1] != len(stripped) or found[0][2].content is None:
        return None
    return code_shortcode_html(found[0][2])


def _replace_code_shortcodes(text: str) -> str:
    out: list[str] = []
    position = 0
    for start, end, shortcode in find_shortcodes(text, is_code_shortcode):
        if shortcode.content is None:
            continue
        out.append(text[position:start])
        out.append(code_shortcode_html(shortcode))
        position = end
    if not out:
        return text
    out.append(text[position:])
    return "".join(out)


def code_shortcode_html(shortcode: Shortcode) -> str:
    """The canonical block (or inline ``<code>``) for a code plugin's enclosing shortcode."""
    language, inline, escaped = _shortcode_form(shortcode)
    code = _code_text(shortcode.content or "", escaped)
    if inline and "\n" not in code:
        return code_block_html(code, inline=True)
    return code_block_html(code, language)


def _shortcode_form(shortcode: Shortcode) -> tuple[str, bool, bool]:
    """(language, inline, body is escaped HTML) of a code shortcode."""
    attrs, name = shortcode.attrs, shortcode.name
    language = attrs.get("language") or attrs.get("lang") or attrs.get("brush") or ""
    flags = ""
    codecolorer = _CODECOLORER.fullmatch(name)
    if codecolorer:
        flags, language = codecolorer.group(1), codecolorer.group(2)
    elif name == "cci":
        flags = "i"
    elif name not in _GENERIC_CODE_SHORTCODES:
        language = name  # [php]…[/php]: the tag names the language
    inline = "i" in flags or attrs.get("inline", "").lower() == "true"
    escaped = "e" in flags or attrs.get("escaped", "").lower() == "true"
    return language, inline, escaped
