"""Which addresses are the public web's, for URLs a stranger wrote (``file:///etc/passwd``,
``http://169.254.169.254/``, ``http://2130706433/``). Pure functions, no DNS: the media download
checks the addresses a name resolves to, ``validate`` the URLs as written.
"""

from __future__ import annotations

import ipaddress
import socket

from .urls import split_url

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
FETCHED_SCHEMES = ("http", "https")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def special_address(address: IPAddress) -> str | None:
    """What makes ``address`` unfit for fetching on a stranger's word (None: a public address)."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:  # judged by where it leads
            refused = special_address(embedded)
            return f"{refused} inside an IPv6 one" if refused else None
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address (cloud metadata services live there)"
    if address.is_private:
        return "a private address"
    if address.is_multicast or address.is_unspecified or address.is_reserved or not address.is_global:
        return "not a public address"
    return None


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries (mapped, 6to4, NAT64), which is where it leads."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def literal_address(host: str) -> IPAddress | None:
    """The address a host written as one stands for, in every spelling a resolver reads (``::1``,
    ``2130706433``, ``0x7f000001``, ``0177.0.0.1``, ``127.1``); None for a name."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except (OSError, ValueError):  # a name (ValueError: a NUL in it)
        return None


def unsafe_url(url: str) -> str | None:
    """Why a media download would not fetch ``url`` as written (None: http(s) to a name or a public
    address, or a relative URL): another scheme, ``localhost`` or a special address."""
    parts = split_url(url.strip())
    scheme = parts.scheme.lower()
    if scheme and scheme not in FETCHED_SCHEMES:
        return f"a URL with the {scheme} scheme"
    host = (parts.hostname or "").rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return "a loopback address"
    address = literal_address(host) if host else None
    return special_address(address) if address is not None else None
