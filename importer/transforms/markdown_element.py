"""The ``<x-markdown>`` element: Markdown made by the shortcode expander (a Hugo shortcode, say),
written verbatim by :func:`importer.transforms.html_to_markdown.to_markdown`. Content cannot
make one: :func:`disarm_upstream_markup` renames those it holds before anything is expanded.

Kept apart from the converter so that rendering HTML (the SQL and JSON writers' ``content_html``)
does not load the converter and its libraries.
"""

from __future__ import annotations

import re

MARKDOWN_ELEMENT = "x-markdown"
_UPSTREAM_TAG = re.compile(rf"<(/?)\s*{MARKDOWN_ELEMENT}(?=[\s/>]|$)", re.I)
# What every text holding MARKDOWN_ELEMENT once lowered holds: only "-" lowers to "-", only "M"
# to "m". Found by a regex in a few hundred nanoseconds, where lowering a text that is not ASCII
# goes a character at a time (3 us a synthetic post, 15 us for 3,000 characters of Chinese).
_DASH_M = re.compile("-m", re.I)


def disarm_upstream_markup(html: str) -> str:
    """Rename ``<x-markdown>`` elements written in content: only the shortcode expander makes them."""
    if _DASH_M.search(html) is None or MARKDOWN_ELEMENT not in html.lower():
        return html
    return _UPSTREAM_TAG.sub(r"<\1x-content-markdown", html)
