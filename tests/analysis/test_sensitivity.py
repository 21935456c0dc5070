"""Sensitivity: Sobol indices (checked on the Ishigami function), the tornado, PRIM boxes."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from matplotlib.patches import Rectangle
from SALib.sample import sobol as sobol_sample

from sim.analysis.sensitivity import (
    plot_prim,
    plot_prim_trajectory,
    plot_sobol,
    plot_tornado,
    prim_boxes,
    prim_summary,
    sobol_indices,
)

ISHIGAMI_A, ISHIGAMI_B = 7.0, 0.1


def ishigami_analytic(a: float, b: float) -> tuple[np.ndarray, np.ndarray]:
    """First-order and total indices of the Ishigami function, x_i ~ U(-π, π).

    Closed forms from Ishigami & Homma (1990), as given by Saltelli et al. (2008), *Global
    Sensitivity Analysis: The Primer*, p. 179:
    V = a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2, V1 = (1 + bπ⁴/5)²/2, V2 = a²/8, V3 = 0,
    V13 = b²π⁸(1/18 − 1/50); S_i = V_i/V, S_T1 = (V1 + V13)/V, S_T2 = V2/V, S_T3 = V13/V.
    """
    pi = np.pi
    v = a**2 / 8 + b * pi**4 / 5 + b**2 * pi**8 / 18 + 0.5
    v1 = 0.5 * (1 + b * pi**4 / 5) ** 2
    v2 = a**2 / 8
    v13 = b**2 * pi**8 * (1 / 18 - 1 / 50)
    return np.array([v1, v2, 0.0]) / v, np.array([v1 + v13, v2, v13]) / v


def ishigami_sweep(n: int = 1024, seed: int = 20250801):
    names = ["x1", "x2", "x3"]
    problem = {"num_vars": 3, "names": names, "bounds": [[-np.pi, np.pi]] * 3}
    x = sobol_sample.sample(problem, n, calc_second_order=False, scramble=True, seed=seed)
    y = (
        np.sin(x[:, 0])
        + ISHIGAMI_A * np.sin(x[:, 1]) ** 2
        + ISHIGAMI_B * x[:, 2] ** 4 * np.sin(x[:, 0])
    )
    points = pd.DataFrame({"point": np.arange(len(y)), **dict(zip(names, x.T, strict=True))})
    points["y"] = y
    meta = {
        "kind": "guarantee",
        "sampler": "sobol",
        "seed": seed,
        "sobol": {"N": n, "calc_second_order": False},
        "parameters": [{"path": p, "kind": "numeric", "range": [-np.pi, np.pi]} for p in names],
    }
    return points, meta


def test_analytic_ishigami_indices_are_the_published_values():
    s1, st = ishigami_analytic(7.0, 0.1)
    np.testing.assert_allclose(s1, [0.3139, 0.4424, 0.0], atol=5e-5)
    np.testing.assert_allclose(st, [0.5576, 0.4424, 0.2437], atol=5e-5)


def test_sobol_indices_of_ishigami_match_the_analytic_values_within_salib_intervals():
    # From Ishigami & Homma (1990); Saltelli et al. (2008), p. 179. The intervals are SALib's
    # own 95 % bootstrap intervals, not widened.
    points, meta = ishigami_sweep()
    indices = sobol_indices(points, meta, "y")
    s1, st = ishigami_analytic(ISHIGAMI_A, ISHIGAMI_B)
    assert list(indices.index) == ["x1", "x2", "x3"]
    assert (np.abs(indices["S1"] - s1) <= indices["S1_conf"]).all(), indices
    assert (np.abs(indices["ST"] - st) <= indices["ST_conf"]).all(), indices
    # and the intervals are tight enough to mean something
    assert (indices[["S1_conf", "ST_conf"]] < 0.1).all().all()


def test_sobol_indices_use_row_order_by_point_and_are_reproducible():
    points, meta = ishigami_sweep(256)
    first = sobol_indices(points, meta, "y")
    shuffled = points.sample(frac=1.0, random_state=3)
    pd.testing.assert_frame_equal(first, sobol_indices(shuffled, meta, "y"))


def test_sobol_indices_read_a_boolean_output_as_a_probability():
    points, meta = ishigami_sweep(256)
    points["deterred"] = points["x2"] > 0
    indices = sobol_indices(points, meta, "deterred")
    assert indices.loc["x2", "ST"] > 0.8
    assert indices.loc["x1", "ST"] < 0.05


def test_sobol_indices_need_a_sobol_sweep():
    points, meta = ishigami_sweep(64)
    with pytest.raises(ValueError, match=r"sampler: sobol.*used `grid`"):
        sobol_indices(points, {**meta, "sampler": "grid"}, "y")


def test_sobol_indices_reject_a_filtered_table_and_a_constant_output():
    points, meta = ishigami_sweep(64)
    with pytest.raises(ValueError, match=r"N·\(D\+2\)"):
        sobol_indices(points.iloc[:-1], meta, "y")
    with pytest.raises(ValueError, match="N = 128, so 640 rows"):
        sobol_indices(points, {**meta, "sobol": {"N": 128}}, "y")
    points["flat"] = 1.0
    with pytest.raises(ValueError, match="no variance"):
        sobol_indices(points, meta, "flat")


def test_plot_sobol_draws_two_bars_per_parameter_largest_total_on_top():
    points, meta = ishigami_sweep(256)
    indices = sobol_indices(points, meta, "y")
    ax = plot_sobol(indices, output="y")
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(bars) == 6
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks == ["x3", "x2", "x1"]  # sorted by ST, largest (x1) at the top
    assert ax.get_title() == "Sobol indices of y"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "first order $S_1$ (alone)",
        "total $S_T$ (with interactions)",
    ]


def tornado_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "constant": ["payoffs.a_cost", "payoffs.b_gain", "payoffs.c_risk"],
            "low": [1.0, 0.2, 3.0],
            "high": [3.0, 0.8, 6.0],
            "base": [2.0, 0.5, 4.0],
            "deterrence_margin_low": [-0.4, 0.05, 0.3],
            "deterrence_margin_high": [0.5, 0.15, -0.2],
            "deterrence_margin_base": [0.1, 0.1, 0.1],
        }
    )


def test_tornado_sorts_constants_by_swing_and_marks_the_base():
    ax = plot_tornado(tornado_table(), "deterrence_margin")
    ticks = [t.get_text().split("  ")[0] for t in ax.get_yticklabels()]
    assert ticks == ["b gain", "c risk", "a cost"]  # swings 0.1, 0.5, 0.9: largest on top
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(bars) == 6
    # the "a cost" low bar runs from the base 0.1 to -0.4
    lows = sorted((b.get_x(), b.get_x() + b.get_width()) for b in bars)
    assert lows[0] == pytest.approx((0.1, -0.4))
    labels = [line.get_label() for line in ax.get_lines()]
    assert "base design (0.1)" in labels
    assert "[1–3]" in ax.get_yticklabels()[-1].get_text()


def test_tornado_shows_the_largest_swings_and_says_how_many_it_left_out():
    table = tornado_table()
    table.loc[len(table)] = ["payoffs.d_none", 0.0, 1.0, 0.5, 0.1, 0.1, 0.1]
    ax = plot_tornado(table, "deterrence_margin", top=2)
    ticks = [t.get_text().split("  ")[0] for t in ax.get_yticklabels()]
    assert ticks == ["c risk", "a cost"]
    assert "(2 constants with smaller or no swing not shown)" in ax.get_title()
    ax = plot_tornado(table, "deterrence_margin", top=None)
    assert len(ax.get_yticklabels()) == 3  # the constant that moves nothing is left out


def test_tornado_names_missing_columns():
    with pytest.raises(ValueError, match="acceptance_margin_low"):
        plot_tornado(tornado_table(), "acceptance_margin")


def prim_points(n: int = 3000, seed: int = 0) -> tuple[pd.DataFrame, dict]:
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 1, (n, 3))
    posture = rng.choice(["rear_hubs", "near_front", "contact_line"], n)
    viable = (x[:, 0] >= 0.6) & (x[:, 1] <= 0.5) & (posture != "contact_line")
    points = pd.DataFrame(
        {
            "guarantee.automaticity": x[:, 0],
            "guarantee.monitoring": x[:, 1],
            "guarantee.snapback_sanctions": x[:, 2],
            "guarantee.posture": posture,
            "viable": viable,
        }
    )
    meta = {
        "seed": 1,
        "parameters": [
            {"path": c, "kind": "numeric"}
            for c in ("guarantee.automaticity", "guarantee.monitoring")
        ]
        + [{"path": "guarantee.snapback_sanctions"}, {"path": "guarantee.posture"}],
    }
    return points, meta


def test_prim_recovers_a_known_viable_box():
    # Friedman & Fisher (1999): the true box is automaticity >= 0.6, monitoring <= 0.5 and
    # posture not at the contact line; snapback sanctions are irrelevant.
    points, meta = prim_points()
    result = prim_boxes(points, meta, threshold=0.95)
    limits = result.limits
    assert set(limits.index) == {
        "guarantee.automaticity",
        "guarantee.monitoring",
        "guarantee.posture",
    }
    assert limits.loc["guarantee.automaticity", "low"] == pytest.approx(0.6, abs=0.05)
    assert limits.loc["guarantee.monitoring", "high"] == pytest.approx(0.5, abs=0.05)
    assert limits.loc["guarantee.posture", "values"] == ["near_front", "rear_hubs"]
    assert result.meets_threshold and result.density >= 0.95
    assert result.coverage >= 0.8
    assert re.fullmatch(
        r"automaticity ≥ 0\.[56]\d* and monitoring ≤ 0\.[45]\d* and posture in "
        r"\{near_front, rear_hubs\}",
        result.describe(),
    )
    summary = prim_summary(result)
    assert summary["box"]["guarantee.posture"] == {"values": ["near_front", "rear_hubs"]}


def test_prim_says_when_the_target_never_or_always_holds():
    points, meta = prim_points(300)
    with pytest.raises(ValueError, match="holds at no design"):
        prim_boxes(points.assign(viable=False), meta)
    with pytest.raises(ValueError, match="holds at every design"):
        prim_boxes(points.assign(viable=True), meta)
    with pytest.raises(ValueError, match="two or more swept parameters"):
        prim_boxes(points, {"parameters": meta["parameters"][:1]})


def test_prim_reads_a_numeric_target_with_a_cutoff():
    points, meta = prim_points(1500)
    points["p_viable_robust"] = points["viable"].astype(float) * 0.9
    result = prim_boxes(points, meta, target="p_viable_robust", threshold=0.9)
    assert result.n_target == int(points["viable"].sum())


def test_prim_plots_the_box_and_the_trajectory():
    points, meta = prim_points(1500)
    result = prim_boxes(points, meta)
    ax = plot_prim(result)
    assert len(ax.get_yticklabels()) == len(result.limits)
    assert "PRIM box" in ax.get_title()
    assert list(result.limits["cut"]) == sorted(result.limits["cut"], reverse=True)
    one = plot_prim(result, top=1)
    assert len(one.get_yticklabels()) == 1
    assert f"({len(result.limits) - 1} parameters trimmed less are not shown)" in one.get_title()
    ax2 = plot_prim_trajectory(result)
    assert ax2.get_xlabel().startswith("coverage")
    assert len(ax2.collections[0].get_offsets()) == len(result.trajectory)
