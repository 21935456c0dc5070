"""The numbers of the guarantee game, from a scenario: its design θ, actors and payoff constants.

:func:`guarantee_parameters` turns a validated scenario into a :class:`GuaranteeParameters`: every
number the tree of :mod:`sim.guarantee.tree` needs (commitment probabilities, pledged levels,
forces, costs, stakes). Each field is a float or an array, and arrays broadcast, so one call (with
array overrides of numeric scenario fields) covers a whole parameter grid. The formulas are the
named terms of :mod:`sim.guarantee.terms`; ``docs/model.md`` gives each.

Examples
--------
>>> from sim.scenario.schema import Scenario
>>> grid = guarantee_parameters(Scenario(name="demo"), {
...     "guarantee.automaticity": np.linspace(0, 1, 5),
...     "guarantee.ukraine_strength": [200.0, 600.0, 1000.0]})
>>> grid.shape
(5, 3)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from sim.games.tree import FloatArray
from sim.guarantee import terms as pt
from sim.scenario.coalition_members import FULL_COALITION_WEIGHT
from sim.scenario.schema import Scenario

PLEDGE_E_INVADE_WITH_FORCES = 2
"""Pledged response level of a coalition with troops or aircraft: intervene."""

US_PLEDGE: dict[str, int] = {"none": 0, "isr_logistics": 1, "air": 2, "armed": 2}
"""Pledged US response to a covered invasion, by backstop (0 none, 1 support, 2 intervene)."""

Number = float | FloatArray


@dataclass(frozen=True)
class GuaranteeParameters:
    """Every number of the guarantee game; floats or arrays that broadcast.

    Response levels are coded 0 none, 1 support, 2 intervene. The four commitment probabilities
    are explicit so that a learning model can substitute Russia's beliefs for them
    (``params.with_values(kappa_e_invade=belief)``).

    Attributes
    ----------
    hardliner_share
        Prior probability h of the hard-liner type.
    monitoring
        Probability m that a probe is detected and attributed.
    kappa_e_probe, kappa_e_invade, kappa_us_probe, kappa_us_invade
        Probability that the coalition / the US is committed to respond as pledged.
    pledge_e_probe, pledge_e_invade, pledge_us_probe, pledge_us_invade
        Pledged response levels (0, 1, 2).
    russia_force, ukraine_force, contest_exponent
        Forces :math:`F_R, F_U` and decisiveness γ of the contest success function.
    boost_e, boost_us
        Proportional boost to Ukraine's force from each guarantor's support.
    power_e, power_in_place, power_us
        Combat power added by an intervention: the coalition's (capacity share × power), its
        stationed troops and aircraft, and the US's.
    fait_accompli
        Share f of gains Russia secures before a response bites.
    escalation_risk, exposure
        Brinkmanship risk :math:`q_0` and posture exposure e; catastrophe probability
        :math:`q = \\min(1, q_0 (1 + e))`.
    conquest_value, probe_gain, war_cost_russia, direct_war_cost_russia, back_down_cost
        Russia's payoff constants V, g, :math:`c_w, c_d, c_b`.
    sanctions_cost, snapback, catastrophe_cost
        Full sanctions cost :math:`C_s`, automatic snapback share s, catastrophe cost C.
    stake_e, stake_us
        Guarantors' stakes in Ukraine (the coalition's after free riding).
    support_cost, intervention_cost, direct_war_cost_guarantor, probe_erosion
        Guarantors' costs :math:`k_s, k_i, k_w` and the stake share ε lost to an unanswered probe.
    audience_e_probe, audience_e_invade, audience_us_probe, audience_us_invade
        Audience cost of a full shortfall below the pledge (A × legal weight × coverage).
    presence, war_value, discount, horizon
        Acceptability: yearly presence cost, yearly value of war, δ and duration T (years).
    """

    hardliner_share: Number
    monitoring: Number
    kappa_e_probe: Number
    kappa_e_invade: Number
    kappa_us_probe: Number
    kappa_us_invade: Number
    pledge_e_probe: Number
    pledge_e_invade: Number
    pledge_us_probe: Number
    pledge_us_invade: Number
    russia_force: Number
    ukraine_force: Number
    contest_exponent: Number
    boost_e: Number
    boost_us: Number
    power_e: Number
    power_in_place: Number
    power_us: Number
    fait_accompli: Number
    escalation_risk: Number
    exposure: Number
    conquest_value: Number
    probe_gain: Number
    war_cost_russia: Number
    direct_war_cost_russia: Number
    back_down_cost: Number
    sanctions_cost: Number
    snapback: Number
    catastrophe_cost: Number
    stake_e: Number
    stake_us: Number
    support_cost: Number
    intervention_cost: Number
    direct_war_cost_guarantor: Number
    probe_erosion: Number
    audience_e_probe: Number
    audience_e_invade: Number
    audience_us_probe: Number
    audience_us_invade: Number
    presence: Number
    war_value: Number
    discount: Number
    horizon: Number

    def with_values(self, **changes: ArrayLike) -> GuaranteeParameters:
        """A copy with some fields replaced (for example commitment probabilities by beliefs)."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    @property
    def shape(self) -> tuple[int, ...]:
        """Common broadcast shape of all fields (``()`` for one game)."""
        return tuple(
            np.broadcast_shapes(
                *(np.shape(getattr(self, f.name)) for f in dataclasses.fields(self))
            )
        )

    def as_arrays(self) -> dict[str, FloatArray]:
        """Every field as a float array."""
        return {f.name: np.asarray(getattr(self, f.name), float) for f in dataclasses.fields(self)}

    def lapsed(self) -> GuaranteeParameters:
        """The same world once the guarantee has lapsed: nobody committed or pledged, no troops,
        aircraft, US backstop, snapback or presence (guarantors may still respond at will)."""
        zero = 0.0
        return self.with_values(
            kappa_e_probe=zero,
            kappa_e_invade=zero,
            kappa_us_probe=zero,
            kappa_us_invade=zero,
            pledge_e_probe=zero,
            pledge_e_invade=zero,
            pledge_us_probe=zero,
            pledge_us_invade=zero,
            power_in_place=zero,
            exposure=zero,
            snapback=zero,
            audience_e_probe=zero,
            audience_e_invade=zero,
            audience_us_probe=zero,
            audience_us_invade=zero,
            presence=zero,
        )


# --------------------------------------------------------------------------------------------
# Scenario → parameters
# --------------------------------------------------------------------------------------------
NUMERIC_PREFIXES = ("guarantee.", "payoffs.", "actors.")


def guarantee_parameters(
    scenario: Scenario, overrides: Mapping[str, ArrayLike] | None = None, *, mesh: bool = True
) -> GuaranteeParameters:
    """The numbers of the guarantee game for a scenario, optionally over arrays of values.

    Parameters
    ----------
    scenario
        A validated scenario (categorical choices such as legal form or trigger come from it).
    overrides
        Dotted paths of numeric scenario fields (``"guarantee.automaticity"``,
        ``"payoffs.sanctions_cost"``, ``"actors.russia.hardliner_share"``, ...) mapped to values.
    mesh
        If True (default), each 1-D override array gets its own axis, in the order given, so
        the result is the outer grid; if False, the arrays are broadcast as given.

    Returns
    -------
    GuaranteeParameters
        Fields are floats, or arrays of the grid shape.
    """
    values = _override_values(scenario, overrides or {}, mesh=mesh)

    def num(path: str) -> Any:
        if path in values:
            return values[path]
        obj: Any = scenario
        for part in path.split("."):
            obj = getattr(obj, part)
        if path == "guarantee.duration_years":
            return scenario.guarantee.horizon_years
        return float(obj)

    g = scenario.guarantee
    strict = g.conditionality == "strict"
    weights = [m.weight for m in g.coalition.member_list]
    n_eff = pt.effective_members(weights)
    capacity = sum(weights) / FULL_COALITION_WEIGHT
    has_coalition = bool(weights)
    exposure = pt.EXPOSURE[g.posture]
    troops = num("guarantee.troops_on_ground")
    air = num("guarantee.air_assets")
    a = num("guarantee.automaticity")
    resolve = num("actors.united_states.resolve")
    backstop = g.us_backstop != "none"
    us_pol = resolve if backstop else 0.0  # the coalition follows a US that honours its pledge
    political = pt.political_commitment(a, g.coalition.aggregation, n_eff, us_pol, strict)
    if not has_coalition:
        political = political * 0.0
    cover_probe = pt.coverage(g.trigger, "probe")
    cover_invade = pt.coverage(g.trigger, "invade")
    trip = pt.tripwire(exposure, troops, num("payoffs.tripwire_scale_k"))
    legal = pt.LEGAL_WEIGHT[g.legal_form]
    escape = 1.0 - pt.CONDITIONALITY_ESCAPE if strict else 1.0
    audience = num("payoffs.audience_cost") * legal * escape
    army = num("actors.russia.army_k")
    in_place = troops / army + air / pt.AIRCRAFT_PER_FORCE
    has_forces = np.asarray(troops) + np.asarray(air) > 0
    pledge_e_invade = np.where(has_forces, PLEDGE_E_INVADE_WITH_FORCES, 1) if has_coalition else 0
    pledge_us = US_PLEDGE[g.us_backstop]
    presence = num("payoffs.presence_cost") * pt.intrusiveness(
        troops, exposure, air, legal, pt.US_PRESENCE[g.us_backstop]
    )
    coalition_stake = pt.free_riding_stake(
        num("actors.european_coalition.stake"), n_eff, num("payoffs.free_riding_exponent")
    )
    return GuaranteeParameters(
        hardliner_share=num("actors.russia.hardliner_share"),
        monitoring=num("guarantee.monitoring"),
        kappa_e_probe=pt.coalition_commitment(political, cover_probe, 0.0),
        kappa_e_invade=pt.coalition_commitment(political, cover_invade, trip),
        kappa_us_probe=pt.us_commitment(a, resolve, cover_probe, backstop, strict),
        kappa_us_invade=pt.us_commitment(a, resolve, cover_invade, backstop, strict),
        pledge_e_probe=float(has_coalition),
        pledge_e_invade=_simplify(pledge_e_invade),
        pledge_us_probe=float(backstop),
        pledge_us_invade=float(pledge_us),
        russia_force=num("actors.russia.force"),
        ukraine_force=pt.ukraine_force(num("guarantee.ukraine_strength"), army),
        contest_exponent=num("payoffs.contest_exponent"),
        boost_e=num("actors.european_coalition.support_boost") * capacity,
        boost_us=num("actors.united_states.support_boost"),
        power_e=num("actors.european_coalition.intervention_power") * capacity,
        power_in_place=in_place if has_coalition else 0.0 * in_place,
        power_us=num("actors.united_states.intervention_power")
        * pt.US_INTERVENTION_SHARE[g.us_backstop],
        fait_accompli=pt.fait_accompli_share(
            num("guarantee.response_delay_days"), num("payoffs.fait_accompli_days")
        ),
        escalation_risk=num("payoffs.escalation_risk"),
        exposure=exposure,
        conquest_value=num("payoffs.conquest_value"),
        probe_gain=num("payoffs.probe_gain"),
        war_cost_russia=num("payoffs.war_cost_russia"),
        direct_war_cost_russia=num("payoffs.direct_war_cost_russia"),
        back_down_cost=num("payoffs.back_down_cost"),
        sanctions_cost=num("payoffs.sanctions_cost"),
        snapback=num("guarantee.snapback_sanctions"),
        catastrophe_cost=num("payoffs.catastrophe_cost"),
        stake_e=coalition_stake,
        stake_us=num("actors.united_states.stake"),
        support_cost=num("payoffs.support_cost"),
        intervention_cost=num("payoffs.intervention_cost"),
        direct_war_cost_guarantor=num("payoffs.direct_war_cost_guarantor"),
        probe_erosion=num("payoffs.probe_erosion"),
        audience_e_probe=audience * cover_probe if has_coalition else 0.0 * audience,
        audience_e_invade=audience * cover_invade if has_coalition else 0.0 * audience,
        audience_us_probe=audience * cover_probe if backstop else 0.0 * audience,
        audience_us_invade=audience * cover_invade if backstop else 0.0 * audience,
        presence=presence,
        war_value=num("payoffs.war_value"),
        discount=num("payoffs.discount_factor"),
        horizon=num("guarantee.duration_years"),
    )


def _override_values(
    scenario: Scenario, overrides: Mapping[str, ArrayLike], *, mesh: bool
) -> dict[str, Any]:
    arrays = {k: np.asarray(v, dtype=float) for k, v in overrides.items()}
    for path in arrays:
        if not path.startswith(NUMERIC_PREFIXES):
            raise KeyError(f"{path!r}: grid axes must be numeric fields under {NUMERIC_PREFIXES}")
        obj: Any = scenario
        for part in path.split("."):
            if not hasattr(obj, part):
                raise KeyError(f"{path!r} is not a scenario field (no {part!r})")
            obj = getattr(obj, part)
        if path != "guarantee.duration_years" and not isinstance(obj, int | float):
            raise TypeError(f"{path!r} is not numeric; give categorical fields in the scenario")
    if mesh:  # each 1-D array on its own axis, in the order given
        one_d = [k for k, v in arrays.items() if v.ndim == 1]
        for axis, k in enumerate(one_d):
            arrays[k] = arrays[k].reshape([-1 if i == axis else 1 for i in range(len(one_d))])
    return dict(arrays)


def _simplify(value: Any) -> Any:
    arr = np.asarray(value, dtype=float)
    return float(arr) if arr.ndim == 0 else arr
