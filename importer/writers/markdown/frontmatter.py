"""Front matter, written by a YAML serializer (never by string formatting)."""

from __future__ import annotations

import html
import re
from datetime import datetime
from typing import Any

import yaml

from ...model import Post
from ...transforms.dates import iso, with_offset
from ...wordpress import EMBEDDED_ONLY_TYPES, PUBLISHED
from .presets import Preset
from .yaml_text import kept_simple_yaml


def is_public(post: Post) -> bool:
    """Only published posts without a password are public; everything else stays unpublished, and
    so do reusable blocks (WordPress shows them only inside the posts that use them)."""
    return post.status in (None, PUBLISHED) and not post.password and post.type not in EMBEDDED_ONLY_TYPES


def unpublished_reason(post: Post) -> str:
    if post.password:
        return "password-protected"
    if post.type in EMBEDDED_ONLY_TYPES:
        return "shown only inside the posts that use it"
    return str(post.status)


def python_iso_date(local: datetime | None, utc: datetime | None) -> str | None:
    """``iso(with_offset(local, utc))``: a post's or comment's date as written, with its offset
    when the source gave both times. The usual case (a naive local time and its UTC time) is
    written without building a time zone and an aware copy for it: the offset's text is kept,
    found by the difference of the two times' fields (``utc.replace(tzinfo=None)`` and a
    subtraction cost three times as much). :data:`iso_date` is this, or ``_cdates.iso_date`` (the
    usual case compiled, the rest this) when built."""
    if local is None or utc is None or local.tzinfo is not None:
        return iso(with_offset(local, utc))
    hour, minute, second = local.hour, local.minute, local.second
    offset = (
        (local.toordinal() - utc.toordinal()) * 86400
        + (hour - utc.hour) * 3600
        + (minute - utc.minute) * 60
        + second
        - utc.second,
        local.microsecond - utc.microsecond,
    )
    suffix = _OFFSETS.get(offset)
    if suffix is None:
        aware = with_offset(local, utc)
        assert aware is not None
        suffix = aware.isoformat()[len(local.isoformat()) :]  # "" when the offset is not plausible
        if len(_OFFSETS) < 1024:
            _OFFSETS[offset] = suffix
    year = local.year
    if year < 1000 or local.microsecond:  # isoformat pads the year to 4 digits, adds the microseconds
        return local.isoformat() + suffix
    # isoformat's text of whole seconds from the fields (its PyUnicode_FromFormat costs more)
    two = _TWO_DIGITS
    return f"{year}-{two[local.month]}-{two[local.day]}T{two[hour]}:{two[minute]}:{two[second]}{suffix}"


# local - UTC (seconds, microseconds) -> what isoformat() adds for it ("+01:00"), or ""
_OFFSETS: dict[tuple[int, int], str] = {}
_TWO_DIGITS = [f"{n:02d}" for n in range(60)]

try:  # the compiled usual case (setup.py builds it; the Python code stands in without)
    from . import _cdates
except ImportError:  # pragma: no cover - a build without a C compiler
    _cdates = None  # type: ignore[assignment]
iso_date = python_iso_date
if _cdates is not None and hasattr(_cdates, "iso_date"):  # a build older than its source keeps Python
    _cdates.init(_OFFSETS, python_iso_date)
    iso_date = _cdates.iso_date


_MARKUP = re.compile(r"<[^<>]*>|\[/?[\w-]+(?:[\s=/][^\[\]]*)?\]")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"(?<!\s)\s+([.,;:!?])")  # a run from its start: linear
_TITLE_WORDS = 8
_TITLE_LENGTH = 60


def title_from_text(post: Post) -> str:
    """A title for an untitled post (generators need one): its first words, or "Untitled post 12"."""
    text = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", html.unescape(_MARKUP.sub(" ", post.content or "")))
    words = text.split()
    if not words:
        return f"Untitled {post.type} {post.id}" if post.id is not None else f"Untitled {post.type}"
    title = " ".join(words[:_TITLE_WORDS])
    if len(words) > _TITLE_WORDS or len(title) > _TITLE_LENGTH:
        title = title[:_TITLE_LENGTH].rstrip() + "…"
    return title


def build_front_matter(
    post: Post,
    preset: Preset,
    *,
    title: str | None = None,
    new_url: str | None,
    old_paths: list[str],
    author: str | None,
    summary: str | None,
    comments_key: str | None,
    comment_count: int,
) -> dict[str, Any]:
    public = is_public(post)
    data: dict[str, Any] = {"title": title if title is not None else post.title or ""}
    date = iso_date(post.date, post.date_gmt)
    if date:
        data["date"] = date
    lastmod = iso_date(post.modified, post.modified_gmt)
    if lastmod and lastmod != date:
        data["lastmod"] = lastmod
    if post.slug:
        data["slug"] = new_url.strip("/").rsplit("/", 1)[-1] if new_url else post.slug
    if preset.layout_key:
        data[preset.layout_key] = "post" if post.type == "post" else "page"
    for key, value in preset.extra_front_matter:
        data[key] = value
    if new_url and preset.url_key:
        data[preset.url_key] = new_url + preset.url_suffix
    if post.categories:
        data["categories"] = [c.name or c.slug for c in post.categories]
    if post.tags:
        data["tags"] = [t.name or t.slug for t in post.tags]
    for taxonomy, terms in sorted(post.taxonomies.items()):
        if taxonomy not in ("post_format",) and terms:
            data.setdefault("taxonomies", {})[taxonomy] = [t.name or t.slug for t in terms]
    if author:
        data["author"] = author
    if summary:
        data[preset.summary_key] = summary
    if old_paths and preset.aliases_key and public:
        data[preset.aliases_key] = old_paths
    if post.sticky:
        data["sticky"] = True
    data["wordpress_id"] = post.id
    if post.type not in ("post", "page"):
        data["wordpress_type"] = post.type
    if not public:
        data["wordpress_status"] = "password-protected" if post.password else post.status
        for key, value in preset.unpublished_keys:
            data[key] = value
    if comments_key:
        data["comments_data"] = comments_key
    if comment_count:
        data["comment_count"] = comment_count
    return data


# libyaml's emitter when PyYAML was built with it (about 5x faster), else the pure-Python one.
_BaseDumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BaseDumper):  # type: ignore[valid-type,misc]
    """SafeDumper that double-quotes strings holding a character YAML reads as a line break."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # NEL, LINE and PARAGRAPH SEPARATOR would be written raw (allow_unicode) and read back as a
    # line break; in double quotes they are escaped (\N, \L, \P) and survive.
    style = '"' if any(c in value for c in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


_RESOLVER = yaml.resolver.Resolver()  # the dumper's own implicit tags (it adds none)
_SCALARS: dict[str, str | None] = {}  # scalars kept_simple_yaml wrote with _RESOLVER


def dump_yaml(data: Any) -> str:
    if data.__class__ is dict:
        simple = kept_simple_yaml(data, _RESOLVER.resolve, _SCALARS)
        if simple is not None:
            return simple
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10_000)


def render_document(front_matter: dict[str, Any], body: str) -> str:
    """``---`` + YAML + ``---`` + the Markdown body."""
    return f"---\n{dump_yaml(front_matter)}---\n\n{body}"


def read_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Split a document written by :func:`render_document` (for tests and validation)."""
    if not text.startswith("---\n"):
        return {}, text
    end = text.index("\n---\n", 3)
    data = yaml.safe_load(text[4 : end + 1]) or {}
    return data, text[end + 5 :].lstrip("\n")
