"""Markdown output files: atomic, change-aware writes, also when written from the background thread."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from importer.errors import OutputError
from importer.writers.markdown.files import BackgroundWriter, write_if_changed


def test_write_if_changed_leaves_an_identical_file_alone(tmp_path: Path) -> None:
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


def test_write_if_changed_replaces_a_stale_temporary_file(tmp_path: Path) -> None:
    stale = tmp_path / f".a.md.{os.getpid()}.tmp"
    stale.write_text("half a file")
    assert write_if_changed(tmp_path / "a.md", "whole\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


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
