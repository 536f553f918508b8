"""The ``convert`` options a batch job may set, by name, and how each becomes the library's options.

A jobs file (CSV or JSON Lines) names options as ``convert`` does (``preset``, ``status``,
``redact``, ``keep_internal`` or ``keep-internal``). Values arrive as text (CSV) or JSON values;
:func:`normalize` checks each against its kind and returns a JSON-able value, and
:func:`convert_options` / :func:`write_options` turn a job's options into what
:func:`importer.api.convert` takes. Writer options are read from the writers' own option
dataclasses, so a new writer option is a valid job option without an edit here.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from functools import cache
from typing import Any

from ..api import ConvertOptions, Filters, parse_local_date, writer_options
from ..errors import UsageError
from ..readers import READERS, ReadOptions
from ..writers import WRITERS, get_writer, option_fields

# Options of the reading side: name -> kind of value. The writers' options are added from their dataclasses.
READ_OPTIONS: dict[str, str] = {
    "from": "format",  # ConvertOptions.source_format
    "recover": "bool",  # ReadOptions.recover
    "keep_internal": "bool",  # ReadOptions.keep_internal
    "type": "list",  # Filters.types
    "status": "list",  # Filters.statuses
    "since": "date",  # Filters.since
    "until": "date",  # Filters.until (a bare date: that whole day)
    "redact": "bool",  # ConvertOptions.redact
    "strict": "bool",  # the job fails when anything was skipped, as convert --strict exits 1
}

_TRUE = {"true", "1", "yes", "y", "on"}
_FALSE = {"false", "0", "no", "n", "off", ""}


@cache
def option_kinds() -> dict[str, str]:
    """Every option a job may set -> its kind (bool, int, text, list, date, format)."""
    kinds = dict(READ_OPTIONS)
    for fmt in sorted(WRITERS):
        _, options_cls = get_writer(fmt)
        hints = typing.get_type_hints(options_cls)
        for f in option_fields(options_cls):
            kinds.setdefault(f.name, _kind_of(hints[f.name]))
    return kinds


def _kind_of(hint: Any) -> str:
    args = [a for a in typing.get_args(hint) if a is not type(None)] or [hint]
    if args[0] is bool:
        return "bool"
    if args[0] is int:
        return "int"
    return "text"


def option_name(name: str) -> str:
    """The canonical name of an option as a user spelled it (``keep-internal``, ``--keep-internal``)."""
    return name.strip().lstrip("-").replace("-", "_")


def check_name(name: str) -> str:
    canonical = option_name(name)
    if canonical not in option_kinds():
        raise UsageError(f"unknown option {name!r} (valid: {', '.join(sorted(option_kinds()))})")
    return canonical


def normalize(name: str, value: Any) -> Any:
    """Check ``value`` for option ``name`` and return it as a JSON-able value (None = not set)."""
    kind = option_kinds()[name]
    if value is None or (isinstance(value, str) and not value.strip() and kind != "bool"):
        return None
    if kind == "bool":
        return _boolean(name, value)
    if kind == "int":
        return _integer(name, value)
    if kind == "list":
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
            raise UsageError(f"{name}: give a comma-separated list or a list of names")
        return sorted({v.strip() for v in items if v.strip()})
    if not isinstance(value, str):
        raise UsageError(f"{name}: {value!r} is not text")
    if kind == "date":
        parse_local_date(value, end_of_day=name == "until")
    elif kind == "format" and value not in READERS:
        raise UsageError(f"from: unknown input format {value!r} (known: {', '.join(sorted(READERS))})")
    return value.strip()


def _boolean(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise UsageError(f"{name}: {value!r} is not true or false")


def _integer(name: str, value: Any) -> int:
    if isinstance(value, bool):
        raise UsageError(f"{name}: {value!r} is not a whole number")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise UsageError(f"{name}: {value!r} is not a whole number") from None


def convert_options(options: Mapping[str, Any]) -> ConvertOptions:
    """The library's ConvertOptions for a job's (normalized) options."""
    since, until = options.get("since"), options.get("until")
    return ConvertOptions(
        # one process a job: batch runs its jobs side by side already (a job's own parts or
        # workers would put more processes on the cores than there are)
        read=ReadOptions(
            recover=bool(options.get("recover")), keep_internal=bool(options.get("keep_internal")), jobs=1
        ),
        filters=Filters(
            types=frozenset(options.get("type") or ()),
            statuses=frozenset(options.get("status") or ()),
            since=parse_local_date(since, end_of_day=False) if since else None,
            until=parse_local_date(until, end_of_day=True) if until else None,
        ),
        source_format=options.get("from"),
        redact=bool(options.get("redact")),
    )


def write_options(to: str, options: Mapping[str, Any]) -> Any:
    """The writer's own options for a job writing format ``to``."""
    return writer_options(to, {k: v for k, v in options.items() if k not in READ_OPTIONS})
