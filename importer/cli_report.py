"""How a command ends on the terminal: the progress bar, the tally, one line per error and the
exit code (shared by :mod:`importer.cli` and :mod:`importer.cli_batch`)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn, TextIO

import click

from .cli_usage import help_hint
from .errors import BlogImportError, PartialOutputError, UsageError, spell_options
from .tally import SKIP_INTERNAL_TYPE, Tally

EXIT_OK = 0
EXIT_FAILED = 1  # bad input, errors found, or (with --strict) something skipped
EXIT_USAGE = 2  # click's own code for usage errors
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT

# skip reason -> the option that keeps those records (the library's reasons name no option)
SKIP_HINTS = {SKIP_INTERNAL_TYPE: "keep with --keep-internal"}
# Options of the library whose flag is not --NAME-WITH-DASHES.
FLAGS = {
    "output": "-o",
    "source_format": "--from",
    "types": "--type",
    "statuses": "--status",
    "retry_failed": "--retry failed",
    "exports": "--export",
}


def flag_spelling(name: str, value: str | None) -> str:
    """An option of a library message as the command line spells it (``--split-size``, ``--to sqlite``)."""
    flag = FLAGS.get(name, "--" + name.replace("_", "-"))
    return flag if value is None else f"{flag} {value}"


def cli_text(text: str) -> str:
    """A library text (a message, a skip reason, a problem) with its options as flags."""
    return spell_options(text, flag_spelling)


class Progress:
    """A progress bar on stderr, shown only on a terminal and never with --quiet."""

    def __init__(self, enabled: bool, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled and self.stream.isatty()
        self._bar: Any = None
        self._path: str | None = None
        self._done = 0

    def __call__(self, path: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        if path != self._path:
            self.close()
            self._path, self._done = path, 0
            label = click.format_filename(path, shorten=True)
            self._bar = click.progressbar(length=max(total, 1), label=label, file=self.stream)
            self._bar.__enter__()
        self._bar.update(done - self._done)
        self._done = done

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


def report(tally: Tally, quiet: bool, *, wrote: bool = True) -> None:
    """The tally on stderr; ``wrote=False`` for commands that write nothing (no "written:" line)."""
    if quiet:
        return
    for line in tally.spelt(flag_spelling).summary_lines(SKIP_HINTS):
        if wrote or not line.startswith("written:"):
            click.echo(line, err=True)


def fail(exc: BlogImportError) -> NoReturn:
    click.echo(f"error: {exc.describe(flag_spelling)}", err=True)
    if isinstance(exc, UsageError):
        context = click.get_current_context(silent=True)
        hint = cli_text(exc.hint_template) if exc.hint_template else None
        click.echo(f"hint: {hint or help_hint(context.command_path if context else 'blogimport')}", err=True)
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_FAILED)


@contextmanager
def reporting_errors(progress: Progress | None = None, partial: Callable[[], None] | None = None) -> Iterator[None]:
    """Turn what a user can cause into one line on stderr and an exit code, never a traceback.
    ``partial`` reports what a run that stopped half-way wrote (its tally), before the error."""
    try:
        try:
            yield
        finally:
            if progress:
                progress.close()  # first, so that a message starts on a line of its own
    except BlogImportError as exc:
        if isinstance(exc, PartialOutputError) and partial is not None:
            partial()
        fail(exc)
    except KeyboardInterrupt:
        click.echo("error: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        # The reader of our stdout went away (e.g. `| head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_FAILED)
