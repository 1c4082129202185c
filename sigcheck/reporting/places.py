"""Where a finding is shown when a viewer needs a file and a line.

Most findings have both. A finding about a folder (D002, D003, M001) or a whole file (T001, F001)
has none, but GitHub code scanning drops a result without a region and an annotation without a
file is not shown on the diff. Such a finding is shown at line 1 of the folder's README (else its
README_en.md / README.en.md, else its sig-info.yaml, else its first file), or at line 1 of the
file. The table row of an orphan does not exist and a folder may be in no table, so the README is
the one place every SIG folder is expected to have.
"""

from __future__ import annotations

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


def place(diagnostic: Diagnostic) -> str:
    """`path:line:col`, or the path alone for a finding about a folder or a whole file."""
    if diagnostic.line is None:
        return diagnostic.path
    return f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column or 1}"


def uri(path: str) -> str:
    """A repository-relative path as a URI reference: spaces, `#`, `%` and Chinese
    percent-encoded (UTF-8), `/` kept."""
    return quote(path, safe="/")
