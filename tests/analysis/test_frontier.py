"""The design frontier (Pareto set) and the cheapest viable design."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.analysis.frontier import (
    AIRCRAFT,
    TROOPS,
    cheapest_viable,
    cost_axis,
    design_frontier,
    plot_design_frontier,
)


def brute_force(z: np.ndarray) -> np.ndarray:
    """Non-dominated rows by the definition, one pair at a time (minimise every column)."""
    n = len(z)
    keep = np.ones(n, dtype=bool)
    for i in range(n):
        for j in range(n):
            if np.all(z[j] <= z[i]) and np.any(z[j] < z[i]):
                keep[i] = False
                break
    return keep


def test_known_front_in_two_objectives():
    # cost down, margin up: A(1, 0), B(2, 1), C(2, 0.5) dominated by B, D(3, 1) by B,
    # E(0, -1) cheapest, F(4, 2) best margin
    table = pd.DataFrame(
        {"cost": [1.0, 2.0, 2.0, 3.0, 0.0, 4.0], "margin": [0.0, 1.0, 0.5, 1.0, -1.0, 2.0]}
    )
    mask = design_frontier(table, minimize=["cost"], maximize=["margin"])
    assert mask.tolist() == [True, True, False, False, True, True]


def test_known_front_in_three_objectives():
    table = pd.DataFrame(
        {
            "troops": [0.0, 10.0, 10.0, 20.0],
            "deterrence_margin": [0.1, 0.5, 0.4, 0.5],
            "acceptance_margin": [0.3, 0.2, 0.1, 0.3],
        }
    )
    mask = design_frontier(table, ["troops"], ["deterrence_margin", "acceptance_margin"])
    # row 2 is beaten by row 1 on everything; row 3 costs more but accepts better than row 1
    assert mask.tolist() == [True, True, False, True]


def test_rows_with_missing_objectives_are_never_on_the_front_and_dominate_nothing():
    table = pd.DataFrame({"cost": [np.nan, 1.0, 2.0], "margin": [10.0, 0.0, 1.0]})
    assert design_frontier(table, ["cost"], ["margin"]).tolist() == [False, True, True]


def test_duplicates_are_all_on_the_front():
    table = pd.DataFrame({"cost": [1.0, 1.0, 2.0], "margin": [1.0, 1.0, 0.0]})
    assert design_frontier(table, ["cost"], ["margin"]).tolist() == [True, True, False]


def test_design_frontier_needs_an_objective():
    with pytest.raises(ValueError, match="at least one column"):
        design_frontier(pd.DataFrame({"a": [1.0]}), [], [])


small_ints = st.lists(st.tuples(*(st.integers(0, 4) for _ in range(3))), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(rows=small_ints)
def test_both_algorithms_equal_the_definition(rows):
    z = np.array(rows, dtype=float)
    table = pd.DataFrame(z, columns=["a", "b", "c"])
    # two objectives: the sort; three: the chunked pairwise comparison
    two = design_frontier(table, ["a"], ["b"])
    np.testing.assert_array_equal(two, brute_force(np.column_stack([z[:, 0], -z[:, 1]])))
    three = design_frontier(table, ["a", "c"], ["b"])
    np.testing.assert_array_equal(three, brute_force(np.column_stack([z[:, 0], z[:, 2], -z[:, 1]])))


def test_pairwise_path_handles_several_chunks():
    rng = np.random.default_rng(4)
    z = rng.integers(0, 30, size=(1300, 3)).astype(float)
    table = pd.DataFrame(z, columns=["a", "b", "c"])
    mask = design_frontier(table, ["a", "b", "c"], [])
    np.testing.assert_array_equal(mask, brute_force(z))


def designs() -> tuple[pd.DataFrame, dict]:
    table = pd.DataFrame(
        {
            "point": [0, 1, 2, 3, 4, 5],
            TROOPS: [30.0, 10.0, 10.0, 10.0, 0.0, 10.0],
            AIRCRAFT: [0.0, 40.0, 20.0, 20.0, 0.0, 20.0],
            "payoff_united_states": [0.0, 0.0, -1.0, 0.5, 0.0, 0.5],
            "payoff_european_coalition": [0.0, 0.0, -1.0, -0.5, 0.0, 0.0],
            "viable": [True, True, True, True, False, True],
            "deterred": [True, True, True, True, False, True],
            "deterrence_margin": [0.9, 0.5, 0.4, 0.3, -0.2, 0.2],
            "acceptance_margin": [0.05, 0.1, 0.2, 0.3, 0.9, 0.25],
            "guarantee.posture": ["near_front"] * 6,
        }
    )
    meta = {
        "parameters": [
            {"path": TROOPS, "kind": "numeric"},
            {"path": AIRCRAFT, "kind": "numeric"},
            {"path": "guarantee.posture", "kind": "categorical"},
        ]
    }
    return table, meta


def test_cheapest_viable_is_lexicographic_troops_aircraft_payoff_point():
    table, meta = designs()
    best = cheapest_viable(table, meta)
    # point 4 has no troops but is not viable; 10k troops: 20 aircraft beats 40; among
    # points 2, 3, 5 the guarantors' payoffs sum to -2, 0, 0.5: point 5
    assert best is not None
    assert best["point"] == 5
    assert best["parameters"] == {TROOPS: 10.0, AIRCRAFT: 20.0, "guarantee.posture": "near_front"}
    assert best["deterrence_margin"] == 0.2
    assert best["guarantor_payoff"] == 0.5
    assert best["cost"] == {TROOPS: 10.0, AIRCRAFT: 20.0}
    # equal on everything: the lower point number
    table.loc[3, "payoff_european_coalition"] = 0.0
    assert cheapest_viable(table, meta)["point"] == 3


def test_cheapest_viable_is_none_without_viable_designs_and_json_ready():
    table, meta = designs()
    assert cheapest_viable(table.assign(viable=False), meta) is None
    best = cheapest_viable(table, meta)
    assert all(type(v) in (int, float, str) for v in best["parameters"].values())


def test_cost_axis_prefers_troops_then_aircraft_then_payoffs():
    table, _ = designs()
    assert cost_axis(table)[1] == "troops on ground (thousand personnel)"
    assert cost_axis(table.drop(columns=[TROOPS]))[1] == "air assets (aircraft)"
    values, label = cost_axis(table.drop(columns=[TROOPS, AIRCRAFT]))
    assert label.startswith("guarantors' expected loss")
    np.testing.assert_allclose(values, [0.0, 0.0, 2.0, 0.0, 0.0, -0.5])


def test_frontier_plot_marks_deterring_designs_the_front_and_the_cheapest():
    table, meta = designs()
    ax = plot_design_frontier(table, meta)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == [
        "does not deter",
        "deters",
        "Russia accepts (margin ≥ 0)",
        "frontier of deterring designs",
        "cheapest viable design",
    ]
    (front,) = [line for line in ax.get_lines() if line.get_label().startswith("frontier")]
    # deterring designs in (troops, acceptance margin): (10, 0.3) beats every other 10k
    # design and (30, 0.05); nothing deterring is cheaper
    np.testing.assert_allclose(front.get_xdata(), [10.0])
    np.testing.assert_allclose(front.get_ydata(), [0.3])
    (note,) = ax.texts
    assert note.get_text().splitlines()[:2] == ["cheapest viable:", "troops on ground = 10"]
    assert ax.get_xlabel() == "troops on ground (thousand personnel)"


def test_frontier_plot_says_when_nothing_is_viable():
    table, meta = designs()
    ax = plot_design_frontier(table.assign(viable=False), meta)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "(no swept design is viable)" in labels
    assert not ax.texts
