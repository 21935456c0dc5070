"""Sweeps: every point equals the single-scenario solvers, and the bytes never depend on how the
sweep ran (engine, workers, interruption)."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from sim.experiments.replicates import run_dynamics
from sim.experiments.sampling import design_points, point_seed, uncertain_draws
from sim.experiments.sweep import (
    CHUNKS,
    PARTIAL_PREFIX,
    SweepInterrupted,
    read_points,
    run_sweep,
)
from sim.experiments.sweep_points import apply_point, player_key
from sim.guarantee.names import ACTOR_KEYS, OUTCOMES, RUSSIA_ACTIONS
from sim.guarantee.solution import solve_guarantee
from sim.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parents[2]
PRESETS = ROOT / "scenarios" / "presets"
CANON = ROOT / "scenarios" / "canon"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(text)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


STATIC = f"""\
name: static_random
extends: {PRESETS / "august_2025_proposal.yaml"}
solver: {{robustness_draws: 0}}
sweep:
  sampler: random
  samples: 200
  parameters:
    guarantee.automaticity: {{range: [0, 1]}}
    guarantee.troops_on_ground: {{range: [0, 60]}}
    guarantee.air_assets: {{range: [0, 150]}}
    guarantee.ukraine_strength: {{range: [150, 1000]}}
    guarantee.monitoring: {{range: [0.3, 0.95]}}
    payoffs.war_cost_russia: {{range: [0.5, 4], log: true}}
    guarantee.legal_form: {{values: [declaration, executive, treaty]}}
    guarantee.us_backstop: {{values: [none, isr_logistics, air, armed]}}
    guarantee.trigger: {{values: [any_violation, armed_attack]}}
    guarantee.coalition.size: {{values: [1, 5, 26]}}
"""


@pytest.mark.slow
def test_random_static_points_equal_solve_guarantee_exactly(tmp_path: Path) -> None:
    loaded = load_scenario(write(tmp_path, "s", STATIC))
    result = run_sweep(loaded, out_dir=tmp_path / "out", engine="serial")
    points = result.outputs.points
    assert len(points) == 200
    assert points["russia_action"].nunique() >= 2  # the sample is not degenerate
    parameters = [p["path"] for p in result.outputs.meta["parameters"]]
    for _, row in points.iterrows():
        scenario = apply_point(loaded.scenario, {p: row[p] for p in parameters})
        single = solve_guarantee(scenario)
        assert row["russia_action"] == single.russia_action
        assert bool(row["deterred"]) == single.deterred
        assert bool(row["acceptable"]) == single.acceptable
        assert row["acceptance_margin"] == single.acceptance_margin
        for outcome in OUTCOMES:
            assert row[f"p_{outcome}"] == single.outcome_probabilities[outcome]
        for actor in ACTOR_KEYS:
            assert row[f"payoff_{actor}"] == single.expected_payoffs[actor]
        for action in RUSSIA_ACTIONS:
            assert row[f"value_{action}"] == single.russia_values[action]
        if single.press_on is None:
            assert math.isnan(row["press_on"])
        else:
            assert row["press_on"] == single.press_on


def test_uncertain_shares_equal_the_robustness_of_each_point(tmp_path: Path) -> None:
    text = f"""\
name: robust
extends: {PRESETS / "steel_hedgehog.yaml"}
sweep:
  parameters:
    guarantee.automaticity: {{values: [0.2, 0.8]}}
  uncertain: {{payoffs.war_cost_russia: {{range: [0.5, 3.0]}}}}
  draws: 16
"""
    loaded = load_scenario(write(tmp_path, "r", text))
    points = run_sweep(loaded, out_dir=tmp_path / "out", engine="serial").outputs.points
    values = uncertain_draws(loaded.scenario)["payoffs.war_cost_russia"]
    assert len(values) == 16 and 0.5 <= values.min() and values.max() <= 3.0
    for _, row in points.iterrows():
        base = apply_point(
            loaded.scenario, {"guarantee.automaticity": row["guarantee.automaticity"]}
        )
        base.solver.robustness_draws = 0
        verdicts = []
        for value in values:
            at = base.model_copy(deep=True)
            at.payoffs.war_cost_russia = float(value)
            single = solve_guarantee(at)
            verdicts.append((single.deterred, single.acceptable))
        assert row["p_deterred_robust"] == np.mean([d for d, _ in verdicts])
        assert row["p_acceptable_robust"] == np.mean([a for _, a in verdicts])
        assert row["p_viable_robust"] == np.mean([d and a for d, a in verdicts])


DYNAMIC = f"""\
name: dynamic_points
extends: {PRESETS / "salami_gray_zone.yaml"}
dynamics: {{quarters: 12}}
sweep:
  parameters:
    guarantee.monitoring: {{values: [0.4, 0.9]}}
    guarantee.trigger: {{values: [any_violation, armed_attack]}}
  replicates: 40
"""


def test_dynamic_points_equal_run_dynamics_with_the_point_seed(tmp_path: Path) -> None:
    loaded = load_scenario(write(tmp_path, "d", DYNAMIC))
    points = run_sweep(loaded, out_dir=tmp_path / "out", engine="serial").outputs.points
    assert len(points) == 4
    for _, row in points.iterrows():
        at = apply_point(
            loaded.scenario,
            {p: row[p] for p in ("guarantee.monitoring", "guarantee.trigger")},
        )
        seed = point_seed(loaded.scenario.seed, int(row["point"]))
        assert row["seed"] == seed
        summary = run_dynamics(at, replicates=40, root_seed=seed, out_dir=tmp_path / "dyn")
        assert row["p_invasion_within_horizon"] == summary.p_invasion_within_horizon
        assert row["probes_per_run"] == summary.probes_per_run
        assert row["p_direct_guarantor_war"] == summary.p_direct_guarantor_war
        assert row["share_quarters_at_peace"] == summary.share_quarters_at_peace
        for actor in ACTOR_KEYS:
            assert row[f"mean_cost_{actor}"] == summary.mean_costs[actor]


@pytest.mark.parametrize(
    ("canon", "parameter", "values"),
    [
        ("schelling_chance_threat", "p", "0:1:11"),
        ("chicken", None, None),
        ("zagare_kilgour_unilateral", None, None),
    ],
)
def test_game_sweep_equals_deter_solve_at_each_point(
    tmp_path: Path, canon: str, parameter: str | None, values: str | None
) -> None:
    from sim.cli import main
    from sim.scenario.sweep_options import with_sweep_options

    source = load_scenario(CANON / f"{canon}.yaml").scenario
    assert source.game is not None
    if parameter is None:  # the first parameter, over ±50% of its value
        parameter = sorted(source.game.parameters)[0]
        v = source.game.parameters[parameter]
        lo, hi = sorted((v * 0.5, v * 1.5)) if v else (-1.0, 1.0)
        values = f"{lo}:{hi}:5"
    text = f"name: game_sweep\nextends: {CANON / canon}.yaml\n"
    path = write(tmp_path, "g", text)
    loaded = with_sweep_options(
        load_scenario(path), params=[f"game.parameters.{parameter}={values}"]
    )
    result = run_sweep(loaded, out_dir=tmp_path / "out", engine="serial")
    points = result.outputs.points
    concept = "spe" if source.game.tree is not None else "nash"
    players = [player_key(p) for p in source.game.players]
    for _, row in points.iterrows():
        value = row[f"game.parameters.{parameter}"]
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            code = main(
                [
                    "solve",
                    str(path),
                    "--concept",
                    concept,
                    "--json",
                    "--set",
                    f"game.parameters.{parameter}={float(value)!r}",
                ]
            )
        assert code == 0
        solved = json.loads(buffer.getvalue())
        assert row["equilibria"] == len(solved["equilibria"])
        first = solved["equilibria"][0]["payoffs"]
        for k, player in enumerate(players):
            assert row[f"payoff_{player}"] == pytest.approx(first[k], abs=1e-12)


SMALL = f"""\
name: engines
extends: {PRESETS / "august_2025_proposal.yaml"}
sweep:
  parameters:
    guarantee.automaticity: {{range: [0, 1], steps: 41}}
    guarantee.troops_on_ground: {{range: [0, 60], steps: 31}}
    guarantee.us_backstop: {{values: [none, isr_logistics, air, armed]}}
  uncertain: judgement
  draws: 8
"""


@pytest.mark.slow
def test_serial_processes_and_dask_write_identical_bytes(tmp_path: Path) -> None:
    loaded = load_scenario(write(tmp_path, "e", SMALL))
    import sim.experiments.sweep as sweep_module

    original = sweep_module.CHUNK_POINTS["guarantee"]
    sweep_module.CHUNK_POINTS["guarantee"] = 1000  # several chunks, so the engines split work
    pool_min, sweep_module.POOL_MIN_POINTS = sweep_module.POOL_MIN_POINTS, 0  # use the pool
    try:
        found = {}
        for engine in ("serial", "processes", "dask"):
            result = run_sweep(loaded, out_dir=tmp_path / engine, engine=engine, workers=2)
            found[engine] = digest(result.bundle / "points.parquet")
            assert result.manifest["sweep"]["chunks"] == 6  # 5,084 points
    finally:
        sweep_module.CHUNK_POINTS["guarantee"] = original
        sweep_module.POOL_MIN_POINTS = pool_min
    assert len(set(found.values())) == 1, found


def test_interrupted_sweep_resumes_to_identical_bytes(tmp_path: Path) -> None:
    loaded = load_scenario(write(tmp_path, "d", DYNAMIC))
    whole = run_sweep(loaded, out_dir=tmp_path / "whole", engine="serial")
    with pytest.raises(SweepInterrupted) as stopped:
        run_sweep(loaded, out_dir=tmp_path / "cut", engine="serial", stop_after=2)
    partial = stopped.value.folder
    assert partial.name.startswith(PARTIAL_PREFIX)
    assert len(list((partial / CHUNKS).glob("*.parquet"))) == 2
    resumed = run_sweep(resume=partial, engine="serial")
    assert not partial.exists()
    assert digest(resumed.bundle / "points.parquet") == digest(whole.bundle / "points.parquet")
    assert resumed.manifest["sweep"]["resumed"] is True


@pytest.mark.slow
def test_sigkill_mid_sweep_then_resume_gives_identical_bytes(tmp_path: Path) -> None:
    text = DYNAMIC.replace("{values: [0.4, 0.9]}", "{range: [0.3, 0.95], steps: 6}")
    path = write(tmp_path, "k", text)
    reference = run_sweep(load_scenario(path), out_dir=tmp_path / "ref", engine="serial")
    deter = Path(sys.executable).with_name("deter")
    out = tmp_path / "out"
    process = subprocess.Popen(
        [str(deter), "sweep", str(path), "--engine", "serial", "--out", str(out), "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    chunks: list[Path] = []
    while time.monotonic() < deadline and process.poll() is None:
        chunks = list(out.glob(f"*/{PARTIAL_PREFIX}*/{CHUNKS}/*.parquet"))
        if len(chunks) >= 3:
            break
        time.sleep(0.05)
    assert process.poll() is None, "the sweep finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    partials = list(out.glob(f"*/{PARTIAL_PREFIX}*"))
    assert len(partials) == 1
    assert not [p for p in out.glob("*/*") if not p.name.startswith(".")]  # nothing visible
    code = subprocess.run(
        [str(deter), "sweep", "--resume", str(partials[0]), "--engine", "serial", "--quiet"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert code.returncode == 0, code.stderr
    bundle = Path(code.stdout.strip())
    assert digest(bundle / "points.parquet") == digest(reference.bundle / "points.parquet")


def test_points_table_carries_its_metadata(tmp_path: Path) -> None:
    loaded = load_scenario(write(tmp_path, "e", SMALL.replace("steps: 41", "steps: 3")))
    result = run_sweep(loaded, out_dir=tmp_path / "out", engine="serial")
    points, meta = read_points(result.bundle)
    assert meta["scenario_hash"] == loaded.hash and meta["seed"] == loaded.scenario.seed
    assert meta["grid_shape"] == [3, 31, 4] and len(points) == 3 * 31 * 4
    assert [p["path"] for p in meta["parameters"]] == [
        "guarantee.automaticity",
        "guarantee.troops_on_ground",
        "guarantee.us_backstop",
    ]
    assert list(points["point"]) == list(range(len(points)))
    raw = pq.read_metadata(result.bundle / "points.parquet").metadata
    assert b"deter" in raw and b"pandas" not in raw  # no library versions in the bytes
    tornado = pd.read_parquet(result.bundle / "tornado.parquet")
    assert {"constant", "low", "high", "base", "deterrence_margin_low"} <= set(tornado.columns)


def test_sobol_points_are_saltellis_design(tmp_path: Path) -> None:
    text = f"""\
name: sobol
extends: {PRESETS / "august_2025_proposal.yaml"}
sweep:
  sampler: sobol
  samples: 16
  parameters:
    payoffs.war_cost_russia: {{range: [0.5, 4]}}
    guarantee.legal_form: {{values: [declaration, executive, treaty]}}
"""
    scenario = load_scenario(write(tmp_path, "s", text)).scenario
    table = design_points(scenario)
    assert len(table) == 16 * (2 + 2)
    # Saltelli's rows: A, then A with column i from B (i = 1..D), then B
    a, b = table.iloc[0::4].reset_index(drop=True), table.iloc[3::4].reset_index(drop=True)
    ab1 = table.iloc[1::4].reset_index(drop=True)
    assert (ab1["payoffs.war_cost_russia"] == b["payoffs.war_cost_russia"]).all()
    assert (ab1["guarantee.legal_form"] == a["guarantee.legal_form"]).all()
    assert design_points(scenario).equals(table)  # seeded


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="POSIX signals and pgrep")
def test_ctrl_c_on_a_process_pool_sweep_keeps_its_chunks_and_prints_no_worker_traceback(
    tmp_path: Path,
) -> None:
    text = DYNAMIC.replace("{values: [0.4, 0.9]}", "{range: [0.3, 0.95], steps: 12}")
    path = write(tmp_path, "c", text)
    out = tmp_path / "out"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sim.cli",
            "sweep",
            str(path),
            "--engine",
            "processes",
            "--workers",
            "2",
            "--out",
            str(out),
            "--quiet",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if len(list(out.glob(f"*/{PARTIAL_PREFIX}*/{CHUNKS}/*.parquet"))) >= 2:
            break
        time.sleep(0.05)
    assert process.poll() is None, "the sweep finished before it could be interrupted"
    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C reaches the whole group, workers included
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert "Traceback" not in err
    [partial] = out.glob(f"*/{PARTIAL_PREFIX}*")
    assert f"deter sweep --resume {partial}" in err
    deadline = time.monotonic() + 15  # workers notice their parent is gone within a second
    while time.monotonic() < deadline:
        left = subprocess.run(["pgrep", "-g", str(process.pid)], capture_output=True, check=False)
        if not left.stdout.strip():
            break
        time.sleep(0.2)
    assert not left.stdout.strip(), "worker processes outlived the sweep"
    resumed = run_sweep(resume=partial, engine="serial")
    whole = run_sweep(load_scenario(path), out_dir=tmp_path / "whole", engine="serial")
    assert digest(resumed.bundle / "points.parquet") == digest(whole.bundle / "points.parquet")
