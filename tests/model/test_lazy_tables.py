"""A model on a GuaranteeStagePolicy reads a state's public signal without building its tables and
builds tables only where a crisis round is played; the run must equal one through the plain
``tables(state)`` protocol, which builds the tables of every state it passes through."""

from __future__ import annotations

import numpy as np

from sim.model.guarantee_policy import GuaranteeStagePolicy
from sim.model.model import TIMESERIES_COLUMNS, GuaranteeModel
from sim.model.stage_policy import StageState, StageTables

from .conftest import preset


class PlainPolicy:
    """Only the :class:`~sim.model.stage_policy.StagePolicy` protocol, over the same tables."""

    def __init__(self, inner: GuaranteeStagePolicy):
        self.inner = inner

    def tables(self, state: StageState) -> StageTables:
        return self.inner.tables(state)


def test_lazy_tables_give_the_same_runs():
    scenario = preset("salami_gray_zone")
    lazy = GuaranteeStagePolicy(scenario, scenario.dynamics)
    plain = PlainPolicy(GuaranteeStagePolicy(scenario, scenario.dynamics))
    for seed in np.random.SeedSequence(3).spawn(40):
        a = GuaranteeModel(scenario, rng=np.random.default_rng(seed), policy=lazy)
        b = GuaranteeModel(scenario, rng=np.random.default_rng(seed), policy=plain)
        a.run()
        b.run()
        for name in TIMESERIES_COLUMNS:
            np.testing.assert_array_equal(a.record[name], b.record[name])
        assert a.totals == b.totals
        assert a.costs() == b.costs()
    # the lazy policy built tables for fewer states than the run passed through
    assert 0 < len(lazy._tables) < len(plain.inner._tables)
