"""URL splitting, joining and comparing that never raise on the malformed URLs old blogs hold.

The standard library raises ValueError for some (``http://[broken``: an unclosed IPv6 bracket);
a reader or writer meeting one in a post must leave it alone, not stop the run.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import SplitResult, parse_qs, unquote, urljoin, urlsplit

from ..wordpress import ID_QUERY_KEYS

_NOTHING = urlsplit("")

# An http(s) URL of printable ASCII (no space, no control character), its host without brackets:
# what urlsplit gives it is what this match's groups say (nothing to strip or remove, a scheme in
# lower case, a host it has no check for). Any other URL goes to urlsplit.
_PLAIN_WEB_URL = re.compile(r"(https?)://([!\"$-.0->@-Z\\^-~]*)(/[!\"$->@-~]*)?(?:\?([!\"$-~]*))?(?:#([!-~]*))?")


def split_url(url: str) -> SplitResult:
    """``urlsplit(url)``, or an empty result (no scheme, host or path) for a URL it refuses."""
    match = _PLAIN_WEB_URL.fullmatch(url)
    if match is not None:
        scheme, netloc, path, query, fragment = match.groups("")
        return SplitResult(scheme, netloc, path, query, fragment)
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
    return _host(parts.netloc)


@functools.lru_cache(maxsize=512)
def _host(netloc: str) -> str:
    """:func:`host_of` a URL with this host part (an export names few: each is worked out once)."""
    return (SplitResult("", netloc, "", "", "").hostname or "").lower().removeprefix("www.")


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
    host = _host(parts.netloc)
    path = parts.path
    if "%" in path:
        path = unquote(path)
    path = path.rstrip("/") or "/"
    query = parts.query
    if not query:
        return f"{host}{path}"
    if "&" not in query and "%" not in query and "+" not in query:  # one name=value: what parse_qs finds
        name, _, value = query.partition("=")
        return f"{host}{path}?{name}={value}" if value and name in ID_QUERY_KEYS else f"{host}{path}"
    found = parse_qs(query)
    ids = [f"{k}={found[k][0]}" for k in ID_QUERY_KEYS if k in found]
    return f"{host}{path}" + (f"?{ids[0]}" if ids else "")
