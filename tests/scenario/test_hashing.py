"""The scenario hash depends on what a scenario means, not on how it is written."""

from __future__ import annotations

import hashlib
import math
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.scenario.errors import ScenarioError
from sim.scenario.hashing import canonical_json, scenario_hash
from sim.scenario.loader import load_scenario
from sim.scenario.schema import Scenario
from sim.scenario.validation import validate_mapping

GOOD = Path(__file__).parent / "good"


def test_hash_is_sha256_of_canonical_json() -> None:
    scenario = Scenario(name="demo")
    text = canonical_json(scenario.model_dump(mode="json"))
    assert scenario_hash(scenario) == hashlib.sha256(text.encode()).hexdigest()
    assert " " not in text.replace("European coalition", "").replace("United ", "")


def test_stated_defaults_and_key_order_do_not_change_the_hash() -> None:
    minimal = load_scenario(GOOD / "minimal.yaml")
    explicit = load_scenario(GOOD / "explicit_defaults.yaml")
    assert explicit.scenario == minimal.scenario
    assert explicit.hash == minimal.hash


def test_coalition_size_and_equivalent_members_hash_the_same() -> None:
    by_size = load_scenario(GOOD / "coalition_size.yaml")
    by_members = load_scenario(GOOD / "coalition_members.yaml")
    assert by_size.hash == by_members.hash


def test_extends_and_flat_file_hash_the_same(tmp_path: Path) -> None:
    child = load_scenario(GOOD / "child.yaml")
    flat = tmp_path / "flat.yaml"
    flat.write_text(child.resolved_yaml(), encoding="utf-8")
    assert load_scenario(flat).hash == child.hash


def test_override_and_edited_file_hash_the_same(tmp_path: Path) -> None:
    edited = tmp_path / "edited.yaml"
    edited.write_text("name: minimal\nguarantee:\n  automaticity: 0.8\n", encoding="utf-8")
    overridden = load_scenario(GOOD / "minimal.yaml", ["guarantee.automaticity=0.8"])
    assert load_scenario(edited).hash == overridden.hash


@pytest.mark.parametrize(
    "change",
    [
        {"guarantee": {"automaticity": 0.51}},
        {"seed": 1},
        {"description": "other"},
        {"guarantee": {"coalition": {"size": 11}}},
        {"payoffs": {"catastrophe_cost": 61.0}},
    ],
)
def test_any_change_changes_the_hash(change: dict[str, object]) -> None:
    base = validate_mapping({"name": "demo"}, source="test")
    other = validate_mapping({"name": "demo", **change}, source="test")
    assert scenario_hash(other) != scenario_hash(base)


def test_integer_and_float_spellings_hash_the_same() -> None:
    a = validate_mapping({"name": "n", "guarantee": {"troops_on_ground": 0}}, source="t")
    b = validate_mapping({"name": "n", "guarantee": {"troops_on_ground": 0.0}}, source="t")
    c = validate_mapping({"name": "n", "guarantee": {"duration_years": 10}}, source="t")
    d = validate_mapping({"name": "n", "guarantee": {"duration_years": 10.0}}, source="t")
    assert scenario_hash(a) == scenario_hash(b)
    assert scenario_hash(c) == scenario_hash(d)


def test_canonical_json_handles_non_finite_floats_and_rejects_objects() -> None:
    assert canonical_json([math.inf, -math.inf, math.nan, 0.1, 1e-9]) == (
        '["inf","-inf","nan",0.1,1e-09]'
    )
    assert canonical_json({"é": "ü"}) == '{"é":"ü"}'
    with pytest.raises(TypeError):
        canonical_json({"x": object()})


def test_non_finite_payoffs_are_rejected_before_hashing() -> None:
    with pytest.raises(ScenarioError, match="not a finite number"):
        validate_mapping({"name": "n", "payoffs": {"catastrophe_cost": math.inf}}, source="t")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=4), children, max_size=4)
    ),
    max_leaves=20,
)


def _shuffled(value: object, rng: random.Random) -> object:
    if isinstance(value, dict):
        items = list(value.items())
        rng.shuffle(items)
        return {k: _shuffled(v, rng) for k, v in items}
    if isinstance(value, list):
        return [_shuffled(v, rng) for v in value]
    return value


@settings(max_examples=60, deadline=None)
@given(json_values, st.integers(0, 2**32))
def test_canonical_json_ignores_key_order(value: object, seed: int) -> None:
    assert canonical_json(_shuffled(value, random.Random(seed))) == canonical_json(value)
