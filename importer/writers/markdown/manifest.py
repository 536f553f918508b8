"""What blogimport wrote into an output folder, and the rules for writing there again.

``_blogimport/manifest.json`` lists every file a run wrote (path, SHA-256 of what was written,
post id). With it a later run, on the same or a newer export:

* writes into an existing site of the chosen generator (a Hugo, Jekyll or Eleventy config next
  to the content), never over a file blogimport did not write: such a clash is reported and
  skipped (``--force`` overwrites);
* refuses any other non-empty folder it did not write (``--force`` writes there anyway), and a
  folder it filled for another preset (mixing a Hugo and a Jekyll tree);
* never overwrites a file it wrote that the user changed since (reported; ``--force``
  overwrites);
* rewrites only what changed, and lists as stale the files it wrote for posts that are gone or
  no longer selected; ``--prune`` removes them (unless the user changed them).

A file that exists, is not in the manifest and already holds exactly what would be written is
taken as blogimport's own (a run that stopped before saving its manifest).
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from json.encoder import encode_basestring
from operator import itemgetter
from pathlib import Path
from typing import cast

from ...errors import OutputError
from ...tally import Tally
from ...transforms.json_stream import object_members
from ..scratch import Scratch, decode, encode
from .files import (
    BackgroundWriter,
    create,
    file_sha256,
    stage,
    write_bytes_if_changed,
    write_chunks_if_changed,
)
from .paths import safe_join, safe_path
from .presets import PRESETS

MANIFEST = "manifest.json"
SCHEMA = "blogimport-manifest/1"
SHOWN = 5  # paths named in a report line
_MISSING_KEPT = 8  # files check() found missing, remembered for put() (a post and its comments file)
CLASH = "a file blogimport did not write is there ({force} overwrites)"
USER_CHANGED = "its file was changed since blogimport wrote it ({force} overwrites)"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(slots=True)
class Entry:
    path: str  # relative to the output folder, with "/"
    sha256: str
    post_id: int | None = None


class Entries:
    """Manifest entries by path, kept on disk (a run may write hundreds of thousands of files)."""

    def __init__(self, scratch: Scratch) -> None:
        self.db = scratch.db
        self.table = scratch.table("path BLOB PRIMARY KEY, sha256 TEXT NOT NULL, post_id")

    def put(self, entry: Entry) -> None:
        self.db.execute(f"INSERT OR REPLACE INTO {self.table} VALUES (?, ?, ?)", _row(entry))

    def setdefault(self, entry: Entry) -> None:
        """Add ``entry`` unless its path has one already."""
        self.db.execute(f"INSERT OR IGNORE INTO {self.table} VALUES (?, ?, ?)", _row(entry))

    def add_rows(self, rows: Iterable[tuple[bool, str, str, object]]) -> None:
        """For each ``(replace, path, sha256, post_id)`` in order: :meth:`put` the entry when
        ``replace``, else :meth:`setdefault` it (a statement for each run of one kind)."""
        for replace, run in itertools.groupby(rows, key=itemgetter(0)):
            verb = "REPLACE" if replace else "IGNORE"
            values = [(encode(path), sha256, post_id) for _, path, sha256, post_id in run]
            self.db.executemany(f"INSERT OR {verb} INTO {self.table} VALUES (?, ?, ?)", values)

    def get(self, path: str) -> Entry | None:
        query = f"SELECT path, sha256, post_id FROM {self.table} WHERE path = ?"
        row = self.db.execute(query, (encode(path),)).fetchone()
        return None if row is None else _entry(row)

    def __contains__(self, path: str) -> bool:
        return self.get(path) is not None

    def __iter__(self) -> Iterator[Entry]:
        """Every entry, by path (as ``sorted()`` orders the paths)."""
        for row in self.db.execute(f"SELECT path, sha256, post_id FROM {self.table} ORDER BY path"):
            yield _entry(row)

    def row_batches(self) -> Iterator[list[tuple[bytes, str, object]]]:
        """Every entry as stored (path, sha256, post id), by path (as :meth:`__iter__`), in batches."""
        cursor = self.db.execute(f"SELECT path, sha256, post_id FROM {self.table} ORDER BY path")
        while batch := cursor.fetchmany(_ROWS):
            yield batch

    def missing_from(self, other: Entries) -> Iterator[Entry]:
        """The entries whose path ``other`` does not hold, by path."""
        query = (
            f"SELECT path, sha256, post_id FROM {self.table} AS e "
            f"WHERE NOT EXISTS (SELECT 1 FROM {other.table} AS o WHERE o.path = e.path) ORDER BY path"
        )
        for row in self.db.execute(query):
            yield _entry(row)

    def add_missing(self, other: Entries) -> None:
        """Add every entry of ``other`` whose path this has none for."""
        self.db.execute(f"INSERT OR IGNORE INTO {self.table} SELECT * FROM {other.table}")


def _manifest_entry(row: object) -> Entry:
    """An entry of the manifest's files list (ValueError when it is not one)."""
    if not isinstance(row, dict) or "path" not in row or "sha256" not in row:
        raise ValueError("a file in the list is not an object with path and sha256")
    return Entry(str(row["path"]), str(row["sha256"]), row.get("post_id"))


def _row(entry: Entry) -> tuple[bytes, str, int | None]:
    return encode(entry.path), entry.sha256, entry.post_id


def _entry(row: tuple[bytes, str, int | None]) -> Entry:
    return Entry(decode(row[0]), row[1], row[2])


class OutputFolder:
    """One run's writes into a Markdown output folder (see the module docstring)."""

    def __init__(
        self, root: Path, preset: str, report_dir: str, tally: Tally, scratch: Scratch, *, force: bool, prune: bool
    ) -> None:
        self.root = root
        self.preset = preset
        self.manifest_path = root / report_dir / MANIFEST
        self.tally = tally
        self.force = force
        self.prune = prune
        self.previous = Entries(scratch)  # the manifest of the run before
        self.written = Entries(scratch)
        self.clashes = Named()
        self.user_changed = Named()
        self.files: BackgroundWriter | None = None  # the thread writing files; None: written at once
        self.unchanged = 0  # counted files that already held their text
        self._missing: dict[str, str] = {}  # path -> full path: files check() just found missing
        self.previous_preset = self._load()
        self._check_folder()
        self.fresh = _fresh_folders(root, preset)  # before this run writes anything, the manifest too
        if self.previous_preset is None:
            self.save()  # at once: a run that stops half-way leaves a folder blogimport can write again

    # -- before writing -----------------------------------------------------------------

    def _load(self) -> str | None:
        """Read the manifest, a row at a time; the preset it was written for (None: no manifest)."""
        preset = None
        try:
            with open(self.manifest_path, encoding="utf-8") as stream:
                for name, value in object_members(stream, "files"):
                    if name == "files":
                        self.previous.put(_manifest_entry(value))
                    elif name == "preset":
                        preset = value
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise OutputError(
                f"cannot read blogimport's manifest ({exc}); {{force}} rewrites it", file=str(self.manifest_path)
            ) from None
        return str(preset) if preset else None

    def _check_folder(self) -> None:
        if self.force:
            return
        if self.previous_preset is not None and self.previous_preset != self.preset:
            raise OutputError(
                f"refused: blogimport wrote a {self.previous_preset} site here; writing {self.preset} into it would "
                f"mix both trees (another folder, or {{force}})",
                file=str(self.root),
            )
        if self.previous_preset is not None or self.is_generator_site() or not self._has_foreign_files():
            return
        raise OutputError(
            "refused: the folder is not empty and blogimport did not write it, nor is it a "
            f"{self.preset} site (no {' or '.join(PRESETS[self.preset].site_configs[:2]) or 'config'}); "
            "give a new or empty folder, or {force}",
            file=str(self.root),
        )

    def is_generator_site(self) -> bool:
        return any((self.root / name).is_file() for name in PRESETS[self.preset].site_configs)

    def _has_foreign_files(self) -> bool:
        if not self.root.is_dir():
            return False
        return any(not entry.name.startswith(".") for entry in os.scandir(self.root))

    # -- writing ---------------------------------------------------------------------------

    def write(
        self,
        path: str,
        text: str,
        post_id: int | None = None,
        count_unchanged: bool = False,
        on_written: Callable[[], None] | None = None,
    ) -> str | None:
        """Write ``text`` at ``path`` (relative) unless the rules forbid it. Returns None when
        written (or already up to date), else why the file was left alone (also reported)."""
        left_alone = self.check(path, text)
        if left_alone is None:
            self.put(path, text, post_id, count_unchanged, on_written)
        return left_alone

    def check(self, path: str, text: str) -> str | None:
        """Why the file at ``path`` must be left alone (recorded for the report), or None."""
        full = safe_path(self.root, path)
        current = _read(full)
        if current is None:
            if len(self._missing) >= _MISSING_KEPT:
                self._missing.clear()
            self._missing[path] = full  # put() writes it without looking again
            return None
        if self._missing:  # found missing by an earlier look whose post was left alone: there now
            self._missing.pop(path, None)
        if self.force or current == text.encode("utf-8"):
            return None
        return self._left_alone(path, lambda: _digest(current))

    def create(self, files: list[tuple[str, str]], post_id: int | None, on_written: Callable[[], None] | None) -> bool:
        """:meth:`check` then :meth:`put` of each of ``files`` (path, text), which are written all
        or none (a post's comments data file, then the post's file), without a look first, when
        that gives what they give: True when all are written (recorded, then ``on_written``
        called). False when this cannot be done, or a file is there: nothing is left of this call
        (a file it made is removed), and the caller takes the general way.

        The way is taken when the files are written at once (not by :attr:`files`' thread: its
        failure must be known before the next file is written) and each file's folder held
        nothing when the run began (:attr:`fresh`): no file of a user's or of an earlier run can
        be there, and none is, unless this run wrote it (another post whose path is the same,
        such as a page and a custom type named ``pages`` in Hugo's ``content/pages``; a
        redirect file). Such a file is met by the link's failure (``EEXIST``, see
        :func:`~.files.create`), and the general way's look then finds it and decides: left
        alone as a clash, or the same text. Each file made here is new, so never unchanged."""
        if self.files is not None or not self.fresh:
            return False
        for path, _text in files:
            if not path.startswith(self.fresh):
                return False
        last = len(files) - 1
        made: list[tuple[str, Entry]] = []
        try:
            for number, (path, text) in enumerate(files):
                full = safe_path(self.root, path)
                data = text.encode("utf-8")
                # a file that may be removed again (all but the last) makes no folder: one left
                # empty would be a folder the general way does not make
                if not create(full, data, make_folder=number == last):
                    while made:  # False: a file is there; None: nothing made (no folder, no O_TMPFILE)
                        _remove(made[-1][0])
                        made.pop()
                    return False
                made.append((full, Entry(path, _digest(data), post_id)))
        finally:
            for number, (_full, entry) in enumerate(made):  # on disk, whole: recorded, also when a later one failed
                self._confirm(entry, on_written if number == last else None)
        return True

    def _left_alone(self, path: str, current_sha256: Callable[[], str]) -> str | None:
        """For a file that holds another text than the one to write: why it is left alone, or None."""
        previous = self.previous.get(path)
        if previous is None:
            self.clashes.add(path)
            return CLASH
        if current_sha256() != previous.sha256:
            self.user_changed.add(path)
            self.written.put(previous)  # still ours: kept in the manifest
            return USER_CHANGED
        return None

    def write_stream(self, path: str, chunks: Iterable[str]) -> str | None:
        """:meth:`write` for a text given in pieces (the redirect maps, the media lists), which is
        never held whole: written to a temporary file first, then checked and put in place."""
        full = safe_join(self.root, path)
        if full.is_dir():
            raise OutputError("is a directory where blogimport writes a file", file=str(full))
        staged = stage(full, chunks)
        try:
            left_alone = None
            if full.exists() and not self.force and not staged.same_as(full):
                left_alone = self._left_alone(path, lambda: file_sha256(full))
            if left_alone is None:
                staged.install()
                self._confirm(Entry(path, staged.sha256), None)
        finally:
            staged.discard()
        return left_alone

    def keep(self, path: str) -> None:
        """A file of ours not rewritten because its post was left alone: not stale."""
        previous = self.previous.get(path)
        if previous is not None:
            self.written.setdefault(previous)

    def put(
        self,
        path: str,
        text: str,
        post_id: int | None = None,
        count_unchanged: bool = False,
        on_written: Callable[[], None] | None = None,
    ) -> None:
        """Write a file :meth:`check` allowed. It enters the manifest, and ``on_written`` is called
        (on this thread), only once the file is on disk: a run stopped by a full disk accounts
        for exactly the files written before the failure."""
        full = self._missing.pop(path, None)
        missing = full is not None  # check() just found no file there
        if full is None:
            full = safe_path(self.root, path)
        data = text.encode("utf-8")
        entry = Entry(path, _digest(data), post_id)
        if self.files is None:
            if not write_bytes_if_changed(full, data, missing=missing) and count_unchanged:
                self.unchanged += 1
            self._confirm(entry, on_written)
            return
        self._collect(self.files)
        self.files.write(full, data, count_unchanged, (entry, on_written), missing)

    def write_in_background(self) -> None:
        """From now on :meth:`put` queues files for a thread (see :class:`BackgroundWriter`)."""
        self.files = BackgroundWriter()

    def wait(self) -> None:
        """Wait for the files queued; raise the first write error. Later writes are made at once."""
        files, self.files = self.files, None
        if files is None:
            return
        try:
            files.close()
        finally:
            self._collect(files)
            self.unchanged += files.unchanged

    def stop(self) -> None:
        """Wait for the thread without raising (a run that already failed or was interrupted)."""
        with contextlib.suppress(OutputError):
            self.wait()

    def _collect(self, files: BackgroundWriter) -> None:
        for token in files.take_done():
            entry, on_written = cast(tuple[Entry, Callable[[], None] | None], token)
            self._confirm(entry, on_written)

    def _confirm(self, entry: Entry, on_written: Callable[[], None] | None) -> None:
        self.written.put(entry)
        if on_written is not None:
            on_written()

    def record(self, path: str, sha256: str, post_id: int | None = None) -> None:
        """A file written by other means (a downloaded media file, streamed to disk): ours now."""
        self.written.put(Entry(path, sha256, post_id))

    # -- after writing ---------------------------------------------------------------------

    def finish(self) -> None:
        self._report(
            self.clashes, "output-clash", "exist and blogimport did not write them: left alone ({force} overwrites)"
        )
        self._report(
            self.user_changed,
            "changed-since-written",
            "were changed since blogimport wrote them: left alone ({force} overwrites)",
        )
        if self.prune:
            self._prune()
        else:
            stale = Named()
            for entry in self.previous.missing_from(self.written):
                stale.add(entry.path)
            self.written.add_missing(self.previous)  # kept, so that a later --prune finds them
            self._report(
                stale,
                "stale-output",
                "were written for posts no longer in the export or not selected: kept ({prune} removes them)",
            )
        self.save()

    def _prune(self) -> None:
        kept: list[Entry] = []
        for entry in self.previous.missing_from(self.written):
            full = safe_join(self.root, entry.path)
            current = _read(full)
            if current is not None and _digest(current) != entry.sha256 and not self.force:
                kept.append(entry)
                continue
            full.unlink(missing_ok=True)
            _remove_empty_parents(full.parent, self.root)
            self.tally.change("stale files removed ({prune})")
        changed = Named()
        for entry in kept:
            self.written.put(entry)
            changed.add(entry.path)
        self._report(changed, "changed-since-written", "are stale but were changed since blogimport wrote them: kept")

    def _report(self, paths: Named, code: str, what: str) -> None:
        if paths.count:
            self.tally.problem(code, f"{paths.count} file(s) {what}: {paths}", file=str(self.root))

    def save(self) -> None:
        write_chunks_if_changed(self.manifest_path, manifest_text(self.preset, self.written))


def manifest_text(preset: str, entries: Iterable[Entry]) -> Iterator[str]:
    """The manifest, piece by piece: ``json.dumps(document, indent=1, ensure_ascii=False) + "\\n"``
    of ``{"schema": ..., "preset": ..., "files": [{"path": ..., "sha256": ..., "post_id": ...}, ...]}``.

    Of :class:`Entries`, the rows as stored, a batch a piece (no :class:`Entry` made)."""
    yield f'{{\n "schema": {_json(SCHEMA)},\n "preset": {_json(preset)},\n "files": ['
    separator = "\n"
    if isinstance(entries, Entries):
        for batch in entries.row_batches():
            yield separator + ",\n".join(
                [
                    f'  {{\n   "path": {encode_basestring(decode(path))},\n   "sha256": {_json(sha256)},\n'
                    f'   "post_id": {int.__repr__(post_id) if post_id.__class__ is int else _json(post_id)}\n  }}'
                    for path, sha256, post_id in batch
                ]
            )
            separator = ",\n"
        yield ("]" if separator == "\n" else "\n ]") + "\n}\n"
        return
    for e in entries:
        yield (
            f'{separator}  {{\n   "path": {_json(e.path)},\n   "sha256": {_json(e.sha256)},\n'
            f'   "post_id": {_json(e.post_id)}\n  }}'
        )
        separator = ",\n"
    yield ("]" if separator == "\n" else "\n ]") + "\n}\n"


def _json(value: object) -> str:
    """``value`` as it stands in the manifest (an earlier manifest may hold any JSON as a post id)."""
    if value.__class__ is str:  # paths and hashes: what json.dumps gives them, without its checks
        return encode_basestring(value)
    if value.__class__ is int:
        return int.__repr__(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n   ")
    return json.dumps(value, ensure_ascii=False)


class Named:
    """Paths for a report line: how many, and the first :data:`SHOWN` of them."""

    def __init__(self) -> None:
        self.count = 0
        self.first: list[str] = []

    def add(self, path: str) -> None:
        self.count += 1
        if len(self.first) < SHOWN:
            self.first.append(path)

    def merge(self, other: Named) -> None:
        """Add ``other``'s paths, as if each had been added here after the ones here."""
        self.count += other.count
        self.first.extend(other.first[: SHOWN - len(self.first)])

    def __str__(self) -> str:
        more = self.count - len(self.first)
        return ", ".join(self.first) + (f" and {more} more" if more > 0 else "")


def _read(path: Path | str) -> bytes | None:
    """The file's bytes; None when there is none (os calls: a file object costs more than the
    system call when, as in a new folder, the file is not there)."""
    try:
        handle = os.open(path, _READ)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise OutputError("is a directory where blogimport writes a file", file=str(path)) from None
    try:
        chunks = []
        while chunk := os.read(handle, _CHUNK):
            chunks.append(chunk)
    except IsADirectoryError:
        raise OutputError("is a directory where blogimport writes a file", file=str(path)) from None
    finally:
        os.close(handle)
    return b"".join(chunks)


_ROWS = 1024  # manifest entries formatted at once
_READ = os.O_RDONLY | getattr(os, "O_BINARY", 0)
_CHUNK = 1 << 20


def _fresh_folders(root: Path, preset: str) -> tuple[str, ...]:
    """The folders of ``root`` where the preset's posts, pages and comments data files go (and
    the folders above them) that hold nothing: missing or empty. Each as a prefix of the paths
    in it (``"content/posts/"``; ``""``: ``root`` itself, every path), a folder in one of them
    left out.

    Looked at once, before the run writes anything: no file in these folders can then be a
    user's or an earlier run's (the manifest's entries there are gone), so :meth:`OutputFolder.create`
    need not look for one before writing."""
    chosen = PRESETS[preset]
    candidates = {""}
    for folder in (
        chosen.posts_dir,
        chosen.pages_dir,
        chosen.drafts_dir,
        chosen.comments_dir,
        chosen.other_types_dir.split("{", 1)[0],
    ):
        names = (folder or "").strip("/").split("/")
        candidates.update("/".join(names[:end]) for end in range(1, len(names) + 1) if names[end - 1])
    fresh: list[str] = []
    listed = {""}  # folders found holding files: the folders in them are looked at
    for folder in sorted(candidates, key=lambda name: (len(name), name)):  # a folder before the ones in it
        prefix = f"{folder}/" if folder else ""
        if prefix.startswith(tuple(fresh)) or folder.rpartition("/")[0] not in listed:
            continue  # in a folder that holds nothing; or in one that is not a folder (a file, a broken link)
        empty = _holds_nothing(os.path.join(root, folder))
        if empty:
            fresh.append(prefix)
        elif empty is not None:
            listed.add(folder)
    return tuple(fresh)


def _holds_nothing(folder: str) -> bool | None:
    """Whether ``folder`` is missing (nothing under its name: not even a broken link) or empty;
    None when it is neither a folder nor missing (a file, a broken link), or cannot be read."""
    try:
        with os.scandir(folder) as entries:
            return next(entries, None) is None
    except FileNotFoundError:
        try:
            os.lstat(folder)
        except FileNotFoundError:
            return True
        return None
    except OSError:
        return None


def _remove(path: str) -> None:
    """Remove the file ``path``, which this run has just made (an :class:`OutputError` naming it
    when that fails)."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise OutputError(f"cannot remove: {exc.strerror or exc}", file=path) from None


def _remove_empty_parents(folder: Path, root: Path) -> None:
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
