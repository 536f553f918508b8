"""Slugs and file paths: readable, unique, and never outside the output directory."""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from urllib.parse import unquote

from ...errors import OutputError
from ...model import Post
from ..scratch import Scratch, TextSet

MAX_SLUG_BYTES = 120  # file systems allow 255 bytes a name; leave room for dates and suffixes
# Names Windows refuses, and names static-site generators give a meaning of their own.
RESERVED = frozenset(
    ["con", "prn", "aux", "nul", "index", "_index", "feed", "page", "tags", "categories", "search"]
    + [f"com{i}" for i in range(10)]
    + [f"lpt{i}" for i in range(10)]
)


# Paths the site generator writes itself (home page, feeds, sitemaps, taxonomy and paging lists,
# server files): an old permalink there would take them over (a static front page's "/" -> "/home/"
# redirects the new home page away; a Hugo alias at /index.xml breaks the build). Compared in lower
# case, "index.html" and a final slash aside, the query apart ("/?p=12" is the old post's, not "/").
RESERVED_PATHS = frozenset(
    {"/", "/index.xml", "/feed.xml", "/rss.xml", "/atom.xml", "/feed/", "/sitemap.xml", "/robots.txt"}
    | {"/404.html", "/_redirects", "/redirects.json", "/tags/", "/categories/", "/posts/", "/pages/"}
)
RESERVED_PATH_PREFIXES = ("/page/", "/tags/", "/categories/")  # lists the generator pages through


def reserved_path(old_path: str) -> bool:
    """Whether the old address ``old_path`` (a path, maybe with its query) is one the generator owns."""
    path, _, query = old_path.partition("?")
    if query:
        return False
    path = unquote(path).lower().removesuffix("index.html")
    if not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
        path += "/"
    return path in RESERVED_PATHS or path.startswith(RESERVED_PATH_PREFIXES)


# Already a slug as make_slug would make it (lowercase ASCII words joined by single hyphens).
_PLAIN_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def make_slug(text: str | None) -> str:
    """A URL- and file-safe slug that keeps unicode letters readable ("Écrire en été" -> "écrire-en-été")."""
    if not text:
        return ""
    if len(text) <= MAX_SLUG_BYTES and _PLAIN_SLUG.fullmatch(text):
        return text  # what slugify returns for it, without its dozen passes
    from slugify import slugify  # imported when first needed: most slugs are plain (python-slugify takes ~5 ms)

    text = unquote(text.replace("\x00", ""))  # WordPress stores unicode slugs percent-encoded
    slug = slugify(text, allow_unicode=True, lowercase=True)
    while len(slug.encode("utf-8")) > MAX_SLUG_BYTES:
        slug = slug[:-1]
    return slug.strip("-")


def post_slug(post: Post) -> str:
    """The post's own slug, else one from its title, else ``post-<id>``."""
    return (
        make_slug(post.slug)
        or make_slug(post.title)
        or (f"{post.type}-{post.id}" if post.id is not None else "untitled")
    )


class SlugRegistry:
    """Hands out unique slugs per folder; a collision gets the post id (or a counter) as suffix.

    The suffix depends only on the posts' order in the export, so re-running gives the same paths.
    The slugs taken are kept on disk (in ``scratch``), one set of them per registry.
    """

    def __init__(self, scratch: Scratch) -> None:
        self._taken = TextSet(scratch)

    def claim(self, folder: str, slug: str, post_id: int | None) -> str:
        if slug not in RESERVED and self._taken.add(folder, slug):  # _free, nearly always true
            return slug
        candidate = f"{slug}-{post_id}" if post_id is not None else slug
        counter = 2
        while not self._free(folder, candidate):
            candidate = f"{slug}-{counter}"
            counter += 1
        return candidate

    def _free(self, folder: str, candidate: str) -> bool:
        """Whether ``candidate`` may be used in ``folder``; if so it is taken from now on."""
        return candidate not in RESERVED and self._taken.add(folder, candidate)


def safe_join(root: Path, relative: str) -> Path:
    """``root / relative``, refusing anything that would land outside ``root``.

    The check is on the normalized path (no file system calls but one cached ``resolve`` of the
    root): paths come from input data, which cannot plant symlinks in the output directory.
    """
    return Path(safe_path(root, relative))


def safe_path(root: Path | str, relative: str) -> str:
    """:func:`safe_join` as a string (no :class:`~pathlib.Path` built: the writer calls it for
    every file)."""
    if _PLAIN_RELATIVE is not None and _PLAIN_RELATIVE.fullmatch(relative):  # nothing to normalize
        base = _resolved(str(root))
        return base + relative if base == "/" else f"{base}/{relative}"
    return _checked_path(root, relative)


def check_path(root: Path | str, relative: str) -> None:
    """Refuse ``relative`` as :func:`safe_path` does (an :class:`OutputError`), without the
    joined path made when it is plain (the first pass checks each post's path)."""
    if _PLAIN_RELATIVE is None or not _PLAIN_RELATIVE.fullmatch(relative):
        _checked_path(root, relative)


# A relative path that normpath leaves as it is and that cannot leave the root (POSIX): names
# that start with neither "." nor a drive letter, one "/" between them, none at the end.
_PLAIN_RELATIVE = re.compile(r"(?![A-Za-z]:)[^/.\x00][^/\x00]*(?:/[^/.\x00][^/\x00]*)*") if os.sep == "/" else None


def _checked_path(root: Path | str, relative: str) -> str:
    """:func:`safe_path`, the general way: the path normalized, then checked."""
    if "\x00" in relative or os.path.isabs(relative) or _DRIVE.match(relative):
        raise OutputError(f"refusing unsafe output path {relative!r}")
    base = _resolved(str(root))
    target = os.path.normpath(os.path.join(base, relative))
    if target != base and not target.startswith(base.rstrip(os.sep) + os.sep):
        raise OutputError(f"refusing output path {relative!r}: it leaves the output directory")
    return target


_DRIVE = re.compile(r"^[A-Za-z]:")


@functools.lru_cache(maxsize=64)
def _resolved(root: str) -> str:
    return str(Path(root).resolve())
