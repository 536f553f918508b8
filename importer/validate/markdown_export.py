"""Checks on a Markdown export directory: front matter parses and has its required keys,
permalinks are unique, links between pages resolve, the media manifest's files exist; and
the index of posts and comments that reconciliation with the source needs.

The checks read what any preset writes (YAML ``---`` or TOML ``+++`` front matter, ``url`` or
``permalink``, comment data files in a ``comments`` folder), not one preset's layout.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import SplitResult, unquote

import yaml

from ..transforms.urls import split_url
from .content import links
from .findings import TOO_DEEP

if TYPE_CHECKING:
    from .exports import ExportIndex

MANIFEST = Path("_blogimport") / "media.json"
REQUIRED_KEYS = ("title",)
UNPUBLISHED = (("draft", True), ("published", False))
URL_KEYS = ("url", "permalink")
ALIAS_KEYS = ("aliases", "redirect_from")
ID_KEYS = ("wordpress_id", "id")
# The target stops at a bracket (a URL writes them percent-encoded): each "![a](" then scans only to
# the next one, so a page of "![a](" repeated is read in linear time.
_MARKDOWN_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>\[\]]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_FRONT_MATTER = {"---": "yaml", "+++": "toml"}


def read_markdown_export(path: str, index: ExportIndex) -> None:
    root = Path(path)
    pages = list(_markdown_files(root))
    if not pages:
        index.empty = True
        return
    targets: set[str] = set()
    local_links: list[tuple[Path, list[str]]] = []  # only the links to check: the bodies are not kept
    for page in pages:
        front_matter, body = _front_matter(page, index)
        if front_matter is None:
            continue
        _index_page(page, front_matter, index, targets)
        hrefs = _local_links(body)
        if hrefs:
            local_links.append((page, hrefs))
    public_media = _check_media(root, index)
    targets |= public_media
    for page, hrefs in local_links:
        _check_links(root, page, hrefs, targets, index)
    _index_comments(root, index)


def _markdown_files(root: Path) -> Iterator[Path]:
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_blogimport")))
        for name in sorted(files):
            if name.endswith((".md", ".markdown")):
                yield Path(folder) / name


def _front_matter(page: Path, index: ExportIndex) -> tuple[dict[str, Any] | None, str]:
    """The page's front matter (None when it is missing or does not parse) and its body."""
    try:
        text = page.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        index.add("BI501", f"cannot read the file: {exc}", file=str(page))
        return None, ""
    fence = text[:3]
    kind = _FRONT_MATTER.get(fence)
    end = text.find(f"\n{fence}\n", 3) if kind else -1
    if kind is None or end < 0:
        index.add("BI501", "no front matter (a --- or +++ block at the top)", file=str(page), line=1)
        return None, text
    raw, body = text[4 : end + 1], text[end + 5 :]
    try:
        data = yaml.safe_load(raw) if kind == "yaml" else tomllib.loads(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None
        index.add("BI501", f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}", file=str(page), line=line)
        return None, body
    except tomllib.TOMLDecodeError as exc:
        index.add("BI501", f"front matter is not valid TOML: {exc}", file=str(page))
        return None, body
    except RecursionError:
        index.add("BI501", f"front matter is {TOO_DEEP}", file=str(page), line=2)
        return None, body
    if not isinstance(data, dict):
        index.add("BI501", "front matter is not a table of keys and values", file=str(page), line=2)
        return None, body
    return data, body


def _index_page(page: Path, data: dict[str, Any], index: ExportIndex, targets: set[str]) -> None:
    published = not any(data.get(key) == value for key, value in UNPUBLISHED)
    for key in REQUIRED_KEYS:
        if data.get(key) in (None, ""):
            index.add("BI502", f"front matter has no {key!r}", file=str(page), line=1)
    if published and data.get("date") in (None, ""):
        index.add("BI510", "published without a date", file=str(page), line=1)
    post_id = next((data[k] for k in ID_KEYS if isinstance(data.get(k), int)), None)
    if post_id is not None:
        index.post_ids.add(post_id)
    elif isinstance(data.get("title"), str):
        index.titles_without_id[data["title"]] += 1
    url = next((data[k] for k in URL_KEYS if isinstance(data.get(k), str)), None)
    if url:
        index.permalinks[url] += 1
        targets.add(_path_key(url))
    for key in ALIAS_KEYS:
        aliases = data.get(key)
        for alias in aliases if isinstance(aliases, list) else [aliases] if isinstance(aliases, str) else []:
            targets.add(_path_key(str(alias)))


def _path_key(url: str) -> str:
    """The path a URL serves, as a key: ``/a/``, ``/a`` and ``/a/index.html`` are one page."""
    path = unquote(split_url(url.strip()).path)
    return path.removesuffix("index.html").rstrip("/") or "/"


def _check_media(root: Path, index: ExportIndex) -> set[str]:
    """Public URLs of the manifest's files; a finding for each file that is not there."""
    manifest = root / MANIFEST
    if not manifest.is_file():
        return set()
    try:
        entries = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        index.add("BI507", f"the media manifest does not parse: {exc}", file=str(manifest))
        return set()
    except RecursionError:
        index.add("BI507", f"the media manifest is {TOO_DEEP}", file=str(manifest))
        return set()
    rows = [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []
    missing = [e for e in rows if not (root / str(e.get("local_path", ""))).is_file()]
    never_fetched = [e for e in missing if e.get("present") is not True]
    if never_fetched:
        index.add(
            "BI509",
            f"{len(never_fetched)} of the {len(rows)} media files in the manifest were never downloaded "
            "(convert with {download_media}, or copy them in); pages link to them",
            file=str(manifest),
        )
    for entry in missing:
        if entry.get("present") is True:
            index.add("BI507", f"{entry.get('local_path')} (from {entry.get('url')}) is missing", file=str(manifest))
    return {_path_key(str(e["public_url"])) for e in rows if e.get("public_url")}


def _local_links(body: str) -> list[str]:
    """The links of a page to this site (not to another site, mailto:, a #fragment on the page), each once."""
    hrefs = dict.fromkeys([*_MARKDOWN_LINK.findall(body), *links(body)])
    return [href for href in hrefs if _is_local(split_url(href.strip()))]


def _is_local(parts: SplitResult) -> bool:
    return bool(parts.path) and not (parts.scheme or parts.netloc)


def _check_links(root: Path, page: Path, hrefs: list[str], targets: set[str], index: ExportIndex) -> None:
    for href in hrefs:
        parts = split_url(href.strip())
        if parts.path.startswith("/"):
            if _path_key(href) in targets or _static_file(root, parts.path):
                continue
        elif (page.parent / unquote(parts.path)).exists():
            continue
        index.add("BI506", f"link to {href} resolves to no page or file of the export", file=str(page))


def _static_file(root: Path, path: str) -> bool:
    relative = unquote(path).lstrip("/")
    return any((root / folder / relative).exists() for folder in ("", "static", "assets", "public"))


def _index_comments(root: Path, index: ExportIndex) -> None:
    """Comment ids from the comment data files (YAML or JSON in any ``comments`` folder)."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        if Path(folder).name != "comments":
            continue
        for name in files:
            path = Path(folder) / name
            try:
                text = path.read_text(encoding="utf-8")
                data = json.loads(text) if name.endswith(".json") else yaml.safe_load(text)
            except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
                index.add("BI501", f"comment data file does not parse: {exc}", file=str(path))
                continue
            except RecursionError:
                index.add("BI501", f"comment data file is {TOO_DEEP}", file=str(path))
                continue
            index.comment_ids.update(_comment_ids(data))
            index.has_comment_data = True


def _comment_ids(data: Any) -> Iterator[int]:
    if isinstance(data, dict):
        if isinstance(data.get("id"), int) and ("content" in data or "author" in data):
            yield data["id"]
        for value in data.values():
            yield from _comment_ids(value)
    elif isinstance(data, list):
        for item in data:
            yield from _comment_ids(item)
