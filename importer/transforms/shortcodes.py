"""WordPress shortcodes: a parser, and the built-ins turned into plain HTML.

``[name attr="v" attr2=v2]content[/name]``, self-closing ``[name /]`` and escaped ``[[name]]``
are parsed the way WordPress reads them. Built-ins (caption, gallery, embed, youtube, vimeo,
code/sourcecode, audio, video, and a bare oEmbed URL alone in a paragraph) become HTML that
the Markdown converter understands; unknown shortcodes are kept verbatim (or removed with
``strip_unknown``) and counted.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from .urls import split_url

# A tag: [name ...], [/name], [name ... /]; attributes cannot contain "]" (as in WordPress).
_TAG = re.compile(r"\[(\[?)(/?)([A-Za-z][\w-]*)((?:\s[^\]]*?)?)(/?)\](\]?)")
_ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)"""
    r"""|"([^"]*)"(?:\s|$)"""
    r"""|'([^']*)'(?:\s|$)"""
    r"""|(\S+)(?:\s|$)"""
)
CODE_SHORTCODES = frozenset(["code", "sourcecode", "source", "sourcecode_", "syntax"])
# SyntaxHighlighter's language-named shortcodes: [php]...[/php].
LANGUAGE_SHORTCODES = frozenset(
    [
        "php",
        "python",
        "py",
        "js",
        "javascript",
        "css",
        "html",
        "xml",
        "bash",
        "shell",
        "sql",
        "ruby",
        "java",
        "cpp",
        "c",
        "csharp",
        "perl",
        "go",
        "diff",
        "text",
        "plain",
        "jscript",
        "as3",
        "scala",
        "powershell",
    ]
)
_OEMBED_HOSTS = (
    "youtube.com",
    "youtu.be",
    "vimeo.com",
    "twitter.com",
    "x.com",
    "instagram.com",
    "soundcloud.com",
    "slideshare.net",
    "flickr.com",
    "spotify.com",
    "tiktok.com",
    "dailymotion.com",
    "wordpress.tv",
    "ted.com",
)
_BARE_URL_PARAGRAPH = re.compile(r"<p>\s*(https?://[^\s<>\"]+)\s*</p>")
_IMG_OR_LINK = re.compile(r"^\s*((?:<a\s[^>]*>\s*)?<img\s[^>]*>(?:\s*</a>)?)(.*)$", re.S | re.I)


@dataclass(slots=True)
class Shortcode:
    name: str
    attrs: dict[str, str]  # named attributes; positional ones under "0", "1", ...
    content: str | None  # None for a self-closing shortcode
    raw: str  # the text as written


@dataclass(slots=True)
class ShortcodeContext:
    """What handlers need from outside: attachments for galleries, the preset's embed style."""

    attachment_url: Callable[[int], str | None] = lambda _id: None
    attachments_of: Callable[[], list[str]] = list  # image URLs attached to the current post
    embed_style: str = "iframe"  # "iframe", "link" or "hugo" (Hugo's built-in shortcodes)
    strip_unknown: bool = False
    unknown: Counter[str] = field(default_factory=Counter)  # name -> times kept (or removed)
    unresolved_galleries: int = 0


Handler = Callable[[Shortcode, ShortcodeContext], str]


def parse_attributes(text: str) -> dict[str, str]:
    """WordPress's shortcode_parse_atts: named (quoted or not) and positional attributes."""
    attrs: dict[str, str] = {}
    position = 0
    for match in _ATTRIBUTE.finditer(text.replace("\u00a0", " ").strip()):
        groups = match.groups()
        for name_index in (0, 2, 4):
            if groups[name_index]:
                attrs[groups[name_index].lower()] = groups[name_index + 1]
                break
        else:
            value = next(g for g in groups[6:] if g is not None)
            attrs[str(position)] = value
            position += 1
    return attrs


def find_shortcodes(text: str, names: Callable[[str], bool] | None = None) -> Iterator[tuple[int, int, Shortcode]]:
    """Yield (start, end, shortcode) for each top-level shortcode in ``text``, in order.

    An opening tag encloses content when the matching ``[/name]`` follows; escaped ``[[name]]``
    is not a shortcode. ``names`` limits what counts (default: every name).
    """
    position = 0
    while True:
        match = _TAG.search(text, position)
        if match is None:
            return
        escaped_open, closing, name, attr_text, self_closing, escaped_close = match.groups()
        if closing or (names is not None and not names(name.lower())):
            position = match.start() + 1
            continue
        if escaped_open and escaped_close:
            position = match.end()
            continue
        start = match.start() + len(escaped_open)
        end = match.end() - len(escaped_close)
        content: str | None = None
        if not self_closing:
            closer = re.search(rf"\[/{re.escape(name)}\]", text[end:], re.I)
            if closer and not _reopens_before(text, end, end + closer.start(), name):
                content = text[end : end + closer.start()]
                end = end + closer.end()
        raw = text[start:end]
        yield start, end, Shortcode(name.lower(), parse_attributes(attr_text), content, raw)
        position = end


def _reopens_before(text: str, start: int, stop: int, name: str) -> bool:
    """Is there another opening [name ...] between the tag and its would-be closer?

    WordPress pairs an opener with the next closer of the same name; an opener in between means
    the first tag was self-closing ("[a][a]x[/a]": the first [a] stands alone).
    """
    return re.search(rf"\[{re.escape(name)}[\s\]/]", text[start:stop], re.I) is not None


def unescape_shortcodes(text: str) -> str:
    """``[[name]]`` is how WordPress writes a literal ``[name]``: show it as text."""
    return _TAG.sub(lambda m: "&#91;" + m.group(0)[2:-2] + "&#93;" if m.group(1) and m.group(6) else m.group(0), text)


def expand_code_shortcodes(text: str) -> str:
    """Turn [code]/[sourcecode]/[php]... into ``<pre><code>`` before wpautop can touch the code."""
    return _expand(text, {name: _code for name in CODE_SHORTCODES | LANGUAGE_SHORTCODES}, ShortcodeContext(), False)


def expand_shortcodes(text: str, context: ShortcodeContext) -> str:
    """Expand the built-in shortcodes and bare oEmbed URLs; keep (or strip) and count the others."""
    text = _expand(text, BUILTINS, context, True)
    text = _BARE_URL_PARAGRAPH.sub(lambda m: _bare_url(m, context), text)
    return unescape_shortcodes(text)


def _expand(text: str, handlers: Mapping[str, Handler], context: ShortcodeContext, count_unknown: bool) -> str:
    if "[" not in text:
        return text
    out: list[str] = []
    position = 0
    names = None if count_unknown else (lambda n: n in handlers)
    for start, end, shortcode in find_shortcodes(text, names):
        out.append(text[position:start])
        handler = handlers.get(shortcode.name)
        if handler is not None:
            out.append(handler(shortcode, context))
        else:
            out.append(_unknown(shortcode, context))
        position = end
    out.append(text[position:])
    return "".join(out)


def _looks_like_a_shortcode(shortcode: Shortcode) -> bool:
    """``[sic]`` or ``[1]`` in prose is not a shortcode; attributes or a closing tag make one."""
    return shortcode.content is not None or bool(shortcode.attrs) or shortcode.raw.rstrip("]").endswith("/")


def _unknown(shortcode: Shortcode, context: ShortcodeContext) -> str:
    if not _looks_like_a_shortcode(shortcode):
        return shortcode.raw
    context.unknown[shortcode.name] += 1
    if context.strip_unknown:
        return shortcode.content or ""
    return shortcode.raw


def _code(shortcode: Shortcode, _context: ShortcodeContext) -> str:
    if shortcode.content is None:
        return shortcode.raw
    attrs = shortcode.attrs
    language = attrs.get("lang") or attrs.get("language") or attrs.get("brush") or attrs.get("0", "")
    if shortcode.name in LANGUAGE_SHORTCODES:
        language = shortcode.name
    language = re.sub(r"[^\w+#-]", "", language.lower())
    code = html.escape(html.unescape(shortcode.content.strip("\r\n")), quote=False)
    css_class = f' class="language-{language}"' if language else ""
    return f"<pre><code{css_class}>{code}</code></pre>"


def _caption(shortcode: Shortcode, _context: ShortcodeContext) -> str:
    """[caption id=... align=... width=... caption="..."]<img ...> Text[/caption] -> figure."""
    content = shortcode.content or ""
    match = _IMG_OR_LINK.match(content)
    if match is None:
        return content
    image, caption = match.group(1), match.group(2).strip() or shortcode.attrs.get("caption", "")
    align = re.sub(r"[^\w-]", "", shortcode.attrs.get("align", ""))
    css_class = f"wp-caption {align}".strip()
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f'<figure class="{css_class}">{image}{figcaption}</figure>'


def _gallery(shortcode: Shortcode, context: ShortcodeContext) -> str:
    """[gallery ids="1,2"] -> the images; without ids, the images attached to the post."""
    ids = [int(i) for i in re.findall(r"\d+", shortcode.attrs.get("ids", shortcode.attrs.get("include", "")))]
    urls = [u for u in (context.attachment_url(i) for i in ids) if u] if ids else context.attachments_of()
    if not urls:
        context.unresolved_galleries += 1
        return shortcode.raw
    images = "".join(f'<img src="{html.escape(url)}" alt="" />' for url in urls)
    return f'<figure class="wp-block-gallery">{images}</figure>'


def _embed(shortcode: Shortcode, context: ShortcodeContext) -> str:
    url = (shortcode.content or shortcode.attrs.get("0") or shortcode.attrs.get("url") or "").strip()
    if not url.startswith(("http://", "https://")):
        return shortcode.raw
    return embed_html(url, context.embed_style)


def _bare_url(match: re.Match[str], context: ShortcodeContext) -> str:
    url = html.unescape(match.group(1))
    host = (split_url(url).hostname or "").lower()
    if not any(host == h or host.endswith("." + h) for h in _OEMBED_HOSTS):
        return match.group(0)
    return embed_html(url, context.embed_style)


def embed_html(url: str, style: str) -> str:
    """An embed for ``url``: Hugo's own shortcode, an iframe for known video hosts, or a link."""
    video = _video_id(url)
    if video and style == "hugo":
        return f"<x-markdown>{{{{< {video[0]} {video[1]} >}}}}</x-markdown>"
    if video and style == "iframe":
        src = {
            "youtube": f"https://www.youtube-nocookie.com/embed/{video[1]}",
            "vimeo": f"https://player.vimeo.com/video/{video[1]}",
        }[video[0]]
        return f'<p><iframe src="{src}" allowfullscreen></iframe></p>'
    safe = html.escape(url)
    return f'<p><a href="{safe}">{safe}</a></p>'


def _video_id(url: str) -> tuple[str, str] | None:
    parsed = split_url(url)
    host = (parsed.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    if host == "youtu.be":
        candidate = parsed.path.strip("/")
    elif host.endswith("youtube.com"):
        candidate = (parse_qs(parsed.query).get("v") or [""])[0] or parsed.path.rsplit("/", 1)[-1]
        return ("youtube", candidate) if re.fullmatch(r"[\w-]{6,20}", candidate) else None
    elif host == "vimeo.com":
        candidate = parsed.path.strip("/").split("/")[-1]
        return ("vimeo", candidate) if candidate.isdigit() else None
    else:
        return None
    return ("youtube", candidate) if re.fullmatch(r"[\w-]{6,20}", candidate) else None


def _video_host(watch_url: str) -> Handler:
    """[youtube ID-or-URL] and [vimeo ID-or-URL]."""

    def handle(shortcode: Shortcode, context: ShortcodeContext) -> str:
        url = (shortcode.attrs.get("0") or shortcode.attrs.get("id") or shortcode.content or "").strip()
        if url and not url.startswith("http"):
            url = watch_url + url
        return embed_html(url, context.embed_style) if url else shortcode.raw

    return handle


def _media(tag: str) -> Handler:
    sources = ("src", "mp3", "m4a", "ogg", "wav", "wma", "mp4", "m4v", "webm", "ogv", "flv", "0")

    def handle(shortcode: Shortcode, _context: ShortcodeContext) -> str:
        url = next((shortcode.attrs[k] for k in sources if shortcode.attrs.get(k, "").startswith("http")), "")
        if not url:
            return shortcode.raw
        return f'<p><{tag} controls src="{html.escape(url)}"></{tag}></p>'

    return handle


BUILTINS: dict[str, Handler] = {
    "caption": _caption,
    "wp_caption": _caption,
    "gallery": _gallery,
    "embed": _embed,
    "youtube": _video_host("https://www.youtube.com/watch?v="),
    "vimeo": _video_host("https://vimeo.com/"),
    "audio": _media("audio"),
    "video": _media("video"),
    **{name: _code for name in CODE_SHORTCODES | LANGUAGE_SHORTCODES},
}
