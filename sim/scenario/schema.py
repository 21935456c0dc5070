"""The scenario schema: every field, its type, range, unit and documented default.

A scenario is a YAML mapping validated against :class:`Scenario`. Unknown keys are errors (the
loader suggests the nearest valid key). ``docs/scenarios.md`` is generated from this module
(``python -m sim.scenario.docs``); a test fails when it is stale.

Defaults say where they come from: a source, or "judgement" where the number is the modeller's.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sim.scenario.coalition_members import DEFAULT_MEMBERS, MAX_MEMBERS
from sim.scenario.dynamics import Dynamics
from sim.scenario.fields import documented as _field
from sim.scenario.game_spec import GameSpec

SCHEMA_VERSION = 1

LegalForm = Literal["declaration", "executive", "treaty"]
Trigger = Literal["any_violation", "armed_attack", "widespread_deliberate_sustained"]
Aggregation = Literal["independent", "us_led", "unanimity"]
Posture = Literal["none", "rear_hubs", "near_front", "contact_line"]
UsBackstop = Literal["none", "isr_logistics", "air", "armed"]
Conditionality = Literal["none", "strict"]


class StrictModel(BaseModel):
    """Base of every schema block: unknown keys are rejected, values are validated on assignment."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=False)


# --------------------------------------------------------------------------------------------
# Actors
# --------------------------------------------------------------------------------------------
class Russia(StrictModel):
    """The challenger."""

    name: str = _field("Russia", "Display name.")
    force: float = _field(
        1.0,
        "Russia's relative combat power; the contest success function compares every other force "
        "with it.",
        unit="Russian force = 1",
        source="normalisation",
        gt=0,
        le=10,
    )
    army_k: float = _field(
        700.0,
        "Ground forces Russia can commit against Ukraine; converts Ukraine's army size into "
        "relative force.",
        unit="thousand personnel",
        source="judgement, from IISS Military Balance 2025 estimates of forces deployed in Ukraine",
        gt=0,
        le=3000,
    )
    hardliner_share: float = _field(
        0.05,
        "Prior share h of hard-liner types who attack whatever the price; a floor on the "
        "probability of attack that no guarantee removes.",
        unit="probability",
        source="judgement",
        ge=0,
        le=1,
    )


class Ukraine(StrictModel):
    """The protégé. Its army size is a guarantee parameter (``guarantee.ukraine_strength``)."""

    name: str = _field("Ukraine", "Display name.")


class Guarantor(StrictModel):
    """Common attributes of a guarantor."""

    name: str = "Guarantor"
    stake: float = _field(
        4.0,
        "Value to the guarantor of Ukraine's survival, in units of Russia's value of conquest.",
        unit="payoff units",
        source="judgement",
        ge=0,
        le=100,
    )
    support_boost: float = _field(
        0.5,
        "Proportional increase in Ukraine's fighting power from this guarantor's full support "
        "(arms, ISR, sanctions).",
        unit="fraction",
        source="judgement",
        ge=0,
        le=5,
    )
    intervention_power: float = _field(
        0.6,
        "Combat power this guarantor adds in a direct war at full commitment, in Russian-force "
        "units.",
        unit="Russian force = 1",
        source="judgement",
        ge=0,
        le=10,
    )


class UnitedStates(Guarantor):
    """The backstop guarantor."""

    name: str = _field("United States", "Display name.")
    stake: float = _field(
        3.0,
        "Value to the US of Ukraine's survival, in units of Russia's value of conquest.",
        unit="payoff units",
        source="judgement",
        ge=0,
        le=100,
    )
    resolve: float = _field(
        0.8,
        "Probability that the US political system honours an automatic commitment (scales the "
        "US commitment probability).",
        unit="probability",
        source="judgement",
        ge=0,
        le=1,
    )
    intervention_power: float = _field(
        2.0,
        "Combat power of a full US intervention ('armed' backstop); an 'air' backstop brings "
        "half of it.",
        unit="Russian force = 1",
        source="judgement",
        ge=0,
        le=10,
    )


class EuropeanCoalition(Guarantor):
    """The first-line guarantor; its members are set by ``guarantee.coalition``."""

    name: str = _field("European coalition", "Display name.")


class Actors(StrictModel):
    """The four actors and their overridable attributes."""

    russia: Russia = Field(default_factory=Russia)
    ukraine: Ukraine = Field(default_factory=Ukraine)
    united_states: UnitedStates = Field(default_factory=UnitedStates)
    european_coalition: EuropeanCoalition = Field(default_factory=EuropeanCoalition)


# --------------------------------------------------------------------------------------------
# Guarantee design θ
# --------------------------------------------------------------------------------------------
class Member(StrictModel):
    """One coalition member."""

    name: str
    weight: float = _field(
        1.0, "Capability weight.", unit="USD bn defence spending", source="see members", gt=0
    )


class Coalition(StrictModel):
    """Who stands in the European-led coalition and how it decides.

    Give either ``members`` (names and capability weights) or ``size`` (the first ``size``
    members of the default list in :mod:`sim.scenario.coalition_members`). The resolved scenario
    always lists the members.
    """

    size: int | None = _field(
        None,
        "Number of members taken from the default list.",
        unit="states",
        ge=0,
        le=MAX_MEMBERS,
    )
    members: list[Member] | None = _field(
        None, "Explicit members with capability weights.", max_length=MAX_MEMBERS
    )
    aggregation: Aggregation = _field(
        "independent",
        "How member commitments combine: each member acts on its own pledge (independent), the "
        "coalition follows the US (us_led), or every member must agree (unanimity).",
        source="judgement",
    )

    @model_validator(mode="after")
    def _resolve_members(self) -> Coalition:
        if self.members is not None and self.size is not None and self.size != len(self.members):
            raise ValueError(
                f"give either 'size' or 'members', not both ({self.size} vs "
                f"{len(self.members)} members)"
            )
        if self.members is None:
            size = 12 if self.size is None else self.size
            object.__setattr__(
                self, "members", [Member(name=n, weight=w) for n, w in DEFAULT_MEMBERS[:size]]
            )
        object.__setattr__(self, "size", None)
        return self

    @property
    def member_list(self) -> list[Member]:
        return list(self.members or [])


class Guarantee(StrictModel):
    """The guarantee design θ (DESIGN.md §3)."""

    automaticity: float = _field(
        0.5,
        "How automatically guarantors respond: the political probability that a guarantor is "
        "committed (acts as pledged whatever its ex-post interest). Budapest ≈ 0.",
        unit="probability",
        source="Schelling (1966), the threat that leaves something to chance",
        ge=0,
        le=1,
    )
    legal_form: LegalForm = _field(
        "executive",
        "Legal form; sets the reneging (audience) cost of not responding as pledged.",
        source="Fearon (1997), tying hands",
    )
    trigger: Trigger = _field(
        "armed_attack",
        "Which Russian actions the commitment covers: any violation (probes included), an armed "
        "attack, or only a widespread, deliberate and sustained attack.",
        source="judgement",
    )
    coalition: Coalition = Field(default_factory=Coalition)
    troops_on_ground: float = _field(
        0.0,
        "Guarantor troops stationed in Ukraine.",
        unit="thousand personnel",
        source="coalition-of-the-willing plans, 2025–26: 10k–30k discussed",
        ge=0,
        le=60,
    )
    posture: Posture = _field(
        "none",
        "Where the troops stand: exposure to a Russian attack (tripwire) and provocation.",
        source="judgement",
    )
    air_assets: int = _field(
        0,
        "Guarantor combat aircraft committed.",
        unit="aircraft",
        source="judgement",
        ge=0,
        le=150,
    )
    us_backstop: UsBackstop = _field(
        "none",
        "What the US pledges behind the coalition: nothing, ISR and logistics, air power, or "
        "armed intervention.",
        source="judgement",
    )
    response_delay_days: float = _field(
        30.0,
        "Days before the response bites; Russia's fait-accompli gains accrue meanwhile.",
        unit="days",
        source="judgement",
        ge=0,
        le=90,
    )
    snapback_sanctions: float = _field(
        0.0,
        "Share of sanctions that snap back automatically on a detected violation.",
        unit="fraction",
        source="judgement",
        ge=0,
        le=1,
    )
    ukraine_strength: float = _field(
        600.0,
        "Ukraine's peacetime army (deterrence by denial, the 'steel hedgehog').",
        unit="thousand personnel",
        source="85k: 2022 Istanbul draft; 600k–800k: 2025 negotiating positions",
        ge=85,
        le=1000,
    )
    conditionality: Conditionality = _field(
        "none",
        "Anti-entrapment clauses: 'strict' voids the guarantee if Ukraine provokes.",
        source="Snyder (1984), abandonment vs entrapment",
    )
    monitoring: float = _field(
        0.6,
        "Probability that a probe below the trigger is detected and attributed.",
        unit="probability",
        source="judgement",
        ge=0.3,
        le=0.95,
    )
    duration_years: float | Literal["indefinite"] = _field(
        "indefinite",
        "How long the guarantee lasts (afterwards, rounds are played with no guarantee).",
        unit="years",
        source="judgement",
    )

    @model_validator(mode="after")
    def _check(self) -> Guarantee:
        if isinstance(self.duration_years, float) and not (1 <= self.duration_years < math.inf):
            raise ValueError("duration_years must be at least 1, or 'indefinite'")
        if self.troops_on_ground > 0 and self.posture == "none":
            raise ValueError(
                "troops_on_ground > 0 needs a posture (rear_hubs, near_front or contact_line)"
            )
        if self.troops_on_ground == 0 and self.posture != "none":
            raise ValueError(f"posture '{self.posture}' needs troops_on_ground > 0")
        return self

    @property
    def horizon_years(self) -> float:
        """Duration as a number (``inf`` when indefinite)."""
        return math.inf if self.duration_years == "indefinite" else float(self.duration_years)


# --------------------------------------------------------------------------------------------
# Payoff constants
# --------------------------------------------------------------------------------------------
class Payoffs(StrictModel):
    """Constants of the guarantee game, in payoff units where Russia's value of conquering
    Ukraine is 10. ``docs/model.md`` gives every formula that uses them."""

    conquest_value: float = _field(
        10.0,
        "Russia's value of a successful invasion (V).",
        unit="payoff units",
        source="normalisation",
        gt=0,
    )
    probe_gain: float = _field(
        1.0,
        "Russia's gain from a probe that goes unanswered (g).",
        unit="payoff units",
        source="judgement",
        ge=0,
    )
    war_cost_russia: float = _field(
        2.0,
        "Russia's cost of a war against Ukraine alone.",
        unit="payoff units",
        source="judgement",
        ge=0,
    )
    direct_war_cost_russia: float = _field(
        8.0,
        "Russia's cost of a war with guarantor forces.",
        unit="payoff units",
        source="judgement",
        ge=0,
    )
    back_down_cost: float = _field(
        2.0,
        "Russia's cost of backing down facing intervention (humiliation).",
        unit="payoff units",
        source="judgement",
        ge=0,
    )
    sanctions_cost: float = _field(
        3.0,
        "Russia's cost of full sanctions after a violation.",
        unit="payoff units",
        source="judgement",
        ge=0,
    )
    catastrophe_cost: float = _field(
        60.0,
        "Every actor's cost of escalation beyond conventional war.",
        unit="payoff units",
        source="judgement",
        ge=0,
    )
    escalation_risk: float = _field(
        0.05,
        "Probability that pressing on against guarantor forces ends in catastrophe, at "
        "the least exposed posture.",
        unit="probability",
        source="Powell (1987), brinkmanship; judgement",
        ge=0,
        le=1,
    )
    support_cost: float = _field(
        1.5,
        "A guarantor's cost of full support for a year.",
        unit="payoff units",
        source="judgement",
        ge=0,
    )
    intervention_cost: float = _field(
        1.5,
        "A guarantor's cost of intervening when Russia backs down (mobilisation).",
        unit="payoff units",
        source="judgement",
        ge=0,
    )
    direct_war_cost_guarantor: float = _field(
        6.0,
        "A guarantor's cost of a direct war with Russia.",
        unit="payoff units",
        source="judgement",
        ge=0,
    )
    audience_cost: float = _field(
        2.0,
        "A guarantor's cost of reneging on a covered attack under a ratified treaty; "
        "scaled down for weaker legal forms.",
        unit="payoff units",
        source="Fearon (1994, 1997); judgement",
        ge=0,
    )
    probe_erosion: float = _field(
        0.1,
        "Share of its stake a guarantor loses when a probe goes unanswered.",
        unit="fraction",
        source="judgement",
        ge=0,
        le=1,
    )
    presence_cost: float = _field(
        2.0,
        "Russia's yearly cost of a ceasefire under the most intrusive guarantee "
        "(foreign forces at the contact line, treaty, full air and US armed backstop).",
        unit="payoff units per year",
        source="judgement",
        ge=0,
    )
    war_value: float = _field(
        -1.0,
        "Russia's yearly value of continuing the war instead of a ceasefire.",
        unit="payoff units per year",
        source="judgement",
    )
    discount_factor: float = _field(
        0.9,
        "Yearly discount factor δ of the repeated game.",
        unit="per year",
        source="judgement",
        gt=0,
        lt=1,
    )
    contest_exponent: float = _field(
        1.5,
        "Decisiveness γ of the contest success function p = F_R^γ / (F_R^γ + F_D^γ).",
        source="Tullock (1980); Hirshleifer (1989)",
        gt=0,
        le=10,
    )
    fait_accompli_days: float = _field(
        30.0,
        "Time constant τ of fait-accompli gains: share 1 − exp(−delay/τ) secured before "
        "the response bites.",
        unit="days",
        source="judgement",
        gt=0,
    )
    tripwire_scale_k: float = _field(
        5.0,
        "Troops at which the tripwire is 1 − 1/e engaged at full exposure.",
        unit="thousand personnel",
        source="Schelling (1960); judgement",
        gt=0,
    )
    free_riding_exponent: float = _field(
        0.5,
        "β in the coalition's effective stake S·n_eff^(−β) (Olson–Zeckhauser free riding).",
        source="Olson & Zeckhauser (1966); judgement",
        ge=0,
        le=2,
    )


# --------------------------------------------------------------------------------------------
# Solver settings
# --------------------------------------------------------------------------------------------
class Solver(StrictModel):
    """How the game is solved."""

    tolerance: Annotated[float, Field(gt=0, le=1e-3)] = _field(
        1e-9, "Payoff tolerance for ties and for the regret certificate.", unit="payoff units"
    )
    threshold_resolution: Annotated[float, Field(gt=0, le=0.05)] = _field(
        1e-4,
        "Resolution of the credibility-threshold search over automaticity.",
        unit="probability",
    )


# --------------------------------------------------------------------------------------------
# Scenario
# --------------------------------------------------------------------------------------------
class Scenario(StrictModel):
    """A complete scenario file."""

    schema_version: Literal[1] = _field(1, "Version of this schema.")
    name: str = Field(
        ...,
        pattern=r"^[a-z0-9][a-z0-9_\-]*$",
        max_length=80,
        description="Identifier: lower case, digits, '_' or '-'; names the results folder.",
    )
    description: str = _field("", "What the scenario represents, in a sentence or two.")
    references: list[str] = _field([], "Sources for the parameter choices.")
    seed: int = _field(
        20250818,
        "Root seed: every random stream of a run is spawned from it.",
        ge=0,
        le=2**63 - 1,
    )
    actors: Actors = Field(default_factory=Actors)
    guarantee: Guarantee = Field(default_factory=Guarantee)
    payoffs: Payoffs = Field(default_factory=Payoffs)
    solver: Solver = Field(default_factory=Solver)
    game: GameSpec | None = Field(
        None,
        description="An explicit game (normal form or tree) solved instead of the guarantee "
        "game; see sim/scenario/game_spec.py and scenarios/canon/.",
    )
    dynamics: Dynamics | None = Field(
        None,
        description="Repeated escalation game in Mesa (docs/dynamics.md); absent: stage game only.",
    )
