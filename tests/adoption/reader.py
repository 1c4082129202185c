"""A table as a reader sees it, read independently of sigcheck's own parser: each row's
label and link, its domain, and per lead the link text and target, or the plain name and
affiliation (and the email shown, if any). Markdown inline syntax is read by markdown-it-py,
as a renderer would; separators, brackets and padding are layout and not part of the view."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from markdown_it import MarkdownIt

_MD = MarkdownIt("commonmark")
_EMAIL_RE = re.compile(r"^\s*[(（]\s*([^()（）\s]+@[^()（）\s]+)\s*[)）]")
_SEPARATORS = re.compile(r"<br\s*/?>|[,，、;；]")
_NAME_RE = re.compile(r"^(?P<name>.*?)\s*[(（](?P<aff>[^()（）]*)[)）]$")


@dataclass(frozen=True)
class Lead:
    text: str | None = None
    target: str | None = None
    name: str | None = None
    affiliation: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Row:
    label: str
    link: str
    domain: str
    leads: tuple[Lead, ...]

    def without_emails(self) -> Row:
        return replace(self, leads=tuple(replace(lead, email=None) for lead in self.leads))


def _cells(line: str) -> list[str]:
    body = line.strip().removeprefix("|").removesuffix("|")
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", body)]


def _inline(cell: str) -> list[tuple[str, str, str | None]]:
    """("link", text, href) and ("text", text, None) items, in order."""
    items: list[tuple[str, str, str | None]] = []
    tokens = _MD.parseInline(cell)[0].children or []
    href: str | None = None
    text = ""
    for token in tokens:
        if token.type == "link_open":
            href, text = str(token.attrs.get("href", "")), ""
        elif token.type == "link_close":
            items.append(("link", text.strip(), href))
            href = None
        elif token.type in ("text", "code_inline", "html_inline"):
            if href is not None:
                text += token.content
            else:
                items.append(("text", token.content, None))
        elif token.type in ("softbreak", "hardbreak"):
            items.append(("text", " ", None))
    return items


def _plain(text: str) -> list[Lead]:
    leads = []
    start, pieces = 0, []
    for match in _SEPARATORS.finditer(text):
        before = text[start : match.start()]
        depth = sum(before.count(c) for c in "(（") - sum(before.count(c) for c in ")）")
        if depth <= 0:  # a separator inside brackets belongs to the affiliation
            pieces.append(before)
            start = match.end()
    pieces.append(text[start:])
    for piece in pieces:
        piece = " ".join(piece.split())
        if not piece:
            continue
        match = _NAME_RE.match(piece)
        if match and match.group("name"):
            leads.append(Lead(name=match.group("name"), affiliation=match.group("aff").strip()))
        else:
            leads.append(Lead(name=piece))
    return leads


def _leads(cell: str) -> tuple[Lead, ...]:
    leads: list[Lead] = []
    text = ""
    for kind, content, href in _inline(cell):
        if kind == "text":
            text += content
            continue
        leads += _plain(text)
        text = ""
        leads.append(Lead(text=content, target=href))
    # an email right after a link: `[@x](…)(x@example.com)`
    out: list[Lead] = []
    for lead in [*leads, *_plain(text)]:
        if out and lead.name and out[-1].target and "@" in lead.name:
            email = _EMAIL_RE.match(lead.name)
            if email:
                out[-1] = replace(out[-1], email=email.group(1))
                continue
        out.append(lead)
    return tuple(out)


def _name(cell: str) -> tuple[str, str]:
    links = [(text, href) for kind, text, href in _inline(cell) if kind == "link"]
    assert len(links) == 1, cell
    return links[0][0], links[0][1] or ""


def read_rows(path: Path) -> list[Row]:
    """The rows of the first table whose header starts with `SIG name`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| SIG name"))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        name, domain, leads = _cells(line)
        label, link = _name(name)
        rows.append(Row(label, link, " ".join(domain.split()), _leads(leads)))
    return rows
