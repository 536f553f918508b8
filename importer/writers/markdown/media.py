"""The media manifest (every referenced image and file: source URL -> local path) and downloads."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath

from ...tally import Tally
from ...transforms.urls import join_url
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
    """Media of the blog itself: files under wp-content/uploads or WordPress.com's files host."""
    return is_media_url(url) and (internal or ".files.wordpress.com" in url or "/wp-content/uploads/" in url)


def download_all(
    files: Iterable[MediaFile], root: Path, tally: Tally, jobs: int = 4, retries: int = 3, timeout: float = 30.0
) -> None:
    """Fetch every file not yet on disk, ``jobs`` at a time, retrying and resuming partial downloads."""
    files = list(files)
    todo = [f for f in files if not safe_join(root, f.local_path).exists()]
    if len(files) > len(todo):
        tally.changed["media files already present (not downloaded again)"] += len(files) - len(todo)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        results = list(pool.map(lambda f: _download(f, root, retries, timeout), todo))
    for media, error in zip(todo, results, strict=True):
        if error is None:
            tally.written["media file"] += 1
        else:
            tally.skip("media file", f"download failed: {error}")
            tally.problem("media-download-failed", f"{media.sources[0] if media.sources else '?'}: {error}")


def _download(media: MediaFile, root: Path, retries: int, timeout: float) -> str | None:
    """Download the first source that works; returns None on success, else the last error."""
    target = safe_join(root, media.local_path)
    error = "no source URL"
    for url in media.sources:
        for attempt in range(retries):
            try:
                _fetch(url, target, timeout)
                return None
            except urllib.error.HTTPError as exc:
                error = f"HTTP {exc.code}"
                if exc.code in (403, 404, 410):
                    break  # will not change on retry: try the next source
            except (urllib.error.URLError, OSError, TimeoutError) as exc:
                error = str(getattr(exc, "reason", exc))
            time.sleep(min(0.2 * 2**attempt, 2.0))
    return error


def _fetch(url: str, target: Path, timeout: float) -> None:
    """Download ``url`` to ``target`` through ``target.part``, resuming what an earlier run left."""
    partial = target.with_name(target.name + ".part")
    target.parent.mkdir(parents=True, exist_ok=True)
    done = partial.stat().st_size if partial.exists() else 0
    request = urllib.request.Request(url, headers={"User-Agent": "blogimport"})
    if done:
        request.add_header("Range", f"bytes={done}-")
    with urllib.request.urlopen(request, timeout=timeout) as response:
        resumed = done and response.status == 206
        with open(partial, "ab" if resumed else "wb") as stream:
            while chunk := response.read(1 << 16):
                stream.write(chunk)
    os.replace(partial, target)
