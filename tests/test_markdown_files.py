"""Markdown output files: atomic, change-aware writes, also when written from the background thread."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from importer.errors import OutputError
from importer.writers.markdown import files
from importer.writers.markdown.files import BackgroundWriter, write_bytes_if_changed, write_if_changed

# A new file is written unnamed and linked in where the system allows it (Linux: O_TMPFILE),
# else through a temporary name and a rename: every behaviour below holds both ways.
WAYS = ["unnamed", "renamed"]


@pytest.fixture(params=WAYS)
def way(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "unnamed" and not files._ANONYMOUS.usable:
        pytest.skip("no O_TMPFILE here")
    monkeypatch.setattr(files._ANONYMOUS, "usable", request.param == "unnamed")
    return str(request.param)


def test_write_if_changed_leaves_an_identical_file_alone(tmp_path: Path, way: str) -> None:
    path = tmp_path / "posts" / "a.md"
    assert write_if_changed(path, "one\n")  # the folder is made
    before = path.stat().st_mtime_ns
    assert not write_if_changed(path, "one\n")
    assert path.stat().st_mtime_ns == before
    assert write_if_changed(path, "two\n")
    assert path.read_text() == "two\n"
    assert [p.name for p in path.parent.iterdir()] == ["a.md"]  # no temporary file left
    mask = os.umask(0)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask


def test_write_if_changed_replaces_a_stale_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files._ANONYMOUS, "usable", False)  # the way that names a temporary file
    stale = tmp_path / f".a.md.{os.getpid()}.tmp"
    stale.write_text("half a file")
    assert write_if_changed(tmp_path / "a.md", "whole\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


@pytest.mark.parametrize("size", [0, 1, 4096, (1 << 20) + 3])
def test_a_new_file_unnamed_first_is_the_file_a_rename_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int
) -> None:
    if not files._ANONYMOUS.usable:
        pytest.skip("no O_TMPFILE here")
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    made = {}
    for usable in (True, False):
        monkeypatch.setattr(files._ANONYMOUS, "usable", usable)
        path = tmp_path / str(usable) / "posts" / "a.md"  # the folders are made
        assert write_bytes_if_changed(path, data, missing=True)
        made[usable] = (path.read_bytes(), path.stat().st_mode, path.stat().st_nlink, os.listdir(path.parent))
    assert made[True] == made[False] == (data, made[False][1], 1, ["a.md"])


def test_a_file_that_came_meanwhile_is_replaced_whole(tmp_path: Path, way: str) -> None:
    """``missing``: the caller found no file; one that came since is replaced atomically."""
    path = tmp_path / "a.md"
    path.write_bytes(b"someone else's")
    assert write_bytes_if_changed(path, b"ours\n", missing=True)
    assert path.read_bytes() == b"ours\n"
    assert os.listdir(tmp_path) == ["a.md"]


@pytest.mark.parametrize("refusal", [errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL])
def test_a_system_without_unnamed_files_gets_the_renamed_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, refusal: int
) -> None:
    def refused(folder: str) -> int:
        raise OSError(refusal, os.strerror(refusal))

    monkeypatch.setattr(files._ANONYMOUS, "usable", True)
    monkeypatch.setattr(files, "_open_anonymous", refused)
    assert write_if_changed(tmp_path / "a.md", "one\n")
    assert (tmp_path / "a.md").read_text() == "one\n"
    assert not files._ANONYMOUS.usable  # not tried again


def test_without_proc_the_unnamed_file_is_dropped_and_renamed_way_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not files._ANONYMOUS.usable:
        pytest.skip("no O_TMPFILE here")
    monkeypatch.setattr(files, "_PROC_FDS", str(tmp_path / "no-proc"))
    real_link = os.link

    def no_proc(src: str, dst: str, **kwargs: object) -> None:
        if src.startswith("/proc/"):
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", src)
        real_link(src, dst, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(files._ANONYMOUS, "usable", True)
    monkeypatch.setattr(os, "link", no_proc)
    assert write_if_changed(tmp_path / "a.md", "one\n")
    assert (tmp_path / "a.md").read_text() == "one\n"
    assert os.listdir(tmp_path) == ["a.md"]
    assert not files._ANONYMOUS.usable


@pytest.mark.parametrize("failure", [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()])
def test_a_write_that_fails_half_way_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, way: str, failure: BaseException
) -> None:
    """A full disk or Ctrl-C in the middle of a file: no file under its name, nor any other."""
    (tmp_path / "kept.md").write_text("old\n")
    real_write = os.write

    def half(handle: int, data: bytes) -> int:
        real_write(handle, bytes(data[:3]))
        raise failure

    monkeypatch.setattr(os, "write", half)
    expected = OutputError if isinstance(failure, OSError) else KeyboardInterrupt
    for name in ("new.md", "kept.md"):
        with pytest.raises(expected):
            write_if_changed(tmp_path / name, "a whole post\n")
    monkeypatch.undo()
    assert os.listdir(tmp_path) == ["kept.md"]
    assert (tmp_path / "kept.md").read_text() == "old\n"


def test_a_write_the_system_cuts_short_is_continued(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, way: str) -> None:
    real_write = os.write
    monkeypatch.setattr(os, "write", lambda handle, data: real_write(handle, bytes(data[:3])))
    assert write_if_changed(tmp_path / "a.md", "a whole post\n")
    monkeypatch.undo()
    assert (tmp_path / "a.md").read_text() == "a whole post\n"


KILLED_MID_WRITE = """
import os, signal, sys
from importer.writers.markdown import files
files._ANONYMOUS.usable = sys.argv[2] == "unnamed"
real_write = os.write
def killed(handle, data):
    real_write(handle, bytes(data[:3]))
    os.kill(os.getpid(), signal.SIGKILL)
os.write = killed
files.write_bytes_if_changed(sys.argv[1], b"a whole post\\n", missing=True)
"""


def test_a_process_killed_mid_write_leaves_no_file_a_later_run_takes_for_a_clash(tmp_path: Path, way: str) -> None:
    path = tmp_path / "posts" / "a.md"
    path.parent.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-c", KILLED_MID_WRITE, str(path), way], env=env, check=False)
    assert run.returncode == -signal.SIGKILL
    assert not path.exists()  # nothing under the post's name: a later run writes it as new
    left = os.listdir(path.parent)  # the unnamed file is gone with the process; a named one stays hidden
    assert left == [] if way == "unnamed" else [name[:6] + name[-4:] for name in left] == [".a.md..tmp"]
    assert write_if_changed(path, "a whole post\n")
    assert path.read_text() == "a whole post\n"


def test_background_writer_keeps_order_and_counts_unchanged_files(tmp_path: Path) -> None:
    (tmp_path / "same.md").write_text("same\n")
    writer = BackgroundWriter(max_pending=2)
    for n in range(20):
        writer.write(tmp_path / "x" / "last.md", f"{n}\n")
    writer.write(tmp_path / "same.md", "same\n", count_unchanged=True)
    writer.write(tmp_path / "other.md", "same\n", count_unchanged=True)
    writer.close()
    assert (tmp_path / "x" / "last.md").read_text() == "19\n"
    assert writer.unchanged == 1


def test_background_writer_raises_the_first_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    writer = BackgroundWriter()
    writer.write(tmp_path / "first.md", "w\n", token="first")
    writer.write(tmp_path / "file" / "a.md", "x\n", token="a")
    writer.write(tmp_path / "b.md", "y\n", token="b")
    with pytest.raises(OutputError, match=r"a\.md: cannot write: Not a directory"):
        writer.close()
    writer.close()  # raised once; the thread has ended
    # the tokens say exactly which files are on disk: nothing after the failure was written
    assert writer.take_done() == ["first"]
    assert not (tmp_path / "b.md").exists()
