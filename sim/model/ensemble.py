"""Many replicates of the repeated game stepped together, as arrays.

:class:`~sim.model.model.GuaranteeModel` plays one run with one Mesa agent per actor: the model to
read, extend and teach with. A study runs hundreds or thousands of replicates of it, and their
quarters follow the same rules on different numbers; :class:`GuaranteeEnsemble` applies those rules
to all the replicates of a batch at once. Its state is the agents' state with a replicate axis
(Russia's Beta beliefs, the force multiples, US resolve, each member's accumulated cost, ...), and
one :meth:`~GuaranteeEnsemble.step` is one quarter of every replicate.

The two are the same model. Each replicate draws its uniforms from its own generator exactly as a
:class:`~sim.model.model.GuaranteeModel` does (:func:`~sim.model.model.quarter_draws`), and every
number is computed with the same floating-point operations in the same order, so replicate ``i``
of an ensemble equals, bit for bit, a ``GuaranteeModel`` run with seed ``i``
(``tests/model/test_ensemble.py`` checks every output column on every dynamics preset). The
stage game is read from the policy's solved batched trees
(:class:`~sim.model.stage_policy.SolvedStageTree`) by array indexing, without building per-state
:class:`~sim.model.stage_policy.StageTables`.

Supported: the guarantee game's policy (:class:`~sim.model.guarantee_policy.GuaranteeStagePolicy`)
and the standard agents. A model with another stage policy or with a subclassed agent runs as
:class:`~sim.model.model.GuaranteeModel`.

Examples
--------
>>> from sim.scenario.schema import Scenario
>>> from sim.scenario.dynamics import Dynamics
>>> scenario = Scenario(name="demo", dynamics=Dynamics(quarters=8))
>>> seeds = np.random.SeedSequence(1).spawn(3)
>>> ensemble = GuaranteeEnsemble(scenario, seeds)
>>> ensemble.run()
>>> ensemble.record["outcome"].shape
(3, 8)
>>> from sim.model.model import GuaranteeModel
>>> single = GuaranteeModel(scenario, rng=np.random.default_rng(seeds[2]))
>>> single.run()
>>> bool((single.record["belief_us"] == ensemble.record["belief_us"][2]).all())
True
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.special import ndtri

from sim.equilibria.verify import DEFAULT_TOLERANCE
from sim.model.beliefs import MEAN_FLOOR
from sim.model.guarantee_policy import (
    RUSSIA_MIN_MULTIPLE,
    UKRAINE_MIN_MULTIPLE,
    GuaranteeStagePolicy,
)
from sim.model.model import (
    _CATASTROPHE,
    _DIRECT_WAR,
    _ESCALATION,
    _PROBE_UNANSWERED,
    _WAR,
    AFTER_CATASTROPHE,
    CATASTROPHE,
    DRAW_CHOICE,
    DRAW_ELECTION,
    DRAW_PATH,
    DRAW_TYPE,
    ONGOING_WAR,
    PEACE,
    RUN_TOTALS,
    TIMESERIES_COLUMNS,
    WAR,
    horizon_quarters,
    member_tolerance_scores,
    quarter_draws,
)
from sim.model.stage_policy import PathBundle, SolvedStageTree, ValuePlan
from sim.model.vocabulary import OUTCOMES
from sim.scenario.dynamics import Dynamics
from sim.scenario.schema import Scenario

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]
Bools = NDArray[np.bool_]

_ESCALATION_OF = np.asarray(_ESCALATION, dtype=np.int64)
_IS_WAR = np.isin(np.arange(len(OUTCOMES)), sorted(_WAR))
_IS_DIRECT_WAR = np.isin(np.arange(len(OUTCOMES)), sorted(_DIRECT_WAR))


# ---------------------------------------------------------------------------------------------
# The stage game of one member set, flattened over the state grid
# ---------------------------------------------------------------------------------------------
class _FlatPaths:
    """The paths after one Russian first move, for every grid point: ``reach (points, terminal)``,
    ``payoffs (points, terminal, actor)``, each terminal's outcome and responses."""

    def __init__(self, bundle: PathBundle, shape: tuple[int, ...]):
        points = math.prod(shape)
        self.reach: Floats = np.ascontiguousarray(bundle.reach).reshape(points, -1)
        terminals = self.reach.shape[1]
        # payoffs vary along fewer axes than the grid: keep them small, and map each grid point
        # to its row of them
        inner = bundle.payoffs.shape[:-2]
        self.payoffs: Floats = bundle.payoffs.reshape(-1, terminals, bundle.payoffs.shape[-1])
        grid = np.indices(shape).reshape(len(shape), -1)
        small = [
            np.zeros(points, dtype=np.int64) if n == 1 else grid[a] for a, n in enumerate(inner)
        ]
        self.payoff_row: Ints = (
            np.ravel_multi_index(small, inner) if small else np.zeros(points, dtype=np.int64)
        )
        pairs = zip(bundle.codes, bundle.responses, strict=True)
        self.valid = np.array([c is not None and r is not None for c, r in pairs])
        self.all_valid = bool(self.valid.all())
        self.outcome: Ints = np.array([-1 if c is None else c for c in bundle.codes])
        self.responses: Ints = np.array([(-1, -1) if r is None else r for r in bundle.responses])
        self.labels = [t.outcome or t.label for t in bundle.terminals]

    def draw(self, points: Ints, u: Floats) -> Ints:
        """The terminal selected by uniforms ``u`` at grid points ``points``.

        As :meth:`~sim.model.stage_policy.PathTable.sample` on the table of positive-probability
        paths: probabilities over their (sequential) sum, running sums, the last set to 1, the first
        running sum above ``u``. A path of probability zero adds an exact 0 to the running sum, so
        the first sum above ``u`` is always a path of positive probability.
        """
        reach = self.reach[points]
        total = np.cumsum(reach, axis=1)[:, -1]
        cumulative = np.cumsum(reach / total[:, None], axis=1)
        positive = reach > 0.0
        last = reach.shape[1] - 1 - np.argmax(positive[:, ::-1], axis=1)
        after = np.arange(reach.shape[1]) >= last[:, None]
        cumulative[after] = 1.0
        chosen = np.argmax(cumulative > u[:, None], axis=1)
        if not self.all_valid:
            self._check(positive)
        return chosen

    def _check(self, positive: Bools) -> None:
        """Refuse a drawn table with a reachable terminal that is no stage-game outcome."""
        bad = positive & ~self.valid
        if bad.any():
            name = self.labels[int(np.argmax(bad.any(axis=0)))]
            raise ValueError(f"terminal {name!r} is not a stage-game outcome with responses")


class _ValueColumns:
    """An :class:`~sim.model.stage_policy.ActionValue` for every grid point, as columns."""

    def __init__(self, numbers: Floats, plan: ValuePlan | None, peace: int):
        if plan is None:  # hold: a constant (ActionValue.constant)
            v = numbers[:, peace]
            zero = np.zeros_like(v)
            self.detect = np.ones_like(v)
            self.unseen = v
            self.pledged: tuple[Floats, ...] = (v, v, zero, zero)
            self.free: list[tuple[Floats, ...]] = [(v, v, zero, zero)]
            return
        n = numbers.shape[0]
        self.detect = np.ones(n) if plan.detect is None else numbers[:, plan.detect]
        self.unseen = np.zeros(n) if plan.unseen is None else numbers[:, plan.unseen]
        self.pledged = tuple(numbers[:, c] for c in plan.pledged)
        self.free = [tuple(numbers[:, c] for c in option) for option in plan.free]

    def value(self, points: Ints, kappa_ec: Floats, kappa_us: Floats) -> Floats:
        """:meth:`ActionValue.value <sim.model.stage_policy.ActionValue.value>` at ``points``."""
        k = kappa_us
        options = [tuple(x[points] for x in option) for option in self.free]
        utilities = [k * o[2] + (1.0 - k) * o[3] for o in options]
        top = utilities[0]
        for u in utilities[1:]:
            top = np.maximum(top, u)
        chosen_c, chosen_u = options[-1][0], options[-1][1]
        for o, u in reversed(list(zip(options, utilities, strict=True))):
            first = u >= top - DEFAULT_TOLERANCE
            chosen_c = np.where(first, o[0], chosen_c)
            chosen_u = np.where(first, o[1], chosen_u)
        w_free = k * chosen_c + (1.0 - k) * chosen_u
        p0, p1 = self.pledged[0][points], self.pledged[1][points]
        w_pledged = k * p0 + (1.0 - k) * p1
        seen = kappa_ec * w_pledged + (1.0 - kappa_ec) * w_free
        detect = self.detect[points]
        return detect * seen + (1.0 - detect) * self.unseen[points]


class _MemberSetArrays:
    """One member set's solved stage tree, flattened over the state grid (points in C order)."""

    def __init__(self, tree: SolvedStageTree):
        shape = tree.shape
        numbers: Floats = np.ascontiguousarray(tree.numbers).reshape(math.prod(shape), -1)
        (probe_ec, probe_us), (invade_ec, invade_us) = tree.signal_columns
        self.signal_us = (numbers[:, probe_us], numbers[:, invade_us])
        self.signal_ec = (numbers[:, probe_ec], numbers[:, invade_ec])
        h = tree.hardliner_column
        self.hardliner_share = np.zeros(len(numbers)) if h is None else numbers[:, h]
        self.choice: Ints = numbers[:, tree.choice_column].astype(np.int64)
        self.peace = numbers[:, list(tree.peace_columns)]
        self.values = (
            _ValueColumns(numbers, None, tree.peace_columns[0]),
            _ValueColumns(numbers, tree.value_plans[0], tree.peace_columns[0]),
            _ValueColumns(numbers, tree.value_plans[1], tree.peace_columns[0]),
        )
        opportunist = [_FlatPaths(b, shape) for b in tree.opportunist_paths]
        hard = tree.hardliner_paths
        self.paths = (*opportunist, opportunist[2] if hard is None else _FlatPaths(hard, shape))


_SHARED: weakref.WeakKeyDictionary[GuaranteeStagePolicy, dict[tuple[str, ...], _MemberSetArrays]]
_SHARED = weakref.WeakKeyDictionary()
"""Flattened stage arrays per policy and member set, shared by the ensembles of one policy."""


# ---------------------------------------------------------------------------------------------
# Beliefs as arrays (sim.model.beliefs, operation for operation)
# ---------------------------------------------------------------------------------------------
def _from_mean(mean: Floats, strength: Floats) -> tuple[Floats, Floats]:
    m = np.minimum(np.maximum(mean, MEAN_FLOOR), 1.0 - MEAN_FLOOR)
    return m * strength, (1.0 - m) * strength


class GuaranteeEnsemble:
    """Replicates of :class:`~sim.model.model.GuaranteeModel`, stepped together as arrays.

    Parameters
    ----------
    scenario
        A validated scenario; its ``dynamics`` block (or the defaults) drives the runs.
    seeds
        One seed per replicate (``SeedSequence``, integer or ``Generator``): replicate ``i`` is
        the run ``GuaranteeModel(scenario, rng=np.random.default_rng(seeds[i]))``.
    policy
        The guarantee game's stage policy (default: a new one); share it to share its solutions.
    dynamics
        Overrides the scenario's ``dynamics`` block.

    Attributes
    ----------
    record
        Per-quarter arrays ``(replicates, quarters)``, columns as
        :data:`~sim.model.model.TIMESERIES_COLUMNS`.
    totals
        Per-run counters ``(replicates,)``, keys as :attr:`GuaranteeModel.totals
        <sim.model.model.GuaranteeModel.totals>`.
    costs
        Accumulated cost of each actor, ``(replicates, 4)`` in the game's player order.
    """

    def __init__(
        self,
        scenario: Scenario,
        seeds: Sequence[Any],
        *,
        policy: GuaranteeStagePolicy | None = None,
        dynamics: Dynamics | None = None,
    ) -> None:
        d = self.dynamics = dynamics or scenario.dynamics or Dynamics()
        self.scenario = scenario
        self.policy = policy or GuaranteeStagePolicy(scenario, d)
        if type(self.policy).tables is not GuaranteeStagePolicy.tables:
            raise TypeError("GuaranteeEnsemble needs the guarantee game's own stage policy")
        self.quarters = q = horizon_quarters(scenario, d)
        n = self.replicates = len(seeds)
        if n < 1:
            raise ValueError("GuaranteeEnsemble needs at least one seed")
        self._draws: Floats = np.stack(
            [quarter_draws(np.random.default_rng(s), q) for s in seeds]
        ).reshape(n, q, -1)

        members = scenario.guarantee.coalition.member_list
        initial_weight = sum(m.weight for m in members) or 1.0
        scores = member_tolerance_scores(tuple(m.weight for m in members))
        self._names = tuple(m.name for m in members)
        self._weights: Floats = np.array([m.weight for m in members], dtype=float)
        self._thresholds: Floats = np.array(
            [
                d.coalition.leave_threshold
                * math.exp(d.coalition.threshold_spread * z)
                * m.weight
                / initial_weight
                for m, z in zip(members, scores, strict=True)
            ],
            dtype=float,
        )
        self.member_cost: Floats = np.zeros((n, len(members)))
        self.member_active: Bools = np.ones((n, len(members)), dtype=bool)
        self._active_weight = np.full(n, float(sum(m.weight for m in members)))
        self._sets: list[tuple[str, ...]] = [self._names]  # member sets met so far, by index
        self._set_weight: list[float] = [float(sum(m.weight for m in members))]
        self._set_index: dict[tuple[bool, ...], int] = {(True,) * len(members): 0}
        self._arrays = _SHARED.setdefault(self.policy, {})
        self.member_set: Ints = np.zeros(n, dtype=np.int64)
        self._key_set: Ints = np.zeros(n, dtype=np.int64)  # the member set of the tables in use

        self.resolve: Floats = np.full(n, scenario.actors.united_states.resolve)
        self.ukraine_multiple: Floats = np.ones(n)
        self.russia_multiple: Floats = np.ones(n)
        self.point: Ints = self._points()
        self.prior_means = self._prior_means(self._key_set, self.point)
        strength = np.full(n, float(d.belief_strength))
        self.alpha_us, self.beta_us = _from_mean(self.prior_means[0], strength)
        self.alpha_ec, self.beta_ec = _from_mean(self.prior_means[1], strength)
        self.at_prior: Bools = np.ones(n, dtype=bool)
        self.ceasefire_broken: Bools = np.zeros(n, dtype=bool)
        self._aided = bool(members) or scenario.guarantee.us_backstop != "none"

        self.quarter = 0
        self.phase: Ints = np.full(n, PEACE, dtype=np.int64)
        self._war_level: Ints = np.zeros(n, dtype=np.int64)
        self._war_costs: Floats = np.zeros((n, 4))
        self.costs: Floats = np.zeros((n, 4))
        self.answered: Ints = np.zeros((n, 2), dtype=np.int64)
        self.observed: Ints = np.zeros((n, 2), dtype=np.int64)
        self.record: dict[str, NDArray[Any]] = {
            name: np.zeros((n, q), dtype=dtype) for name, dtype in TIMESERIES_COLUMNS.items()
        }
        self.totals: dict[str, NDArray[Any]] = {
            key: np.full(n, start, dtype=np.int64) for key, start in RUN_TOTALS.items()
        }

    # -- state -------------------------------------------------------------------------------
    @property
    def belief_means(self) -> tuple[Floats, Floats]:
        """Russia's posterior means ``(E[r_US], E[r_E])`` per replicate."""
        return (
            self.alpha_us / (self.alpha_us + self.beta_us),
            self.alpha_ec / (self.alpha_ec + self.beta_ec),
        )

    @property
    def coalition_size(self) -> Ints:
        """Members still in, per replicate."""
        return self.member_active.sum(axis=1)

    def _arrays_of(self, index: int) -> _MemberSetArrays:
        members = self._sets[index]
        found = self._arrays.get(members)
        if found is None:
            found = _MemberSetArrays(self.policy.solved_tree(members))
            self._arrays[members] = found
        return found

    def _points(self) -> Ints:
        """Flat grid index of each replicate's state (as ``GuaranteeStagePolicy.key``)."""
        return self.policy.flat_index(self.ukraine_multiple, self.russia_multiple, self.resolve)

    def _groups(self, sets: Ints) -> list[tuple[_MemberSetArrays, Ints]]:
        """Positions of ``sets`` grouped by member set, each with that set's arrays."""
        if len(sets) == 0:
            return []
        first = int(sets[0])
        if (sets == first).all():
            return [(self._arrays_of(first), np.arange(len(sets)))]
        values = np.unique(sets).tolist()
        return [(self._arrays_of(int(s)), np.flatnonzero(sets == s)) for s in values]

    def _prior_means(self, sets: Ints, points: Ints) -> tuple[Floats, Floats]:
        """The signalled commitment against an invasion (US, coalition) at these states."""
        us, ec = np.empty(len(sets)), np.empty(len(sets))
        for arrays, at in self._groups(sets):
            us[at] = arrays.signal_us[1][points[at]]
            ec[at] = arrays.signal_ec[1][points[at]]
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
        e = d.elections
        if e.enabled and quarter >= e.first_quarter and (quarter - e.first_quarter) % e.every == 0:
            z = ndtri(draws[:, DRAW_ELECTION])
            self.resolve = np.minimum(1.0, np.maximum(0.0, self.resolve + e.resolve_sd * z))
            self._refresh()

        n = self.replicates
        outcome = np.full(n, ONGOING_WAR, dtype=np.int64)
        action = np.full(n, -1, dtype=np.int64)
        hardliner = np.zeros(n, dtype=bool)
        escalation = np.zeros(n, dtype=np.int64)
        phase = self.phase.copy()  # the phases at the start of the quarter
        fought = phase == WAR
        peace = np.flatnonzero(phase == PEACE)
        war = np.flatnonzero(fought)
        if len(peace):
            a, h, o = self._crisis_round(peace, draws[peace])
            action[peace], hardliner[peace], outcome[peace] = a, h, o
            escalation[peace] = _ESCALATION_OF[o]
        if len(war):
            escalation[war] = self._war_level[war]
            self._charge(war, self._war_costs[war])
            settled = war[draws[war, DRAW_TYPE] < d.war.settlement_rate]
            self.phase[settled] = PEACE
        ended = phase == CATASTROPHE
        outcome[ended], escalation[ended] = AFTER_CATASTROPHE, 4

        at_war = fought | (self.phase == WAR)
        r, u = d.russia, d.ukraine
        if r.enabled:
            f = self.russia_multiple
            self.russia_multiple = np.where(
                at_war,
                np.maximum(RUSSIA_MIN_MULTIPLE, f * (1.0 - r.war_attrition)),
                np.minimum(r.max_multiple, f * (1.0 + r.reconstitution)),
            )
        if u.enabled:
            s = self.ukraine_multiple
            grown = np.minimum(u.max_multiple, s * (1.0 + u.aid_growth)) if self._aided else s
            self.ukraine_multiple = np.where(
                at_war, np.maximum(UKRAINE_MIN_MULTIPLE, s * (1.0 - u.war_attrition)), grown
            )
        self.totals["quarters_at_peace"] += escalation <= 1
        self._refresh()

        mu_us, mu_ec = self.belief_means
        rec = self.record
        rec["outcome"][:, t] = outcome
        rec["escalation"][:, t] = escalation
        rec["russia_action"][:, t] = action
        rec["hardliner"][:, t] = hardliner
        rec["belief_us"][:, t] = mu_us
        rec["belief_ec"][:, t] = mu_ec
        rec["ukraine_army"][:, t] = self.scenario.guarantee.ukraine_strength * self.ukraine_multiple
        rec["russia_force"][:, t] = self.scenario.actors.russia.force * self.russia_multiple
        rec["us_resolve"][:, t] = self.resolve
        rec["coalition_size"][:, t] = self.coalition_size

    def run(self) -> None:
        """Play every remaining quarter of the horizon."""
        while self.quarter < self.quarters:
            self.step()

    # -- pieces of a quarter -----------------------------------------------------------------
    def _crisis_round(self, rows: Ints, draws: Floats) -> tuple[Ints, Bools, Ints]:
        """A crisis round in replicates ``rows`` (at peace); their action, type and outcome."""
        d = self.dynamics
        m = len(rows)
        points = self.point[rows]
        action = np.zeros(m, dtype=np.int64)
        table = np.zeros(m, dtype=np.int64)
        hardliner = np.zeros(m, dtype=bool)
        outcome = np.zeros(m, dtype=np.int64)
        responses = np.zeros((m, 2), dtype=np.int64)
        shortfall = np.zeros((m, 4))
        mu_us, mu_ec = self.belief_means
        for arrays, at in self._groups(self._key_set[rows]):
            p = points[at]
            hard = draws[at, DRAW_TYPE] < arrays.hardliner_share[p]
            hardliner[at] = hard
            values = self.action_values(arrays, rows[at], p, mu_us[rows[at]], mu_ec[rows[at]])
            chosen = self.choose(values, draws[at, DRAW_CHOICE])
            decided = ~hard
            self.totals["decisions"][rows[at]] += decided
            self.totals["consistent_decisions"][rows[at]] += decided & (chosen == arrays.choice[p])
            action[at] = np.where(hard, 2, chosen)
            table[at] = np.where(hard, 3, chosen)
            for which in np.unique(table[at]).tolist():
                sub = at[table[at] == which]
                paths = arrays.paths[which]
                k = paths.draw(points[sub], draws[sub, DRAW_PATH])
                outcome[sub] = paths.outcome[k]
                responses[sub] = paths.responses[k]
                payoffs = paths.payoffs[paths.payoff_row[points[sub]], k]
                peace = arrays.peace[points[sub]]
                shortfall[sub] = np.maximum(0.0, peace - payoffs)

        totals = self.totals
        self.ceasefire_broken[rows] |= action > 0
        probe = action == 1
        totals["probes"][rows] += probe
        totals["unanswered_probes"][rows] += probe & (outcome == _PROBE_UNANSWERED)
        first = rows[(action == 2) & (totals["first_invasion"][rows] < 0)]
        totals["first_invasion"][first] = self.quarter
        totals["direct_war"][rows[_IS_DIRECT_WAR[outcome]]] = 1
        seen = responses >= 0
        self.observed[rows] += seen
        self.answered[rows] += responses > 0
        if d.learning:
            self._learn(rows, responses)

        to_war = _IS_WAR[outcome] & d.war.enabled
        if to_war.any():
            rate = d.war.settlement_rate
            going = rows[to_war]
            self._war_costs[going] = shortfall[to_war] * rate
            self._war_level[going] = _ESCALATION_OF[outcome[to_war]]
            self.phase[going] = WAR
            shortfall[to_war] = self._war_costs[going]
        self._charge(rows, shortfall)
        catastrophe = ~to_war & (outcome == _CATASTROPHE)
        if catastrophe.any():
            totals["catastrophe"][rows[catastrophe]] = 1
            if d.war.catastrophe_absorbing:
                self.phase[rows[catastrophe]] = CATASTROPHE
        return action, hardliner, outcome

    def action_values(
        self, arrays: _MemberSetArrays, rows: Ints, points: Ints, mu_us: Floats, mu_ec: Floats
    ) -> list[Floats]:
        """Values of hold, probe, invade in replicates ``rows`` at grid points ``points`` under
        beliefs ``(mu_us, mu_ec)`` (as :meth:`RussiaAgent.action_values
        <sim.model.agents.RussiaAgent.action_values>`)."""
        kappa = []
        for (probe, invade), mean in (
            ((arrays.signal_us[0][points], arrays.signal_us[1][points]), mu_us),
            ((arrays.signal_ec[0][points], arrays.signal_ec[1][points]), mu_ec),
        ):
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = np.where(invade > 0, np.minimum(1.0, probe / invade), 0.0)
            kappa.append((mean * ratio, mean))
        (us_p, us_i), (ec_p, ec_i) = kappa
        v = arrays.values
        values = [
            v[0].value(points, ec_i, us_i),
            v[1].value(points, ec_p, us_p),
            v[2].value(points, ec_i, us_i),
        ]
        cf = self.dynamics.ceasefire
        if cf.grim_trigger:
            dd = cf.discount
            standing = ~self.ceasefire_broken[rows]
            threat = dd * cf.punishment_value / (1.0 - dd)
            values = [
                np.where(standing, values[0] / (1.0 - dd), values[0]),
                np.where(standing, values[1] + threat, values[1]),
                np.where(standing, values[2] + threat, values[2]),
            ]
        return values

    def choose(self, values: list[Floats], u: Floats) -> Ints:
        """Best response or logit draw with uniforms ``u`` (as :meth:`RussiaAgent.choose
        <sim.model.agents.RussiaAgent.choose>`, whose scalar exponential the logit draw uses, so
        that the two agree bit for bit)."""
        precision = self.dynamics.logit_precision
        if precision is None:
            top = np.maximum(np.maximum(values[0], values[1]), values[2])
            return np.where(values[0] >= top, 0, np.where(values[1] >= top, 1, 2))
        chosen = np.empty(len(u), dtype=np.int64)
        columns = np.stack(values, axis=1).tolist()
        for i, (vals, draw) in enumerate(zip(columns, u.tolist(), strict=True)):
            top = max(vals)
            weights = [math.exp(precision * (x - top)) for x in vals]
            scaled = draw * sum(weights)
            acc, pick = 0.0, len(weights) - 1
            for j, w in enumerate(weights):
                acc += w
                if scaled < acc:
                    pick = j
                    break
            chosen[i] = pick
        return chosen

    def _learn(self, rows: Ints, responses: Ints) -> None:
        """Bayes' rule on the observed responses (as ``RussiaAgent.learn``)."""
        w = self.dynamics.spillover
        a_us, b_us = self.alpha_us[rows], self.beta_us[rows]
        a_ec, b_ec = self.alpha_ec[rows], self.beta_ec[rows]
        for g in (0, 1):
            r = responses[:, g]
            seen = r >= 0
            yes, no = seen & (r > 0), seen & (r == 0)
            if g == 0:
                a_us, b_us = np.where(yes, a_us + 1.0, a_us), np.where(no, b_us + 1.0, b_us)
                if w > 0:
                    a_ec, b_ec = np.where(yes, a_ec + w, a_ec), np.where(no, b_ec + w, b_ec)
            else:
                a_ec, b_ec = np.where(yes, a_ec + 1.0, a_ec), np.where(no, b_ec + 1.0, b_ec)
                if w > 0:
                    a_us, b_us = np.where(yes, a_us + w, a_us), np.where(no, b_us + w, b_us)
        self.alpha_us[rows], self.beta_us[rows] = a_us, b_us
        self.alpha_ec[rows], self.beta_ec[rows] = a_ec, b_ec
        self.at_prior[rows] &= ~(responses >= 0).any(axis=1)

    def _charge(self, rows: Ints, costs: Floats) -> None:
        """Add a quarter's costs; members pay burden shares and may leave (as ``_charge``)."""
        self.costs[rows] += costs
        if not self._names:
            return
        paying = (costs[:, 3] > 0) & self.member_active[rows].any(axis=1)
        if not paying.any():
            return
        rows, cost = rows[paying], costs[paying, 3]
        active = self.member_active[rows]
        spend = self.member_cost[rows]
        share = cost[:, None] * self._weights / self._active_weight[rows][:, None]
        spend = np.where(active, spend + share, spend)
        self.member_cost[rows] = spend
        if not self.dynamics.coalition.enabled:
            return
        leaving = active & (spend > self._thresholds)
        if not leaving.any():
            return
        left = leaving.any(axis=1)
        rows, active = rows[left], active[left] & ~leaving[left]
        self.member_active[rows] = active
        for i, flags in zip(rows.tolist(), active.tolist(), strict=True):
            index = self._set_index.get(tuple(flags))
            if index is None:
                index = self._new_member_set(flags)
            self.member_set[i] = index
            self._active_weight[i] = self._set_weight[index]

    def _new_member_set(self, flags: list[bool]) -> int:
        """Register the member set with these active flags (as ``GuaranteeModel._charge``: the
        names in list order, the weight summed in list order)."""
        index = len(self._sets)
        self._sets.append(tuple(n for n, on in zip(self._names, flags, strict=True) if on))
        total = 0
        for w, on in zip(self._weights.tolist(), flags, strict=True):
            if on:
                total += w
        self._set_weight.append(float(total))
        self._set_index[tuple(flags)] = index
        return index

    def _refresh(self) -> None:
        """Follow a change of the public signal (as ``GuaranteeModel._refresh_tables``)."""
        points = self._points()
        moved = np.flatnonzero((points != self.point) | (self.member_set != self._key_set))
        if not len(moved):
            return
        self.point[moved] = points[moved]
        self._key_set[moved] = self.member_set[moved]
        new_us, new_ec = self._prior_means(self._key_set[moved], points[moved])
        old_us, old_ec = self.prior_means[0][moved], self.prior_means[1][moved]
        change = (new_us != old_us) | (new_ec != old_ec)
        if change.any():
            rows = moved[change]
            prior = self.at_prior[rows]
            for a, b, new, old in (
                (self.alpha_us, self.beta_us, new_us[change], old_us[change]),
                (self.alpha_ec, self.beta_ec, new_ec[change], old_ec[change]),
            ):
                alpha, beta = a[rows], b[rows]
                strength = alpha + beta
                target = np.where(prior, new, alpha / (alpha + beta) + (new - old))
                a[rows], b[rows] = _from_mean(target, strength)
        self.prior_means[0][moved] = new_us
        self.prior_means[1][moved] = new_ec
