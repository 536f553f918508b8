"""Types of the compiled simple Markdown loop (``_csimple.pyx``; built by setup.py, optional)."""

from collections.abc import Callable
from typing import Any

from .simple_markdown import Rewritten

def init(
    tags: dict[str, tuple[str, str]],
    emphasis: dict[str, str],
    open_block: dict[str, str],
    link: Any,
    attribute: Any,
    link_attributes: frozenset[str],
    unsafe_text: Any,
    entities: dict[str, str],
    rewritten: type[Rewritten],
    delimiters: Callable[[str, str, str, str], bool],
) -> None:
    """The Python module's tables, patterns and rare-path functions."""

def inert_text(text: str) -> bool:
    """``simple_markdown.inert_text``, compiled."""

def simple_markdown(
    html: str, escape: Callable[[str], str], rewrite_url: Callable[[str], str] | None = None
) -> str | Rewritten | None:
    """``simple_markdown.python_simple_markdown``, compiled."""

def decode(text: str) -> str | None:
    """``simple_markdown._decode``, compiled."""

def blocks_markdown(
    html: str, escape: Callable[[str], str], rewrite_url: Callable[[str], str] | None
) -> str | Rewritten | None:
    """``simple_markdown._blocks_markdown``, compiled."""

def init_autop(inline_tags: tuple[str, ...], line_breaks: Callable[[str, bool], str]) -> None:
    """wpautop's inline tag names and its ``_line_breaks``."""

def simple_wpautop(text: str, br: bool = True, post: bool = False) -> str | None:
    """``wpautop.wpautop`` for text its plain or simple path takes; None for the rest."""
