"""What every diagnostic code means: what it finds, why it matters, how to fix or silence it.

One source for `sigcheck rule CODE` and for the SARIF rules (`fullDescription`, `help`), so the
explanation a maintainer reads in a terminal is the one code scanning shows. Pure data.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from sigcheck.diagnostics import CODES, CodeInfo

PROJECT_URL: str | None = None
"""Where sigcheck is published, once it is: SARIF's `informationUri`, and the rules' `helpUri`
(its README's code table). None while it has no public home: no invented address is printed,
and SARIF leaves both optional properties out."""

_MARKDOWN_SILENCE = (
    "In Markdown, `<!-- sigcheck-disable-next-line {code} -->` on the line before silences one "
    "finding (`<!-- sigcheck-disable-line {code} -->` inside a table row)"
)
_YAML_SILENCE = "In `sig-info.yaml`, `# sigcheck-disable-next-line {code}` on the line before"
_EVERYWHERE = 'everywhere: `ignore = ["{code}"]` in `.sigcheck.toml`, or `--ignore {code}`'


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    finds: str
    """What the check finds, one or two sentences."""
    why: str
    """Why it matters to the community."""
    fix: str
    """How to fix it."""
    silence: str
    """How to silence it when the finding is deliberate."""

    @property
    def info(self) -> CodeInfo:
        return CODES[self.code]

    @property
    def help_uri(self) -> str | None:
        return f"{PROJECT_URL}#diagnostic-codes" if PROJECT_URL else None

    def full_description(self) -> str:
        return f"{self.finds} {self.why}"

    def _severity(self, level: str | None, source: str) -> str:
        """`error`, or `error: this community's gate (layout; default warning)`."""
        default = self.info.severity.value
        if level is None or source == "default":
            return default
        where = "the layout (the community's gate)" if source == "layout" else "the configuration"
        return f"{level}, from {where}; default {default}"

    def as_text(self, level: str | None = None, source: str = "default") -> str:
        info = self.info
        online = " (online: only with --online)" if info.online else ""
        paragraphs = (
            f"{self.code} ({self._severity(level, source)}{online}): {info.summary}",
            f"What it finds: {self.finds}",
            f"Why it matters: {self.why}",
            f"How to fix it: {self.fix}",
            f"How to silence it: {self.silence}",
        )
        return "\n\n".join(textwrap.fill(p, 88, break_on_hyphens=False) for p in paragraphs) + "\n"

    def as_markdown(self, level: str | None = None, source: str = "default") -> str:
        info = self.info
        online = " Needs `--online`." if info.online else ""
        return (
            f"**{self.code}** ({self._severity(level, source)}): {info.summary}.{online}\n\n"
            f"**What it finds.** {self.finds}\n\n"
            f"**Why it matters.** {self.why}\n\n"
            f"**How to fix it.** {self.fix}\n\n"
            f"**How to silence it.** {self.silence}\n\n"
            + (
                f"[All codes]({self.help_uri})\n"
                if self.help_uri
                else "`sigcheck rule` lists all codes.\n"
            )
        )


def _silence(code: str, where: str) -> str:
    """The usual ways to silence `code`; `where` is `md`, `yaml`, `both` or `none` (a finding
    about a folder or the network has no line to put a comment on)."""
    parts = []
    if where in ("md", "both"):
        parts.append(_MARKDOWN_SILENCE.format(code=code))
    if where in ("yaml", "both"):
        parts.append(_YAML_SILENCE.format(code=code))
    parts.append(_EVERYWHERE.format(code=code))
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


_FIX_TABLE = "Run `sigcheck fix` to regenerate the table from the `sig-info.yaml` files"

_TEXTS: dict[str, tuple[str, str, str, str]] = {
    # code: (finds, why, fix, where a comment can silence it)
    "T001": (
        "A configured SIG README (`sigs/README.md`, `sigs/README_en.md`) is missing, unreadable, "
        "or has no Markdown table of SIGs.",
        "The table is the community's index of SIGs; without it no other table check can run.",
        "Restore the file or its table, or remove it from `[[tables]]` in the configuration.",
        "none",
    ),
    "T002": (
        "The table's header row does not have the configured column names.",
        "A renamed or reordered column usually means the table was edited by hand and the "
        "generator would rewrite it wrongly.",
        "Put back the configured header (`SIG name | 技术领域 | SIG 负责人` by default), or set "
        "`columns` of that table in the configuration.",
        "md",
    ),
    "T003": (
        "A table row has more or fewer cells than the header.",
        "A missing or extra `|` shifts cells: Markdown renders the leads in the wrong column or "
        "drops them.",
        "Make the row have one cell per column; escape a literal pipe as `\\|`.",
        "md",
    ),
    "T004": (
        "The name cell is not a single link to a SIG folder's README (`[Name](folder/README.md)`).",
        "Readers follow that link to find the SIG, and sigcheck uses it to match the row to its "
        "folder and metadata.",
        "Write the cell as one link to `<folder>/README.md` (`%20` for spaces).",
        "md",
    ),
    "T005": (
        "The domain cell of a row is empty.",
        "The domain tells a newcomer what the SIG works on at a glance.",
        "Set `domain` (zh) / `domain_en` (en) in the SIG's `sig-info.yaml` and run `sigcheck fix`.",
        "md",
    ),
    "T006": (
        "The leads cell is empty, or cannot be read as profile links or names.",
        "The leads cell is who a contributor contacts; an unreadable cell cannot be checked "
        "against the metadata.",
        "List each lead as `[@handle](https://gitee.com/handle)`, or `Name（Organization）` for "
        "someone without a handle.",
        "md",
    ),
    "T007": (
        "The same SIG (the same folder, or the same name) appears in two rows of one table.",
        "Duplicates drift apart: one row gets updated, the other does not.",
        "Delete one of the rows, or run `sigcheck fix`.",
        "md",
    ),
    "T008": (
        "A generated table (or a generated `sig-info` region of a SIG page) differs from what the "
        "metadata generates.",
        "The metadata is the single source; a hand edit of the table is lost at the next "
        "regeneration, and the table no longer says what `sig-info.yaml` says.",
        f"{_FIX_TABLE} (fixable); edit `sig-info.yaml`, not the table. On a tree not adopted "
        "yet (most SIGs without `sig-info.yaml`, or metadata that names SIGs and leads "
        "otherwise than the table), run `sigcheck import` first: it records what the tables "
        "show, and `fix` then changes no visible content. `fix` refuses to change what more than "
        "a quarter (and at least 3) of a table's rows show unless given `--force`.",
        "none",
    ),
    "T009": (
        "The language tables disagree: a SIG, a link or a lead is in one table and not in the "
        "other.",
        "The zh and en tables describe the same SIGs; readers of one language get a different "
        "story.",
        f"{_FIX_TABLE}, or add what one table lacks.",
        "md",
    ),
    "T010": (
        "The en table links a SIG's Chinese README although the SIG has an English one "
        "(`README_en.md` or `README.en.md`).",
        "English readers land on a page they may not read.",
        "Link the English README; `sigcheck fix` does it (fixable).",
        "md",
    ),
    "D001": (
        "A table row links a SIG folder that does not exist.",
        "A renamed or deleted SIG leaves a dead entry in the index.",
        "Fix the link to the folder's current name, or remove the row.",
        "md",
    ),
    "D002": (
        "A SIG folder has no `README.md`.",
        "The README is the SIG's home page: the table links it and newcomers read it first.",
        "Add `README.md` to the folder (a short page: what the SIG does, who leads it, how to "
        "join).",
        "none",
    ),
    "D003": (
        "A SIG folder is not listed in any table (an orphan).",
        "Nobody finds a SIG that the index does not list.",
        "Add a `sig-info.yaml` to the folder and run `sigcheck fix` to add its row, or move the "
        "folder out of the SIG folder (or list it in `exclude`) if it is not a SIG.",
        "none",
    ),
    "M001": (
        "A SIG folder has no `sig-info.yaml`.",
        "Without metadata the SIG's row cannot be generated or checked, and its people are "
        "known only from a hand-written table.",
        "Run `sigcheck import` to write one from the current table row, then complete it.",
        "none",
    ),
    "M002": (
        "`sig-info.yaml` is not valid YAML (the line and column say where), is empty, not "
        "UTF-8, or expands aliases without bound.",
        "A file that does not parse gives no metadata at all: the SIG's row and pages cannot be "
        "generated.",
        "Fix the syntax at the reported place (indentation, a missing `:`, an unquoted `:` or "
        "`#` in a value).",
        "none",
    ),
    "M003": (
        "`sig-info.yaml` breaks the schema: a required key is missing (`name`), or a value has "
        "the wrong type (the field path and line say which).",
        "The generators rely on the schema; a list written as a string, or a person without "
        "`gitee_id` or `name`, cannot be rendered.",
        "Correct the value; `sigcheck schema` prints the schema, and an editor that reads it "
        "flags the mistake as you type.",
        "yaml",
    ),
    "M004": (
        "A key that is not known but looks like one that is (`repo-admin` for `repo_admin`, "
        "`maintainer` for `maintainers`, `eamil` for `email`).",
        "The value is silently ignored: the people under a misspelt key are in nobody's table.",
        "Rename the key to the one the message suggests.",
        "yaml",
    ),
    "M005": (
        "The leads a table row shows are not the leads the SIG's metadata names. With a "
        "`leads` key the cell shows exactly those people; without one it may name any of the "
        "maintainers (`OWNERS`' where the layout reads it), so only a lead who is none of them "
        "is reported. A lead written by name matches a person whose id, `name`, `name_en` or "
        "`display` it spells, ignoring case, spaces, punctuation and word order "
        "(`Yahao Ding` is `dingyahao`).",
        "Two sources that disagree: one of them is out of date.",
        "Correct `sig-info.yaml` (or its `leads` key), then run `sigcheck fix`.",
        "md",
    ),
    "M006": (
        "The SIG's `name` has surrounding spaces or a slash (`mslite/`).",
        "The name labels the SIG in tables and links; a slash or stray space breaks both.",
        "Write the plain name: `name: mslite`.",
        "yaml",
    ),
    "M007": (
        "A to-be-filled value (`TBD`, `TODO`, `TO_BE_CLARIFIED`, `待补充`, `待定`, `xxxx`: the "
        "`placeholders` list) where a person id, an email, a name, `mailing_list`, "
        '`meeting_url` or a repository belongs, once per place it is written. A "none" value '
        "(`NA`, `N/A`, `无`, `暂无`, `-`, an empty string: the `none_values` list) says the SIG "
        "has none and is not reported.",
        "It is treated as absent afterwards (never rendered, never looked up), but it marks a "
        "fact the SIG still owes its readers.",
        "Fill in the real value; write a none value (`NA`) if there is none, or delete the key.",
        "yaml",
    ),
    "M008": (
        "A repository entry is not `owner/name` (`mindspore`, `mindspore/mindspore/`, "
        "`owner/name/sub/folder`).",
        "Such an entry links nowhere and cannot be checked online.",
        "Write `owner/name`; put a folder inside a repository in a comment or the description.",
        "yaml",
    ),
    "M009": (
        "The same repository is claimed by two SIGs, where the community's rule is one SIG per "
        "repository (openEuler's; off where SIGs share a monorepo).",
        "Two SIGs owning a repository means nobody knows who reviews its changes.",
        "Remove the repository from one SIG's `sig-info.yaml`.",
        "yaml",
    ),
    "M010": (
        "A SIG page names people by hand, under a heading the layout knows (`SIG Leads`, "
        "`Maintainer列表`, `Committers`, `SIG 负责人`, `维护者` …: `[people_headings]`), who "
        "disagree with the SIG's metadata (`OWNERS` included): under a leads heading by "
        "M005's rule (without `leads`, any of the maintainers may be named), under a "
        "maintainers or committers heading the whole list, one finding per person missing or "
        "extra (a maintainer or repository admin listed among the committers is not extra). "
        "Headings for former members (`Emeritus`, `Former`, `历任`) are not compared, nor is a "
        "role the metadata names nobody in. A page with a generated `sig-info` region is "
        "judged by the region (T008) alone.",
        "Readers trust the page, tools trust the metadata: when they disagree, one is wrong.",
        "Correct the page or the metadata; or replace the hand-kept list with a generated "
        "region (`sigcheck fix --init-pages`), then delete the list.",
        "md",
    ),
    "M011": (
        "A copy of the SIG registry (OpenHarmony's `sig/sigs_list.json` beside "
        "`sig/sigs_list.toml`) lacks a SIG the registry lists, lists one it does not, or says "
        "otherwise about a SIG's name, description, status, leads or repositories.",
        "Tools and pages read the copy; a stale copy sends reviews to former leads and shows "
        "retired SIGs as active.",
        "Regenerate the copy from the registry (or delete it if nothing reads it).",
        "both",
    ),
    "P001": (
        "A Gitee handle that cannot exist: it must be letters, digits, `_` and `-`, starting "
        "with a letter.",
        "A malformed handle is a broken profile link and an unknown person for tools that "
        "match handles (CLA, review assignment).",
        "Correct the handle (copy it from the profile URL); for someone without one, write "
        "`name` instead of `gitee_id`.",
        "both",
    ),
    "P002": (
        "A lead link's text `@x` differs from the handle in its URL "
        "(`[@zhangteng](https://gitee.com/tang-zheng)`).",
        "Readers mention `@zhangteng`, which notifies somebody else or nobody.",
        "Use the handle as the text, or set `display` for that person in `sig-info.yaml` if the "
        "label is deliberate, and run `sigcheck fix`.",
        "md",
    ),
    "P003": (
        "An id that its forge's API (Gitee, AtomGit, GitHub, ...) says does not exist: a JSON 404 "
        "asked twice, from a forge that answered a name known to exist in the same run.",
        "The person cannot be reached or mentioned; often a typo or a renamed account.",
        "Correct the handle in `sig-info.yaml` and the table.",
        "both",
    ),
    "P004": (
        "A lead named without a handle (`Fengxun`, `孙增国（陕西师范大学）`).",
        "Nobody can mention or notify a plain name.",
        "Add the person's `gitee_id` to `sig-info.yaml` and run `sigcheck fix`; if they have no "
        "account, this warning is expected.",
        "md",
    ),
    "P005": (
        "An email address that is not well formed.",
        "Mail to it bounces; tools that match people by email miss them.",
        "Correct the address, or remove it (a placeholder such as `TO_BE_CLARIFIED` is M007, "
        "not this).",
        "both",
    ),
    "P006": (
        "The same person twice in one list (same handle, or same email).",
        "Duplicates drift apart and double-count people in the tables.",
        "Delete one entry, keeping the more complete one.",
        "both",
    ),
    "P007": (
        "An id or repository could not be verified: a spent budget, authentication, network "
        "trouble, or an answer that is not definite (a sign-in page, a 404 from a forge whose "
        "canary failed). A reason that holds for the whole run is one P007 per file, with the "
        "count.",
        "It says nothing about the id; it is never reported as P003 or M008.",
        "Set the forge's token (`GITEE_TOKEN`, `ATOMGIT_TOKEN`, `GITHUB_TOKEN`) for a bigger "
        "budget, or run again after the reset time the summary gives (verified answers are "
        "cached, so the next run goes on from there).",
        "both",
    ),
    "F001": (
        "A Markdown page cannot be read: not UTF-8, larger than 2 MiB, or unreadable.",
        "Its links and anchors cannot be checked, and Gitee may render it as garbage.",
        "Re-save the page as UTF-8, or split it.",
        "none",
    ),
    "L001": (
        "A relative link, or a link into this repository's default branch by its own web "
        "address (`repo_url`, else git's `upstream` or `origin` remote), points to a file "
        "that does not exist. A link pinned to a commit, a tag or another branch is not "
        "checked against the working tree.",
        "Readers get a 404; the usual cause is a renamed or moved page.",
        "Point the link at the file's current path (`%20` for spaces).",
        "md",
    ),
    "L002": (
        "A link to a heading anchor (`page.md#section`) that the page does not have.",
        "The link opens the page at the top instead of the section; usually a renamed heading.",
        "Use the heading's current slug (lowercase, spaces as `-`, punctuation dropped, Chinese "
        "kept), or add an `<a name=…>` anchor.",
        "md",
    ),
    "L003": (
        "A link target exists only with different letter case.",
        "It works on a case-insensitive laptop and is a 404 on Gitee and GitHub.",
        "Use the exact case on disk; `sigcheck fix --pages` does it.",
        "md",
    ),
    "L004": (
        "A link leaves the repository (`../..` above the root, or through a symlink out of the "
        "tree).",
        "The target is not part of the published repository, so it is a 404 for readers.",
        "Link the target by its absolute URL, or move it into the repository.",
        "md",
    ),
    "L005": (
        "An external link is broken: 404, 410 or another definite failure.",
        "Readers hit a dead end; meeting and mailing list links are the usual victims.",
        "Update the link, or remove it; exclude a URL that only fails for robots with "
        "`[online] exclude`.",
        "md",
    ),
    "L006": (
        "An external link could not be verified: timeout, DNS, 5xx or 429 after retries, or a "
        "bot wall.",
        "It may be fine; it is reported so a link that stays unreachable gets looked at.",
        "Open it in a browser; exclude hosts that always refuse robots with `[online] exclude`.",
        "md",
    ),
    "L007": (
        "An external link is permanently redirected (301, 308).",
        "Redirects break when the old address is retired; the new address is the lasting one.",
        "Replace the link with the address the message names.",
        "md",
    ),
    "L008": (
        "An empty or placeholder link target (`[x]()`, `待补充`, `xxxx`, `TBD`, `NA`), a URL "
        "with a path segment or query value that is wholly a to-be-filled value "
        "(`…/issues/xxxxx`; a segment that only looks like a none value, `/na/`, is not), or "
        "link syntax that renders as text (`[x]https://…`).",
        "The page promises a link that is not there.",
        "Fill in the real target, write the link as `[text](target)`, or remove it.",
        "md",
    ),
    "L009": (
        "An email address used as a link target without `mailto:` (`[邮件列表](dev@example.org)`).",
        "The browser treats the address as a relative path: a 404 instead of a new mail.",
        "Write `mailto:` before the address; `sigcheck fix --pages` does it (fixable).",
        "md",
    ),
    "M012": (
        "The same repository listed twice in one `sig-info.yaml` (compared ignoring case).",
        "A repeated entry is a merge left-over; openEuler's gate (`sigInfoCheck_v1.py`) fails a "
        "pull request on it.",
        "Remove the second entry.",
        "yaml",
    ),
    "R001": (
        "A per-repository file (`sig/<SIG>/<owner>/<letter>/<repo>.yaml`) that is not valid "
        "YAML, not UTF-8, or not a mapping (a list, nothing).",
        "The community's tooling creates the repository and its branches from this file; one it "
        "cannot read stops openEuler's gate (`sanity_check.py`) for the whole pull request.",
        "Write the file as a mapping: `name`, `description`, `type`, `branches`.",
        "none",
    ),
    "R002": (
        "A per-repository file whose `name` is missing or differs from its file name, or that "
        "lies outside the folder of its name's first letter (`src-openeuler/b/abc.yaml`).",
        "The path is how the community's tooling finds the repository; a file named one way "
        "that creates another repository is a silent rename.",
        "Make `name` and the file name agree, and move the file to the folder of its first "
        "letter (lower case).",
        "none",
    ),
    "R003": (
        "A per-repository file without `type`, with a `type` other than `public`/`private`, or a "
        "public repository in the Private SIG (the layout names that SIG).",
        "The type decides who can see the repository; openEuler's gate fails these.",
        "Write `type: public` or `type: private`; a public repository moves to the SIG that "
        "owns it.",
        "none",
    ),
    "R004": (
        "A private repository outside the Private SIG.",
        "Private repositories are kept in one SIG so that they are reviewed as such; openEuler's "
        "gate warns about this one.",
        "Make it public, or move its file to the Private SIG.",
        "none",
    ),
    "R005": (
        "A repository name its forge refuses: characters other than letters, digits, `_`, `.`, "
        "`-`, not starting with a letter, shorter than 2 or longer than 100 characters (the "
        "layout's pattern and lengths).",
        "The forge would refuse to create the repository the file asks for.",
        "Rename the repository (and its file).",
        "none",
    ),
    "R006": (
        "Branches of a per-repository file: a branch without `name`, a `type` other than "
        "`protected`/`readonly`, not exactly one `master`, a branch without `create_from` or "
        "created from a branch the repository does not have.",
        "The community's tooling creates and protects branches from this list; openEuler's gate "
        "(`sanity_check.py`, `check_branch.py`) fails these.",
        "Give every branch a `name` and a `type`, keep one `master`, and create every other "
        "branch from one the file lists.",
        "none",
    ),
    "R007": (
        "A new branch (one the base revision lacks) created from a release the community's "
        "release list does not name, or does not allow that branch from (openEuler: its branch "
        "map). Only with `--new-since` or `--pre-commit`, and only when the release list exists.",
        "Releases branch from set parents; openEuler's `check_branch.py` warns about the others.",
        "Create the branch from a release the list names, or add it to the list.",
        "none",
    ),
    "R008": (
        "A repository or branch the base revision lacks that breaks the rules for new ones: a "
        "description under 10 characters, no `upstream` (`src-openeuler`), a `platform` other "
        "than gitee or a `repository_url` (`openeuler`), a name on the block list, a branch "
        "named after an unmaintained release that is not `readonly`, a new branch of a "
        "repository in the recycle SIG. Only with `--new-since` or `--pre-commit`: older "
        "repositories are never judged by it.",
        "These are the rules openEuler's gate (`sanity_check.py`, `check_branch.py`) applies "
        "to what a pull request adds.",
        "Complete the new repository's file (description, upstream), pick another name, or make "
        "the branch `readonly`.",
        "none",
    ),
    "R009": (
        "A repository that `sig-info.yaml` lists under `repositories` with no per-repository "
        "file in the same SIG (`<SIG>/<owner>/<letter>/<repo>.yaml`).",
        "The file, not the list, is what creates and assigns the repository; openEuler's gate "
        "(`sigInfoCheck_v1.py`) fails a list entry without one.",
        "Add the repository file to the SIG, or remove the entry from the list.",
        "yaml",
    ),
    "B001": (
        "An entry of the baseline file `.sigcheck-baseline.json` matches no finding any more "
        "(matched by fingerprint: code, path and subject).",
        "The debt it recorded is paid; left in the file, it would hide the same finding if "
        "it came back.",
        "Run `sigcheck baseline` to write the file again (it shrinks), and commit it.",
        "none",
    ),
}


def _build() -> dict[str, Rule]:
    rules = {}
    for code, (finds, why, fix, where) in _TEXTS.items():
        rules[code] = Rule(code, finds, why, fix, _silence(code, where))
    return rules


RULES: dict[str, Rule] = _build()


def rule(code: str) -> Rule | None:
    """The rule of a code (any case), or None for a code that is not in the public table."""
    return RULES.get(code.strip().upper())
