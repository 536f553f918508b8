"""Writers consume the record stream and write one format each. A writer never re-parses input.

A writer is ``write(records, output, options, tally)``; ``options`` is the writer's own
dataclass, built by the CLI from the options of the same names.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable, Iterable
from typing import Any

from ..errors import UsageError
from ..model import Record
from ..tally import Tally

Writer = Callable[[Iterable[Record], str, Any, Tally], None]

# format name -> ("module:write function", "module:Options class")
WRITERS: dict[str, tuple[str, str]] = {
    "json": ("importer.writers.json:write_json", "importer.writers.json:JsonOptions"),
    "jsonl": ("importer.writers.json:write_jsonl", "importer.writers.json:JsonOptions"),
    "sqlite": ("importer.writers.sql:write_sqlite", "importer.writers.sql:SqlOptions"),
    "sql": ("importer.writers.sql:write_sql", "importer.writers.sql:SqlOptions"),
    "markdown": ("importer.writers.markdown:write_markdown", "importer.writers.markdown:MarkdownOptions"),
    "wxr": ("importer.writers.wxr:write_wxr", "importer.writers.wxr:WxrOptions"),
}


# Field metadata of a writer option that the library fills and a user does not set (a callback).
NOT_AN_OPTION = {"option": False}


def option_fields(options_cls: type) -> list[dataclasses.Field[Any]]:
    """The fields of a writer's options dataclass that are options a user sets (by the same name)."""
    return [f for f in dataclasses.fields(options_cls) if f.metadata.get("option", True)]


def _load(target: str) -> Any:
    module_name, name = target.split(":")
    return getattr(importlib.import_module(module_name), name)


def get_writer(fmt: str) -> tuple[Writer, type]:
    try:
        write_target, options_target = WRITERS[fmt]
    except KeyError:
        raise UsageError(f"unknown output format {fmt!r} (known: {', '.join(sorted(WRITERS))})") from None
    writer: Writer = _load(write_target)
    options_cls: type = _load(options_target)
    return writer, options_cls
