"""Community trees shaped like the two real ones, with invented people, for the speed benchmark.

Why: the issue's table is measured on "the real MindSpore tree" and "the real openEuler tree";
these trees have the same shape (file counts, kinds, nesting) but every name and person is made
up, so the benchmark needs no network and names nobody.

- ``mindspore``: ``sigs/`` with 193 files: the two tables (``README.md``, ``README_en.md``) of
  25 rows, 40 SIG folders (15 not in the tables, as in the real tree), 16 ``sig-info.yaml`` and
  175 other Markdown pages: ``generate_tree.py --sigs 35`` cut to that shape, plus 5 archived
  SIG folders that hold only a ``sig-info.yaml`` (so no link breaks on the way).
- ``openeuler``: ``sig/`` with 13,055 files: 408 Markdown pages (``sig/README.md``, one README
  per SIG and 295 other pages), 112 ``sig-info.yaml``, 112 ``OWNERS`` and 12,423 per-repository
  files ``sig/<SIG>/src-openeuler/<letter>/<repo>.yaml``. Today's sigcheck needs
  ``sigs_dir = "sig"`` and no tables for it: ``--config`` (default) writes that
  ``.sigcheck.toml``; ``--no-config`` leaves it out (for when layouts are recognised).

Usage::

    python benchmarks/make_trees.py mindspore OUT_DIR [--force]
    python benchmarks/make_trees.py openeuler OUT_DIR [--force] [--no-config]

The same arguments always give the same bytes.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

MS_SIGS = 35
MS_ROWS = 25
MS_ARCHIVED = 5
MS_METADATA = 16 - MS_ARCHIVED

OE_SIGS = 112
OE_EXTRA_PAGES = 295
OE_REPOS = 12_423

SYLLABLES = [
    "an", "bo", "chen", "da", "fei", "gu", "hai", "jin", "kai", "lan", "ming", "ning",
    "pei", "qiu", "rui", "shan", "tao", "wen", "xia", "yun", "zhe", "lu", "mo", "sen",
]  # fmt: skip
AREAS = [
    ("Kernel", "内核", "the kernel and its drivers"),
    ("Compiler", "编译器", "compilers and toolchains"),
    ("Virt", "虚拟化", "virtualisation"),
    ("Cloud-Native", "云原生", "containers and cloud-native stacks"),
    ("Desktop", "桌面", "desktop environments"),
    ("Security", "安全", "security facilities"),
    ("Storage", "存储", "storage and file systems"),
    ("Network", "网络", "networking"),
    ("Base-Service", "基础服务", "base system services"),
    ("Doc", "文档", "documentation"),
    ("Infra", "基础设施", "build and CI infrastructure"),
    ("AI", "人工智能", "AI frameworks and tools"),
    ("HPC", "高性能计算", "high-performance computing"),
    ("Embedded", "嵌入式", "embedded systems"),
]
PAGE_KINDS = ["README_en.md", "docs/meetings.md", "docs/roadmap.md", "docs/faq.md"]


def handle(rng: random.Random, index: int) -> str:
    return f"{rng.choice(SYLLABLES)}{rng.choice(SYLLABLES)}{index}"


# --- MindSpore ------------------------------------------------------------------------------


def make_mindspore(out: Path) -> None:
    """generate_tree.py at 35 SIGs, cut to the real tree's shape (tables, metadata, pages)."""
    generator = [sys.executable, str(HERE / "generate_tree.py"), str(out)]
    proc = subprocess.run(
        [*generator, "--sigs", str(MS_SIGS), "--seed", "11", "--force"],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"generate_tree.py failed:\n{proc.stderr}")
    sigs = out / "sigs"
    folders: list[str] = []
    for table in ("README.md", "README_en.md"):
        path = sigs / table
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        rows = [i for i, line in enumerate(lines) if line.startswith("| [")]
        if table == "README.md":
            folders = [re.search(r"\]\(([^)]*)/README", lines[i]).group(1) for i in rows]  # type: ignore[union-attr]
            folders = [f.replace("%20", " ") for f in folders]
        drop = set(rows[MS_ROWS:])
        path.write_text("".join(x for i, x in enumerate(lines) if i not in drop), encoding="utf-8")
    for folder in folders[MS_METADATA:]:
        (sigs / folder / "sig-info.yaml").unlink()
    rng = random.Random(35)
    for k in range(1, MS_ARCHIVED + 1):
        archived = sigs / f"archived-{k}"
        archived.mkdir()
        gid = handle(rng, 900 + k)
        (archived / "sig-info.yaml").write_text(
            f"name: Archived-{k}\ndescription: 已归档的 SIG。\nmature_level: archived\n"
            "maintainers:\n" + person_yaml(rng, gid, ""),
            encoding="utf-8",
        )
    (out / "planted.json").unlink()


# --- openEuler ------------------------------------------------------------------------------


def person_yaml(rng: random.Random, gid: str, indent: str) -> str:
    surname, given = rng.choice(SYLLABLES).title(), rng.choice(SYLLABLES).title()
    return (
        f"{indent}- gitee_id: {gid}\n{indent}  name: {surname} {given}\n"
        f"{indent}  email: {gid}@example.com\n"
    )


def oe_readme(name: str, zh: str, what: str, leads: list[str], pages: list[str]) -> str:
    lines = [f"# {name}", "", f"{name} SIG 负责 {zh} 领域的开发与维护。", ""]
    lines += ["## 简介 Introduction", "", f"The {name} SIG looks after {what} in openEuler.", ""]
    lines += ["## 工作目标", ""]
    lines += [f"- 目标 {k}: 维护 {zh} 相关软件包，跟踪上游版本。" for k in range(1, 9)]
    lines += ["", "## 成员 Members", "", "### Maintainers", "", "| Gitee ID | 角色 |", "|---|---|"]
    lines += [f"| [@{h}](https://gitee.com/{h}) | maintainer |" for h in leads]
    lines += ["", "### Committers", "", "见 [OWNERS](OWNERS) 与 [sig-info.yaml](sig-info.yaml)。"]
    lines += ["", "## 会议 Meetings", "", "- 双周例会，周三 10:00-11:00", ""]
    if pages:
        lines += ["## 文档 Documents", ""]
        lines += [f"- [{p}]({p})" for p in pages]
        lines += [""]
    lines += ["## 仓库 Repositories", "", "仓库列表见 [src-openeuler](sig-info.yaml)。", ""]
    lines += ["## 联系方式 Contact", "", f"- 邮件列表: {name.lower()}@example.org", ""]
    lines += ["返回 [简介](#简介-introduction) · [成员](#成员-members) · [SIG 列表](../README.md)"]
    return "\n".join(lines) + "\n"


def oe_page(name: str, kind: str) -> str:
    title = {
        "README_en.md": f"{name} SIG",
        "docs/meetings.md": f"{name} 会议纪要",
        "docs/roadmap.md": f"{name} Roadmap",
        "docs/faq.md": f"{name} FAQ",
    }[kind]
    up = "" if kind == "README_en.md" else "../"
    lines = [f"# {title}", ""]

    def heading(k: int) -> str:
        return f"{2024 + k // 6}-{(k % 12) + 1:02d} 第{k}节"

    for k in range(1, 13):
        previous = heading(max(1, k - 1))
        lines += [f"## {heading(k)}", "", f"内容 {k}: 讨论了 {name} 的版本计划与软件包维护。", ""]
        lines += [f"- 参见 [README]({up}README.md) 和 [上一节](#{previous.replace(' ', '-')})", ""]
    return "\n".join(lines) + "\n"


def make_openeuler(out: Path, with_config: bool) -> None:
    rng = random.Random(1107)
    root = out / "sig"
    root.mkdir(parents=True)
    names = [f"{AREAS[i % len(AREAS)][0]}-{i:03d}" for i in range(OE_SIGS)]
    extra = sorted(rng.sample(range(OE_SIGS * len(PAGE_KINDS)), OE_EXTRA_PAGES))
    pages: dict[int, list[str]] = {}
    for n in extra:
        pages.setdefault(n // len(PAGE_KINDS), []).append(PAGE_KINDS[n % len(PAGE_KINDS)])
    # Repositories: a few SIGs hold most of them, as in the real tree.
    weights = [1.0 / (1 + (i * 7919) % OE_SIGS) ** 0.9 for i in range(OE_SIGS)]
    owners = rng.choices(range(OE_SIGS), weights=weights, k=OE_REPOS - OE_SIGS)
    repos: dict[int, list[str]] = {i: [f"{names[i].lower()}-tools"] for i in range(OE_SIGS)}
    for n, sig in enumerate(owners):
        repos[sig].append(f"{rng.choice(SYLLABLES)}{rng.choice(SYLLABLES)}-{n}")
    index = ["# openEuler SIG 列表", "", "| SIG | 领域 |", "|---|---|"]
    for i, name in enumerate(names):
        _, zh, what = AREAS[i % len(AREAS)]
        folder = root / name
        folder.mkdir()
        leads = [handle(rng, i * 10 + k) for k in range(rng.randint(1, 3))]
        committers = [handle(rng, i * 10 + 5 + k) for k in range(rng.randint(1, 4))]
        index.append(f"| [{name}]({name}/README.md) | {zh} |")
        (folder / "README.md").write_text(
            oe_readme(name, zh, what, leads, pages.get(i, [])), encoding="utf-8"
        )
        for kind in pages.get(i, []):
            (folder / kind).parent.mkdir(exist_ok=True)
            (folder / kind).write_text(oe_page(name, kind), encoding="utf-8")
        info = [f"name: {name}", f"description: {zh} SIG, looking after {what}."]
        info += [f"mailing_list: {name.lower()}@example.org", "created_on: 2020-01-01"]
        info += ["maintainers:"]
        text = "\n".join(info) + "\n" + "".join(person_yaml(rng, h, "") for h in leads)
        text += "committers:\n" + "".join(person_yaml(rng, h, "") for h in committers)
        text += "repositories:\n- repo:\n" + "".join(f"  - src-openeuler/{r}\n" for r in repos[i])
        (folder / "sig-info.yaml").write_text(text, encoding="utf-8")
        owners_text = "maintainers:\n" + "".join(f"- {h}\n" for h in leads)
        owners_text += "committers:\n" + "".join(f"- {h}\n" for h in committers)
        (folder / "OWNERS").write_text(owners_text, encoding="utf-8")
        for repo in repos[i]:
            path = folder / "src-openeuler" / repo[0] / f"{repo}.yaml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(
                f"name: {repo}\ndescription: {repo} packaged for openEuler\n"
                f"upstream: https://example.org/upstream/{repo}\n"
                "branches:\n- name: master\n  type: protected\n"
                "- name: openEuler-24.03-LTS\n  type: protected\n  create_from: master\n"
                "type: public\n",
                encoding="utf-8",
            )
    (root / "README.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    if with_config:
        (out / ".sigcheck.toml").write_text(
            "# Until layouts are recognised: the openEuler folder, and no SIG tables.\n"
            'sigs_dir = "sig"\ntables = []\nrepo_url = "https://gitee.example/openeuler/community"\n',
            encoding="utf-8",
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("shape", choices=["mindspore", "openeuler"])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--force", action="store_true", help="replace OUT_DIR")
    parser.add_argument(
        "--no-config", action="store_true", help="openeuler: write no .sigcheck.toml"
    )
    args = parser.parse_args(argv)
    out: Path = args.out_dir
    if out.exists():
        if not args.force:
            print(f"error: {out} exists (use --force to replace it)", file=sys.stderr)
            return 2
        shutil.rmtree(out)
    out.mkdir(parents=True)
    if args.shape == "mindspore":
        make_mindspore(out)
    else:
        make_openeuler(out, with_config=not args.no_config)
    files = sum(1 for p in out.rglob("*") if p.is_file() and not p.name.startswith("."))
    print(f"{out}: {args.shape}-shaped tree, {files} files")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
