"""Solutions of the guarantee game: what the deterrence literature leads one to expect.

Under the documented defaults (docs/model.md), these pin the qualitative results the model was
built to reproduce: assurances without commitment do not deter (Huth 1988, the Budapest case);
a treaty with a tripwire does (Schelling 1960, 1966); credibility is monotone in automaticity;
denial substitutes for commitment (Snyder 1961); a gray-zone trigger invites salami probes; and
the dilution paradox of DESIGN.md §1.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from sim.guarantee import (
    OUTCOMES,
    acceptance_margin,
    acceptance_margins,
    credibility_threshold,
    guarantee_parameters,
    solve_grid,
    solve_guarantee,
)
from sim.guarantee import terms as pt
from sim.guarantee.credibility import deterred_at
from sim.scenario.loader import load_scenario
from sim.scenario.schema import Scenario

PRESETS = Path(__file__).resolve().parents[2] / "scenarios" / "presets"
ALL = sorted(p.stem for p in PRESETS.glob("*.yaml"))


def preset(name: str, *overrides: str) -> Scenario:
    return load_scenario(PRESETS / f"{name}.yaml", overrides).scenario


def test_budapest_assurances_do_not_deter() -> None:
    # Huth (1988): extended deterrence fails without credible commitment; Budapest (1994).
    solution = solve_guarantee(preset("budapest_1994"))
    assert solution.russia_action == "invade"
    assert not solution.deterred
    assert solution.credibility_threshold is None
    assert solution.outcome_probabilities["invasion_unopposed"] == pytest.approx(1.0)


def test_treaty_with_forward_tripwire_deters() -> None:
    # Schelling (1960, ch. 8; 1966, ch. 2): troops in harm's way make the response automatic.
    solution = solve_guarantee(preset("forward_tripwire"))
    assert solution.deterred and solution.russia_action == "hold"
    h = 0.05
    assert solution.outcome_probabilities["deterred"] == pytest.approx(1 - h)
    assert solution.russia_values["invade"] < 0 and solution.russia_values["probe"] < 0
    # The coalition is all but certain to intervene: the tripwire, not politics, commits it.
    assert solution.response_probabilities["european_coalition"]["invade"]["intervene"] > 0.99


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize(
    "trigger", ["any_violation", "armed_attack", "widespread_deliberate_sustained"]
)
def test_deterrence_never_weakens_as_automaticity_rises(name: str, trigger: str) -> None:
    held = deterred_at(preset(name, f"guarantee.trigger={trigger}"), np.linspace(0, 1, 2001))
    assert not np.any(held[:-1] & ~held[1:])


def test_automaticity_monotonicity_holds_across_strengths_and_monitoring() -> None:
    grid = guarantee_parameters(
        preset("reassurance_force_rear"),
        {
            "guarantee.automaticity": np.linspace(0, 1, 401),
            "guarantee.ukraine_strength": np.linspace(85, 1000, 25),
            "guarantee.monitoring": [0.3, 0.6, 0.95],
        },
    )
    held = solve_grid(grid).deterred
    assert held.any() and not held.all()
    assert not np.any(held[:-1] & ~held[1:])


@pytest.mark.parametrize("name", ["steel_hedgehog", "reassurance_force_rear"])
def test_stronger_ukraine_lowers_the_credibility_threshold(name: str) -> None:
    # Deterrence by denial (Snyder 1961) substitutes for the credibility of punishment.
    thresholds = [
        credibility_threshold(preset(name, f"guarantee.ukraine_strength={k}"))
        for k in (600, 800, 1000)
    ]
    values = [1.0 + 1e-9 if t is None else t for t in thresholds]
    assert values[0] > values[1] >= values[2]
    assert thresholds[0] is not None and thresholds[0] > 0


@pytest.mark.parametrize("monitoring", [0.3, 0.45, 0.6])
def test_gray_zone_trigger_draws_probes_that_any_violation_deters(monitoring: float) -> None:
    # Salami tactics (Schelling 1966, ch. 2): below an armed-attack trigger probes pay.
    m = f"guarantee.monitoring={monitoring}"
    gray = solve_guarantee(preset("article5_like_no_troops", m, "guarantee.trigger=armed_attack"))
    broad = solve_guarantee(preset("article5_like_no_troops", m, "guarantee.trigger=any_violation"))
    assert gray.russia_action == "probe"
    assert broad.russia_action == "hold"
    # Worked number: a probe is worth g − m s C_s when nobody answers it.
    assert gray.russia_values["probe"] == pytest.approx(1.0 - monitoring * 0.5 * 3.0)
    assert gray.credibility_threshold is None


def test_dilution_paradox() -> None:
    solutions = {name: solve_guarantee(preset(name)) for name in ALL}
    deter_rejected = [n for n, s in solutions.items() if s.deterred and not s.acceptable]
    accepted_weak = [n for n, s in solutions.items() if s.acceptable and not s.deterred]
    assert "forward_tripwire" in deter_rejected
    assert "budapest_1994" in accepted_weak


def test_threshold_brackets_the_switch() -> None:
    scenario = preset("steel_hedgehog")
    threshold = credibility_threshold(scenario)
    assert threshold is not None and 0 < threshold < 1
    step = scenario.solver.threshold_resolution
    held = deterred_at(scenario, np.array([threshold, threshold - step]))
    assert held.tolist() == [True, False]
    assert credibility_threshold(preset("forward_tripwire")) == 0.0


def test_acceptance_margin_worked_numbers() -> None:
    # forward_tripwire deters, so u_R = 0 and V_cf = −P/(1 − δ); P = 2 × intrusiveness.
    scenario = preset("forward_tripwire")
    presence = 2.0 * float(pt.intrusiveness(30, 1.0, 120, 1.0, 1.0))
    expected = -presence / 0.1 - (-1.0 / 0.1)
    assert acceptance_margin(scenario) == pytest.approx(expected)
    # Budapest does not deter: u_R is the invasion value, both under θ and once θ lapses.
    budapest = solve_guarantee(preset("budapest_1994"))
    p = guarantee_parameters(preset("budapest_1994"))
    u = budapest.russia_values["invade"]
    lapsed = float(solve_grid(p.lapsed()).russia_values.max())
    value = pt.ceasefire_value(u, p.presence, lapsed, 0.9, np.inf)
    assert budapest.acceptance_margin == pytest.approx(float(value) + 10.0)
    # Finite duration: after T years the lapsed world's value applies.
    bilateral = preset("bilateral_2024")
    p = guarantee_parameters(bilateral)
    here = float(solve_grid(p).russia_values.max())
    lapsed = float(solve_grid(p.lapsed()).russia_values.max())
    d10 = 0.9**10
    expected = ((1 - d10) * (here - float(p.presence)) + d10 * lapsed) / 0.1 + 10.0
    assert acceptance_margin(bilateral) == pytest.approx(expected)


def test_acceptance_margins_match_single() -> None:
    scenario = preset("us_backstop_air")
    a = np.array([0.0, 0.3, 0.9])
    margins = acceptance_margins(guarantee_parameters(scenario, {"guarantee.automaticity": a}))
    for value, m in zip(a, margins, strict=True):
        single = preset("us_backstop_air", f"guarantee.automaticity={value}")
        assert acceptance_margin(single) == pytest.approx(float(m))


def test_solution_fields_and_json() -> None:
    solution = solve_guarantee(preset("article5_like_no_troops"))
    data = json.loads(json.dumps(solution.to_dict()))
    for key in (
        "russia_action",
        "deterred",
        "outcome_probabilities",
        "expected_payoffs",
        "credibility_threshold",
        "acceptable",
        "acceptance_margin",
        "regret",
        "response_probabilities",
        "ties",
        "russia_values",
    ):
        assert key in data
    assert set(data["outcome_probabilities"]) == set(OUTCOMES)
    assert set(data["expected_payoffs"]) == {
        "russia",
        "ukraine",
        "united_states",
        "european_coalition",
    }
    for by_action in solution.response_probabilities.values():
        assert set(by_action) == {"probe", "invade"}
        for probs in by_action.values():
            assert sum(probs.values()) == pytest.approx(1.0)
    assert solution.regret <= 1e-9


@pytest.mark.parametrize("name", ALL)
def test_solution_matches_batch(name: str) -> None:
    scenario = preset(name)
    solution = solve_guarantee(scenario)
    batch = solve_grid(guarantee_parameters(scenario))
    assert solution.russia_action == batch.action_names().item()
    for outcome in OUTCOMES:
        assert solution.outcome_probabilities[outcome] == pytest.approx(
            float(batch.outcome_probabilities[outcome]), abs=1e-9
        )
    for (guarantor, action), probs in batch.response_probabilities.items():
        levels = list(solution.response_probabilities[guarantor][action].values())
        np.testing.assert_allclose(levels, probs, atol=1e-9)


def test_ties_are_reported() -> None:
    # Zero stakes, costs and audience costs: the US is indifferent between none and support
    # after a detected probe with no pledge.
    scenario = Scenario.model_validate(
        {
            "name": "tie",
            "actors": {"united_states": {"stake": 0.0}},
            "payoffs": {"support_cost": 0.0},
        }
    )
    solution = solve_guarantee(scenario)
    assert solution.ties
    assert any("US" in line and "none, support" in line for line in solution.ties)
    assert solution.to_dict()["ties"] == solution.ties


def test_refuses_an_uncertified_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    # Feed solve_guarantee a pass in which the opportunist holds although invading pays
    # (Budapest): its one-shot-deviation regret is the invasion value, far above tolerance.
    from sim.equilibria.backward_induction import induction_pass
    from sim.equilibria.verify import EquilibriumVerificationError
    from sim.guarantee import solution as module

    def wrong(game, *, tol):  # type: ignore[no-untyped-def]
        induced = induction_pass(game, tol=tol)
        induced.choice[game.root.child("opportunist").id] = np.asarray(0)
        return induced

    monkeypatch.setattr(module, "induction_pass", wrong)
    with pytest.raises(EquilibriumVerificationError, match="regret"):
        solve_guarantee(preset("budapest_1994"))
