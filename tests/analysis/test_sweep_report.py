"""Sweep findings, the figures chosen for a sweep, the report and the plot kinds."""

from __future__ import annotations

import json

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from SALib.sample import sobol as sobol_sample

from sim.analysis.sweep_report import (
    FIGURES,
    PLOT_KINDS,
    parameter_effect,
    render_sweep_report,
    sweep_findings,
    write_sweep_figures,
)
from sim.guarantee.names import ACTOR_KEYS, OUTCOMES

A = "guarantee.automaticity"
T = "guarantee.troops_on_ground"
W = "payoffs.war_cost_russia"


def guarantee_rows(a: np.ndarray, t: np.ndarray, **extra: np.ndarray) -> pd.DataFrame:
    """A static sweep's rows: deterred iff a + t/100 >= 1.1, accepted iff t <= 20."""
    n = a.size
    margin = a + t / 100 - 1.1
    deterred = margin >= -1e-12
    acceptable = t <= 20
    table = pd.DataFrame({"point": np.arange(n, dtype=np.int64), A: a, T: t, **extra})
    table["russia_action"] = np.where(deterred, "hold", np.where(a > 0.5, "probe", "invade"))
    table["deterred"] = deterred
    table["invasion_deterred"] = table["russia_action"] != "invade"
    table["deterrence_margin"] = margin
    table["acceptable"] = acceptable
    table["acceptance_margin"] = (20 - t) / 20
    table["viable"] = deterred & acceptable
    for outcome in OUTCOMES:
        table[f"p_{outcome}"] = 0.0
    table["p_deterred"] = deterred.astype(float)
    table["p_direct_war"] = (1 - deterred) * a * 0.1
    table["p_invasion_unopposed"] = 1 - table["p_deterred"] - table["p_direct_war"]
    for actor in ACTOR_KEYS:
        table[f"payoff_{actor}"] = -t / 10
    return table


def grid_sweep() -> tuple[pd.DataFrame, dict]:
    a, t = np.meshgrid(np.arange(21) / 20, 5.0 * np.arange(13), indexing="ij")
    table = guarantee_rows(a.ravel(), t.ravel())
    meta = {
        "kind": "guarantee",
        "scenario": "coalition_august_2025",
        "scenario_hash": "0123456789abcdef" * 4,
        "seed": 20250801,
        "sampler": "grid",
        "grid_shape": [21, 13],
        "parameters": [
            {"path": A, "kind": "numeric", "range": [0.0, 1.0], "log": False},
            {"path": T, "kind": "numeric", "range": [0.0, 60.0], "log": False},
        ],
        "uncertain": [],
        "outputs": [],
    }
    return table, meta


def one_parameter_sweep() -> tuple[pd.DataFrame, dict]:
    a = np.arange(21) / 20
    table = guarantee_rows(a, np.full(21, 10.0)).drop(columns=[T])
    meta = {
        "kind": "guarantee",
        "scenario": "one",
        "seed": 0,
        "sampler": "grid",
        "parameters": [{"path": A, "kind": "numeric", "range": [0.0, 1.0]}],
    }
    return table, meta


def sobol_sweep(n: int = 64) -> tuple[pd.DataFrame, dict]:
    problem = {"num_vars": 3, "names": ["a", "t", "w"], "bounds": [[0, 1]] * 3}
    x = sobol_sample.sample(problem, n, calc_second_order=False, scramble=True, seed=5)
    table = guarantee_rows(x[:, 0], 60 * x[:, 1], **{W: 1 + 2 * x[:, 2]})
    meta = {
        "kind": "guarantee",
        "scenario": "sobol",
        "seed": 5,
        "sampler": "sobol",
        "samples": n,
        "sobol": {"N": n, "calc_second_order": False},
        "parameters": [
            {"path": A, "kind": "numeric", "range": [0, 1]},
            {"path": T, "kind": "numeric", "range": [0, 60]},
            {"path": W, "kind": "numeric", "range": [1, 3]},
        ],
    }
    return table, meta


def game_sweep() -> tuple[pd.DataFrame, dict]:
    p = np.linspace(0.0, 1.0, 11)
    table = pd.DataFrame(
        {
            "point": np.arange(11),
            "game.parameters.p": p,
            "p_comply": 1 - p,
            "p_war": p,
            "payoff_row": p,
        }
    )
    meta = {
        "kind": "game",
        "scenario": "schelling_chance_threat",
        "seed": 0,
        "sampler": "grid",
        "parameters": [{"path": "game.parameters.p", "kind": "numeric", "range": [0, 1]}],
    }
    return table, meta


def test_findings_count_exactly_and_are_strict_json():
    table, meta = grid_sweep()
    findings = sweep_findings(table, meta)
    json.dumps(findings, allow_nan=False)
    i, j = np.meshgrid(np.arange(21), np.arange(13), indexing="ij")
    deterred = i + j >= 22
    assert findings["points"] == 273
    assert findings["share_deterred"] == pytest.approx(deterred.mean())
    assert findings["share_acceptable"] == pytest.approx((j <= 4).mean())
    assert findings["share_viable"] == pytest.approx((deterred & (j <= 4)).mean())
    best = findings["cheapest_viable"]
    # fewest troops among viable designs: t = 10 (j = 2) needs a = 1.0
    assert best["parameters"] == {A: 1.0, T: 10.0}
    effects = findings["effects"]
    assert effects[A]["direction"] == "raises deterrence margin"
    assert effects[T]["direction"] == "raises deterrence margin"
    assert effects[A]["spearman"] > 0


def test_a_parameter_with_no_effect_is_flagged_flat():
    table, meta = grid_sweep()
    both = pd.concat([table.assign(**{W: 1.0}), table.assign(**{W: 3.0})], ignore_index=True)
    meta = {**meta, "parameters": [*meta["parameters"], {"path": W, "kind": "numeric"}]}
    effects = sweep_findings(both, meta)["effects"]
    assert effects[W]["direction"] == "flat: a finding to explain"
    assert effects[A]["direction"] == "raises deterrence margin"


def test_effect_that_lowers_and_categorical_effect():
    t = np.tile(np.arange(5.0), 2)
    posture = np.repeat(["rear_hubs", "contact_line"], 5)
    table = pd.DataFrame(
        {
            "guarantee.response_delay_days": t,
            "guarantee.posture": posture,
            "deterrence_margin": -t + np.where(posture == "contact_line", 1.0, 0.0),
        }
    )
    assert parameter_effect(table, "guarantee.response_delay_days")["direction"] == (
        "lowers deterrence margin"
    )
    effect = parameter_effect(table, "guarantee.posture")
    assert effect["direction"] == "highest at contact line"
    assert effect["by_value"] == {"rear_hubs": -2.0, "contact_line": -1.0}


def test_findings_of_dynamic_robust_and_game_sweeps():
    table, meta = grid_sweep()
    table["p_invasion_within_horizon"] = np.linspace(0.1, 0.7, len(table))
    table["p_viable_robust"] = np.where(table["viable"], 0.95, 0.2)
    findings = sweep_findings(table, {**meta, "kind": "dynamic"})
    assert findings["invasion_within_horizon"] == pytest.approx(
        {"min": 0.1, "mean": 0.4, "max": 0.7}
    )
    assert findings["robustness"]["share_designs_viable_in_90pct_of_draws"] == pytest.approx(
        table["viable"].mean()
    )
    game, gmeta = game_sweep()
    findings = sweep_findings(game, gmeta)
    assert findings["outcome_shares"] == pytest.approx({"comply": 0.5, "war": 0.5})
    assert "share_deterred" not in findings


def test_findings_without_viable_designs_say_none():
    table, meta = grid_sweep()
    findings = sweep_findings(table.assign(viable=False), meta)
    assert findings["cheapest_viable"] is None
    assert findings["share_viable"] == 0.0


def test_grid_sweep_writes_map_viable_threshold_frontier_and_prim(tmp_path):
    plt.close("all")
    table, meta = grid_sweep()
    names = write_sweep_figures(tmp_path, table, meta)
    assert names == [
        "deterrence_map.png",
        "viable_set.png",
        "threshold_curve.png",
        "design_frontier.png",
        "prim_viable.png",
    ]
    for name in names:
        assert (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert plt.get_fignums() == []


def test_tornado_and_robustness_figures_are_added_when_they_apply(tmp_path):
    table, meta = grid_sweep()
    table["p_viable_robust"] = np.where(table["viable"], 0.95, 0.2)
    tornado = pd.DataFrame(
        {
            "constant": ["payoffs.war_cost_russia"],
            "low": [1.0],
            "high": [3.0],
            "base": [2.0],
            "deterrence_margin_low": [-0.1],
            "deterrence_margin_high": [0.3],
            "deterrence_margin_base": [0.1],
            "acceptance_margin_low": [0.2],
            "acceptance_margin_high": [0.1],
            "acceptance_margin_base": [0.15],
        }
    )
    names = write_sweep_figures(tmp_path, table, meta, tornado=tornado)
    assert "robustness_map.png" in names and "tornado.png" in names


def test_one_parameter_sobol_dynamic_and_game_sweeps_get_their_figures(tmp_path):
    table, meta = one_parameter_sweep()
    assert write_sweep_figures(tmp_path / "one", table, meta) == [
        "margins.png",
        "design_frontier.png",
    ]
    table, meta = sobol_sweep()
    names = write_sweep_figures(tmp_path / "sobol", table, meta)
    # a map over two of three sampled parameters would mostly show the third's noise
    assert "sobol_indices.png" in names and "deterrence_map.png" not in names
    two = {**meta, "sampler": "lhs", "parameters": meta["parameters"][:2]}
    names = write_sweep_figures(tmp_path / "lhs", table, two)
    assert names[:2] == ["deterrence_map.png", "viable_set.png"]
    table, meta = grid_sweep()
    table["p_invasion_within_horizon"] = np.clip(1.2 - table[A] - table[T] / 100, 0, 1)
    names = write_sweep_figures(tmp_path / "dyn", table, {**meta, "kind": "dynamic"})
    assert names[-1] == "invasion_map.png"
    game, gmeta = game_sweep()
    assert write_sweep_figures(tmp_path / "game", game, gmeta) == ["outcomes.png"]


def test_no_prim_when_every_design_is_viable(tmp_path):
    table, meta = grid_sweep()
    names = write_sweep_figures(tmp_path, table.assign(viable=True), meta)
    assert "prim_viable.png" not in names


def test_report_says_what_was_swept_and_embeds_each_figure(tmp_path):
    table, meta = grid_sweep()
    names = write_sweep_figures(tmp_path, table, meta)
    findings = sweep_findings(table, meta)
    report = render_sweep_report(table, meta, findings, names)
    assert report.startswith("# Sweep: coalition_august_2025\n")
    assert "273 designs (21 × 13 grid)" in report
    assert "sampler `grid`" in report and "root seed 20250801" in report
    assert "`0123456789abcdef`" in report
    assert f"| `{A}` | numeric | 0 to 1 |" in report
    assert "Cheapest viable design" in report
    for name in names:
        title, _ = FIGURES[name]
        assert f"![{title}]({name})" in report
    assert report.count("*How to read.*") == len(names)
    assert report.index("deterrence_map.png") < report.index("design_frontier.png")


def test_report_when_nothing_is_viable():
    table, meta = grid_sweep()
    table["viable"] = False
    report = render_sweep_report(table, meta, sweep_findings(table, meta), [])
    assert "No swept design is viable" in report
    assert "## Figures" not in report


def test_plot_kinds_are_the_documented_names():
    assert set(PLOT_KINDS) == {
        "map",
        "viable",
        "threshold",
        "sobol",
        "tornado",
        "prim",
        "robustness",
        "frontier",
        "margins",
        "invasion",
        "outcomes",
    }


@pytest.mark.parametrize("kind", ["map", "viable", "threshold", "frontier", "margins", "prim"])
def test_each_kind_draws_on_a_grid_sweep(kind):
    table, meta = grid_sweep()
    ax = Figure().add_subplot()
    assert PLOT_KINDS[kind](table, meta, ax) is ax
    assert ax.get_title()


def test_kinds_with_options_draw():
    table, meta = sobol_sweep()
    ax = PLOT_KINDS["sobol"](table, meta, None, output="acceptance_margin")
    assert isinstance(ax, Axes)
    assert ax.get_title() == "Sobol indices of acceptance margin"
    ax = PLOT_KINDS["map"](table, meta, None, x=W, y=A)
    assert ax.get_xlabel().startswith("war cost Russia")
    game, gmeta = game_sweep()
    assert PLOT_KINDS["outcomes"](game, gmeta, None).get_ylabel() == "probability"


@pytest.mark.parametrize(
    ("kind", "sweep", "message"),
    [
        ("map", one_parameter_sweep, "needs two swept parameters.*--kind margins"),
        ("viable", one_parameter_sweep, "needs two swept parameters"),
        ("sobol", grid_sweep, "sampler: sobol.*used `grid`"),
        ("tornado", grid_sweep, "tornado.parquet"),
        ("robustness", grid_sweep, "uncertain:"),
        ("invasion", grid_sweep, "dynamic sweeps"),
        ("prim", one_parameter_sweep, "two or more swept parameters"),
        ("map", game_sweep, "`game` sweep.*--kind outcomes"),
        ("frontier", game_sweep, "`game` sweep"),
    ],
)
def test_a_kind_that_does_not_fit_says_why(kind, sweep, message):
    table, meta = sweep()
    with pytest.raises(ValueError, match=message):
        PLOT_KINDS[kind](table, meta, None)


def test_threshold_kind_without_a_lever_says_what_would_fit():
    table, meta = grid_sweep()
    table = table.rename(columns={A: "payoffs.x", T: "payoffs.y"})
    meta = {
        **meta,
        "parameters": [{"path": "payoffs.x", "kind": "numeric"}, {"path": "payoffs.y"}],
    }
    with pytest.raises(ValueError, match=r"numeric lever.*guarantee\.automaticity"):
        PLOT_KINDS["threshold"](table, meta, None)
    assert PLOT_KINDS["threshold"](table, meta, None, lever="payoffs.x", against="payoffs.y")


def test_prim_kind_with_every_design_viable_says_so():
    table, meta = grid_sweep()
    with pytest.raises(ValueError, match="holds at every design"):
        PLOT_KINDS["prim"](table.assign(viable=True), meta, None)
