"""Types of the compiled field reader (``_cfields.pyx``; built by setup.py, optional)."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

class FieldReader:
    """``elements._Fields.read`` for one field table, on libxml2's nodes."""

    def __init__(self, size: int, repeated: int, slot_of: Callable[[Any], int]) -> None: ...
    def read(self, element: Any) -> tuple[list[Any], list[list[Any]], list[str] | None]: ...

def simple_sections_end(text: bytes) -> int:
    """``repairs._simple_sections_end``: where the run of simple CDATA sections starting ``text`` ends."""

def wp_dates(local_text: str, gmt_text: str) -> tuple[datetime, datetime] | None:
    """``elements._dates`` of two texts in WordPress's own shape, or None."""

def count_newlines(data: bytes | bytearray | memoryview, size: int) -> int:
    """``parts.line_shift``'s count: the newlines in the first ``size`` bytes of ``data``."""

def has_forbidden(chunk: bytes) -> bool:
    """``xml_stream._has_forbidden``: whether ``chunk`` holds a C0 control XML 1.0 forbids."""

def comment_values(values: list[Any], statuses: dict[str, str]) -> tuple[Any, ...] | None:
    """``elements.comment_of``'s first 14 Comment fields in the usual case, else None."""
