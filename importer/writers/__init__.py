"""Writers consume the record stream and write one format each. A writer never re-parses input.

A writer is ``write(records, output, options, tally)``; ``options`` is the writer's own
dataclass, built by the CLI from the options of the same names. :data:`WRITERS` names each
format's writer and options; a writer's module is imported when the format is first used.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeAlias, TypeVar

from ..errors import UsageError
from ..model import Record
from ..tally import Tally

if TYPE_CHECKING:
    from ..readers.wxr.parts import Part
    from ..stages import ConvertOptions
    from .json import JsonOptions
    from .markdown import MarkdownOptions
    from .sql.writer import SqlOptions
    from .wxr import WxrOptions

# The options of one writer: what ``importer.convert(..., write_options=...)`` takes.
WriterOptions: TypeAlias = "JsonOptions | SqlOptions | MarkdownOptions | WxrOptions"
Writer = Callable[[Iterable[Record], str, Any, Tally], None]
OptionsT = TypeVar("OptionsT")


def _always(_options: object) -> bool:
    return True


def _no_check(_output: str, _options: object) -> None:
    return None


@dataclass(frozen=True, slots=True)
class PartsWriter(Generic[OptionsT]):
    """A writer that can write one big file's parts side by side (see :mod:`importer.parallel`).

    Part 0 holds the Site, the header's authors and terms and the first posts; each later part
    holds the next posts (and any author or term a file places between items), so the parts'
    records, one after the other, are the record stream of a whole run. Each part's tally is
    added to the run's before ``join``; what ``join`` writes must be what ``write`` would have.
    """

    # In a worker process: one part's records, written under part_dir (an empty folder of its
    # own). Returns something small and picklable the join needs, or None.
    write_part: Callable[[Iterable[Record], str, OptionsT, Tally], object]
    # In the main process: the parts in file order, [(part_dir, what write_part returned)], into output.
    join: Callable[[list[tuple[str, object]], str, OptionsT, Tally], None]
    # False: this run cannot be split (e.g. it appends to an existing database) and is read whole.
    applies: Callable[[OptionsT], bool] = _always
    # Raises what the writer would refuse before reading anything (an output that exists, a
    # folder that cannot be written): called before the parts are read.
    check: Callable[[str, OptionsT], None] = _no_check


@dataclass(frozen=True, slots=True)
class WriterEntry(Generic[OptionsT]):
    """A format's write function and the options dataclass it takes."""

    write: Callable[[Iterable[Record], str, OptionsT, Tally], None]
    options: type[OptionsT]
    parts: PartsWriter[OptionsT] | None = None  # None: the format is written by one process
    # A writer that runs its own parts (the Markdown writer's first pass needs the whole file):
    # in_parts(path, parts, output, convert_options, options, tally) writes the big WXR file
    # ``path`` part by part and returns True, or False (nothing counted) to be written whole.
    in_parts: Callable[[str, list[Part], str, ConvertOptions, OptionsT, Tally], bool] | None = None


def _json() -> WriterEntry[JsonOptions]:
    from .json import JSON_PARTS, JsonOptions, write_json

    return WriterEntry(write_json, JsonOptions, JSON_PARTS)


def _jsonl() -> WriterEntry[JsonOptions]:
    from .json import JSONL_PARTS, JsonOptions, write_jsonl

    return WriterEntry(write_jsonl, JsonOptions, JSONL_PARTS)


def _sqlite() -> WriterEntry[SqlOptions]:
    from .sql.parts import SQLITE_PARTS
    from .sql.writer import SqlOptions, write_sqlite

    return WriterEntry(write_sqlite, SqlOptions, SQLITE_PARTS)


def _sql() -> WriterEntry[SqlOptions]:
    from .sql.writer import SqlOptions, write_sql

    return WriterEntry(write_sql, SqlOptions)


def _markdown() -> WriterEntry[MarkdownOptions]:
    from .markdown import MarkdownOptions, write_markdown
    from .markdown.parts import write_in_parts

    return WriterEntry(write_markdown, MarkdownOptions, in_parts=write_in_parts)


def _wxr() -> WriterEntry[WxrOptions]:
    from .wxr import WxrOptions, write_wxr

    return WriterEntry(write_wxr, WxrOptions)


# format name -> its writer, loaded on first use (a run imports only the writer it needs)
WRITERS: dict[str, Callable[[], WriterEntry[Any]]] = {
    "json": _json,
    "jsonl": _jsonl,
    "sqlite": _sqlite,
    "sql": _sql,
    "markdown": _markdown,
    "wxr": _wxr,
}


# Field metadata of a writer option that the library fills and a user does not set (a callback).
NOT_AN_OPTION = {"option": False}


def option_fields(options_cls: type) -> list[dataclasses.Field[Any]]:
    """The fields of a writer's options dataclass that are options a user sets (by the same name)."""
    return [f for f in dataclasses.fields(options_cls) if f.metadata.get("option", True)]


def writer_entry(fmt: str) -> WriterEntry[Any]:
    try:
        load = WRITERS[fmt]
    except KeyError:
        raise UsageError(f"unknown output format {fmt!r} (known: {', '.join(sorted(WRITERS))})") from None
    return load()


def get_writer(fmt: str) -> tuple[Writer, type[WriterOptions]]:
    entry = writer_entry(fmt)
    return entry.write, entry.options
