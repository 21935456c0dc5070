"""One contract for every agent class (after Axelrod's shared strategy tests): seeded
reproducibility, reset to the initial state, and pickling."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from sim.model.agents import (
    CoalitionAgent,
    CoalitionMemberAgent,
    RussiaAgent,
    UkraineAgent,
    UnitedStatesAgent,
)
from sim.model.model import GuaranteeModel
from sim.model.stage import StagePolicy

from .conftest import preset

AGENT_CLASSES = (RussiaAgent, UkraineAgent, UnitedStatesAgent, CoalitionAgent, CoalitionMemberAgent)


@pytest.fixture(scope="module")
def scenario():
    s = preset("salami_gray_zone")
    return s.model_copy(
        update={"dynamics": s.dynamics.model_copy(update={"quarters": 24, "logit_precision": 2.0})}
    )


def agents_of(model: GuaranteeModel, cls: type) -> list:
    return sorted((a for a in model.agents if type(a) is cls), key=lambda a: a.unique_id)


_POLICY: dict[str, StagePolicy] = {}


def fresh(scenario, seed: int = 42, replicates: int = 3) -> GuaranteeModel:
    """A new model; models share one stage policy (its cache) to keep the tests fast."""
    policy = _POLICY.setdefault("p", StagePolicy(scenario, scenario.dynamics))
    seeds = np.random.SeedSequence(seed).spawn(replicates)
    return GuaranteeModel(scenario, seeds=seeds, policy=policy)


@pytest.mark.parametrize("cls", AGENT_CLASSES, ids=lambda c: c.__name__)
def test_seeded_reproducibility(scenario, cls):
    a, b, c = fresh(scenario), fresh(scenario), fresh(scenario, seed=43)
    for m in (a, b, c):
        for _ in range(16):
            m.step()
    snaps = [[x.snapshot() for x in agents_of(m, cls)] for m in (a, b, c)]
    assert snaps[0] and snaps[0] == snaps[1]
    all_runs = [[x.snapshot() for k in AGENT_CLASSES for x in agents_of(m, k)] for m in (a, c)]
    assert all_runs[0] != all_runs[1]  # the seed matters


@pytest.mark.parametrize("cls", AGENT_CLASSES, ids=lambda c: c.__name__)
def test_reset_restores_the_initial_state(scenario, cls):
    model = fresh(scenario)
    initial = [x.snapshot() for x in agents_of(model, cls)]
    for _ in range(16):
        model.step()
    for x in agents_of(model, cls):
        x.reset()
    assert [x.snapshot() for x in agents_of(model, cls)] == initial


@pytest.mark.parametrize("cls", AGENT_CLASSES, ids=lambda c: c.__name__)
def test_pickling(scenario, cls):
    model = fresh(scenario)
    for _ in range(8):
        model.step()
    for x in agents_of(model, cls):
        clone = pickle.loads(pickle.dumps(x))
        assert type(clone) is cls and clone.snapshot() == x.snapshot()
    twin = pickle.loads(pickle.dumps(model))
    for m in (model, twin):
        m.run()
    assert [x.snapshot() for x in agents_of(model, cls)] == [
        x.snapshot() for x in agents_of(twin, cls)
    ]
    for name in model.record:
        assert np.array_equal(model.record[name], twin.record[name])


def test_model_state_moves(scenario):
    """The contract above must not pass vacuously: some state changes over a run."""
    model = fresh(scenario)
    before = {type(x).__name__: x.snapshot() for x in model.agents}
    model.run()
    after = {type(x).__name__: x.snapshot() for x in model.agents}
    assert before["RussiaAgent"] != after["RussiaAgent"]
    assert before["UkraineAgent"] != after["UkraineAgent"]
