"""Which hosts the link checker may contact: public addresses only.

A page (or a redirect) can point at `http://169.254.169.254/`, `http://10.0.0.1/` or
`http://localhost:8080/`; requesting those from a CI runner reaches the runner's own network,
not the web the page's readers see. Such links are not requested (L006, "not checked"); names
are resolved first, so a public name that resolves to a private address is refused too.

Tests run their servers on 127.0.0.1: `SIGCHECK_TEST_ALLOW_LOOPBACK=1` in the environment lets
loopback addresses (127.0.0.0/8, ::1, `localhost`) through, and nothing else. It is a test
switch, documented as such; production runs leave it unset.
"""

from __future__ import annotations

import functools
import ipaddress
import os
import socket
from urllib.parse import urlsplit

ALLOW_LOOPBACK_ENV = "SIGCHECK_TEST_ALLOW_LOOPBACK"

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _kind(address: Address) -> str | None:
    """What makes an address off limits, or None for a public one."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if address.is_unspecified or address.is_multicast or address.is_reserved:
        return "reserved"
    if address.is_private or not address.is_global:
        return "private"
    return None


def _allowed(kind: str) -> bool:
    return kind == "loopback" and os.environ.get(ALLOW_LOOPBACK_ENV) == "1"


def refused_host(url: str, resolve: bool = True) -> str | None:
    """Why `url`'s host must not be contacted (`a private address (10.0.0.1)`), or None.
    With `resolve`, a name is looked up (once per run and host) and refused when any of its
    addresses is private; a name that does not resolve is left to the request (which reports
    it)."""
    try:
        host = (urlsplit(url).hostname or "").strip("[]").lower()
    except ValueError:
        return None
    if not host:
        return None
    return _refused(host, resolve, os.environ.get(ALLOW_LOOPBACK_ENV) == "1")


@functools.lru_cache(maxsize=4096)
def _refused(host: str, resolve: bool, loopback_allowed: bool) -> str | None:
    del loopback_allowed  # part of the cache key only: `_allowed` reads the environment
    if host == "localhost" or host.endswith(".localhost"):
        return None if _allowed("loopback") else f"a loopback address ({host})"
    try:
        addresses: list[Address] = [ipaddress.ip_address(host)]
    except ValueError:
        if not resolve:
            return None
        try:
            infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
        except (OSError, UnicodeError):
            return None
        addresses = []
        for info in infos:
            try:
                addresses.append(ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]))
            except ValueError:
                continue
    for address in addresses:
        kind = _kind(address)
        if kind is not None and not _allowed(kind):
            return f"a {kind} address ({address})"
    return None
