"""The repeated escalation game as a Mesa model: one step is one quarter (DESIGN.md §6).

Each quarter of a ceasefire is one crisis round of the guarantee game. Nature draws Russia's type
(the hard-liner invades); the opportunist picks hold, probe or invade on its *beliefs* about each
guarantor's commitment (best response or logit), and everything after that follows the *true*
game: detection, the guarantors' commitment draws and equilibrium responses, Russia's reply to an
intervention. Russia then updates its beliefs from the responses it saw (Bayes' rule, salami
tactics), costs are paid, wars run until a settlement, Ukraine's and Russia's forces change, US
resolve shifts at elections and coalition members leave when their costs mount. Each mechanism is
switched by the scenario's ``dynamics:`` block (:class:`~sim.scenario.dynamics.Dynamics`).

Randomness comes only from the model's generator (``Model.rng``), which
:func:`sim.experiments.replicates.run_dynamics` spawns per replicate with
``SeedSequence(root).spawn(n)``: when the model is created it draws one block of
:data:`DRAWS_PER_QUARTER` uniforms per quarter (:func:`quarter_draws`), and each quarter uses its
row, one column per purpose (:data:`DRAW_ELECTION`, ...), whether or not the purpose arises. So a
run is the same whatever the executor, and :class:`~sim.model.ensemble.GuaranteeEnsemble`, which
steps many replicates at once as arrays, reproduces it exactly.

Examples
--------
>>> from sim.scenario.schema import Scenario
>>> from sim.scenario.dynamics import Dynamics
>>> scenario = Scenario(name="demo", dynamics=Dynamics(quarters=8))
>>> model = GuaranteeModel(scenario, rng=1)
>>> model.run()
>>> len(model.record["outcome"]), model.quarter
(8, 8)
"""

from __future__ import annotations

import functools
import math
from typing import Any

import mesa
import numpy as np
from numpy.typing import NDArray
from scipy.special import ndtri

from sim.model.agents import (
    CoalitionAgent,
    CoalitionMemberAgent,
    RussiaAgent,
    UkraineAgent,
    UnitedStatesAgent,
)
from sim.model.guarantee_policy import GuaranteeStagePolicy
from sim.model.stage_policy import StagePolicy, StageState, StageTables
from sim.model.vocabulary import ESCALATION_LEVEL, OUTCOMES, WAR_OUTCOMES
from sim.scenario.dynamics import Dynamics
from sim.scenario.schema import Scenario

PEACE, WAR, CATASTROPHE = 0, 1, 2
"""Phases of the run."""

ONGOING_WAR = -1
"""Outcome code of a quarter of an ongoing war (no crisis round)."""
AFTER_CATASTROPHE = -2
"""Outcome code of a quarter after a catastrophe that ended the run."""

DEFAULT_QUARTERS = 40

DRAWS_PER_QUARTER = 4
"""Uniform draws per quarter, one column each: :data:`DRAW_ELECTION` (US resolve shock, through
the normal quantile), :data:`DRAW_TYPE` (Russia's type in a crisis round, or the settlement of a
war), :data:`DRAW_CHOICE` (a logit choice) and :data:`DRAW_PATH` (the path after Russia's move)."""
DRAW_ELECTION, DRAW_TYPE, DRAW_CHOICE, DRAW_PATH = range(DRAWS_PER_QUARTER)

_ESCALATION = tuple(ESCALATION_LEVEL[name] for name in OUTCOMES)
_WAR = frozenset(OUTCOMES.index(name) for name in WAR_OUTCOMES)
_DIRECT_WAR = frozenset((OUTCOMES.index("direct_war"), OUTCOMES.index("catastrophe")))
_PROBE_UNANSWERED = OUTCOMES.index("probe_unanswered")
_CATASTROPHE = OUTCOMES.index("catastrophe")

TIMESERIES_COLUMNS: dict[str, Any] = {
    "outcome": np.int8,
    "escalation": np.int8,
    "russia_action": np.int8,
    "hardliner": np.bool_,
    "belief_us": np.float32,
    "belief_ec": np.float32,
    "ukraine_army": np.float32,
    "russia_force": np.float32,
    "us_resolve": np.float32,
    "coalition_size": np.int16,
}
"""Per-quarter record: column → dtype (see ``docs/dynamics.md``)."""

RUN_TOTALS: dict[str, int] = {
    "first_invasion": -1,
    "quarters_at_peace": 0,
    "probes": 0,
    "unanswered_probes": 0,
    "direct_war": 0,
    "catastrophe": 0,
    "decisions": 0,
    "consistent_decisions": 0,
}
"""Per-run counters and their starting values: the 1-based quarter of the first invasion (−1:
none), quarters at peace, probes, unanswered probes, direct war and catastrophe flags, the
opportunist's decisions and those equal to the stage equilibrium move."""


def horizon_quarters(scenario: Scenario, dynamics: Dynamics) -> int:
    """``dynamics.quarters``, else the guarantee's duration in quarters, else 40.

    >>> horizon_quarters(Scenario(name="x", guarantee={"duration_years": 5}), Dynamics())
    20
    """
    if dynamics.quarters is not None:
        return dynamics.quarters
    years = scenario.guarantee.horizon_years
    return DEFAULT_QUARTERS if math.isinf(years) else max(1, math.ceil(4 * years))


def quarter_draws(rng: np.random.Generator, quarters: int) -> NDArray[np.float64]:
    """The run's uniforms, ``(quarters, DRAWS_PER_QUARTER)``, drawn in one call.

    >>> quarter_draws(np.random.default_rng(0), 3).shape
    (3, 4)
    """
    return rng.random((quarters, DRAWS_PER_QUARTER))


@functools.lru_cache(maxsize=64)
def member_tolerance_scores(weights: tuple[float, ...]) -> tuple[float, ...]:
    """Standard-normal scores of members' cost tolerance, smallest contributor lowest.

    Member i of weight rank :math:`r_i` (0 = smallest; ties in list order) gets
    :math:`z_i = \\Phi^{-1}((r_i + 1/2)/n)`: the quantiles of a log-normal spread of thresholds,
    assigned so that smaller contributors leave first (a judgement: their stake in the guarantee
    is smaller). Deterministic, so members leave in one order and the coalitions a run can reach
    are the n + 1 prefixes of that order.

    >>> [round(z, 3) for z in member_tolerance_scores((10.0, 1.0, 5.0))]
    [0.967, -0.967, 0.0]
    """
    n = len(weights)
    order = sorted(range(n), key=lambda i: (weights[i], i))
    scores = [0.0] * n
    for rank, i in enumerate(order):
        scores[i] = float(ndtri((rank + 0.5) / n))
    return tuple(scores)


class GuaranteeModel(mesa.Model):
    """One run of the repeated guarantee game.

    Parameters
    ----------
    scenario
        A validated scenario; its ``dynamics`` block (or the defaults) drives the run.
    rng
        Seed or ``numpy.random.Generator`` (passed to :class:`mesa.Model`).
    policy
        Stage tables per state of the world; default: the guarantee game of the scenario
        (:class:`~sim.model.guarantee_policy.GuaranteeStagePolicy`). Pass one policy to many
        models to share its cache.
    dynamics
        Overrides the scenario's ``dynamics`` block.

    Attributes
    ----------
    record
        Per-quarter arrays (:data:`TIMESERIES_COLUMNS`), filled as the run goes.
    totals
        Per-run counters: first invasion quarter, probes, unanswered probes, decisions, ...
    """

    russia_agent_class: type[RussiaAgent] = RussiaAgent
    """Class of Russia's agent (a subclass can change how Russia decides)."""

    def __init__(
        self,
        scenario: Scenario,
        *,
        rng: Any = None,
        policy: StagePolicy | None = None,
        dynamics: Dynamics | None = None,
    ) -> None:
        d = self.dynamics = dynamics or scenario.dynamics or Dynamics()
        self.quarters = horizon_quarters(scenario, d)
        # the run's uniforms come first from the generator (Mesa may draw a seed for its
        # ``random.Random`` from it), so that they depend on the seed alone
        generator = np.random.default_rng(rng)
        self._draws = quarter_draws(generator, self.quarters)
        super().__init__(rng=generator)
        self.scenario = scenario
        self.policy: StagePolicy = policy or GuaranteeStagePolicy(scenario, d)

        members = scenario.guarantee.coalition.member_list
        self._initial_weight = sum(m.weight for m in members) or 1.0
        self.members: list[CoalitionMemberAgent] = []
        scores = member_tolerance_scores(tuple(m.weight for m in members))
        for m, z in zip(members, scores, strict=True):
            median = d.coalition.leave_threshold * math.exp(d.coalition.threshold_spread * z)
            self.members.append(
                CoalitionMemberAgent(
                    self, m.name, m.weight, median * m.weight / self._initial_weight
                )
            )
        self.us = UnitedStatesAgent(self, scenario.actors.united_states.resolve)
        self.coalition = CoalitionAgent(self)
        self.ukraine = UkraineAgent(self)
        self._active: list[CoalitionMemberAgent] = list(self.members)
        self._active_weight = sum(m.weight for m in self._active)
        self._member_names = tuple(m.name for m in self.members)
        # a policy with keys (GuaranteeStagePolicy) gives the public signal of a state without its
        # tables, which are then built only where a crisis round needs them
        # (unless a subclass changes how tables are made)
        self._keyed = (
            isinstance(self.policy, GuaranteeStagePolicy)
            and type(self.policy).tables is GuaranteeStagePolicy.tables
        )
        self._table_state: tuple[Any, ...] = (1.0, 1.0, self.us.resolve, self._member_names)
        self._tables: StageTables | None = None
        self._table_key: Any = None
        if self._keyed:
            self._table_key = self.policy.key(*self._table_state)  # type: ignore[attr-defined]
            self._prior_means = self.policy.prior_means_of(self._table_key)  # type: ignore[attr-defined]
        else:
            self._tables = self.policy.tables(StageState(*self._table_state))
            self._prior_means = self._tables.prior_means
        self.russia = self.russia_agent_class(self, self._prior_means, d.belief_strength)
        self._aided = bool(members) or scenario.guarantee.us_backstop != "none"

        self.quarter = 0
        self.phase = PEACE
        self._war_level = 0
        self._war_costs = (0.0, 0.0, 0.0, 0.0)
        self.record: dict[str, NDArray[Any]] = {
            name: np.zeros(self.quarters, dtype=dtype) for name, dtype in TIMESERIES_COLUMNS.items()
        }
        self._columns = tuple(self.record[name] for name in TIMESERIES_COLUMNS)
        self._army0 = scenario.guarantee.ukraine_strength
        self._force0 = scenario.actors.russia.force
        self._elections = d.elections.enabled
        self._can_leave = d.coalition.enabled
        self.totals: dict[str, float] = dict(RUN_TOTALS)

    # -- state -------------------------------------------------------------------------------
    def current_state(self) -> StageState:
        """The state of the world now (forces, resolve, members)."""
        return self._state()

    def _state(self) -> StageState:
        return StageState(
            ukraine_multiple=self.ukraine.strength_multiple,
            russia_multiple=self.russia.force_multiple,
            us_resolve=self.us.resolve,
            members=self._member_names,
        )

    @property
    def tables(self) -> StageTables:
        """The stage tables of the current state."""
        if self._tables is None:
            self._tables = self.policy.tables_of(self._table_key)  # type: ignore[attr-defined]
        return self._tables

    @property
    def coalition_size(self) -> int:
        """Members still in the coalition."""
        return len(self._active)

    @property
    def actors(self) -> tuple[Any, Any, Any, Any]:
        """The four actor agents in the game's player order."""
        return (self.russia, self.ukraine, self.us, self.coalition)

    def costs(self) -> tuple[float, float, float, float]:
        """Accumulated cost of each actor (payoff shortfall against peace, summed)."""
        return (
            self.russia.accumulated_cost,
            self.ukraine.accumulated_cost,
            self.us.accumulated_cost,
            self.coalition.accumulated_cost,
        )

    # -- one quarter ------------------------------------------------------------------------
    def step(self) -> None:
        """Play one quarter."""
        if self.quarter >= self.quarters:
            return
        d = self.dynamics
        t = self.quarter
        self.quarter = quarter = t + 1
        draws = self._draws[t].tolist()
        if self._elections and self.us.election(quarter, d, draws[DRAW_ELECTION]):
            self._refresh_tables()

        action, hardliner, outcome = -1, False, ONGOING_WAR
        phase = self.phase
        fought = phase == WAR  # a war quarter, even if it ends in settlement
        if phase == PEACE:
            action, hardliner, outcome = self._crisis_round(draws)
            escalation = _ESCALATION[outcome]
        elif phase == WAR:
            escalation = self._war_level
            self._charge(self._war_costs)
            if draws[DRAW_TYPE] < d.war.settlement_rate:
                self.phase = PEACE
        else:
            outcome, escalation = AFTER_CATASTROPHE, 4

        at_war = fought or self.phase == WAR
        russia, ukraine = self.russia, self.ukraine
        russia.evolve(at_war, d)
        ukraine.evolve(at_war, self._aided, d)
        if escalation <= 1:
            self.totals["quarters_at_peace"] += 1
        self._refresh_tables()

        mu = russia.belief_means
        c = self._columns  # the order of TIMESERIES_COLUMNS
        c[0][t] = outcome
        c[1][t] = escalation
        c[2][t] = action
        c[3][t] = hardliner
        c[4][t] = mu[0]
        c[5][t] = mu[1]
        c[6][t] = self._army0 * ukraine.strength_multiple
        c[7][t] = self._force0 * russia.force_multiple
        c[8][t] = self.us.resolve
        c[9][t] = len(self._active)

    def run(self) -> None:
        """Play every remaining quarter of the horizon."""
        while self.quarter < self.quarters:
            self.step()

    # -- pieces of a quarter -----------------------------------------------------------------
    def _crisis_round(self, draws: list[float]) -> tuple[int, bool, int]:
        d = self.dynamics
        tables = self.tables
        totals = self.totals
        russia = self.russia
        hardliner = draws[DRAW_TYPE] < tables.hardliner_share
        if hardliner:
            action = 2
            table = 3
        else:
            values = russia.action_values(tables, d)
            action = table = russia.choose(values, d.logit_precision, draws[DRAW_CHOICE])
            totals["decisions"] += 1
            totals["consistent_decisions"] += int(action == tables.equilibrium_action)
        paths = tables.paths(table)
        k = paths.sample(draws[DRAW_PATH])
        outcome = paths.outcome[k]
        responses = paths.responses[k]

        if action > 0:
            russia.ceasefire_broken = True
            if action == 1:
                totals["probes"] += 1
                totals["unanswered_probes"] += int(outcome == _PROBE_UNANSWERED)
            elif totals["first_invasion"] < 0:
                totals["first_invasion"] = self.quarter
        if outcome in _DIRECT_WAR:
            totals["direct_war"] = 1
        if responses[0] >= 0:
            self.us.record_response(responses[0])
        if responses[1] >= 0:
            self.coalition.record_response(responses[1])
        if d.learning and (responses[0] >= 0 or responses[1] >= 0):
            russia.learn(responses, d.spillover)

        shortfall = tables.shortfall(table, k)
        if outcome in _WAR and d.war.enabled:
            rate = d.war.settlement_rate
            self._war_costs = tuple(s * rate for s in shortfall)  # type: ignore[assignment]
            self._war_level = _ESCALATION[outcome]
            self.phase = WAR
            self._charge(self._war_costs)
        else:
            self._charge(shortfall)
            if outcome == _CATASTROPHE:
                totals["catastrophe"] = 1
                if d.war.catastrophe_absorbing:
                    self.phase = CATASTROPHE
        return action, hardliner, outcome

    def _charge(self, costs: tuple[float, float, float, float]) -> None:
        """Add a quarter's costs; coalition members pay burden shares and may leave."""
        self.russia.accumulated_cost += costs[0]
        self.ukraine.accumulated_cost += costs[1]
        self.us.accumulated_cost += costs[2]
        self.coalition.accumulated_cost += costs[3]
        if costs[3] > 0 and self._active:
            if CoalitionMemberAgent.pay_shares(
                self._active, costs[3], self._active_weight, can_leave=self._can_leave
            ):
                self._active = [m for m in self._active if m.active]
                self._active_weight = sum(m.weight for m in self._active)
                self._member_names = tuple(m.name for m in self._active)

    def _refresh_tables(self) -> None:
        """Tables for the current state; Russia follows a change in the public signal."""
        state = (
            self.ukraine.strength_multiple,
            self.russia.force_multiple,
            self.us.resolve,
            self._member_names,
        )
        if state == self._table_state:
            return
        self._table_state = state
        if self._keyed:
            key = self.policy.key(*state)  # type: ignore[attr-defined]
            if key == self._table_key:
                return
            means = self.policy.prior_means_of(key)  # type: ignore[attr-defined]
            self._table_key, self._tables = key, None
        else:
            tables = self.policy.tables(StageState(*state))
            if tables is self._tables:
                return
            self._tables, means = tables, tables.prior_means
        self.russia.follow_signal(self._prior_means, means)
        self._prior_means = means
