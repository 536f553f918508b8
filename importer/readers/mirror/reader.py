"""Read a whole blog from a folder: a wget/HTTrack mirror, Wayback Machine captures, saved pages.

``blogimport convert DIR ...`` walks DIR recursively and reads every page (``.html``, ``.htm``,
extension-less HTML, wget's ``index.html?p=1`` names), every RSS/Atom feed and every page saved
as text; non-blog pages (login, search, attachment pages, API endpoints) and assets are skipped
with a reason. Wayback captures are unwrapped first (:mod:`importer.readers.mirror.wayback`). Pages are
parsed in parallel with ``ReadOptions.jobs``; :mod:`importer.readers.mirror.merge` then merges
what every page showed of every post into one archive.

Example::

    blogimport convert site-mirror/ --to json -o blog.json --jobs 2
    blogimport inspect site-mirror/
"""

from __future__ import annotations

import multiprocessing
import os
import re
import stat
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import BlogImportError, InputError, UnsafeInputError
from ...model import Post, Record
from ...sources import looks_like_html, read_whole
from ...tally import Tally
from .. import ReadOptions, processes
from ..html import Page, parse_page
from ..text.reader import read_text
from .feeds import FeedItem, is_feed, parse_feed
from .merge import MirrorFacts, Sighting, merge
from .wayback import Capture, mark_captured, unwrap_capture

_SITE_LINK = re.compile(rb"""(?:href|src)=["'](https?://[^/"'\s]+)/(?:xmlrpc\.php|wp-content/|wp-includes/|\?p=\d)""")
# HTTrack stamps every page: <!-- Mirrored from example.org/2010/11/post/ by HTTrack Website Copier/3.x ... -->
_HTTRACK = re.compile(rb"<!--\s*Mirrored from (\S+) by HTTrack", re.I)
_BODY_CLASS = re.compile(rb"<body[^<>]*\sclass=[\"']([^\"']*)[\"']", re.I)
_MEDIA_EXTENSIONS = {
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".bmp", ".ico", ".tif", ".tiff",
    ".mp3", ".ogg", ".wav", ".m4a", ".mp4", ".webm", ".mov", ".pdf", ".zip", ".doc", ".docx",
}  # fmt: skip
_ASSET_EXTENSIONS = {".css", ".js", ".json", ".woff", ".woff2", ".ttf", ".eot", ".map", ".swf"}
# (pattern on the path relative to the mirror root, reason) - checked before reading the file
_SKIP_BY_NAME: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(^|/)wp-(login|signup|register|activate)\.php|(^|/)wp-admin/"), "login or admin page"),
    (re.compile(r"(^|/)(xmlrpc\.php|wp-json/|wp-cron\.php|wp-trackback\.php)"), "API endpoint"),
    (re.compile(r"[?&]s=|(^|/)search/"), "search page"),
    (re.compile(r"(^|/)wp-(content|includes)/"), "not a page (theme or plugin file)"),
    (
        re.compile(
            r"(^|/)(robots|humans|ads)\.txt$|(^|/)\.[^/]+$|(^|/)(licen[cs]e|readme|changelog|copying)(\.\w+)?$", re.I
        ),
        "not a page (site file)",
    ),
    (re.compile(r"[?&](share|like|replytocom-form|action)="), "not a page (action link)"),
)
# (body class, reason) - checked on the page itself
_SKIP_BY_BODY_CLASS = (
    ("attachment", "attachment page"),
    ("search", "search page"),
    ("error404", "not-found page"),
    ("login", "login or admin page"),
)


@dataclass(slots=True)
class FileResult:
    """What one file of the mirror gave (picklable: it crosses process boundaries)."""

    path: str
    relpath: str
    kind: str  # "page", "feed", "text", "media", "skipped"
    reason: str | None = None
    page: Page | None = None
    feed: list[FeedItem] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)  # pages saved as text
    capture: Capture | None = None
    has_category_widget: bool = False
    site_url: str | None = None  # http://host of the blog, from links the mirror did not rewrite
    body_classes: tuple[str, ...] = ()
    tally: Tally = field(default_factory=Tally)


def read_mirror(path: str, options: ReadOptions, tally: Tally) -> Iterator[Record]:
    """Yield the Site, authors, terms and the merged posts of the blog in folder ``path``."""
    root = str(Path(path))
    relpaths = list(walk(root, tally))
    if not relpaths:
        tally.problem("empty-folder", "the folder holds no files to read", file=root)
    results = _read_files(root, relpaths, options)
    sightings: list[Sighting] = []
    media: dict[str, str] = {}
    widget_pages: list[str] = []
    site_urls: Counter[str] = Counter()
    for result in results:
        if result.site_url:
            site_urls[result.site_url] += 1
        tally.merge(result.tally)
        _account(result, tally)
        if result.kind == "media":
            media[result.relpath] = result.path
        if result.has_category_widget:
            widget_pages.append(result.path)
        sightings.extend(sightings_of(result))
    site_url = site_urls.most_common(1)[0][0] if site_urls else None
    yield from merge(MirrorFacts(root, site_url, media, widget_pages), sightings, tally)


def walk(root: str, tally: Tally | None = None) -> Iterator[str]:
    """Every file below ``root`` as a path relative to it, in a stable order.

    Symbolic links that lead outside ``root`` are skipped (counted): nothing outside the
    input is ever read. So are FIFOs, sockets and devices (counted): reading one would block.
    """
    inside = os.path.realpath(root)
    for directory, subdirs, files in os.walk(root):
        subdirs.sort()
        for name in sorted(files):
            path = os.path.join(directory, name)
            if os.path.islink(path) and os.path.commonpath([inside, os.path.realpath(path)]) != inside:
                if tally is not None:
                    tally.skip("file", "symbolic link leading outside the folder")
                continue
            if not _regular_or_missing(path):
                if tally is not None:  # opening a FIFO waits for a writer: forever
                    tally.skip("file", "not a regular file (a FIFO, socket or device)")
                continue
            yield os.path.relpath(path, root).replace(os.sep, "/")


def _regular_or_missing(path: str) -> bool:
    """False for a FIFO, socket or device (the file a link leads to); a path that cannot be
    looked at is left to the reader, which reports it as unreadable."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True


def _read_files(root: str, relpaths: list[str], options: ReadOptions) -> Iterator[FileResult]:
    """Every file's result, in ``relpaths`` order. With ``jobs`` > 1 (and enough files to be
    worth a fork) the files are read by ``jobs - 1`` forked workers and by this process itself:
    the workers take runs of files from the front, this process takes them from the back, and
    they meet in the middle (one process less to fork and feed than ``jobs`` workers and a
    waiting parent, and this process's share is never pickled)."""
    total = len(relpaths)
    jobs = processes(options.jobs)
    if jobs > 1 and total >= _MIN_SHARED:
        yield from _read_shared(root, relpaths, options, jobs)
        return
    for done, relpath in enumerate(relpaths, 1):
        result = read_file(root, relpath)
        _progress(options, root, done, total)
        yield result


_MAX_RUN = 8  # files per round trip to a worker: small runs keep the parent's and workers' shares even
# Fewer files than this are read here alone: forking a worker and its first round trip take
# 20-40 ms, what a dozen pages take to read.
_MIN_SHARED = 16


def _read_shared(root: str, relpaths: list[str], options: ReadOptions, jobs: int) -> Iterator[FileResult]:
    total = len(relpaths)
    size = max(1, min(_MAX_RUN, total // (jobs * 16)))
    runs = [relpaths[start : start + size] for start in range(0, total, size)]
    results: list[list[FileResult] | None] = [None] * len(runs)
    done = 0
    next_out = 0  # the first run not handed on yet
    with _pool(jobs - 1) as pool:
        futures = [pool.submit(read_files, root, run) for run in runs]
        for at in reversed(range(len(runs))):
            if not futures[at].cancel():
                break  # a worker has it (and every run before it): this process's share is done
            results[at] = read_files(root, runs[at])
            while next_out < at and futures[next_out].done():  # hand on what the workers finished
                for result in futures[next_out].result():
                    done += 1
                    _progress(options, root, done, total)
                    yield result
                next_out += 1
        for at in range(next_out, len(runs)):
            own = results[at]
            for result in own if own is not None else futures[at].result():
                done += 1
                _progress(options, root, done, total)
                yield result


def _pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes forked from this one (the reader's modules and compiled patterns come
    along, nothing is imported again) where the platform can fork."""
    if "fork" in multiprocessing.get_all_start_methods():
        return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
    return ProcessPoolExecutor(max_workers=workers)


def read_files(root: str, relpaths: list[str]) -> list[FileResult]:
    """``read_file`` for a run of files (one round trip to a worker process)."""
    return [read_file(root, relpath) for relpath in relpaths]


def _progress(options: ReadOptions, root: str, done: int, total: int) -> None:
    if options.progress is not None:
        options.progress(root, done, total)


def read_file(root: str, relpath: str) -> FileResult:
    """Read and classify one file of the mirror (runs in a worker process with --jobs)."""
    path = os.path.join(root, relpath)
    result = FileResult(path=path, relpath=relpath, kind="skipped")
    extension = os.path.splitext(relpath.split("?")[0])[1].lower()
    if extension in _MEDIA_EXTENSIONS:
        result.kind = "media"
        return result
    if extension in _ASSET_EXTENSIONS:
        result.reason = "not a page (stylesheet, script or font)"
        return result
    for pattern, reason in _SKIP_BY_NAME:
        if pattern.search(relpath):
            result.reason = reason
            return result
    try:
        data = read_whole(path)
    except UnsafeInputError as exc:
        result.reason = "refused: too big to read whole"
        result.tally.problem("unreadable-file", exc.template, file=path)
        return result
    except (InputError, OSError, EOFError) as exc:
        result.reason = "unreadable file"
        result.tally.problem("unreadable-file", f"cannot read: {exc}", file=path)
        return result
    if not data.strip():
        result.reason = "empty file"
    elif is_feed(data):
        result.kind = "feed"
        result.feed = parse_feed(data, path, result.tally)
    elif looks_like_html(data):
        _read_page(data, result)
    elif b"\x00" in data[:4096]:
        result.reason = "not a page (binary file)"
    elif extension in ("", ".txt", ".text"):
        result.kind = "text"
        result.posts = [r for r in read_text(path, ReadOptions(), result.tally) if isinstance(r, Post)]
    else:
        result.reason = "not a page (unknown file type)"
    return result


def _read_page(data: bytes, result: FileResult) -> None:
    classes = _BODY_CLASS.search(data[:65536])
    body_classes = set(classes.group(1).decode("ascii", "replace").split()) if classes else set()
    for body_class, reason in _SKIP_BY_BODY_CLASS:
        if body_class in body_classes:
            result.reason = reason
            return
    result.body_classes = tuple(sorted(body_classes))
    unwrapped = unwrap_capture(data)
    result.capture = unwrapped.capture
    site = _SITE_LINK.search(unwrapped.data)
    result.site_url = site.group(1).decode("ascii", "replace") if site else None
    base_url = unwrapped.capture.original_url if unwrapped.capture else _httrack_url(data) or mirror_url(result.relpath)
    try:
        result.page = parse_page(unwrapped.data, result.path, result.tally, base_url=base_url, links=False)
    except BlogImportError as exc:
        result.reason = "unreadable page"
        result.tally.problem("unreadable-file", exc.template, file=result.path)
        return
    result.kind = "page"
    result.has_category_widget = b"cat-item" in unwrapped.data


def _httrack_url(data: bytes) -> str | None:
    found = _HTTRACK.search(data[:4096])
    if not found:
        return None
    url = found.group(1).decode("utf-8", "replace")
    return url if "://" in url else f"http://{url}"


def mirror_url(relpath: str) -> str | None:
    """The URL a wget mirror file was saved from, when its first folder is a host name.

    ``example.org/2010/11/post/index.html`` -> ``http://example.org/2010/11/post/``.
    """
    host, _, rest = relpath.partition("/")
    if not rest or "." not in host or " " in host:
        return None
    rest = re.sub(r"(^|/)index\.html?(?=$|\?)", r"\1", rest)
    rest = re.sub(r"\.html?$", "", rest) if "?" in rest else rest
    return f"http://{host}/{rest}"


def _account(result: FileResult, tally: Tally) -> None:
    if result.kind == "skipped":
        tally.skip("file", result.reason or "not a page")
    elif result.kind == "page" and result.page is not None:
        if result.page.posts:
            tally.read["html page"] += 1
        else:
            tally.skip("file", "no post found on the page")
    elif result.kind in ("feed", "text", "media"):
        tally.read[{"feed": "feed", "text": "text page", "media": "media file"}[result.kind]] += 1


def sightings_of(result: FileResult) -> Iterator[Sighting]:
    """Every post a file showed, with where it was seen."""
    captured = result.capture.timestamp if result.capture else None
    if result.page is not None:
        page = result.page
        if page.page_type == "single" and page.posts and "page" in result.body_classes:
            page.posts[0].type = "page"  # body class "page page-id-N": a WordPress page, not a post
        mark_captured(page.posts, result.capture)
        for post in page.posts:
            yield Sighting(post, result.path, page.page_type, captured, page)
    for item in result.feed:
        yield Sighting.from_feed(item, result.path)
    for post in result.posts:
        yield Sighting(post, result.path, "text", None, None)
