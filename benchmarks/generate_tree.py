"""Generate a synthetic, seeded SIG community tree for benchmarking and testing sigcheck.

The tree mimics the MindSpore layout (``sigs/README.md`` + ``sigs/README_en.md`` tables, one folder
per SIG with READMEs, ``docs/`` pages and an openEuler ``sig-info.yaml``) at any size, and plants a
known set of broken links so that a run of ``sigcheck check`` can be scored for recall, not only
timed.  Everything is derived from one ``random.Random(seed)``: the same arguments always give
byte-identical output.

Usage::

    python benchmarks/generate_tree.py OUT_DIR --sigs 500 [--seed 1]
        [--external-base http://127.0.0.1:8000 --unique-urls 200 --links-per-file 5]

``OUT_DIR/planted.json`` lists every planted problem (path relative to OUT_DIR, 1-based line).
"""

from __future__ import annotations

import argparse
import json
import posixpath
import random
import shutil
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_URL = "https://gitee.example/org/community"
BROKEN_LINK_RATE = 1 / 50  # share of internal links that are planted broken
EXTERNAL_BROKEN_RATE = 1 / 20  # share of unique external URLs answering 404
EXTERNAL_MOVED_RATE = 1 / 20  # share of unique external URLs permanently redirected

# (zh topic for folder names, English topic, zh domain cell, en domain cell)
TOPICS: list[tuple[str, str, str, str]] = [
    ("数据", "data", "数据处理和增强技术", "Data processing and augmentation"),
    ("编译", "compiler", "图编译与图优化技术", "Graph compilation and optimisation"),
    ("安全", "security", "AI安全和隐私保护技术", "AI security and privacy protection"),
    ("并行", "parallel", "自动并行与分布式训练", "Automatic parallelism and distributed training"),
    ("端侧", "lite", "端侧推理与训练", "On-device inference and training"),
    ("可视化", "insight", "模型调试调优可视化", "Visualization for debugging and tuning"),
    ("前端", "frontend", "前端表达与自动微分", "Front-end expression and autodiff"),
    ("执行", "runtime", "后端执行与控制流", "Back-end execution and control flow"),
    ("模型", "models", "AI模型的设计和训练", "Design and training of AI models"),
    ("量子", "quantum", "量子计算软件与算法", "Quantum computing software and algorithms"),
    ("科学计算", "science", "AI科学计算", "AI for science"),
    ("体验", "dx", "开发者体验提升", "Developer experience"),
    ("文档", "docs", "文档与教程", "Documentation and tutorials"),
    ("合规", "compliance", "数据合规风险分析", "Data compliance risk analysis"),
    ("推理", "serving", "推理服务部署", "Inference serving"),
    ("语音", "audio", "语音识别与合成", "Speech recognition and synthesis"),
]
SURNAMES = [
    "wang",
    "li",
    "zhang",
    "liu",
    "chen",
    "yang",
    "zhao",
    "huang",
    "zhou",
    "wu",
    "xu",
    "sun",
    "hu",
    "zhu",
    "gao",
    "lin",
    "he",
    "guo",
    "ma",
    "luo",
]
GIVEN = [
    "wei",
    "fang",
    "min",
    "jing",
    "lei",
    "yan",
    "tao",
    "ying",
    "hao",
    "qing",
    "jun",
    "xin",
    "yu",
    "ning",
    "bo",
    "lan",
    "kai",
    "rui",
    "yi",
    "chen",
]
ORGS = [
    "Eastlake University",
    "Northwind AI Lab",
    "Qinghe Institute of Technology",
    "Lakeside Research Centre",
    "Independent",
]
ZH_WORDS = [
    "本SIG",
    "社区",
    "开发者",
    "框架",
    "性能",
    "接口",
    "文档",
    "版本",
    "会议",
    "议题",
    "代码仓",
    "贡献者",
    "评审",
    "特性",
    "测试",
    "发布",
    "路线图",
    "问题",
    "方案",
    "讨论",
]
EN_WORDS = [
    "the",
    "SIG",
    "community",
    "developers",
    "framework",
    "performance",
    "API",
    "documentation",
    "release",
    "meeting",
    "review",
    "feature",
    "tests",
    "roadmap",
    "design",
    "proposal",
    "contributors",
    "repository",
    "issue",
    "plan",
]


def github_slug(text: str) -> str:
    """GitHub's heading slug: lowercase, keep letters/digits/marks/`-`/`_`, spaces to `-`."""
    out: list[str] = []
    for char in text.lower():
        if char == " ":
            out.append("-")
        elif char in "-_" or unicodedata.category(char)[0] in "LNM":
            out.append(char)
    return "".join(out)


def encode_path(path: str) -> str:
    """Percent-encode spaces only (as people write them); Chinese stays raw, as on Gitee."""
    return path.replace(" ", "%20")


@dataclass
class Person:
    gitee_id: str
    name: str
    email: str
    organization: str


@dataclass
class Heading:
    level: int
    markdown: str  # as written after the hashes
    slug: str = ""
    external: bool = False  # the section that holds the external links


@dataclass
class MdFile:
    """One Markdown file: its headings are fixed first so that any file may link to them."""

    rel: str  # relative to OUT_DIR/sigs, with `/`
    kind: str
    lang: str
    target_lines: int
    headings: list[Heading] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    @property
    def slugs(self) -> list[str]:
        return [h.slug for h in self.headings]


@dataclass
class Sig:
    index: int
    folder: str
    name: str
    topic_en: str
    domain_zh: str
    domain_en: str
    leads: list[Person]
    committers: list[Person]
    mentors: list[Person]
    files: list[MdFile] = field(default_factory=list)


@dataclass
class Planted:
    kind: str
    path: str
    line: int
    target: str
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "path": self.path,
            "line": self.line,
            "target": self.target,
            **self.extra,
        }


def heading_text(markdown: str) -> str:
    """The plain text GitHub slugs: our headings only use `**x**` and `` `x` `` markup."""
    return markdown.replace("**", "").replace("`", "")


def assign_slugs(headings: list[Heading]) -> None:
    """Unique slugs within one page: duplicates get `-1`, `-2`, ... like GitHub."""
    seen: dict[str, int] = {}
    for heading in headings:
        base = slug = github_slug(heading_text(heading.markdown))
        while slug in seen:
            seen[base] += 1
            slug = f"{base}-{seen[base]}"
        seen[slug] = 0
        heading.slug = slug


class Generator:
    """Builds the whole tree in memory, then writes it."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.rng = random.Random(args.seed)
        self.args = args
        self.n_sigs: int = args.sigs
        self.sigs: list[Sig] = []
        self.files: dict[str, MdFile] = {}  # rel (to sigs/) -> file
        self.all_paths_lower: set[str] = set()  # every file and folder under sigs/, lowercased
        self.planted: list[Planted] = []
        self.internal_links = 0
        self.external_links = 0
        self.external_used: dict[str, list[tuple[str, int]]] = {}
        self.external_kind: dict[str, str] = {}
        self.external_queue: list[str] = []
        self.missing_counter = 0

    # -- people and SIGs -----------------------------------------------------------------------

    def person(self, index: int, suffix: str) -> Person:
        rng = self.rng
        surname, given = rng.choice(SURNAMES), rng.choice(GIVEN)
        style = rng.randrange(4)
        if style == 0:
            handle = f"{surname}{given}{index}{suffix}"
        elif style == 1:
            handle = f"{surname}_{given}{index}{suffix}"
        elif style == 2:
            handle = f"{given}-{surname}-{index}{suffix}"
        else:
            handle = f"{surname[0]}{given}{index:04d}{suffix}"
        return Person(
            handle,
            f"{surname.title()} {given.title()}",
            f"{handle.replace('_', '.')}@example.com",
            rng.choice(ORGS),
        )

    def make_sigs(self) -> None:
        rng = self.rng
        for i in range(1, self.n_sigs + 1):
            topic_zh, topic_en, domain_zh, domain_en = TOPICS[rng.randrange(len(TOPICS))]
            roll = rng.random()
            if roll < 0.08:
                folder = f"sig {i:04d} {topic_en}"
            elif roll < 0.15:
                folder = f"{topic_zh}-{i}"
            else:
                folder = f"sig-{i:04d}-{topic_en}"
            name = f"{topic_en.title()}-{i:04d}"
            leads = [self.person(i, "a")]
            if rng.random() < 0.25:
                leads.append(self.person(i, "b"))
            committers = [self.person(i, s) for s in "cdef"[: rng.randint(1, 4)]]
            mentors = [self.person(i, "m")] if rng.random() < 0.4 else []
            self.sigs.append(
                Sig(i, folder, name, topic_en, domain_zh, domain_en, leads, committers, mentors)
            )

    # -- headings --------------------------------------------------------------------------------

    def plan_files(self) -> None:
        for sig in self.sigs:
            for rel, kind, lang in [
                (f"{sig.folder}/README.md", "readme", "zh"),
                (f"{sig.folder}/README_en.md", "readme", "en"),
                (f"{sig.folder}/docs/meeting-notes.md", "meetings", "zh"),
                (f"{sig.folder}/docs/roadmap.md", "roadmap", "en"),
                (f"{sig.folder}/docs/faq.md", "faq", "zh"),
            ]:
                md = MdFile(rel, kind, lang, self.rng.randint(42, 116))
                md.headings = self.headings_for(sig, md)
                if self.externals_for(md):
                    title = "参考链接 References" if lang == "zh" else "External links"
                    md.headings.append(Heading(2, title, external=True))
                assign_slugs(md.headings)
                sig.files.append(md)
                self.files[rel] = md
            for rel in [
                sig.folder,
                f"{sig.folder}/docs",
                f"{sig.folder}/README.md",
                f"{sig.folder}/README_en.md",
                f"{sig.folder}/sig-info.yaml",
                *(f.rel for f in sig.files),
            ]:
                self.all_paths_lower.add(rel.lower())
        for rel in ["README.md", "README_en.md"]:
            self.all_paths_lower.add(rel.lower())

    def externals_for(self, md: MdFile) -> int:
        """External links on a page: K with --external-base, else one per README."""
        if self.args.external_base:
            count: int = self.args.links_per_file
            return count
        return 1 if md.kind == "readme" else 0

    def headings_for(self, sig: Sig, md: MdFile) -> list[Heading]:
        """Sections sized so the page lands near its target length; duplicates on purpose."""
        rng = self.rng
        units = max(
            2, md.target_lines // {"readme": 16, "meetings": 26, "roadmap": 22, "faq": 14}[md.kind]
        )
        h: list[Heading] = []
        if md.kind == "readme" and md.lang == "zh":
            h.append(Heading(1, f"{sig.name} SIG"))
            h += [Heading(2, "简介 Overview"), Heading(2, "工作范围")]
            h += [
                Heading(
                    3,
                    f"{i}. {rng.choice(ZH_WORDS)}{rng.choice(ZH_WORDS)} "
                    f"{rng.choice(EN_WORDS).title()}",
                )
                for i in range(1, units)
            ]
            h += [
                Heading(2, "成员 / Members"),
                Heading(3, "SIG Leads"),
                Heading(3, "Committers"),
                Heading(2, "会议"),
                Heading(2, "配置 `sig-info.yaml`"),
                Heading(2, "如何参与？"),
                Heading(3, "**重要** 说明"),
                Heading(2, "FAQ: 常见问题"),
                Heading(2, "联系方式 Contact"),
            ]
        elif md.kind == "readme":
            h.append(Heading(1, f"{sig.name} SIG"))
            h += [Heading(2, "Overview"), Heading(2, "Scope")]
            h += [
                Heading(3, f"{i}. {rng.choice(EN_WORDS).title()} {rng.choice(EN_WORDS)}")
                for i in range(1, units)
            ]
            h += [
                Heading(2, "Members"),
                Heading(2, "Meetings"),
                Heading(2, "C++ & Python API"),
                Heading(2, "How to contribute"),
                Heading(3, "Overview"),
                Heading(2, "Contact"),
            ]
        elif md.kind == "meetings":
            h.append(Heading(1, f"{sig.name} 会议纪要 Meeting Notes"))
            for k in range(units):
                month, day = 12 - (k % 12), rng.randint(1, 28)
                h += [
                    Heading(2, f"2024-{month:02d}-{day:02d} 第{units - k}次例会"),
                    Heading(3, "议题"),
                    Heading(3, "Decisions / 决议"),
                    Heading(3, "Action Items"),
                ]
        elif md.kind == "roadmap":
            h.append(Heading(1, f"{sig.name} Roadmap"))
            h.append(Heading(2, "Roadmap (2025)"))
            for q in range(1, min(units, 8) + 1):
                h += [
                    Heading(2, f"{2025 + (q - 1) // 4} Q{(q - 1) % 4 + 1}"),
                    Heading(3, "目标"),
                    Heading(3, "Milestones"),
                ]
        else:
            h.append(Heading(1, f"{sig.name} 常见问题"))
            h.append(Heading(2, "常见问题 FAQ"))
            for q in range(1, units + 1):
                h += [
                    Heading(3, f"Q{q}: {rng.choice(ZH_WORDS)}{rng.choice(ZH_WORDS)}怎么办？"),
                    Heading(4, "Answer"),
                ]
        return h

    # -- links -------------------------------------------------------------------------------

    def rel_link(self, src: MdFile, target_rel: str) -> str:
        """Relative link from `src` to a path under sigs/ (both relative to sigs/)."""
        start = posixpath.dirname(src.rel) or "."
        return encode_path(posixpath.relpath(target_rel, start))

    def pick_target(self, sig: Sig, src: MdFile) -> tuple[str, MdFile | None, str, str]:
        """A valid internal link: (href, target file or None, path part rel to sigs/, text)."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.25:  # own heading
            heading = rng.choice(src.headings[1:] or src.headings)
            return f"#{heading.slug}", src, src.rel, heading_text(heading.markdown)
        if roll < 0.60:  # sibling file, sometimes with an anchor
            target = rng.choice([f for f in sig.files if f is not src])
        elif roll < 0.85:  # another SIG's file
            other = self.sigs[rng.randrange(len(self.sigs))]
            target = rng.choice(other.files)
        elif roll < 0.92:  # the SIG list
            top = "README.md" if src.lang == "zh" else "README_en.md"
            anchor = "目前的sig组" if top == "README.md" else "current-sigs"
            return (
                f"{self.rel_link(src, top)}#{anchor}",
                None,
                top,
                "SIG列表" if src.lang == "zh" else "SIG list",
            )
        elif roll < 0.96:  # a non-Markdown file
            rel = f"{sig.folder}/sig-info.yaml"
            return self.rel_link(src, rel), None, rel, "sig-info.yaml"
        else:  # the repository's own absolute URL
            target = rng.choice(sig.files)
            href = f"{REPO_URL}/blob/master/sigs/{encode_path(target.rel)}"
            return href, target, target.rel, posixpath.basename(target.rel)
        href = self.rel_link(src, target.rel)
        text = posixpath.basename(target.rel)
        if rng.random() < 0.5:
            heading = rng.choice(target.headings)
            href += f"#{heading.slug}"
            text = heading_text(heading.markdown)
        return href, target, target.rel, text

    def plant(self, sig: Sig, src: MdFile) -> tuple[str, str]:
        """A broken internal link: (kind, href)."""
        rng = self.rng
        kind = rng.choice(["missing-file", "bad-anchor", "wrong-case"])
        target = rng.choice([f for f in sig.files if f is not src])
        if rng.random() < 0.3:
            other = self.sigs[rng.randrange(len(self.sigs))]
            target = rng.choice([f for f in other.files if f is not src])
        if kind == "missing-file":
            self.missing_counter += 1
            stem = posixpath.splitext(target.rel)[0]
            variants = [
                f"{stem}s.md",
                f"{stem}-old.md",
                f"{stem}-{self.missing_counter}.md",
                posixpath.join(
                    posixpath.dirname(target.rel), "archive", f"{self.missing_counter}.md"
                ),
            ]
            rel = next(v for v in variants if v.lower() not in self.all_paths_lower)
            return kind, self.rel_link(src, rel)
        if kind == "bad-anchor":
            anchor = f"{rng.choice(target.headings).slug}-old"
            while anchor in target.slugs:
                anchor += "x"
            return kind, f"{self.rel_link(src, target.rel)}#{anchor}"
        directory, base = posixpath.split(target.rel)
        wrong = {
            "README.md": "Readme.md",
            "README_en.md": "README_EN.md",
            "meeting-notes.md": "Meeting-Notes.md",
            "roadmap.md": "ROADMAP.md",
            "faq.md": "FAQ.md",
        }[base]
        return kind, self.rel_link(src, posixpath.join(directory, wrong))

    def link_line(self, sig: Sig, src: MdFile, template: str) -> str:
        """Format `template` (with `{link}`) with an internal link, broken 1 time in 50."""
        lineno = len(src.lines) + 1
        self.internal_links += 1
        if self.rng.random() < BROKEN_LINK_RATE:
            kind, href = self.plant(sig, src)
            self.planted.append(Planted(kind, f"sigs/{src.rel}", lineno, href))
            text = "参见" if src.lang == "zh" else "see"
        else:
            href, _, _, text = self.pick_target(sig, src)
        return template.format(link=f"[{text}]({href})")

    def external_link(self, src: MdFile) -> str:
        lineno = len(src.lines) + 1
        url = self.external_queue.pop() if self.external_queue else self.default_external()
        self.external_links += 1
        self.external_used.setdefault(url, []).append((f"sigs/{src.rel}", lineno))
        return url

    def default_external(self) -> str:
        return f"https://example.com/community/{self.rng.choice(EN_WORDS)}"

    def plan_external(self) -> None:
        """Fill the queue of external URLs for --external-base: each of U used at least once."""
        base = self.args.external_base
        if not base:
            return
        base = base.rstrip("/")
        unique: int = self.args.unique_urls
        per_file: int = self.args.links_per_file
        slots = len(self.files) * per_file
        order = list(range(unique))
        self.rng.shuffle(order)
        n_broken = max(1, round(unique * EXTERNAL_BROKEN_RATE))
        n_moved = max(1, round(unique * EXTERNAL_MOVED_RATE))
        kinds = ["ok"] * unique
        for pos, i in enumerate(order[: n_broken + n_moved]):
            kinds[i] = "broken-external" if pos < n_broken else "moved-external"
        folders = {"ok": "ok", "broken-external": "broken", "moved-external": "moved"}
        urls = [f"{base}/{folders[kind]}/{i}" for i, kind in enumerate(kinds)]
        self.external_kind = dict(zip(urls, kinds, strict=True))
        queue = list(urls[:slots])
        self.rng.shuffle(queue)
        # The rest skewed towards a few popular URLs, as real docs link the same pages often.
        weights = [1.0 / (k + 1) for k in range(unique)]
        queue += self.rng.choices(urls, weights=weights, k=max(0, slots - len(queue)))
        queue.reverse()  # popped from the end: the first-used-once part comes first
        self.external_queue = queue

    # -- bodies ----------------------------------------------------------------------------------

    def sentence(self, lang: str, n: int) -> str:
        words = ZH_WORDS if lang == "zh" else EN_WORDS
        if lang == "zh":
            return "".join(self.rng.choice(words) for _ in range(n)) + "。"
        return " ".join(self.rng.choice(words) for _ in range(n)).capitalize() + "."

    def block(self, sig: Sig, src: MdFile) -> None:
        """Append one block (paragraph, list, table, code) followed by a blank line."""
        rng, lang, out = self.rng, src.lang, src.lines
        roll = rng.random()
        if roll < 0.35:  # paragraph, links possibly on a continuation line
            out.append(self.sentence(lang, rng.randint(5, 12)))
            for _ in range(rng.randint(1, 2)):
                if rng.random() < 0.5:
                    out.append(self.link_line(sig, src, self.sentence(lang, 3) + " {link}"))
                else:
                    out.append(self.sentence(lang, rng.randint(4, 10)))
        elif roll < 0.75:  # list of links
            for _ in range(rng.randint(2, 4)):
                out.append(self.link_line(sig, src, "- {link}"))
        elif roll < 0.85:  # table with a link cell
            out += ["| 项目 Item | 说明 Notes |", "| --- | --- |"]
            for _ in range(rng.randint(1, 3)):
                out.append(self.link_line(sig, src, "| {link} | " + self.sentence(lang, 3) + " |"))
        elif roll < 0.93:  # code: link-like text that is not a link
            out += [
                "```markdown",
                "[not a link](no-such-file.md#nowhere)",
                "```",
                "",
                "行内代码 `[x](missing.md)` 也不是链接。",
            ]
        else:  # an HTML comment and a numbered list
            out += ["<!-- [commented out](gone.md) -->", ""]
            for k in range(1, rng.randint(2, 3) + 1):
                out.append(f"{k}. " + self.sentence(lang, rng.randint(4, 8)))
        out.append("")

    def render(self, sig: Sig, src: MdFile) -> None:
        """Write the page section by section, sharing what is left of its line budget."""
        rng = self.rng
        for position, heading in enumerate(src.headings):
            src.lines += [f"{'#' * heading.level} {heading.markdown}", ""]
            if position == 0:
                src.lines += [self.sentence(src.lang, rng.randint(6, 12)), ""]
            elif heading.external:
                for _ in range(self.externals_for(src)):
                    url = self.external_link(src)
                    label = " ".join(url.rsplit("/", 2)[-2:])
                    src.lines.append(f"- [{label}]({url})")
                src.lines.append("")
            else:
                later = src.headings[position + 1 :]
                reserved = sum(
                    2 + (self.externals_for(src) + 1 if h.external else 2) for h in later
                )
                quota = (src.target_lines - len(src.lines) - reserved) // (1 + len(later))
                if quota < 4:
                    template = "{link}" if rng.random() < 0.5 else self.sentence(src.lang, 4)
                    src.lines += [
                        self.link_line(sig, src, template) if "{link}" in template else template,
                        "",
                    ]
                    continue
                start = len(src.lines)
                while len(src.lines) - start < quota - 1:
                    self.block(sig, src)
        while len(src.lines) < 42:  # short pages: pad with prose
            src.lines += [self.sentence(src.lang, rng.randint(6, 12)), ""]
        while src.lines and src.lines[-1] == "":
            src.lines.pop()

    # -- tables and metadata -----------------------------------------------------------------

    def leads_cell(self, sig: Sig) -> str:
        return " ".join(f"[@{p.gitee_id}](https://gitee.com/{p.gitee_id})" for p in sig.leads)

    def top_readme(self, lang: str) -> str:
        if lang == "zh":
            lines = [
                "# SIGs - Special Interest Groups",
                "",
                "SIG的全称是Special Interest Groups，即“特别兴趣小组”。本文件由基准测试生成器生成。",
                "",
                "## 目前的SIG组",
                "",
                "| SIG name | 技术领域 | SIG 负责人 |",
                "|:---|:---|:---|",
            ]
            for sig in self.sigs:
                lines.append(
                    f"| [{sig.name}]({encode_path(sig.folder)}/README.md) | "
                    f"{sig.domain_zh} | {self.leads_cell(sig)} |"
                )
            lines += ["", "## 加入一个SIG", "", "订阅SIG的邮件列表，参加SIG例会。"]
        else:
            lines = [
                "# SIGs - Special Interest Groups",
                "",
                "This file was written by the benchmark tree generator.",
                "",
                "## Current SIGs",
                "",
                "| SIG name | Responsibilities | SIG Leads |",
                "|:---|:---|:---|",
            ]
            for sig in self.sigs:
                lines.append(
                    f"| [{sig.name}]({encode_path(sig.folder)}/README_en.md) | "
                    f"{sig.domain_en} | {self.leads_cell(sig)} |"
                )
            lines += ["", "## Join a SIG", "", "Subscribe to its mailing list and join a meeting."]
        return "\n".join(lines) + "\n"

    @staticmethod
    def yaml_people(people: list[Person], indent: str) -> list[str]:
        out: list[str] = []
        for p in people:
            out += [
                f"{indent}- gitee_id: {p.gitee_id}",
                f"{indent}  name: {p.name}",
                f"{indent}  email: {p.email}",
                f"{indent}  organization: {p.organization}",
            ]
        return out

    def sig_info(self, sig: Sig) -> str:
        repo = "org/" + (
            sig.folder.replace(" ", "-") if sig.folder.isascii() else f"sig-{sig.index:04d}"
        )
        lines = [
            "# SIG metadata (openEuler format), see ../README.md",
            f"name: {sig.name}",
            f"description: {sig.domain_zh}",
            f"description_en: {sig.domain_en}",
            f"created_on: 20{20 + sig.index % 5}-0{1 + sig.index % 9}-1{sig.index % 10}",
            f"mailing_list: sig-{sig.index:04d}@example.org",
            f"meeting_url: https://meeting.example.org/sig-{sig.index:04d}",
            f"mature_level: {('startup', 'growing', 'mature')[sig.index % 3]}",
        ]
        lines += (
            ["mentors:", *self.yaml_people(sig.mentors, "")] if sig.mentors else ["mentors: []"]
        )
        lines += ["maintainers:", *self.yaml_people(sig.leads, "")]
        lines += [
            "repositories:",
            "- repo:",
            f"  - {repo}",
            "  repo_admin:",
            *self.yaml_people(sig.leads[:1], "  "),
            "  committers:",
            *self.yaml_people(sig.committers, "  "),
        ]
        return "\n".join(lines) + "\n"

    # -- driver ------------------------------------------------------------------------------

    def build(self) -> None:
        self.make_sigs()
        self.plan_files()
        self.plan_external()
        for sig in self.sigs:
            for md in sig.files:
                self.render(sig, md)

    def write(self, out: Path) -> dict[str, Any]:
        sigs_dir = out / "sigs"
        (out / ".sigcheck.toml").write_text(f'repo_url = "{REPO_URL}"\n', encoding="utf-8")
        sigs_dir.mkdir(parents=True, exist_ok=True)
        (sigs_dir / "README.md").write_text(self.top_readme("zh"), encoding="utf-8")
        (sigs_dir / "README_en.md").write_text(self.top_readme("en"), encoding="utf-8")
        for sig in self.sigs:
            (sigs_dir / sig.folder / "docs").mkdir(parents=True, exist_ok=True)
            (sigs_dir / sig.folder / "sig-info.yaml").write_text(
                self.sig_info(sig), encoding="utf-8"
            )
            for md in sig.files:
                (sigs_dir / md.rel).write_text("\n".join(md.lines) + "\n", encoding="utf-8")
        problems = sorted(self.planted, key=lambda p: (p.path, p.line))
        for url, places in sorted(self.external_used.items()):
            kind = self.external_kind.get(url, "ok")
            if kind != "ok":
                path, line = places[0]
                problems.append(
                    Planted(
                        kind,
                        path,
                        line,
                        url,
                        {"url": url, "occurrences": [{"path": p, "line": n} for p, n in places]},
                    )
                )
        report: dict[str, Any] = {
            "seed": self.args.seed,
            "sigs": self.n_sigs,
            "markdown_files": len(self.files) + 2,
            "internal_links": self.internal_links,
            "external_links": self.external_links,
            "unique_external_urls": len(self.external_used),
            "counts": dict(sorted(Counter(p.kind for p in problems).items())),
            "problems": [p.as_json() for p in problems],
        }
        (out / "planted.json").write_text(
            json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        return report


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("out_dir", type=Path, help="where to write the tree")
    parser.add_argument("--sigs", type=int, required=True, help="number of SIG folders")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--external-base",
        default=None,
        help="base URL of a test server: links to /ok/i, /broken/i, /moved/i",
    )
    parser.add_argument(
        "--unique-urls", type=int, default=200, help="unique external URLs (with --external-base)"
    )
    parser.add_argument(
        "--links-per-file",
        type=int,
        default=5,
        help="external links per Markdown file (with --external-base)",
    )
    parser.add_argument("--force", action="store_true", help="replace an existing OUT_DIR/sigs")
    args = parser.parse_args(argv)
    if args.sigs < 1:
        parser.error("--sigs must be at least 1")
    if args.external_base and (args.unique_urls < 1 or args.links_per_file < 1):
        parser.error("--unique-urls and --links-per-file must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    out: Path = args.out_dir
    if (out / "sigs").exists():
        if not args.force:
            print(f"error: {out / 'sigs'} exists (use --force to replace it)", file=sys.stderr)
            return 2
        shutil.rmtree(out / "sigs")
    out.mkdir(parents=True, exist_ok=True)
    generator = Generator(args)
    generator.build()
    report = generator.write(out)
    counts = ", ".join(f"{k} {v}" for k, v in report["counts"].items()) or "none"
    print(
        f"{out}: {report['sigs']} SIGs, {report['markdown_files']} Markdown files, "
        f"{report['internal_links']} internal links, {report['external_links']} external links "
        f"({report['unique_external_urls']} unique), {len(report['problems'])} planted "
        f"({counts})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
