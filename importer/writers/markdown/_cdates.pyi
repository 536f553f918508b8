"""Types of the compiled usual case of ``frontmatter.iso_date`` (``_cdates.pyx``; built by setup.py, optional)."""

from collections.abc import Callable
from datetime import datetime

def init(
    offsets: dict[tuple[int, int], str], fallback: Callable[[datetime | None, datetime | None], str | None]
) -> None:
    """frontmatter's offset table and its Python ``iso_date``."""

def iso_date(local: datetime | None, utc: datetime | None) -> str | None:
    """``frontmatter.python_iso_date``, compiled for a naive local time and its UTC time."""
