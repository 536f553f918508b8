"""URL splitting and joining that never raise on the malformed URLs old blogs hold.

The standard library raises ValueError for some (``http://[broken``: an unclosed IPv6 bracket);
a reader or writer meeting one in a post must leave it alone, not stop the run.
"""

from __future__ import annotations

from urllib.parse import SplitResult, urljoin, urlsplit

_NOTHING = urlsplit("")


def split_url(url: str) -> SplitResult:
    """``urlsplit(url)``, or an empty result (no scheme, host or path) for a URL it refuses."""
    try:
        return urlsplit(url)
    except ValueError:
        return _NOTHING


def join_url(base: str, url: str) -> str:
    """``urljoin(base, url)``, or ``url`` unchanged when either cannot be parsed."""
    try:
        return urljoin(base, url)
    except ValueError:
        return url
