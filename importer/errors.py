"""One exception family. Every error a user can cause is a BlogImportError with a sentence
they can act on, and the file, line and column where known.

A message never spells a command-line flag: it names an option of the library as ``{name}``
(``{split_size}``) or with a value as ``{name:value}`` (``{to:sqlite}``), ``name`` one of
:data:`OPTION_NAMES`. The library shows them as Python names (``split_size``, ``to='sqlite'``);
the command line passes :func:`spell_options` its own flags (``--split-size``, ``--to sqlite``).
Tally texts (skip reasons, problems) follow the same rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# The options a library message may name, as a Python caller spells them: the keywords of
# convert(), batch() and validate(), the fields of ConvertOptions, Filters, ReadOptions and of every writer's
# options (a test holds this list to them).
OPTION_NAMES = frozenset(
    {
        # convert(), batch() and ConvertOptions
        *("to", "output", "source_format", "redact", "out_dir", "job_timeout", "retry_failed", "scheduler"),
        # validate()
        *("exports", "against", "ignore"),
        # Filters and ReadOptions
        *("types", "statuses", "since", "until", "recover", "keep_internal", "jobs"),
        # the writers' options
        *("allow_private_media_hosts", "append", "check_fidelity", "comments", "compact", "db", "dialect"),
        *("download_media", "force", "layout", "max_media_size", "media_jobs", "media_timeout", "no_fts"),
        *("preset", "prune", "replace", "sanitize", "split_size", "strip_unknown_shortcodes", "with_markdown"),
    }
)
_OPTION = re.compile(r"\{([a-z_]+)(?::([^{}]+))?\}")

# How a caller spells an option: (name, value or None) -> text.
Spelling = Callable[[str, str | None], str]


def python_spelling(name: str, value: str | None) -> str:
    """The library's spelling: the keyword a Python caller passes (``split_size``, ``to='sqlite'``;
    ``to='sql' or 'sqlite'`` for ``{to:sql or sqlite}``)."""
    return name if value is None else f"{name}=" + " or ".join(map(repr, value.split(" or ")))


def template_spelling(name: str, value: str | None) -> str:
    """The fields themselves (``{name}``, ``{name:value}``): a text to spell later, by its reader."""
    return "{" + name + ("" if value is None else f":{value}") + "}"


def spell_options(text: str, spelling: Spelling = python_spelling) -> str:
    """``text`` with each ``{name}`` / ``{name:value}`` of :data:`OPTION_NAMES` spelt by ``spelling``."""
    if "{" not in text:
        return text

    def spell(match: re.Match[str]) -> str:
        name, value = match.groups()
        return spelling(name, value) if name in OPTION_NAMES else match.group()

    return _OPTION.sub(spell, text)


class BlogImportError(Exception):
    """Base of every error blogimport reports to a user (never shown as a traceback).
    ``message`` names options as Python names; ``template`` keeps the ``{name}`` fields, for
    :meth:`describe` with another spelling."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.template = message
        self.message = spell_options(message)
        super().__init__(self.message)
        self.file = file
        self.line = line
        self.column = column

    def __str__(self) -> str:
        return self.describe()

    def describe(self, spelling: Spelling = python_spelling) -> str:
        """``FILE:LINE:COLUMN: message``, the options in the message spelt by ``spelling``."""
        where = ""
        if self.file:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        return f"{where}{spell_options(self.template, spelling)}"


class InputError(BlogImportError):
    """The input cannot be read: missing, unreadable, empty, or not the expected format."""


class ParseError(InputError):
    """The input is malformed (not well-formed XML, truncated, undecodable)."""


class UnsafeInputError(InputError):
    """The input tries something hostile: external entities, entity expansion, DTD tricks."""


class OutputError(BlogImportError):
    """The output cannot be written (exists, not writable, path would escape)."""


class PartialOutputError(OutputError):
    """Writing stopped half-way (a full disk, a read-only folder) after some files were written:
    the run's tally says which (each file itself is whole: written atomically)."""


class UsageError(BlogImportError):
    """Options that do not fit together. ``hint``: the line printed under the error (a "did you
    mean", or how to fix it; options in it as in the message); None for the default pointer to
    the command's help."""

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message, file=file, line=line, column=column)
        self.hint_template = hint
        self.hint = spell_options(hint) if hint else None
