"""Types of the compiled storability check (``_crows.pyx``; built by setup.py, optional)."""

from typing import Any

def unstorable(values: tuple[Any, ...]) -> bool:
    """``rows._unstorable``: a str holding NUL, or an int beyond 64 bits, among ``values``."""
