"""oEmbeds: a URL that WordPress would show as a player, a tweet or a card, made static.

WordPress turns a URL of a known provider (alone in a paragraph, in ``[embed]``, or in the
block editor's embed block) into the provider's HTML, fetched from the network and cached in the
post's meta (``_oembed_<hash>``). Offline, YouTube and Vimeo become Hugo's own ``youtube`` and
``vimeo`` shortcodes (Hugo) or an iframe; a tweet becomes the quote and link WordPress cached
for it (its script removed), or else a quote holding the link, as Twitter's own markup is; any
other URL becomes a link (other providers' cached cards are scripts and widgets).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from urllib.parse import parse_qs

from .urls import host_of, site_host, split_url

OEMBED_HOSTS = (
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
# The block editor's embed block: the URL alone in its wrapper, maybe a caption (bounded, so a
# run of unclosed captions stays linear).
_BLOCK_EMBED = re.compile(
    r'<figure class="wp-block-embed[^"<>]*">\s*<div class="wp-block-embed__wrapper">\s*(https?://[^\s<>"]+)\s*</div>'
    r"(?:\s*<figcaption[^<>]*>((?:[^<]|<(?!/figcaption>)){0,4000})</figcaption>)?\s*</figure>"
)
_SCRIPT = re.compile(r"<script\b[^<>]*>(?:[^<]|<(?!/script))*</script\s*>|<script\b[^<>]*/>", re.I)
_TWEET = re.compile(r"^(?:www\.|mobile\.)?(?:twitter|x)\.com$")


def embed_html(url: str, style: str, cached: Sequence[str] = ()) -> str:
    """The static form of the embed of ``url`` for an ``style`` ("hugo", "iframe" or "link")."""
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
    if _TWEET.match((split_url(url).hostname or "").lower()):
        return (
            _cached_embed(url, cached)
            or f'<blockquote class="twitter-tweet"><p><a href="{safe}">{safe}</a></p></blockquote>'
        )
    return f'<p><a href="{safe}">{safe}</a></p>'


def expand_embeds(text: str, style: str, cached: Sequence[str] = ()) -> str:
    """Embed blocks and known providers' URLs alone in a paragraph, made static."""
    if "wp-block-embed" in text:
        text = _BLOCK_EMBED.sub(lambda m: _block_embed(m, style, cached), text)
    if "<p>" in text and "://" in text:  # what a bare URL needs: two scans in C before the regex's own
        text = _BARE_URL_PARAGRAPH.sub(lambda m: _bare_url(m, style, cached), text)
    return text


def oembed_cache(meta: Sequence[tuple[str, object]]) -> list[str]:
    """The HTML WordPress cached for a post's embeds (``_oembed_<hash>`` meta; not the times)."""
    return [
        value
        for key, value in meta
        if key.startswith("_oembed_")
        and not key.startswith("_oembed_time_")
        and isinstance(value, str)
        and value.strip() not in ("", "{{unknown}}")
    ]


def _block_embed(match: re.Match[str], style: str, cached: Sequence[str]) -> str:
    url = html.unescape(match.group(1))
    caption = (match.group(2) or "").strip()
    return embed_html(url, style, cached) + (f"<p>{caption}</p>" if caption else "")


def _bare_url(match: re.Match[str], style: str, cached: Sequence[str]) -> str:
    url = html.unescape(match.group(1))
    host = (split_url(url).hostname or "").lower()
    if not any(host == h or host.endswith("." + h) for h in OEMBED_HOSTS):
        return match.group(0)
    return embed_html(url, style, cached)


def _cached_embed(url: str, cached: Sequence[str]) -> str | None:
    """The cached tweet that names ``url`` (scheme, ``www.`` and a final ``/`` aside), scripts removed."""
    key = site_host(url) + split_url(url).path.rstrip("/")
    if len(key) < 8:
        return None
    for value in cached:
        if key in value and "<blockquote" in value:
            return _SCRIPT.sub("", value)
    return None


def _video_id(url: str) -> tuple[str, str] | None:
    parsed = split_url(url)
    host = host_of(parsed).removeprefix("m.")  # m.youtube.com: the mobile site
    if host == "youtu.be":
        candidate = parsed.path.strip("/")
    elif host.endswith("youtube.com"):
        candidate = (parse_qs(parsed.query).get("v") or [""])[0] or parsed.path.rsplit("/", 1)[-1]
    elif host == "vimeo.com":
        candidate = parsed.path.strip("/").split("/")[-1]
        return ("vimeo", candidate) if candidate.isdigit() else None
    else:
        return None
    return ("youtube", candidate) if re.fullmatch(r"[\w-]{6,20}", candidate) else None
