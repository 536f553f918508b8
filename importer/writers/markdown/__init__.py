"""Markdown for static-site generators (Hugo, Jekyll, Eleventy, plain)."""

from .writer import MarkdownOptions, write_markdown

__all__ = ["MarkdownOptions", "write_markdown"]
