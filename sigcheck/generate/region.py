"""The generated region of a page, and splicing new table lines into it byte for byte.

The page is split on the line breaks Markdown sees (`\\r\\n`, `\\r`, `\\n`), the same lines
markdown-it numbers, each kept with its own ending. Only the table's lines are replaced; the
BOM, every other line, each line's ending and a missing final newline stay exactly as they were.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BOM = b"\xef\xbb\xbf"
_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


@dataclass(frozen=True, slots=True)
class Page:
    """A page's text as lines with their endings, and whether it started with a BOM."""

    bom: bool
    lines: list[tuple[str, str]]
    """(content, ending) per line; the ending is "" only for a last line without one."""

    @classmethod
    def from_bytes(cls, data: bytes) -> Page:
        """Decode UTF-8 (raises UnicodeDecodeError, which callers report)."""
        bom = data.startswith(BOM)
        text = data[len(BOM) if bom else 0 :].decode("utf-8")
        return cls(bom, split_lines(text))

    def line(self, number: int) -> str:
        """Content of a 1-based line."""
        return self.lines[number - 1][0]

    def to_bytes(self) -> bytes:
        text = "".join(content + ending for content, ending in self.lines)
        return (BOM if self.bom else b"") + text.encode("utf-8")

    def text(self) -> str:
        return "".join(content + ending for content, ending in self.lines)

    def newline(self, near: int) -> str:
        """The line ending to give new lines at 1-based line `near`: that line's own, else
        the page's first one, else `\\n`."""
        if 1 <= near <= len(self.lines) and self.lines[near - 1][1]:
            return self.lines[near - 1][1]
        return next((ending for _, ending in self.lines if ending), "\n")

    def replace(self, first: int, last: int, new_lines: list[str]) -> Page:
        """A copy with 1-based lines `first..last` replaced by `new_lines`. The new lines take
        the ending of the replaced ones; the last keeps the old last line's ending, so a page
        that ended without a newline still does."""
        eol = self.newline(first)
        final = self.lines[last - 1][1]
        spliced = [(content, eol) for content in new_lines]
        if spliced:
            spliced[-1] = (spliced[-1][0], final)
        return Page(self.bom, [*self.lines[: first - 1], *spliced, *self.lines[last:]])


def split_lines(text: str) -> list[tuple[str, str]]:
    """Lines with their endings, numbered as markdown-it numbers them."""
    lines: list[tuple[str, str]] = []
    for match in _LINE_RE.finditer(text):
        chunk = match.group(0)
        if chunk.endswith("\r\n"):
            lines.append((chunk[:-2], "\r\n"))
        elif chunk.endswith(("\r", "\n")):
            lines.append((chunk[:-1], chunk[-1]))
        else:
            lines.append((chunk, ""))
    return lines
