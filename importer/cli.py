"""The ``blogimport`` command: a thin click layer over :mod:`importer.api`.

Only option parsing and wiring lives here; every command calls the library. A command imports
what it uses when it runs (the library API, the SQL writer's dialects, inspect, validate, the
schema), so ``blogimport --help`` and each command start without the others' modules.
"""

from __future__ import annotations

import atexit
import gc
import sys
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import click

from . import __version__
from .cli_batch import batch
from .cli_report import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    Progress,
    cli_text,
    flag_spelling,
    report,
    reporting_errors,
)
from .cli_usage import Choice, Group, LazyChoice
from .errors import UsageError
from .readers import READERS, ReadOptions
from .tally import Tally
from .writers import WRITERS

__all__ = ["EXIT_FAILED", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "Progress", "main"]  # the exit codes, as before

F = TypeVar("F", bound=Callable[..., Any])

# At exit, the objects alive are frozen (the last of the exit handlers, as it is registered before
# the library's): the interpreter's final collection in Py_FinalizeEx then leaves them out. It
# walked every object still alive to find the few cycles left (38 M instructions after a
# 2,000-post run, which holds no output open by then: every writer closes its files and
# databases before the report). The exit handlers still run; so do stdout's and stderr's flush.
atexit.register(gc.freeze)


def _dialects() -> list[str]:
    from .writers.sql.dialects import DIALECTS

    return list(DIALECTS)


def _presets() -> list[str]:
    from .writers.markdown.presets import PRESETS

    return list(PRESETS)


def _layouts() -> list[str]:
    from .writers.markdown.presets import LAYOUTS

    return list(LAYOUTS)


def _comment_modes() -> list[str]:
    from .writers.markdown.presets import COMMENT_MODES

    return list(COMMENT_MODES)


def _inspect_formats() -> list[str]:
    from .inspect import FORMATS

    return list(FORMATS)


def _report_formats() -> list[str]:
    from .validate.formatters import FORMATTERS

    return list(FORMATTERS)


def _comma_set(_ctx: click.Context, _param: click.Parameter, value: tuple[str, ...]) -> frozenset[str]:
    return frozenset(v.strip() for item in value for v in item.split(",") if v.strip())


def _date(_ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
    """A local date or date-time; a bare --until date means the end of that day."""
    if value is None:
        return None
    from .api import parse_local_date

    try:
        return parse_local_date(value, end_of_day=param.name == "until")
    except UsageError as exc:
        raise click.BadParameter(exc.message) from None


_SIZE_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


def _size_option(minimum: int, too_small: str) -> Callable[[click.Context, click.Parameter, str | None], int | None]:
    """A callback reading a size like 8M, 512K, 2G or a number of bytes, at least ``minimum``."""

    def parse(_ctx: click.Context, _param: click.Parameter, value: str | None) -> int | None:
        if value is None:
            return None
        text = value.strip().upper().removesuffix("B")
        unit = text[-1:] if text[-1:] in _SIZE_UNITS else ""
        try:
            size = int(float(text[: len(text) - len(unit)]) * _SIZE_UNITS[unit])
        except ValueError:
            raise click.BadParameter(f"{value!r} is not a size like 8M, 512K or 2G") from None
        if size < minimum:
            raise click.BadParameter(f"{value!r} is too small {too_small}")
        return size

    return parse


def read_options(f: F) -> F:
    """Options shared by every command that reads sources."""
    decorators = [
        click.option(
            "--from",
            "source_format",
            type=Choice(sorted(READERS)),
            help="Input format (default: detected from each file's content).",
        ),
        click.option(
            "--recover", is_flag=True, help="Salvage what can be read from a broken file and report what was lost."
        ),
        click.option("--keep-internal", is_flag=True, help="Keep nav_menu_item and other internal post types."),
        click.option("-q", "--quiet", is_flag=True, help="No progress bar and no tally on stderr."),
        click.option(
            "-j",
            "--jobs",
            type=click.IntRange(1, 64),
            help="Processes to use: a big WXR file is read and written in N parts side by side, a site "
            "mirror's pages parsed N at a time (default: one per core; 1 = one process).",
        ),
    ]
    for decorator in reversed(decorators):
        f = decorator(f)
    return f


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="blogimport")
def main() -> None:
    """Rescue old blogs: read WordPress WXR exports and saved WordPress pages, write Markdown,
    JSON, SQL or WXR for WordPress again, keeping every post, page and comment.

    \b
    Examples:
      blogimport convert export.xml --to json -o blog.json
      blogimport inspect export.xml
      blogimport batch exports/ --to markdown --out-dir sites/
      blogimport schema
    """


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--to", "to", type=Choice(sorted(WRITERS)), required=True, help="Output format.")
@click.option(
    "-o", "--output", help="Output file or directory; '-' for stdout where the format allows (not with --db)."
)
@click.option("--type", "types", multiple=True, callback=_comma_set, help="Only these post types (comma-separated).")
@click.option("--status", "statuses", multiple=True, callback=_comma_set, help="Only these statuses (comma-separated).")
@click.option("--since", callback=_date, help="Only posts dated on or after this date (YYYY-MM-DD).")
@click.option("--until", callback=_date, help="Only posts dated on or before this date (a bare date: that whole day).")
@click.option("--redact", is_flag=True, help="Remove commenter and author emails and IP addresses.")
@click.option("--strict", is_flag=True, help="Exit 1 if anything was skipped.")
@click.option("--compact", is_flag=True, help="json: no indentation (smaller, faster); jsonl is always compact.")
@click.option(
    "--dialect",
    type=LazyChoice(_dialects),
    help="sql: dialect of the script (default sqlite; mysql covers MariaDB).",
)
@click.option("--db", metavar="URL", help="sql: load into this postgresql://... or mysql://... database instead of -o.")
@click.option("--replace", is_flag=True, help="sqlite, sql --db: overwrite an existing database / blogimport tables.")
@click.option("--append", is_flag=True, help="sqlite: upsert into an existing database and report what changed.")
@click.option("--no-fts", is_flag=True, help="sqlite: skip the FTS5 full-text index.")
@click.option("--with-markdown", is_flag=True, help="sqlite, sql: also store each post as Markdown (content_markdown).")
@click.option("--preset", type=LazyChoice(_presets), help="markdown: site generator (hugo).")
@click.option(
    "--layout",
    type=LazyChoice(_layouts),
    help="markdown: slug.md, YYYY/MM/slug.md or slug/index.md.",
)
@click.option(
    "--comments",
    type=LazyChoice(_comment_modes),
    help="markdown: comments in a data file per post (default), at the end of the post, or dropped (counted).",
)
@click.option("--strip-unknown-shortcodes", is_flag=True, help="markdown: remove shortcodes no generator knows.")
@click.option(
    "--sanitize",
    is_flag=True,
    help="markdown: remove scripts, on* attributes and script URLs from posts too (comments: always).",
)
@click.option(
    "--download-media",
    is_flag=True,
    help="markdown: fetch the blog's images and files into the site (http/https from public addresses only).",
)
@click.option("--media-jobs", type=click.IntRange(1, 32), help="markdown: parallel downloads (4).")
@click.option(
    "--max-media-size",
    callback=_size_option(1, "(give a size like 100M)"),
    metavar="SIZE",
    help="markdown: give up a downloaded file larger than SIZE (100M).",
)
@click.option(
    "--media-timeout",
    type=click.IntRange(1, 86400),
    metavar="SECONDS",
    help="markdown: give up a file not downloaded after SECONDS, retries included (120).",
)
@click.option(
    "--allow-private-media-hosts",
    is_flag=True,
    help="markdown: also download from loopback, private and link-local addresses (an intranet blog).",
)
@click.option("--check-fidelity", is_flag=True, help="markdown: report posts whose Markdown renders differently.")
@click.option(
    "--split-size",
    callback=_size_option(4096, "for a WXR file (at least 4K)"),
    metavar="SIZE",
    help="wxr: write OUTPUT.001.xml, OUTPUT.002.xml ... each at most SIZE (8M, 512K), each complete.",
)
@click.option(
    "--force", is_flag=True, help="markdown: write into a folder blogimport did not fill, over files it did not write."
)
@click.option("--prune", is_flag=True, help="markdown, sqlite --append: remove what was written for posts now gone.")
@read_options
def convert(
    sources: tuple[str, ...],
    to: str,
    output: str | None,
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
    jobs: int | None,
    **writer_values: Any,
) -> None:
    """Convert SOURCES (WXR files, HTML pages, '-' for stdin) to another format.

    Several WXR files of one site merge into one archive. The output file appears only when
    everything was written. The run ends with a tally on stderr: read, written, skipped (why).

    \b
    Examples:
      blogimport convert export.xml --to json -o blog.json
      blogimport convert export.xml.gz --to jsonl -o - | jq .title
      blogimport convert part1.xml part2.xml --to json -o blog.json --type post --status publish
      blogimport convert export.xml --to markdown --preset jekyll -o site/
      blogimport convert saved-pages/ --to wxr -o rescued.xml --split-size 8M
      blogimport convert blog.json --from json --to wxr -o blog.xml
    """
    from . import api

    progress = Progress(not quiet)
    options = api.ConvertOptions(
        read=ReadOptions(recover=recover, keep_internal=keep_internal, progress=progress, jobs=jobs or 0),
        filters=api.Filters(types=types, statuses=statuses, since=since, until=until),
        source_format=source_format,
        redact=redact,
    )
    tally = Tally()
    with reporting_errors(progress, partial=lambda: report(tally, quiet)):
        write_options = api.writer_options(to, writer_values)
        if output is None and not writer_values.get("db"):
            raise UsageError("missing option -o/--output")
        api.convert(list(sources), to, output or "", options, write_options, tally)
    report(tally, quiet)
    if strict and tally.skipped:
        click.echo("error: --strict: some records were skipped (see the tally above)", err=True)
        sys.exit(EXIT_FAILED)


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--format", "output_format", type=LazyChoice(_inspect_formats), default="text", show_default=True)
@read_options
def inspect(
    sources: tuple[str, ...],
    output_format: str,
    source_format: str | None,
    recover: bool,
    keep_internal: bool,
    quiet: bool,
    jobs: int | None,
) -> None:
    """Show what SOURCES hold and the problems found in them, without converting.

    Detected format and version, items by type and status, comments by type and status,
    authors, terms by taxonomy, date range, and problems (dangling comment parents, posts
    whose author is not declared, duplicate ids, and what the reader reported).

    \b
    Examples:
      blogimport inspect export.xml
      blogimport inspect part1.xml part2.xml --format json | jq .problems
    """
    from .inspect import FORMATS, inspect_sources

    progress = Progress(not quiet)
    options = ReadOptions(recover=recover, keep_internal=keep_internal, progress=progress, jobs=jobs or 0)
    with reporting_errors(progress):
        result = inspect_sources(list(sources), options, source_format=source_format)
    result.tally = result.tally.spelt(flag_spelling)  # the readers' texts name options as flags
    click.echo(FORMATS[output_format](result), nl=False)
    report(result.tally, quiet, wrote=False)


@main.command()
@click.option("--json", "what", flag_value="json", default=True, help="JSON Schema of --to json documents (default).")
@click.option("--jsonl", "what", flag_value="jsonl", help="The JSON Schema of one --to jsonl line.")
@click.option("--sql", "what", flag_value="sql", help="The SQL schema (CREATE TABLE statements, commented).")
@click.option(
    "--dialect",
    type=LazyChoice(_dialects),
    default="sqlite",
    show_default=True,
    help="With --sql: the dialect.",
)
def schema(what: str, dialect: str) -> None:
    """Print the schema of blogimport's output.

    The JSON Schema (draft 2020-12) that every --to json document (or, with --jsonl, every
    --to jsonl line) validates against; with --sql, the tables of --to sqlite / --to sql.

    \b
    Examples:
      blogimport schema > blogimport-1.schema.json
      blogimport schema --jsonl
      blogimport schema --sql --dialect postgresql
    """
    if what == "sql":
        from .writers.sql.dialects import get_dialect, schema_sql

        click.echo(schema_sql(get_dialect(dialect)), nl=False)
    elif what == "jsonl":
        import json

        from .schema import load_jsonl_record_schema

        click.echo(json.dumps(load_jsonl_record_schema(), indent=2, ensure_ascii=False))
    else:
        from .schema import json_schema_text

        click.echo(json_schema_text(), nl=False)


@main.command()
@click.argument("sources", nargs=-1)
@click.option("--export", "exports", multiple=True, help="Check blogimport's own output (Markdown dir, JSON, SQLite).")
@click.option("--against", multiple=True, help="With --export: the source the export was made from (counts reconcile).")
@click.option("--format", "fmt", type=LazyChoice(_report_formats), help="Report format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to this file, not stdout.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--ignore", multiple=True, help="Finding codes or names to skip (comma-separated, repeatable).")
@click.option("--config", "config_path", help="Settings file (default: .blogimport.toml or pyproject.toml).")
@click.option("--list-codes", is_flag=True, help="List every finding code and exit.")
def validate(
    sources: tuple[str, ...],
    exports: tuple[str, ...],
    against: tuple[str, ...],
    fmt: str | None,
    output: str | None,
    strict: bool,
    ignore: tuple[str, ...],
    config_path: str | None,
    list_codes: bool,
) -> None:
    """Check SOURCES (WXR exports, HTML pages) or, with --export, blogimport's output, for CI.

    Exit code 0: clean; 1: errors found (with --strict, warnings too); 2: usage error or unreadable input.

    \b
    Examples:
      blogimport validate export.xml
      blogimport validate export.xml --format github --strict
      blogimport validate --export blog.json --against export.xml --format junit -o validate.xml
    """
    from . import validate as checks

    if list_codes:
        for code in checks.CODES.values():
            click.echo(f"{code.code} {code.name:<28} {code.severity.value:<8} {cli_text(code.summary)}")
        return
    if not sources and not exports:
        raise click.UsageError("give at least one SOURCE or --export")
    with reporting_errors():
        config = checks.with_options(checks.load_config(config_path), strict, ignore, fmt)
        report = checks.validate(list(sources), config, exports=list(exports), against=list(against))
        report = report.spelt(flag_spelling)
        text = checks.FORMATTERS[config.format or "text"](report)
        if output:
            checks.write_report(output, text)
        else:
            click.echo(text, nl=False)
    sys.exit(report.exit_code)


main.add_command(batch)
