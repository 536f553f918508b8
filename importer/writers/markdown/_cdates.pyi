"""Types of the Markdown writer's compiled helpers (``_cdates.pyx``; built by setup.py, optional)."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

def init(
    offsets: dict[tuple[int, int], str], fallback: Callable[[datetime | None, datetime | None], str | None]
) -> None:
    """frontmatter's offset table and its Python ``iso_date``."""

def iso_date(local: datetime | None, utc: datetime | None) -> str | None:
    """``frontmatter.python_iso_date``, compiled for a naive local time and its UTC time."""

def indented_json(value: Any) -> str | None:
    """``json.dumps(value, ensure_ascii=False, indent=2)`` for the data files' usual values, else None."""

def init_yaml(plain_first: str, scalar: Callable[[str, Any], str | None], max_length: int, cached: int) -> None:
    """yaml_text's first characters of a known plain word, its ``_scalar``, _MAX_LENGTH and CACHED."""

def yaml_scalar(text: str, resolve: Any) -> str | None:
    """``yaml_text._scalar``, its usual answers compiled."""

def simple_yaml(data: dict[str, Any], resolve: Any, scalars: dict[str, str | None]) -> str | None:
    """``yaml_text.simple_yaml`` with ``scalars`` given, compiled."""

def init_comments(
    is_script_url: Callable[[str], bool],
    in_url_as_it_is: Callable[[str], bool],
    published_url: Callable[[str], str],
    iso_date: Callable[[datetime | None, datetime | None], str | None],
) -> None:
    """comments.py's is_script_url, _in_url_as_it_is, published_url and iso_date."""

def public_fields(comment: Any, to_markdown: Callable[[str], str]) -> dict[str, object]:
    """``comments._public_fields``, compiled."""

def comment_thread(comments: list[Any], to_markdown: Callable[[str], str]) -> list[dict[str, object]]:
    """``comments.comment_thread``, compiled."""
