"""A MindSpore-shaped tree (every person invented): two tables with display labels, CJK
domains and one lead per SIG, and a sig-info.yaml per SIG.

`adopted` is the tree after `import`: the metadata says what the tables show. `unimported` is
the tree as MindSpore keeps it before adoption: metadata names (`MindSpore Compiler`) that are
not the table labels and several maintainers where the table names one lead, so that a `fix`
before `import` would rename most rows (the first-`fix` guard, SPEC §7).
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.generate.conftest import Tree


@dataclass(frozen=True)
class Sig:
    folder: str
    label: str
    domain: str
    domain_en: str
    lead: str
    others: tuple[str, ...] = ()


SIGS = (
    Sig("compiler", "Compiler", "图编译技术", "Graph compiling", "qinghe-zh", ("mo-chen",)),
    Sig("data", "Data", "数据处理与加载", "Data processing", "lanxi_wu", ("fang-xu",)),
    Sig("executor", "Executor", "后端控制流技术", "Back-end control flow", "haoyu-k"),
    Sig("frontend", "FrontEnd", "前端表达技术", "Front-end expression", "nanxi39", ("li-ya",)),
    Sig("mslite", "MSLite", "端侧推理", "On-device inference", "yahao-d", ("tian-bo",)),
    Sig("parallel", "Parallel", "自动并行", "Automatic parallelism", "pei-lin"),
    Sig("security", "AI Security", "AI安全和隐私保护", "AI security and privacy", "zeyu-w"),
    Sig("usability", "Usability", "易用性提升", "Usability", "tongyu-z", ("ming-s",)),
)

ZH_HEAD = "| SIG name | 技术领域 | SIG 负责人 |\n|:---|:---|:---|\n"
EN_HEAD = "| SIG name | Responsibilities | SIG Leads |\n|:---|:---|:---|\n"


def _link(handle: str) -> str:
    return f"[@{handle}](https://gitee.com/{handle})"


def _tables() -> Tree:
    zh = "".join(
        f"| [{s.label}]({s.folder}/README.md) | {s.domain} | {_link(s.lead)} |\n" for s in SIGS
    )
    en = "".join(
        f"| [{s.label}]({s.folder}/README.md) | {s.domain_en} | {_link(s.lead)} |\n" for s in SIGS
    )
    return {
        "sigs/README.md": "# SIGs\n\n## 目前的SIG组\n\n" + ZH_HEAD + zh + "\n## 加入\n\n欢迎。\n",
        "sigs/README_en.md": "# SIGs\n\n" + EN_HEAD + en + "\nMore text.\n",
    }


def _people(handles: tuple[str, ...]) -> str:
    return "".join(f"- gitee_id: {handle}\n" for handle in handles)


def adopted() -> Tree:
    """Metadata that says what the tables show (as after `sigcheck import`)."""
    tree = _tables()
    for s in SIGS:
        tree[f"sigs/{s.folder}/README.md"] = f"# {s.label}\n"
        tree[f"sigs/{s.folder}/sig-info.yaml"] = (
            f"name: {s.label}\ndomain: {s.domain}\ndomain_en: {s.domain_en}\n"
            f"maintainers:\n{_people((s.lead, *s.others))}"
            + (f"leads:\n- {s.lead}\n" if s.others else "")
        )
    return tree


def unimported() -> Tree:
    """Metadata as kept before adoption: other names, every maintainer, no table keys."""
    tree = _tables()
    for s in SIGS:
        tree[f"sigs/{s.folder}/README.md"] = f"# {s.label}\n"
        tree[f"sigs/{s.folder}/sig-info.yaml"] = (
            f"name: MindSpore {s.label}\ndescription: {s.domain}\n"
            f"maintainers:\n{_people((s.lead, *s.others))}"
        )
    return tree
