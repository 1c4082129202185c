"""Community layouts as data: where the SIGs live and what the community's rules are.

MindSpore and openEuler keep their SIGs differently (SPEC §3): `sigs/` with two README tables
and SIGs sharing a monorepo, or `sig/` with no table, `OWNERS` files, AtomGit ids and one SIG
per repository. The checks never ask which community this is; they read the values of the
`Layout` the configuration resolved (a recognised one, or the one named by `layout = ...`,
with explicit configuration keys on top). Pure: no parsing, only `files.kind` on the root.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sigcheck.files import kind
from sigcheck.identity import GITEE, Identity

ATOMGIT = Identity("atomgit_id", "https://atomgit.com", "AtomGit")
OPENEULER_ID = Identity("openeuler_id", None, "openEuler")


@dataclass(frozen=True, slots=True)
class LayoutTable:
    """A SIG table the layout expects: a README under the sigs folder and its columns."""

    name: str
    """File name inside the sigs folder: `README.md`."""
    language: str
    columns: tuple[str, str, str]
    when_present: bool = False
    """Checked only when the file exists (MindSpore's en table)."""


@dataclass(frozen=True, slots=True)
class PeopleHeadings:
    """Headings under which a SIG page lists people by hand (M010), compared ignoring case,
    spaces and punctuation, with or without a `列表`/`list`/`名单` after them; `former` are
    words that mark a heading as former members (`Emeritus`, `历任`): not compared."""

    leads: tuple[str, ...]
    maintainers: tuple[str, ...]
    committers: tuple[str, ...]
    former: tuple[str, ...]


PEOPLE_HEADINGS = PeopleHeadings(
    leads=("Leads", "Lead", "SIG Leads", "SIG Lead", "Leaders", "SIG 负责人", "负责人", "SIG 组长"),
    maintainers=("Maintainers", "Maintainer", "SIG Maintainers", "维护者", "维护人员"),
    committers=("Committers", "Committer", "SIG Committers", "提交者"),
    former=("Emeritus", "Former", "Alumni", "Retired", "历任", "前任", "荣誉", "退休"),
)


@dataclass(frozen=True, slots=True)
class Layout:
    name: str
    sigs_dir: str
    tables: tuple[LayoutTable, ...]
    identities: tuple[Identity, ...]
    """Person keys that identify someone, in order of preference (the first present one is
    what tables link)."""
    owners_file: str | None
    """A per-SIG file listing maintainer ids (`OWNERS`) that wins over sig-info.yaml."""
    one_sig_per_repository: bool
    """Whether a repository claimed by two SIGs is a finding (M009)."""
    repository_files: bool = False
    """Whether SIG folders hold one `<owner>/<letter>/<repo>.yaml` per repository they own
    (openEuler): their paths (never their contents) are claims too."""
    templates: tuple[str, ...] = ()
    """Folders under the sigs folder that are a template to copy, not a SIG (openEuler's
    `sig-template`, whose sample metadata claims real repositories)."""
    people_headings: PeopleHeadings = PEOPLE_HEADINGS
    """Where SIG pages name people by hand (M010 compares them with the metadata)."""
    repository_forge: str = "gitee"
    """The forge (`[online.forges.NAME]`) on which the repositories its metadata names live."""


ZH_COLUMNS = ("SIG name", "技术领域", "SIG 负责人")
EN_COLUMNS = ("SIG name", "Responsibilities", "SIG Leads")

MINDSPORE = Layout(
    name="mindspore",
    sigs_dir="sigs",
    tables=(
        LayoutTable("README.md", "zh", ZH_COLUMNS),
        LayoutTable("README_en.md", "en", EN_COLUMNS, when_present=True),
    ),
    identities=(GITEE,),
    owners_file=None,
    one_sig_per_repository=False,  # the SIGs share the mindspore/mindspore monorepo
)

OPENEULER = Layout(
    name="openeuler",
    sigs_dir="sig",
    tables=(),
    identities=(GITEE, ATOMGIT, OPENEULER_ID),
    owners_file="OWNERS",
    one_sig_per_repository=True,
    repository_files=True,
    templates=("sig-template",),
    repository_forge="atomgit",  # openEuler moved its code to AtomGit in 2025
)

LAYOUTS: dict[str, Layout] = {layout.name: layout for layout in (MINDSPORE, OPENEULER)}


def recognise(root: Path) -> Layout:
    """The layout of a repository with no `layout` configured: MindSpore's when it has a
    `sigs/` folder, openEuler's when it has `sig/`, else MindSpore's (whose missing `sigs/`
    the loader then reports)."""
    for layout in LAYOUTS.values():
        if kind(root / layout.sigs_dir) == "dir":
            return layout
    return MINDSPORE


def is_sigs_folder(folder: Path) -> bool:
    """Whether a folder holds a sigs folder of a known layout (root discovery)."""
    return any(kind(folder / layout.sigs_dir) == "dir" for layout in LAYOUTS.values())
