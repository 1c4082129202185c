"""Reading text files defensively: size limits, BOM, and invalid UTF-8 with its position."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MAX_FILE_BYTES = 2 * 1024 * 1024
"""SIG pages are kilobytes; anything past this is not a page a person maintains by hand."""


@dataclass(frozen=True, slots=True)
class TextProblem:
    message: str
    line: int | None = None
    column: int | None = None


def decode(data: bytes) -> str | TextProblem:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        line = data.count(b"\n", 0, start) + 1
        column = start - (data.rfind(b"\n", 0, start) + 1) + 1
        return TextProblem(f"not valid UTF-8 (byte 0x{data[start]:02x})", line, column)


def read_text(path: Path, limit: int = MAX_FILE_BYTES) -> str | TextProblem:
    """The file's text without BOM, or why it cannot be read."""
    try:
        size = path.stat().st_size
        if size > limit:
            return TextProblem(
                f"file is {size / 1048576:.1f} MiB, over the {limit // 1048576} MiB limit; not read"
            )
        data = path.read_bytes()
    except IsADirectoryError:
        return TextProblem("is a directory, not a file")
    except OSError as exc:
        return TextProblem(f"cannot read: {exc.strerror or exc}")
    return decode(data)
