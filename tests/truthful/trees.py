"""Community trees shaped like the real openEuler and MindSpore ones (SPEC §1, issue 18), for
"every warning true": openEuler's `NA` everywhere and its `sig-template`, hand-kept member
lists in zh and en pages that agree and that drift, leads written by name. Every person,
handle and address is invented.
"""

from __future__ import annotations

from pathlib import Path

# --- openEuler: sig/, OWNERS, `NA` for "none", a template folder -------------------------------

TEMPLATE_README = """***注意：本文档所有的斜体内容，请在完成时删除***

# SIG名称

# 成员

### Maintainer列表

- name[@giteeID](giteeID链接)

### Committer列表

- name[@giteeID](giteeID链接)

# 联系方式

- [邮件列表](sig-yoursigname@openeuler.org)
- [IRC公开会议]()
"""

TEMPLATE_INFO = """name: sig-template
description: This is a sample sig. Please copy it over and modify it accordingly.
meeting_url: NA
maintainers:
- gitee_id: Joe
  atomgit_id: ''
  name: JoeDoe
  email: yyyyyyy@example.com
repositories:
- repo:
  - openeuler/infrastructure
"""

CONTAINER_INFO = """name: Container
description: lightweight container engine
mailing_list: container@lists.example.org
meeting_url: NA
mature_level: mature
maintainers:
- gitee_id: tang-haomin
  atomgit_id: haomin_t
  name: Haomin Tang
  organization: 无
  email: tang.haomin@example.com
- gitee_id: NA
  atomgit_id: liu-hao
  name: Hao Liu
  email: NA
- gitee_id: lu_jingxiao
  atomgit_id: ''
  name: Jingxiao Lu
  email: TO_BE_CLARIFIED
committers:
- gitee_id: NA
  atomgit_id: zhong-tao
  name: Tao Zhong
  email: TO_BE_CLARIFIED
repositories:
- repo:
  - openeuler/container-engine
  - src-openeuler/container-engine
  committers:
  - gitee_id: xu_liu
    atomgit_id: ''
    name: 待补充
    email: xu.liu@example.com
"""

CONTAINER_OWNERS = "maintainers:\n- tang-haomin\n- liu-hao\n- lu_jingxiao\n"

CONTAINER_README = """
# Container

### 工作目标和范围

- 负责轻量级容器引擎的技术决策

# 成员

### Maintainer列表
- 唐浩民[@tang-haomin](https://gitee.com/tang-haomin)
- liu-hao
- Jingxiao Lu  lu.jingxiao@example.com

### Committer列表
- Tao Zhong(@zhong-tao), since October 2023
- xu_liu[@xu_liu](https://gitee.com/xu_liu)
- tang-haomin

### 历任 Maintainer
- 王前任[@wang-former](https://gitee.com/wang-former)

# 联系方式

- [邮件列表](mailto:container@lists.example.org)
- 问题单：[上报问题](https://gitee.com/openeuler/community/issues/xxxxx)
- 会议纪要：[纪要](https://etherpad.example.org/p/na/)
- 新建SIG：参考[模板](../sig-template/README.md#成员)
"""

CONTAINER_README_EN = """# Container

## Members

### Maintainers

- [@tang-haomin](https://gitee.com/tang-haomin)
- Hao Liu
- [@lu_jingxiao](https://gitee.com/lu_jingxiao)

## Contact

- [Mailing list](mailto:container@lists.example.org)
"""

BLOCK_INFO = """name: Block
description: distributed block storage
mailing_list: 暂无
meeting_url: '-'
maintainers:
- gitee_id: chi-xinze
  name: Xinze Chi
- gitee_id: liu_zq
  name: Zhiqiang Liu
- gitee_id: rosin-l
  name: Rixin Luo
repositories:
- repo:
  - src-openeuler/blockstore
  committers:
  - gitee_id: kymay
    name: Yilin Ma
"""

BLOCK_OWNERS = "maintainers:\n- chi-xinze\n- liu_zq\n- rosin-l\n"

BLOCK_README = """# Block SIG

# 成员

### Maintainer列表

- chixinze[@chi-xinze](https://gitee.com/chi-xinze)
- liuzhiqiang[@liu_zq](https://gitee.com/liu_zq)
- daizhiwei[@dai-zw](https://gitee.com/dai-zw) (负责CI工作)

### Committer列表

| 姓名 | Gitee ID |
|---|---|
| 马一林 | kymay |

### 模块责任人

- MON: mayilin, daizhiwei
"""

OWN = "https://gitee.com/openeuler/community"
BLOCK_FAQ = f"""# Block SIG FAQ

- [贡献指南]({OWN}/blob/master/sig/Container/README.md)
- [部署手册]({OWN}/blob/master/sig/Block/docs/deploy.md)
- [旧版手册]({OWN}/blob/5f3c2a1b9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a/sig/Block/docs/old.md)
- [1.0 版]({OWN}/tree/v1.0/sig/Block/gone)
- [LTS 分支]({OWN}/blob/openEuler-22.03-LTS/sig/Block/gone.md)
- [另一个仓库](https://gitee.com/openeuler/docs/blob/master/sig/Block/docs/deploy.md)
"""

TALENT_INFO = """name: Talent
description: talent and service
maintainers:
- gitee_id: sun-ling
  name: Ling Sun
"""

TALENT_README = """# Talent SIG

<!-- sigcheck:begin sig-info -->
## SIG 信息

### SIG 负责人

- [@sun-ling](https://gitee.com/sun-ling)
<!-- sigcheck:end sig-info -->

## 成员

### Maintainer列表

- [@someone-else](https://gitee.com/someone-else)
"""

OPENEULER: dict[str, str] = {
    "sig/README.md": "# SIGs\n\n- [Container](Container/README.md)\n- [Block](Block/README.md)\n",
    "sig/sig-template/README.md": TEMPLATE_README,
    "sig/sig-template/sig-info.yaml": TEMPLATE_INFO,
    "sig/Container/sig-info.yaml": CONTAINER_INFO,
    "sig/Container/OWNERS": CONTAINER_OWNERS,
    "sig/Container/README.md": CONTAINER_README,
    "sig/Container/README_en.md": CONTAINER_README_EN,
    "sig/Block/sig-info.yaml": BLOCK_INFO,
    "sig/Block/OWNERS": BLOCK_OWNERS,
    "sig/Block/README.md": BLOCK_README,
    "sig/Block/faq.md": BLOCK_FAQ,
    "sig/Talent/sig-info.yaml": TALENT_INFO,
    "sig/Talent/OWNERS": "maintainers:\n- sun-ling\n",
    "sig/Talent/README.md": TALENT_README,
}

CONTAINER = "sig/Container/sig-info.yaml"


def _repository(name: str) -> str:
    return (
        f"name: {name}\ndescription: {name}, invented for the tests\n"
        "branches:\n- name: master\n  type: protected\ntype: public\n"
    )


# every repository a sig-info.yaml lists has its file in that SIG (else R009)
OPENEULER.update(
    {
        f"sig/{sig}/{owner}/{name[0]}/{name}.yaml": _repository(name)
        for sig, owner, name in (
            ("Container", "openeuler", "container-engine"),
            ("Container", "src-openeuler", "container-engine"),
            ("Block", "src-openeuler", "blockstore"),
        )
    }
)


def write(root: Path, files: dict[str, str]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return root


# --- MindSpore: sigs/, two tables, leads by name, hand-kept lists in zh and en pages ------------

ZH_HEADER = "| SIG name | 技术领域 | SIG 负责人 |\n|:---|:---|:---|\n"
EN_HEADER = "| SIG name | Responsibilities | SIG Leads |\n|:---|:---|:---|\n"

MINDSPORE: dict[str, str] = {
    "sigs/README.md": "# MindSpore SIG\n\n"
    + ZH_HEADER
    + "| [MSLite](mslite/README.md) | 端侧推理 | [@zhou-yi](https://gitee.com/zhou-yi) |\n"
    + "| [Executor](executor/README.md) | 执行器 | Yahao Ding（Northwind AI Lab） |\n"
    + "| [ModelZoo](modelzoo/README.md) | 模型库 | [@hu-yang](https://gitee.com/hu-yang) |\n"
    + "| [Compiler](compiler/README.md) | 图编译 | [@zx-qh](https://gitee.com/zx-qh) |\n",
    "sigs/README_en.md": "# MindSpore SIGs\n\n"
    + EN_HEADER
    + "| [MSLite](mslite/README.en.md) | On-device inference "
    + "| [@zhou-yi](https://gitee.com/zhou-yi) |\n"
    + "| [Executor](executor/README.md) | Execution | Yahao Ding (Northwind AI Lab) |\n"
    + "| [ModelZoo](modelzoo/README_en.md) | Models | [@hu-yang](https://gitee.com/hu-yang) |\n"
    + "| [Compiler](compiler/README.md) | Graph compiling | [@zx-qh](https://gitee.com/zx-qh) |\n",
    "sigs/mslite/sig-info.yaml": (
        "name: MSLite\nmaintainers:\n"
        "  - gitee_id: zhou-yi\n    name: 周怡\n    name_en: Yi Zhou\n"
        "  - gitee_id: wen_bo\n    name: 文博\n"
        "  - gitee_id: gao-lan\n    name: 高岚\n    name_en: Lan Gao\n"
    ),
    "sigs/mslite/README.md": (
        "# MSLite SIG\n\n## SIG 负责人\n\n- [@zhou-yi](https://gitee.com/zhou-yi)\n\n"
        "## 维护者\n\n- 周怡（@zhou-yi）\n- 文博\n\n## 会议\n\n- 双周三 19:00\n"
    ),
    "sigs/mslite/README.en.md": (
        "# MSLite SIG\n\n## Members\n\n### Maintainers\n\n"
        "- Yi Zhou ([@zhou-yi](https://gitee.com/zhou-yi))\n- [@wen_bo](https://gitee.com/wen_bo)\n"
        "- Lan Gao\n\n### Emeritus leads\n\n- [@old-lead](https://gitee.com/old-lead)\n"
    ),
    "sigs/executor/sig-info.yaml": (
        "name: Executor\nmaintainers:\n"
        "  - gitee_id: yahao-d\n    name: dingyahao\n"
        "  - gitee_id: kx-wang\n    name: Kong Xinwei\n"
        "repositories:\n  - repo: [mindspore/mindspore]\n    committers:\n"
        "      - gitee_id: runtime-ye\n        name: Ye Chuan\n"
    ),
    "sigs/executor/README.md": (
        "# Executor SIG\n\n## Members / 成员\n\n### SIG Leads\n\n- Yahao Ding\n\n"
        "### Committers\n\n- runtime-ye（Ye Chuan，Northwind AI Lab）\n- Kong Xinwei\n\n"
        "```\n### Maintainers\n- [@in-a-fence](https://gitee.com/in-a-fence)\n```\n"
    ),
    "sigs/modelzoo/sig-info.yaml": (
        "name: ModelZoo\nleads: [hu-yang]\nmaintainers:\n"
        "  - gitee_id: hu-yang\n    name: 胡阳\n    name_en: Yang Hu\n"
        "  - gitee_id: qin-feng\n    name: 秦风\n"
    ),
    "sigs/modelzoo/README.md": (
        "# ModelZoo SIG\n\n## SIG Leads\n\n- [@hu-yang](https://gitee.com/hu-yang)\n"
        "- [@other-lead](https://gitee.com/other-lead)\n\n"
        "- 见 [sig-info.yaml](sig-info.yaml)\n"
    ),
    "sigs/modelzoo/README_en.md": "# ModelZoo SIG\n\n## SIG leads\n\n- Yang Hu\n",
    "sigs/compiler/sig-info.yaml": (
        "name: Compiler\nmaintainers:\n  - gitee_id: zx-qh\n    name: Zhang Xi\n"
    ),
    "sigs/compiler/README.md": (
        "# Compiler SIG\n\n<!-- sigcheck:begin sig-info -->\n## SIG 信息\n\n### SIG 负责人\n\n"
        "- [@zx-qh](https://gitee.com/zx-qh)\n<!-- sigcheck:end sig-info -->\n\n"
        "## 维护者\n\n- [@not-in-metadata](https://gitee.com/not-in-metadata)\n"
    ),
}
