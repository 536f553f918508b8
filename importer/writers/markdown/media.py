"""The media manifest: every referenced image and file, source URL -> local path (``downloads.py`` fetches them)."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from json.encoder import encode_basestring
from pathlib import Path
from stat import S_ISREG
from typing import Any
from urllib.parse import unquote

from ...transforms.json_stream import array_items
from ...transforms.urls import host_of, join_url, split_url
from ..scratch import Scratch, decode, encode
from .links import MediaFile, is_media_url, media_relative_path, original_of
from .paths import RESERVED, safe_path


def safe_media_path(relative: str) -> str:
    """Each segment of a media path made file-safe: no "..", no separators, no control characters."""
    parts = [_safe_file_name(p) for p in relative.split("/") if p not in _NOT_NAMES]  # PurePosixPath's parts
    return "/".join(p for p in parts if p) or "file"


_NOT_NAMES = ("", ".", "..")  # parts of a path that name no folder or file


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
    """Collects media as posts are converted; one entry per local file, listed in the order first
    seen. The entries start in memory (dicts and lists) and move to ``scratch``'s database with its
    maps and sets, once their budget is spent (see :mod:`importer.writers.scratch`: a big blog
    has tens of thousands of images); both hold the same rows and answer the same."""

    def __init__(self, media_dir: str, url_prefix: str, site_url: str | None, scratch: Scratch) -> None:
        self.media_dir = media_dir
        self.url_prefix = url_prefix.rstrip("/")
        self.site_url = site_url
        self.renamed: list[Renamed] = []
        self.db = scratch.db
        self._scratch = scratch
        self.count = 0  # files; each has a number, in the order first seen
        self._added = 0  # numbers the sources and references of each file in the order they came
        # number -> local path, the site's URL for it
        self._files = scratch.table("n INTEGER PRIMARY KEY, path BLOB NOT NULL UNIQUE, url BLOB NOT NULL")
        self._sources = scratch.table("file INTEGER, url BLOB, n INTEGER, PRIMARY KEY (file, url)")  # to try
        self._references = scratch.table("file INTEGER, post INTEGER, n INTEGER, PRIMARY KEY (file, post)")
        self._by_source = scratch.table("bundle BLOB, key BLOB, file INTEGER, PRIMARY KEY (bundle, key)")
        self._taken = scratch.table("folded BLOB PRIMARY KEY, key BLOB")  # local path, case-folded -> source key
        self._earlier = scratch.table("key BLOB, n INTEGER, path BLOB, PRIMARY KEY (key, n)")  # an earlier run's
        self._remembered = False  # an earlier run's names are in _earlier
        self._memory: _Memory | None = _Memory() if scratch.keeps(self) else None  # None: the tables hold them

    def to_disk(self) -> None:
        """Move the entries held in memory to the tables (they stay there from now on)."""
        memory, self._memory = self._memory, None
        if memory is None:
            return
        db = self.db
        db.executemany(
            f"INSERT INTO {self._files} VALUES (?, ?, ?)",
            ((n, encode(path), encode(url)) for n, (path, url) in enumerate(memory.files, 1)),
        )
        db.executemany(
            f"INSERT INTO {self._sources} VALUES (?, ?, ?)",
            ((file, encode(url), n) for file, urls in enumerate(memory.sources, 1) for url, n in urls.items()),
        )
        db.executemany(
            f"INSERT INTO {self._references} VALUES (?, ?, ?)",
            ((file, post, n) for file, posts in enumerate(memory.references, 1) for post, n in posts.items()),
        )
        db.executemany(
            f"INSERT INTO {self._by_source} VALUES (?, ?, ?)",
            ((_bundle_bytes(bundle), encode(key), file) for (bundle, key), file in memory.by_source.items()),
        )
        db.executemany(
            f"INSERT INTO {self._taken} VALUES (?, ?)",
            ((encode(folded), encode(key)) for folded, key in memory.taken.items()),
        )

    def _in_memory(self, size: int) -> _Memory | None:
        """The entries in memory, when ``size`` more characters fit the budget (None: on disk)."""
        if self._memory is not None:
            self._scratch.room_for(size)  # when the budget is spent, every structure moves (this one too: None)
        return self._memory

    def remember(self, rows: Iterable[dict[str, Any]]) -> None:
        """Keep the names an earlier run gave (the rows of its ``media.json``): a re-run on a newer
        export never gives a file on disk to another image."""
        for row in rows:
            path = str(row.get("local_path") or "")
            for url in [row.get("url"), *(row.get("other_urls") or [])]:
                key = self._key(str(url or ""))
                if path and key:
                    self._remembered = True
                    self._added += 1
                    self.db.execute(
                        f"INSERT INTO {self._earlier} VALUES (?, ?, ?)", (encode(key), self._added, encode(path))
                    )
                    memory = self._in_memory(2 * len(path) + len(key))
                    if memory is not None:
                        memory.taken.setdefault(path.casefold(), key)
                    else:
                        self.db.execute(
                            f"INSERT OR IGNORE INTO {self._taken} VALUES (?, ?)",
                            (encode(path.casefold()), encode(key)),
                        )

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
        variant = self._absolute(url)
        # what the call may keep: a file (path, URL, key, folded path), a source or two, a reference
        memory = self._in_memory(4 * len(key) + 2 * len(url) + (len(bundle_dir) if bundle_dir else 0))
        if memory is not None:
            return self._local_url_in_memory(memory, original, source, variant, key, post_id, bundle_dir)
        bundle = _bundle_bytes(bundle_dir)
        row = self.db.execute(
            f"SELECT f.n, f.url FROM {self._by_source} AS s JOIN {self._files} AS f ON f.n = s.file "
            "WHERE s.bundle = ? AND s.key = ?",
            (bundle, encode(key)),
        ).fetchone()
        if row is None:
            file, public_url = self._new_entry(original, key, bundle_dir)
            self.db.execute(f"INSERT INTO {self._by_source} VALUES (?, ?, ?)", (bundle, encode(key), file))
        else:
            file, public_url = row[0], decode(row[1])
        for absolute in (source, variant if variant != source else None):  # (the same URL once: ignored again)
            if absolute:
                self._added += 1
                self.db.execute(
                    f"INSERT OR IGNORE INTO {self._sources} VALUES (?, ?, ?)", (file, encode(absolute), self._added)
                )
        if post_id is not None:
            self._added += 1
            self.db.execute(f"INSERT OR IGNORE INTO {self._references} VALUES (?, ?, ?)", (file, post_id, self._added))
        return public_url

    def _local_url_in_memory(
        self,
        memory: _Memory,
        original: str,
        source: str | None,
        variant: str | None,
        key: str,
        post_id: int | None,
        bundle_dir: str | None,
    ) -> str:
        """:meth:`local_url` with the entries in memory: the same numbers, names and rows."""
        bundle_key = (bundle_dir, key)
        file = memory.by_source.get(bundle_key)
        if file is None:
            file, public_url = self._new_entry(original, key, bundle_dir)
            memory.by_source[bundle_key] = file
        else:
            public_url = memory.files[file - 1][1]
        sources = memory.sources[file - 1]
        for absolute in (source, variant if variant != source else None):  # (the same URL once: ignored again)
            if absolute:
                self._added += 1
                sources.setdefault(absolute, self._added)
        if post_id is not None:
            self._added += 1
            memory.references[file - 1].setdefault(post_id, self._added)
        return public_url

    def _new_entry(self, original: str, key: str, bundle_dir: str | None) -> tuple[int, str]:
        """A new file for the image ``key``: its number and the site's URL for it."""
        relative = safe_media_path(media_relative_path(original))
        folder = bundle_dir if bundle_dir is not None else self.media_dir
        wanted = f"{folder}/{relative.rsplit('/', 1)[-1]}" if bundle_dir is not None else f"{folder}/{relative}"
        parent = wanted.rpartition("/")[0]
        earlier = [path for path in self._earlier_paths(key) if path.rpartition("/")[0] == parent]
        if earlier:
            wanted = earlier[0]
        local_path = self._free(wanted, key)
        if local_path != wanted:
            self.renamed.append(Renamed(original, local_path, wanted))
        if bundle_dir is not None:  # the bundle's page links to its files by name
            public_url = local_path[len(folder) + 1 :]
        else:
            public_url = self.url_prefix + local_path[len(folder) :]
        self.count += 1
        memory = self._memory
        if memory is not None:
            memory.taken[local_path.casefold()] = key
            memory.files.append((local_path, public_url))
            memory.paths.add(local_path)
            memory.sources.append({})
            memory.references.append({})
            return self.count, public_url
        self.db.execute(
            f"INSERT OR REPLACE INTO {self._taken} VALUES (?, ?)", (encode(local_path.casefold()), encode(key))
        )
        self.db.execute(
            f"INSERT INTO {self._files} VALUES (?, ?, ?)", (self.count, encode(local_path), encode(public_url))
        )
        return self.count, public_url

    def _earlier_paths(self, key: str) -> list[str]:
        if not self._remembered:  # no earlier run's list (a new folder): nothing to look up
            return []
        query = f"SELECT path FROM {self._earlier} WHERE key = ? ORDER BY n"
        return [decode(path) for (path,) in self.db.execute(query, (encode(key),))]

    def _free(self, path: str, key: str) -> str:
        """``path``, or ``name-2.ext``, ``name-3.ext``… when another image has it (case aside:
        some file systems ignore case)."""
        folder, _, name = path.rpartition("/")
        stem, dot, extension = name.rpartition(".") if "." in name.lstrip(".") else (name, "", "")
        candidate, counter = path, 2
        while self._taken_by_another(candidate, key) or self._has_file(candidate):
            candidate = f"{folder}/{stem}-{counter}{dot}{extension}"
            counter += 1
        return candidate

    def _taken_by_another(self, path: str, key: str) -> bool:
        memory = self._memory
        if memory is not None:
            taken = memory.taken.get(path.casefold())
            return taken is not None and taken != key
        row = self.db.execute(f"SELECT key FROM {self._taken} WHERE folded = ?", (encode(path.casefold()),)).fetchone()
        return row is not None and decode(row[0]) != key

    def _has_file(self, path: str) -> bool:
        memory = self._memory
        if memory is not None:
            return path in memory.paths
        return self.db.execute(f"SELECT 1 FROM {self._files} WHERE path = ?", (encode(path),)).fetchone() is not None

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

    def files(self, *, by_path: bool = False) -> Iterator[MediaFile]:
        """Every file, in the order first seen (``by_path``: in the order of their local paths).

        Three statements in all, read side by side: the files, and their sources and posts in the
        same order of files (a statement for each file's sources and posts cost several times more)."""
        memory = self._memory
        if memory is not None:
            numbers = range(len(memory.files))
            if by_path:
                numbers = sorted(numbers, key=lambda n: memory.files[n][0])  # type: ignore[assignment]
            for n in numbers:
                path, url = memory.files[n]
                yield MediaFile(path, url, list(memory.sources[n]), list(memory.references[n]))
            return
        order = "f.path" if by_path else "f.n"
        files = self.db.execute(f"SELECT f.n, f.path, f.url FROM {self._files} AS f ORDER BY {order}")
        sources = self._each_file(self._sources, "url", order)
        posts = self._each_file(self._references, "post", order)
        source, post = next(sources, None), next(posts, None)
        for n, path, url in files:
            urls: list[str] = []
            while source is not None and source[0] == n:
                urls.append(decode(source[1]))
                source = next(sources, None)
            referenced_by: list[int] = []
            while post is not None and post[0] == n:
                referenced_by.append(post[1])
                post = next(posts, None)
            yield MediaFile(decode(path), decode(url), urls, referenced_by)

    def _each_file(self, table: str, column: str, order: str) -> Iterator[tuple[int, Any]]:
        """``(file, column)`` of every row of ``table``, by file in ``order``, then as added."""
        joined = f"{self._files} AS f JOIN {table} AS t ON t.file = f.n"
        return iter(self.db.execute(f"SELECT f.n, t.{column} FROM {joined} ORDER BY {order}, t.n"))

    def local_paths(self) -> Iterator[str]:
        """Every file's local path, in the order first seen."""
        if self._memory is not None:
            for path, _url in self._memory.files:
                yield path
            return
        for (path,) in self.db.execute(f"SELECT path FROM {self._files} ORDER BY n"):
            yield decode(path)

    def rows(self, root: Path) -> Iterator[dict[str, object]]:
        """One row per file, by local path; ``present`` says whether the file was in the output
        folder when the manifest was written (downloaded or copied in), so a later check can tell
        a file that went missing from one that was never fetched."""
        for entry in self.files(by_path=True):
            yield {
                "url": entry.sources[0] if entry.sources else "",
                "local_path": entry.local_path,
                "public_url": entry.public_url,
                "other_urls": entry.sources[1:],
                "referenced_by": entry.referenced_by,
                "present": _is_file(safe_path(root, entry.local_path)),
            }

    def write(self, root: Path, folder: str, write: Callable[[str, Iterable[str]], object]) -> None:
        """``media.json`` and ``media.csv`` into ``folder``, a row at a time, through
        ``write(path, pieces of text)``."""
        write(f"{folder}/media.json", json_rows(self.rows(root)))
        write(f"{folder}/media.csv", csv_rows(self.rows(root)))


class _Memory:
    """The media manifest's entries while they are in memory: what its tables hold on disk."""

    __slots__ = ("by_source", "files", "paths", "references", "sources", "taken")

    def __init__(self) -> None:
        self.files: list[tuple[str, str]] = []  # file n - 1 -> local path, the site's URL for it
        self.paths: set[str] = set()  # the files' local paths
        self.sources: list[dict[str, int]] = []  # file n - 1 -> URLs to try, each with its number
        self.references: list[dict[int, int]] = []  # file n - 1 -> posts, each with its number
        self.by_source: dict[tuple[str | None, str], int] = {}  # (bundle folder, source key) -> file n
        self.taken: dict[str, str] = {}  # local path, case-folded -> source key


def _bundle_bytes(bundle_dir: str | None) -> bytes:
    """A bundle folder as the tables keep it (none: apart from any folder)."""
    return b"" if bundle_dir is None else b"/" + encode(bundle_dir)


def _is_file(path: str) -> bool:
    """``Path(path).is_file()`` (the same errors ignored), without a :class:`~pathlib.Path` made."""
    try:
        return S_ISREG(os.stat(path).st_mode)
    except OSError as exc:
        if exc.errno not in _IGNORED_ERRNOS:
            raise
        return False
    except ValueError:  # a character the file system cannot take
        return False


_IGNORED_ERRNOS = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)  # what pathlib's is_file ignores


def json_rows(rows: Iterable[dict[str, object]]) -> Iterator[str]:
    """``json.dumps(list(rows), indent=2, ensure_ascii=False) + "\\n"``, a row at a time."""
    separator = "[\n  "
    for row in rows:
        yield separator + _json_row(row)
        separator = ",\n  "
    yield "[]\n" if separator.startswith("[") else "\n]\n"


def _json_row(row: dict[str, object]) -> str:
    """``json.dumps(row, indent=2, ensure_ascii=False)``, indented by two more spaces, made here
    for a row of :meth:`MediaManifest.rows`: texts, lists of texts or of whole numbers, booleans
    (json's encoder, given an indent, is its pure-Python one). Any other row goes to json."""
    members = []
    for key, value in row.items():
        kind = value.__class__
        if kind is str:
            text = encode_basestring(value)  # type: ignore[arg-type]
        elif kind is bool:
            text = "true" if value else "false"
        elif kind is list and not value:
            text = "[]"
        elif kind is list and all(item.__class__ is str for item in value):  # type: ignore[attr-defined]
            text = "[\n      " + ",\n      ".join(map(encode_basestring, value)) + "\n    ]"  # type: ignore[call-overload]
        elif kind is list and all(item.__class__ is int for item in value):  # type: ignore[attr-defined]
            text = "[\n      " + ",\n      ".join(map(int.__repr__, value)) + "\n    ]"  # type: ignore[call-overload]
        else:
            return _json_dumped(row)
        if key.__class__ is not str:
            return _json_dumped(row)
        members.append(f"{encode_basestring(key)}: {text}")
    return "{\n    " + ",\n    ".join(members) + "\n  }" if members else "{}"


def _json_dumped(row: dict[str, object]) -> str:
    return json.dumps(row, indent=2, ensure_ascii=False).replace("\n", "\n  ")


def csv_rows(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """``media.csv``: a header, then a line per file (other URLs and posts separated by spaces)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["url", "local_path", "public_url", "other_urls", "referenced_by"])
    for row in rows:
        other = " ".join(str(u) for u in row["other_urls"])
        posts = " ".join(str(i) for i in row["referenced_by"])
        writer.writerow([row["url"], row["local_path"], row["public_url"], other, posts])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def earlier_rows(path: Path) -> Iterator[dict[str, Any]]:
    """The rows of the ``media.json`` an earlier run left, a row at a time (none when there is
    none, or when it cannot be read whole: it is read through once before its rows are given)."""
    try:
        for _row in _media_rows(path):
            pass
    except (OSError, ValueError):
        return
    yield from _media_rows(path)


def _media_rows(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as stream:
        yield from (row for row in array_items(stream) if isinstance(row, dict))


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
