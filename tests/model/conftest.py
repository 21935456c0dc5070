"""Shared helpers of the repeated-game tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np

from sim.model.model import GuaranteeModel
from sim.scenario.dynamics import Dynamics
from sim.scenario.loader import load_scenario
from sim.scenario.schema import Scenario

PRESETS = Path(__file__).resolve().parents[2] / "scenarios" / "presets"


def preset(name: str, **dynamics: Any) -> Scenario:
    """A preset, with its dynamics block replaced when ``dynamics`` are given."""
    scenario = load_scenario(PRESETS / f"{name}.yaml").scenario
    if dynamics:
        scenario = scenario.model_copy(update={"dynamics": Dynamics.static(**dynamics)})
    return scenario


@dataclass
class Run:
    """One replicate of a model: its record, counters, members and final beliefs."""

    record: dict[str, np.ndarray]
    totals: dict[str, int]
    members: list[SimpleNamespace]
    belief_means: tuple[float, float]


def replicate(model: GuaranteeModel, i: int) -> Run:
    return Run(
        record={k: v[i] for k, v in model.record.items()},
        totals={k: int(v[i]) for k, v in model.totals.items()},
        members=[
            SimpleNamespace(name=m.name, weight=m.weight, active=bool(m.active[i]))
            for m in model.members
        ],
        belief_means=tuple(float(b[i]) for b in model.russia.belief_means),  # type: ignore[arg-type]
    )


def run_models(scenario: Scenario, replicates: int, root: int = 7, **kw: Any) -> list[Run]:
    """``replicates`` runs with generators spawned from ``root``, as one model; one view each."""
    model = GuaranteeModel(scenario, seeds=np.random.SeedSequence(root).spawn(replicates), **kw)
    model.run()
    return [replicate(model, i) for i in range(replicates)]
