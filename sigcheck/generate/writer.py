"""Atomic writes: a temporary file in the target's folder, flushed, then renamed over it.

A reader (or a crash) sees the old file or the new one, never half of one. The file keeps its
permission bits (and its owner, when we may set it); a symlink is written through, so the link
stays a link.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


class WriteError(Exception):
    """The file could not be written; it is unchanged."""


def _default_mode() -> int:
    """Mode of a new file as `open()` would create it (0o666 minus the umask)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write(path: Path, data: bytes) -> None:
    """Replace (or create) `path` with `data`, atomically; raises WriteError, and then the
    original file is as it was and no temporary file is left behind."""
    target = Path(os.path.realpath(path))
    try:
        info: os.stat_result | None = target.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise WriteError(f"cannot write: {exc.strerror or exc}") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise WriteError("cannot write: not a regular file")
    mode = stat.S_IMODE(info.st_mode) if info is not None else _default_mode()
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".sigcheck-", suffix=".tmp")
    except OSError as exc:
        raise WriteError(f"cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        if info is not None and hasattr(os, "chown"):
            with contextlib.suppress(OSError):  # only a privileged user may give files away
                if (info.st_uid, info.st_gid) != (os.getuid(), os.getgid()):
                    os.chown(temporary, info.st_uid, info.st_gid)
        os.replace(temporary, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise WriteError(f"cannot write: {exc.strerror or exc}") from None
