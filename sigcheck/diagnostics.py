"""Diagnostics and the public table of codes (SPEC §5).

The codes are a contract: users put them in configs, so numbers never change meaning.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class CodeInfo:
    code: str
    severity: Severity
    summary: str
    online: bool = False


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

CODES: dict[str, CodeInfo] = {
    info.code: info
    for info in (
        CodeInfo("T001", _E, "no SIG table found in a configured README"),
        CodeInfo("T002", _E, "header does not match the configured columns"),
        CodeInfo("T003", _E, "row has the wrong number of cells"),
        CodeInfo("T004", _E, "name cell is not one link to a SIG folder's README"),
        CodeInfo("T005", _E, "empty domain cell"),
        CodeInfo("T006", _E, "empty or unparseable leads cell"),
        CodeInfo("T007", _E, "the same SIG (folder or name) listed twice"),
        CodeInfo(
            "T008",
            _E,
            "table or SIG page region differs from what the metadata generates (fixable)",
        ),
        CodeInfo("T009", _W, "the language tables disagree"),
        CodeInfo("D001", _E, "linked SIG folder does not exist"),
        CodeInfo("D002", _E, "SIG folder has no page (README.md, or the layout's page names)"),
        CodeInfo("D003", _E, "SIG folder not listed in a table or the registry (orphan)"),
        CodeInfo("M001", _W, "SIG has no sig-info.yaml"),
        CodeInfo(
            "M002", _E, "a metadata file (sig-info.yaml, the registry, an OWNERS) cannot be parsed"
        ),
        CodeInfo("M003", _E, "sig-info.yaml breaks the schema"),
        CodeInfo("M004", _W, "an unknown key, or a file name, that looks like a known one"),
        CodeInfo("M005", _W, "two sources of a SIG's leads disagree"),
        CodeInfo("M006", _E, "`name` has surrounding spaces or a slash"),
        CodeInfo("P001", _E, "not a valid Gitee handle"),
        CodeInfo("P002", _W, "link text `@x` differs from the handle in the URL"),
        CodeInfo("P003", _E, "id does not exist on its forge", online=True),
        CodeInfo("P004", _W, "lead named without a handle"),
        CodeInfo("P005", _E, "malformed email"),
        CodeInfo("P006", _W, "the same person twice in one list"),
        CodeInfo("P007", _W, "handle could not be verified", online=True),
        CodeInfo("F001", _E, "a Markdown file cannot be read (not UTF-8, too large, unreadable)"),
        CodeInfo("L001", _E, "link points to a missing file"),
        CodeInfo("L002", _E, "link to a heading anchor that does not exist"),
        CodeInfo("L003", _E, "link target exists only with different letter case"),
        CodeInfo("L004", _E, "link leaves the repository"),
        CodeInfo("L005", _E, "external link broken", online=True),
        CodeInfo("L006", _W, "external link could not be verified", online=True),
        CodeInfo("L007", _I, "external link permanently redirected", online=True),
        CodeInfo(
            "L008", _E, "empty or placeholder link target, or link syntax that renders as text"
        ),
        CodeInfo("L009", _E, "an email address used as a link target without `mailto:` (fixable)"),
        CodeInfo("M007", _W, "placeholder value where a real value belongs"),
        CodeInfo("M008", _E, "a repository entry is not `owner/name`"),
        CodeInfo("M009", _W, "the same repository claimed by two SIGs"),
        CodeInfo("T010", _W, "the en table links a SIG's Chinese README, an English one exists"),
        CodeInfo("M010", _W, "a SIG page names people by hand who disagree with the metadata"),
        CodeInfo("M012", _E, "the same repository twice in one metadata file"),
        CodeInfo("R001", _E, "a per-repository file cannot be read as a mapping"),
        CodeInfo(
            "R002",
            _E,
            "a per-repository file's `name` differs from its file name, or the file is outside "
            "the folder of its first letter",
        ),
        CodeInfo(
            "R003",
            _E,
            "repository `type` missing or not public/private, or public in the Private SIG",
        ),
        CodeInfo("R004", _W, "a private repository outside the Private SIG"),
        CodeInfo("R005", _E, "a repository name its forge refuses, or longer than 100"),
        CodeInfo(
            "R006", _E, "repository branches break the rules (name, type, one master, create_from)"
        ),
        CodeInfo("R007", _W, "a new branch created from a release the release list does not name"),
        CodeInfo(
            "R008", _E, "a new repository or branch breaks the community's rules for new ones"
        ),
        CodeInfo(
            "R009",
            _E,
            "a repository listed in sig-info.yaml has no per-repository file in that SIG",
        ),
        CodeInfo("M011", _W, "a copy of the SIG registry disagrees with the registry"),
        CodeInfo("B001", _I, "a baseline entry matches no finding any more"),
    )
}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding. `path` is relative to the repository root, with `/`."""

    code: str
    path: str
    line: int | None
    column: int | None
    message: str
    level: Severity | None = None
    """The severity where the layout or the configuration sets one (`with_severities`)."""
    subject: str | None = field(default=None, compare=False)
    """What the finding is about, beside its code and path (a SIG folder, a person id, a
    repository, a link target, a field path, a table row): what makes it the same finding
    after an edit elsewhere in the file. Never a line, a column, a count or the wording."""

    @property
    def severity(self) -> Severity:
        return self.level or CODES[self.code].severity

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line or 0, self.column or 0, self.code, self.message)


_LINE_BREAKERS = {
    code: f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    for code in [*range(0x09), *range(0x0A, 0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029]
}


def escape_for_line(text: str) -> str:
    """`text` on one line: control characters but the tab (newlines, terminal escapes,
    U+2028...) as `\\xNN`/`\\uNNNN`. A folder named with a newline can then never add a line
    to the text report or a `::error` workflow command of its own. Text without such
    characters is returned unchanged."""
    if text.isprintable():
        return text
    return text.translate(_LINE_BREAKERS)


def make(
    code: str,
    path: str,
    line: int | None,
    column: int | None,
    message: str,
    subject: str | None = None,
) -> Diagnostic:
    """Build a diagnostic, refusing codes that are not in the public table. Path and message
    are made single-line here, once for every output format. `subject`: see `Diagnostic`."""
    if code not in CODES:
        raise KeyError(f"unknown diagnostic code {code}")
    return Diagnostic(
        code, escape_for_line(path), line, column, escape_for_line(message), subject=subject
    )


def field_path(loc: Iterable[str | int]) -> str:
    """A metadata field path as a subject: `maintainers.*.email`. List positions are left
    out (a person added above another must not make the other's finding new)."""
    return ".".join("*" if isinstance(part, int) else str(part) for part in loc)


def fingerprint(diagnostic: Diagnostic) -> str:
    """Which finding this is, whatever moved around it (SPEC §5): the code, the path and the
    subject, hashed; never the line, the column or the wording. A finding made without a
    subject (the online checks: their message names the handle or URL) falls back on its
    message. SARIF's `partialFingerprints`, `--new-since` and the baseline use this value."""
    subject = diagnostic.subject if diagnostic.subject is not None else diagnostic.message
    text = f"{diagnostic.code}\0{diagnostic.path}\0{subject}"
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def match_fingerprints(
    current: Sequence[Diagnostic], known: Counter[str]
) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """(new, matched): each finding of `current` whose fingerprint `known` still counts is
    matched (and used up); the rest are new, so a second copy of a known finding is new
    (SPEC §5: findings match as a multiset). `--new-since` and the baseline both ask this."""
    left = Counter(known)
    new: list[Diagnostic] = []
    matched: list[Diagnostic] = []
    for diagnostic in current:
        key = fingerprint(diagnostic)
        if left[key] > 0:
            left[key] -= 1
            matched.append(diagnostic)
        else:
            new.append(diagnostic)
    return new, matched


def with_severities(diagnostics: list[Diagnostic], severities: dict[str, str]) -> list[Diagnostic]:
    """Each finding with the severity the layout or the configuration gives its code (what
    every report shows and what decides the exit code)."""
    if not severities:
        return diagnostics
    return [
        dataclasses.replace(d, level=Severity(severities[d.code])) if d.code in severities else d
        for d in diagnostics
    ]


def code_matches(code: str, patterns: list[str]) -> bool:
    """Whether `code` is named by a pattern: a full code (`P002`), a family (`P`), or `ALL`."""
    return any(p == "ALL" or code.startswith(p) for p in patterns)


def filter_codes(
    diagnostics: list[Diagnostic], select: list[str], ignore: list[str]
) -> list[Diagnostic]:
    return [
        d
        for d in diagnostics
        if (not select or code_matches(d.code, select)) and not code_matches(d.code, ignore)
    ]
