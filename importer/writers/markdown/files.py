"""Atomic, change-aware file writes: a temporary file then a rename, and only when the text changed."""

from __future__ import annotations

import os
from pathlib import Path

_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` atomically unless the file already holds exactly that.

    Returns True when the file was (re)written. A crash leaves either the old or the new file,
    never half of one. New files get the mode a plain ``open()`` gives (0666 less the umask).
    """
    data = text.encode("utf-8")
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        handle = _create(temporary)
    except FileExistsError:  # left by a run that was killed under the same process id
        temporary.unlink()
        handle = _create(temporary)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return True


def _create(path: Path) -> int:
    """Open a new file for writing; its folder is made when missing (one system call when it exists)."""
    try:
        return os.open(path, _NEW_FILE, 0o666)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, _NEW_FILE, 0o666)
