"""The stage tables: believed values equal backward induction on the tree with beliefs in place
of the commitment probabilities (Kuhn 1953), and path tables reproduce the equilibrium."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.equilibria.backward_induction import backward_induction
from sim.equilibria.guarantee_solution import solve_guarantee
from sim.games.guarantee import build_guarantee_game, guarantee_parameters
from sim.model.guarantee_policy import GuaranteeStagePolicy
from sim.model.stage_policy import StageState, canonical_tables
from sim.model.vocabulary import OUTCOME_CODE, RUSSIA_ACTIONS
from sim.scenario.dynamics import Dynamics

from .conftest import preset

NAMES = ("bilateral_2024", "reassurance_force_rear", "salami_any_violation", "nato_article5")


@pytest.fixture(scope="module")
def prepared():
    out = {}
    for name in NAMES:
        scenario = preset(name)
        policy = GuaranteeStagePolicy(scenario, Dynamics.static())
        out[name] = (scenario, policy.tables(StageState()))
    return out


@settings(max_examples=25, deadline=None)
@given(
    name=st.sampled_from(NAMES),
    mu_us=st.floats(0.0, 1.0),
    mu_ec=st.floats(0.0, 1.0),
)
def test_believed_values_equal_backward_induction(prepared, name, mu_us, mu_ec):
    scenario, tables = prepared[name]
    (us_p, us_i), (ec_p, ec_i) = tables.believed_kappa(mu_us, mu_ec)
    params = guarantee_parameters(scenario).with_values(
        kappa_us_probe=us_p, kappa_us_invade=us_i, kappa_e_probe=ec_p, kappa_e_invade=ec_i
    )
    game = build_guarantee_game(params)
    solution = backward_induction(game)
    opp = next(n for n in game.decision_nodes if n.actions == RUSSIA_ACTIONS)
    expected = [float(solution.values[c.id][0]) for c in opp.children]
    assert np.allclose(tables.russia_values(mu_us, mu_ec), expected, atol=1e-9)


def test_tables_match_the_guarantee_solution(prepared):
    for scenario, tables in prepared.values():
        solution = solve_guarantee(scenario)
        assert RUSSIA_ACTIONS[tables.equilibrium_action] == solution.russia_action
        for outcome, p in solution.outcome_probabilities.items():
            assert tables.outcome_probabilities[outcome] == pytest.approx(p, abs=1e-9)
        assert np.allclose(
            tables.russia_values(*tables.prior_means),
            [solution.russia_values[a] for a in RUSSIA_ACTIONS],
            atol=1e-9,
        )


def test_path_tables_are_distributions(prepared):
    for _, tables in prepared.values():
        for table in (*tables.opportunist, tables.hardliner):
            assert table.cumulative[-1] == 1.0
            assert all(np.diff(table.cumulative) >= 0)
            assert len(table.outcome) == len(table.responses) == len(table.payoffs)
            assert table.sample(0.0) == 0 and table.sample(0.999999) == len(table.outcome) - 1
        assert tables.opportunist[0].outcome == (OUTCOME_CODE["deterred"],)


def test_state_changes_the_game():
    scenario = preset("reassurance_force_rear")
    policy = GuaranteeStagePolicy(scenario, Dynamics())
    base = policy.tables(StageState())
    weak = policy.tables(StageState(ukraine_multiple=0.5, russia_multiple=1.3))
    assert weak.values[2].value(0.3, 0.3) > base.values[2].value(0.3, 0.3)  # invading pays more
    assert policy.tables(StageState(ukraine_multiple=1.01)) is base  # rounded to the grid
    alone = policy.tables(StageState(members=("Germany",)))
    assert alone.signal != base.signal or alone.values != base.values


def test_canonical_tables():
    tables = canonical_tables(reward=1.0, temptation=2.0)
    assert tables.russia_values(0.3, 0.9) == (1.0, 2.0, 2.0)
    assert tables.equilibrium_action == 1
