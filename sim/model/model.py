"""The repeated escalation game as a Mesa model: one step is one quarter (DESIGN.md §6).

Each quarter of a ceasefire is one crisis round of the guarantee game. Nature draws Russia's type
(the hard-liner invades); the opportunist picks hold, probe or invade on its *beliefs* about each
guarantor's commitment (best response or logit), and everything after that follows the *true*
game: detection, the guarantors' commitment draws and equilibrium responses, Russia's reply to an
intervention. Russia then updates its beliefs from the responses it saw (Bayes' rule, salami
tactics), costs are paid, wars run until a settlement, Ukraine's and Russia's forces change, US
resolve shifts at elections and coalition members leave when their costs mount. Each mechanism is
switched by the scenario's ``dynamics:`` block (:class:`~sim.scenario.dynamics.Dynamics`).

One model plays one replicate or many: every agent's state has a replicate axis
(:mod:`sim.model.agents`), and one :meth:`~GuaranteeModel.step` is one quarter of every replicate.
Replicate ``i`` draws its uniforms from its own generator (``seeds[i]``): when the model is created
each replicate draws one block of :data:`DRAWS_PER_QUARTER` uniforms per quarter
(:func:`quarter_draws`), and each quarter uses its row, one column per purpose
(:data:`DRAW_ELECTION`, ...), whether or not the purpose arises. So a replicate's run is the same
whatever else runs beside it, in whatever chunk, process or machine.

Examples
--------
>>> from sim.scenario.schema import Scenario
>>> from sim.scenario.dynamics import Dynamics
>>> scenario = Scenario(name="demo", dynamics=Dynamics(quarters=8))
>>> model = GuaranteeModel(scenario, seeds=np.random.SeedSequence(1).spawn(3))
>>> model.run()
>>> model.record["outcome"].shape, model.quarter
((3, 8), 8)
>>> single = GuaranteeModel(scenario, seeds=np.random.SeedSequence(1).spawn(3)[2:])
>>> single.run()
>>> bool((single.record["belief_us"][0] == model.record["belief_us"][2]).all())
True
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import Any

import mesa
import numpy as np
from numpy.typing import NDArray
from scipy.special import ndtri

from sim.arrays import FloatArray, IntArray
from sim.guarantee.names import OUTCOMES
from sim.guarantee.terms import QUARTERS_PER_YEAR, per_quarter
from sim.model.agents import (
    CoalitionAgent,
    CoalitionMemberAgent,
    RussiaAgent,
    UkraineAgent,
    UnitedStatesAgent,
)
from sim.model.escalation import DIRECT_WAR_OUTCOMES, ESCALATION_LEVEL, WAR_OUTCOMES
from sim.model.stage import StageGrid, StagePolicy
from sim.scenario.dynamics import MAX_QUARTERS, Dynamics
from sim.scenario.schema import Scenario

PEACE, WAR, CATASTROPHE = 0, 1, 2
"""Phases of a run."""

ONGOING_WAR = -1
"""Outcome code of a quarter of an ongoing war (no crisis round)."""
AFTER_CATASTROPHE = -2
"""Outcome code of a quarter after a catastrophe that ended the run."""

DEFAULT_QUARTERS = 40

DRAWS_PER_QUARTER = 6
"""Uniform draws per quarter, one column each: :data:`DRAW_ELECTION` (whether an election
changes the party in office), :data:`DRAW_REGIME` (a change of Russia's leadership),
:data:`DRAW_TYPE` (the new leadership's type; in the first quarter the initial type),
:data:`DRAW_CHOICE` (a logit choice), :data:`DRAW_PATH` (the path after Russia's move) and
:data:`DRAW_SETTLE` (the settlement of a war)."""
DRAW_ELECTION, DRAW_REGIME, DRAW_TYPE, DRAW_CHOICE, DRAW_PATH, DRAW_SETTLE = range(
    DRAWS_PER_QUARTER
)

ESCALATION = np.array([ESCALATION_LEVEL[name] for name in OUTCOMES], dtype=np.int64)
IS_WAR = np.array([name in WAR_OUTCOMES for name in OUTCOMES])
IS_DIRECT_WAR = np.array([name in DIRECT_WAR_OUTCOMES for name in OUTCOMES])
PROBE_UNANSWERED = OUTCOMES.index("probe_unanswered")
CATASTROPHE_OUTCOME = OUTCOMES.index("catastrophe")

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

RUN_TOTALS: dict[str, tuple[int, Any]] = {
    "first_invasion": (-1, np.int16),
    "quarters_at_peace": (0, np.int16),
    "probes": (0, np.int16),
    "unanswered_probes": (0, np.int16),
    "direct_war": (0, np.bool_),
    "catastrophe": (0, np.bool_),
    "decisions": (0, np.int16),
    "consistent_decisions": (0, np.int16),
}
"""Per-run counters → (starting value, stored dtype): the 1-based quarter of the first invasion
(−1: none), quarters at peace, probes, unanswered probes, direct war and catastrophe flags, the
opportunist's decisions and those equal to the stage equilibrium move."""


def horizon_quarters(scenario: Scenario, dynamics: Dynamics) -> int:
    """``dynamics.quarters``, else the guarantee's duration in quarters, else 40; never more
    than :data:`~sim.scenario.dynamics.MAX_QUARTERS` (validation refuses a longer duration with
    ``quarters: null``; a scenario built around validation is played for that many quarters, so
    the per-quarter counters and the ``quarter`` column, 16-bit integers, cannot wrap).

    >>> horizon_quarters(Scenario(name="x", guarantee={"duration_years": 5}), Dynamics())
    20
    """
    if dynamics.quarters is not None:
        return min(dynamics.quarters, MAX_QUARTERS)
    years = scenario.guarantee.horizon_years
    if math.isinf(years):
        return DEFAULT_QUARTERS
    return max(1, min(MAX_QUARTERS, math.ceil(QUARTERS_PER_YEAR * min(years, MAX_QUARTERS))))


def quarter_draws(rng: np.random.Generator, quarters: int) -> FloatArray:
    """A run's uniforms, ``(quarters, DRAWS_PER_QUARTER)``, drawn in one call.

    >>> quarter_draws(np.random.default_rng(0), 3).shape
    (3, 6)
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
    """Runs of the repeated guarantee game, one replicate or many, stepped together.

    Parameters
    ----------
    scenario
        A validated scenario; its ``dynamics`` block (or the defaults) drives the runs.
    seeds
        One seed per replicate (``SeedSequence``, integer or ``Generator``): replicate ``i``
        draws from ``numpy.random.default_rng(seeds[i])``.
    rng
        Instead of ``seeds``: the seed or generator of a single replicate.
    policy
        The stage game over the state grid (default: a new :class:`~sim.model.stage.StagePolicy`);
        share one between models to share its solved trees.
    dynamics
        Overrides the scenario's ``dynamics`` block.

    Attributes
    ----------
    record
        Per-quarter arrays ``(replicates, quarters)`` (:data:`TIMESERIES_COLUMNS`).
    totals
        Per-run counters ``(replicates,)`` (:data:`RUN_TOTALS`).
    """

    russia_agent_class: type[RussiaAgent] = RussiaAgent
    """Class of Russia's agent (a subclass can change how Russia decides)."""

    def __init__(
        self,
        scenario: Scenario,
        *,
        seeds: Sequence[Any] | None = None,
        rng: Any = None,
        policy: StagePolicy | None = None,
        dynamics: Dynamics | None = None,
    ) -> None:
        d = self.dynamics = dynamics or scenario.dynamics or Dynamics()
        self.quarters = q = horizon_quarters(scenario, d)
        generators = (
            [np.random.default_rng(s) for s in seeds]
            if seeds is not None
            else [np.random.default_rng(rng)]
        )
        n = self.replicates = len(generators)
        if n < 1:
            raise ValueError("GuaranteeModel needs at least one seed")
        # each replicate's uniforms come first from its generator (Mesa may draw a seed for its
        # ``random.Random`` from the model's), so that they depend on the seed alone
        self._draws: FloatArray = np.stack([quarter_draws(g, q) for g in generators]).reshape(
            n, q, -1
        )
        super().__init__(rng=generators[0])
        self.scenario = scenario
        self.policy = policy or StagePolicy(scenario, d)

        members = scenario.guarantee.coalition.member_list
        initial_weight = sum(m.weight for m in members) or 1.0
        scores = member_tolerance_scores(tuple(m.weight for m in members))
        self.members = [
            CoalitionMemberAgent(
                self,
                n,
                m.name,
                m.weight,
                d.coalition.leave_threshold
                * math.exp(d.coalition.threshold_spread * z)
                * m.weight
                / initial_weight,
            )
            for m, z in zip(members, scores, strict=True)
        ]
        self.us = UnitedStatesAgent(self, n, scenario.actors.united_states.resolve)
        self.coalition = CoalitionAgent(self, n, self.members)
        self.ukraine = UkraineAgent(self, n)
        self.grid_set: IntArray = np.zeros(n, dtype=np.int64)
        """Per replicate, the member set whose stage grid Russia reads (it follows
        :attr:`CoalitionAgent.member_set` at the end of each quarter)."""
        ones = np.ones(n)
        self.point: IntArray = self.policy.flat_index(ones, ones, self.us.resolve)
        self.prior_means = self._prior_means(self.grid_set, self.point)
        r = scenario.actors.russia
        self._hardliner_share = r.hardliner_share
        self._regime_hazard = float(per_quarter(r.regime_change_rate))
        # a war of D years on average: quarterly settlement hazard 1/(4D) (at most 1)
        self._settlement = min(1.0, 1.0 / (QUARTERS_PER_YEAR * scenario.payoffs.war_years))
        first_type = self._draws[:, 0, DRAW_TYPE] < r.hardliner_share
        self.russia = self.russia_agent_class(self, self.prior_means, d.belief_strength, first_type)
        self._aided = bool(members) or scenario.guarantee.us_backstop != "none"

        self.quarter = 0
        self.phase: IntArray = np.full(n, PEACE, dtype=np.int64)
        self._war_level: IntArray = np.zeros(n, dtype=np.int64)
        self._war_costs: FloatArray = np.zeros((n, 4))
        self.record: dict[str, NDArray[Any]] = {
            name: np.zeros((n, q), dtype=dtype) for name, dtype in TIMESERIES_COLUMNS.items()
        }
        self.totals: dict[str, NDArray[Any]] = {
            key: np.full(n, start, dtype=np.int64) for key, (start, _) in RUN_TOTALS.items()
        }

    # -- state -------------------------------------------------------------------------------
    @property
    def costs(self) -> FloatArray:
        """Accumulated cost of each actor, ``(replicates, 4)`` in the game's player order."""
        actors = (self.russia, self.ukraine, self.us, self.coalition)
        return np.stack([a.accumulated_cost for a in actors], axis=1)

    @property
    def coalition_size(self) -> IntArray:
        """Members still in, per replicate."""
        return self.coalition.size

    def grid_of(self, member_set: int) -> StageGrid:
        """The stage grid of a member set (an index of :attr:`CoalitionAgent.sets`)."""
        return self.policy.grid(self.coalition.sets[member_set])

    def _points(self) -> IntArray:
        """Flat grid index of each replicate's state."""
        return self.policy.flat_index(
            self.ukraine.strength_multiple,
            self.russia.force_multiple,
            self.us.resolve,
        )

    def _groups(self, sets: IntArray) -> list[tuple[StageGrid, IntArray]]:
        """Positions of ``sets`` grouped by member set, each with that set's stage grid."""
        if len(sets) == 0:
            return []
        first = int(sets[0])
        if (sets == first).all():
            return [(self.grid_of(first), np.arange(len(sets)))]
        return [(self.grid_of(int(s)), np.flatnonzero(sets == s)) for s in np.unique(sets).tolist()]

    def _prior_means(self, sets: IntArray, points: IntArray) -> tuple[FloatArray, FloatArray]:
        """The signalled commitment against an invasion (US, coalition) at these states."""
        us, ec = np.empty(len(sets)), np.empty(len(sets))
        for grid, at in self._groups(sets):
            us[at] = grid.signal_us[1][points[at]]
            ec[at] = grid.signal_ec[1][points[at]]
        return us, ec

    # -- one quarter ------------------------------------------------------------------------
    def step(self) -> None:
        """Play one quarter of every replicate."""
        if self.quarter >= self.quarters:
            return
        d = self.dynamics
        t = self.quarter
        self.quarter = quarter = t + 1
        draws = self._draws[:, t, :]
        if self.us.election(quarter, d, draws[:, DRAW_ELECTION]):
            self._refresh()
        if t > 0:
            self.russia.change_regime(
                draws[:, DRAW_REGIME],
                draws[:, DRAW_TYPE],
                self._regime_hazard,
                self._hardliner_share,
            )

        n = self.replicates
        outcome = np.full(n, ONGOING_WAR, dtype=np.int64)
        action = np.full(n, -1, dtype=np.int64)
        escalation = np.zeros(n, dtype=np.int64)
        phase = self.phase.copy()  # the phases at the start of the quarter
        fought = phase == WAR
        peace = np.flatnonzero(phase == PEACE)
        war = np.flatnonzero(fought)
        if len(peace):
            a, o = self._crisis_round(peace, draws[peace])
            action[peace], outcome[peace] = a, o
            escalation[peace] = ESCALATION[o]
        if len(war):
            escalation[war] = self._war_level[war]
            self._charge(war, self._war_costs[war])
            settled = war[draws[war, DRAW_SETTLE] < self._settlement]
            self.phase[settled] = PEACE
        ended = phase == CATASTROPHE
        outcome[ended], escalation[ended] = AFTER_CATASTROPHE, 4

        at_war = fought | (self.phase == WAR)
        self.russia.evolve(at_war, d)
        self.ukraine.evolve(at_war, self._aided, d)
        self.totals["quarters_at_peace"] += escalation <= 1
        self._refresh()

        columns = (
            outcome,
            escalation,
            action,
            self.russia.hardliner,
            *self.russia.belief_means,
            self.scenario.guarantee.ukraine_strength * self.ukraine.strength_multiple,
            self.scenario.actors.russia.force * self.russia.force_multiple,
            self.us.resolve,
            self.coalition_size,
        )
        for name, value in zip(TIMESERIES_COLUMNS, columns, strict=True):
            self.record[name][:, t] = value

    def run(self) -> None:
        """Play every remaining quarter of the horizon."""
        while self.quarter < self.quarters:
            self.step()

    # -- pieces of a quarter -----------------------------------------------------------------
    def _crisis_round(self, rows: IntArray, draws: FloatArray) -> tuple[IntArray, IntArray]:
        """A crisis round in replicates ``rows`` (at peace); their action and outcome."""
        d = self.dynamics
        russia = self.russia
        m = len(rows)
        points = self.point[rows]
        action = np.zeros(m, dtype=np.int64)
        table = np.zeros(m, dtype=np.int64)
        outcome = np.zeros(m, dtype=np.int64)
        evidence = np.zeros((m, 2), dtype=np.int64)
        shortfall = np.zeros((m, 4))
        totals = self.totals
        for grid, at in self._groups(self.grid_set[rows]):
            p = points[at]
            hard = russia.hardliner[rows[at]]
            values = russia.action_values(grid, rows[at], p, d)
            chosen = russia.choose(values, draws[at, DRAW_CHOICE], d.logit_precision)
            decided = ~hard
            totals["decisions"][rows[at]] += decided
            totals["consistent_decisions"][rows[at]] += decided & (chosen == grid.choice[p])
            action[at] = np.where(hard, 2, chosen)
            table[at] = np.where(hard, 3, chosen)
            for which in np.unique(table[at]).tolist():
                sub = at[table[at] == which]
                paths = grid.paths[which]
                k = paths.draw(points[sub], draws[sub, DRAW_PATH])
                outcome[sub] = paths.outcome[k]
                evidence[sub] = paths.evidence[points[sub], k]
                payoffs = paths.payoffs[paths.payoff_row[points[sub]], k]
                shortfall[sub] = np.maximum(0.0, grid.peace[points[sub]] - payoffs)

        russia.ceasefire_broken[rows] |= action > 0
        probe = action == 1
        totals["probes"][rows] += probe
        totals["unanswered_probes"][rows] += probe & (outcome == PROBE_UNANSWERED)
        first = rows[(action == 2) & (totals["first_invasion"][rows] < 0)]
        totals["first_invasion"][first] = self.quarter
        totals["direct_war"][rows[IS_DIRECT_WAR[outcome]]] = 1
        if d.learning:
            russia.learn(rows, evidence, d.spillover)

        to_war = IS_WAR[outcome] & d.war.enabled
        if to_war.any():
            rate = self._settlement
            going = rows[to_war]
            self._war_costs[going] = shortfall[to_war] * rate
            self._war_level[going] = ESCALATION[outcome[to_war]]
            self.phase[going] = WAR
            shortfall[to_war] = self._war_costs[going]
        self._charge(rows, shortfall)
        catastrophe = ~to_war & (outcome == CATASTROPHE_OUTCOME)
        if catastrophe.any():
            totals["catastrophe"][rows[catastrophe]] = 1
            if d.war.catastrophe_absorbing:
                self.phase[rows[catastrophe]] = CATASTROPHE
        self.ukraine.lose_to_probes(rows[outcome == PROBE_UNANSWERED], d)
        return action, outcome

    def _charge(self, rows: IntArray, costs: FloatArray) -> None:
        """Add a quarter's costs; coalition members pay burden shares and may leave."""
        self.russia.accumulated_cost[rows] += costs[:, 0]
        self.ukraine.accumulated_cost[rows] += costs[:, 1]
        self.us.accumulated_cost[rows] += costs[:, 2]
        self.coalition.charge(rows, costs[:, 3], can_leave=self.dynamics.coalition.enabled)

    def _refresh(self) -> None:
        """Follow a change of the public signal: Russia's beliefs move with the prior means."""
        points = self._points()
        member_set = self.coalition.member_set
        moved = np.flatnonzero((points != self.point) | (member_set != self.grid_set))
        if not len(moved):
            return
        self.point[moved] = points[moved]
        self.grid_set[moved] = member_set[moved]
        new_us, new_ec = self._prior_means(self.grid_set[moved], points[moved])
        old_us, old_ec = self.prior_means[0][moved], self.prior_means[1][moved]
        change = (new_us != old_us) | (new_ec != old_ec)
        if change.any():
            self.russia.follow_signal(
                moved[change],
                (old_us[change], old_ec[change]),
                (new_us[change], new_ec[change]),
            )
        self.prior_means[0][moved] = new_us
        self.prior_means[1][moved] = new_ec
