"""The scenario schema: every field, its type, range, unit and documented default.

A scenario is a YAML mapping validated against :class:`Scenario`. Unknown keys are errors (the
loader suggests the nearest valid key). ``docs/scenarios.md`` is generated from this module
(``python -m sim.scenario.docs``); a test fails when it is stale.

Defaults say where they come from: a source, or "judgement" where the number is the modeller's.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from sim.scenario.coalition_members import DEFAULT_SIZE, MAX_MEMBERS, group_members
from sim.scenario.dynamics import MAX_QUARTERS, Dynamics
from sim.scenario.fields import documented as _field
from sim.scenario.fields import format_number
from sim.scenario.game_spec import GameSpec
from sim.scenario.sweep import Sweep, check_sweep

SCHEMA_VERSION = 1

MAX_PAYOFF = 1_000_000
"""Largest payoff constant, in payoff units (Russia's value of conquest is 10 by default): far
beyond any plausible value, small enough that sums over a century of quarters stay finite."""

MIN_POSITIVE = 1e-6
"""Smallest value of a constant that divides (subnormal numbers such as 5e-324 make 0/0)."""

MAX_DURATION_YEARS = 1000
"""Longest finite guarantee (a longer one is, for every discount factor allowed, 'indefinite')."""

LegalForm = Literal["declaration", "executive", "treaty"]
Trigger = Literal["any_violation", "armed_attack", "widespread_deliberate_sustained"]
Aggregation = Literal["independent", "us_led", "unanimity"]
Posture = Literal["none", "rear_hubs", "near_front", "contact_line"]
UsBackstop = Literal["none", "isr_logistics", "air", "armed"]
Conditionality = Literal["none", "strict"]
Group = Literal["coalition_of_the_willing", "nato"]


class StrictModel(BaseModel):
    """Base of every schema block: unknown keys are rejected, values are validated on assignment,
    and numbers must be finite (an infinite cost would turn the game's expectations into NaN;
    an indefinite duration is written ``indefinite``)."""

    model_config = ConfigDict(
        extra="forbid", validate_assignment=True, frozen=False, allow_inf_nan=False
    )


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
        ge=0.01,
        le=10,
    )
    army_k: float = _field(
        700.0,
        "Ground forces Russia can commit against Ukraine; converts Ukraine's army size and "
        "guarantor troops into relative force.",
        unit="thousand personnel",
        source="IISS, The Military Balance 2025: forces deployed in and around Ukraine",
        plausible=(550, 850),
        ge=1,
        le=3000,
    )
    hardliner_share: float = _field(
        0.05,
        "Share h of Russian leaderships that are hard-liners, who attack whatever the price; a "
        "floor on the probability of attack that no guarantee removes.",
        unit="probability",
        source="judgement",
        plausible=(0.0, 0.15),
        ge=0,
        le=1,
    )
    regime_change_rate: float = _field(
        0.05,
        "Yearly probability that Russia's leadership (hence its type) changes; the repeated game "
        "redraws the type with share h when it does.",
        unit="probability per year",
        source="judgement",
        plausible=(0.0, 0.2),
        ge=0,
        le=1,
    )


class Ukraine(StrictModel):
    """The protégé. Its army size is a guarantee parameter (``guarantee.ukraine_strength``)."""

    name: str = _field("Ukraine", "Display name.")


class UnitedStates(StrictModel):
    """The backstop guarantor."""

    name: str = _field("United States", "Display name.")
    stake: float = _field(
        2.0,
        "Value to the US of Ukraine's survival, in units of Russia's value of conquest.",
        unit="payoff units",
        source="judgement",
        plausible=(1.0, 3.5),
        ge=0,
        le=100,
    )
    resolve: float = _field(
        0.8,
        "Probability that the US political system honours an automatic commitment (scales the "
        "US commitment probability).",
        unit="probability",
        source="judgement",
        plausible=(0.5, 0.95),
        ge=0,
        le=1,
    )
    support_boost: float = _field(
        0.5,
        "Proportional increase in Ukraine's fighting power from full US support (arms, "
        "intelligence, logistics).",
        unit="fraction",
        source="judgement",
        plausible=(0.25, 0.75),
        ge=0,
        le=5,
    )


class EuropeanCoalition(StrictModel):
    """The first-line guarantor; its members are set by ``guarantee.coalition``. Its stake, its
    support and its costs scale with its capability share (its members' weight over the
    reference coalition's)."""

    name: str = _field("European coalition", "Display name.")
    stake: float = _field(
        3.0,
        "Value of Ukraine's survival to a coalition of the reference weight (the twelve largest "
        "members of the coalition of the willing), in units of Russia's value of conquest; a "
        "coalition's stake is this times its capability share (the sum of its members' stakes).",
        unit="payoff units",
        source="judgement",
        plausible=(1.5, 4.5),
        ge=0,
        le=100,
    )
    support_boost: float = _field(
        0.5,
        "Proportional increase in Ukraine's fighting power from the full support of a coalition "
        "of the reference weight (scaled by capability share).",
        unit="fraction",
        source="judgement",
        plausible=(0.25, 0.75),
        ge=0,
        le=5,
    )


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

    name: str = Field(..., min_length=1, max_length=80, description="The member's name.")
    weight: float = _field(
        1.0,
        "Capability weight: 2024 military expenditure.",
        unit="US$ bn",
        source="SIPRI Military Expenditure Database (2025 release)",
        ge=0.001,
        le=100_000,
    )


class Coalition(StrictModel):
    """Who stands in the European-led coalition and how it decides.

    Give either ``members`` (names and capability weights) or ``size`` (the ``size`` largest
    states of ``group`` in :mod:`sim.scenario.coalition_members`; twelve when neither is
    given). The resolved scenario always lists the members.
    """

    group: Group = _field(
        "coalition_of_the_willing",
        "The states a default coalition is drawn from: the 2025 coalition of the willing, or "
        "NATO's allies other than the United States.",
        source="coalition-of-the-willing meetings, 2025; NATO membership",
    )
    size: int | None = _field(
        None,
        "Number of members taken from the group, largest first (default 12; null with 'members').",
        unit="states",
        ge=0,
        le=MAX_MEMBERS,
    )
    members: list[Member] | None = _field(
        None, "Explicit members with capability weights.", max_length=MAX_MEMBERS
    )
    aggregation: Aggregation = _field(
        "independent",
        "How member commitments combine: the coalition is committed with the automaticity "
        "(independent), only with a US that honours its backstop (us_led), or only if every "
        "effective member is (unanimity).",
        source="judgement",
    )

    @model_validator(mode="after")
    def _resolve_members(self) -> Coalition:
        if self.members is not None and self.size is not None and self.size != len(self.members):
            raise ValueError(
                f"give either 'size' or 'members', not both ({self.size} vs "
                f"{len(self.members)} members); when the file you extend sets 'size', write "
                "'size: null' beside 'members'"
            )
        if self.members is not None:
            seen: set[str] = set()
            for member in self.members:
                key = " ".join(member.name.split()).casefold()
                if not key:
                    raise ValueError("a member's name is blank; give every member a name")
                if key in seen:
                    raise ValueError(
                        f"member {member.name.strip()!r} is listed twice; list each state once"
                    )
                seen.add(key)
        if self.members is None:
            pool = group_members(self.group)
            size = min(DEFAULT_SIZE, len(pool)) if self.size is None else self.size
            if size > len(pool):
                raise ValueError(f"group {self.group!r} has {len(pool)} states, not {size}")
            members = [Member(name=n, weight=w) for n, w in pool[:size]]
            object.__setattr__(self, "members", members)
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

    @field_validator("duration_years")
    @classmethod
    def _duration(cls, value: float | str) -> float | str:
        if isinstance(value, float) and not (1 <= value <= MAX_DURATION_YEARS):
            raise PydanticCustomError(
                "located",
                "{message}",
                {
                    "message": f"{format_number(value)} years is outside 1 to "
                    f"{MAX_DURATION_YEARS} years",
                    "allowed": f"1 ≤ x ≤ {MAX_DURATION_YEARS}, or 'indefinite'",
                    "hint": "use a number of years from 1 to "
                    f"{MAX_DURATION_YEARS}, or 'indefinite' for an open-ended guarantee",
                },
            )
        return value

    @model_validator(mode="after")
    def _check(self) -> Guarantee:
        if self.troops_on_ground > 0 and self.posture == "none":
            raise ValueError(
                "troops_on_ground > 0 needs a posture (rear_hubs, near_front or contact_line)"
            )
        return self

    @property
    def horizon_years(self) -> float:
        """Duration as a number (``inf`` when indefinite)."""
        return math.inf if self.duration_years == "indefinite" else float(self.duration_years)


# --------------------------------------------------------------------------------------------
# Payoff constants
# --------------------------------------------------------------------------------------------
class Exposure(StrictModel):
    """Exposure of stationed troops to a Russian attack, by posture (tripwire strength,
    escalation risk and intrusiveness); a posture without troops exposes nothing."""

    rear_hubs: float = _field(
        0.3, "Hubs away from the front.", source="judgement", plausible=(0.15, 0.45), ge=0, le=1
    )
    near_front: float = _field(
        0.7, "Near the front.", source="judgement", plausible=(0.55, 0.85), ge=0, le=1
    )
    contact_line: float = _field(1.0, "At the contact line.", source="normalisation", ge=0, le=1)


class LegalWeight(StrictModel):
    """Share of the treaty-level audience cost that reneging incurs, by legal form (Fearon 1997:
    ratified commitments tie hands more than executive pledges or declarations)."""

    declaration: float = _field(
        0.1, "A political declaration.", source="judgement", plausible=(0.0, 0.25), ge=0, le=1
    )
    executive: float = _field(
        0.4, "An executive agreement.", source="judgement", plausible=(0.2, 0.6), ge=0, le=1
    )
    treaty: float = _field(1.0, "A ratified treaty.", source="normalisation", ge=0, le=1)


class UsPresence(StrictModel):
    """How intrusive each US backstop is in Russia's eyes, on [0, 1]."""

    isr_logistics: float = _field(
        0.25, "Intelligence and logistics.", source="judgement", plausible=(0.1, 0.4), ge=0, le=1
    )
    air: float = _field(0.6, "Air power.", source="judgement", plausible=(0.4, 0.8), ge=0, le=1)
    armed: float = _field(1.0, "Armed intervention.", source="normalisation", ge=0, le=1)


class IntrusivenessWeights(StrictModel):
    """Weights of the components of a guarantee's intrusiveness (normalised to sum to 1)."""

    troops: float = _field(
        0.3,
        "Troops (share of 60k).",
        source="judgement",
        plausible=(0.15, 0.45),
        ge=0,
        le=1000,
    )
    exposure: float = _field(
        0.2,
        "Exposure of the posture.",
        source="judgement",
        plausible=(0.1, 0.3),
        ge=0,
        le=1000,
    )
    air: float = _field(
        0.15,
        "Aircraft (share of 150).",
        source="judgement",
        plausible=(0.05, 0.25),
        ge=0,
        le=1000,
    )
    legal: float = _field(
        0.15, "Legal weight.", source="judgement", plausible=(0.05, 0.25), ge=0, le=1000
    )
    us: float = _field(0.2, "US presence.", source="judgement", plausible=(0.1, 0.3), ge=0, le=1000)

    @model_validator(mode="after")
    def _some_weight(self) -> IntrusivenessWeights:
        if self.troops + self.exposure + self.air + self.legal + self.us <= 0:
            raise ValueError("the intrusiveness weights are all 0; give at least one a weight")
        return self


class Payoffs(StrictModel):
    """Constants of the guarantee game, in payoff units where Russia's value of conquering
    Ukraine is 10. ``docs/model.md`` gives every formula that uses them; every constant is a
    normalisation, sourced, or a judgement with a plausible range (sampled by robustness
    checks)."""

    conquest_value: float = _field(
        10.0,
        "Russia's value of a successful invasion (V).",
        unit="payoff units",
        source="normalisation",
        ge=MIN_POSITIVE,
        le=MAX_PAYOFF,
    )
    contest_exponent: float = _field(
        1.5,
        "Decisiveness γ of the contest success function p = F_R^γ / (F_R^γ + F_D^γ).",
        source="Tullock (1980), Hirshleifer (1989) for the form; judgement for the value",
        plausible=(1.0, 2.5),
        gt=0,
        le=10,
    )
    war_cost_russia: float = _field(
        0.5,
        "Russia's cost of a year of war against a defender of equal force; a war's cost grows "
        "with the force Russia fights (c_w F_D / F_R per year).",
        unit="payoff units per year",
        source="judgement; Lanchester (1916) for losses growing with the enemy force engaged",
        plausible=(0.25, 1.0),
        ge=0,
        le=MAX_PAYOFF,
    )
    war_years: float = _field(
        2.5,
        "Expected duration of a war (its decision comes at the end, discounted); the repeated "
        "game ends a war with quarterly hazard 1/(4D), so wars last D years on average.",
        unit="years",
        source="judgement",
        plausible=(1.5, 4.0),
        ge=0.25,
        le=20,
    )
    direct_war_cost_russia: float = _field(
        0.5,
        "Russia's further cost of a war with guarantor states (isolation, wider escalation), on "
        "top of the force-scaled war cost.",
        unit="payoff units",
        source="judgement",
        plausible=(0.0, 2.0),
        ge=0,
        le=MAX_PAYOFF,
    )
    back_down_cost: float = _field(
        2.5,
        "Russia's cost of backing down facing intervention (humiliation).",
        unit="payoff units",
        source="judgement",
        plausible=(1.0, 4.0),
        ge=0,
        le=MAX_PAYOFF,
    )
    sanctions_cost: float = _field(
        0.5,
        "Russia's cost of a year of full sanctions (imposed when an invasion is answered and "
        "kept during a war).",
        unit="payoff units per year",
        source="judgement",
        plausible=(0.25, 1.0),
        ge=0,
        le=MAX_PAYOFF,
    )
    probe_gain: float = _field(
        0.2,
        "Russia's gain from a probe that goes unanswered (g).",
        unit="payoff units",
        source="judgement",
        plausible=(0.1, 0.4),
        ge=0,
        le=MAX_PAYOFF,
    )
    probe_sanctions: float = _field(
        1.0,
        "Sanctions a detected probe draws, as a share of a year of full sanctions (proportionate "
        "to the violation).",
        unit="fraction",
        source="judgement",
        plausible=(0.5, 2.0),
        ge=0,
        le=5,
    )
    catastrophe_cost: float = _field(
        60.0,
        "Every actor's cost of escalation beyond conventional war.",
        unit="payoff units",
        source="judgement",
        plausible=(30.0, 100.0),
        ge=0,
        le=MAX_PAYOFF,
    )
    escalation_risk: float = _field(
        0.04,
        "Probability that pressing on against guarantor forces ends in catastrophe, when "
        "guarantors bring the whole of the defence and stand at the least exposed posture.",
        unit="probability",
        source="Powell (1987) for brinkmanship; judgement for the value",
        plausible=(0.01, 0.08),
        ge=0,
        le=1,
    )
    force_projection: float = _field(
        0.25,
        "Share of a guarantor's spending-equivalent combat power (its military expenditure over "
        "Russia's) that it can bring to bear in Ukraine within a war.",
        unit="fraction",
        source="judgement; spending as capability after the Correlates of War CINC index",
        plausible=(0.1, 0.4),
        ge=0,
        le=1,
    )
    us_air_share: float = _field(
        0.5,
        "Share of the US's projectable power an air campaign brings (an 'armed' backstop brings "
        "all of it; without a pledge a US intervention is an air campaign).",
        unit="fraction",
        source="judgement",
        plausible=(0.3, 0.7),
        ge=0,
        le=1,
    )
    aircraft_per_force: float = _field(
        300.0,
        "Combat aircraft worth one unit of Russian force in the contest.",
        unit="aircraft",
        source="judgement",
        plausible=(150.0, 600.0),
        ge=1,
        le=100_000,
    )
    support_cost: float = _field(
        0.25,
        "A guarantor's cost of full support, per unit of capability share (the US counts as one "
        "share).",
        unit="payoff units",
        source="judgement",
        plausible=(0.1, 0.5),
        ge=0,
        le=MAX_PAYOFF,
    )
    intervention_cost: float = _field(
        2.0,
        "A guarantor's cost of intervening when Russia backs down (mobilisation), per unit of "
        "force committed.",
        unit="payoff units per force unit",
        source="judgement",
        plausible=(1.0, 3.0),
        ge=0,
        le=MAX_PAYOFF,
    )
    direct_war_cost_guarantor: float = _field(
        3.0,
        "A guarantor's cost of a direct war with Russia, per unit of force committed.",
        unit="payoff units per force unit",
        source="judgement",
        plausible=(1.5, 5.0),
        ge=0,
        le=MAX_PAYOFF,
    )
    audience_cost: float = _field(
        2.0,
        "A guarantor's cost of reneging on a covered attack under a ratified treaty; scaled down "
        "for weaker legal forms.",
        unit="payoff units",
        source="Fearon (1994, 1997) for the concept; judgement for the value",
        plausible=(1.0, 4.0),
        ge=0,
        le=MAX_PAYOFF,
    )
    probe_erosion: float = _field(
        0.1,
        "Share of its stake a guarantor loses when a probe goes unanswered.",
        unit="fraction",
        source="judgement",
        plausible=(0.05, 0.2),
        ge=0,
        le=1,
    )
    presence_cost: float = _field(
        0.35,
        "Russia's yearly cost of a ceasefire under the most intrusive guarantee (foreign forces "
        "at the contact line, treaty, full air and US armed backstop).",
        unit="payoff units per year",
        source="judgement",
        plausible=(0.2, 0.5),
        ge=0,
        le=MAX_PAYOFF,
    )
    discount_factor: float = _field(
        0.9,
        "Yearly discount factor δ (δ^(1/4) a quarter in the repeated game).",
        unit="per year",
        source="judgement",
        plausible=(0.85, 0.95),
        gt=0,
        lt=1,
    )
    fait_accompli_days: float = _field(
        30.0,
        "Time constant τ of fait-accompli gains: share 1 − exp(−delay/τ) secured before "
        "the response bites.",
        unit="days",
        source="judgement",
        plausible=(15.0, 60.0),
        ge=0.01,
        le=3650,
    )
    deliberation_days: float = _field(
        30.0,
        "Days a guarantor that is not committed takes to decide to respond, on top of the "
        "response delay (an automatic response needs no deliberation).",
        unit="days",
        source="judgement",
        plausible=(10.0, 60.0),
        ge=0,
        le=3650,
    )
    tripwire_scale_k: float = _field(
        5.0,
        "Troops at which the tripwire is 1 − 1/e engaged at full exposure.",
        unit="thousand personnel",
        source="Schelling (1960) for the tripwire; judgement for the form and value",
        plausible=(2.0, 10.0),
        ge=0.01,
        le=1000,
    )
    wds_coverage: float = _field(
        0.7,
        "Share of invasions a 'widespread, deliberate and sustained' trigger covers (room to "
        "argue an attack is not covered).",
        unit="fraction",
        source="judgement",
        plausible=(0.4, 0.9),
        ge=0,
        le=1,
    )
    conditionality_escape: float = _field(
        0.2,
        "Share of commitment and of reneging cost a strict anti-entrapment clause lets a "
        "guarantor escape by arguing that Ukraine provoked.",
        unit="fraction",
        source="Snyder (1984) for the dilemma; judgement for the value",
        plausible=(0.1, 0.4),
        ge=0,
        le=1,
    )
    exposure: Exposure = Field(default_factory=Exposure)
    legal_weight: LegalWeight = Field(default_factory=LegalWeight)
    us_presence: UsPresence = Field(default_factory=UsPresence)
    intrusiveness: IntrusivenessWeights = Field(default_factory=IntrusivenessWeights)


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
        "Resolution of threshold searches, as a share of the lever's range.",
        unit="fraction",
    )
    robustness_draws: int = _field(
        256,
        "Latin-hypercube draws of the judgement constants for the robustness shares of a "
        "verdict (0: none).",
        unit="draws",
        ge=0,
        le=100_000,
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
    sweep: Sweep | None = Field(
        None,
        description="A parameter sweep over design points (deter sweep; docs/sweeps.md); "
        "ignored by deter run.",
    )

    @model_validator(mode="after")
    def _check_sweep(self) -> Scenario:
        problems = _horizon_problems(self)
        if self.sweep is not None:
            problems += check_sweep(self.sweep, self, Scenario)
        if problems:
            raise ValidationError.from_exception_data(
                "Scenario",
                [
                    InitErrorDetails(
                        type=PydanticCustomError(
                            "located",
                            "{message}",
                            {"message": message, "allowed": allowed, "hint": hint},
                        ),
                        loc=loc,
                        input=None,
                    )
                    for loc, message, allowed, hint in problems
                ],
            )
        return self


def _horizon_problems(scenario: Scenario) -> list[tuple[tuple[str, ...], str, str, str]]:
    """The repeated game's horizon: a guarantee's duration played quarter by quarter
    (``dynamics.quarters: null``) must fit in :data:`~sim.scenario.dynamics.MAX_QUARTERS`."""
    dynamics, years = scenario.dynamics, scenario.guarantee.horizon_years
    if dynamics is None or dynamics.quarters is not None or math.isinf(years):
        return []
    quarters = math.ceil(4 * years)
    if quarters <= MAX_QUARTERS:
        return []
    return [
        (
            ("guarantee", "duration_years"),
            f"with dynamics.quarters null the repeated game lasts the guarantee's "
            f"{format_number(years)} years, {quarters} quarters, above the maximum "
            f"{MAX_QUARTERS} quarters",
            f"at most {MAX_QUARTERS // 4} years with dynamics.quarters null",
            f"set dynamics.quarters (at most {MAX_QUARTERS}) to the horizon to simulate, or "
            "shorten duration_years",
        )
    ]
