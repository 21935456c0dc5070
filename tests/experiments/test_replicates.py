"""Replicates of the repeated game: reproducibility across executors, outputs and summary."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from sim.experiments.replicates import (
    RUN_COLUMNS,
    RUNS_FILE,
    TIMESERIES_FILE,
    progress_bar,
    run_dynamics,
)
from sim.scenario.dynamics import Dynamics
from sim.scenario.schema import Scenario

SUMMARY_KEYS = {
    "p_invasion_within_horizon",
    "median_quarters_to_invasion",
    "share_quarters_at_peace",
    "probes_per_run",
    "unanswered_probe_share",
    "p_direct_guarantor_war",
    "mean_costs",
    "equilibrium_consistency",
    "replicates",
    "quarters",
}


def scenario(**dynamics) -> Scenario:
    base = {
        "quarters": 8,
        "learning": True,
        "logit_precision": 3.0,
        "war": {"enabled": True},
        "ukraine": {"enabled": True},
    }
    base.update(dynamics)
    return Scenario.model_validate(
        {
            "name": "replicates",
            "guarantee": {"trigger": "armed_attack", "monitoring": 0.4, "air_assets": 40},
            "dynamics": base,
        }
    )


def read(folder):
    return (
        pd.read_parquet(folder / TIMESERIES_FILE),
        pd.read_parquet(folder / RUNS_FILE),
    )


def test_serial_and_process_pool_give_identical_outputs(tmp_path):
    s = scenario()
    serial = run_dynamics(s, replicates=60, root_seed=9, out_dir=tmp_path / "a", chunk_size=15)
    pooled = run_dynamics(
        s, replicates=60, root_seed=9, out_dir=tmp_path / "b", chunk_size=15, workers=2
    )
    assert serial.to_dict() == pooled.to_dict()
    for name in (TIMESERIES_FILE, RUNS_FILE):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_chunking_does_not_change_results(tmp_path):
    s = scenario()
    run_dynamics(s, replicates=30, root_seed=4, out_dir=tmp_path / "a", chunk_size=7)
    run_dynamics(s, replicates=30, root_seed=4, out_dir=tmp_path / "b", chunk_size=30)
    for x, y in zip(read(tmp_path / "a"), read(tmp_path / "b"), strict=True):
        pd.testing.assert_frame_equal(x, y)
    assert pq.ParquetFile(tmp_path / "a" / TIMESERIES_FILE).num_row_groups == 5


def test_seed_zero_is_a_seed_and_seeds_matter(tmp_path):
    s = scenario()
    runs = []
    for seed in (0, 0, 1):
        out = tmp_path / f"s{len(runs)}"
        run_dynamics(s, replicates=20, root_seed=seed, out_dir=out)
        runs.append(read(out)[0])
    pd.testing.assert_frame_equal(runs[0], runs[1])
    assert not runs[0].equals(runs[2])


def test_outputs_and_summary(tmp_path):
    s = scenario()
    summary = run_dynamics(s, replicates=25, root_seed=1, out_dir=tmp_path)
    series, runs = read(tmp_path)
    assert len(series) == 25 * 8 and len(runs) == 25
    assert list(runs.columns) == list(RUN_COLUMNS)
    assert (
        series.groupby("replicate").quarter.apply(list).map(lambda q: q == list(range(1, 9))).all()
    )
    d = summary.to_dict()
    assert SUMMARY_KEYS <= set(d)
    assert set(d["mean_costs"]) == {"russia", "ukraine", "united_states", "european_coalition"}
    json.dumps(d)
    invaded = runs.first_invasion > 0
    assert d["p_invasion_within_horizon"] == pytest.approx(invaded.mean())
    assert d["probes_per_run"] == pytest.approx(runs.probes.mean())
    assert d["mean_costs"]["ukraine"] == pytest.approx(runs.cost_ukraine.mean())
    peace = (series.escalation <= 1).mean()
    assert d["share_quarters_at_peace"] == pytest.approx(peace)
    if invaded.mean() > 0.5:
        first = np.where(invaded, runs.first_invasion, 99)
        assert d["median_quarters_to_invasion"] == pytest.approx(np.median(first), abs=0.5)
    else:
        assert d["median_quarters_to_invasion"] is None
    saved = json.loads((tmp_path / "dynamics_summary.json").read_text())
    assert saved["replicates"] == 25


def test_static_run_is_fully_consistent_with_the_equilibrium(tmp_path):
    s = Scenario(name="static", dynamics=Dynamics.static(quarters=5))
    summary = run_dynamics(s, replicates=10, root_seed=1, out_dir=tmp_path)
    assert summary.equilibrium_consistency == 1.0


def test_bad_replicates(tmp_path):
    with pytest.raises(ValueError):
        run_dynamics(scenario(), replicates=0, out_dir=tmp_path)


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal():
    quiet, loud = io.StringIO(), FakeTerminal()
    for stream in (quiet, loud):
        bar = progress_bar(4, enabled=True, stream=stream)
        bar.update(2)
        bar.update(2)
        bar.close()
    assert quiet.getvalue() == ""
    assert "4/4" in loud.getvalue() and "replicates" in loud.getvalue()
    off = FakeTerminal()
    progress_bar(4, enabled=False, stream=off).update(4)
    assert off.getvalue() == ""


def test_deter_run_adds_the_dynamics_summary(tmp_path, capsys):
    from sim.cli import main

    root = Path(__file__).resolve().parents[2]
    preset = str(root / "scenarios" / "presets" / "salami_any_violation.yaml")
    argv = ["run", preset, "--replicates", "12", "--seed", "0", "--json", "--out", str(tmp_path)]
    argv += ["--set", "dynamics.quarters=6"]
    assert main(argv) == 0
    out = json.loads(capsys.readouterr().out)
    assert SUMMARY_KEYS <= set(out)
    assert out["replicates"] == 12 and out["root_seed"] == 0
    bundle = next(tmp_path.glob("salami_any_violation/*"))
    for name in (TIMESERIES_FILE, RUNS_FILE, "dynamics_timeseries.png", "dynamics_survival.png"):
        assert (bundle / name).exists()
