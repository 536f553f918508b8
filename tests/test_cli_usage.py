"""Usage errors are one error line plus one hint line ("did you mean" where a value or option is
misspelt), exit 2; filter values are checked; options that do not fit --to are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from importer.cli import EXIT_USAGE, main

WXR = Path(__file__).resolve().parent.parent / "fixtures" / "wxr" / "wpcom-small.xml"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def convert(tmp_path: Path, *args: str) -> Result:
    return run("convert", str(WXR), "-o", str(tmp_path / "out"), *args)


def error_and_hint(result: Result) -> tuple[str, str]:
    assert result.exit_code == EXIT_USAGE, result.output
    assert "Traceback" not in result.stderr and "Usage:" not in result.stderr
    error, hint = result.stderr.splitlines()  # exactly two lines
    assert error.startswith("error: ") and hint.startswith("hint: ")
    return error, hint


@pytest.mark.parametrize(
    ("args", "error", "hint"),
    [
        (
            ["--to", "jsn"],
            "error: --to: 'jsn' is not one of json, jsonl, markdown, sql, sqlite",
            "did you mean --to json?",
        ),
        (["--to", "json", "--tpye", "post"], "error: no such option: --tpye", "did you mean --type?"),
        (["--to", "json", "--status", "published"], "is not a WordPress status (publish, draft,", "--status publish?"),
        (["--to", "json", "--type", "pots"], "error: --type: 'pots' is not a post type", "did you mean --type post?"),
        (["--to", "json", "--type", "post,pages"], "'pages' is not a post type", "did you mean --type page?"),
        (["--to", "markdown", "--preset", "hgo"], "'hgo' is not one of hugo, jekyll, eleventy", "--preset hugo?"),
    ],
)
def test_a_misspelt_value_or_option_gets_a_did_you_mean(tmp_path: Path, args: list[str], error: str, hint: str) -> None:
    line, hint_line = error_and_hint(convert(tmp_path, *args))
    assert error in line
    assert hint_line.endswith(hint)
    assert not (tmp_path / "out").exists()


def test_a_missing_option_points_to_the_help(tmp_path: Path) -> None:
    error, hint = error_and_hint(run("convert", str(WXR), "-o", str(tmp_path / "x")))
    assert error == "error: missing option --to"
    assert "convert --help" in hint


def test_a_misspelt_command_gets_a_did_you_mean() -> None:
    assert error_and_hint(run("valdiate", "x.xml")) == (
        "error: no such command 'valdiate'",
        "hint: did you mean validate?",
    )


@pytest.mark.parametrize(
    ("args", "error", "hint"),
    [
        (["--to", "json", "--preset", "hugo"], "--preset does not apply to --to json", "--preset is for --to markdown"),
        (["--to", "json", "--layout", "dated"], "--layout does not apply to --to json", "for --to markdown"),
        (["--to", "jsonl", "--download-media"], "--download-media does not apply to --to jsonl", "--to markdown"),
        (["--to", "markdown", "--append"], "--append does not apply to --to markdown", "for --to sql or sqlite"),
        (["--to", "markdown", "--compact"], "--compact does not apply to --to markdown", "for --to json or jsonl"),
        (["--to", "sqlite", "--dialect", "mysql"], "--dialect does not apply to --to sqlite", "for --to sql"),
        (["--to", "sqlite", "--prune"], "--prune needs --append with --to sqlite", "holds only this export"),
        (["--to", "sql", "--append"], "--append does not apply to --to sql", "--append is for --to sqlite"),
    ],
)
def test_options_that_do_not_fit_the_output_are_usage_errors(
    tmp_path: Path, args: list[str], error: str, hint: str
) -> None:
    line, hint_line = error_and_hint(convert(tmp_path, *args))
    assert error in line and hint in hint_line
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("option", "value"), [("--type", "product"), ("--status", "future")])
def test_a_valid_value_that_matches_nothing_is_a_warning(tmp_path: Path, option: str, value: str) -> None:
    result = convert(tmp_path, "--to", "json", option, value)
    assert result.exit_code == 0, result.output
    assert "1 filter-matched-nothing" in result.stderr  # product: a custom type this blog does not have


def test_validate_export_of_a_source_file_is_exit_2() -> None:
    result = run("validate", "--export", str(WXR))
    assert result.exit_code == EXIT_USAGE
    assert "not a blogimport export" in result.output


def test_inspect_prints_no_written_line() -> None:
    result = run("inspect", str(WXR))
    assert result.exit_code == 0
    assert "read: " in result.stderr and "written:" not in result.stderr
