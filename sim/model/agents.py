"""The actors of the repeated escalation game as Mesa agents, each with a replicate axis.

One agent per actor: :class:`RussiaAgent` (beliefs, choice, force), :class:`UkraineAgent`
(strength), :class:`UnitedStatesAgent` (resolve, elections), :class:`CoalitionAgent` (the European
coalition as a guarantor, and who is still in it) and one :class:`CoalitionMemberAgent` per member
state (burden share, accumulated cost, leave threshold). Each agent holds its state and the rules
that change it; the model (:mod:`sim.model.model`) calls them in a fixed order each quarter.

An agent's state carries a replicate axis: every attribute that varies between runs is an array
with one entry per replicate, and every rule acts on the replicates it is given (``rows``). So one
model steps one replicate or ten thousand with the same code. The model hands the agents its
uniform draws of the quarter (:func:`sim.model.model.quarter_draws`).

Every agent implements the same small contract, checked by one shared test: :meth:`snapshot`
(its state as plain data), :meth:`reset` (back to the state it was created in), seeded
reproducibility and pickling.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import mesa
import numpy as np

from sim.arrays import BoolArray, FloatArray, IntArray
from sim.guarantee.terms import quarterly_discount
from sim.model import beliefs
from sim.model.stage import RUSSIA_MIN_MULTIPLE, UKRAINE_MIN_MULTIPLE, StageGrid

if TYPE_CHECKING:
    from sim.scenario.dynamics import Dynamics


class _PerModelIds:
    """Unique-id counters per model, kept on the model itself.

    Mesa 3.3 numbers agents with a class-level ``defaultdict`` keyed by model, which keeps every
    model (and its agents) alive for the life of the process. A counter stored as an attribute
    of its model is freed with it.
    """

    attribute = "_sim_agent_ids"

    def __getitem__(self, model: Any) -> Iterator[int]:
        counter: Iterator[int] | None = model.__dict__.get(self.attribute)
        if counter is None:
            counter = itertools.count(1)
            setattr(model, self.attribute, counter)
        return counter


class ActorAgent(mesa.Agent):
    """Common contract: ``snapshot()`` and ``reset()``.

    An agent's state is its arrays (one entry per replicate): :meth:`_remember`, called at the
    end of construction, keeps a copy of each, and :meth:`reset` restores them.
    """

    _ids = _PerModelIds()
    key: str = "actor"

    def __init__(self, model: mesa.Model, replicates: int):
        super().__init__(model)
        self.replicates = replicates
        self.accumulated_cost: FloatArray = np.zeros(replicates)

    def _remember(self) -> None:
        self._initial = {
            name: value.copy()
            for name, value in vars(self).items()
            if isinstance(value, np.ndarray)
        }

    def snapshot(self) -> dict[str, Any]:
        """The agent's state as plain data (its public arrays as lists, one entry per replicate)."""
        out: dict[str, Any] = {"key": self.key}
        out.update({k: getattr(self, k).tolist() for k in self._initial if not k.startswith("_")})
        return out

    def reset(self) -> None:
        """Restore the state the agent was created with."""
        for name, value in self._initial.items():
            setattr(self, name, value.copy())


def grim_trigger_values(
    values: list[FloatArray], standing: BoolArray, discount: float, punishment: float
) -> list[FloatArray]:
    """Values of hold, probe, invade where a violation ends the ceasefire for good.

    Notes
    -----
    Grim trigger (Friedman 1971): while the ceasefire stands, :math:`V(\\text{hold}) =
    R/(1-\\delta)` with :math:`R = v(\\text{hold})`, and :math:`V(a) = v(a) + \\delta
    P/(1-\\delta)` for a violation a, P the punishment value per quarter; the ceasefire holds iff
    :math:`\\delta \\ge (T-R)/(T-P)` with :math:`T = \\max_a v(a)`. Where it no longer stands
    (``standing`` false), the stage values.
    """
    threat = discount * punishment / (1.0 - discount)
    return [
        np.where(standing, values[0] / (1.0 - discount), values[0]),
        np.where(standing, values[1] + threat, values[1]),
        np.where(standing, values[2] + threat, values[2]),
    ]


class RussiaAgent(ActorAgent):
    """Russia: its type, Beta beliefs about each guarantor's commitment, its choice, its force.

    Parameters
    ----------
    model
        The model.
    prior_means
        Signalled commitment against an invasion, (US, coalition), per replicate: the prior means.
    strength
        Prior strength α + β (``dynamics.belief_strength``).
    hardliner
        Whether each replicate's leadership is a hard-liner at the start.
    """

    key = "russia"

    def __init__(
        self,
        model: mesa.Model,
        prior_means: tuple[FloatArray, FloatArray],
        strength: float,
        hardliner: BoolArray,
    ) -> None:
        n = len(prior_means[0])
        super().__init__(model, n)
        self.hardliner: BoolArray = np.array(hardliner, dtype=bool)
        s = np.full(n, float(strength))
        self.alpha_us, self.beta_us = beliefs.from_mean(prior_means[0], s)
        self.alpha_ec, self.beta_ec = beliefs.from_mean(prior_means[1], s)
        self.at_prior: BoolArray = np.ones(n, dtype=bool)
        self.force_multiple: FloatArray = np.ones(n)
        self.ceasefire_broken: BoolArray = np.zeros(n, dtype=bool)
        self._remember()

    @property
    def belief_means(self) -> tuple[FloatArray, FloatArray]:
        """Posterior means ``(E[r_US], E[r_E])`` per replicate."""
        return (
            beliefs.mean(self.alpha_us, self.beta_us),
            beliefs.mean(self.alpha_ec, self.beta_ec),
        )

    def action_values(
        self, grid: StageGrid, rows: IntArray, points: IntArray, dynamics: Dynamics
    ) -> list[FloatArray]:
        """Values of hold, probe, invade in replicates ``rows`` at grid points ``points``.

        Notes
        -----
        Myopic: the stage-game values :math:`v(a)` under beliefs, with believed commitment
        :math:`\\hat\\kappa_g(\\text{invade}) = \\mu_g` and, against a probe, the signalled ratio
        kept, :math:`\\hat\\kappa_g(\\text{probe}) = \\mu_g \\kappa_g(\\text{probe}) /
        \\kappa_g(\\text{invade})` (:mod:`sim.model.stage`); with the grim trigger on, while the
        ceasefire stands, :func:`grim_trigger_values`.
        """
        mu_us, mu_ec = self.belief_means
        kappa = []
        for (probe, invade), mean in (
            ((grid.signal_us[0][points], grid.signal_us[1][points]), mu_us[rows]),
            ((grid.signal_ec[0][points], grid.signal_ec[1][points]), mu_ec[rows]),
        ):
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = np.where(invade > 0, np.minimum(1.0, probe / invade), 0.0)
            kappa.append((mean * ratio, mean))
        (us_p, us_i), (ec_p, ec_i) = kappa
        v = grid.values
        values = [
            v[0].value(points, ec_i, us_i),
            v[1].value(points, ec_p, us_p),
            v[2].value(points, ec_i, us_i),
        ]
        cf = dynamics.ceasefire
        if cf.grim_trigger:
            standing = ~self.ceasefire_broken[rows]
            discount = float(quarterly_discount(self.model.scenario.payoffs.discount_factor))
            values = grim_trigger_values(values, standing, discount, cf.punishment_value)
        return values

    def choose(self, values: list[FloatArray], u: FloatArray, precision: float | None) -> IntArray:
        """Best response (ties to the least escalatory action) or a logit draw with uniforms
        ``u``.

        Notes
        -----
        Logit choice (McKelvey & Palfrey 1995): :math:`P(a) \\propto \\exp(\\lambda v(a))`.
        """
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

    def learn(self, rows: IntArray, evidence: IntArray, spillover: float) -> None:
        """Bayes' rule on what replicates ``rows`` saw of each guarantor's commitment.

        ``evidence (rows, 2)`` holds, for the US and the coalition, 1 where the guarantor was seen
        to honour a pledge that an uncommitted guarantor would not have honoured, 0 where it fell
        short of its pledge, −1 where the quarter said nothing about its commitment (it did not
        move, the violation was not covered by the trigger, or a committed and an uncommitted
        guarantor would have acted alike: :func:`sim.model.stage.evidence`). With spill-over ``w``
        the other guarantor's belief takes the same observation with weight ``w``
        (:mod:`sim.model.beliefs`).
        """
        held = [
            (self.alpha_us[rows], self.beta_us[rows]),
            (self.alpha_ec[rows], self.beta_ec[rows]),
        ]
        for g in (0, 1):
            seen, answered = evidence[:, g] >= 0, evidence[:, g] > 0
            held[g] = beliefs.observe(*held[g], answered=answered, seen=seen)
            if spillover > 0:
                other = held[1 - g]
                held[1 - g] = beliefs.observe(
                    *other, answered=answered, seen=seen, weight=spillover
                )
        (self.alpha_us[rows], self.beta_us[rows]), (self.alpha_ec[rows], self.beta_ec[rows]) = held
        self.at_prior[rows] &= ~(evidence >= 0).any(axis=1)

    def change_regime(
        self, regime: FloatArray, kind: FloatArray, hazard: float, share: float
    ) -> None:
        """Russia's type persists; with probability ``hazard`` a quarter the leadership changes
        and the new one is a hard-liner with probability ``share`` (uniforms ``regime`` and
        ``kind``)."""
        change = regime < hazard
        self.hardliner = np.where(change, kind < share, self.hardliner)

    def follow_signal(
        self, rows: IntArray, old: tuple[FloatArray, FloatArray], new: tuple[FloatArray, FloatArray]
    ) -> None:
        """Shift beliefs in ``rows`` when the public signal changes (election, members leaving):
        a belief still at its prior takes the new prior mean; a learned one moves by the change,
        at the same strength."""
        prior = self.at_prior[rows]
        for a, b, n, o in (
            (self.alpha_us, self.beta_us, new[0], old[0]),
            (self.alpha_ec, self.beta_ec, new[1], old[1]),
        ):
            alpha, beta = a[rows], b[rows]
            target = np.where(prior, n, beliefs.mean(alpha, beta) + (n - o))
            a[rows], b[rows] = beliefs.recentred(alpha, beta, target)

    def evolve(self, at_war: BoolArray, dynamics: Dynamics) -> None:
        """Reconstitute in peace, wear down in war (multiplicative, capped)."""
        d = dynamics.russia
        if not d.enabled:
            return
        f = self.force_multiple
        self.force_multiple = np.where(
            at_war,
            np.maximum(RUSSIA_MIN_MULTIPLE, f * (1.0 - d.war_attrition)),
            np.minimum(d.max_multiple, f * (1.0 + d.reconstitution)),
        )


class UkraineAgent(ActorAgent):
    """Ukraine: its army grows with aid in peace and falls in war."""

    key = "ukraine"

    def __init__(self, model: mesa.Model, replicates: int):
        super().__init__(model, replicates)
        self.strength_multiple: FloatArray = np.ones(replicates)
        self._remember()

    def lose_to_probes(self, rows: IntArray, dynamics: Dynamics) -> None:
        """An unanswered probe slices off ``probe_loss`` of Ukraine's strength in ``rows``
        (salami tactics, Schelling 1966, ch. 2), within the floor."""
        d = dynamics.ukraine
        if d.enabled and d.probe_loss > 0 and len(rows):
            s = self.strength_multiple[rows]
            self.strength_multiple[rows] = np.maximum(
                UKRAINE_MIN_MULTIPLE, s * (1.0 - d.probe_loss)
            )

    def evolve(self, at_war: BoolArray, aided: bool, dynamics: Dynamics) -> None:
        """:math:`s' = s(1 + g)` in peace with aid, :math:`s(1 - a)` in war, within the caps."""
        d = dynamics.ukraine
        if not d.enabled:
            return
        s = self.strength_multiple
        grown = np.minimum(d.max_multiple, s * (1.0 + d.aid_growth)) if aided else s
        self.strength_multiple = np.where(
            at_war, np.maximum(UKRAINE_MIN_MULTIPLE, s * (1.0 - d.war_attrition)), grown
        )


class UnitedStatesAgent(ActorAgent):
    """The US backstop; at presidential elections the presidency may change hands, and with it
    US resolve (between the scenario's and ``elections.other_resolve``)."""

    key = "united_states"

    def __init__(self, model: mesa.Model, replicates: int, resolve: float):
        super().__init__(model, replicates)
        self.in_office: BoolArray = np.zeros(replicates, dtype=bool)
        self.resolve: FloatArray = np.full(replicates, float(resolve))
        self._incumbent_resolve = float(resolve)
        self._remember()

    def election(self, quarter: int, dynamics: Dynamics, u: FloatArray) -> bool:
        """At an election quarter, the other party takes office where ``u < turnover`` and US
        resolve becomes that party's; True if an election was held."""
        e = dynamics.elections
        if not e.enabled or quarter < e.first_quarter or (quarter - e.first_quarter) % e.every:
            return False
        self.in_office = self.in_office ^ (u < e.turnover)
        self.resolve = np.where(self.in_office, e.other_resolve, self._incumbent_resolve)
        return True


class CoalitionMemberAgent(ActorAgent):
    """A member state: burden share, accumulated cost, leave threshold.

    A member pays the coalition's cost in proportion to its capability weight among the members
    still in, and leaves when its accumulated cost exceeds its threshold
    ``median · exp(σ z) · w / W₀`` (a log-normal tolerance per unit of initial burden share; z
    from :func:`sim.model.model.member_tolerance_scores`).
    """

    def __init__(
        self, model: mesa.Model, replicates: int, name: str, weight: float, threshold: float
    ):
        super().__init__(model, replicates)
        self.key = f"member:{name}"
        self.name = name
        self.weight = weight
        self.threshold = threshold
        self.active: BoolArray = np.ones(replicates, dtype=bool)
        self._remember()

    def pay(self, rows: IntArray, share: FloatArray, *, can_leave: bool) -> BoolArray:
        """Pay ``share`` in replicates ``rows`` where still in; True where it now leaves."""
        active = self.active[rows]
        spend = np.where(active, self.accumulated_cost[rows] + share, self.accumulated_cost[rows])
        self.accumulated_cost[rows] = spend
        if not can_leave:
            return np.zeros(len(rows), dtype=bool)
        leaving = active & (spend > self.threshold)
        self.active[rows] = active & ~leaving
        return leaving


class CoalitionAgent(ActorAgent):
    """The European coalition as one guarantor; it knows which members are still in.

    Every member set a run can reach gets an index (0: the scenario's members); ``member_set``
    holds each replicate's.
    """

    key = "european_coalition"

    def __init__(self, model: mesa.Model, replicates: int, members: list[CoalitionMemberAgent]):
        super().__init__(model, replicates)
        self.members = members
        self.member_set: IntArray = np.zeros(replicates, dtype=np.int64)
        self.sets: list[tuple[str, ...]] = []
        self.set_weight: list[float] = []
        self._set_index: dict[tuple[bool, ...], int] = {}
        self._new_member_set((True,) * len(members))
        self._active_weight: FloatArray = np.full(replicates, self.set_weight[0])
        self._remember()

    @property
    def size(self) -> IntArray:
        """Members still in, per replicate."""
        if not self.members:
            return np.zeros(self.replicates, dtype=np.int64)
        return np.sum([m.active for m in self.members], axis=0)

    def charge(self, rows: IntArray, cost: FloatArray, *, can_leave: bool) -> None:
        """Add the coalition's cost in ``rows``; members still in pay burden shares and may
        leave."""
        self.accumulated_cost[rows] += cost
        if not self.members:
            return
        active = np.stack([m.active[rows] for m in self.members], axis=1)
        paying = (cost > 0) & active.any(axis=1)
        if not paying.any():
            return
        rows, cost = rows[paying], cost[paying]
        weight = self._active_weight[rows]
        left = np.zeros(len(rows), dtype=bool)
        for m in self.members:
            left |= m.pay(rows, cost * m.weight / weight, can_leave=can_leave)
        if not left.any():
            return
        leavers = rows[left]
        active = np.stack([m.active[leavers] for m in self.members], axis=1)
        for i, on in zip(leavers.tolist(), active.tolist(), strict=True):
            flags = tuple(on)
            index = self._set_index.get(flags)
            if index is None:
                index = self._new_member_set(flags)
            self.member_set[i] = index
            self._active_weight[i] = self.set_weight[index]

    def _new_member_set(self, flags: tuple[bool, ...]) -> int:
        """Register the member set with these active flags (names in list order, the weight
        summed in list order)."""
        index = len(self.sets)
        kept = [m for m, on in zip(self.members, flags, strict=True) if on]
        self.sets.append(tuple(m.name for m in kept))
        self.set_weight.append(float(sum(m.weight for m in kept)))
        self._set_index[flags] = index
        return index
