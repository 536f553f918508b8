"""One exception family. Every error a user can cause is a BlogImportError with a sentence
they can act on, and the file, line and column where known."""

from __future__ import annotations


class BlogImportError(Exception):
    """Base of every error blogimport reports to a user (never shown as a traceback)."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        return f"{where}{self.message}"


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
    mean", or how to fix it); None for the default pointer to ``--help``."""

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
        self.hint = hint
