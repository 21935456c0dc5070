"""The stage grid: Russia's values under beliefs equal backward induction on the tree with beliefs
in place of the commitment probabilities (Kuhn 1953), and the path distributions reproduce the
stage game's equilibrium."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.equilibria.backward_induction import backward_induction
from sim.guarantee import (
    OUTCOMES,
    RUSSIA_ACTIONS,
    build_guarantee_game,
    guarantee_parameters,
    solve_guarantee,
)
from sim.model.stage import StageGrid, StagePolicy
from sim.scenario.dynamics import Dynamics

from .conftest import preset

NAMES = ("bilateral_2024", "reassurance_force_rear", "salami_any_violation", "nato_article5")
POINT = np.zeros(1, dtype=np.int64)


@pytest.fixture(scope="module")
def prepared():
    out = {}
    for name in NAMES:
        scenario = preset(name)
        policy = StagePolicy(scenario, Dynamics.static())
        out[name] = (scenario, policy.grid(policy.scenario_members))
    return out


def believed(grid: StageGrid, mu_us: float, mu_ec: float) -> tuple[float, ...]:
    """κ̂(probe), κ̂(invade) of the US and the coalition (the signalled ratio kept for probes)."""
    out = []
    for (probe, invade), mean in ((grid.signal_us, mu_us), (grid.signal_ec, mu_ec)):
        p, i = float(probe[0]), float(invade[0])
        out += [mean * (min(1.0, p / i) if i > 0 else 0.0), mean]
    return tuple(out)


def values_under(grid: StageGrid, mu_us: float, mu_ec: float) -> list[float]:
    us_p, us_i, ec_p, ec_i = (np.array([x]) for x in believed(grid, mu_us, mu_ec))
    v = grid.values
    return [
        float(v[0].value(POINT, ec_i, us_i)[0]),
        float(v[1].value(POINT, ec_p, us_p)[0]),
        float(v[2].value(POINT, ec_i, us_i)[0]),
    ]


@settings(max_examples=25, deadline=None)
@given(name=st.sampled_from(NAMES), mu_us=st.floats(0.0, 1.0), mu_ec=st.floats(0.0, 1.0))
def test_believed_values_equal_backward_induction(prepared, name, mu_us, mu_ec):
    scenario, grid = prepared[name]
    us_p, us_i, ec_p, ec_i = believed(grid, mu_us, mu_ec)
    params = guarantee_parameters(scenario).with_values(
        kappa_us_probe=us_p, kappa_us_invade=us_i, kappa_e_probe=ec_p, kappa_e_invade=ec_i
    )
    tree = build_guarantee_game(params)
    solution = backward_induction(tree.game)
    expected = [float(solution.values[c.id][0]) for c in tree.opportunist.children]
    assert np.allclose(values_under(grid, mu_us, mu_ec), expected, atol=1e-9)


def test_grid_matches_the_guarantee_solution(prepared):
    for scenario, grid in prepared.values():
        solution = solve_guarantee(scenario)
        choice = int(grid.choice[0])
        assert RUSSIA_ACTIONS[choice] == solution.russia_action
        h = scenario.actors.russia.hardliner_share
        distribution = np.zeros(len(OUTCOMES))
        for paths, weight in ((grid.paths[choice], 1.0 - h), (grid.paths[3], h)):
            np.add.at(distribution, paths.outcome, weight * paths.reach[0])
        for k, name in enumerate(OUTCOMES):
            assert distribution[k] == pytest.approx(solution.outcome_probabilities[name], abs=1e-9)
        mu = (float(grid.signal_us[1][0]), float(grid.signal_ec[1][0]))
        assert np.allclose(
            values_under(grid, *mu), [solution.russia_values[a] for a in RUSSIA_ACTIONS], atol=1e-9
        )


def test_paths_are_distributions(prepared):
    for _, grid in prepared.values():
        for paths in grid.paths:
            assert paths.reach[0].sum() == pytest.approx(1.0)
            assert len(paths.outcome) == paths.evidence.shape[1] == paths.payoffs.shape[1]
            drawn = paths.draw(np.zeros(2, dtype=np.int64), np.array([0.0, 0.999999]))
            positive = np.flatnonzero(paths.reach[0] > 0)
            assert drawn.tolist() == [positive[0], positive[-1]]
        assert OUTCOMES[int(grid.paths[0].outcome[0])] == "deterred"


def test_state_changes_the_game():
    scenario = preset("reassurance_force_rear")
    policy = StagePolicy(scenario, Dynamics())
    grid = policy.grid(policy.scenario_members)
    base, weak = policy.flat_index(np.array([1.0, 0.5]), np.array([1.0, 1.3]), np.array([0.8, 0.8]))
    kappa = np.array([0.3, 0.3])
    points = np.array([base, weak])
    invade = grid.values[2].value(points, kappa, kappa)
    assert invade[1] > invade[0]  # invading pays more against a weaker Ukraine
    assert policy.flat_index(np.array([1.01]), np.array([1.0]), np.array([0.8]))[0] == base
    alone = policy.grid(("Germany",))

    def columns(g: StageGrid) -> list[np.ndarray]:
        out = [*g.signal_ec, *g.signal_us]
        for v in g.values:
            out += [*v.pledged, *(x for option in v.free for x in option)]
        return out

    assert any(not np.array_equal(a, b) for a, b in zip(columns(alone), columns(grid), strict=True))
