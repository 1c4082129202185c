"""Property: for random tables in both languages (labels that differ per language, display
labels, plain names with affiliations in both bracket styles, several leads, emails, some SIGs
with metadata that disagrees with the table), `import` then `fix` keeps every visible cell of
every row: label, link, domain, and per lead the link text and target or the name and
affiliation. Only the emails go (the default tables show none); a second `fix` is a no-op."""

from __future__ import annotations

import itertools
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigcheck.cli import main
from tests.adoption.reader import Row, read_rows

ZH_HEAD = "| SIG name | 技术领域 | SIG 负责人 |\n|:---|:---|:---|\n"
EN_HEAD = "| SIG name | Responsibilities | SIG Leads |\n|:---|:---|:---|\n"

handles = st.sampled_from(
    ["lin-qiao", "mo_chen", "lanxiao", "Haoyu", "ruo2021", "zty", "k-wang", "xu_fang"]
)
labels = st.sampled_from(["lqiao", "chenmo", "Feng Xun", "hy", "ruoxi", "zhangtongyu"])
zh_names = st.sampled_from(["孙明远", "罗景行", "Lanxiao", "haoyu", "Jianhua Qian", "周品怡"])
en_names = st.sampled_from(["Mingyuan Sun", "Jingxing Luo", "Lanxiao", "Pinyi Zhou"])
zh_orgs = st.sampled_from(["青河理工学院", "东湖大学信息学院", "Northwind AI Lab"])
en_orgs = st.sampled_from(["Qinghe Institute of Technology", "Eastlake University, CS"])
emails = st.sampled_from(["a.b@example.com", "lead@example.org"])


@dataclass(frozen=True)
class Linked:
    handle: str
    zh_label: str | None
    en_label: str | None
    email: str | None

    def cell(self, english: bool) -> str:
        label = (self.en_label if english else self.zh_label) or self.handle
        text = f"[@{label}](https://gitee.com/{self.handle})"
        return text + (f"({self.email})" if self.email else "")


@dataclass(frozen=True)
class Plain:
    zh: str
    en: str
    zh_org: str | None
    en_org: str | None
    full_width: bool

    def cell(self, english: bool) -> str:
        name, org = (self.en, self.en_org) if english else (self.zh, self.zh_org)
        if not org:
            return name
        return f"{name}（{org}）" if self.full_width and not english else f"{name} ({org})"


leads = st.one_of(
    st.builds(
        Linked,
        handles,
        st.one_of(st.none(), labels),
        st.one_of(st.none(), labels),
        st.one_of(st.none(), emails),
    ),
    st.builds(
        Plain,
        zh_names,
        en_names,
        st.one_of(st.none(), zh_orgs),
        st.one_of(st.none(), en_orgs),
        st.booleans(),
    ),
)


@dataclass(frozen=True)
class Sig:
    folder: str
    zh_label: str
    en_label: str
    zh_domain: str
    en_domain: str
    leads: tuple[Linked | Plain, ...]
    en_leads: tuple[Linked | Plain, ...] | None
    """None: the en table lists the same people as the zh table."""
    metadata: tuple[str, ...] | None
    """None: no sig-info.yaml; else the gitee ids of its maintainers."""


def _separator(english: bool, a: Linked | Plain, b: Linked | Plain, pick: int) -> str:
    if isinstance(a, Linked) and isinstance(b, Linked):
        return [" ", "<br>", ", "][pick % 3]
    return [", ", "<br>", "; "][pick % 3] if english else ["、", "<br>", "，"][pick % 3]


def _leads_cell(people: tuple[Linked | Plain, ...], english: bool, pick: int) -> str:
    out = people[0].cell(english)
    for a, b in itertools.pairwise(people):
        out += _separator(english, a, b, pick) + b.cell(english)
    return out


sigs = st.lists(
    st.builds(
        Sig,
        st.sampled_from(["compiler", "data", "mind science", "dx", "量子"]),
        st.sampled_from(["Compiler", "数据", "MindScience"]),
        st.sampled_from(["Compiler", "Data", "AI for Science"]),
        st.sampled_from(["图编译技术", "数据处理 与 增强", "AI+科学计算"]),
        st.sampled_from(["Graph compiling", "Data processing", "AI for science"]),
        st.lists(leads, min_size=1, max_size=3).map(tuple),
        st.one_of(st.none(), st.lists(leads, min_size=1, max_size=2).map(tuple)),
        st.one_of(st.none(), st.lists(handles, max_size=2).map(tuple)),
    ),
    min_size=1,
    max_size=4,
    unique_by=lambda sig: sig.folder,
)


def _write(root: Path, rows: list[Sig], pick: int) -> None:
    zh, en = [], []
    for sig in rows:
        link = sig.folder.replace(" ", "%20") + "/README.md"
        zh.append(
            f"| [{sig.zh_label}]({link}) | {sig.zh_domain} | {_leads_cell(sig.leads, False, pick)} |"
        )
        en_people = sig.en_leads or sig.leads
        en.append(
            f"| [{sig.en_label}]({link}) | {sig.en_domain} | {_leads_cell(en_people, True, pick)} |"
        )
        folder = root / "sigs" / sig.folder
        folder.mkdir(parents=True)
        (folder / "README.md").write_text("# SIG\n", encoding="utf-8")
        if sig.metadata is not None:
            people = [{"gitee_id": handle, "name": handle.upper()} for handle in sig.metadata]
            meta = {"name": sig.folder, "maintainers": people}
            (folder / "sig-info.yaml").write_text(json.dumps(meta), encoding="utf-8")
    (root / "sigs/README.md").write_text(
        "# SIGs\n\n" + ZH_HEAD + "\n".join(zh) + "\n", encoding="utf-8"
    )
    (root / "sigs/README_en.md").write_text(
        "# SIGs\n\n" + EN_HEAD + "\n".join(en) + "\n", encoding="utf-8"
    )


def _visible(root: Path) -> list[list[Row]]:
    return [
        [row.without_emails() for row in read_rows(root / "sigs" / name)]
        for name in ("README.md", "README_en.md")
    ]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sigs, st.integers(0, 2))
def test_import_then_fix_keeps_every_visible_cell(rows: list[Sig], pick: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        _write(root, rows, pick)
        before = _visible(root)
        assert main(["import", "--root", str(root), "-q"]) == 0
        assert main(["fix", "--root", str(root), "-q"]) in (0, 1)
        assert _visible(root) == before
        assert main(["fix", "--root", str(root), "-q"]) == 0
        # `check` agrees with what `fix` wrote
        agree = [
            "check",
            "--root",
            str(root),
            "-q",
            "--no-cache",
            "--select",
            "T008,M005,P002",
            "--strict",
        ]
        assert main([*agree, "--output", str(root / "report.txt")]) == 0, (
            root / "report.txt"
        ).read_text(encoding="utf-8")
