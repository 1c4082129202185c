"""SIG pages: the `sig-info` region of each SIG's README, generated from its metadata (SPEC §7).

The region sits between `<!-- sigcheck:begin sig-info -->` and `<!-- sigcheck:end sig-info -->`
(markers found as markdown-it blocks, so markers shown in a code fence are text, not markers).
Its Markdown is a heading one level below the page's first heading and one sub-heading per
role with a bulleted list, one person or repository a line: it renders the same on Gitee and
GitHub, a change to one person is a one-line diff, no column padding churns when a long name
arrives, and the sub-headings are anchors a table of contents can link. People are rendered
by the tables' own `person_text`, so a page and the tables never show one person two ways.

Both `sigcheck fix` and the T008 check use `plan_page`, so the check reports exactly what the
fixer would change. Everything outside the region stays byte for byte (region.Page).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sigcheck.config import PageLabels, PagesConfig
from sigcheck.generate.region import Page
from sigcheck.generate.render import RowContext, one_line, person_text
from sigcheck.identity import PeopleRules, is_email
from sigcheck.model import Community, Person, SigFolder, SigMetadata

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

BEGIN_MARKER = "<!-- sigcheck:begin sig-info -->"
END_MARKER = "<!-- sigcheck:end sig-info -->"
_MARKER_BYTES = b"sigcheck:"
"""Pages without it cannot hold a region: they are not parsed at all."""

MAX_PAGE_BYTES = 2 * 1024 * 1024

_REPO_RE = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
_URL_RE = re.compile(r"^https?://\S+$", re.IGNORECASE)
_ESCAPED = re.compile(r"([\\`*_\[\]<>#|!~&])")
_HEADING_RE = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_ITEM_RE = re.compile(r"^ {0,3}[-*+][ \t]+(.*)$")
_LINK_RE = re.compile(r"!?\[((?:\\.|[^\]\\])*)\]\((?:<[^>]*>|[^)\s]*)\)")
_SUMMARY_KEYS = (
    "leads",
    "maintainers",
    "mentors",
    "committers",
    "repositories",
    "mailing list",
    "meeting",
)
_LISTED_AT_MOST = 4


# --- rendering ---------------------------------------------------------------------------------


def escape_text(text: str) -> str:
    """Metadata text as inline Markdown that shows as written: one line, markup characters
    escaped, and nothing at its start that would open a list or a heading."""
    text = _ESCAPED.sub(r"\\\1", one_line(text))
    text = re.sub(r"^(\d+)([.)])", r"\1\\\2", text)
    return re.sub(r"^([-+=])", r"\\\1", text)


def _destination(url: str) -> str:
    """A URL as a link destination: the few characters that would end or bend it encoded."""
    return "".join(
        f"%{ord(char):02X}" if char in "()<>\\ " or not char.isprintable() else char for char in url
    )


def _link(text: str, url: str) -> str:
    return f"[{escape_text(text)}]({_destination(url)})"


def repository_item(entry: str, rules: PeopleRules, host: str) -> str | None:
    """`owner/name` linked at the code host; any other entry (M008) shown as text."""
    value = rules.present(entry)
    if value is None:
        return None
    value = value.strip("/").strip()
    if not value:
        return None
    if _REPO_RE.match(value):
        return _link(value, f"{host}/{value}")
    return escape_text(value)


def mailing_list_item(value: str | None, rules: PeopleRules) -> str | None:
    """An address as a `mailto:` link (SPEC L009); a web address as a link; else text."""
    text = rules.present(value)
    if text is None:
        return None
    address = text.removeprefix("mailto:").strip()
    if is_email(address):
        return _link(address, f"mailto:{address}")
    if _URL_RE.match(text):
        return _link(text, text)
    return escape_text(text)


def meeting_item(value: str | None, rules: PeopleRules) -> str | None:
    text = rules.present(value)
    if text is None:
        return None
    return _link(text, text) if _URL_RE.match(text) else escape_text(text)


@dataclass(frozen=True, slots=True)
class Section:
    """One sub-heading and its list."""

    title: str
    items: tuple[str, ...]


def _people(people: Iterable[Person], context: RowContext) -> list[str]:
    """Rendered as in the tables; people that render to nothing (only placeholders) and
    repeats (the same person in two repositories) left out."""
    return list(dict.fromkeys(text for person in people if (text := person_text(person, context))))


def sections(
    meta: SigMetadata,
    context: RowContext,
    labels: PageLabels,
    host: str,
    lead_people: Sequence[Person] | None = None,
) -> list[Section]:
    """The region's sections in their fixed order; empty ones left out. `lead_people`: the
    SIG's leads as its folder says them (`OWNERS` wins), else the metadata's."""
    rules = context.rules
    if lead_people is None:
        lead_people = meta.lead_people(rules, context.english)
    leads = _people(lead_people, context)
    maintainers = _people(meta.maintainers, context)
    committers = _people(
        [*meta.committers, *(p for repo in meta.repositories for p in repo.committers)], context
    )
    repositories = dict.fromkeys(
        item
        for repo in meta.repositories
        for entry in repo.repo
        if (item := repository_item(entry, rules, host)) is not None
    )
    contact = []
    if (mail := mailing_list_item(meta.mailing_list, rules)) is not None:
        contact.append(f"{labels.mailing_list}{labels.separator}{mail}")
    if (meeting := meeting_item(meta.meeting_url, rules)) is not None:
        contact.append(f"{labels.meeting}{labels.separator}{meeting}")
    found = [
        Section(labels.leads, tuple(leads)),
        # the maintainers are the leads unless `leads` picks some: then both lists show
        Section(labels.maintainers, tuple(maintainers if maintainers != leads else ())),
        Section(labels.mentors, tuple(_people(meta.mentors, context))),
        Section(labels.committers, tuple(committers)),
        Section(labels.repositories, tuple(repositories)),
        Section(labels.contact, tuple(contact)),
    ]
    return [section for section in found if section.items]


def render_region(
    meta: SigMetadata,
    context: RowContext,
    labels: PageLabels,
    host: str,
    level: int = 2,
    lead_people: Sequence[Person] | None = None,
) -> list[str]:
    """The lines between the markers (without line endings)."""
    lines: list[str] = []
    if labels.note:
        lines.append(f"<!-- {labels.note} -->")
    lines.append("")
    sub = level
    if labels.heading:
        lines += [f"{'#' * level} {labels.heading}", ""]
        sub = min(level + 1, 6)
    found = sections(meta, context, labels, host, lead_people)
    for section in found:
        lines += [f"{'#' * sub} {section.title}", ""]
        lines += [f"- {item}" for item in section.items]
        lines.append("")
    if not found:
        lines += [escape_text(labels.empty), ""]
    return lines


# --- finding the region ------------------------------------------------------------------------


class RegionError(Exception):
    """The markers do not pair up; `line` is 1-based."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True, slots=True)
class Layout:
    """Where a page's regions are (1-based begin and end marker lines) and its first heading
    outside them: (level, last line)."""

    regions: list[tuple[int, int]]
    heading: tuple[int, int] | None


@cache
def _block_parser() -> MarkdownIt:
    """CommonMark blocks only: markers and headings are blocks, and skipping the inline
    parse halves the cost of a page."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).disable(["inline", "text_join"])


def _tokens(text: str) -> list[Token]:
    return _block_parser().parse(text)


def layout(page: Page, prefix_only: bool = True) -> Layout:
    """Markers are top-level HTML blocks whose first line is the marker itself: one shown in
    a code fence, a block quote or a list item is content, not a marker.

    Only the page up to its last marker-like line is parsed: whether a line starts a block
    depends on the lines before it alone, and the region is usually near the top. The rest
    is parsed only to find a first heading that comes after every marker."""
    candidates = [
        number
        for number, (content, _) in enumerate(page.lines, 1)
        if content.strip() in (BEGIN_MARKER, END_MARKER)
    ]
    stop = candidates[-1] if candidates else 0
    if not prefix_only and candidates:
        stop = len(page.lines)
    tokens = _tokens("".join(c + e for c, e in page.lines[:stop])) if stop else []
    markers: list[tuple[int, bool]] = []
    for token in tokens:
        if token.type != "html_block" or token.level != 0 or not token.map:
            continue
        number = token.map[0] + 1
        if number > len(page.lines):
            continue
        content = page.line(number).strip()
        if content in (BEGIN_MARKER, END_MARKER):
            markers.append((number, content == BEGIN_MARKER))
    regions: list[tuple[int, int]] = []
    open_at: int | None = None
    for number, is_begin in markers:
        if is_begin and open_at is not None:
            raise RegionError(
                f"a second `{BEGIN_MARKER}` before the end of the region opened on line {open_at}",
                number,
            )
        if not is_begin and open_at is None:
            raise RegionError(f"`{END_MARKER}` without a begin marker before it", number)
        if is_begin:
            open_at = number
        else:
            assert open_at is not None
            regions.append((open_at, number))
            open_at = None
    if open_at is not None:
        raise RegionError(f"the sig-info region has no `{END_MARKER}` after it", open_at)
    heading = _first_heading(tokens, regions)
    if heading is None and stop < len(page.lines):
        heading = _first_heading(_tokens(page.text()), regions)
    return Layout(regions, heading)


def _first_heading(
    tokens: Sequence[Token], regions: Sequence[tuple[int, int]]
) -> tuple[int, int] | None:
    """(level, last line) of the first top-level heading outside the regions."""
    for token in tokens:
        if token.type == "heading_open" and token.level == 0 and token.map:
            first, last = token.map[0] + 1, token.map[1]
            if not any(begin <= first <= end for begin, end in regions):
                return int(token.tag[1:]), last
    return None


def fill(page: Page, regions: Sequence[tuple[int, int]], content: Sequence[str]) -> Page:
    """The page with every region's inner lines replaced by `content` (taking the begin
    marker's line ending); the marker lines and everything else kept as they are."""
    lines = list(page.lines)
    for begin, end in sorted(regions, reverse=True):
        eol = page.newline(begin)
        lines[begin : end - 1] = [(line, eol) for line in content]
    return Page(page.bom, lines)


def add_markers(page: Page, heading: tuple[int, int] | None) -> Page:
    """An empty region after the first heading (at the top when the page has none), set
    off by blank lines, every existing byte kept except a missing final newline where the
    region now follows the last line."""
    lines = list(page.lines)
    after = heading[1] if heading else 0
    eol = page.newline(after or 1)
    new: list[tuple[str, str]] = [(BEGIN_MARKER, eol), (END_MARKER, eol)]
    if after:
        new.insert(0, ("", eol))
    if after == len(lines):
        if lines and not lines[-1][1]:
            lines[-1] = (lines[-1][0], eol)
            new[-1] = (END_MARKER, "")
    elif lines[after][0].strip():
        new.append(("", eol))
    lines[after:after] = new
    return Page(page.bom, lines)


def heading_level(found: Layout) -> int:
    return min(found.heading[0] + 1, 6) if found.heading else 2


# --- what differs, in words --------------------------------------------------------------------


def _plain(markdown: str) -> str:
    text = _LINK_RE.sub(lambda m: m.group(1), markdown)
    return re.sub(r"\\(.)", r"\1", text).strip()


def facts(lines: Iterable[str], labels: PageLabels) -> dict[str, list[str]]:
    """What a region says, read back from its lines: key (`maintainers`, `mailing list`, …)
    -> the plain text of its items. Applied to the current and the generated region alike."""
    titles = {
        labels.leads: "leads",
        labels.maintainers: "maintainers",
        labels.mentors: "mentors",
        labels.committers: "committers",
        labels.repositories: "repositories",
        labels.contact: "contact",
    }
    found: dict[str, list[str]] = {}
    current: str | None = None
    for line in lines:
        heading = _HEADING_RE.match(line)
        if heading:
            title = heading.group(2).strip()
            current = None if title == labels.heading else titles.get(title, f"`{title}`")
            continue
        item = _ITEM_RE.match(line)
        if item is None or current is None:
            continue
        text = item.group(1)
        if current == "contact":
            for key, label in (("mailing list", labels.mailing_list), ("meeting", labels.meeting)):
                if text.startswith(label + labels.separator):
                    found.setdefault(key, []).append(_plain(text[len(label + labels.separator) :]))
                    break
            continue
        found.setdefault(current, []).append(_plain(text))
    return found


def _names(items: list[str]) -> str:
    shown = ", ".join(items[:_LISTED_AT_MOST])
    more = len(items) - _LISTED_AT_MOST
    return shown + (f" and {more} more" if more > 0 else "")


def summary(old: Sequence[str], new: Sequence[str], labels: PageLabels) -> str:
    """For T008 and `fix`: which facts differ, e.g. `maintainers differ; repositories
    missing: mindspore/akg`."""
    if not any(line.strip() for line in old):
        return "the region is empty"
    before, after = facts(old, labels), facts(new, labels)
    keys = [*_SUMMARY_KEYS, *(key for key in before if key not in _SUMMARY_KEYS)]
    parts: list[str] = []
    for key in keys:
        was, now = before.get(key, []), after.get(key, [])
        if key == "maintainers":
            if key not in before and key not in after:
                continue  # the maintainers are the leads, on both sides
            # a region without the section shows the maintainers as its leads
            was, now = (
                before.get(key, before.get("leads", [])),
                after.get(key, after.get("leads", [])),
            )
        if was == now:
            continue
        verb = "differ" if key.endswith("s") else "differs"
        missing = [item for item in now if item not in was]
        extra = [item for item in was if item not in now]
        if key.startswith("`"):
            parts.append(f"section {key} to remove")
        elif missing and not extra:
            parts.append(f"{key} missing: {_names(missing)}")
        elif extra and not missing:
            parts.append(f"{key} to remove: {_names(extra)}")
        elif missing and extra:
            parts.append(f"{key} {verb} (missing: {_names(missing)}; to remove: {_names(extra)})")
        else:
            parts.append(f"{key} {verb} (order or spelling)")
    return "; ".join(parts) or "only the layout differs (headings, wording or spacing)"


# --- planning ----------------------------------------------------------------------------------


@dataclass(slots=True)
class PagePlan:
    path: str
    language: str
    original: bytes | None = None
    updated: bytes | None = None
    problem: str | None = None
    line: int | None = None
    usage: bool = False
    """The problem is the setup's (a symlink out, an unreadable file): exit 2, not 1."""
    summary: str = ""
    begin_line: int | None = None
    """Of the first region, before any change: where T008 points."""
    initialised: bool = False
    kept: bool = False
    """Partial metadata (SPEC §7) would remove what the region shows today: kept as it is,
    `problem` says why (M003 at the metadata is the finding; no T008 for it)."""

    @property
    def changed(self) -> bool:
        return self.problem is None and self.updated is not None and self.updated != self.original


def valid_metadata(folder: SigFolder) -> SigMetadata | None:
    return folder.metadata.metadata if folder.metadata is not None else None


def usable_metadata(folder: SigFolder | None) -> SigMetadata | None:
    """What the generators fill from: the metadata, or the part of it that is valid (SPEC §7:
    an entry that breaks the schema is left out, the rest still fills the row and region)."""
    if folder is None or folder.metadata is None:
        return None
    return folder.metadata.metadata or folder.metadata.partial


def lost(folder: SigFolder, shown: str, generated: str) -> str | None:
    """A value of an entry left out of partial metadata that `shown` (a row or region as it
    is) has and `generated` would not: the row or region is then kept as it is."""
    meta = folder.metadata
    if meta is None or meta.metadata is not None or not meta.left_out:
        return None
    missing = sorted(v for v in meta.left_out_values() if v in shown and v not in generated)
    return missing[0] if missing else None


def kept_message(folder: SigFolder, value: str, what: str) -> str:
    meta = folder.metadata
    where = ", ".join(".".join(map(str, loc)) for loc in meta.left_out) if meta else ""
    path = meta.path if meta else folder.path
    return (
        f"kept as it is: {path} has an entry that breaks the schema ({where}, M003); leaving "
        f"it out would remove `{value}`, which {what} shows today"
    )


def plan_page(
    community: Community,
    folder: SigFolder,
    filename: str,
    language: str,
    init: bool = False,
    verify: bool = True,
) -> PagePlan | None:
    """The regenerated page, or None when there is nothing to do: no region (and no `init`),
    or no valid metadata to fill one from (M001/M002/M003 say why)."""
    meta = usable_metadata(folder)
    if meta is None:
        return None
    root = Path(community.root)
    path = f"{folder.path}/{filename}"
    plan = PagePlan(path, language)
    from sigcheck.files import ReadProblem, inside, read_file, regular_size

    size = regular_size(root / path)  # None: a dangling symlink, the link checks' business
    if size is None or size > MAX_PAGE_BYTES:
        return None  # a folder, or a page too large to be maintained by hand (reported F001)
    data = read_file(root / path, MAX_PAGE_BYTES)  # the one door: regular files, bounded
    if isinstance(data, ReadProblem):
        plan.problem, plan.usage = f"cannot read the file: {data.message}", True
        return plan
    if not init and _MARKER_BYTES not in data:
        return None
    if not inside(root / path, root):
        plan.problem, plan.usage = "the file is a symlink that leaves the repository", True
        return plan
    try:
        page = Page.from_bytes(data)
    except UnicodeDecodeError:
        plan.problem = "the file is not valid UTF-8"
        return plan
    try:
        found = layout(page)
    except RegionError as exc:
        plan.problem, plan.line = str(exc), exc.line
        return plan
    if not found.regions:
        if not init:
            return None
        page = add_markers(page, found.heading)
        found = layout(page)
        plan.initialised = True
    else:
        plan.begin_line = found.regions[0][0]
    config: PagesConfig = community.config.generate.pages
    labels = config.labels(language)
    context = RowContext(
        path,
        language == "en",
        emails=community.config.generate.emails,
        rules=community.config.people_rules(),
    )
    leads = folder.lead_people(context.rules, context.english, partial=True)
    layout_spec = community.config.layout_spec
    repo_host = (
        config.repo_host if "repo_host" in config.model_fields_set else layout_spec.repo_host
    )
    if layout_spec.registry is not None:  # the region says where its facts come from
        source = layout_spec.registry.path
        labels = labels.model_copy(
            update={
                key: getattr(labels, key).replace("sig-info.yaml", source)
                for key in ("note", "empty")
                if key not in labels.model_fields_set
            }
        )
    content = render_region(meta, context, labels, repo_host, heading_level(found), leads)
    begin, end = found.regions[0]
    shown = "\n".join(page.line(n) for n in range(begin + 1, end))
    if (value := lost(folder, shown, "\n".join(content))) is not None:
        plan.problem, plan.line, plan.kept = kept_message(folder, value, "the region"), begin, True
        return plan
    updated = fill(page, found.regions, content)
    plan.original, plan.updated = data, updated.to_bytes()
    if plan.initialised:
        plan.summary = "added the sig-info region"
    elif plan.changed:
        plan.summary = summary([page.line(n) for n in range(begin + 1, end)], content, labels)
    if verify and plan.changed and not _reads_back(updated, found.regions, content):
        plan.updated = None
        plan.problem = "the regenerated region would not read back the same; nothing written"
        plan.line = begin
    return plan


def _reads_back(page: Page, regions: Sequence[tuple[int, int]], content: Sequence[str]) -> bool:
    """The written page has its regions where they were meant to be, holding `content`."""
    try:
        again = layout(Page.from_bytes(page.to_bytes())).regions
    except RegionError:
        return False
    if len(again) != len(regions):
        return False
    return all(
        [page.line(n) for n in range(begin + 1, end)] == list(content) for begin, end in again
    )


def page_files(community: Community) -> Iterator[tuple[SigFolder, str, str]]:
    """(folder, file name, language) of every SIG page that exists."""
    from sigcheck.loader import is_excluded

    config = community.config
    if "files" in config.generate.pages.model_fields_set and config.pages is None:
        names: list[tuple[str, str]] = list(config.generate.pages.files.items())
    else:
        names = [(page.pattern, page.language) for page in config.page_names()]
    exclude = config.exclude
    for folder in community.folders.values():
        for pattern, language in names:
            filename = pattern.replace("{folder}", folder.name)
            if filename in folder.files and not is_excluded(f"{folder.path}/{filename}", exclude):
                yield folder, filename, language


def plan_pages(
    community: Community,
    init: bool = False,
    verify: bool = True,
    scope: frozenset[str] | None = None,
) -> list[PagePlan]:
    """Every SIG page's plan; `scope`: only the pages of these SIG folders (`fix --pre-commit`:
    the SIGs whose metadata the commit changes)."""
    plans = []
    for folder, filename, language in page_files(community):
        if scope is not None and folder.name not in scope:
            continue
        plan = plan_page(community, folder, filename, language, init, verify)
        if plan is not None:
            plans.append(plan)
    return plans


# --- `sigcheck fix` ----------------------------------------------------------------------------


@dataclass(slots=True)
class PagesOutcome:
    status: int
    """0 nothing to do, 1 changed (or would) or left undone, 2 a setup problem."""
    diffs: list[str]
    changed: int
    total: int


def fix_pages(
    community: Community,
    *,
    check: bool,
    init: bool,
    diff: Callable[[str, bytes, bytes], str],
    note: Callable[[str], None],
    quiet: bool = False,
    verbose: bool = False,
    written: dict[str, bytes] | None = None,
    scope: frozenset[str] | None = None,
) -> PagesOutcome:
    """Fill (with `init`: first add) every SIG page's region; write atomically unless
    `check`, which collects diffs instead. `written` receives each changed page's new bytes
    (also with `check`): what later repairs of the same page (`--pages`) start from."""
    from sigcheck.generate.writer import WriteError, atomic_write

    outcome = PagesOutcome(0, [], 0, 0)
    for plan in plan_pages(community, init=init, scope=scope):
        outcome.total += 1
        if plan.problem is not None:
            place = f"{plan.path}:{plan.line}" if plan.line else plan.path
            note(f"{place}: sig-info region not regenerated: {plan.problem}")
            outcome.status = max(outcome.status, 2 if plan.usage else 1)
            continue
        if not plan.changed or plan.original is None or plan.updated is None:
            if verbose:
                note(f"{plan.path}: sig-info region up to date")
            continue
        outcome.status = max(outcome.status, 1)
        if check:
            if written is not None:
                written[plan.path] = plan.updated
            outcome.changed += 1
            outcome.diffs.append(diff(plan.path, plan.original, plan.updated))
            if not quiet:
                note(f"{plan.path}: would change the sig-info region: {plan.summary}")
            continue
        try:
            root = Path(community.root)
            atomic_write(root / plan.path, plan.updated, root=root)
        except WriteError as exc:
            note(f"{plan.path}: {exc}; the file is unchanged")
            outcome.status = 2
            continue
        if written is not None:
            written[plan.path] = plan.updated
        outcome.changed += 1
        if not quiet:
            note(f"{plan.path}: regenerated the sig-info region: {plan.summary}")
    if outcome.total and not quiet:
        verb = "would change" if check else "changed"
        note(f"sigcheck fix: {outcome.changed} of {outcome.total} SIG pages {verb}")
    return outcome
