"""``docs/scenarios.md`` is generated from the schema and kept up to date."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.scenario import docs
from sim.scenario.fields import all_field_paths, field_at, field_extra
from sim.scenario.loader import load_scenario
from sim.scenario.schema import Scenario

REPO = Path(__file__).resolve().parents[2]
PAGE = REPO / "docs" / "scenarios.md"


def test_docs_page_is_up_to_date() -> None:
    current = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
    assert current == docs.render_schema_docs(), (
        "docs/scenarios.md is stale: run `make docs` to regenerate it from the schema"
    )


def test_every_field_is_documented() -> None:
    page = docs.render_schema_docs()
    for path in all_field_paths(Scenario):
        assert f"| `{path[-1]}` |" in page, path
        info = field_at(Scenario, path)
        for key in ("unit", "source"):
            value = field_extra(info, key)
            if value:
                assert value.replace("|", "\\|").split("``")[0] in page, (path, key)


def test_table_row_for_a_bounded_field() -> None:
    page = docs.render_schema_docs()
    row = next(line for line in page.splitlines() if line.startswith("| `automaticity` |"))
    assert "0 ≤ *x* ≤ 1" in row
    assert "probability" in row
    assert "`0.5`" in row
    assert "Schelling (1966)" in row
    literal_row = next(line for line in page.splitlines() if line.startswith("| `legal_form` |"))
    assert "one of `declaration`, `executive`, `treaty`" in literal_row
    name_row = next(line for line in page.splitlines() if line.startswith("| `name` | text | at"))
    assert "**required**" in name_row


def test_every_block_has_a_section() -> None:
    page = docs.render_schema_docs()
    for heading in ("### Top level", "### `guarantee`", "### `guarantee.coalition`"):
        assert heading in page
    assert "### `guarantee.coalition.members[]`" in page


def test_example_in_the_docs_loads(tmp_path: Path) -> None:
    (tmp_path / "coalition_base.yaml").write_text(docs.EXAMPLE_BASE, encoding="utf-8")
    child = tmp_path / "coalition_treaty_troops.yaml"
    child.write_text(docs.EXAMPLE_CHILD, encoding="utf-8")
    loaded = load_scenario(child, docs.EXAMPLE_OVERRIDES)
    g = loaded.scenario.guarantee
    assert (g.legal_form, g.automaticity, g.us_backstop) == ("treaty", 0.8, "air")
    assert len(g.coalition.member_list) == 12
    page = docs.render_schema_docs()
    assert docs.EXAMPLE_CHILD.rstrip() in page
    assert "--set 'guarantee.automaticity=0.8'" in page
    # the error shown on the page is what the loader says about the bad example
    assert "scenarios/my_scenario.yaml:3:3: guarantee.automaticty" in page


def test_check_mode(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fresh = tmp_path / "fresh.md"
    fresh.write_text(docs.render_schema_docs(), encoding="utf-8")
    assert docs.main(["--check", str(fresh)]) == 0
    stale = tmp_path / "stale.md"
    stale.write_text("# old\n", encoding="utf-8")
    assert docs.main(["--check", str(stale)]) == 1
    assert "make docs" in capsys.readouterr().err
    assert docs.main(["--check", str(tmp_path / "missing.md")]) == 1


def test_print_mode(capsys: pytest.CaptureFixture[str]) -> None:
    assert docs.main([]) == 0
    assert capsys.readouterr().out == docs.render_schema_docs()


def test_model_doc_constants_table_is_up_to_date() -> None:
    text = (REPO / "docs" / "model.md").read_text(encoding="utf-8")
    start, end = "<!-- constants-table:start -->\n", "\n<!-- constants-table:end -->"
    assert start in text and end in text, "docs/model.md lost its constants-table markers"
    found = text.split(start, 1)[1].split(end, 1)[0]
    assert found == docs.render_constants_table(), (
        "docs/model.md constants table is stale; regenerate it with "
        "`python -c 'from sim.scenario.docs import render_constants_table as r; print(r())'`"
    )
