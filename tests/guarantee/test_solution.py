"""Solutions of the guarantee game: what the deterrence literature leads one to expect.

Under the documented defaults (docs/model.md), these pin the qualitative results the model was
built to reproduce: assurances without commitment do not deter (Huth 1988, the Budapest case);
a treaty with a tripwire does (Schelling 1960, 1966); deterrence is monotone in automaticity;
denial substitutes for commitment (Snyder 1961); a gray-zone trigger invites salami probes;
forces decide whether Russia fights an intervention; and the dilution paradox of DESIGN.md §1.
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
    guarantee_parameters,
    solve_grid,
    solve_guarantee,
    threshold,
)
from sim.guarantee import terms as pt
from sim.guarantee.acceptability import war_value
from sim.guarantee.thresholds import deterred_at
from sim.scenario.loader import load_scenario
from sim.scenario.schema import Scenario

PRESETS = Path(__file__).resolve().parents[2] / "scenarios" / "presets"
ALL = sorted(p.stem for p in PRESETS.glob("*.yaml"))
AUTOMATICITY = "guarantee.automaticity"


def preset(name: str, *overrides: str) -> Scenario:
    return load_scenario(PRESETS / f"{name}.yaml", overrides).scenario


def test_budapest_assurances_do_not_deter() -> None:
    # Huth (1988): extended deterrence fails without credible commitment; Budapest (1994).
    solution = solve_guarantee(preset("budapest_1994"))
    assert solution.russia_action == "invade"
    assert not solution.deterred and not solution.invasion_deterred
    assert solution.credibility_threshold is None
    # Signatories send aid at most; nobody fights.
    assert solution.outcome_probabilities["direct_war"] == 0.0
    assert solution.outcome_probabilities["invasion_supported"] == pytest.approx(1.0)


def test_treaty_with_forward_tripwire_deters() -> None:
    # Schelling (1960, ch. 8; 1966, ch. 2): troops in harm's way make the response automatic.
    solution = solve_guarantee(preset("forward_tripwire"))
    assert solution.deterred and solution.russia_action == "hold"
    h = 0.05
    assert solution.outcome_probabilities["deterred"] == pytest.approx(1 - h)
    assert solution.russia_values["invade"] < 0 and solution.russia_values["probe"] < 0
    # The coalition is all but certain to intervene: the tripwire, not politics, commits it.
    assert solution.response_probabilities["european_coalition"]["invade"]["intervene"] > 0.99
    assert solution.credibility_threshold == 0.0


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize(
    "trigger", ["any_violation", "armed_attack", "widespread_deliberate_sustained"]
)
def test_deterrence_never_weakens_as_automaticity_rises(name: str, trigger: str) -> None:
    scenario = preset(name, f"guarantee.trigger={trigger}")
    held = deterred_at(scenario, AUTOMATICITY, np.linspace(0, 1, 2001))
    assert not np.any(held[:-1] & ~held[1:])


def test_automaticity_monotonicity_holds_across_strengths_and_monitoring() -> None:
    grid = guarantee_parameters(
        preset("salami_any_violation"),
        {
            AUTOMATICITY: np.linspace(0, 1, 401),
            "guarantee.ukraine_strength": np.linspace(85, 1000, 25),
            "guarantee.monitoring": [0.3, 0.6, 0.95],
        },
    )
    held = solve_grid(grid).deterred
    assert held.any() and not held.all()
    assert not np.any(held[:-1] & ~held[1:])


@pytest.mark.parametrize("name", ["salami_any_violation", "us_backstop_air"])
def test_stronger_ukraine_lowers_the_credibility_threshold(name: str) -> None:
    # Deterrence by denial (Snyder 1961) substitutes for the credibility of punishment.
    thresholds = [
        threshold(preset(name, f"guarantee.ukraine_strength={k}"), "automaticity").value
        for k in (400, 600, 800)
    ]
    assert all(t is not None for t in thresholds)
    assert thresholds[0] > thresholds[1] > thresholds[2] >= 0.0  # type: ignore[operator]


@pytest.mark.parametrize("monitoring", [0.45, 0.6])
def test_gray_zone_trigger_draws_probes_that_any_violation_deters(monitoring: float) -> None:
    # Salami tactics (Schelling 1966, ch. 2): below an armed-attack trigger probes pay.
    m = f"guarantee.monitoring={monitoring}"
    gray = solve_guarantee(preset("article5_like_no_troops", m, "guarantee.trigger=armed_attack"))
    broad = solve_guarantee(preset("article5_like_no_troops", m, "guarantee.trigger=any_violation"))
    assert gray.russia_action == "probe" and gray.invasion_deterred
    assert broad.russia_action == "hold"
    # Worked number: an unanswered probe is worth g − m s σ_p s_y (proportionate sanctions: a
    # share σ_p of a year's full sanctions s_y, snapback s of them automatic).
    scenario = preset("article5_like_no_troops", m)
    snap, pay = scenario.guarantee.snapback_sanctions, scenario.payoffs
    expected = pay.probe_gain - monitoring * snap * pay.probe_sanctions * pay.sanctions_cost
    assert gray.russia_values["probe"] == pytest.approx(expected)
    assert gray.credibility_threshold is None  # automaticity does not reach uncovered probes


def test_one_member_without_the_us_is_fought_and_the_full_coalition_armed_is_not() -> None:
    # Forces decide wars: the contest over the forces engaged sets pressing on against backing
    # down (docs/model.md, "Facing intervention").
    base = ("guarantee.troops_on_ground=30", "guarantee.posture=near_front")
    alone = preset(
        "august_2025_proposal",
        *base,
        "guarantee.us_backstop=none",
        "guarantee.coalition.size=1",
        "guarantee.automaticity=1",
    )
    full = preset(
        "august_2025_proposal", *base, "guarantee.us_backstop=armed", "guarantee.automaticity=1"
    )
    fought, not_fought = solve_guarantee(alone), solve_guarantee(full)
    assert fought.press_on == 1.0
    assert not_fought.press_on == 0.0
    assert not_fought.russia_values["invade"] < fought.russia_values["invade"]


def test_dilution_paradox() -> None:
    solutions = {name: solve_guarantee(preset(name)) for name in ALL}
    deter_rejected = [n for n, s in solutions.items() if s.deterred and not s.acceptable]
    accepted_weak = [n for n, s in solutions.items() if s.acceptable and not s.invasion_deterred]
    viable = [n for n, s in solutions.items() if s.deterred and s.acceptable]
    assert "forward_tripwire" in deter_rejected
    assert "budapest_1994" in accepted_weak
    # The paradox is not an impossibility: a narrow viable design exists.
    assert "us_backstop_air" in viable


def test_threshold_brackets_the_switch() -> None:
    scenario = preset("salami_any_violation")
    value = threshold(scenario, "automaticity").value
    assert value is not None and 0 < value < 1
    step = scenario.solver.threshold_resolution
    held = deterred_at(scenario, AUTOMATICITY, np.array([value, value - step]))
    assert held.tolist() == [True, False]


def test_acceptance_margin_worked_numbers() -> None:
    # forward_tripwire deters: u_hold = 0, so V_cf = −(P/4)/(1 − δ_q) for an indefinite
    # guarantee, P = presence cost × intrusiveness. V_war = δ^D p V − ā_D (c_w F/F_R + s_y).
    scenario = preset("forward_tripwire")
    pay = scenario.payoffs
    weights = (0.3, 0.2, 0.15, 0.15, 0.2)
    presence = pay.presence_cost * float(pt.intrusiveness(30, 1.0, 120, 1.0, 1.0, weights))
    dq = 0.9**0.25
    ceasefire = -presence / 4 / (1 - dq)
    force = 800 / 700 * (1 + 0.5 * 1.0 + 0.5 * 0.8)  # Ukraine with EU and US aid
    p = 1 / (1 + force**1.5)
    late = 0.9**2.5
    war = late * p * 10.0 - (1 - late) / 0.1 * (0.5 * force + 0.5)
    assert acceptance_margin(scenario) == pytest.approx(ceasefire - war)
    # Finite duration: hold or probe for 4T quarters, then the lapsed world's best plan; or
    # invade at once.
    bilateral = preset("bilateral_2024")
    params = guarantee_parameters(bilateral)
    hold, probe, invade = solve_grid(params).russia_values.tolist()
    l_hold, l_probe, l_invade = solve_grid(params.lapsed()).russia_values.tolist()
    after = max(l_invade, max(l_hold, l_probe) / (1 - dq))
    dq40 = dq**40
    keep = (1 - dq40) / (1 - dq) * (max(hold, probe) - float(params.presence) / 4) + dq40 * after
    expected = max(invade, keep) - float(war_value(params))
    assert acceptance_margin(bilateral) == pytest.approx(expected)


def test_stronger_ukraine_makes_a_ceasefire_more_acceptable() -> None:
    # Fearon (1995): a stronger Ukraine lowers Russia's value of fighting on.
    margins = [
        solve_guarantee(preset("august_2025_proposal", f"guarantee.ukraine_strength={k}"))
        for k in (400, 600, 800, 1000)
    ]
    values = [m.acceptance_margin for m in margins]
    assert values == sorted(values) and values[0] < 0 < values[-1]


def test_acceptance_margins_match_single() -> None:
    scenario = preset("us_backstop_air")
    a = np.array([0.0, 0.3, 0.9])
    margins = acceptance_margins(guarantee_parameters(scenario, {AUTOMATICITY: a}))
    for value, m in zip(a, margins, strict=True):
        single = preset("us_backstop_air", f"guarantee.automaticity={value}")
        assert acceptance_margin(single) == pytest.approx(float(m))


def test_solution_fields_and_json() -> None:
    solution = solve_guarantee(preset("article5_like_no_troops"))
    data = json.loads(json.dumps(solution.to_dict()))
    for key in (
        "russia_action",
        "deterred",
        "invasion_deterred",
        "outcome_probabilities",
        "expected_payoffs",
        "credibility_threshold",
        "thresholds",
        "press_on",
        "acceptable",
        "acceptance_margin",
        "regret",
        "response_probabilities",
        "ties",
        "russia_values",
        "p_deterred_robust",
        "p_acceptable_robust",
        "p_viable_robust",
        "robustness_draws",
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
    assert solution.robustness_draws == 256
    for share in (solution.p_deterred_robust, solution.p_acceptable_robust):
        assert share is not None and 0.0 <= share <= 1.0
    assert solution.p_viable_robust is not None
    assert solution.p_viable_robust <= min(solution.p_deterred_robust, solution.p_acceptable_robust)  # type: ignore[type-var]
    # troops' threshold is only reported where the design stations troops
    assert "troops_on_ground" not in solution.thresholds


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
