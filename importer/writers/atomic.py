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
from typing import BinaryIO

from ..errors import OutputError

STDOUT = "-"


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


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


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
        os.chmod(temp_path, 0o666 & ~_current_umask())
        os.replace(temp_path, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_path)
        raise


@contextlib.contextmanager
def open_output(path: str) -> Iterator[BinaryIO]:
    """``atomic_file(path)``, or standard output (binary) when ``path`` is ``-``."""
    if path == STDOUT:
        stdout = sys.stdout.buffer
        yield stdout
        stdout.flush()
        return
    try:
        with atomic_file(path) as stream:
            yield stream
    except OSError as exc:  # disk full, quota, I/O error: one sentence, never a traceback
        raise OutputError(f"cannot write: {exc.strerror or exc}", file=path) from None
