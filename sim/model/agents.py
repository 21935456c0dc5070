"""The actors of the repeated escalation game as Mesa agents.

One agent per actor: :class:`RussiaAgent` (beliefs, choice, force), :class:`UkraineAgent`
(strength), :class:`UnitedStatesAgent` (resolve, elections), :class:`CoalitionAgent` (the
European coalition as a guarantor) and one :class:`CoalitionMemberAgent` per member state (burden
share, accumulated cost, leave threshold). The model (:mod:`sim.model.model`) calls them in a fixed
order each quarter; agents hold state and the rules that change it. The model hands them its
uniform draws of the quarter (:func:`sim.model.model.quarter_draws`); called on their own, they
draw from the model's generator (``self.model.rng``).

Every agent implements the same small contract, checked by one shared test: :meth:`snapshot`
(its state as plain data), :meth:`reset` (back to the state it was created in), seeded
reproducibility and pickling.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

import mesa
from scipy.special import ndtri

from sim.model.beliefs import BetaBelief
from sim.model.stage_policy import StageTables

if TYPE_CHECKING:
    from sim.scenario.dynamics import Dynamics


class _PerModelIds:
    """Unique-id counters per model, kept on the model itself.

    Mesa 3.3 numbers agents with a class-level ``defaultdict`` keyed by model, which keeps every
    model (and its agents) alive for the life of the process: thousands of replicates would leak.
    A counter stored as an attribute of its model is freed with it (and costs one attribute read
    per agent, where a weakly keyed map cost a weak reference and a hash lookup).
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

    Subclasses list their state attributes in ``_state``; the values at construction are kept
    and restored by :meth:`reset`.
    """

    _ids = _PerModelIds()
    key: str = "actor"
    _state: tuple[str, ...] = ()

    def _remember(self) -> None:
        self._initial = {name: getattr(self, name) for name in self._state}

    def snapshot(self) -> dict[str, Any]:
        """The agent's state as plain data (beliefs as ``(α, β)`` pairs)."""
        out: dict[str, Any] = {"key": self.key}
        for name in self._state:
            value = getattr(self, name)
            if isinstance(value, tuple) and value and isinstance(value[0], BetaBelief):
                value = tuple((b.alpha, b.beta) for b in value)
            elif isinstance(value, BetaBelief):
                value = asdict(value)
            out[name] = value
        return out

    def reset(self) -> None:
        """Restore the state the agent was created with."""
        for name, value in self._initial.items():
            setattr(self, name, value)


class RussiaAgent(ActorAgent):
    """Russia: beliefs about each guarantor's commitment, its choice each quarter, its force.

    Parameters
    ----------
    model
        The model.
    prior_means
        Signalled commitment against an invasion, (US, coalition): the prior means.
    strength
        Prior strength α + β (``dynamics.belief_strength``).
    """

    key = "russia"
    _state = ("beliefs", "at_prior", "force_multiple", "ceasefire_broken", "accumulated_cost")

    def __init__(self, model: mesa.Model, prior_means: tuple[float, float], strength: float):
        super().__init__(model)
        self.strength = strength
        self.beliefs = (
            BetaBelief.from_mean(prior_means[0], strength=strength),
            BetaBelief.from_mean(prior_means[1], strength=strength),
        )
        self.at_prior = True
        self.force_multiple = 1.0
        self.ceasefire_broken = False
        self.accumulated_cost = 0.0
        self._remember()

    @property
    def beliefs(self) -> tuple[BetaBelief, BetaBelief]:
        """The Beta beliefs about the US and the coalition (setting them updates their means)."""
        return self._beliefs

    @beliefs.setter
    def beliefs(self, value: tuple[BetaBelief, BetaBelief]) -> None:
        self._beliefs = value
        self._means = (value[0].mean, value[1].mean)

    @property
    def belief_means(self) -> tuple[float, float]:
        """Posterior means ``(E[r_US], E[r_E])``."""
        return self._means

    def action_values(self, tables: StageTables, dynamics: Dynamics) -> list[float]:
        """Values of hold, probe, invade under current beliefs (and the grim trigger, if on).

        Notes
        -----
        Myopic: the stage-game values :math:`v(a)` under beliefs. Grim trigger (Friedman 1971):
        while the ceasefire stands, :math:`V(\\text{hold}) = R/(1-\\delta)` with
        :math:`R = v(\\text{hold})`, and :math:`V(a) = v(a) + \\delta P/(1-\\delta)` for a
        violation a, P the punishment value; the ceasefire holds iff
        :math:`\\delta \\ge (T-R)/(T-P)` with :math:`T = \\max_a v(a)`.
        """
        mu = self._means
        values = tables.russia_values(mu[0], mu[1])
        cf = dynamics.ceasefire
        if not cf.grim_trigger or self.ceasefire_broken:
            return list(values)
        d = cf.discount
        return [values[0] / (1.0 - d)] + [
            v + d * cf.punishment_value / (1.0 - d) for v in values[1:]
        ]

    def choose(self, values: list[float], precision: float | None, u: float | None = None) -> int:
        """Best response (ties to the least escalatory action) or a logit draw.

        ``u`` is the uniform of the logit draw (default: a draw from the model's generator).

        Notes
        -----
        Logit choice (McKelvey & Palfrey 1995): :math:`P(a) \\propto \\exp(\\lambda v(a))`.
        """
        if precision is None:
            best = max(values)
            for i, v in enumerate(values):
                if v >= best:
                    return i
            return 0
        top = max(values)
        weights = [math.exp(precision * (v - top)) for v in values]
        if u is None:
            u = float(self.model.rng.random())
        scaled = u * sum(weights)
        acc = 0.0
        for i, w in enumerate(weights):
            acc += w
            if scaled < acc:
                return i
        return len(weights) - 1

    def learn(self, responses: tuple[int, int], spillover: float) -> None:
        """Bayes' rule on each guarantor's observed response (−1: it did not move).

        An answered violation (support or intervention) counts as a success, an unanswered one as
        a failure; with spill-over ``w`` the other guarantor's belief takes the same observation
        with weight ``w`` (:mod:`sim.model.beliefs`).
        """
        beliefs = list(self.beliefs)
        for g, r in enumerate(responses):
            if r < 0:
                continue
            answered = r > 0
            beliefs[g] = beliefs[g].observe(answered=answered)
            if spillover > 0:
                other = 1 - g
                beliefs[other] = beliefs[other].observe(answered=answered, weight=spillover)
            self.at_prior = False
        self.beliefs = (beliefs[0], beliefs[1])

    def follow_signal(self, old: tuple[float, float], new: tuple[float, float]) -> None:
        """Shift beliefs when the public signal changes (election, members leaving)."""
        if old == new:
            return
        if self.at_prior:
            self.beliefs = (
                BetaBelief.from_mean(new[0], strength=self.beliefs[0].strength),
                BetaBelief.from_mean(new[1], strength=self.beliefs[1].strength),
            )
        else:
            self.beliefs = (
                self.beliefs[0].recentred(new[0] - old[0]),
                self.beliefs[1].recentred(new[1] - old[1]),
            )

    def evolve(self, at_war: bool, dynamics: Dynamics) -> None:
        """Reconstitute in peace, wear down in war (multiplicative, capped)."""
        d = dynamics.russia
        if not d.enabled:
            return
        if at_war:
            self.force_multiple = max(0.5, self.force_multiple * (1.0 - d.war_attrition))
        else:
            self.force_multiple = min(
                d.max_multiple, self.force_multiple * (1.0 + d.reconstitution)
            )


class UkraineAgent(ActorAgent):
    """Ukraine: its army grows with aid in peace and falls in war."""

    key = "ukraine"
    _state = ("strength_multiple", "accumulated_cost")

    def __init__(self, model: mesa.Model):
        super().__init__(model)
        self.strength_multiple = 1.0
        self.accumulated_cost = 0.0
        self._remember()

    def evolve(self, at_war: bool, aided: bool, dynamics: Dynamics) -> None:
        """:math:`s' = s(1 + g)` in peace with aid, :math:`s(1 - a)` in war, within the caps."""
        d = dynamics.ukraine
        if not d.enabled:
            return
        if at_war:
            self.strength_multiple = max(0.25, self.strength_multiple * (1.0 - d.war_attrition))
        elif aided:
            self.strength_multiple = min(
                d.max_multiple, self.strength_multiple * (1.0 + d.aid_growth)
            )


class GuarantorAgent(ActorAgent):
    """A guarantor: what it paid and how it answered."""

    key = "guarantor"
    _state: tuple[str, ...] = ("accumulated_cost", "answered", "observed")

    def __init__(self, model: mesa.Model):
        super().__init__(model)
        self.accumulated_cost = 0.0
        self.answered = 0
        self.observed = 0
        self._remember()

    def record_response(self, response: int) -> None:
        """Count a response to a detected violation (−1: none was needed)."""
        if response >= 0:
            self.observed += 1
            self.answered += int(response > 0)


class UnitedStatesAgent(GuarantorAgent):
    """The US backstop; its resolve is redrawn at presidential elections."""

    key = "united_states"
    _state = ("accumulated_cost", "answered", "observed", "resolve")

    def __init__(self, model: mesa.Model, resolve: float):
        mesa.Agent.__init__(self, model)
        self.accumulated_cost = 0.0
        self.answered = 0
        self.observed = 0
        self.resolve = resolve
        self._remember()

    def election(self, quarter: int, dynamics: Dynamics, u: float | None = None) -> bool:
        """At an election quarter, :math:`r' = \\text{clip}(r + \\sigma z, 0, 1)`; True if held.

        :math:`z = \\Phi^{-1}(u)` for the uniform ``u`` (default: a draw from the model's
        generator).
        """
        d = dynamics.elections
        if not d.enabled or quarter < d.first_quarter or (quarter - d.first_quarter) % d.every:
            return False
        if u is None:
            u = float(self.model.rng.random())
        z = float(ndtri(u))
        self.resolve = min(1.0, max(0.0, self.resolve + d.resolve_sd * z))
        return True


class CoalitionAgent(GuarantorAgent):
    """The European coalition as one guarantor; its members are separate agents."""

    key = "european_coalition"


class CoalitionMemberAgent(ActorAgent):
    """A member state: burden share, accumulated cost, leave threshold.

    A member pays the coalition's cost in proportion to its capability weight among the members
    still in, and leaves when its accumulated cost exceeds its threshold
    ``median · exp(σ z) · w / W₀`` (a log-normal tolerance per unit of initial burden share; z
    from :func:`sim.model.model.member_tolerance_scores`).
    """

    _state = ("accumulated_cost", "active")

    def __init__(self, model: mesa.Model, name: str, weight: float, threshold: float):
        super().__init__(model)
        self.key = f"member:{name}"
        self.name = name
        self.weight = weight
        self.threshold = threshold
        self.accumulated_cost = 0.0
        self.active = True
        self._remember()

    @staticmethod
    def pay_shares(
        members: list[CoalitionMemberAgent],
        cost: float,
        active_weight: float,
        *,
        can_leave: bool = True,
    ) -> bool:
        """:meth:`pay` for each of ``members`` in turn (one loop, no call per member); returns
        True if any of them leaves."""
        left = False
        for m in members:
            if not m.active:
                continue
            m.accumulated_cost += cost * m.weight / active_weight
            if can_leave and m.accumulated_cost > m.threshold:
                m.active = False
                left = True
        return left

    def pay(self, cost: float, active_weight: float, *, can_leave: bool = True) -> bool:
        """Pay a burden share of ``cost``; returns True if the member now leaves."""
        if not self.active:
            return False
        self.accumulated_cost += cost * self.weight / active_weight
        if can_leave and self.accumulated_cost > self.threshold:
            self.active = False
            return True
        return False
