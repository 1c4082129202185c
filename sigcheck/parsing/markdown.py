"""Markdown through markdown-it-py: every link and anchor of a page, and its SIG table.

Block tokens carry source lines; columns are found in the raw line, which is also where table
cells are split (GFM splits rows on unescaped `|`, which keeps the cell offsets exact).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import unquote

from sigcheck.identity import PeopleRules
from sigcheck.model import Link, MarkdownDoc, SigTable, TableRow
from sigcheck.parsing.leads import LINK_RE, parse_leads
from sigcheck.parsing.slugs import Slugger
from sigcheck.parsing.targets import LocalTarget, Own, classify

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core.state_core import StateCore
    from markdown_it.token import Token

    from sigcheck.config import TableConfig

BEGIN_MARKER = "<!-- sigcheck:begin table -->"
END_MARKER = "<!-- sigcheck:end table -->"
SIG_README_NAMES = ("README.md", "README_en.md", "README.en.md")

_HTMLLINK_RE = re.compile(r"""\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_HTML_ANCHOR_RE = re.compile(r"""\b(?:name|id)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


MAX_NESTING = 100
"""markdown-it's nesting limit (a list level counts 2: the list and its item). Past it, the
parser skips the rest of the page; `parse` notices, and the page is reported unreadable (F001,
or T001 for a table) rather than silently checked in part. Python's recursion stays far below
its limit at this depth."""


_LINK_TRIGGERS = frozenset("[<&")
"""Characters without which an inline run holds no link, image, raw HTML or `[x](y)`-like text:
`[` opens links, images and bracketed text; `<` autolinks and inline HTML; `&` an entity that
may decode to `[`."""
_MARKUP = frozenset("\\`*_&<[\n")
"""Characters without which a heading's inline parse yields its content as one text token:
escapes, code spans, emphasis, entities, autolinks/HTML, links/images, line breaks."""


_SIMPLE_LINK_RE = re.compile(r"(!?)\[[^\[\]]*\]\(([^\x00-\x20\x7f()\[\]]*)\)")
"""`[label](dest)` or `![alt](dest)` with no bracket in the label and a destination without
spaces, controls, parentheses or brackets: markdown-it reads it as exactly that link, whatever
emphasis surrounds it, provided the run holds no code span, escape, entity or raw HTML."""
_NOT_SIMPLE = frozenset("`\\&<")


def _simple_children(content: str, md: MarkdownIt) -> list[Token] | None:
    """The children `document_from` reads (links, images, line breaks, in order) of a run whose
    every bracket belongs to a simple link; None when the run needs markdown-it's inline parse.
    Text is left out: without a bracket of its own it holds no link-like text. Each line end
    is a break (markdown-it's soft or hard break; only a code span or a link title, which a
    simple run has not, would hold one otherwise); an image's alt keeps its breaks among its
    own children, which `document_from` does not count."""
    if not _NOT_SIMPLE.isdisjoint(content):
        return None
    from markdown_it.token import Token

    multiline = "\n" in content
    line_end = _line_end()
    children: list[Token] = []
    position = count = 0
    for match in _SIMPLE_LINK_RE.finditer(content):
        count += 1
        href = match.group(2)
        if not md.validateLink(href):  # markdown-it makes text (or a reference) of it
            return None
        start = match.start()
        if multiline:
            children += [line_end] * content.count("\n", position, start)
        if match.group(1):
            children.append(Token("image", "img", 0, attrs={"src": href, "alt": ""}))
        else:
            children.append(Token("link_open", "a", 1, attrs={"href": href}))
            if multiline:
                children += [line_end] * content.count("\n", start, match.end())
            children.append(Token("link_close", "a", -1))
        position = match.end()
    if content.count("[") != count or content.count("]") != count:
        return None
    if multiline:
        children += [line_end] * content.count("\n", position)
    return children


@cache
def _line_end() -> Token:
    """A soft break: only ever read, so one token serves every run."""
    from markdown_it.token import Token

    return Token("softbreak", "br", 0)


def _inline_where_read(state: StateCore) -> None:
    """markdown-it's core `inline` rule, run only where sigcheck reads the result.

    `document_from` reads an inline run's children for links, images, raw HTML and link-like
    text, and a heading's for its slug; `read_table` reads raw lines. A run with none of
    `_LINK_TRIGGERS` yields none of those, so it gets no children; a run whose links are all
    simple gets them without the inline parser (`_simple_children`); a heading with none of
    `_MARKUP` gets its content as one text token, which is what the parser would make of it.
    Everything else is parsed as markdown-it always does (tests/parsing_speed pins that the
    page entries are the same)."""
    md = state.md
    previous = None
    for token in state.tokens:
        if token.type == "inline":
            content = token.content
            children: list[Token] | None = None
            if previous is not None and previous.type == "heading_open":
                if _MARKUP.isdisjoint(content):
                    children = [_text_token(content)] if content else []
            elif _LINK_TRIGGERS.isdisjoint(content):
                children = []
            else:
                children = _simple_children(content, md)
            if children is None:
                children = []
                md.inline.parse(content, md, state.env, children)
            token.children = children
        previous = token


def _text_token(content: str) -> Token:
    from markdown_it.token import Token

    return Token("text", "", 0, content=content)


def _quiet_block_rules() -> None:
    """markdown-it's block rules call `LOGGER.debug(...)` each time they are tried (about
    100,000 calls for 177 pages, ~4 % of a parse); with debug logging off, a no-op does the
    same for less. Left alone when someone turned markdown-it's debug logging on."""
    import logging
    import sys

    import markdown_it.rules_block  # noqa: F401  (imports every block rule's module)

    for name, module in list(sys.modules.items()):
        if not name.startswith("markdown_it.rules_block."):
            continue
        logger = getattr(module, "LOGGER", None)
        if isinstance(logger, logging.Logger) and not logger.isEnabledFor(logging.DEBUG):
            setattr(module, "LOGGER", _QUIET)  # noqa: B010  (a module global, by name)


class _Quiet:
    @staticmethod
    def debug(*args: object, **kwargs: object) -> None:
        return None


_QUIET = _Quiet()


@cache
def _markdown(tables: bool, every_inline: bool = False) -> MarkdownIt:
    """CommonMark with raw HTML (for `<a name>` anchors); GFM tables only where a SIG table is
    read: elsewhere a table's links are found just as well in the paragraph it becomes.
    Inline runs are parsed only where read (`_inline_where_read`) unless `every_inline`."""
    from markdown_it import MarkdownIt

    _quiet_block_rules()
    md = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING})
    if tables:
        md.enable("table")
    if not every_inline:
        md.core.ruler.at("inline", _inline_where_read)
    # hrefs are compared percent-decoded; markdown-it's re-encoding would only be undone
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]
    md.normalizeLinkText = lambda link: link  # type: ignore[method-assign]
    return md


def tokenize(text: str, tables: bool = True, every_inline: bool = False) -> list[Token]:
    """Block tokens, and inline children where sigcheck reads them (all with `every_inline`)."""
    return _markdown(tables, every_inline).parse(text)


@dataclass(slots=True)
class ParsedMarkdown:
    text: str
    lines: list[str]
    tokens: list[Token]
    too_deep: int | None = None
    """1-based line where nesting passed MAX_NESTING: markdown-it skipped what follows."""

    @property
    def problem(self) -> str | None:
        if self.too_deep is None:
            return None
        return (
            f"nested too deeply at line {self.too_deep} (over {MAX_NESTING} open blocks; a "
            "list level counts two): the parser skips everything after it, so the page is "
            "not checked"
        )


def _too_deep(tokens: Sequence[Token]) -> int | None:
    """Where the block parser reached its nesting limit (it then drops the rest)."""
    for token in tokens:
        if token.nesting == 1 and token.level >= MAX_NESTING - 1:
            return token.map[0] + 1 if token.map else 1
    return None


_LINE_BREAK_RE = re.compile(r"\r\n?|\n")


def parse(text: str, tables: bool = True, every_inline: bool = False) -> ParsedMarkdown:
    """Lines split as markdown-it splits them (not `str.splitlines`, which also breaks on
    form feeds and U+2028), so that token line numbers index `lines`."""
    tokens = tokenize(text, tables, every_inline)
    return ParsedMarkdown(text, _LINE_BREAK_RE.split(text), tokens, _too_deep(tokens))


# --- links and anchors -----------------------------------------------------------------------


class _ColumnFinder:
    """Finds where each link stands in its line, in order, so two links to one target differ.

    Linear in the line's length: each search looks at most `WINDOW` characters past the end
    of the previous link, and only a line shorter than that is searched again from its start
    (a link found out of order). A target written otherwise than its `href` (escapes) is taken
    to be at the next `](`; failing that, a link on a long line gets the column where the
    previous link ended."""

    WINDOW = 4096

    def __init__(self, lines: Sequence[str]) -> None:
        self._lines = lines
        self._cursor: dict[int, int] = {}
        self._absent_until: dict[tuple[int, str], int] = {}
        """(line, needle) -> where the needle's next occurrence may start, on long lines."""

    def find(self, line: int, needles: Sequence[str], generic: bool = False) -> int:
        """1-based column of the target, i.e. just after `](` when the needle starts with it."""
        if not 1 <= line <= len(self._lines):
            return 1
        text = self._lines[line - 1]
        start = self._cursor.get(line, 0)
        short = len(text) <= self.WINDOW
        end = start + self.WINDOW
        for needle in dict.fromkeys(needles):
            if not needle:
                continue
            if short:
                index = text.find(needle, start)
                if index < 0:
                    index = text.find(needle)
            else:  # the cursor only moves forward here: skip what was searched in vain
                key = (line, needle)
                begin = max(start, self._absent_until.get(key, 0))
                index = text.find(needle, begin, end + len(needle)) if begin < end else -1
                if index < 0:
                    self._absent_until[key] = max(begin, end)
            if index >= 0:
                self._cursor[line] = index + len(needle)
                return index + 1 + (2 if needle.startswith("](") else 0)
        if generic:  # a target written otherwise (escapes): the next `](` is most likely it
            key = (line, "](")
            begin = max(start, self._absent_until.get(key, 0))
            index = text.find("](", begin, end) if begin < end else -1
            if index < 0:
                self._absent_until[key] = max(begin, end)
            else:
                self._cursor[line] = index + 2
                return index + 3
        return 1 if short else start + 1


def _inline_text(token: Token) -> str:
    """The text a heading shows, markup removed, as GitHub slugs it."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)


def _html_anchors_and_links(
    content: str, first_line: int, finder: _ColumnFinder, doc: MarkdownDoc
) -> None:
    for offset, text in enumerate(content.split("\n")):
        line = first_line + offset
        for match in _HTML_ANCHOR_RE.finditer(text):
            doc.anchors.add(_nfc(match.group(1) or match.group(2) or ""))
        for match in _HTMLLINK_RE.finditer(text):
            href = match.group(1) if match.group(1) is not None else match.group(2) or ""
            doc.links.append(Link(href, line, finder.find(line, [href])))


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _add_heading_anchors(text: str, slugger: Slugger, anchors: set[str]) -> None:
    slug = slugger.slug(text)
    anchors.add(_nfc(slug))
    stripped = _nfc(text.strip())
    anchors.add(stripped)  # Gitee-style docs link the heading's own text, percent-encoded
    anchors.add(stripped.lower())
    anchors.add(stripped.replace(" ", "-").lower())


_AS_TEXT_RE = re.compile(
    r"\[(?P<label>[^\[\]\n]{1,300})\]"
    r"(?:(?P<bare>(?:https?|ftp)://[^\s<>()\[\]（）]+)"  # [x]https://…
    r"|(?P<gap>[ \t]*)[(（](?P<target>[^()（）\n]{1,500})[)）])"  # [x] (y.md), [x]（y）, [x](a b.md)
)
_TARGET_LIKE_RE = re.compile(
    r"^(?:[A-Za-z][A-Za-z0-9+.-]*://|mailto:|#\S|\.{0,2}/)"
    r"|\.[A-Za-z][A-Za-z0-9]{0,7}(?:#\S*)?$"
    r"|^[^\s@]+@[^\s@]+\.[A-Za-z]{2,}$"
)
_TRAILING_PUNCTUATION = ".,;:!?。，；：！？、"


def _text_link(match: re.Match[str]) -> tuple[str, str] | None:
    """(as written, target) when a `[label]…` in plain text is link syntax that failed:
    brackets right before a URL; before a parenthesised target after a space or in full-width
    parentheses; or a parenthesised target the parser refused (spaces in it). The target must
    look like one (a URL, a path with a file suffix, an anchor, an email): task-list boxes and
    prose in brackets followed by prose in parentheses are not links."""
    label = match.group("label")
    if label.strip() in ("", "x", "X"):
        return None
    bare = match.group("bare")
    if bare:
        target = bare.rstrip(_TRAILING_PUNCTUATION)
        return match.group(0)[: match.start("bare") - match.start()] + target, target
    target = match.group("target").strip()
    refused = not match.group("gap") and match.group(0).endswith(")") and "](" in match.group(0)
    if not target or (not refused and any(c.isspace() for c in target)):
        return None
    if not _TARGET_LIKE_RE.search(target):
        return None
    return match.group(0), target


def _text_links(
    content: str, line: int, lines: Sequence[str], finder: _ColumnFinder, doc: MarkdownDoc
) -> None:
    """Link syntax left as plain text by the parser, e.g. `[模型迁移指南]https://…`: code spans
    and blocks never reach here; escaped brackets (`\\[x]`) are text on purpose."""
    if "[" not in content:
        return
    for match in _AS_TEXT_RE.finditer(content):
        found = _text_link(match)
        if found is None:
            continue
        written, target = found
        opening = "[" + match.group("label") + "]"
        column = finder.find(line, [written, opening])
        source = lines[line - 1] if 1 <= line <= len(lines) else ""
        if not source.startswith(opening, column - 1) or source[column - 2 : column - 1] == "\\":
            continue  # written otherwise in the source (escaped brackets, entities): not a slip
        doc.links.append(Link(target, line, column, as_text=written))


def document_from(path: str, parsed: ParsedMarkdown) -> MarkdownDoc:
    """Links (relative and external) and the anchors a page offers."""
    doc = MarkdownDoc(path)
    if parsed.problem:
        doc.problem = parsed.problem
        return doc
    finder = _ColumnFinder(parsed.lines)
    slugger = Slugger()
    tokens = parsed.tokens
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and index + 1 < len(tokens):
            _add_heading_anchors(_inline_text(tokens[index + 1]), slugger, doc.anchors)
        elif token.type == "html_block" and token.map:
            _html_anchors_and_links(token.content, token.map[0] + 1, finder, doc)
        elif token.type == "inline" and token.map:
            line = token.map[0] + 1
            for child in token.children or []:
                if child.type in ("softbreak", "hardbreak"):
                    line += 1
                elif child.type == "text":
                    _text_links(child.content, line, parsed.lines, finder, doc)
                elif child.type == "link_open":
                    href = str(child.attrs.get("href", ""))
                    column = finder.find(
                        line, ["](" + href, "](<" + href, href, "](" + unquote(href)], True
                    )
                    doc.links.append(Link(href, line, column))
                elif child.type == "image":
                    src = str(child.attrs.get("src", ""))
                    column = finder.find(line, ["](" + src, src, "](" + unquote(src)], True)
                    doc.links.append(Link(src, line, column, is_image=True))
                elif child.type == "html_inline":
                    _html_anchors_and_links(child.content, line, finder, doc)
    return doc


# --- the SIG table ---------------------------------------------------------------------------


def split_row(line: str) -> list[tuple[str, int]]:
    """Cells of a GFM table row with their 1-based start columns (content, not padding)."""
    cells: list[tuple[str, int]] = []
    start = 0
    stripped_end = len(line.rstrip())
    leading = len(line) - len(line.lstrip())
    index = leading
    if line[leading : leading + 1] == "|":
        index += 1
    start = index
    escaped = False
    bounds: list[tuple[int, int]] = []
    while index < stripped_end:
        char = line[index]
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "|":
            bounds.append((start, index))
            start = index + 1
        index += 1
    if start < stripped_end:
        bounds.append((start, stripped_end))
    for begin, end in bounds:
        raw = line[begin:end]
        pad = len(raw) - len(raw.lstrip())
        cells.append((raw.strip(), begin + pad + 1))
    return cells


def _normal_header(text: str) -> str:
    return " ".join(re.sub(r"[*_`]", "", text).split()).casefold()


def header_matches(cells: Sequence[str], columns: Sequence[str]) -> bool:
    return [_normal_header(c) for c in cells] == [_normal_header(c) for c in columns]


def _marker_region(tokens: Sequence[Token]) -> tuple[int, int] | None:
    """Token index range between the begin and end markers, if present."""
    begin = end = None
    for index, token in enumerate(tokens):
        if token.type in ("html_block", "html_inline") and BEGIN_MARKER in token.content:
            begin = index
        elif begin is not None and END_MARKER in token.content and token.type == "html_block":
            end = index
            break
    if begin is None:
        return None
    return (begin, end if end is not None else len(tokens))


def empty_marked_region(text: str) -> tuple[int, int] | None:
    """1-based (begin, end) lines of a begin and an end marker with only blank lines between,
    each marker an HTML block of its own: markers shown in code (a fence, backticks) are
    examples, not the place a maintainer marked for a table that does not exist yet."""
    parsed = parse(text)
    markers = [
        (token.map[0] + 1, token.map[1], token.content)
        for token in parsed.tokens
        if token.type == "html_block" and token.map
    ]
    for index, (first, last, content) in enumerate(markers):
        if BEGIN_MARKER not in content:
            continue
        if END_MARKER in content:  # both in one HTML block: `<!-- begin -->\n<!-- end -->`
            lines = parsed.lines[first - 1 : last]
            begin = next(n for n, line in enumerate(lines, first) if BEGIN_MARKER in line)
            end = next((n for n, line in enumerate(lines, first) if END_MARKER in line), None)
            if end is not None and end > begin:
                between = parsed.lines[begin : end - 1]
                return (begin, end) if not any(line.strip() for line in between) else None
            return None
        following = markers[index + 1] if index + 1 < len(markers) else None
        if following is None or END_MARKER not in following[2]:
            return None
        end = next(
            n
            for n, line in enumerate(parsed.lines[following[0] - 1 : following[1]], following[0])
            if END_MARKER in line
        )
        begin_line = next(
            n
            for n, line in enumerate(parsed.lines[first - 1 : last], first)
            if BEGIN_MARKER in line
        )
        between = parsed.lines[begin_line : end - 1]
        return (begin_line, end) if not any(line.strip() for line in between) else None
    return None


def _tables(tokens: Sequence[Token], start: int, stop: int) -> list[tuple[int, int, list[int]]]:
    """(header line, last line, body row lines), 1-based, for each table in a token range."""
    found: list[tuple[int, int, list[int]]] = []
    current: list[int] | None = None
    header = last = 0
    for token in tokens[start:stop]:
        if token.type == "table_open" and token.map:
            current, header, last = [], token.map[0] + 1, token.map[1]
        elif token.type == "tr_open" and token.map and current is not None:
            if token.map[0] + 1 != header:
                current.append(token.map[0] + 1)
        elif token.type == "table_close" and current is not None:
            found.append((header, last, current))
            current = None
    return found


def _looks_like_sig_table(lines: Sequence[str], body: Sequence[int]) -> bool:
    for line in body[:3]:
        cells = split_row(lines[line - 1])
        if cells and "README" in cells[0][0]:
            return True
    return False


def sig_folder_of(href: str, table_path: str, sigs_dir: str, repo_url: Own) -> str | None:
    """The SIG folder a name-cell link points to, when it is `<sigs>/<folder>[/README*.md]`."""
    target = classify(href, table_path, repo_url)
    if not isinstance(target, LocalTarget) or target.escapes or target.fragment:
        return None
    top = sigs_dir.strip("/")
    prefix = "" if top in ("", ".") else top + "/"  # SIG folders at the root (`sig-*`)
    if not target.path.startswith(prefix):
        return None
    rest = target.path[len(prefix) :].split("/")
    if len(rest) == 1 and rest[0]:
        return rest[0]
    if len(rest) == 2 and rest[1] in (*SIG_README_NAMES, ""):
        return rest[0]
    return None


def _row(
    line_number: int,
    line: str,
    table: SigTable,
    sigs_dir: str,
    repo_url: Own,
    profile: str | PeopleRules,
) -> TableRow:
    cells = split_row(line)
    texts = [cell for cell, _ in cells]
    columns = [column for _, column in cells]
    padded = texts + [""] * (3 - len(texts))
    padded_columns = columns + [len(line) + 1] * (3 - len(columns))
    name_cell = padded[0]
    links = list(LINK_RE.finditer(name_cell))
    name_text = link = folder = None
    link_column = padded_columns[0]
    if len(links) == 1 and not LINK_RE.sub("", name_cell).strip():
        name_text = re.sub(r"\\(.)", r"\1", links[0].group("text")).strip()
        link = links[0].group("url")
        link_column = padded_columns[0] + links[0].start()
        folder = sig_folder_of(link, table.path, sigs_dir, repo_url)
    leads, problem = parse_leads(padded[2], line_number, padded_columns[2], profile)
    return TableRow(
        line=line_number,
        raw=line,
        cell_count=len(cells),
        cells=texts,
        cell_columns=columns,
        name_text=name_text,
        link=link,
        folder=folder,
        link_column=link_column,
        domain=padded[1],
        leads=leads,
        leads_problem=problem,
    )


def read_table(
    parsed: ParsedMarkdown,
    table: SigTable,
    config: TableConfig,
    sigs_dir: str,
    repo_url: Own,
    profile: str | PeopleRules,
) -> None:
    """Fill `table` from the page: the marked region, else the first table whose header
    matches, else the first table that looks like a SIG table (reported T002)."""
    if parsed.problem:
        table.readable_problem = parsed.problem
        return
    region = _marker_region(parsed.tokens)
    table.has_markers = region is not None
    start, stop = region if region else (0, len(parsed.tokens))
    candidates = _tables(parsed.tokens, start, stop)
    lines = parsed.lines
    chosen = None
    for header, last, body in candidates:
        if header_matches([c for c, _ in split_row(lines[header - 1])], config.columns):
            chosen = (header, last, body)
            table.header_matches = True
            break
    if chosen is None:
        chosen = next((c for c in candidates if region or _looks_like_sig_table(lines, c[2])), None)
    if chosen is None:
        if candidates:  # kept as a hint for T001
            table.header_line = candidates[0][0]
            table.header_cells = [c for c, _ in split_row(lines[candidates[0][0] - 1])]
        return
    header, last, body = chosen
    table.found = True
    table.header_line = header
    table.first_line, table.last_line = header, last
    table.header_cells = [c for c, _ in split_row(lines[header - 1])]
    table.rows = [
        _row(number, lines[number - 1], table, sigs_dir, repo_url, profile) for number in body
    ]


def read_row(
    line: str, table: SigTable, sigs_dir: str, repo_url: Own, profile_url: str
) -> TableRow:
    """One table row read on its own, as `read_table` reads it (line number 1)."""
    return _row(1, line, table, sigs_dir, repo_url, profile_url)
