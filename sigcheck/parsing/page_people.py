"""People a SIG page names by hand, under the headings the layout knows (M010).

Real pages write their member lists every way: `- 唐浩民[@tang-haomin](https://gitee.com/…)`,
`- liu-hao`, `- Jingxiao Lu  lu.jingxiao@example.com`, `- charlie(@charlie_li), since 2019`, a
table of names and ids. Each list item (or table row) under a leads, maintainers or committers
heading becomes one `Entry` with every way it may name someone (handles, emails, names); the
check matches any of them. What cannot be a person (prose, a link to a document) is left out,
so that a drift reported is a drift.

Line-based, no Markdown parser: only ATX headings, list items and table rows matter here, and
the pages are many. Fenced code, HTML comments and generated regions are skipped; a page that
carries a generated `sig-info` region is judged by the region (T008) alone and yields nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from sigcheck.layout import PeopleHeadings

SIG_INFO_BEGIN = "<!-- sigcheck:begin sig-info -->"
_REGION_RE = re.compile(r"^<!--\s*sigcheck:(begin|end)\b")
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING_RE = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_ITEM_RE = re.compile(r"^( {0,3})(?:[-*+]|\d{1,9}[.)])[ \t]+(.*)$")
_TABLE_ROW_RE = re.compile(r"^ {0,3}\|")
_DELIMITER_RE = re.compile(r"^ {0,3}\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_LINK_RE = re.compile(r"!?\[((?:\\.|[^\]\\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_EMAIL_RE = re.compile(
    r"(?:mailto:)?([A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})"
)
_AT_HANDLE_RE = re.compile(r"(?<![\w.@])@([A-Za-z][A-Za-z0-9_-]*)")
_NAME_END_RE = re.compile(r"[(（,，;；:：|]|\s[-–—]\s|\s{2,}|\bsince\b", re.IGNORECASE)
_MARKUP_RE = re.compile(r"[*`~]+|<[^>]*>|(?<!\w)_+|_+(?!\w)")
"""Emphasis, code spans, HTML; an underscore only at a word's edge (`wu_fengguang` is an id)."""
_WORDS_RE = re.compile(r"[^\W_]+")
_MOST_NAME_WORDS = 4
_MOST_WIDE = 8
_SUFFIXES = ("列表", "list", "名单")

ROLES = ("leads", "maintainers", "committers")


@dataclass(slots=True)
class Entry:
    """One list item or table row: every way it may name a person."""

    line: int
    column: int
    text: str
    handles: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)

    @property
    def shown(self) -> str:
        """How a message names it: `@handle`, else the name, else the email."""
        if self.handles:
            return f"@{self.handles[0]}"
        return self.names[0] if self.names else self.emails[0]


@dataclass(slots=True)
class PeopleSection:
    role: str
    """`leads`, `maintainers` or `committers`."""
    title: str
    line: int
    entries: list[Entry] = field(default_factory=list)


def _normal(text: str) -> str:
    return "".join(_WORDS_RE.findall(text.casefold()))


class HeadingRoles:
    """Which role a heading names, if any (`SIG Leads`, `Maintainer列表`, `维护者 Maintainers`)."""

    def __init__(self, headings: PeopleHeadings) -> None:
        self._known: dict[str, str] = {}
        for role in ROLES:
            for title in getattr(headings, role):
                normal = _normal(title)
                if normal:
                    for suffix in ("", *_SUFFIXES):
                        self._known.setdefault(normal + suffix, role)
        self._former = tuple(_normal(word) for word in headings.former if _normal(word))

    def former(self, title: str) -> bool:
        normal = _normal(title)
        return any(word in normal for word in self._former)

    def role(self, title: str) -> str | None:
        """The role of a heading: the whole title, or each of its parts (`Maintainers /
        维护者`, `维护者 Maintainers`) naming one role and nothing else a role."""
        whole = self._known.get(_normal(title))
        if whole is not None:
            return whole
        for pattern in (r"[/|()（）:：]", r"\s+"):
            parts = [_normal(part) for part in re.split(pattern, title)]
            roles = {self._known.get(part) for part in parts if part}
            if len(roles) == 1 and None not in roles:
                return roles.pop()
        return None


_NOBODY = frozenset(
    {"none", "noneyet", "nobody", "vacant", "tobeadded", "tba", "空缺", "暂缺", "待添加", "暂无"}
)
"""What a list says instead of a person (the configured placeholders are left out too)."""


def _name(text: str) -> str | None:
    """The name at the start of an item's text, when it can be one: a few words, no
    sentence (`见 sig-info.yaml`, a paragraph of prose, `None yet` are not people)."""
    text = _MARKUP_RE.sub(" ", text)
    cut = _NAME_END_RE.search(text)
    name = (text[: cut.start()] if cut else text).strip(" \t-–—·•.。")
    words = _WORDS_RE.findall(name)
    wide = sum(1 for char in name if "\u3000" <= char <= "\u9fff")
    if not words or len(words) > _MOST_NAME_WORDS or len(name) > 40 or wide > _MOST_WIDE:
        return None  # a sentence; Chinese names are a few characters, written without spaces
    return None if "".join(words).casefold() in _NOBODY else name


def read_entry(
    text: str, line: int, column: int, handle_of: Callable[[str], str | None]
) -> Entry | None:
    """One item's people, or None when it names nobody it could be checked against.
    `handle_of(url)`: the account a profile link names."""
    entry = Entry(line, column, text.strip())
    rest: list[str] = []
    position = 0
    other_links = False
    for match in _LINK_RE.finditer(text):
        rest.append(text[position : match.start()])
        position = match.end()
        label, url = match.group(1).strip(), match.group(2)
        handle = handle_of(url)
        if handle is None and label.startswith("@") and len(label) > 1:
            handle = label[1:].strip()
        if handle is not None:
            entry.handles.append(handle)
        elif url.lower().startswith("mailto:"):
            entry.emails.append(url[7:].split("?", 1)[0].strip())
        else:
            other_links = True
            rest.append(" " + label + " ")
    rest.append(text[position:])
    plain = "".join(rest)
    for match in _EMAIL_RE.finditer(plain):
        entry.emails.append(match.group(1))
    plain = _EMAIL_RE.sub("  ", plain)
    entry.handles += _AT_HANDLE_RE.findall(plain)
    plain = _AT_HANDLE_RE.sub("  ", plain)
    name = _name(plain)
    if name is not None:
        entry.names.append(name)
    if not entry.handles and not entry.emails and (other_links or name is None):
        return None  # `见 [sig-info.yaml](sig-info.yaml)`, prose: not a person
    return entry


def _cells(line: str) -> list[tuple[str, int]]:
    """The cells of a table row with their 1-based columns (escaped pipes kept)."""
    cells: list[tuple[str, int]] = []
    start = line.index("|") + 1
    position = start
    while position <= len(line):
        if position == len(line) or (line[position] == "|" and line[position - 1] != "\\"):
            cell = line[start:position]
            if cell.strip() or position < len(line):
                cells.append((cell, start + 1))
            start = position + 1
        position += 1
    return [(cell, column) for cell, column in cells if cell.strip()]


def _table_entry(
    line_text: str, number: int, handle_of: Callable[[str], str | None]
) -> Entry | None:
    """A table row: any of its cells may be the name, the id or the email."""
    cells = _cells(line_text)
    if not cells:
        return None
    found: Entry | None = None
    for cell, column in cells:
        entry = read_entry(cell, number, column, handle_of)
        if entry is None:
            continue
        if found is None:
            found = entry
            found.text = line_text.strip()
            continue
        found.handles += entry.handles
        found.emails += entry.emails
        found.names += entry.names
    return found


def people_sections(
    text: str, headings: HeadingRoles, handle_of: Callable[[str], str | None]
) -> list[PeopleSection] | None:
    """The sections of a page that list people by hand; None when the page carries a
    generated `sig-info` region (the region is what T008 judges)."""
    lines = text.splitlines()
    if any(line.strip() == SIG_INFO_BEGIN for line in lines):
        return None
    return list(_sections(lines, headings, handle_of))


def _sections(
    lines: list[str], headings: HeadingRoles, handle_of: Callable[[str], str | None]
) -> Iterator[PeopleSection]:
    current: PeopleSection | None = None
    level = 0
    """The heading level that opened `current` (or a former-members heading: no section)."""
    fence: str | None = None
    in_region = in_comment = False
    list_indent: int | None = None
    table_header: int | None = None
    in_table = False
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if fence is not None:
            if stripped.startswith(fence):
                fence = None
            continue
        if in_comment:
            in_comment = "-->" not in line
            continue
        region = _REGION_RE.match(stripped)
        if region:
            in_region = region.group(1) == "begin"
            continue
        if in_region:
            continue
        opened = _FENCE_RE.match(line)
        if opened:
            fence = opened.group(1)[0] * 3
            continue
        if stripped.startswith("<!--") and "-->" not in stripped:
            in_comment = True
            continue
        heading = _HEADING_RE.match(line)
        if heading:
            depth, title = len(heading.group(1)), (heading.group(2) or "").strip()
            list_indent, table_header, in_table = None, None, False
            if current is not None or level:
                if depth > level:
                    if headings.former(title):
                        if current is not None:
                            yield current
                        current, level = None, depth
                    continue  # a sub-heading of the section (`#### Huawei`) goes on
                if current is not None:
                    yield current
                current, level = None, 0
            if headings.former(title):
                level = depth
                continue
            role = headings.role(title)
            if role is not None:
                current, level = PeopleSection(role, title, number), depth
            continue
        if current is None:
            continue
        item = _ITEM_RE.match(line)
        if item:
            indent = len(item.group(1))
            if list_indent is None or indent <= list_indent:
                list_indent = indent
                column = len(line) - len(item.group(2)) + 1
                entry = read_entry(item.group(2), number, column, handle_of)
                if entry is not None:
                    current.entries.append(entry)
            continue
        if table_header == number - 1 and not in_table and _DELIMITER_RE.match(line):
            in_table = True
            continue
        if _TABLE_ROW_RE.match(line):
            if in_table:
                entry = _table_entry(line, number, handle_of)
                if entry is not None:
                    current.entries.append(entry)
            else:
                table_header = number
            continue
        if not stripped:
            table_header, in_table = None, False
            continue
        if not line.startswith((" ", "\t")):
            list_indent, table_header, in_table = None, None, False
    if current is not None:
        yield current
