"""Loading good scenario files: defaults, ``extends`` chains, resolved YAML, all problems."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
import yaml

from sim.scenario.errors import Problem, ScenarioError
from sim.scenario.hashing import scenario_hash
from sim.scenario.loader import LoadedScenario, load_scenario, validate_mapping
from sim.scenario.schema import Scenario

GOOD = Path(__file__).parent / "good"
GOOD_FILES = sorted(GOOD.rglob("*.yaml"))


@pytest.mark.parametrize("path", GOOD_FILES, ids=[p.stem for p in GOOD_FILES])
def test_good_files_load_and_round_trip(path: Path, tmp_path: Path) -> None:
    loaded = load_scenario(path)
    assert isinstance(loaded, LoadedScenario)
    assert loaded.path == path
    assert loaded.sources[0] == path
    assert loaded.hash == scenario_hash(loaded.scenario)
    assert len(loaded.hash) == 64
    # the resolved YAML states everything, has no extends, and loads back to the same scenario
    text = loaded.resolved_yaml()
    data = yaml.safe_load(text)
    assert "extends" not in data
    assert list(data) == list(Scenario.model_fields)
    assert list(data["guarantee"]) == list(type(loaded.scenario.guarantee).model_fields)
    resolved = tmp_path / "resolved.yaml"
    resolved.write_text(text, encoding="utf-8")
    again = load_scenario(resolved)
    assert again.scenario == loaded.scenario
    assert again.hash == loaded.hash


def test_minimal_file_fills_defaults() -> None:
    scenario = load_scenario(GOOD / "minimal.yaml").scenario
    assert scenario == Scenario(name="minimal")
    assert len(scenario.guarantee.coalition.member_list) == 12


def test_full_file_values() -> None:
    scenario = load_scenario(GOOD / "full.yaml").scenario
    assert scenario.name == "full-example_1"
    assert scenario.seed == 0
    assert scenario.guarantee.duration_years == 25.0
    assert scenario.guarantee.coalition.aggregation == "unanimity"
    assert len(scenario.guarantee.coalition.member_list) == 10
    assert scenario.payoffs.catastrophe_cost == 80.0
    assert scenario.solver.tolerance == 1e-10
    assert scenario.actors.russia.army_k == 650.0


def test_anchors_and_merge_keys() -> None:
    actors = load_scenario(GOOD / "anchors.yaml").scenario.actors
    assert actors.united_states.stake == 5.0
    assert actors.european_coalition.stake == 6.0  # explicit key beats the merged one
    assert actors.european_coalition.support_boost == 0.7


def test_extends_merges_mappings_and_replaces_lists() -> None:
    loaded = load_scenario(GOOD / "child.yaml")
    scenario = loaded.scenario
    assert loaded.sources == (GOOD / "child.yaml", GOOD / "base.yaml")
    assert scenario.name == "family_base"  # inherited
    assert scenario.description == "Parent of the extends tests."
    g = scenario.guarantee
    assert g.legal_form == "treaty"  # child wins
    assert g.automaticity == 0.4  # inherited through the merged mapping
    assert g.us_backstop == "air"
    assert g.coalition.aggregation == "us_led"  # mappings merge key by key ...
    assert [m.name for m in g.coalition.member_list] == ["Poland"]  # ... lists replace
    assert scenario.references == ["Snyder (1984)"]
    assert scenario.payoffs.audience_cost == 4.0


def test_extends_chain_in_another_folder() -> None:
    path = GOOD / "family" / "grandchild.yaml"
    loaded = load_scenario(path)
    assert loaded.sources == (path, GOOD / "child.yaml", GOOD / "base.yaml")
    s = loaded.scenario
    assert s.name == "family_grandchild"
    assert (s.guarantee.automaticity, s.guarantee.legal_form) == (0.9, "treaty")
    assert s.payoffs.audience_cost == 6.5
    assert s.guarantee.troops_on_ground == 20.0


def test_relative_path_display(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "presets").mkdir()
    (tmp_path / "presets" / "base.yaml").write_text("name: base\nseed: -1\n", encoding="utf-8")
    (tmp_path / "presets" / "child.yaml").write_text(
        "extends: base.yaml\nguarantee:\n  trigger: any\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ScenarioError) as info:
        load_scenario("presets/child.yaml")
    lines = str(info.value).splitlines()
    assert lines[0].startswith("presets/child.yaml:3:12: guarantee.trigger: 'any' is not")
    assert lines[1].startswith("presets/base.yaml:2:7: seed: -1 is below the minimum 0")


def test_many_problems_reported_at_once(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(
        "name: Many Problems\n"  # 1
        "guarantee:\n"  # 2
        "  automaticity: 1.5\n"  # 3
        "  legal_form: treety\n"  # 4
        "  coalition:\n"  # 5
        "    agregation: us_led\n"  # 6
        "payoffs:\n"  # 7
        "  discount_factor: 0\n"  # 8
        "seed: many\n",  # 9
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    problems = info.value.problems
    assert [(p.line, p.field) for p in problems] == [
        (1, "name"),
        (3, "guarantee.automaticity"),
        (4, "guarantee.legal_form"),
        (6, "guarantee.coalition.agregation"),
        (8, "payoffs.discount_factor"),
        (9, "seed"),
    ]
    assert len(str(info.value).splitlines()) == 6


def test_missing_name_is_reported_with_other_problems(tmp_path: Path) -> None:
    path = tmp_path / "noname.yaml"
    path.write_text("guarantee:\n  automaticity: 2\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    fields = [p.field for p in info.value.problems]
    assert fields == ["name", "guarantee.automaticity"]
    assert "missing required field 'name'" in str(info.value)


def test_duplicate_key_and_validation_problems_together(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text("name: dup\nseed: 1\nseed: 2\nguarantee: {monitoring: 2}\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert [(p.line, p.field) for p in info.value.problems] == [
        (3, "seed"),
        (4, "guarantee.monitoring"),
    ]


def test_unsafe_tag_does_not_add_a_missing_problem(tmp_path: Path) -> None:
    path = tmp_path / "tag.yaml"
    path.write_text("name: !!python/name:os.getcwd ''\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    (problem,) = info.value.problems
    assert problem.field == "name" and "not allowed" in problem.message


def test_validate_mapping_has_no_positions() -> None:
    assert validate_mapping({"name": "api"}, source="api") == Scenario(name="api")
    with pytest.raises(ScenarioError) as info:
        validate_mapping({"guarantee": {"automaticity": -1}}, source="request.json")
    problems = info.value.problems
    assert {(p.file, p.line, p.column) for p in problems} == {("request.json", 0, 0)}
    assert str(problems[0]).startswith("request.json: name: missing required field")
    with pytest.raises(ScenarioError, match="must be a mapping"):
        validate_mapping([1, 2], source="api")  # type: ignore[arg-type]


def test_newer_schema_version_is_the_only_problem(tmp_path: Path) -> None:
    path = tmp_path / "future.yaml"
    path.write_text("schema_version: 2\nname: x\nnew_block: {a: 1}\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    (problem,) = info.value.problems
    assert (problem.line, problem.field) == (1, "schema_version")


def test_scenario_error_is_a_value_error_and_pickles() -> None:
    problem = Problem("f.yaml", 2, 3, "seed", "bad", "a whole number", "use a whole number")
    err = ScenarioError([problem])
    assert isinstance(err, ValueError)
    again = pickle.loads(pickle.dumps(err))
    assert again.problems == [problem]
    assert (
        str(again)
        == str(err)
        == "f.yaml:2:3: seed: bad (allowed: a whole number). Fix: use a whole number."
    )
    with pytest.raises(ValueError):
        ScenarioError([])


def test_problem_rendering_without_position() -> None:
    problem = Problem("--set x=1", 0, 0, "x", "unknown field 'x'", "", "did you mean 'y'?")
    assert str(problem) == "--set x=1: x: unknown field 'x'. Fix: did you mean 'y'?"


SHIPPED = sorted((Path(__file__).resolve().parents[2] / "scenarios").rglob("*.yaml"))


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_shipped_scenarios_round_trip(path: Path, tmp_path: Path) -> None:
    loaded = load_scenario(path)
    resolved = tmp_path / "resolved.yaml"
    resolved.write_text(loaded.resolved_yaml(), encoding="utf-8")
    again = load_scenario(resolved)
    assert (again.scenario, again.hash) == (loaded.scenario, loaded.hash)
