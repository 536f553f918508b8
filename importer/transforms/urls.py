"""URL splitting, joining and comparing that never raise on the malformed URLs old blogs hold.

The standard library raises ValueError for some (``http://[broken``: an unclosed IPv6 bracket);
a reader or writer meeting one in a post must leave it alone, not stop the run.
"""

from __future__ import annotations

from urllib.parse import SplitResult, parse_qs, unquote, urljoin, urlsplit

from ..wordpress import ID_QUERY_KEYS

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


def site_host(url: str) -> str:
    """The host a URL names, lower case and without ``www.`` ("" for none): one site, however spelt."""
    return host_of(split_url(url.strip()))


def host_of(parts: SplitResult) -> str:
    """:func:`site_host` of a URL already split."""
    return (parts.hostname or "").lower().removeprefix("www.")


def url_key(url: str) -> str | None:
    """One key for every spelling of a web address: host without ``www.``, decoded path without its
    trailing slash, and a WordPress id query (``?p=``, ``?page_id=``) if there is one.

    ``http://www.Example.org/a%20b/`` and ``https://example.org/a b`` give ``example.org/a b``; a
    root-relative ``/a/`` gives ``/a``. None for another scheme (``mailto:``) or a URL refused.
    """
    return key_of(split_url(url.strip()))


def key_of(parts: SplitResult) -> str | None:
    """:func:`url_key` of a URL already split (and stripped)."""
    if parts.scheme not in ("http", "https", "") or not (parts.scheme or parts.netloc or parts.path):
        return None
    host = host_of(parts)
    path = unquote(parts.path).rstrip("/") or "/"
    if not parts.query:
        return f"{host}{path}"
    query = parse_qs(parts.query)
    ids = [f"{k}={query[k][0]}" for k in ID_QUERY_KEYS if k in query]
    return f"{host}{path}" + (f"?{ids[0]}" if ids else "")
