"""Markdown for static-site generators (Hugo, Jekyll, Eleventy, plain).

The writer and its converters load on first use, so that the command line can read the tables
in :mod:`.presets` (presets, layouts, comment modes) without them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .writer import MarkdownOptions, write_markdown

__all__ = ["MarkdownOptions", "write_markdown"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import writer

        return getattr(writer, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
