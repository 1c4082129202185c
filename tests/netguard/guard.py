"""Block every connection that is not to a loopback address, at the socket layer.

Installed for the whole test session (tests/conftest.py) and, through sitecustomize.py on
PYTHONPATH, in every Python subprocess the tests start. Even code under test that is wrong
cannot reach the network: `connect`, `connect_ex` and `sendto` (UDP, DNS included) to anything
but 127.0.0.0/8, ::1 or a Unix socket raise `BlockedConnection`. Name resolution is blocked
too except for `localhost` and IP literals, so a DNS query never leaves the machine.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any


class BlockedConnection(OSError):
    """A test tried to reach something other than loopback."""


def _loopback(address: Any) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX path
        return True
    if not isinstance(address, tuple) or not address:
        return False
    host = str(address[0]).split("%", 1)[0]
    if host == "localhost":
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


_installed = False

_INSTALLERS = ("pip", "virtualenv")


def is_installer(argv: list[str]) -> bool:
    """`python -m pip ...`, `pip ...`, `python -mvirtualenv ...`: a package installer."""
    words = [word.rsplit("/", 1)[-1] for word in argv[:3]]
    for index, word in enumerate(words):
        module = word[2:] if word.startswith("-m") and len(word) > 2 else None
        if module is None and word == "-m" and index + 1 < len(words):
            module = words[index + 1]
        if module is not None:
            return module.split(".")[0] in _INSTALLERS
        if index and word.split("-")[0].removesuffix(".exe") in _INSTALLERS:
            return True
    return False


def install() -> None:
    global _installed
    if _installed:
        return
    _installed = True
    original_connect = socket.socket.connect
    original_connect_ex = socket.socket.connect_ex
    original_sendto = socket.socket.sendto
    original_getaddrinfo = socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> None:
        if self.family != getattr(socket, "AF_UNIX", None) and not _loopback(address):
            raise BlockedConnection(f"tests may reach loopback only, not {address!r}")
        original_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        if self.family != getattr(socket, "AF_UNIX", None) and not _loopback(address):
            raise BlockedConnection(f"tests may reach loopback only, not {address!r}")
        return original_connect_ex(self, address)

    def sendto(self: socket.socket, *args: Any) -> int:
        address = args[-1]
        if self.family != getattr(socket, "AF_UNIX", None) and not _loopback(address):
            raise BlockedConnection(f"tests may reach loopback only, not {address!r}")
        return original_sendto(self, *args)  # type: ignore[arg-type]

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name is not None and name != "localhost" and not name.endswith(".localhost"):
            try:
                ipaddress.ip_address(str(name).strip("[]").split("%", 1)[0])
            except ValueError:
                raise socket.gaierror(
                    socket.EAI_NONAME, f"tests resolve no names but localhost ({name!r})"
                ) from None
        return original_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    socket.socket.sendto = sendto  # type: ignore[assignment,method-assign]
    socket.getaddrinfo = getaddrinfo
