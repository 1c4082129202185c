"""Rendering a SIG table: pure functions from metadata to Markdown cells and table lines.

Nothing here reads or writes files, so the same code serves `fix`, the T008 check and the
property tests. Cells are Markdown: text from the metadata is escaped so that it stays one
cell on one line; cells kept from an existing row are passed through verbatim.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote

from sigcheck.identity import DEFAULT_RULES, PeopleRules
from sigcheck.model import Person, SigMetadata

Alignment = Literal["", "left", "right", "center"]

MIN_WIDTH = 3
"""A delimiter cell needs three dashes, so no column is narrower."""

_BREAKS_RE = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")
"""Line breaks Markdown or `str.splitlines` would see, and other control characters."""

_URL_UNSAFE = frozenset(" %()<>#?|[]\"'`\\^{}")


def display_width(text: str) -> int:
    """Columns a terminal or editor gives `text`: East Asian wide and full-width characters
    count 2, combining marks and format characters 0, everything else 1."""
    if text.isascii():
        return len(text)
    width = 0
    for char in text:
        if unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def one_line(text: str) -> str:
    """Text of a single cell: line breaks and control characters become spaces."""
    return _BREAKS_RE.sub(" ", text).strip()


def escape_pipes(text: str) -> str:
    """Escape every `|` that is not escaped yet, so a cell never splits in two."""
    out: list[str] = []
    backslashes = 0
    for char in text:
        if char == "|" and backslashes % 2 == 0:
            out.append("\\")
        out.append(char)
        backslashes = backslashes + 1 if char == "\\" else 0
    return "".join(out)


def unescape_pipes(text: str) -> str:
    """The inverse of `escape_pipes` for cell text read back from a table."""
    return text.replace("\\|", "|")


def cell_text(text: str) -> str:
    """Metadata text (a domain, a name) as the content of a cell."""
    return escape_pipes(one_line(text))


def escape_link_text(text: str) -> str:
    """Plain text inside `[...]`: backslashes, brackets and pipes escaped."""
    return re.sub(r"([\\\[\]|])", r"\\\1", one_line(text))


def encode_path(path: str) -> str:
    """A repository path as a Markdown link destination: spaces as `%20` (SPEC §1), and the
    few characters that would end or bend the link encoded; other text (Chinese) kept."""
    return "".join(
        quote(char, safe="")
        if char in _URL_UNSAFE or char.isspace() or not char.isprintable()
        else char
        for char in path
    )


def sig_link(folder_path: str, readme: str, table_path: str) -> str:
    """Link from the table's page to a SIG's README, relative to the page's folder."""
    start = posixpath.dirname(table_path) or "."
    return encode_path(posixpath.relpath(f"{folder_path}/{readme}", start))


def label(meta: SigMetadata, english: bool) -> str:
    """The SIG's label in a table: `display_name_en` (en), `display_name`, then `name`."""
    choices = (meta.display_name_en, meta.display_name) if english else (meta.display_name,)
    return next((v.strip() for v in (*choices, meta.name) if v and v.strip()), "")


def name_cell(meta: SigMetadata, href: str, english: bool = False) -> str:
    return f"[{escape_link_text(label(meta, english))}]({href})"


def domain_text(meta: SigMetadata, english: bool) -> str | None:
    """The domain key of the table's language, or None when the metadata has none."""
    value = meta.domain_en if english else meta.domain
    return value if value and value.strip() else None


SUMMARY_WIDTH = 60
"""A new row's domain cell summarised from a description is at most this many columns wide."""

_SENTENCE_END_RE = re.compile(r"(?<=[。！？；])|(?<=[.!?;])(?=\s)")


def summary(text: str, width: int = SUMMARY_WIDTH) -> str:
    """One line for a domain cell: the first sentence of `text`, cut at `width` display
    columns (on a word boundary when there is one) with `…`."""
    line = re.sub(r"\s+", " ", one_line(text))
    first = _SENTENCE_END_RE.split(line, maxsplit=1)[0].strip()
    first = first.rstrip("。.；;") or line
    if display_width(first) <= width:
        return first
    out = ""
    for char in first:
        if display_width(out + char) > width - 1:
            break
        out += char
    if " " in out and first[len(out) : len(out) + 1] not in ("", " "):
        out = out.rsplit(" ", 1)[0]
    return out.rstrip(" ,，、:：") + "…"


def fallback_domain(meta: SigMetadata, english: bool) -> str:
    """For a SIG not listed yet and without a domain key: a one-line summary of the
    description, this language first, so the new row is short but never empty when the
    metadata says anything at all."""
    order = (
        (meta.description_en, meta.domain, meta.description)
        if english
        else (meta.description, meta.domain_en, meta.description_en)
    )
    return summary(next((value for value in order if value and value.strip()), ""))


@dataclass(frozen=True, slots=True)
class RowContext:
    """Where and how people and rows are rendered."""

    table_path: str
    english: bool
    emails: bool = False
    rules: PeopleRules = DEFAULT_RULES
    """Which accounts link where, and which values are placeholders (never rendered)."""


def person_text(person: Person, context: RowContext) -> str:
    """`[@display](profile/handle)`, else `name（organization）` (zh) / `name (organization)`,
    with the en table's `display_en`, `name_en` and `organization_en` when they are set.
    Placeholders and empty values are never rendered; "" when nothing real is left."""
    rules = context.rules
    english = context.english

    def value(key: str) -> str | None:
        return (rules.field(person, f"{key}_en") if english else None) or rules.field(person, key)

    account = rules.account(person)
    url = account[0].profile(encode_path(account[1])) if account else None
    if account is not None and url is not None:
        shown = value("display") or account[1]
        text = f"[@{escape_link_text(shown.removeprefix('@'))}]({url})"
    else:
        name = value("name") or (account[1] if account else "")
        text = cell_text(name)
        organization = value("organization")
        if organization and text:
            organization = cell_text(organization)
            text += f" ({organization})" if english else f"（{organization}）"
    email = rules.field(person, "email")
    if context.emails and email and text:
        text += f"({cell_text(email)})"
    return text


def _linked(person: Person, context: RowContext) -> bool:
    account = context.rules.account(person)
    return account is not None and account[0].profile_url is not None


def leads_cell(people: Sequence[Person], context: RowContext) -> str:
    """Links are separated by a space (as in the MindSpore table); a plain name needs a real
    separator, or two names would read as one: `、` in Chinese, `, ` in English."""
    parts: list[str] = []
    previous_link = True
    for person in people:
        text = person_text(person, context)
        if not text:
            continue
        is_link = _linked(person, context)
        if parts:
            parts.append(" " if is_link and previous_link else (", " if context.english else "、"))
        parts.append(text)
        previous_link = is_link
    return "".join(parts)


def sig_cells(
    meta: SigMetadata,
    folder_path: str,
    readme: str,
    context: RowContext,
    existing: Sequence[str] | None = None,
    people: Sequence[Person] | None = None,
) -> list[str]:
    """The three cells of a SIG's row. `existing` (the cells of its current row) fills what
    the metadata cannot say, so that `fix` never loses information: the domain when the
    language's domain key is missing, the leads when the metadata names no one. `people`:
    the SIG's leads when its folder says otherwise than the metadata (`OWNERS`)."""
    name = name_cell(meta, sig_link(folder_path, readme, context.table_path), context.english)
    domain = domain_text(meta, context.english)
    if domain is not None:
        domain_cell = cell_text(domain)
    elif existing is not None and existing[1].strip():
        domain_cell = existing[1]
    else:
        domain_cell = cell_text(fallback_domain(meta, context.english))
    if people is None:
        people = meta.lead_people(context.rules, context.english)
    leads = leads_cell(people, context) if people else ""
    if not leads and existing is not None:
        leads = existing[2]
    return [name, domain_cell, leads]


# --- the table as lines ------------------------------------------------------------------------


def parse_delimiter(line: str) -> tuple[list[Alignment], bool]:
    """Alignment per column of a delimiter row, and whether its cells are space-padded
    (`| --- |`) rather than flush (`|:----|`, the MindSpore style)."""
    from sigcheck.parsing.markdown import split_row

    alignments: list[Alignment] = []
    for cell, _ in split_row(line):
        left, right = cell.startswith(":"), cell.endswith(":") and len(cell) > 1
        alignments.append(
            "center" if left and right else "left" if left else "right" if right else ""
        )
    spaced = bool(re.match(r"^\s*\|?[ \t]+[:-]", line))
    return alignments, spaced


def _pad(text: str, width: int, alignment: Alignment) -> str:
    gap = max(0, width - display_width(text))
    if alignment == "right":
        return " " * gap + text
    if alignment == "center":
        return " " * (gap // 2) + text + " " * (gap - gap // 2)
    return text + " " * gap


def _delimiter_cell(width: int, alignment: Alignment) -> str:
    if alignment == "center":
        return ":" + "-" * (width - 2) + ":"
    if alignment == "left":
        return ":" + "-" * (width - 1)
    if alignment == "right":
        return "-" * (width - 1) + ":"
    return "-" * width


def format_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    alignments: Sequence[Alignment] = (),
    spaced_delimiter: bool = False,
    indent: str = "",
) -> list[str]:
    """The table's lines (without line endings): every column padded to one display width."""
    count = len(header)
    missing: list[Alignment] = [""] * (count - len(alignments))
    aligns: list[Alignment] = [*alignments[:count], *missing]
    widths = [
        max([MIN_WIDTH, display_width(header[i]), *(display_width(row[i]) for row in rows)])
        for i in range(count)
    ]

    def line(cells: Sequence[str]) -> str:
        padded = (_pad(cells[i], widths[i], aligns[i]) for i in range(count))
        return indent + "| " + " | ".join(padded) + " |"

    if spaced_delimiter:
        delimiter = (
            "| "
            + " | ".join(_delimiter_cell(w, a) for w, a in zip(widths, aligns, strict=True))
            + " |"
        )
    else:
        delimiter = (
            "|"
            + "|".join(_delimiter_cell(w + 2, a) for w, a in zip(widths, aligns, strict=True))
            + "|"
        )
    return [line(header), indent + delimiter, *(line(row) for row in rows)]


# --- minimal diffs: rows padded to the widths the table already has ----------------------------


def raw_cells(line: str) -> list[str]:
    """The raw text between a row's pipes, padding included (`| a  | b |` -> ` a  `, ` b `)."""
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    cells: list[str] = []
    start, escaped = 0, False
    for index, char in enumerate(body):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "|":
            cells.append(body[start:index])
            start = index + 1
    if body[start:].strip():
        cells.append(body[start:])
    return cells


def existing_widths(header: str, delimiter: str, count: int) -> list[int]:
    """The display width of each column as the table lays it out today: the wider of the
    header cell with its padding and the delimiter cell (`| --- |` or `|:-----|`, whose dashes
    stand for the padding too). A table written by hand without padding gets none."""
    heads, delims = raw_cells(header), raw_cells(delimiter)
    widths: list[int] = []
    for i in range(count):
        head = heads[i] if i < len(heads) else ""
        width = max(display_width(head.strip()), display_width(head) - 2)
        if i < len(delims):
            width = max(width, len(delims[i]) - 2)
        widths.append(width)
    return widths


def pad_row(
    cells: Sequence[str],
    widths: Sequence[int],
    alignments: Sequence[Alignment] = (),
    indent: str = "",
) -> str:
    """One row padded to `widths`: a cell wider than its column makes only this row longer."""
    padded = (
        _pad(
            cell, widths[i] if i < len(widths) else 0, alignments[i] if i < len(alignments) else ""
        )
        for i, cell in enumerate(cells)
    )
    return indent + "| " + " | ".join(padded) + " |"
