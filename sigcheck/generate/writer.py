"""Atomic writes: a temporary file in the target's folder, flushed, then renamed over it.

A reader (or a crash) sees the old file or the new one, never half of one. The file keeps its
permission bits (and its owner, when we may set it); a symlink is written through, so the link
stays a link, but never when it leads out of the repository. A file with more than one hard
link is refused: a rename would split the link in two (the other name keeping the old text),
and writing in place would not be atomic. Temporary files of runs that were killed (older
than `STALE_AFTER`) are removed from the folder before writing.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
from pathlib import Path

from sigcheck.files import MAX_FILE_BYTES, inside

PREFIX, SUFFIX = ".sigcheck-", ".tmp"
STALE_AFTER = 15 * 60
"""Seconds after which a `.sigcheck-*.tmp` is a leftover of a killed run, not one in progress."""


class WriteError(Exception):
    """The file could not be written; it is unchanged."""


def _default_mode() -> int:
    """Mode of a new file as `open()` would create it (0o666 minus the umask)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def remove_stale_temporaries(folder: Path, now: float | None = None) -> list[str]:
    """Delete our temporary files older than STALE_AFTER in `folder`; their names."""
    removed: list[str] = []
    limit = (time.time() if now is None else now) - STALE_AFTER
    try:
        with os.scandir(folder) as scan:
            for entry in scan:
                if not (entry.name.startswith(PREFIX) and entry.name.endswith(SUFFIX)):
                    continue
                with contextlib.suppress(OSError):
                    info = entry.stat(follow_symlinks=False)
                    if stat.S_ISREG(info.st_mode) and info.st_mtime < limit:
                        os.unlink(entry.path)
                        removed.append(entry.name)
    except OSError:
        pass
    return removed


def atomic_write(
    path: Path,
    data: bytes,
    *,
    root: Path | None = None,
    create_only: bool = False,
    limit: int | None = MAX_FILE_BYTES,
) -> None:
    """Replace (or create) `path` with `data`, atomically; raises WriteError, and then the
    original file is as it was and no temporary file is left behind.

    `root`: refuse a path that (through symlinks) leads out of it. `create_only`: refuse when
    something already exists at `path`. `limit`: refuse data that sigcheck could not read
    back (None: no limit, for reports)."""
    if limit is not None and len(data) > limit:
        raise WriteError(
            f"not written: {len(data) / 1048576:.1f} MiB is over the "
            f"{limit / 1048576:.0f} MiB limit sigcheck reads"
        )
    if root is not None and not inside(path, root):
        raise WriteError("not written: the path is a symlink that leads out of the repository")
    if create_only and os.path.lexists(path):
        raise WriteError("not written: the file already exists")
    target = Path(os.path.realpath(path))
    try:
        info: os.stat_result | None = target.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise WriteError(f"cannot write: {exc.strerror or exc}") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        kind = (
            "a directory, not a regular file"
            if stat.S_ISDIR(info.st_mode)
            else "not a regular file"
        )
        raise WriteError(f"cannot write: {kind}")
    if info is not None and info.st_nlink > 1:
        raise WriteError(
            f"not written: the file has {info.st_nlink} hard links, and replacing it would "
            "split them; replace the hard links by one file (or a symlink) first"
        )
    mode = stat.S_IMODE(info.st_mode) if info is not None else _default_mode()
    remove_stale_temporaries(target.parent)
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=PREFIX, suffix=SUFFIX)
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
        if create_only:
            _link_new(temporary, target)
        else:
            os.replace(temporary, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise WriteError(f"cannot write: {exc.strerror or exc}") from None
    except BaseException:  # KeyboardInterrupt: still no temporary file left behind
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _link_new(temporary: str, target: Path) -> None:
    """Give the temporary file its name only if the name is still free (a hard link fails
    where a rename would replace); on file systems without hard links, check then rename."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise
    except OSError:
        if os.path.lexists(target):
            raise FileExistsError(17, "File exists") from None
        os.replace(temporary, target)
        return
    os.unlink(temporary)
