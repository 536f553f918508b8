"""The media manifest: every referenced image and file, source URL -> local path (``downloads.py`` fetches them)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path, PurePosixPath

from ...transforms.urls import join_url, split_url
from .files import write_if_changed
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


class MediaManifest:
    """Collects media as posts are converted; one entry per local file."""

    def __init__(self, media_dir: str, url_prefix: str, site_url: str | None) -> None:
        self.media_dir = media_dir
        self.url_prefix = url_prefix.rstrip("/")
        self.site_url = site_url
        self.files: dict[str, MediaFile] = {}

    def public_url(self, url: str) -> str:
        """The site's new URL for ``url`` in the media folder (what :meth:`local_url` returns
        without a bundle), without registering it."""
        return f"{self.url_prefix}/{safe_media_path(media_relative_path(original_of(url)))}"

    def local_url(self, url: str, post_id: int | None, bundle_dir: str | None = None) -> str:
        """Register ``url`` (and its original, for a resized variant); return the site's new URL for it."""
        original = original_of(url)
        relative = safe_media_path(media_relative_path(original))
        if bundle_dir is not None:
            local_path, public_url = f"{bundle_dir}/{relative.rsplit('/', 1)[-1]}", relative.rsplit("/", 1)[-1]
        else:
            local_path, public_url = f"{self.media_dir}/{relative}", f"{self.url_prefix}/{relative}"
        entry = self.files.get(local_path)
        if entry is None:
            entry = self.files[local_path] = MediaFile(local_path, public_url)
        for source in (self._absolute(original), self._absolute(url)):
            if source and source not in entry.sources:
                entry.sources.append(source)
        if post_id is not None and post_id not in entry.referenced_by:
            entry.referenced_by.append(post_id)
        return public_url

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

    def write(self, root: Path, folder: str) -> None:
        rows = self.rows(root)
        write_if_changed(safe_join(root, f"{folder}/media.json"), json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["url", "local_path", "public_url", "other_urls", "referenced_by"])
        for row in rows:
            other = " ".join(str(u) for u in row["other_urls"])  # type: ignore[attr-defined]
            posts = " ".join(str(i) for i in row["referenced_by"])  # type: ignore[attr-defined]
            writer.writerow([row["url"], row["local_path"], row["public_url"], other, posts])
        write_if_changed(safe_join(root, f"{folder}/media.csv"), buffer.getvalue())


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
