"""Salami tactics (Schelling 1966, ch. 2): a gray-zone trigger with weak monitoring lets probes go
unanswered; with learning on, Russia's belief in the guarantee erodes and the risk of invasion
rises. The same guarantee with a trigger covering any violation answers probes, deters them, and
keeps both belief and risk flat. Tested on the two presets, first with every other dynamic off
(learning alone), then with the presets' own dynamics.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.experiments.replicates import run_dynamics

from .conftest import preset, run_models

REPLICATES = 300


def window_share(models, field: str, value: int, quarters: slice) -> float:
    rows = np.stack([m.record[field][quarters] for m in models])
    return float((rows == value).mean())


@pytest.fixture(scope="module")
def learning_only():
    out = {}
    for name in ("salami_gray_zone", "salami_any_violation"):
        scenario = preset(name, quarters=40, learning=True, belief_strength=4)
        out[name] = run_models(scenario, REPLICATES, root=5)
    return out


def test_gray_zone_belief_erodes(learning_only):
    models = learning_only["salami_gray_zone"]
    first = np.mean([m.record["belief_ec"][0] for m in models])
    last = np.mean([m.record["belief_ec"][-1] for m in models])
    # erosion stops near the belief at which invading starts to pay: answered invasions then
    # push the belief back up
    assert last < first - 0.2


def test_gray_zone_invasion_risk_rises(learning_only):
    models = learning_only["salami_gray_zone"]
    early = window_share(models, "russia_action", 2, slice(0, 5))
    late = window_share(models, "russia_action", 2, slice(30, 40))
    # 1,500 and 3,000 quarters: binomial standard errors below 0.01
    assert late > early + 0.1


def test_gray_zone_probes_are_unanswered(learning_only):
    models = learning_only["salami_gray_zone"]
    probes = sum(m.totals["probes"] for m in models)
    assert probes > 0
    assert sum(m.totals["unanswered_probes"] for m in models) == probes


def test_any_violation_trigger_keeps_belief_and_risk_flat(learning_only):
    models = learning_only["salami_any_violation"]
    first = np.mean([m.record["belief_ec"][0] for m in models])
    last = np.mean([m.record["belief_ec"][-1] for m in models])
    assert abs(last - first) < 0.1
    early = window_share(models, "russia_action", 2, slice(0, 5))
    late = window_share(models, "russia_action", 2, slice(30, 40))
    assert abs(late - early) < 0.05
    assert window_share(models, "russia_action", 1, slice(0, 40)) < 0.02  # probes deterred


def test_presets_with_their_own_dynamics(tmp_path):
    summaries, series = {}, {}
    for name in ("salami_gray_zone", "salami_any_violation"):
        out = tmp_path / name
        summaries[name] = run_dynamics(preset(name), replicates=200, root_seed=3, out_dir=out)
        series[name] = pd.read_parquet(out / "timeseries.parquet")
    gray, control = series["salami_gray_zone"], series["salami_any_violation"]

    def belief_drop(ts: pd.DataFrame) -> float:
        by_quarter = ts.groupby("quarter").belief_ec.mean()
        return float(by_quarter.iloc[0] - by_quarter.iloc[-1])

    assert belief_drop(gray) > 0.3
    assert belief_drop(control) < 0.2
    assert summaries["salami_gray_zone"].probes_per_run > 5
    assert summaries["salami_any_violation"].probes_per_run < 1
    assert (
        summaries["salami_gray_zone"].p_invasion_within_horizon
        >= summaries["salami_any_violation"].p_invasion_within_horizon
    )
