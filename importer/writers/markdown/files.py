"""Atomic, change-aware file writes: a temporary file then a rename, and only when the text changed.

A file known to be missing (the common case: a new site) is written without a name first where
the system allows it (Linux, ``O_TMPFILE``): an anonymous file in its folder, linked under its
name once all of it is written (``linkat``, which fails when a file took the name meanwhile).
Nothing but the final name enters the folder (a temporary name and a rename add a second entry
and remove one, in a folder of thousands of posts); a write that stops (Ctrl-C, a full disk, the
process killed) leaves no file at all, and the system frees the anonymous one.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import queue
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ...errors import OutputError

_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def write_if_changed(path: Path | str, text: str) -> bool:
    """Write ``text`` to ``path`` atomically unless the file already holds exactly that.

    Returns True when the file was (re)written. A crash leaves either the old or the new file,
    never half of one. New files get the mode a plain ``open()`` gives (0666 less the umask).
    A full disk or a read-only folder is an :class:`OutputError` naming the file.
    """
    return write_bytes_if_changed(path, text.encode("utf-8"))


def write_bytes_if_changed(path: Path | str, data: bytes, *, missing: bool = False) -> bool:
    """:func:`write_if_changed` for text already encoded. ``missing``: the caller has just found
    no file at ``path`` (it is not looked for again)."""
    try:
        return _write_if_changed(os.fspath(path), data, missing)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", file=str(path)) from None


def _write_if_changed(path: str, data: bytes, missing: bool = False) -> bool:
    if not missing:
        try:
            size = os.stat(path).st_size
        except FileNotFoundError:
            missing = True
        else:
            if size == len(data) and _read_bytes(path) == data:
                return False
    if missing and _ANONYMOUS.usable and _write_new(path, data):
        return True
    folder, name = os.path.split(path)
    temporary = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
    handle = _new_temporary(temporary)
    try:
        try:
            _write_all(handle, data)
        finally:
            os.close(handle)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return True


def _write_all(handle: int, data: bytes) -> None:
    written = os.write(handle, data)  # all of it, but for a signal or a full disk
    if written < len(data):
        view = memoryview(data)[written:]
        while view:
            view = view[os.write(handle, view) :]


class _Anonymous:
    """Whether files can be made without a name and linked in (``O_TMPFILE``, ``/proc``): found
    out by the first try (a file system without them turns the way off for the process)."""

    flags = os.O_WRONLY | os.O_CLOEXEC | getattr(os, "O_TMPFILE", 0)
    usable = hasattr(os, "O_TMPFILE")


_ANONYMOUS = _Anonymous()
# O_TMPFILE refused: by the file system (EOPNOTSUPP), by a kernel that predates it (EISDIR, EINVAL)
_NO_TMPFILE = {errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL}


def _write_new(path: str, data: bytes) -> bool:
    """Make the file ``path``, which was missing, holding ``data``: written unnamed in its folder,
    then linked under its name. False when that cannot be done here (no ``O_TMPFILE``, no
    ``/proc``) or a file took the name meanwhile: the caller writes it the general way."""
    return _link_new(path, data) is True


def create(path: str, data: bytes, make_folder: bool = True) -> bool | None:
    """Make the file ``path`` holding ``data``, unless a file has that name: True when made (its
    folder too, when missing and ``make_folder``), False when a file is there (left as it is),
    None when nothing was made otherwise: the folder is missing and not to be made, or this
    system cannot make a file that way (no ``O_TMPFILE``, no ``/proc``). The caller then takes
    the general way (a look first).

    The file is written unnamed and linked in, as a missing file always is (see the module
    docstring): the name appears only once the whole text is there, and the link's own failure
    (``EEXIST``) says a file is there, so no look is needed before. Not ``open(O_CREAT|O_EXCL)``
    under the name then ``write``, which would also answer ``EEXIST``, with one system call less
    and a third less system time a file here (ext4, session 11, bench/README.md): a process killed
    between the two (SIGKILL, the OOM killer) would leave a file cut short under the post's name,
    which the next run takes for a user's file (a clash it leaves alone) instead of writing it.

    A full disk or a read-only folder is an :class:`OutputError` naming the file."""
    if not _ANONYMOUS.usable:
        return None
    try:
        return _link_new(path, data, make_folder)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", file=path) from None


def _link_new(path: str, data: bytes, make_folder: bool = True) -> bool | None:
    """The file ``path`` made holding ``data``, written unnamed then linked in: True when made,
    False when a file has the name, None when this cannot be done here (``O_TMPFILE`` or
    ``/proc`` refused: the way is off for the process; or the folder missing, not ``make_folder``)."""
    # os.path.dirname(path) as posixpath writes it (O_TMPFILE is Linux's), without its calls
    cut = path.rfind("/") + 1
    folder = path[:cut]
    if folder and folder != "/" * cut:
        folder = folder.rstrip("/")
    try:
        handle = _open_anonymous(folder) if make_folder else os.open(folder, _ANONYMOUS.flags, 0o666)
    except FileNotFoundError:
        if make_folder:
            raise
        return None
    except OSError as exc:
        if exc.errno not in _NO_TMPFILE:
            raise
        _ANONYMOUS.usable = False
        return None
    try:
        _write_all(handle, data)
        # os.link calls link(2) unless given a folder descriptor; linkat(2) with AT_SYMLINK_FOLLOW
        # is what links the open file through /proc (the descriptor is ignored: the path is absolute)
        os.link(f"/proc/self/fd/{handle}", path, src_dir_fd=handle, follow_symlinks=True)
    except FileExistsError:
        return False
    except FileNotFoundError:
        if os.path.isdir(_PROC_FDS):
            raise
        _ANONYMOUS.usable = False  # no /proc
        return None
    finally:
        os.close(handle)
    return True


_PROC_FDS = "/proc/self/fd"


def _open_anonymous(folder: str) -> int:
    """An unnamed file in ``folder``, open for writing; the folder is made when missing."""
    try:
        return os.open(folder, _ANONYMOUS.flags, 0o666)
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
        return os.open(folder, _ANONYMOUS.flags, 0o666)


def _read_bytes(path: str) -> bytes:
    with open(path, "rb") as stream:
        return stream.read()


def write_chunks_if_changed(path: Path, chunks: Iterable[str]) -> Staged:
    """:func:`write_if_changed` for a text given in pieces (never held whole): what was written."""
    staged = stage(path, chunks)
    try:
        staged.install()
    finally:
        staged.discard()
    return staged


def stage(path: Path, chunks: Iterable[str]) -> Staged:
    """Write ``chunks`` to a temporary file beside ``path`` (:meth:`Staged.install` puts it in place).

    A full disk or a read-only folder is an :class:`OutputError` naming the file."""
    digest = hashlib.sha256()
    size = 0
    try:
        temporary, handle = _temporary(path)
        try:
            with os.fdopen(handle, "wb") as stream:
                for text in _blocks(chunks):
                    data = text.encode("utf-8")
                    digest.update(data)
                    size += len(data)
                    stream.write(data)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", file=str(path)) from None
    return Staged(path, temporary, digest.hexdigest(), size)


_TEXT_BLOCK = 1 << 16


def _blocks(chunks: Iterable[str]) -> Iterator[str]:
    """``chunks`` joined into blocks of about :data:`_TEXT_BLOCK` characters (a line each is
    many small encodes and writes)."""
    pending: list[str] = []
    size = 0
    for chunk in chunks:
        pending.append(chunk)
        size += len(chunk)
        if size >= _TEXT_BLOCK:
            yield "".join(pending)
            pending = []
            size = 0
    if pending:
        yield "".join(pending)


@dataclass(slots=True)
class Staged:
    """A text written to a temporary file, to be put at ``path`` or dropped."""

    path: Path
    temporary: Path
    sha256: str
    size: int
    rewritten: bool = False  # set by install: the file at path was replaced

    def same_as(self, path: Path) -> bool:
        """Whether the file at ``path`` (which exists) holds exactly this text."""
        return path.stat().st_size == self.size and _same_bytes(path, self.temporary)

    def install(self) -> None:
        """Put the text at :attr:`path`, unless the file there holds exactly that already."""
        try:
            if self.path.exists() and self.same_as(self.path):
                return
            os.replace(self.temporary, self.path)
        except OSError as exc:
            raise OutputError(f"cannot write: {exc.strerror or exc}", file=str(self.path)) from None
        self.rewritten = True

    def discard(self) -> None:
        """Remove the temporary file (nothing to do once installed)."""
        self.temporary.unlink(missing_ok=True)


def _same_bytes(one: Path, other: Path) -> bool:
    with open(one, "rb") as a, open(other, "rb") as b:
        while True:
            block = a.read(_BLOCK)
            if block != b.read(_BLOCK):
                return False
            if not block:
                return True


def file_sha256(path: Path) -> str:
    """The SHA-256 of the file at ``path``, read a block at a time."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while block := stream.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()


_BLOCK = 1 << 20


def _temporary(path: Path) -> tuple[Path, int]:
    """A new temporary file beside ``path``, open for writing: its name and descriptor."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    return temporary, _new_temporary(os.fspath(temporary))


def _new_temporary(temporary: str) -> int:
    """Create the temporary file ``temporary``, open for writing (one left by a run that was killed
    under the same process id is replaced)."""
    try:
        return _create(temporary)
    except FileExistsError:
        os.unlink(temporary)
        return _create(temporary)


def _create(path: str) -> int:
    """Open a new file for writing; its folder is made when missing (one system call when it exists)."""
    try:
        return os.open(path, _NEW_FILE, 0o666)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        return os.open(path, _NEW_FILE, 0o666)


_Queued = tuple[str, str | bytes, bool, object, bool]  # path, text, count_unchanged, token, missing


class BackgroundWriter:
    """:func:`write_if_changed` on a thread, in submission order: creating files (slow on a busy
    disk, and done without the GIL) overlaps the conversion of the next posts. Files are handed
    to the thread :data:`BATCH` at a time (one wake-up a batch, not a file); at most
    ``max_pending`` texts wait; the first error is raised by the next call, or by :meth:`close`.

    Each write carries a ``token``; :meth:`take_done` hands back, in order, the tokens of the files
    that are on disk. After an error nothing more is written, so the tokens taken then are
    exactly the files written before the failure."""

    def __init__(self, max_pending: int = 64) -> None:
        self.unchanged = 0  # counted files that already held their text
        self._batch_size = max(1, min(BATCH, max_pending))
        self._batch: list[_Queued] = []  # not handed to the thread yet
        self._queue: queue.Queue[list[_Queued] | None] = queue.Queue(max(1, max_pending // self._batch_size))
        self._done: deque[object] = deque()  # appended by the thread, taken by the caller
        self._error: BaseException | None = None
        self._failed = False  # set by the thread at the first error: it writes nothing more
        self._thread = threading.Thread(target=self._run, name="blogimport-files", daemon=True)
        self._thread.start()

    def write(
        self,
        path: Path | str,
        text: str | bytes,
        count_unchanged: bool = False,
        token: object = None,
        missing: bool = False,
    ) -> None:
        """Queue ``text`` (or its UTF-8 bytes) for ``path`` (``missing``: as :func:`write_bytes_if_changed`)."""
        self._raise_error()
        batch = self._batch
        batch.append((os.fspath(path), text, count_unchanged, token, missing))
        if len(batch) >= self._batch_size:
            self._batch = []
            self._queue.put(batch)

    def take_done(self) -> list[object]:
        """The tokens of the files written since the last call, in the order they were given."""
        done = []
        while self._done:
            done.append(self._done.popleft())
        return done

    def close(self) -> None:
        """Wait for every file; raise the first error."""
        self.stop()
        self._raise_error()

    def stop(self) -> None:
        """Wait for the thread (what is queued is still written unless an error came first)."""
        if self._thread.is_alive():
            if self._batch:
                batch, self._batch = self._batch, []
                self._queue.put(batch)
            self._queue.put(None)
            self._thread.join()

    def _raise_error(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def _run(self) -> None:
        while (batch := self._queue.get()) is not None:
            for path, text, count_unchanged, token, missing in batch:
                if self._failed:
                    break  # an earlier file failed: the run is over, drain the queue
                try:
                    data = text if text.__class__ is bytes else text.encode("utf-8")  # type: ignore[union-attr]
                    if not write_bytes_if_changed(path, data, missing=missing) and count_unchanged:
                        self.unchanged += 1
                except BaseException as exc:  # handed to the converting thread
                    self._error = exc
                    self._failed = True
                    break
                self._done.append(token)


BATCH = 16  # files a wake-up of the writing thread
