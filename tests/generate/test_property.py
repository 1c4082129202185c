"""Property: for random metadata the rendered table reads back as the same SIGs, labels,
domains and leads, and `fix` on it changes nothing (rendering is idempotent)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigcheck.config import DEFAULT_ZH_COLUMNS, TableConfig
from sigcheck.generate.plan import plan_community
from sigcheck.generate.render import (
    RowContext,
    display_width,
    format_table,
    one_line,
    sig_cells,
    unescape_pipes,
)
from sigcheck.model import SigMetadata, SigTable
from sigcheck.parsing.markdown import parse, read_table
from sigcheck.placeholders import DEFAULT_SET, is_placeholder
from tests.generate.conftest import community_of

LETTERS = "abcXYZ019"
CJK = "数据编译技术领域（）、，。ＡＢ"
TEXT = LETTERS + CJK + " |-_.:*`'\"!?&"


def _text(alphabet: str, max_size: int = 20) -> st.SearchStrategy[str]:
    return st.text(alphabet, min_size=1, max_size=max_size).filter(lambda s: one_line(s) != "")


folders = st.text(LETTERS + "数据 -_()%#", min_size=1, max_size=12).filter(
    lambda s: s.strip() == s and s not in (".", "..") and not s.startswith(".")
)


def _real(text: str) -> bool:
    """Not a placeholder (`NA`, `TBD`, `xxx`): those are never rendered (SPEC §3)."""
    return not is_placeholder(text, DEFAULT_SET)


handles = st.from_regex(r"\A[A-Za-z][A-Za-z0-9_-]{0,12}\Z").filter(_real)
plain_names = _text(LETTERS + "数据编译 ", 12).filter(lambda s: s.strip() == s and _real(s))
people = st.one_of(
    st.builds(lambda h: {"gitee_id": h}, handles),
    st.builds(
        lambda n, o: {"name": n, **({"organization": o} if o else {})},
        plain_names,
        st.one_of(st.none(), plain_names),
    ),
)
metas = st.fixed_dictionaries(
    {
        "name": _text(LETTERS + CJK + " ", 12).map(str.strip),
        "domain": _text(TEXT),
        "domain_en": _text(TEXT),
        "maintainers": st.lists(people, min_size=1, max_size=3),
    },
    optional={"display_name": _text(TEXT + "[]\\", 12).map(str.strip)},
)
sigs = st.lists(st.tuples(folders, metas), min_size=1, max_size=5, unique_by=lambda t: t[0])


def _page(rows: list[tuple[str, dict[str, object]]], english: bool) -> tuple[str, list[str]]:
    context = RowContext("sigs/README.md", english=english)
    cells = [
        sig_cells(SigMetadata.model_validate(meta), f"sigs/{folder}", "README.md", context)
        for folder, meta in rows
    ]
    lines = format_table(DEFAULT_ZH_COLUMNS, cells, ["left"] * 3)
    return "# SIGs\n\n" + "\n".join(lines) + "\n\nafter\n", lines


@settings(max_examples=150, deadline=None)
@given(sigs, st.booleans())
def test_rendered_table_reads_back_the_same(
    rows: list[tuple[str, dict[str, object]]], english: bool
) -> None:
    text, lines = _page(rows, english)
    table = SigTable(config=TableConfig(path="sigs/README.md"), path="sigs/README.md", exists=True)
    read_table(parse(text), table, table.config, "sigs", None, "https://gitee.com")
    assert table.found and table.header_matches
    assert [row.folder for row in table.rows] == [folder for folder, _ in rows]
    for row, (_, raw) in zip(table.rows, rows, strict=True):
        meta = SigMetadata.model_validate(raw)
        assert row.cell_count == 3
        assert row.name_text == one_line(meta.display_name or meta.name)
        domain = meta.domain_en if english else meta.domain
        assert unescape_pipes(row.domain) == one_line(domain or "")
        assert row.leads_problem is None
        assert [(lead.handle, lead.name, lead.affiliation) for lead in row.leads] == [
            (p.gitee_id, None if p.gitee_id else p.name, p.organization) for p in meta.maintainers
        ]
    # re-padding a padded table changes nothing
    assert (
        format_table(DEFAULT_ZH_COLUMNS, [row.cells for row in table.rows], ["left"] * 3) == lines
    )


def _write(root: Path, text: str, rows: list[tuple[str, dict[str, object]]]) -> None:
    (root / "sigs").mkdir()
    (root / "sigs/README.md").write_text(text, encoding="utf-8")
    for name, meta in rows:
        (root / "sigs" / name).mkdir()
        (root / "sigs" / name / "README.md").write_text("# x\n", encoding="utf-8")
        # JSON is YAML: the metadata exactly as generated
        (root / "sigs" / name / "sig-info.yaml").write_text(json.dumps(meta), encoding="utf-8")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sigs)
def test_fix_on_a_rendered_table_is_a_no_op(rows: list[tuple[str, dict[str, object]]]) -> None:
    text, _ = _page(rows, english=False)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        _write(root, text, rows)
        plan = plan_community(community_of(root))
        assert not plan.problems
        [table] = plan.tables
        assert table.blocker is None
        assert not table.changed, table.changes.summary()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sigs, st.data(), _text(TEXT, 40))
def test_a_wider_cell_changes_only_its_own_row(
    rows: list[tuple[str, dict[str, object]]], data: st.DataObject, extra: str
) -> None:
    """SPEC §7: a regenerated row is padded to the existing widths; a wider cell makes only
    its own row longer, every other line stays byte for byte."""
    text, lines = _page(rows, english=False)
    index = data.draw(st.integers(0, len(rows) - 1))
    folder_name, meta = rows[index]
    wider = {**meta, "domain": f"{meta['domain']} {extra}".strip()}
    changed = [*rows[:index], (folder_name, wider), *rows[index + 1 :]]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        _write(root, text, changed)
        [table] = plan_community(community_of(root)).tables
        assert table.blocker is None and table.updated is not None
        after = [line for line in table.updated.decode().splitlines() if line.startswith("|")]
        assert len(after) == len(lines)
        differing = [i for i, (a, b) in enumerate(zip(lines, after, strict=True)) if a != b]
        assert differing in ([], [index + 2])  # header and delimiter come first
        assert all(display_width(line) >= display_width(lines[0]) for line in after)
