"""Reading text files defensively: size limits, BOM, and invalid UTF-8 with its position."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sigcheck.files import MAX_FILE_BYTES, ReadProblem, read_file

__all__ = ["MAX_FILE_BYTES", "TextProblem", "decode", "read_text"]


@dataclass(frozen=True, slots=True)
class TextProblem:
    message: str
    line: int | None = None
    column: int | None = None
    missing: bool = False


def decode(data: bytes) -> str | TextProblem:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        line = data.count(b"\n", 0, start) + 1
        column = start - (data.rfind(b"\n", 0, start) + 1) + 1
        return TextProblem(f"not valid UTF-8 (byte 0x{data[start]:02x})", line, column)


def read_text(
    path: Path, limit: int = MAX_FILE_BYTES, root: Path | None = None
) -> str | TextProblem:
    """The file's text without BOM, or why it cannot be read (through `files.read_file`:
    regular files only, bounded, confined to `root` when given)."""
    data = read_file(path, limit, root)
    if isinstance(data, ReadProblem):
        return TextProblem(data.message, missing=data.missing)
    return decode(data)
