"""The media manifest: every referenced image and file, source URL -> local path (``downloads.py`` fetches them)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

from ...transforms.urls import host_of, join_url, split_url
from .links import MediaFile, is_media_url, media_relative_path, original_of
from .paths import RESERVED, safe_join


def safe_media_path(relative: str) -> str:
    """Each segment of a media path made file-safe: no "..", no separators, no control characters."""
    parts = [_safe_file_name(p) for p in PurePosixPath(relative).parts if p not in ("", ".", "..", "/")]
    return "/".join(p for p in parts if p) or "file"


def _safe_file_name(name: str) -> str:
    """Keep letters (any script), digits, ".", "-" and "_" and the case; anything else becomes "-"."""
    name = _UNSAFE_FILE_CHARS.sub("-", name).strip(".-")[:150]
    stem = name.split(".", 1)[0].lower()
    return f"{name}-file" if stem in RESERVED else name


_UNSAFE_FILE_CHARS = re.compile(r"[^\w.-]+")


@dataclass(frozen=True, slots=True)
class Renamed:
    """An image given another name than its own, which a different image had first."""

    url: str
    local_path: str
    wanted: str


class MediaManifest:
    """Collects media as posts are converted; one entry per local file."""

    def __init__(self, media_dir: str, url_prefix: str, site_url: str | None) -> None:
        self.media_dir = media_dir
        self.url_prefix = url_prefix.rstrip("/")
        self.site_url = site_url
        self.files: dict[str, MediaFile] = {}  # local path -> entry
        self._by_source: dict[tuple[str | None, str], MediaFile] = {}  # (bundle, source key) -> entry
        self._taken: dict[str, str] = {}  # local path, case-folded -> source key of its file
        self._earlier: dict[str, list[str]] = {}  # source key -> local paths an earlier run gave it
        self.renamed: list[Renamed] = []

    def remember(self, rows: Iterable[dict[str, Any]]) -> None:
        """Keep the names an earlier run gave (the rows of its ``media.json``): a re-run on a newer
        export never gives a file on disk to another image."""
        for row in rows:
            path = str(row.get("local_path") or "")
            for url in [row.get("url"), *(row.get("other_urls") or [])]:
                key = self._key(str(url or ""))
                if path and key:
                    self._earlier.setdefault(key, []).append(path)
                    self._taken.setdefault(path.casefold(), key)

    def public_url(self, url: str) -> str:
        """The site's new URL for ``url`` in the media folder (what :meth:`local_url` returns
        without a bundle)."""
        return self.local_url(url, None)  # registered: the name it gets is the one the posts will use

    def local_url(self, url: str, post_id: int | None, bundle_dir: str | None = None) -> str:
        """Register ``url`` (and its original, for a resized variant); return the site's new URL for it.

        One file per image: the same image (also over http and https, with and without www, or
        as a resized variant) shares a file; two images that would get the same name (the same
        name in two upload months of one bundle, on two hosts, ``a b.jpg`` and ``a-b.jpg``) do
        not: the second gets ``-2`` (reported in :attr:`renamed`)."""
        original = original_of(url)
        source = self._absolute(original)
        key = self._key(source or original)
        entry = self._by_source.get((bundle_dir, key))
        if entry is None:
            entry = self._new_entry(original, key, bundle_dir)
            self._by_source[(bundle_dir, key)] = entry
        for absolute in (source, self._absolute(url)):
            if absolute and absolute not in entry.sources:
                entry.sources.append(absolute)
        if post_id is not None and post_id not in entry.referenced_by:
            entry.referenced_by.append(post_id)
        return entry.public_url

    def _new_entry(self, original: str, key: str, bundle_dir: str | None) -> MediaFile:
        relative = safe_media_path(media_relative_path(original))
        folder = bundle_dir if bundle_dir is not None else self.media_dir
        wanted = f"{folder}/{relative.rsplit('/', 1)[-1]}" if bundle_dir is not None else f"{folder}/{relative}"
        parent = wanted.rpartition("/")[0]
        earlier = [path for path in self._earlier.get(key, ()) if path.rpartition("/")[0] == parent]
        if earlier:
            wanted = earlier[0]
        local_path = self._free(wanted, key)
        if local_path != wanted:
            self.renamed.append(Renamed(original, local_path, wanted))
        self._taken[local_path.casefold()] = key
        if bundle_dir is not None:  # the bundle's page links to its files by name
            public_url = local_path[len(folder) + 1 :]
        else:
            public_url = self.url_prefix + local_path[len(folder) :]
        entry = self.files[local_path] = MediaFile(local_path, public_url)
        return entry

    def _free(self, path: str, key: str) -> str:
        """``path``, or ``name-2.ext``, ``name-3.ext``… when another image has it (case aside:
        some file systems ignore case)."""
        folder, _, name = path.rpartition("/")
        stem, dot, extension = name.rpartition(".") if "." in name.lstrip(".") else (name, "", "")
        candidate, counter = path, 2
        while self._taken.get(candidate.casefold(), key) != key or candidate in self.files:
            candidate = f"{folder}/{stem}-{counter}{dot}{extension}"
            counter += 1
        return candidate

    def _key(self, url: str) -> str:
        """What makes two URLs the same file: host (no www), port and path, whatever the scheme."""
        parts = split_url(self._absolute(url) or url)
        try:
            port = parts.port if parts.port not in (80, 443) else None
        except ValueError:  # out of range: the download reports it
            port = None
        host = host_of(parts)
        return f"{host}:{port or ''}{unquote(parts.path)}" if host or parts.path else url

    def _absolute(self, url: str) -> str | None:
        if url.startswith(("http://", "https://")):
            return url
        if url.startswith("//"):
            return "https:" + url
        return join_url(self.site_url, url) if self.site_url else None

    def rows(self, root: Path) -> list[dict[str, object]]:
        """One row per file; ``present`` says whether the file was in the output folder when the
        manifest was written (downloaded or copied in), so a later check can tell a file that went
        missing from one that was never fetched."""
        return [
            {
                "url": entry.sources[0] if entry.sources else "",
                "local_path": entry.local_path,
                "public_url": entry.public_url,
                "other_urls": entry.sources[1:],
                "referenced_by": entry.referenced_by,
                "present": safe_join(root, entry.local_path).is_file(),
            }
            for entry in sorted(self.files.values(), key=lambda e: e.local_path)
        ]

    def write(self, root: Path, folder: str, write: Callable[[str, str], object]) -> None:
        """``media.json`` and ``media.csv`` into ``folder``, through ``write(path, text)``."""
        rows = self.rows(root)
        write(f"{folder}/media.json", json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["url", "local_path", "public_url", "other_urls", "referenced_by"])
        for row in rows:
            other = " ".join(str(u) for u in row["other_urls"])  # type: ignore[attr-defined]
            posts = " ".join(str(i) for i in row["referenced_by"])  # type: ignore[attr-defined]
            writer.writerow([row["url"], row["local_path"], row["public_url"], other, posts])
        write(f"{folder}/media.csv", buffer.getvalue())


def earlier_rows(path: Path) -> list[dict[str, Any]]:
    """The rows of the ``media.json`` an earlier run left (none when there is none, or unreadable)."""
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [row for row in rows if isinstance(row, dict)] if isinstance(rows, list) else []


def is_local_media(url: str, internal: bool) -> bool:
    """Media of the blog itself: files under wp-content/uploads or on WordPress.com's files host,
    at an http(s) or relative URL (never ``file:``, ``data:`` or ``ftp:``). The host is parsed,
    never searched for as text: ``file:///etc/passwd#.files.wordpress.com`` is not WordPress.com's."""
    parts = split_url(url)
    if parts.scheme.lower() not in WEB_SCHEMES or not is_media_url(url):
        return False
    host = (parts.hostname or "").lower()
    return internal or host.endswith(".files.wordpress.com") or "/wp-content/uploads/" in parts.path


def is_web_url(url: str) -> bool:
    """An http(s) URL, or one relative to the site (which is http(s) too)."""
    return split_url(url).scheme.lower() in WEB_SCHEMES


WEB_SCHEMES = ("http", "https", "")
