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
    joined = _joined_plain(url)
    if joined is not None:
        return joined
    try:
        return urljoin(base, url)
    except ValueError:
        return url


def _joined_plain(url: str) -> str | None:
    """``urljoin(base, url)`` for any ``base`` without ``urllib.parse``, when ``url`` is an
    absolute plain web URL (the links of a page nearly all are); None for another ``url``.

    ``urljoin`` gives such a ``url`` itself, whatever the base: against another scheme (or an
    empty base) ``url`` as it is; against the same scheme, ``url`` has a host and comes back as
    ``urlunparse(urlparse(url))``, which spells the parts as they were unless one is empty behind
    its mark (``?`` or ``#`` at the end, an empty query before ``#``, ``;`` ending the path: those
    go to ``urljoin``); a base it cannot parse raises, and ``join_url`` answers ``url`` then too.
    ``urlparse`` cannot raise for what ``_PLAIN_WEB_URL`` matches (no brackets, no non-ASCII)."""
    if not url.startswith(("http://", "https://")):
        return None
    match = _PLAIN_WEB_URL.fullmatch(url)
    if match is None or not match.group(2):
        return None
    path, query, fragment = match.group(3, 4, 5)
    if query == "" or fragment == "" or (path is not None and ";" in path):
        return None
    return url


# A reference as urlsplit splits it when it starts so: a scheme (what precedes the first colon,
# nothing before it that urlsplit strips or removes first), or else a path without ";" params
# and not starting "//" (no host), with its query and fragment after the first "?" and "#", and
# no character below U+0021 (urlsplit strips those from the start and removes tabs and line
# breaks anywhere).
_REFERENCE = re.compile(
    r"([A-Za-z][A-Za-z0-9+.-]*):.*|(?!//)([^?#;\x00-\x20]+)(?:\?([^#\x00-\x20]*))?(?:#([^\x00-\x20]*))?",
    re.S,
)


class UrlJoins(dict[str, str]):
    """``join_url(base, url)`` for one ``base`` and many ``url``: ``joins[url]``, each worked out once.

    For an http(s) ``base`` with a host, split once, the usual references are joined as ``urljoin``
    joins them without parsing either again: one with another scheme (``mailto:``, ``javascript:``)
    as it is; a root-relative path with no "." or ".." part, and a relative one with none after its
    leading ``../`` and no empty part (``a//b``), by putting the base's origin and folder before it.
    Any other goes to ``join_url``."""

    __slots__ = ("_base", "_folders", "_origin", "_scheme")

    def __init__(self, base: str) -> None:
        super().__init__()
        self._base = base
        self._scheme = ""  # "": every url goes to join_url
        self._origin = ""
        self._folders: list[str] = []  # the base's folder, then each one up, as a prefix ("" past the top)
        parts = split_url(base)  # urlparse(base) in urljoin; its params are never in the folder
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return
        self._scheme, self._origin = parts.scheme, f"{parts.scheme}://{parts.netloc}"
        folder = parts.path.split("/")
        if folder[-1] != "":
            del folder[-1]  # the last part is not a folder
        folder[1:] = filter(None, folder[1:])  # urljoin drops the empty parts between others
        if "." not in folder and ".." not in folder:
            self._folders = ["/".join(folder[:end]) + "/" if end else "" for end in range(len(folder), -1, -1)]

    def __missing__(self, url: str) -> str:
        joined = self[url] = self.join(url)
        return joined

    def join(self, url: str) -> str:
        """``join_url(base, url)``, not remembered."""
        match = _REFERENCE.fullmatch(url) if self._scheme else None
        if match is None:
            return join_url(self._base, url)
        scheme, path, query, fragment = match.groups()
        if scheme is not None:  # urljoin answers a url with another scheme with the url
            return url if scheme.lower() != self._scheme else join_url(self._base, url)
        if path[0] == "/":
            if "/." in path:  # a "." or ".." part to resolve
                return join_url(self._base, url)
        else:
            up = 0
            while path.startswith("../", 3 * up):
                up += 1
            rest = path[3 * up :]
            if not self._folders or rest[:1] == "/" or "./" in rest or "//" in rest or rest[-1:] == ".":
                return join_url(self._base, url)
            path = self._folders[min(up, len(self._folders) - 1)] + rest
            if path[:1] != "/":
                path = "/" + path  # up past the top: urlunsplit puts the path under the host
        joined = self._origin + path
        if query:
            joined += "?" + query
        if fragment:
            joined += "#" + fragment
        return joined


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
