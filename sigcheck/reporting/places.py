"""Where a finding is shown when a viewer needs a file and a line.

Most findings have both. A finding about a folder (D002, D003, M001) or a whole file (T001, F001)
has none, but GitHub code scanning drops a result without a region and an annotation without a
file is not shown on the diff. Such a finding is shown at line 1 of the folder's README (else its
README_en.md / README.en.md, else its sig-info.yaml, else its first file), or at line 1 of the
file. The table row of an orphan does not exist and a folder may be in no table, so the README is
the one place every SIG folder is expected to have.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from sigcheck.diagnostics import Diagnostic

FOLDER_PAGES = ("README.md", "README_en.md", "README.en.md", "sig-info.yaml")


def anchor(diagnostic: Diagnostic, root: Path | None) -> tuple[str, int, int]:
    """(path, line, column) of a file to show the finding at; 1-based."""
    if diagnostic.line is not None:
        return diagnostic.path, diagnostic.line, diagnostic.column or 1
    if root is None:
        return diagnostic.path, 1, 1
    folder = root / diagnostic.path
    if not folder.is_dir():
        return diagnostic.path, 1, 1
    for name in FOLDER_PAGES:
        if (folder / name).is_file():
            return f"{diagnostic.path}/{name}", 1, 1
    try:
        files = sorted(p.name for p in folder.iterdir() if p.is_file())
    except OSError:
        files = []
    if files:
        return f"{diagnostic.path}/{files[0]}", 1, 1
    return diagnostic.path, 1, 1


def place(diagnostic: Diagnostic, path: str | None = None) -> str:
    """`path:line:col`, or the path alone for a finding about a folder or a whole file;
    `path` instead of the finding's own (repository-relative) one."""
    shown = diagnostic.path if path is None else path
    if diagnostic.line is None:
        return shown
    return f"{shown}:{diagnostic.line}:{diagnostic.column or 1}"


def from_cwd(root: Path, cwd: Path) -> Callable[[str], str] | None:
    """How text output names a repository-relative path, as git does: relative to the current
    folder (`../data/README.md` from `sigs/compiler`, `data/README.md` from `sigs`) when the
    current folder is inside the root or holds it; None (relative to the root) when it is the
    root or elsewhere (`--root` given from another folder: such paths would climb out of it)."""
    if cwd == root or not (cwd.is_relative_to(root) or root.is_relative_to(cwd)):
        return None

    def show(path: str) -> str:
        return Path(os.path.relpath(root / path, cwd)).as_posix()

    return show


def uri(path: str) -> str:
    """A repository-relative path as a URI reference: spaces, `#`, `%` and Chinese
    percent-encoded (UTF-8), `/` kept."""
    return quote(path, safe="/")
