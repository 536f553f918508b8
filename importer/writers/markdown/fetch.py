"""Fetching one media file when every URL was written by a stranger.

An export's image URLs are data: ``file:///etc/passwd``, ``http://169.254.169.254/...`` (a
cloud's metadata service), ``http://2130706433/`` (127.0.0.1 as an integer) or a server that sends
one byte every few seconds are all in reach of whoever wrote a post or a comment. So a fetch:

* takes only ``http`` and ``https`` URLs, parsed (never matched as text), with spaces and other
  unsafe characters percent-encoded and a bad port or a broken IPv6 bracket reported;
* resolves the host itself and connects only to an address the :class:`AddressPolicy` permits
  (public addresses; loopback, private, link-local and other special ranges only with
  ``--allow-private-media-hosts``), so a name cannot resolve to one address when checked and to
  another when connected; each redirect is checked the same way;
* stops at a size (``--max-media-size``) and at a deadline for the whole file, retries and
  redirects included (``--media-timeout``); a watchdog closes the connection at the deadline,
  so a trickling server cannot hold the run.

A proxy the user set (``http_proxy``/``https_proxy``, minus ``no_proxy``; only ``http://``
proxies) is used when set: an ``https`` URL through a ``CONNECT`` tunnel, an ``http`` one as an
absolute URL. The proxy itself may be on any address (the user chose it), and it resolves the
names it is given, so through it the address check can only refuse what the URL itself names:
an address in any spelling, ``localhost``.
"""

from __future__ import annotations

import base64
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from urllib.parse import quote, unquote, urljoin, urlsplit
from urllib.request import getproxies_environment, proxy_bypass_environment  # type: ignore[attr-defined]

from ...transforms.addresses import FETCHED_SCHEMES, IPAddress, special_address

USER_AGENT = "blogimport"
REDIRECTS = frozenset([301, 302, 303, 307, 308])
RETRY_STATUSES = frozenset([408, 425, 429, 500, 502, 503, 504])
MAX_REDIRECTS = 5
MiB = 1 << 20

# Characters kept as they are in a path or query; everything else is percent-encoded ("%" is kept
# so that what is encoded already is not encoded twice).
_PATH_SAFE = "/%!$&'()*+,;=:@~-._"
_QUERY_SAFE = _PATH_SAFE + "?"
_REFUSED = "refused: not a public address ({allow_private_media_hosts} fetches from it)"


class FetchError(Exception):
    """A media file that could not be fetched.

    ``reason`` is short and shared by many files (the tally groups by it: ``host not found``,
    ``HTTP 404``); ``detail`` names this URL's case. ``retry``: worth another attempt;
    ``host_down``: every other file of the host would fail the same way.
    """

    def __init__(self, reason: str, detail: str = "", *, retry: bool = False, host_down: bool = False) -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
        self.retry = retry
        self.host_down = host_down


@dataclass(frozen=True, slots=True)
class Limits:
    max_size: int = 100 * MiB  # bytes of one file
    deadline: float = 120.0  # seconds for one file: every source, attempt and redirect
    io_timeout: float = 30.0  # seconds without a byte before an attempt is given up


class AddressPolicy:
    """Which addresses a media download may connect to."""

    def __init__(self, allow_private: bool = False) -> None:
        self.allow_private = allow_private

    def refusal(self, address: IPAddress, port: int) -> str | None:
        """None when ``address`` may be fetched from, else what kind of address it is."""
        if self.allow_private:
            return None
        return special_address(address)


@dataclass(frozen=True, slots=True)
class Target:
    """A URL taken apart for one request."""

    scheme: str
    host: str  # ASCII (IDNA), without brackets
    port: int
    request_path: str  # path and query, percent-encoded

    @property
    def origin(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return f"{self.scheme}://{host}" + ("" if self.port == default else f":{self.port}")


def parse_target(url: str) -> Target:
    """``url`` as something to request, or FetchError: only http(s), a host, a valid port."""
    try:
        parts = urlsplit(url.strip())
    except ValueError as exc:  # an unclosed IPv6 bracket, a bad IPv6 literal
        raise FetchError("bad URL", str(exc)) from None
    scheme = parts.scheme.lower()
    if scheme not in FETCHED_SCHEMES:
        raise FetchError("not an http(s) URL", f"{scheme or 'no'} scheme")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as exc:  # out of range or not a number
        raise FetchError("bad URL", str(exc)) from None
    host = parts.hostname or ""
    if not host:
        raise FetchError("bad URL", "no host")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise FetchError("bad URL", f"host {host!r} is not a valid name") from None
    path = quote(parts.path or "/", safe=_PATH_SAFE)
    query = quote(parts.query, safe=_QUERY_SAFE)
    return Target(scheme, host, port, path + (f"?{query}" if query else ""))


@dataclass(frozen=True, slots=True)
class Proxy:
    """An ``http://`` proxy from the environment."""

    host: str
    port: int
    authorization: str | None  # "Basic ..." when the proxy URL carries a user and password


def proxy_for(target: Target, proxies: dict[str, str]) -> Proxy | None:
    """The proxy the environment (``proxies``: :func:`urllib.request.getproxies_environment`) sets
    for ``target``, or None (none set, or ``no_proxy`` names its host)."""
    url = proxies.get(target.scheme)
    if not url or proxy_bypass_environment(target.host, proxies):
        return None
    try:
        parts = urlsplit(url if "://" in url else f"http://{url}")
        port = parts.port or 80
    except ValueError as exc:
        raise FetchError("bad proxy", f"{target.scheme}_proxy: {exc}") from None
    if parts.scheme.lower() != "http" or not parts.hostname:
        raise FetchError("bad proxy", f"{target.scheme}_proxy {url!r}: only http:// proxies are used")
    authorization = None
    if parts.username is not None:
        credentials = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
        authorization = "Basic " + base64.b64encode(credentials).decode("ascii")
    return Proxy(parts.hostname, port, authorization)


class Deadline:
    """The time left for one file; :meth:`watch` shuts a socket down when it runs out."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.ends - time.monotonic()

    def check(self) -> None:
        if self.remaining() <= 0:
            raise FetchError("timed out", f"not done after {self.seconds:g} s ({{media_timeout}})")

    def timeout(self, io_timeout: float) -> float:
        self.check()
        return max(0.01, min(io_timeout, self.remaining()))

    @contextmanager
    def watch(self, sock: socket.socket) -> Iterator[None]:
        """Shut ``sock`` down at the deadline, whatever call is blocked on it."""
        timer = threading.Timer(max(0.0, self.remaining()), _shut, (sock,))
        timer.daemon = True
        timer.start()
        try:
            yield
        finally:
            timer.cancel()


def _shut(sock: socket.socket) -> None:
    with suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


class _VettedConnection(http.client.HTTPConnection):
    """An HTTP(S) connection to an address chosen and checked beforehand (no second DNS look-up)."""

    def __init__(self, target: Target, sock: socket.socket, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self._vetted = sock

    def connect(self) -> None:
        self.sock = self._vetted


class Fetcher:
    """Opens media URLs under one policy; remembers hosts that failed as a whole for the run."""

    def __init__(self, policy: AddressPolicy, limits: Limits, proxies: dict[str, str] | None = None) -> None:
        self.policy = policy
        self.limits = limits
        self.proxies = getproxies_environment() if proxies is None else proxies
        self._down: dict[tuple[str, int], FetchError] = {}
        self._lock = threading.Lock()
        self._tls = ssl.create_default_context()

    def open(
        self, url: str, deadline: Deadline, headers: dict[str, str]
    ) -> tuple[http.client.HTTPResponse, socket.socket, str]:
        """GET ``url``, following redirects (each one checked); returns the final response, its
        socket (to watch) and URL. The caller closes the response."""
        for _hop in range(MAX_REDIRECTS + 1):
            target = parse_target(url)
            proxy = proxy_for(target, self.proxies)
            sock = self._connect(target, deadline) if proxy is None else self._connect_through(proxy, target, deadline)
            connection = _VettedConnection(target, sock, deadline.timeout(self.limits.io_timeout))
            path, sent = target.request_path, {"User-Agent": USER_AGENT, **headers}
            if proxy is not None and target.scheme == "http":  # the proxy is asked for the whole URL
                path = target.origin + target.request_path
                if proxy.authorization:
                    sent["Proxy-Authorization"] = proxy.authorization
            try:
                with deadline.watch(sock):
                    connection.request("GET", path, headers=sent)
                    response = connection.getresponse()
            except (OSError, http.client.HTTPException) as exc:
                connection.close()
                deadline.check()
                raise FetchError("connection failed", _describe(exc), retry=True) from None
            if response.status not in REDIRECTS:
                return response, sock, url
            location = response.getheader("Location")
            connection.close()
            if not location:
                raise FetchError("bad redirect", f"HTTP {response.status} without a Location")
            try:
                url = urljoin(url, location.strip())
            except ValueError as exc:
                raise FetchError("bad redirect", str(exc)) from None
        raise FetchError("too many redirects", f"more than {MAX_REDIRECTS}")

    def _connect(self, target: Target, deadline: Deadline) -> socket.socket:
        key = (target.host, target.port)
        with self._lock:
            down = self._down.get(key)
        if down is not None:
            raise FetchError(down.reason, f"{target.origin}: {down.detail} (an earlier file)")
        try:
            sock = self._open_socket(target, deadline)
        except FetchError as exc:
            if exc.host_down:
                with self._lock:
                    self._down[key] = exc
            raise
        return self._secure(sock, target, deadline)

    def _connect_through(self, proxy: Proxy, target: Target, deadline: Deadline) -> socket.socket:
        """A socket to ``target`` through ``proxy``: the proxy resolves the name, so only an address
        the URL itself names can be checked (and ``localhost``)."""
        self._check_named_address(target)
        sock = self._open_socket(Target("http", proxy.host, proxy.port, ""), deadline, vet=False)
        if target.scheme != "https":
            return sock
        authority = f"[{target.host}]:{target.port}" if ":" in target.host else f"{target.host}:{target.port}"
        request = f"CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n"
        if proxy.authorization:
            request += f"Proxy-Authorization: {proxy.authorization}\r\n"
        try:
            with deadline.watch(sock):
                sock.sendall((request + "\r\n").encode("ascii"))
                response = http.client.HTTPResponse(sock, method="CONNECT")
                response.begin()
        except (OSError, http.client.HTTPException) as exc:
            sock.close()
            deadline.check()
            raise FetchError("proxy failed", f"{proxy.host}:{proxy.port}: {_describe(exc)}", retry=True) from None
        if response.status != 200:
            sock.close()
            raise FetchError("proxy refused", f"CONNECT {authority}: HTTP {response.status}")
        return self._secure(sock, target, deadline)

    def _check_named_address(self, target: Target) -> None:
        """Refuse, before a proxy is asked, a URL whose host is a refused address in any spelling."""
        if self.policy.allow_private:
            return
        if target.host == "localhost" or target.host.endswith(".localhost"):
            refused: str | None = "loopback (localhost)"
        else:
            try:
                found = socket.getaddrinfo(target.host, target.port, flags=socket.AI_NUMERICHOST)
            except (OSError, UnicodeError):
                return  # a name: the proxy resolves it
            ip = ipaddress.ip_address(str(found[0][4][0]).split("%", 1)[0])
            refused = self.policy.refusal(ip, target.port)
        if refused:
            raise FetchError(_REFUSED, f"{target.host} is {refused}", host_down=True)

    def _secure(self, sock: socket.socket, target: Target, deadline: Deadline) -> socket.socket:
        if target.scheme != "https":
            return sock
        try:
            sock.settimeout(deadline.timeout(self.limits.io_timeout))
            with deadline.watch(sock):
                return self._tls.wrap_socket(sock, server_hostname=target.host)
        except (OSError, ValueError) as exc:
            sock.close()
            deadline.check()
            raise FetchError("TLS failed", f"{target.origin}: {_describe(exc)}") from None

    def _open_socket(self, target: Target, deadline: Deadline, *, vet: bool = True) -> socket.socket:
        try:
            found = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            raise FetchError("host not found", f"{target.host}: {_describe(exc)}", host_down=True) from None
        refusals: list[str] = []
        error: OSError | None = None
        for family, kind, proto, _name, address in found:
            ip = ipaddress.ip_address(str(address[0]).split("%", 1)[0])
            refused = self.policy.refusal(ip, target.port) if vet else None
            if refused:
                refusals.append(f"{target.host} is {refused} ({ip})")
                continue
            sock = socket.socket(family, kind, proto)
            try:
                sock.settimeout(deadline.timeout(self.limits.io_timeout))
                sock.connect(address)
                return sock
            except OSError as exc:
                sock.close()
                error = exc
        if error is not None:
            deadline.check()
            raise FetchError("could not connect", f"{target.origin}: {_describe(error)}", host_down=True)
        raise FetchError(_REFUSED, refusals[0] if refusals else target.host, host_down=True)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, socket.gaierror):
        return exc.strerror or str(exc)
    if isinstance(exc, TimeoutError):
        return "timed out"
    return str(exc) or type(exc).__name__
