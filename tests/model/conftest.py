"""Shared helpers of the repeated-game tests."""

from __future__ import annotations

from pathlib import Path
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


def run_models(
    scenario: Scenario, replicates: int, root: int = 7, **kw: Any
) -> list[GuaranteeModel]:
    """Run ``replicates`` models with generators spawned from ``root``; share one policy."""
    models = []
    policy = kw.pop("policy", None)
    for seed in np.random.SeedSequence(root).spawn(replicates):
        model = GuaranteeModel(scenario, rng=np.random.default_rng(seed), policy=policy, **kw)
        policy = model.policy
        model.run()
        models.append(model)
    return models
