"""Pydantic errors rewritten as problems: the range, choices or type allowed, and a fix."""

from __future__ import annotations

import pytest

from sim.scenario.errors import Problem, ScenarioError
from sim.scenario.fields import Bounds, describe_type, field_at, field_bounds, format_range
from sim.scenario.schema import Scenario
from sim.scenario.validation import did_you_mean, validate_mapping


def _problems(data: dict[str, object]) -> list[Problem]:
    with pytest.raises(ScenarioError) as info:
        validate_mapping(data, source="api")
    return info.value.problems


@pytest.mark.parametrize(
    ("block", "value", "allowed", "hint"),
    [
        ({"payoffs": {"discount_factor": 1}}, "1", "0 < x < 1", "between 0 and 1 (excluding"),
        ({"payoffs": {"probe_gain": -1}}, "-1", "0 ≤ x ≤ 1000000", "between 0 and 1000000"),
        ({"solver": {"tolerance": 0.1}}, "0.1", "0 < x ≤ 0.001", "between 0 and 0.001"),
        ({"actors": {"russia": {"force": 0}}}, "0", "0.01 ≤ x ≤ 10", "between 0.01 and 10"),
    ],
)
def test_range_messages(block: dict[str, object], value: str, allowed: str, hint: str) -> None:
    (problem,) = _problems({"name": "r", **block})
    assert problem.message.startswith(value + " is")
    assert problem.allowed == allowed
    assert hint in problem.hint


def test_union_errors_are_merged_into_one_problem() -> None:
    (problem,) = _problems({"name": "u", "guarantee": {"duration_years": "indefinte"}})
    assert problem.field == "guarantee.duration_years"
    assert problem.allowed == "a number or 'indefinite'"
    assert problem.hint == "did you mean 'indefinite'?"


def test_model_validator_error_points_at_the_block() -> None:
    (problem,) = _problems({"name": "d", "guarantee": {"troops_on_ground": 5}})
    assert problem.field == "guarantee"
    assert "needs a posture" in problem.message


def test_duration_out_of_range_points_at_the_field() -> None:
    (problem,) = _problems({"name": "d", "guarantee": {"duration_years": 0.5}})
    assert problem.field == "guarantee.duration_years"
    assert "outside 1 to 1000 years" in problem.message


def test_list_length_and_item_problems() -> None:
    members = [{"name": f"m{i}"} for i in range(40)]
    (problem,) = _problems({"name": "l", "guarantee": {"coalition": {"members": members}}})
    assert problem.field == "guarantee.coalition.members"
    assert "40 items is more than the maximum 35" in problem.message
    problems = _problems({"name": "l", "guarantee": {"coalition": {"members": [{}, 3]}}})
    assert [p.field for p in problems] == [
        "guarantee.coalition.members[0].name",
        "guarantee.coalition.members[1]",
    ]
    assert "3 is not a mapping" in str(problems[1])


def test_name_suggestion_and_length() -> None:
    (problem,) = _problems({"name": "Ukraine 2026!"})
    assert problem.hint == "did you mean 'ukraine_2026'?"
    (problem,) = _problems({"name": "x" * 81})
    assert "81 characters is more than the maximum 80" in problem.message


def test_unknown_key_with_no_close_match_lists_valid_keys() -> None:
    (problem,) = _problems({"name": "k", "solver": {"zzz": 1}})
    assert problem.hint.startswith("remove it; valid keys here: tolerance")


def test_game_block_errors_keep_their_message() -> None:
    game = {
        "players": ["A", "B"],
        "tree": {"player": "A", "moves": {"x": {"payofs": [0, 0]}}},
    }
    problems = _problems({"name": "g", "game": game})
    assert any(
        p.field == "game.tree.moves.x.payofs" and p.hint == "did you mean 'payoffs'?"
        for p in problems
    )


def test_did_you_mean_is_case_insensitive() -> None:
    assert did_you_mean("Automaticity", ["automaticity", "trigger"]) == "automaticity"
    assert did_you_mean("TREATY", ["declaration", "treaty"]) == "treaty"


def test_field_introspection() -> None:
    info = field_at(Scenario, ("guarantee", "coalition", "members", 3, "weight"))
    assert info is not None and field_bounds(info) == Bounds(ge=0.001, le=100_000)
    assert field_at(Scenario, ("guarantee", "nope")) is None
    assert format_range(Bounds(lt=5)) == "x < 5"
    assert describe_type(int | None) == "a whole number, or null"


def test_a_posture_without_troops_is_valid_and_exposes_nothing() -> None:
    # A design with zero troops is valid whatever the posture (a sweep over troops inherits
    # one); with no troops there is nobody to expose, so the tripwire and exposure are zero.
    from sim.guarantee import guarantee_parameters

    for posture in ("rear_hubs", "near_front", "contact_line"):
        scenario = Scenario.model_validate(
            {"name": "p", "guarantee": {"troops_on_ground": 0, "posture": posture}}
        )
        params = guarantee_parameters(scenario)
        assert params.exposure == 0.0
        bare = guarantee_parameters(Scenario(name="p"))
        assert params.kappa_e_invade == bare.kappa_e_invade
