"""Usage errors as users read them: one ``error:`` line, then one ``hint:`` line ("did you mean"
for a misspelt value or option, else where the help is), exit 2. Never click's block of usage.

:class:`Group` is the ``blogimport`` command group; :class:`Choice` is click's choice with the
closest valid value in its error (:mod:`importer.suggest`), :class:`LazyChoice` one whose values
are looked up when first needed.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NoReturn

import click

from .suggest import closest, did_you_mean

EXIT_USAGE = 2
_NO_SUCH_COMMAND = re.compile(r"No such command '(.+?)'\.(?: Did you mean '(.+?)'\?)?")


class HintedUsageError(click.UsageError):
    """A usage error that carries its hint line."""

    def __init__(self, message: str, hint: str | None = None, ctx: click.Context | None = None) -> None:
        super().__init__(message, ctx)
        self.hint = hint


class Choice(click.Choice):
    """click's Choice; an unknown value is one line listing the valid ones, and a did-you-mean."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            name = param.opts[0] if param is not None and param.opts else "value"
            valid = [str(c) for c in self.choices]
            message = f"{name}: {value!r} is not one of {', '.join(valid)}"
            raise HintedUsageError(message, did_you_mean(str(value), valid, name), ctx) from None


class LazyChoice(Choice):
    """A :class:`Choice` whose values a function gives when they are first needed (a value to
    check, help to show): the module of the table they come from is imported only then."""

    def __init__(self, load: Callable[[], Iterable[str]]) -> None:
        self.load = load
        self.loaded: Sequence[str] | None = None
        self.case_sensitive = True

    @property
    def choices(self) -> Sequence[str]:
        if self.loaded is None:
            self.loaded = tuple(self.load())
        return self.loaded

    @choices.setter
    def choices(self, values: Sequence[str]) -> None:
        self.loaded = tuple(values)


def usage_exit(message: str, hint: str | None, command_path: str = "blogimport") -> NoReturn:
    click.echo(f"error: {message}", err=True)
    click.echo(f"hint: {hint or help_hint(command_path)}", err=True)
    sys.exit(EXIT_USAGE)


def help_hint(command_path: str) -> str:
    return f"'{command_path} --help' lists the options, with examples"


def _message(exc: click.UsageError) -> tuple[str, str | None]:
    if isinstance(exc, HintedUsageError):
        return exc.message, exc.hint
    if isinstance(exc, click.NoSuchOption):
        near = closest(exc.option_name, exc.possibilities or ()) if exc.possibilities else None
        return f"no such option: {exc.option_name}", f"did you mean {near}?" if near else None
    if isinstance(exc, click.MissingParameter) and exc.param is not None:
        what = "option" if isinstance(exc.param, click.Option) else "argument"
        name = exc.param.opts[0] if isinstance(exc.param, click.Option) else exc.param.human_readable_name
        return f"missing {what} {name}", None
    command = _NO_SUCH_COMMAND.match(exc.format_message())
    if command:
        return f"no such command {command.group(1)!r}", f"did you mean {command.group(2)}?" if command.group(
            2
        ) else None
    return exc.format_message().rstrip("."), None


class Group(click.Group):
    """The command group: usage errors of every subcommand in the one-line-plus-hint form."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("standalone_mode", True) is False:
            return super().main(*args, **kwargs)
        kwargs["standalone_mode"] = False
        try:
            result = super().main(*args, **kwargs)
        except click.UsageError as exc:
            message, hint = _message(exc)
            usage_exit(message, hint, exc.ctx.command_path if exc.ctx else "blogimport")
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("error: aborted", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)
