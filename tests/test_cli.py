"""The command line: help, errors, exit codes, progress, option parsing."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from importer.cli import EXIT_FAILED, EXIT_USAGE, Progress, main

ROOT = Path(__file__).resolve().parent.parent


def commands() -> list[str]:
    return sorted(main.commands)


def test_main_help_lists_the_commands_with_examples() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output
    for name in commands():
        assert name in result.output


@pytest.mark.parametrize("command", commands())
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output, f"`blogimport {command} --help` needs an Example: section"
    assert f"blogimport {command}" in result.output.split("Example", 1)[1]


def test_missing_source_is_one_error_line_and_exit_1(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["convert", str(tmp_path / "nope.xml"), "--to", "json", "-o", "out.json"])
    assert result.exit_code == EXIT_FAILED
    assert result.stderr == f"error: {tmp_path / 'nope.xml'}: no such file or directory\n"
    assert result.stdout == ""


@pytest.mark.parametrize(
    "args",
    [
        ["convert", "x.xml"],  # --to missing
        ["convert", "x.xml", "--to", "pdf", "-o", "x"],  # unknown format
        ["convert", "--to", "json", "-o", "x"],  # no source
        ["convert", "x.xml", "--to", "json", "-o", "x", "--since", "last tuesday"],
        ["inspect", "x.xml", "--format", "yaml"],
        ["frobnicate"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == EXIT_USAGE
    assert "Traceback" not in result.output


def test_dates_with_a_utc_offset_are_refused_for_since() -> None:
    result = CliRunner().invoke(main, ["convert", "x", "--to", "json", "-o", "x", "--since", "2010-01-01T00:00+02:00"])
    assert result.exit_code == EXIT_USAGE
    assert "without a UTC offset" in result.output


def test_output_directory_that_does_not_exist_is_an_error_before_reading(tmp_path: Path) -> None:
    source = tmp_path / "in.xml"
    source.write_text("<rss><channel></channel></rss>")
    out = tmp_path / "no" / "such" / "dir" / "out.json"
    result = CliRunner().invoke(main, ["convert", str(source), "--to", "json", "-o", str(out)])
    assert result.exit_code == EXIT_FAILED
    assert result.stderr.startswith(f"error: {out}: directory ")
    assert result.stderr.count("\n") == 1


def test_python_dash_m_importer_works() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "importer", "--version"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.startswith("blogimport, version ")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_is_drawn_on_a_terminal() -> None:
    stream = _Terminal()
    progress = Progress(True, stream=stream)
    progress("big.xml", 0, 1000)
    progress("big.xml", 500, 1000)
    progress("big.xml", 1000, 1000)
    progress.close()
    assert "big.xml" in stream.getvalue()
    assert "100%" in stream.getvalue()


def test_progress_bar_switches_to_the_next_file() -> None:
    stream = _Terminal()
    progress = Progress(True, stream=stream)
    progress("a.xml", 10, 10)
    progress("b.xml", 5, 10)
    progress.close()
    assert "a.xml" in stream.getvalue() and "b.xml" in stream.getvalue()


@pytest.mark.parametrize(("enabled", "stream"), [(False, _Terminal()), (True, io.StringIO())])
def test_no_progress_bar_with_quiet_or_when_not_a_terminal(enabled: bool, stream: io.StringIO) -> None:
    progress = Progress(enabled, stream=stream)
    progress("big.xml", 500, 1000)
    progress.close()
    assert stream.getvalue() == ""


def test_bare_until_date_includes_that_whole_day() -> None:
    until = main.commands["convert"].params
    option = next(p for p in until if p.name == "until")
    ctx = click.Context(main.commands["convert"])
    assert option.process_value(ctx, "2010-11-19") == datetime(2010, 11, 19, 23, 59, 59, 999999)
    assert option.process_value(ctx, "2010-11-19T13:02") == datetime(2010, 11, 19, 13, 2)
    since = next(p for p in until if p.name == "since")
    assert since.process_value(ctx, "2010-11-19") == datetime(2010, 11, 19)
