"""Output safety: nothing written outside the output, existing files never left half-written,
Ctrl-C leaves no corrupt output, and convert --strict fails a run that skipped something."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, ROOT

from importer.cli import main

CLEAN = FIXTURES / "validate" / "clean.xml"
HANG_GUARD = 120.0  # seconds


def big_export(path: Path, copies: int) -> Path:
    """clean.xml with its items repeated (ids renumbered) until the file is large."""
    text = CLEAN.read_text(encoding="utf-8")
    start, end = text.index("\t<item>"), text.index("</channel>")
    items = text[start:end]
    parts = [text[:start]]
    for n in range(copies):
        parts.append(
            items.replace("<wp:post_id>", f"<wp:post_id>{n}0").replace(
                "<wp:post_name><![CDATA[", f"<wp:post_name><![CDATA[c{n}-"
            )
        )
    parts.append(text[end:])
    path.write_text("".join(parts), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["json", "jsonl", "sqlite"])
def test_a_failed_run_leaves_the_existing_output_untouched(fmt: str, tmp_path: Path) -> None:
    output = tmp_path / f"blog.{fmt}"
    output.write_bytes(b"the previous, complete export")
    broken = tmp_path / "broken.xml"
    broken.write_bytes(CLEAN.read_bytes()[:5000])  # truncated
    extra = ["--replace"] if fmt == "sqlite" else []
    result = CliRunner().invoke(main, ["convert", str(broken), "--to", fmt, "-o", str(output), *extra])
    assert result.exit_code == 1
    assert output.read_bytes() == b"the previous, complete export"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([output.name, broken.name])


@pytest.mark.parametrize("fmt", ["json", "sqlite"])
def test_ctrl_c_while_writing_leaves_no_partial_output(fmt: str, tmp_path: Path) -> None:
    # The source is a pipe the test holds open: the run cannot finish before Ctrl-C arrives.
    export = big_export(tmp_path / "big.xml", 200).read_text(encoding="utf-8")
    source = tmp_path / "source.xml"
    os.mkfifo(source)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    output = out_dir / f"blog.{fmt}"
    command = ["convert", str(source), "--from", "wxr", "--to", fmt, "-o", str(output), "-q"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "importer", *command],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    with open(source, "w", encoding="utf-8") as feed:
        # write() returns once the converter has taken all but a pipe buffer's worth (64 KiB) of
        # these megabytes: it is mid-run, waiting for the rest, when Ctrl-C arrives.
        feed.write(export[: export.index("</channel>")])
        feed.flush()
        assert proc.poll() is None, "the conversion ended before it could be interrupted"
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=HANG_GUARD)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert list(out_dir.iterdir()) == []  # neither the output nor a temporary file


def test_paths_from_the_input_never_leave_the_output_directory(tmp_path: Path) -> None:
    text = CLEAN.read_text(encoding="utf-8")
    text = text.replace("<wp:post_name><![CDATA[spring-tides]]>", "<wp:post_name><![CDATA[../../../escaped]]>")
    text = text.replace("<wp:post_name><![CDATA[about]]>", "<wp:post_name><![CDATA[/etc/cron.d/about]]>")
    text = text.replace("<wp:post_type><![CDATA[page]]>", "<wp:post_type><![CDATA[../../types]]>")
    text = text.replace("2011/03/quay.jpg", "../../../../quay.jpg")
    text = text.replace("<wp:post_name><![CDATA[mooring-fees]]>", "<wp:post_name><![CDATA[..\\..\\win\x00nul]]>")
    source = tmp_path / "source" / "evil.xml"
    source.parent.mkdir()
    source.write_text(text.replace("\x00", ""), encoding="utf-8")
    site = tmp_path / "deep" / "site"
    result = CliRunner().invoke(main, ["convert", str(source), "--to", "markdown", "-o", str(site)])
    assert result.exit_code == 0, result.output
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p != source]
    assert written and all(site in p.parents for p in written), [str(p) for p in written]
    assert not list(Path("/etc/cron.d").glob("about*"))


def test_strict_fails_a_run_that_skipped_something(tmp_path: Path) -> None:
    text = CLEAN.read_text(encoding="utf-8").replace(
        "<wp:post_type><![CDATA[page]]>", "<wp:post_type><![CDATA[nav_menu_item]]>"
    )
    source = tmp_path / "menu.xml"
    source.write_text(text, encoding="utf-8")
    output = tmp_path / "blog.json"
    relaxed = CliRunner().invoke(main, ["convert", str(source), "--to", "json", "-o", str(output)])
    assert relaxed.exit_code == 0 and "skipped: 1 nav_menu_item" in relaxed.stderr
    strict = CliRunner().invoke(main, ["convert", str(source), "--to", "json", "-o", str(output), "--strict"])
    assert strict.exit_code == 1
    assert "--strict" in strict.stderr and "skipped" in strict.stderr
    clean = CliRunner().invoke(main, ["convert", str(CLEAN), "--to", "json", "-o", str(output), "--strict"])
    assert clean.exit_code == 0, clean.stderr


def test_no_stray_files_after_many_runs(tmp_path: Path) -> None:
    """Every convert in this module cleaned up after itself (temporary files are dot-files)."""
    for fmt in ("json", "sqlite", "markdown"):
        target = tmp_path / fmt
        assert CliRunner().invoke(main, ["convert", str(CLEAN), "--to", fmt, "-o", str(target)]).exit_code == 0
        assert target.exists()
    hidden = [p for p in tmp_path.rglob(".*") if p.is_file()]
    assert hidden == []


@pytest.mark.parametrize("umask", [0o002, 0o077])
def test_every_output_file_has_the_mode_the_umask_gives(umask: int, tmp_path: Path) -> None:
    """0666 less the umask, like a file open() creates: a shared group's umask 002 gives 0664 (a
    site built by a group's CI), 077 gives 0600; never 0600 or 0644 whatever the umask."""
    site, db, report = tmp_path / "site", tmp_path / "blog.db", tmp_path / "report.txt"
    commands = [
        ["convert", str(CLEAN), "--to", "markdown", "--preset", "hugo", "--comments", "data", "-o", str(site), "-q"],
        ["convert", str(CLEAN), "--to", "markdown", "--preset", "eleventy", "-o", str(tmp_path / "eleventy"), "-q"],
        ["convert", str(CLEAN), "--to", "sqlite", "-o", str(db), "-q"],
        ["convert", str(CLEAN), "--to", "json", "-o", str(tmp_path / "blog.json"), "-q"],
        ["validate", str(CLEAN), "-o", str(report)],
    ]
    for command in commands:
        proc = subprocess.run(
            [sys.executable, "-m", "importer", *command],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=HANG_GUARD,
            preexec_fn=lambda: os.umask(umask),
        )
        assert proc.returncode == 0, proc.stderr
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert {site / "static" / "_redirects", db, report} <= set(files)
    assert any(p.parent.name == "comments" for p in files)
    modes = {str(p.relative_to(tmp_path)): oct(p.stat().st_mode & 0o777) for p in files}
    assert {name: mode for name, mode in modes.items() if mode != oct(0o666 & ~umask)} == {}


def test_a_database_another_program_holds_is_said_to_be_locked(tmp_path: Path) -> None:
    db = tmp_path / "blog.db"
    assert CliRunner().invoke(main, ["convert", str(CLEAN), "--to", "sqlite", "-o", str(db), "-q"]).exit_code == 0
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # a viewer or another run in the middle of a write
    try:
        commands = {
            "append": ["convert", str(CLEAN), "--to", "sqlite", "-o", str(db), "--append"],
            "validate": ["validate", "--export", str(db)],
        }
        for name, command in commands.items():
            proc = subprocess.run(
                [sys.executable, "-m", "importer", *command],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=HANG_GUARD,
            )
            output = proc.stdout + proc.stderr
            assert proc.returncode == (2 if name == "validate" else 1), output
            assert "locked by another program" in output, output
            assert "not a SQLite database" not in output and "damaged" not in output, output
            assert len([line for line in output.splitlines() if "locked" in line]) == 1, output
    finally:
        holder.close()


@pytest.mark.parametrize("fmt", ["markdown", "sqlite"])
@pytest.mark.parametrize("content", ["<html>", "<html><head><title>pasted page</title></head></html>"])
def test_content_that_is_a_document_without_a_body_converts(fmt: str, content: str, tmp_path: Path) -> None:
    """A post or comment holding a whole pasted page with no <body> (lxml's fragment parser asserts
    one) converts: it shows nothing, and the run goes on (it was an AssertionError traceback)."""
    post = {"id": 1, "type": "post", "status": "publish", "title": "Pasted", "date": "2020-01-01T00:00:00+00:00"}
    comment = {"id": 2, "author": "Ann", "content": content, "date": "2020-01-02T00:00:00+00:00"}
    archive = {
        "schema": "blogimport/1",
        "site": {"title": "Paste bin", "url": "https://paste.example"},
        "posts": [{**post, "content": content, "content_format": "html", "comments": [comment]}],
    }
    source = tmp_path / "archive.json"
    source.write_text(json.dumps(archive), encoding="utf-8")
    out = tmp_path / ("site" if fmt == "markdown" else "blog.sqlite")
    result = CliRunner().invoke(main, ["convert", str(source), "--from", "json", "--to", fmt, "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output + str(result.exception)
    assert out.exists()
