"""The ``blogimport`` command: a thin click layer over :mod:`importer.api`.

Only option parsing and wiring lives here; every command calls the library.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import click

from . import __version__, api
from .errors import BlogImportError, UsageError
from .readers import READERS, ReadOptions
from .tally import Tally
from .writers import WRITERS

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK = 0
EXIT_FAILED = 1  # bad input, errors found, or (with --strict) something skipped
EXIT_USAGE = 2  # click's own code for usage errors


def _comma_set(_ctx: click.Context, _param: click.Parameter, value: tuple[str, ...]) -> frozenset[str]:
    return frozenset(v.strip() for item in value for v in item.split(",") if v.strip())


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2010-11-19 or 2010-11-19T13:02") from None


class Progress:
    """A progress bar on stderr, shown only on a terminal and never with --quiet."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self._bar: Any = None
        self._path: str | None = None
        self._done = 0

    def __call__(self, path: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        if path != self._path:
            self.close()
            self._path, self._done = path, 0
            self._bar = click.progressbar(length=max(total, 1), label=click.format_filename(path), file=sys.stderr)
            self._bar.__enter__()
        self._bar.update(done - self._done)
        self._done = done

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


def report(tally: Tally, quiet: bool) -> None:
    if quiet:
        return
    for line in tally.summary_lines():
        click.echo(line, err=True)


def fail(exc: BlogImportError) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(EXIT_USAGE if isinstance(exc, UsageError) else EXIT_FAILED)


def read_options(f: F) -> F:
    """Options shared by every command that reads sources."""
    decorators = [
        click.option(
            "--from",
            "source_format",
            type=click.Choice(sorted(READERS)),
            help="Input format (default: detected from each file's content).",
        ),
        click.option("--recover", is_flag=True, help="Salvage what can be read from a broken file and report what was lost."),
        click.option("--keep-internal", is_flag=True, help="Keep nav_menu_item and other internal post types."),
        click.option("-q", "--quiet", is_flag=True, help="No progress bar and no tally on stderr."),
    ]
    for decorator in reversed(decorators):
        f = decorator(f)
    return f


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="blogimport")
def main() -> None:
    """Rescue old blogs: read WordPress WXR exports and saved WordPress pages, write Markdown,
    JSON or SQL, keeping every post, page and comment.

    \b
    Examples:
      blogimport convert export.xml --to json -o blog.json
      blogimport inspect export.xml
      blogimport schema
    """


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--to", "to", type=click.Choice(sorted(WRITERS)), required=True, help="Output format.")
@click.option("-o", "--output", required=True, help="Output file or directory; '-' for stdout where the format allows.")
@click.option("--type", "types", multiple=True, callback=_comma_set, help="Only these post types (comma-separated).")
@click.option("--status", "statuses", multiple=True, callback=_comma_set, help="Only these statuses (comma-separated).")
@click.option("--since", callback=_date, help="Only posts dated on or after this date (YYYY-MM-DD).")
@click.option("--until", callback=_date, help="Only posts dated on or before this date.")
@click.option("--redact", is_flag=True, help="Remove commenter and author emails and IP addresses.")
@click.option("--strict", is_flag=True, help="Exit 1 if anything was skipped.")
@read_options
def convert(
    sources: tuple[str, ...],
    to: str,
    output: str,
    types: frozenset[str],
    statuses: frozenset[str],
    since: datetime | None,
    until: datetime | None,
    redact: bool,
    strict: bool,
    source_format: str | None,
    recover: bool,
    keep_internal: bool,
    quiet: bool,
    **writer_values: Any,
) -> None:
    """Convert SOURCES (WXR files, HTML pages, '-' for stdin) to another format.

    Several WXR files of one site merge into one archive.

    \b
    Examples:
      blogimport convert export.xml --to json -o blog.json
      blogimport convert export.xml.gz --to jsonl -o - | jq .title
      blogimport convert part1.xml part2.xml --to json -o blog.json --type post --status publish
    """
    progress = Progress(not quiet)
    options = api.ConvertOptions(
        read=ReadOptions(recover=recover, keep_internal=keep_internal, progress=progress),
        filters=api.Filters(types=types, statuses=statuses, since=since, until=until),
        source_format=source_format,
        redact=redact,
    )
    try:
        write_options = api.writer_options(to, writer_values)
        tally = api.convert(list(sources), to, output, options, write_options)
    except BlogImportError as exc:
        progress.close()
        fail(exc)
        return
    progress.close()
    report(tally, quiet)
    if strict and tally.skipped:
        click.echo("error: --strict: some records were skipped (see the tally above)", err=True)
        sys.exit(EXIT_FAILED)
