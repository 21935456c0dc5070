"""Salami tactics (Schelling 1966, ch. 2): a gray-zone trigger with weak monitoring lets probes go
unanswered. Each unanswered probe erodes the guarantors' stake; the coalition's members pay for it
and leave when their costs mount, smallest first; the guarantee's signal of commitment falls with
the coalition and invading starts to pay. The same guarantee with a trigger covering any violation
answers probes, deters them, and keeps coalition, belief and risk flat. Probes the trigger does not
cover teach Russia nothing about the invasion commitment (it learns only from covered violations).
Tested on the two presets, first with coalition politics and learning alone, then with the presets'
own dynamics.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.experiments.replicates import run_dynamics

from .conftest import preset, run_models

REPLICATES = 300


def opportunist_invades(models, quarters: slice) -> float:
    acts = np.stack([m.record["russia_action"][quarters] for m in models])
    hard = np.stack([m.record["hardliner"][quarters] for m in models])
    return float((acts[~hard] == 2).mean())


def mean_at(models, field: str, quarter: int) -> float:
    return float(np.mean([m.record[field][quarter] for m in models]))


@pytest.fixture(scope="module")
def coalition_politics():
    out = {}
    for name in ("salami_gray_zone", "salami_any_violation"):
        scenario = preset(name, quarters=40, learning=True, coalition={"enabled": True})
        out[name] = run_models(scenario, REPLICATES, root=5)
    return out


def test_gray_zone_probes_hollow_out_the_coalition(coalition_politics):
    models = coalition_politics["salami_gray_zone"]
    assert mean_at(models, "coalition_size", -1) < mean_at(models, "coalition_size", 0) - 6
    assert mean_at(models, "belief_ec", -1) < mean_at(models, "belief_ec", 0) - 0.3


def test_gray_zone_invasion_risk_rises(coalition_politics):
    models = coalition_politics["salami_gray_zone"]
    # 1,500 and 3,000 quarters: binomial standard errors below 0.015
    assert (
        opportunist_invades(models, slice(30, 40)) > opportunist_invades(models, slice(0, 5)) + 0.2
    )


def test_gray_zone_probes_are_unanswered(coalition_politics):
    models = coalition_politics["salami_gray_zone"]
    probes = sum(m.totals["probes"] for m in models)
    assert probes > 0
    assert sum(m.totals["unanswered_probes"] for m in models) == probes


def test_any_violation_trigger_keeps_coalition_belief_and_risk_flat(coalition_politics):
    models = coalition_politics["salami_any_violation"]
    assert mean_at(models, "coalition_size", -1) > mean_at(models, "coalition_size", 0) - 2
    assert abs(mean_at(models, "belief_ec", -1) - mean_at(models, "belief_ec", 0)) < 0.1
    assert opportunist_invades(models, slice(30, 40)) < 0.05
    assert sum(m.totals["probes"] for m in models) == 0  # probes deterred


def test_uncovered_probes_teach_nothing():
    # Learning alone: the gray-zone probes are not covered by the armed-attack trigger, so they
    # say nothing about the commitment to answer an invasion; beliefs move only where a covered
    # violation (a hard-liner's invasion) was answered in a way an uncommitted guarantor would not.
    models = run_models(preset("salami_gray_zone", quarters=40, learning=True), 100, root=5)
    for m in models:
        if not m.record["hardliner"].any():
            assert m.totals["probes"] > 0
            assert np.ptp(m.record["belief_ec"]) == 0.0 and np.ptp(m.record["belief_us"]) == 0.0


def test_presets_with_their_own_dynamics(tmp_path):
    summaries, series = {}, {}
    for name in ("salami_gray_zone", "salami_any_violation"):
        out = tmp_path / name
        summaries[name] = run_dynamics(preset(name), replicates=200, root_seed=3, out_dir=out)
        series[name] = pd.read_parquet(out / "timeseries.parquet")
    gray, control = series["salami_gray_zone"], series["salami_any_violation"]

    def drop(ts: pd.DataFrame, column: str) -> float:
        by_quarter = ts.groupby("quarter")[column].mean()
        return float(by_quarter.iloc[0] - by_quarter.iloc[-1])

    assert drop(gray, "belief_ec") > 0.3 and drop(control, "belief_ec") < 0.1
    assert drop(gray, "coalition_size") > 6 and drop(control, "coalition_size") < 2
    assert summaries["salami_gray_zone"].probes_per_run > 5
    assert summaries["salami_any_violation"].probes_per_run < 1
    assert (
        summaries["salami_gray_zone"].p_invasion_within_horizon
        > summaries["salami_any_violation"].p_invasion_within_horizon + 0.5
    )
