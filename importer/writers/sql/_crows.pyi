"""Types of the compiled storability check (``_crows.pyx``; built by setup.py, optional)."""

from typing import Any

def unstorable(values: tuple[Any, ...]) -> bool:
    """``rows._unstorable``: a str holding NUL, or an int beyond 64 bits, among ``values``."""

def local_text(value: object) -> str | None:
    """``YYYY-MM-DD HH:MM:SS`` of a naive datetime without microseconds, else None."""

def utc_text(value: object) -> str | None:
    """``YYYY-MM-DD HH:MM:SS`` of a datetime in ``datetime.UTC`` without microseconds, else None."""
