"""Loaded by every Python the tests start (this folder is on their PYTHONPATH): the same
loopback-only guard as the test session itself (tests/netguard/guard.py).

Exempt: pip (and virtualenv), which pre-commit runs to install a hook's environment from the
package index; they run no code of sigcheck's.
"""

import os
import sys

if os.environ.get("SIGCHECK_TEST_NETGUARD") == "1":
    import guard  # type: ignore[import-not-found,unused-ignore]

    if not guard.is_installer(getattr(sys, "orig_argv", sys.argv)):
        guard.install()
