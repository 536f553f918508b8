"""WordPress shortcodes: the built-ins turned into plain HTML, plugins' ones reported.

Tags are found by WordPress's own grammar (:mod:`importer.transforms.shortcode_tags`), never
inside ``<pre>`` or ``<code>``. Built-ins (caption, gallery, embed, youtube, vimeo, the code
plugins' shortcodes, audio, video, and a bare oEmbed URL alone in a paragraph) become HTML that
the Markdown converter understands. Brackets in prose are text: ``[sic]``, ``[Stupid ET]`` or
``[not a shortcode]`` stay as written and are not counted. A tag is reported as a plugin's
shortcode (kept verbatim, or removed with ``strip_unknown`` keeping enclosed text) when its name
is in the table of common plugin shortcodes below, or when it has a shortcode's unmistakable
shape: a named attribute (``[poll id="3"]``), a closing tag (``[note]…[/note]``) or ``/]``.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache, partial

from .code import code_shortcode_html, is_code_shortcode
from .embeds import embed_html, expand_embeds
from .shortcode_tags import Shortcode, escaped_tags, find_shortcodes


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Shortcodes of common plugins (forms, galleries and sliders, buttons, columns and tabs, maps,
# players, polls, sharing, ads, tables): reported wherever they stand, even bare ("[button]").
PLUGIN_SHORTCODES = _names(
    """
    contact-form-7 contact-form contact_form contact-field gravityform gravityforms ninja_form
    ninja_forms wpforms formidable caldera_form mc4wp_form mailpoet_form fluentform
    forminator_form cf7 si-contact-form nggallery ngg_images ngg imagebrowser singlepic
    envira-gallery foogallery modula justified_image_grid slideshow slider rev_slider
    layerslider metaslider smartslider3 soliloquy wonderplugin_slider button buttons btn column
    columns one_half one_half_last one_third one_third_last two_third two_third_last one_fourth
    one_fourth_last three_fourth three_fourth_last row col grid tabs tab accordion accordions
    toggle toggles spoiler box alert highlight divider clear clearfix map google_map googlemap
    googlemaps wpgmza leaflet-map mapsmarker soundcloud playlist wpvideo fvplayer flowplayer
    jwplayer embedyt video_lightbox_youtube bandcamp spotify podcast powerpress
    smart_track_player audio_player poll polldaddy crowdsignal wp_polls survey addtoany ssba
    sharethis social_share shareaholic fb_like facebook tweet twitter instagram instagram-feed
    custom-twitter-feeds adsense ad adrotate ads advanced_ad table tablepress toc ez-toc lwptoc
    wpdm_package download email googleapps scribd slideshare gist latex recipe portfolio
    archives display-posts recent-posts sitemap listmenu testimonial testimonials pricing_table
    countdown woocommerce_cart products product product_page add_to_cart
    """
)
# Page builders and shortcode packs name every shortcode with a prefix.
PLUGIN_PREFIXES = ("su_", "et_pb_", "vc_", "fusion_", "av_", "ux_", "mk_", "wpb_", "ult_", "trx_", "themify_")

_IMG_OR_LINK = re.compile(r"^\s*((?:<a\s[^>]*>\s*)?<img\s[^>]*>(?:\s*</a>)?)(.*)$", re.S | re.I)


# An empty Counter without Counter.__init__ (Python code that calls update(None)): a context is
# made for every post, and the counter is filled in the rare post with an unknown shortcode.
_new_counter = partial(Counter.__new__, Counter)


@dataclass(slots=True)
class ShortcodeContext:
    """What handlers need from outside: attachments for galleries, the preset's embed style."""

    attachment_url: Callable[[int], str | None] = lambda _id: None
    attachments_of: Callable[[], list[str]] = list  # image URLs attached to the current post
    embed_style: str = "iframe"  # "iframe", "link" or "hugo" (Hugo's built-in shortcodes)
    oembed: list[str] = field(default_factory=list)  # the HTML WordPress cached for the post's embeds
    strip_unknown: bool = False
    unknown: Counter[str] = field(default_factory=_new_counter)  # name -> times kept (or removed)
    unresolved_galleries: int = 0


Handler = Callable[[Shortcode, ShortcodeContext], str]


def expand_shortcodes(text: str, context: ShortcodeContext) -> str:
    """Expand the built-in shortcodes and bare oEmbed URLs; keep (or strip) and count plugins' ones."""
    if "[" in text:  # else no shortcode: _expand would return the text (a generator for nothing)
        text = _expand(text, context)
    text = expand_embeds(text, context.embed_style, context.oembed)
    return unescape_shortcodes(text) if "[[" in text else text  # escaped_tags needs a "[["


_NESTING = 4  # plugin shortcodes inside plugin shortcodes (section > row > column > module) read this deep


def _expand(text: str, context: ShortcodeContext, depth: int = 0) -> str:
    out: list[str] = []
    position = 0
    for start, end, shortcode in find_shortcodes(text, _is_known_name, shaped=True):
        handler = BUILTINS.get(shortcode.name) or (_code if is_code_shortcode(shortcode.name) else None)
        if handler is not None:
            replacement = handler(shortcode, context)
        elif is_plugin_shortcode(shortcode):
            replacement = _plugin(shortcode, context, depth)
        else:
            continue  # brackets in prose: text
        out.append(text[position:start])
        out.append(replacement)
        position = end
    if not out:
        return text
    out.append(text[position:])
    return "".join(out)


def is_plugin_shortcode(shortcode: Shortcode) -> bool:
    """A plugin's shortcode rather than brackets in prose (see the module doc)."""
    name = shortcode.name
    if name in PLUGIN_SHORTCODES or name.startswith(PLUGIN_PREFIXES) or shortcode.explicit:
        return True
    return any(not key.isdigit() for key in shortcode.attrs)


@lru_cache(maxsize=4096)
def _is_known_name(name: str) -> bool:
    return name in BUILTINS or name in PLUGIN_SHORTCODES or name.startswith(PLUGIN_PREFIXES) or is_code_shortcode(name)


def unescape_shortcodes(text: str) -> str:
    """``[[name]]`` is how WordPress writes a literal ``[name]`` of a known shortcode: show it as text."""
    out: list[str] = []
    position = 0
    for start, end, name in escaped_tags(text):
        if _is_known_name(name):
            out.append(text[position:start])
            out.append("&#91;" + text[start + 2 : end - 2] + "&#93;")
            position = end
    if not out:
        return text
    out.append(text[position:])
    return "".join(out)


def _plugin(shortcode: Shortcode, context: ShortcodeContext, depth: int) -> str:
    """Counted; kept as written or removed (``strip_unknown``). What it encloses is read too:
    a ``[caption]`` inside ``[one_half]`` is still a figure, a ``[col]`` inside ``[row]`` counted."""
    context.unknown[shortcode.name] += 1
    content = shortcode.content
    if content and "[" in content and depth < _NESTING:
        content = _expand(content, context, depth + 1)
    if context.strip_unknown:
        return content or ""
    if shortcode.content is None:
        return shortcode.raw
    return f"{shortcode.opening}{content}[/{shortcode.raw.rsplit('[/', 1)[-1]}"


def _code(shortcode: Shortcode, _context: ShortcodeContext) -> str:
    """A code plugin's shortcode not yet turned into a block (content that skipped recognise_code)."""
    return code_shortcode_html(shortcode) if shortcode.content is not None else shortcode.raw


def _caption(shortcode: Shortcode, _context: ShortcodeContext) -> str:
    """[caption id=... align=... width=... caption="..."]<img ...> Text[/caption] -> figure."""
    if shortcode.content is None:
        return shortcode.raw  # "[caption]" as a word
    content = shortcode.content
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
    return embed_html(url, context.embed_style, context.oembed)


def _video_host(watch_url: str) -> Handler:
    """[youtube ID-or-URL] and [vimeo ID-or-URL]."""

    def handle(shortcode: Shortcode, context: ShortcodeContext) -> str:
        url = (shortcode.attrs.get("0") or shortcode.attrs.get("id") or shortcode.content or "").strip()
        if url and not url.startswith("http"):
            url = watch_url + url
        return embed_html(url, context.embed_style, context.oembed) if url else shortcode.raw

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
}
