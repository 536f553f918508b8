"""Write failures: a full disk, a read-only folder, a full stdout. One error line and exit 1,
never a traceback; no file is left half-written; a Markdown run that stopped half-way says in its
tally which posts are on disk.

The disks are real: a small tmpfs mounted for the test (the tests run as root, as CI does), and
/dev/full for standard output."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT

import importer
from importer.api import ConvertOptions, Filters
from importer.cli import EXIT_FAILED

sys.path.insert(0, str(ROOT / "bench"))
from synth_wxr import write_synthetic_wxr

HANG_GUARD = 300.0  # seconds: a guard against a hang, not a speed limit


def run(*args: str, stdout: int | None = subprocess.DEVNULL) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "importer", *args],
        cwd=ROOT,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=HANG_GUARD,
        check=False,
    )


def mount_tmpfs(where: Path, size: str, *options: str) -> None:
    where.mkdir(parents=True, exist_ok=True)
    command = ["mount", "-t", "tmpfs", "-o", ",".join([f"size={size}", *options]), "tmpfs", str(where)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs (needs root, as in CI): {result.stderr.strip()}")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 96 KiB disk: room for a dozen posts of the synthetic export, not for a hundred."""
    disk = tmp_path / "disk"
    mount_tmpfs(disk, "96k")
    yield disk
    subprocess.run(["umount", str(disk)], check=False)


@pytest.fixture
def read_only_disk(tmp_path: Path) -> Iterator[Path]:
    disk = tmp_path / "ro"
    mount_tmpfs(disk, "1m")
    (disk / "site").mkdir()
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    yield disk
    subprocess.run(["umount", str(disk)], check=False)


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_synthetic_wxr(tmp_path_factory.mktemp("export") / "blog.xml", posts=100, comments_per_post=2)


def error_lines(stderr: str) -> list[str]:
    assert "Traceback" not in stderr
    return [line for line in stderr.splitlines() if line.startswith("error:")]


def test_markdown_on_a_full_disk_says_which_posts_were_written(export: Path, small_disk: Path) -> None:
    site = small_disk / "site"
    result = run("convert", str(export), "--to", "markdown", "-o", str(site))
    assert result.returncode == EXIT_FAILED
    [error] = error_lines(result.stderr)
    assert error.endswith("cannot write: No space left on device")
    on_disk = sorted(str(p.relative_to(site)) for p in (site / "content").rglob("*.md"))
    assert 0 < len(on_disk) < 100
    # the tally counts exactly the posts on disk, and names them
    written = re.search(r"^written: .*?(\d+) post\b", result.stderr, re.MULTILINE)
    assert written is not None and int(written.group(1)) == len(on_disk), result.stderr
    [incomplete] = [line for line in result.stderr.splitlines() if line.startswith("output-incomplete:")]
    assert f"after writing {len(on_disk)} post(s)" in incomplete
    assert on_disk[0] in incomplete
    # every file there is whole (written atomically): no temporary file, front matter that parses
    assert not [p for p in site.rglob("*") if p.name.endswith(".tmp")]
    for path in on_disk:
        front_matter = (site / path).read_text(encoding="utf-8").split("---\n")[1]
        assert yaml.safe_load(front_matter)["title"]
    for path in (site / "data").rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))


def test_markdown_into_a_read_only_folder_is_one_line(export: Path, read_only_disk: Path) -> None:
    for output in (read_only_disk / "site", read_only_disk / "new" / "site"):
        result = run("convert", str(export), "--to", "markdown", "-o", str(output))
        assert result.returncode == EXIT_FAILED
        [error] = error_lines(result.stderr)
        assert error.endswith("cannot write: Read-only file system"), error


@pytest.mark.parametrize("fmt", ["json", "jsonl", "sql", "wxr"])
def test_a_file_output_on_a_full_disk_is_one_line_and_leaves_nothing(fmt: str, export: Path, small_disk: Path) -> None:
    output = small_disk / f"blog.{fmt}"
    result = run("convert", str(export), "--to", fmt, "-o", str(output))
    assert result.returncode == EXIT_FAILED
    assert error_lines(result.stderr) == [f"error: {output}: cannot write: No space left on device"]
    assert list(small_disk.iterdir()) == []  # neither a half-written output nor a spool


@pytest.mark.parametrize("fmt", ["json", "jsonl", "sql", "wxr"])
def test_stdout_to_a_full_device_is_one_line(fmt: str, export: Path) -> None:
    with open("/dev/full", "wb") as full:
        result = run("convert", str(export), "--to", fmt, "-o", "-", stdout=full.fileno())
    assert result.returncode == EXIT_FAILED
    assert result.stderr.splitlines()[-1:] == ["error: <stdout>: cannot write: No space left on device"]
    assert len(error_lines(result.stderr)) == 1
    assert "Exception ignored" not in result.stderr


def test_a_markdown_run_that_writes_no_comment_does_not_list_comments_as_written(tmp_path: Path) -> None:
    tally = importer.convert(
        [str(FIXTURES / "wxr" / "wpcom-small.xml")],
        to="markdown",
        output=str(tmp_path / "site"),
        options=ConvertOptions(filters=Filters(types=frozenset({"page"}))),
    )
    assert tally.written["page"] == 1
    assert "comment" not in tally.written
