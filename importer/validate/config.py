"""Validate's settings from ``.blogimport.toml`` (table ``[validate]``) or ``pyproject.toml``
(table ``[tool.blogimport.validate]``), read with the standard library's tomllib.

Example (pyproject.toml)::

    [tool.blogimport.validate]
    ignore = ["BI302", "mojibake"]   # codes or names
    strict = true                     # warnings are errors
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import UsageError
from .findings import lookup
from .formatters import FORMATTERS

CONFIG_FILES = (".blogimport.toml", "pyproject.toml")
FORMATS = tuple(FORMATTERS)  # the report formats, from the formatters table
_KEYS = {"ignore", "strict", "format"}


@dataclass(frozen=True, slots=True)
class ValidateConfig:
    ignore: frozenset[str] = frozenset()  # codes (BI101), resolved from codes or names
    strict: bool = False
    format: str | None = None
    source: str | None = None  # the file these settings came from


def resolve_codes(values: Any, where: str) -> frozenset[str]:
    """Turn codes or names (``BI101``, ``dangling-comment-parent``) into codes; unknown ones are an error."""
    if isinstance(values, str):
        values = [v for v in values.split(",")]
    if not isinstance(values, list | tuple | set | frozenset):
        raise UsageError(f"{where}: 'ignore' must be a list of codes")
    codes = set()
    for value in values:
        code = lookup(str(value)) if str(value).strip() else None
        if code is None:
            raise UsageError(f"{where}: unknown finding code {value!r} (see 'blogimport validate --list-codes')")
        codes.add(code.code)
    return frozenset(codes)


def _table(path: Path) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read config: {exc}", file=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"config is not valid TOML: {exc}", file=str(path)) from None
    table: Any = data.get("validate") if path.name == ".blogimport.toml" else None
    if table is None:
        table = data.get("tool", {}).get("blogimport", {}).get("validate")
    if table is not None and not isinstance(table, dict):
        raise UsageError("the validate settings must be a table", file=str(path))
    return table


def config_from_table(table: dict[str, Any], source: str) -> ValidateConfig:
    unknown = set(table) - _KEYS
    if unknown:
        raise UsageError(f"unknown validate setting(s): {', '.join(sorted(unknown))}", file=source)
    strict = table.get("strict", False)
    if not isinstance(strict, bool):
        raise UsageError("'strict' must be true or false", file=source)
    fmt = table.get("format")
    if fmt is not None and fmt not in FORMATS:
        raise UsageError(f"'format' must be one of {', '.join(FORMATS)}", file=source)
    return ValidateConfig(resolve_codes(table.get("ignore", []), source), strict, fmt, source)


def load_config(explicit: str | None = None, directory: str | Path = ".") -> ValidateConfig:
    """The settings of ``explicit`` or of the first config file in ``directory`` that has a validate table."""
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise UsageError("config file not found", file=explicit)
        return config_from_table(_table(path) or {}, str(path))
    for name in CONFIG_FILES:
        path = Path(directory) / name
        if path.is_file():
            table = _table(path)
            if table is not None:
                return config_from_table(table, str(path))
    return ValidateConfig()


def with_options(
    config: ValidateConfig, strict: bool = False, ignore: tuple[str, ...] = (), fmt: str | None = None
) -> ValidateConfig:
    """The command line's options on top of the config file: flags add, a format replaces."""
    ignored = config.ignore | resolve_codes([c for item in ignore for c in item.split(",") if c.strip()], "{ignore}")
    return ValidateConfig(ignored, config.strict or strict, fmt or config.format, config.source)
