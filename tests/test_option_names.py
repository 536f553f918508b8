"""Library messages name the library's options (Python names); the command line spells its flags.

One home for each: a message names an option as ``{name}`` / ``{name:value}`` (importer.errors),
the library shows ``name`` / ``name='value'``, cli_report.flag_spelling shows the flag."""

from __future__ import annotations

import dataclasses
import inspect
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from importer import api, bulk, problems, validate
from importer.api import ConvertOptions, Filters, convert
from importer.cli import main
from importer.cli_report import flag_spelling
from importer.errors import OPTION_NAMES, UsageError, spell_options
from importer.inspect import inspect_sources
from importer.readers import ReadOptions
from importer.tally import Tally
from importer.writers import WRITERS, get_writer, option_fields
from importer.writers.sql import SqlOptions

WXR = Path(__file__).resolve().parent.parent / "fixtures" / "wxr" / "wpcom-small.xml"


def test_every_option_of_the_library_may_be_named() -> None:
    """OPTION_NAMES holds every keyword and options field a message can name (else it shows as {name})."""
    names = {f.name for fmt in WRITERS for f in option_fields(get_writer(fmt)[1])}
    for cls in (ConvertOptions, Filters, ReadOptions):
        # (progress: a callback; strip_invalid_chars: no command line flag, no message names it)
        names |= {f.name for f in dataclasses.fields(cls)} - {"read", "filters", "progress", "strip_invalid_chars"}
    names |= {"to", "output"} | {"job_timeout", "retry_failed", "scheduler"} | {"exports", "against"}
    assert names <= OPTION_NAMES
    keywords = {*inspect.signature(api.convert).parameters, *inspect.signature(bulk.batch).parameters}
    keywords |= set(inspect.signature(validate.validate).parameters)
    assert {"to", "output", "job_timeout", "retry_failed", "scheduler", "exports", "against"} <= keywords


def test_every_named_option_is_a_flag_of_the_command_line() -> None:
    flags = {opt for command in main.commands.values() for p in command.params for opt in p.opts}
    assert isinstance(main, click.Group)
    for name in OPTION_NAMES:
        assert flag_spelling(name, None).split()[0] in flags, name


@pytest.mark.parametrize(
    ("template", "library", "command_line"),
    [
        ("{replace} and {append} exclude each other", "replace and append exclude each other",
         "--replace and --append exclude each other"),
        ("{db} does not apply to {to:sqlite}", "db does not apply to to='sqlite'",
         "--db does not apply to --to sqlite"),
        ("is for {to:sql or sqlite}", "is for to='sql' or 'sqlite'", "is for --to sql or sqlite"),
        ("larger than {split_size}", "larger than split_size", "larger than --split-size"),
        ("not selected by {types}", "not selected by types", "not selected by --type"),
        ("{source_format:text} reads it", "source_format='text' reads it", "--from text reads it"),
        ("give {output} DIR", "give output DIR", "give -o DIR"),
        ("failed ({retry_failed} runs it again)", "failed (retry_failed runs it again)",
         "failed (--retry failed runs it again)"),
        ("{not_an_option} and {{x}} stay", "{not_an_option} and {{x}} stay", "{not_an_option} and {{x}} stay"),
    ],
)  # fmt: skip
def test_spelling(template: str, library: str, command_line: str) -> None:
    assert spell_options(template) == library
    assert spell_options(template, flag_spelling) == command_line


def test_a_library_error_names_no_flag_and_the_command_line_does(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as refused:
        convert([str(WXR)], "sqlite", str(tmp_path / "a.db"), write_options=SqlOptions(prune=True))
    assert refused.value.message == "prune needs append with to='sqlite'"
    assert "--" not in str(refused.value)
    result = CliRunner().invoke(main, ["convert", str(WXR), "--to", "sqlite", "-o", str(tmp_path / "b.db"), "--prune"])
    assert result.stderr.splitlines()[0] == "error: --prune needs --append with --to sqlite"


def test_a_library_skip_reason_names_no_flag_and_the_tally_lines_of_the_command_line_do(tmp_path: Path) -> None:
    tally = Tally()
    options = ConvertOptions(filters=Filters(types=frozenset({"page"})))
    convert([str(WXR)], "json", str(tmp_path / "a.json"), options, tally=tally)
    reasons = {reason for _, reason in tally.skipped}
    assert "not selected by types" in reasons
    assert not any("--" in reason for reason in reasons)
    assert "not selected by --type" in " ".join(tally.spelt(flag_spelling).summary_lines())
    assert "not selected by --type" not in " ".join(tally.summary_lines())
    result = CliRunner().invoke(
        main, ["convert", str(WXR), "--to", "json", "-o", str(tmp_path / "b.json"), "--type", "page"]
    )
    assert "post (not selected by --type)" in result.stderr


def test_validate_findings_name_the_library_option_and_the_command_line_its_flag() -> None:
    broken = str(Path(__file__).resolve().parent.parent / "fixtures" / "validate" / "bi002-not-well-formed.xml")
    (found,) = validate.validate([broken]).findings
    assert found.message.endswith("(recover salvages what can be read)")
    assert "--" not in found.message
    result = CliRunner().invoke(main, ["validate", broken])
    assert "(--recover salvages what can be read)" in result.stdout


def test_each_problem_is_defined_once_and_its_summary_names_no_flag() -> None:
    kinds = [*problems._CHECKS, *problems._CONVERSION]
    names = [kind.name for kind in kinds]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []
    assert [kind.name for kind in kinds if "--" in kind.summary] == []
    assert spell_options(problems.PROBLEMS["item-over-split-size"].summary, flag_spelling).endswith("--split-size")


def test_inspect_shows_the_readers_problems_with_the_flags_the_library_names_by_keyword() -> None:
    result = inspect_sources([str(WXR)], ReadOptions(), source_format="html")
    (forced,) = [p for p in result.tally.problems if p.code == "forced-format"]
    assert "because of source_format:" in forced.message
    shown = CliRunner().invoke(main, ["inspect", str(WXR), "--from", "html"])
    assert "read as html because of --from: the content is a WordPress export" in shown.stdout
