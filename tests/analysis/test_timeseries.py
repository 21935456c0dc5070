"""Figures of the repeated game."""

from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.figure import Figure

from sim.analysis.timeseries import (
    FIGURE_FILES,
    plot_band,
    plot_dynamics_figures,
    plot_escalation,
    plot_survival,
    survival_curve,
)
from sim.experiments.replicates import run_dynamics
from sim.scenario.dynamics import Dynamics
from sim.scenario.schema import Scenario


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("dyn")
    scenario = Scenario(name="fig", dynamics=Dynamics.static(quarters=6, learning=True))
    run_dynamics(scenario, replicates=20, root_seed=2, out_dir=out)
    return out


def test_band_uses_the_given_axes_and_brackets_the_mean():
    ts = pd.DataFrame({"quarter": [1, 1, 1, 2, 2, 2], "x": [0.0, 1.0, 2.0, 3.0, 3.0, 3.0]})
    ax = Figure().add_subplot()
    assert plot_band(ts, "x", ax=ax) is ax
    line = ax.get_lines()[0]
    assert list(line.get_ydata()) == [1.0, 3.0]


def test_survival_curve_is_monotone_and_exact():
    runs = pd.DataFrame({"first_invasion": [1, 1, 3, -1]})
    curve = survival_curve(runs, 4)
    assert curve.tolist() == [1.0, 0.5, 0.5, 0.25, 0.25]
    ax = plot_survival(runs, 4)
    assert ax.get_ylabel().startswith("share of runs")


def test_escalation_shares_sum_to_one():
    ts = pd.DataFrame({"quarter": [1, 1, 2, 2], "escalation": [0, 2, 4, 4]})
    ax = plot_escalation(ts)
    assert len(ax.collections) == 5  # one area per rung, empty ones included


def test_dynamics_figures_are_written(folder):
    paths = plot_dynamics_figures(folder)
    assert [p.name for p in paths] == list(FIGURE_FILES)
    for p in paths:
        assert p.stat().st_size > 10_000
        assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
