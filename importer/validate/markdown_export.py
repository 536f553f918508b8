"""Checks on a Markdown export directory (front matter, links, media manifest)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .exports import ExportIndex


def read_markdown_export(path: str, index: ExportIndex) -> None:
    index.add("BI500", "Markdown export directories are not checked yet")
