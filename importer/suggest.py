""" "Did you mean": the valid name closest to a misspelt one (for options, values, commands)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence


def closest(value: str, names: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The valid name ``value`` most likely meant (None: none is close)."""
    matches = difflib.get_close_matches(value.lower(), list(names), n=1, cutoff=cutoff)
    return matches[0] if matches else None


def did_you_mean(value: str, names: Sequence[str], option: str) -> str | None:
    """``did you mean --to json?`` for ``jsn``, or None."""
    near = closest(value, names)
    return f"did you mean {option} {near}?" if near else None
