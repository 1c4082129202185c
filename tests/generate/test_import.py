"""`sigcheck import`: metadata from the table rows; then `fix` changes only the layout."""

from __future__ import annotations

import subprocess
from pathlib import Path

from sigcheck.config import load_config
from sigcheck.loader import load_community
from sigcheck.model import SigMetadata
from sigcheck.parsing.yaml_meta import load_yaml_file
from tests.generate.conftest import EN_HEAD, ZH_HEAD, MakeRepo, sigcheck


def _import(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return sigcheck("import", "--root", str(root), *args)


def _meta(path: Path) -> SigMetadata:
    loaded = load_yaml_file(path)
    assert loaded.problem is None, loaded.problem
    return SigMetadata.model_validate(loaded.data)


def _tables(root: Path) -> dict[str, dict[str, tuple[str, str | None, str, list[str]]]]:
    """Per table: folder -> (label, link, domain, leads as @handles or names)."""
    community = load_community(root, load_config(root))
    return {
        table.path: {
            row.folder: (
                row.name_text or "",
                row.link,
                row.domain,
                [f"@{lead.handle}" if lead.handle else lead.text for lead in row.leads],
            )
            for row in table.rows
            if row.folder
        }
        for table in community.tables
    }


BASE_ZH = (
    "# SIGs\n\n"
    + ZH_HEAD
    + (
        "| [Compiler](compiler/README.md) | 图编译技术 | [@zhaoq](https://gitee.com/zhaoq) |\n"
        "| [Data](data/README.md) | 数据处理 | [@liu-cunyi](https://gitee.com/liu-cunyi) |\n"
    )
)
NEW_ROW_ZH = "| [Quantum](quantum/README.md) | 量子 \\| 计算 | 孙明远（青河理工学院）、[@qlead](https://gitee.com/qlead)(q@example.com) |\n"
NEW_ROW_EN = "| [Quantum](quantum/README.md) | Quantum computing | Mingyuan Sun (QITC), [@qlead](https://gitee.com/qlead) |\n"


def test_creates_metadata_for_a_listed_sig_without_one(sig_repo: MakeRepo) -> None:
    root = sig_repo(
        {
            "sigs/quantum/README.md": "# Q\n",
            "sigs/README.md": "# SIGs\n\n" + ZH_HEAD + NEW_ROW_ZH,
            "sigs/README_en.md": "# SIGs\n\n" + EN_HEAD + NEW_ROW_EN,
        }
    )
    result = _import(root)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "sigs/quantum/sig-info.yaml: written with name, description, description_en, "
        "maintainers, domain, domain_en\n"
    )
    meta = _meta(root / "sigs/quantum/sig-info.yaml")
    assert meta.name == "Quantum"
    assert meta.domain == meta.description == "量子 | 计算"
    assert meta.domain_en == "Quantum computing"
    assert [p.model_dump(exclude_none=True) for p in meta.maintainers] == [
        {
            "name": "孙明远",
            "organization": "青河理工学院",
            "name_en": "Mingyuan Sun",
            "organization_en": "QITC",
        },
        {"gitee_id": "qlead", "email": "q@example.com"},
    ]
    before = _tables(root)
    assert sigcheck("fix", "--root", str(root)).returncode == 1
    # both tables read the same; only the email (off by default) left the zh cell
    after = _tables(root)
    assert after["sigs/README_en.md"]["quantum"] == before["sigs/README_en.md"]["quantum"]
    assert after["sigs/README.md"]["quantum"] == before["sigs/README.md"]["quantum"]
    # a second import has nothing left to do
    again = _import(root)
    assert again.returncode == 0 and again.stdout == ""


def test_adds_missing_keys_keeping_every_byte_of_the_file(sig_repo: MakeRepo) -> None:
    original = (
        "# Compiler SIG: keep this comment\r\n"
        "name: 'Compiler'   # quoted, with a comment\r\n"
        'description: "图编译技术"\r\n'
        "maintainers:\r\n"
        "  - gitee_id: someone   # not the table's lead\r\n"
        "    name: Some One"  # no final newline
    )
    root = sig_repo({"sigs/compiler/sig-info.yaml": original.encode()})
    result = _import(root)
    assert result.returncode == 0, result.stderr
    assert "sigs/compiler/sig-info.yaml: added domain, domain_en, leads" in result.stdout
    data = (root / "sigs/compiler/sig-info.yaml").read_bytes()
    assert data.startswith(original.encode() + b"\r\n")
    assert data[len(original.encode()) :].decode() == (
        "\r\ndomain: 图编译技术\r\ndomain_en: Graph compiling\r\nleads:\r\n  - zhaoq\r\n"
    )
    meta = _meta(root / "sigs/compiler/sig-info.yaml")
    assert [p.gitee_id for p in meta.lead_people()] == ["zhaoq"]


def test_never_overwrites_and_adds_only_what_differs_from_the_default(sig_repo: MakeRepo) -> None:
    text = "name: data\ndomain: 我的领域\nmaintainers:\n- gitee_id: liu-cunyi\n"
    root = sig_repo({"sigs/data/sig-info.yaml": text})
    result = _import(root)
    assert result.returncode == 0, result.stderr
    data = (root / "sigs/data/sig-info.yaml").read_text()
    # the label differs from `name`, so display_name; the domain exists, so it stays;
    # the table's lead is the maintainer, so no `leads`
    assert data == text + "display_name: Data\ndomain_en: Data processing\n"


def test_values_yaml_1_1_would_misread_are_quoted(sig_repo: MakeRepo) -> None:
    row = "| [Data](data/README.md) | yes | [@liu-cunyi](https://gitee.com/liu-cunyi) |\n"
    root = sig_repo(
        {
            "sigs/README.md": "# SIGs\n\n" + ZH_HEAD + row,
            "sigs/data/sig-info.yaml": "name: Data\nmaintainers:\n- gitee_id: liu-cunyi\n",
        }
    )
    assert _import(root).returncode == 0
    assert "domain: 'yes'\n" in (root / "sigs/data/sig-info.yaml").read_text()


def test_flow_style_file_falls_back_to_a_round_trip_dump(sig_repo: MakeRepo) -> None:
    root = sig_repo(
        {"sigs/data/sig-info.yaml": "{name: Data, maintainers: [{gitee_id: liu-cunyi}]}\n"}
    )
    assert _import(root).returncode == 0
    meta = _meta(root / "sigs/data/sig-info.yaml")
    assert (meta.domain, meta.domain_en) == ("数据处理", "Data processing")


def test_broken_file_is_skipped_and_left_alone(sig_repo: MakeRepo) -> None:
    broken = "name: Data\nmaintainers: [oops\n"
    root = sig_repo({"sigs/data/sig-info.yaml": broken})
    result = _import(root)
    assert result.returncode == 1
    assert "sigs/data/sig-info.yaml: skipped: M002 (line" in result.stderr
    assert (root / "sigs/data/sig-info.yaml").read_text() == broken


def test_dry_run_prints_the_diff_and_writes_nothing(sig_repo: MakeRepo) -> None:
    root = sig_repo(
        {
            "sigs/data/sig-info.yaml": "name: Data\nmaintainers:\n- gitee_id: liu-cunyi\n",
            "sigs/new/README.md": "# New\n",
            "sigs/README.md": BASE_ZH + "| [New](new/README.md) | 新 | Lin Qiao |\n",
        }
    )
    before = (root / "sigs/data/sig-info.yaml").read_bytes()
    result = _import(root, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert (root / "sigs/data/sig-info.yaml").read_bytes() == before
    assert not (root / "sigs/new/sig-info.yaml").exists()
    assert result.stdout.startswith(
        "--- a/sigs/data/sig-info.yaml\n+++ b/sigs/data/sig-info.yaml\n@@ -1,3 +1,5 @@\n"
        " name: Data\n maintainers:\n - gitee_id: liu-cunyi\n"
        "+domain: 数据处理\n+domain_en: Data processing\n"
        "--- /dev/null\n+++ b/sigs/new/sig-info.yaml\n"
    )
    assert "+- name: Lin Qiao\n" in result.stdout
    assert "sigs/data/sig-info.yaml: would add domain, domain_en" in result.stderr
    # the diff is the change: applied, it gives what `import` writes
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(
        ["git", "-C", str(root), "apply", "-"], input=result.stdout, text=True, check=True
    )
    applied = {
        p: (root / p).read_bytes() for p in ("sigs/data/sig-info.yaml", "sigs/new/sig-info.yaml")
    }
    (root / "sigs/data/sig-info.yaml").write_bytes(before)
    (root / "sigs/new/sig-info.yaml").unlink()
    assert _import(root).returncode == 0
    assert applied == {p: (root / p).read_bytes() for p in applied}


def test_a_plain_name_lead_stays_a_plain_name_when_an_id_is_spelt_like_it(
    sig_repo: MakeRepo,
) -> None:
    zh = "| [Data](data/README.md) | 数据处理 | Lanxiao、[@liu-cunyi](https://gitee.com/liu-cunyi) |\n"
    en = "| [Data](data/README.md) | Data processing | Lanxiao, [@liu-cunyi](https://gitee.com/liu-cunyi) |\n"
    root = sig_repo(
        {
            "sigs/README.md": "# SIGs\n\n" + ZH_HEAD + zh,
            "sigs/README_en.md": "# SIGs\n\n" + EN_HEAD + en,
            "sigs/data/sig-info.yaml": (
                "name: Data\nmaintainers:\n- gitee_id: liu-cunyi\n- gitee_id: lanxiao\n"
            ),
        }
    )
    result = _import(root)
    assert result.returncode == 0, result.stderr
    assert (
        (root / "sigs/data/sig-info.yaml")
        .read_text(encoding="utf-8")
        .endswith("leads:\n- name: Lanxiao\n- liu-cunyi\n")
    )
    before = _tables(root)
    assert sigcheck("fix", "--root", str(root)).returncode == 1  # compiler's row is added
    after = _tables(root)
    for table in ("sigs/README.md", "sigs/README_en.md"):
        assert after[table]["data"] == before[table]["data"]
    assert "[@lanxiao]" not in (root / "sigs/README.md").read_text(encoding="utf-8")


def test_an_unreadable_leads_cell_is_warned_about(sig_repo: MakeRepo) -> None:
    row = "| [Data](data/README.md) | 数据处理 | [x]https://example.com |\n"
    root = sig_repo({"sigs/README.md": "# SIGs\n\n" + ZH_HEAD + row})
    result = _import(root)
    assert "the zh table's leads cell cannot be read" in result.stderr
