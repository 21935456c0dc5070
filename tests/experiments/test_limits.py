"""Limits of the experiments layer (issue 12): replicates and workers bounded by the schema's
constants, the horizon capped for scenarios built around validation, seeds spawned lazily, and the
temporary folders of killed runs removed."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from sim.experiments.bundle import TEMP_PREFIX, atomic_bundle, remove_stale_temporaries
from sim.experiments.replicates import run_dynamics, spawned_seeds, usable_workers
from sim.model.model import horizon_quarters
from sim.scenario.dynamics import MAX_QUARTERS, MAX_REPLICATES, MAX_WORKERS, Dynamics
from sim.scenario.schema import Scenario


def test_run_dynamics_refuses_more_replicates_than_the_schema_allows() -> None:
    scenario = Scenario(name="demo", dynamics=Dynamics.static(quarters=2))
    with pytest.raises(ValueError, match=f"from 1 to {MAX_REPLICATES}"):
        run_dynamics(scenario, replicates=MAX_REPLICATES + 1, out_dir=None)


def test_workers_are_bounded_and_lowered_to_the_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    import sim.experiments.replicates as replicates

    monkeypatch.setattr(replicates, "machine_cores", lambda: 2)
    assert [usable_workers(n) for n in (None, 1, 2, 32)] == [1, 1, 2, 2]
    with pytest.raises(ValueError, match=f"at most {MAX_WORKERS}"):
        usable_workers(MAX_WORKERS + 1)


def test_lazily_spawned_seeds_equal_the_spawned_ones() -> None:
    spawned = np.random.SeedSequence(20250818).spawn(600)
    for start, stop in ((0, 250), (250, 500), (500, 600)):
        lazy = spawned_seeds(20250818, start, stop)
        for a, b in zip(spawned[start:stop], lazy, strict=True):
            assert np.array_equal(a.generate_state(4), b.generate_state(4))


def test_the_horizon_never_passes_the_maximum_even_around_validation() -> None:
    scenario = Scenario(name="demo").model_copy(
        update={
            "guarantee": Scenario(name="d").guarantee.model_copy(update={"duration_years": 1e9})
        }
    )
    assert horizon_quarters(scenario, Dynamics()) == MAX_QUARTERS
    huge = Dynamics.model_construct(**{**Dynamics().__dict__, "quarters": 40_000})
    assert horizon_quarters(Scenario(name="demo"), huge) == MAX_QUARTERS


def test_stale_temporary_folders_of_dead_processes_are_removed(tmp_path: Path) -> None:
    parent = tmp_path / "demo"
    parent.mkdir()
    dead = parent / f"{TEMP_PREFIX}20250101T000000Z-01234567-999999999-abc"
    alive = parent / f"{TEMP_PREFIX}20250101T000000Z-01234567-{os.getppid()}-abc"
    foreign = parent / f"{TEMP_PREFIX}something-else"
    for folder in (dead, alive, foreign):
        folder.mkdir()
        (folder / "runs.parquet").write_bytes(b"PAR1 truncated")
    assert remove_stale_temporaries(parent) == [dead]
    assert alive.exists() and foreign.exists()
    dead.mkdir()
    when = datetime(2025, 8, 18, tzinfo=UTC)
    with atomic_bundle(tmp_path, "demo", when, "0123456789abcdef") as bundle:
        assert f"-{os.getpid()}-" in bundle.path.name  # the owner is in the name
    assert not dead.exists()
    assert sorted(p.name for p in parent.iterdir() if not p.name.startswith(".")) == [
        bundle.final.name
    ]
