"""The test session cannot reach anything but loopback, in process and in subprocesses.

192.0.2.1 is TEST-NET-1 (RFC 5737): reserved for documentation, routed nowhere. Even if the
guard failed, a connection attempt to it would reach no one; with the guard it is never made.
"""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

DOCUMENTATION_ADDRESS = ("192.0.2.1", 80)


def test_a_non_loopback_connect_fails_in_process() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(2)
        with pytest.raises(OSError, match="loopback only"):
            sock.connect(DOCUMENTATION_ADDRESS)
        with pytest.raises(OSError, match="loopback only"):
            sock.connect_ex(DOCUMENTATION_ADDRESS)
    with pytest.raises(OSError, match="loopback only"):
        socket.create_connection(DOCUMENTATION_ADDRESS, timeout=2)


def test_names_other_than_localhost_do_not_resolve() -> None:
    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("example.org", 443)
    assert socket.getaddrinfo("127.0.0.1", 80)  # literals and localhost still work


def test_loopback_still_connects() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        with socket.create_connection(server.getsockname(), timeout=2):
            pass


def test_a_non_loopback_connect_fails_in_a_subprocess() -> None:
    code = (
        "import socket\n"
        "try:\n"
        f"    socket.create_connection({DOCUMENTATION_ADDRESS!r}, timeout=2)\n"
        "except OSError as exc:\n"
        "    print('blocked' if 'loopback only' in str(exc) else 'other', type(exc).__name__)\n"
        "else:\n"
        "    print('connected')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=False
    )
    assert done.stdout.startswith("blocked"), done.stdout + done.stderr
