"""The ``dynamics:`` block of a scenario: how the repeated escalation game evolves.

A scenario with a ``dynamics:`` block is also run as a repeated game in Mesa
(:class:`sim.model.model.GuaranteeModel`, ``docs/dynamics.md``). Every mechanism can be switched
off; with :meth:`Dynamics.static` (no learning, no noise, no state dynamics) every quarter is an
independent play of the stage game, so the model reproduces its equilibrium outcome distribution.

Defaults are judgements unless a source is given; ``docs/dynamics.md`` explains each.

Examples
--------
>>> d = Dynamics()
>>> d.belief_strength, d.learning, d.logit_precision
(10.0, True, None)
>>> Dynamics.static().any_state_dynamics
False
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from sim.scenario.fields import documented

MAX_QUARTERS = 400
"""Longest horizon of the repeated game, in quarters (a century): ``dynamics.quarters`` and a
guarantee's duration played with ``quarters: null`` are both held to it."""

MAX_REPLICATES = 1_000_000
"""Most repeated-game runs of one scenario (``dynamics.replicates``, ``deter run --replicates``,
a sweep's ``replicates``)."""

MAX_WORKERS = 256
"""Most worker processes a command accepts (``--workers``); a larger count is refused, and a
count above the machine's cores is lowered to the number of cores (with a note)."""


def _field(default: Any, description: str, *, source: str = "judgement", **kw: Any) -> Any:
    """A documented field (:func:`sim.scenario.fields.documented`); the source defaults to
    judgement."""
    return documented(default, description, source=source, **kw)


class _Block(BaseModel):
    model_config = ConfigDict(
        extra="forbid", validate_assignment=True, frozen=False, allow_inf_nan=False
    )


class UkraineDynamics(_Block):
    """Ukraine's relative strength: grows with aid in peace, falls in war."""

    enabled: bool = _field(True, "Let Ukraine's army change over time.")
    aid_growth: float = _field(
        0.01,
        "Quarterly growth of Ukraine's army in peace while a guarantor supports it.",
        unit="fraction per quarter",
        ge=0,
        le=0.2,
    )
    war_attrition: float = _field(
        0.04,
        "Quarterly loss of Ukraine's army in a war.",
        unit="fraction per quarter",
        ge=0,
        le=0.5,
    )
    max_multiple: float = _field(
        1.5,
        "Cap on Ukraine's army as a multiple of its initial size.",
        unit="multiple",
        ge=1,
        le=5,
    )
    probe_loss: float = _field(
        0.01,
        "Share of Ukraine's strength each unanswered probe slices off (salami tactics: "
        "positions, infrastructure and territory lost below the trigger).",
        unit="fraction per probe",
        ge=0,
        le=0.2,
    )


class RussiaDynamics(_Block):
    """Russia's force: reconstitutes in peace, is worn down in war."""

    enabled: bool = _field(True, "Let Russia's force change over time.")
    reconstitution: float = _field(
        0.01,
        "Quarterly growth of Russia's force in peace, up to the cap.",
        unit="fraction per quarter",
        source="judgement; estimates of post-2022 reconstitution take several years",
        ge=0,
        le=0.2,
    )
    war_attrition: float = _field(
        0.02,
        "Quarterly loss of Russia's force in a war.",
        unit="fraction per quarter",
        ge=0,
        le=0.5,
    )
    max_multiple: float = _field(
        1.3,
        "Cap on Russia's force as a multiple of its initial value.",
        unit="multiple",
        ge=1,
        le=5,
    )


class ElectionDynamics(_Block):
    """US resolve shifts at presidential elections: the presidency changes hands with probability
    ``turnover``, and US resolve moves between the scenario's (the administration in office at
    the ceasefire) and ``other_resolve`` (the other side's)."""

    enabled: bool = _field(True, "Hold US presidential elections.")
    first_quarter: int = _field(
        10,
        "Quarter (1-based) of the first US presidential election after the ceasefire.",
        unit="quarter",
        ge=1,
        le=10_000,
    )
    every: int = _field(
        16,
        "Quarters between elections.",
        unit="quarters",
        source="US Constitution, art. II: four-year terms",
        ge=1,
        le=10_000,
    )
    turnover: float = _field(
        0.5,
        "Probability that an election changes the party in office.",
        unit="probability",
        source="judgement: US presidential elections since 1992",
        plausible=(0.3, 0.6),
        ge=0,
        le=1,
    )
    other_resolve: float = _field(
        0.3,
        "US resolve under the other party: the probability that it honours the backstop "
        "(the 2024 election moved US commitment to Ukraine more than any clause could).",
        unit="probability",
        plausible=(0.1, 0.6),
        ge=0,
        le=1,
    )


class CoalitionDynamics(_Block):
    """Coalition members leave when their accumulated costs pass their threshold."""

    enabled: bool = _field(True, "Let members leave the coalition.")
    leave_threshold: float = _field(
        6.0,
        "Median accumulated cost, per unit of burden share, at which a member leaves.",
        unit="payoff units",
        ge=0,
        le=1_000_000,
    )
    threshold_spread: float = _field(
        0.5,
        "Log-normal spread σ of members' thresholds: threshold_i = median · exp(σ z_i).",
        ge=0,
        le=3,
    )


class WarDynamics(_Block):
    """An invasion starts a war that lasts until it ends in settlement."""

    enabled: bool = _field(
        True,
        "Wars last several quarters, ending in a settlement (a new ceasefire) with the quarterly "
        "hazard of a war of payoffs.war_years (off: every quarter is a fresh crisis round).",
    )
    catastrophe_absorbing: bool = _field(
        True, "A catastrophe ends the run (the remaining quarters stay at the top rung)."
    )


class CeasefireDynamics(_Block):
    """Russia weighs the future: a violation ends the ceasefire for good (grim trigger)."""

    grim_trigger: bool = _field(
        False,
        "Russia compares T + δP/(1−δ) with R/(1−δ) (T: best violation, R: holding, P: "
        "punishment value per quarter, δ the quarterly discount factor payoffs.discount_factor^¼) "
        "instead of acting myopically.",
        source="Friedman (1971); Fudenberg & Maskin (1986)",
    )
    punishment_value: float = _field(
        -1.0,
        "Russia's value per quarter in the punishment phase after a violation (P).",
        unit="payoff units per quarter",
        ge=-1_000_000,
        le=1_000_000,
    )


class Dynamics(_Block):
    """How the repeated escalation game evolves (DESIGN.md §6)."""

    quarters: int | None = _field(
        None,
        "Horizon in quarters; default: the guarantee's duration, or 40 if indefinite.",
        unit="quarters",
        ge=1,
        le=MAX_QUARTERS,
    )
    replicates: int = _field(
        1000, "Replicates run by default.", unit="runs", ge=1, le=MAX_REPLICATES
    )
    belief_strength: float = _field(
        10.0,
        "Strength α+β of Russia's Beta prior on each guarantor's commitment (pseudo-observations);"
        " its mean is the commitment probability the guarantee signals.",
        unit="observations",
        ge=0.001,
        le=1_000_000,
    )
    learning: bool = _field(
        True,
        "Bayesian updating from observed responses to detected violations (salami tactics).",
        source="Kreps & Wilson (1982); Sechser (2010)",
    )
    spillover: float = _field(
        0.0,
        "Weight with which an observation of one guarantor also updates the belief in the other "
        "(reputation spill-over).",
        unit="fraction",
        ge=0,
        le=1,
    )
    logit_precision: float | None = _field(
        None,
        "Precision λ of Russia's logit choice over action values; none: exact best response.",
        source="McKelvey & Palfrey (1995)",
        ge=0,
        le=1_000_000,
    )
    ukraine: UkraineDynamics = Field(default_factory=UkraineDynamics)
    russia: RussiaDynamics = Field(default_factory=RussiaDynamics)
    elections: ElectionDynamics = Field(default_factory=ElectionDynamics)
    coalition: CoalitionDynamics = Field(default_factory=CoalitionDynamics)
    war: WarDynamics = Field(default_factory=WarDynamics)
    ceasefire: CeasefireDynamics = Field(default_factory=CeasefireDynamics)

    @property
    def any_state_dynamics(self) -> bool:
        """True when any state variable (forces, resolve, membership, war) can change."""
        return any(
            b.enabled for b in (self.ukraine, self.russia, self.elections, self.coalition, self.war)
        )

    @classmethod
    def static(cls, **changes: Any) -> Dynamics:
        """Everything off: no learning, no noise, no state dynamics (then ``changes``)."""
        base: dict[str, Any] = {
            "learning": False,
            "logit_precision": None,
            "ukraine": {"enabled": False},
            "russia": {"enabled": False},
            "elections": {"enabled": False},
            "coalition": {"enabled": False},
            "war": {"enabled": False, "catastrophe_absorbing": False},
        }
        base.update(changes)
        return cls.model_validate(base)
