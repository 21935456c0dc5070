"""The presets: they load, explain themselves, solve certified, match docs/model.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from sim.guarantee import solve_guarantee
from sim.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parents[1]
PRESETS = ROOT / "scenarios" / "presets"
MODEL_DOC = ROOT / "docs" / "model.md"
ORDER = (
    "budapest_1994",
    "bilateral_2024",
    "nato_article5",
    "article5_like_no_troops",
    "august_2025_proposal",
    "reassurance_force_rear",
    "steel_hedgehog",
    "us_backstop_air",
    "forward_tripwire",
    "salami_gray_zone",
    "salami_any_violation",
)
HEADER = (
    "| preset | Russia (opportunist) | invasion deterred | deterred | threshold a* | acceptable "
    "| margin | P(deterred) | P(acceptable) | P(viable) |\n"
    "|---|---|---|---|---|---|---|---|---|---|"
)


def yes(flag: bool) -> str:
    return "yes" if flag else "no"


def render_row(name: str) -> str:
    """One row of the preset table of docs/model.md, from the current solver: the verdicts at
    the defaults and their robustness shares over the judgement ranges."""
    solution = solve_guarantee(load_scenario(PRESETS / f"{name}.yaml").scenario)
    t = solution.credibility_threshold
    threshold = "none" if t is None else f"{t:.3f}"
    return (
        f"| `{name}` | {solution.russia_action} | {yes(solution.invasion_deterred)} | "
        f"{yes(solution.deterred)} | {threshold} | {yes(solution.acceptable)} | "
        f"{solution.acceptance_margin:.2f} | {solution.p_deterred_robust:.2f} | "
        f"{solution.p_acceptable_robust:.2f} | {solution.p_viable_robust:.2f} |"
    )


def render_table() -> str:
    """The whole preset table (paste between the preset-table markers of docs/model.md)."""
    return "\n".join([HEADER, *(render_row(name) for name in ORDER)])


def test_every_preset_is_in_the_table() -> None:
    assert set(ORDER) == {p.stem for p in PRESETS.glob("*.yaml")}


@pytest.mark.parametrize("name", ORDER)
def test_preset_file_documents_itself(name: str) -> None:
    text = (PRESETS / f"{name}.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    comments = [line for line in lines[: lines.index("schema_version: 1")]]
    assert len(comments) >= 5 and all(line.startswith("#") for line in comments)
    raw = yaml.safe_load(text)
    assert raw["name"] == name
    assert set(raw) <= {
        "schema_version",
        "name",
        "description",
        "references",
        "guarantee",
        "payoffs",
        "actors",
        "dynamics",
    }
    assert raw["description"] and raw["references"]


@pytest.mark.parametrize("name", ORDER)
def test_preset_solves_certified(name: str) -> None:
    scenario = load_scenario(PRESETS / f"{name}.yaml").scenario
    solution = solve_guarantee(scenario)
    assert solution.regret <= scenario.solver.tolerance
    assert sum(solution.outcome_probabilities.values()) == pytest.approx(1.0, abs=1e-12)


def test_model_doc_table_matches_current_solutions() -> None:
    text = MODEL_DOC.read_text(encoding="utf-8")
    found = re.search(r"<!-- preset-table:start -->\n(.*?)\n<!-- preset-table:end -->", text, re.S)
    assert found, "docs/model.md lost its preset-table markers"
    assert found.group(1).strip() == render_table(), (
        "docs/model.md preset table is stale; regenerate it with "
        "`python -c 'from tests.test_presets import render_table; print(render_table())'`"
    )
