"""Two community trees that carry the link phenomena of the real MindSpore and openEuler
repositories (SPEC §1): placeholders and empty targets, link syntax that renders as text,
mailing lists linked without `mailto:`, letter-case slips, en tables that link Chinese READMEs.
Every person, handle and address is invented.
"""

from __future__ import annotations

from pathlib import Path

BOM = "\ufeff"

ZH_TABLE = (
    "| SIG name | 技术领域 | SIG 负责人 |\n"
    "|:---|:---|:---|\n"
    "| [Data](data/README.md) | 数据处理和增强技术 | [@lin_qiao](https://gitee.com/lin_qiao) |\n"
    "| [ModelZoo](modelzoo/README.md) | AI模型的设计和训练 | [@hu-yang](https://gitee.com/hu-yang) |\n"
    "| [LLM Inference Serving](LLM%20Inference%20Serving/README.md) | 大模型推理服务 "
    "| [@mo_xing](https://gitee.com/mo_xing) |\n"
)
EN_TABLE = (
    "| SIG name | Responsibilities | SIG Leads |\n"
    "|:---|:---|:---|\n"
    "| [Data](data/README.md) | Data processing | [@lin_qiao](https://gitee.com/lin_qiao) |\n"
    "| [ModelZoo](modelzoo/README.md) | AI models | [@hu-yang](https://gitee.com/hu-yang) |\n"
    "| [LLM Inference Serving](LLM%20Inference%20Serving/README.md) | LLM serving "
    "| [@mo_xing](https://gitee.com/mo_xing) |\n"
)

DATA_README = """# Data SIG

## 会议

- 会议录屏：[会议录屏](xxxxxxxx)
- [会议纪要](docs/Meetings.md#2024)
- [算子相关开发指导](待补充)
- [路线图] (docs/roadmap.md)
- [设计说明](docs/design notes.md)
- [设计说明](docs/design%20notes.md)
- [发布说明][release]
- [ ] 整理 FAQ (docs/faq.md)
- 公式 `[x]https://example.com/formula` 写在代码里
- \\[注\\]https://example.com/escaped 是有意写成文本的

[release]: https://www.mindspore.cn/versions
"""

MINDSPORE: dict[str, str] = {
    "CONTRIBUTING.md": "# Contributing\n",
    "sigs/README.md": (
        "# MindSpore SIG\n\n## 目前的SIG组\n\n" + ZH_TABLE + "\n## 学习资源\n\n"
        "- [社区普通任务]()\n"
        "- [模型迁移指南]https://www.mindspore.cn/docs/zh-CN/master/migration_guide/overview.html\n"
        "- [贡献指南](../CONTRIBUTING.md)\n"
    ),
    "sigs/README_en.md": "# MindSpore SIGs\n\n" + EN_TABLE,
    "sigs/data/README.md": DATA_README,
    "sigs/data/README_en.md": "# Data SIG\n\n- [Mailing list](mailto:data@mindspore.cn)\n",
    "sigs/data/docs/meetings.md": "# 会议纪要\n\n## 2024\n",
    "sigs/data/docs/roadmap.md": "# 路线图\n",
    "sigs/data/docs/design notes.md": "# 设计说明\n",
    "sigs/data/sig-info.yaml": (
        "name: Data\ndomain: 数据处理和增强技术\ndomain_en: Data processing\n"
        "mailing_list: NA\nmeeting_url: Na\n"
        "maintainers:\n- gitee_id: lin_qiao\n  name: Lin Qiao\n  email: lin.qiao@example.com\n"
    ),
    "sigs/modelzoo/README.md": (
        "# ModelZoo SIG\n\n"
        "```markdown\n[示例]https://example.com/in-a-code-block\n[示例](待补充)\n```\n\n"
        "| 模型 | 文档 |\n|---|---|\n| ResNet | [TBD](TBD) |\n"
    ),
    "sigs/modelzoo/README.en.md": "# ModelZoo SIG\n",
    "sigs/LLM Inference Serving/README.md": (
        "# LLM Inference Serving SIG\n\n- [邮件列表](llm-serving@mindspore.cn)\n"
    ),
}
"""MindSpore's layout: `sigs/`, a zh and an en table. ModelZoo has no metadata (its rows are
kept verbatim) and an English README spelt `README.en.md`."""

MINDSPORE_FINDINGS = {
    ("L008", "sigs/README.md", 13),  # [社区普通任务]()
    ("L008", "sigs/README.md", 14),  # [模型迁移指南]https://…
    ("L008", "sigs/data/README.md", 5),  # (xxxxxxxx)
    ("L003", "sigs/data/README.md", 6),  # docs/Meetings.md
    ("L008", "sigs/data/README.md", 7),  # (待补充)
    ("L008", "sigs/data/README.md", 8),  # [路线图] (docs/roadmap.md)
    ("L008", "sigs/data/README.md", 9),  # (docs/design notes.md)
    ("L008", "sigs/modelzoo/README.md", 10),  # [TBD](TBD)
    ("L009", "sigs/LLM Inference Serving/README.md", 3),
    ("T010", "sigs/README_en.md", 5),  # Data: has README_en.md and metadata
    ("T010", "sigs/README_en.md", 6),  # ModelZoo: README.en.md, no metadata
}

OPENEULER: dict[str, str | bytes] = {
    ".sigcheck.toml": 'sigs_dir = "sig"\ntables = []\n',
    "sig/Kernel/README.md": (
        "# Kernel SIG\n\n## 工作目标\n\n维护 openEuler 内核。\n\n## 联系方式\n\n"
        "- [邮件列表](kernel@openeuler.org)\n"
        "- 会议纪要：[Etherpad](https://etherpad.openeuler.org/p/sig-kernel-meetings)\n\n"
        "```text\n[邮件列表](kernel@openeuler.org)\n```\n"
    ),
    "sig/Kernel/OWNERS": "maintainers:\n- kai_zhou\n- henryze\n",
    "sig/Kernel/sig-info.yaml": (
        "name: Kernel\nmailing_list: kernel@openeuler.org\nmaintainers:\n"
        "- gitee_id: kai_zhou\n  name: Kai Zhou\n"
        "- gitee_id: ''\n  atomgit_id: henryze\n  name: Henry Ze\n"
        "repositories:\n- repo:\n  - src-openeuler/kernel\n"
    ),
    "sig/Kernel/src-openeuler/k/kernel.yaml": "name: kernel\n",
    "sig/Infrastructure/README.md": (
        BOM + "# Infrastructure SIG\r\n\r\n"
        "邮件列表：[infra](infra@openeuler.org)，[订阅](infra@openeuler.org)\r\n"
        '<a href="infra@openeuler.org">infra</a>\r\n'
    ).encode(),
    "sig/Docs/README.md": (
        "# Docs SIG\n\n- [邮件列表](doc@openeuler.org)\n- [贡献指南](./contribute.md#开始)"
    ),
    "sig/Docs/Contribute.md": "# 贡献指南\n\n## 开始\n",
    "sig/Compiler/README.md": (
        "# Compiler SIG\n\n<!-- sigcheck-disable-next-line L009 -->\n"
        "[邮件列表](compiler@openeuler.org)\n"
    ),
}
"""openEuler's layout: `sig/`, no table, mailing lists linked without `mailto:`; a page with a
BOM and CRLF, one without a final newline, one whose L009 is suppressed."""

OPENEULER_FINDINGS = [
    ("L003", "sig/Docs/README.md", 4, 10),
    ("L009", "sig/Docs/README.md", 3, 10),
    ("L009", "sig/Infrastructure/README.md", 3, 14),
    ("L009", "sig/Infrastructure/README.md", 3, 40),
    ("L009", "sig/Infrastructure/README.md", 4, 10),
    ("L009", "sig/Kernel/README.md", 9, 10),
]


def write(root: Path, files: dict[str, str] | dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
    return root
