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
    "sig/Talent/sig-info.yaml": TALENT_INFO,
    "sig/Talent/OWNERS": "maintainers:\n- sun-ling\n",
    "sig/Talent/README.md": TALENT_README,
}

CONTAINER = "sig/Container/sig-info.yaml"


def write(root: Path, files: dict[str, str]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return root
