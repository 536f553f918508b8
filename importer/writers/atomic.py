"""Atomic output files: a writer writes a temporary file beside the target and renames it into
place only when everything was written, so a crash or Ctrl-C never leaves a half-written file.

``-`` means standard output: there is nothing to rename, so bytes go straight to stdout.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from typing import IO, BinaryIO

from ..errors import OutputError

STDOUT = "-"
STDOUT_NAME = "<stdout>"  # how an error names standard output


def check_output(path: str) -> str | None:
    """Fail early, before any input is read, when ``path`` cannot be written.

    Returns the directory the file will live in (None for stdout).
    """
    if path == STDOUT:
        return None
    if os.path.isdir(path):
        raise OutputError("is a directory; give a file name", file=path)
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise OutputError(f"directory {directory} does not exist", file=path)
    if not os.access(directory, os.W_OK):
        raise OutputError(f"directory {directory} is not writable", file=path)
    return directory


def file_mode() -> int:
    """The mode a plain ``open()`` gives a new file: 0666 less the process's umask."""
    return 0o666 & ~_umask()


def _umask() -> int:
    """The umask, read without changing it where the system tells it (Linux): setting it to read
    it back would give a file another thread creates meanwhile the wrong mode."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def _name(path: str) -> str:
    return STDOUT_NAME if path == STDOUT else path


@contextlib.contextmanager
def writing(path: str) -> Iterator[None]:
    """An OSError while writing ``path`` (disk full, read-only file system, quota, I/O error) as
    one :class:`OutputError` line. A closed pipe is left to the CLI (it stops quietly)."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", file=_name(path)) from None


@contextlib.contextmanager
def spool_file(output: str, prefix: str) -> Iterator[IO[bytes]]:
    """A nameless temporary file beside ``output`` (the disk the result needs anyway; the temp
    directory for stdout), removed on close. A write error in the block names ``output``."""
    directory = check_output(output)
    with writing(output), tempfile.TemporaryFile(prefix=prefix, dir=directory) as spool:
        yield spool


@contextlib.contextmanager
def atomic_file(path: str) -> Iterator[BinaryIO]:
    """Open ``path`` for binary writing; it appears (or is replaced) only if the block succeeds."""
    directory = check_output(path)
    assert directory is not None
    fd, temp_path = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp creates the file 0600; give it the mode a plain open() would have.
        os.chmod(temp_path, file_mode())
        os.replace(temp_path, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_path)
        raise


@contextlib.contextmanager
def open_output(path: str) -> Iterator[BinaryIO]:
    """``atomic_file(path)``, or standard output (binary) when ``path`` is ``-``."""
    with writing(path):  # disk full, quota, I/O error: one sentence, never a traceback
        if path != STDOUT:
            with atomic_file(path) as stream:
                yield stream
            return
        stdout = sys.stdout.buffer
        try:
            yield stdout
            stdout.flush()
        except OSError:
            _drop_unwritten_stdout()
            raise


def _drop_unwritten_stdout() -> None:
    """After a failed write to stdout (a full device), what is still buffered can never be
    written: point stdout at /dev/null so that the interpreter's flush at exit adds no traceback."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
