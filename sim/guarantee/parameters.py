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

from sim.arrays import FloatArray
from sim.guarantee import terms
from sim.scenario.coalition_members import REFERENCE_WEIGHT, RUSSIA_SPENDING, US_SPENDING
from sim.scenario.schema import Scenario

INTERVENE, SUPPORT, NONE = 2, 1, 0

US_PLEDGE: dict[str, int] = {
    "none": NONE,
    "isr_logistics": SUPPORT,
    "air": INTERVENE,
    "armed": INTERVENE,
}
"""Pledged US response to a covered violation, by backstop (0 none, 1 support, 2 intervene)."""

Number = float | FloatArray


@dataclass(frozen=True)
class GuaranteeParameters:
    """Every number of the guarantee game; floats or arrays that broadcast.

    Response levels are coded 0 none, 1 support, 2 intervene. Forces are in units of Russia's
    committed force, payoffs in units where Russia's value of conquest is ``conquest_value``.
    The four commitment probabilities are explicit so that a learning model can substitute
    Russia's beliefs for them (``params.with_values(kappa_e_invade=belief)``).

    Attributes
    ----------
    hardliner_share, monitoring
        Share h of hard-liner leaderships; probability m that a probe is detected.
    kappa_e_probe, kappa_e_invade, kappa_us_probe, kappa_us_invade
        Probability that the coalition / the US is committed to respond as pledged.
    pledge_e_probe, pledge_e_invade, pledge_us_probe, pledge_us_invade
        Pledged response levels (0, 1, 2).
    russia_force, ukraine_force, contest_exponent
        Forces :math:`F_R, F_U` and decisiveness γ of the contest success function.
    boost_e, boost_us
        Proportional boost to Ukraine's force from each guarantor's support.
    power_e, power_in_place, power_us
        Combat power an intervention adds: the coalition's projected power, its stationed troops
        and aircraft (in place), and the US's (by backstop).
    fait_accompli, fait_accompli_late
        Share f of gains Russia secures before an automatic response bites, and before a
        discretionary one does (after deliberation).
    escalation_risk, exposure
        Brinkmanship risk :math:`q_0` and posture exposure e.
    conquest_value, war_cost, war_years, discount
        V; Russia's yearly war cost against an equal force; a war's duration D (years); δ.
    direct_war_cost_russia, back_down_cost, sanctions_cost, snapback, catastrophe_cost
        :math:`c_d`, :math:`c_b`, yearly full sanctions :math:`s_y`, automatic share s, C.
    probe_gain, probe_sanctions
        g, and the sanctions a detected probe draws (a share of a year of full sanctions).
    stake_e, stake_us
        Guarantors' stakes in Ukraine (the coalition's scaled by its capability share).
    support_cost_e, support_cost_us, intervention_cost, direct_war_cost_guarantor
        Costs of support (per guarantor), of intervening when Russia backs down and of a direct
        war (per unit of force committed).
    probe_erosion
        Share ε of its stake a guarantor loses to an unanswered probe.
    cover_probe, cover_invade
        Shares of a probe and of an invasion the trigger covers.
    audience_e_probe, audience_e_invade, audience_us_probe, audience_us_invade
        Audience cost of a full shortfall below the pledge (A × legal weight × coverage).
    presence, horizon
        Acceptability: yearly presence cost; the guarantee's duration (years).
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
    fait_accompli_late: Number
    escalation_risk: Number
    exposure: Number
    conquest_value: Number
    war_cost: Number
    war_years: Number
    discount: Number
    direct_war_cost_russia: Number
    back_down_cost: Number
    sanctions_cost: Number
    snapback: Number
    catastrophe_cost: Number
    probe_gain: Number
    probe_sanctions: Number
    stake_e: Number
    stake_us: Number
    support_cost_e: Number
    support_cost_us: Number
    intervention_cost: Number
    direct_war_cost_guarantor: Number
    probe_erosion: Number
    cover_probe: Number
    cover_invade: Number
    audience_e_probe: Number
    audience_e_invade: Number
    audience_us_probe: Number
    audience_us_invade: Number
    presence: Number
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

    def lapsed(self) -> GuaranteeParameters:
        """The same world once the guarantee has lapsed: nobody committed or pledged, no troops,
        aircraft in place, snapback, audience cost or presence (guarantors, the US included, may
        still respond at will)."""
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
        ``"payoffs.sanctions_cost"``, ``"payoffs.exposure.near_front"``, ...) mapped to values.
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
        if path == "guarantee.duration_years":
            return scenario.guarantee.horizon_years
        obj: Any = scenario
        for part in path.split("."):
            obj = getattr(obj, part)
        return float(obj)

    g, pay = scenario.guarantee, "payoffs."
    strict = g.conditionality == "strict"
    escape = 1.0 - num(pay + "conditionality_escape") if strict else 1.0
    weights = [m.weight for m in g.coalition.member_list]
    has_coalition = bool(weights)
    capability = sum(weights) / REFERENCE_WEIGHT
    # troops and posture: a design without troops exposes nothing, whatever its posture
    troops = num("guarantee.troops_on_ground")
    exposure = np.asarray(0.0 if g.posture == "none" else num(f"{pay}exposure.{g.posture}"))
    exposure = np.where(np.asarray(troops) > 0, exposure, 0.0) if has_coalition else 0.0 * exposure
    air = num("guarantee.air_assets")
    a = num("guarantee.automaticity")
    resolve = num("actors.united_states.resolve")
    backstop = g.us_backstop != "none"
    wds = num(pay + "wds_coverage")
    cover = {x: terms.coverage(g.trigger, x, wds) for x in ("probe", "invade")}
    kappa_us = {x: (a * resolve * cover[x] * escape if backstop else 0.0 * a) for x in cover}
    political = terms.political_commitment(
        a, g.coalition.aggregation, terms.effective_members(weights), resolve * backstop
    )
    political = political * escape if has_coalition else 0.0 * political
    trip = terms.tripwire(exposure, troops, num(pay + "tripwire_scale_k"))
    legal = num(f"{pay}legal_weight.{g.legal_form}")
    audience = num(pay + "audience_cost") * legal * escape
    army = num("actors.russia.army_k")
    projection = num(pay + "force_projection")
    in_place = troops / army + air / num(pay + "aircraft_per_force")
    has_forces = np.asarray(troops) + np.asarray(air) > 0
    pledge_e_invade = np.where(has_forces, INTERVENE, SUPPORT) if has_coalition else NONE
    us_share = 1.0 if g.us_backstop == "armed" else num(pay + "us_air_share")
    us_presence = 0.0 if g.us_backstop == "none" else num(f"{pay}us_presence.{g.us_backstop}")
    weight_paths = ("troops", "exposure", "air", "legal", "us")
    intrusive = terms.intrusiveness(
        troops,
        exposure,
        air,
        legal,
        us_presence,
        [num(f"{pay}intrusiveness.{k}") for k in weight_paths],
    )
    support_cost = num(pay + "support_cost")
    delay = num("guarantee.response_delay_days")
    return GuaranteeParameters(
        hardliner_share=num("actors.russia.hardliner_share"),
        monitoring=num("guarantee.monitoring"),
        kappa_e_probe=terms.coalition_commitment(political, cover["probe"], 0.0),
        kappa_e_invade=terms.coalition_commitment(political, cover["invade"], trip),
        kappa_us_probe=kappa_us["probe"],
        kappa_us_invade=kappa_us["invade"],
        pledge_e_probe=float(SUPPORT if has_coalition else NONE),
        pledge_e_invade=_simplify(pledge_e_invade),
        pledge_us_probe=float(SUPPORT if backstop else NONE),
        pledge_us_invade=float(US_PLEDGE[g.us_backstop]),
        russia_force=num("actors.russia.force"),
        ukraine_force=terms.ukraine_force(num("guarantee.ukraine_strength"), army),
        contest_exponent=num(pay + "contest_exponent"),
        boost_e=num("actors.european_coalition.support_boost") * capability,
        boost_us=num("actors.united_states.support_boost") * resolve,
        power_e=terms.projected_power(sum(weights), RUSSIA_SPENDING, projection),
        power_in_place=in_place if has_coalition else 0.0 * in_place,
        power_us=terms.projected_power(US_SPENDING, RUSSIA_SPENDING, projection) * us_share,
        fait_accompli=terms.fait_accompli_share(delay, num(pay + "fait_accompli_days")),
        fait_accompli_late=terms.fait_accompli_share(
            delay + num(pay + "deliberation_days"), num(pay + "fait_accompli_days")
        ),
        escalation_risk=num(pay + "escalation_risk"),
        exposure=exposure,
        conquest_value=num(pay + "conquest_value"),
        war_cost=num(pay + "war_cost_russia"),
        war_years=num(pay + "war_years"),
        discount=num(pay + "discount_factor"),
        direct_war_cost_russia=num(pay + "direct_war_cost_russia"),
        back_down_cost=num(pay + "back_down_cost"),
        sanctions_cost=num(pay + "sanctions_cost"),
        snapback=num("guarantee.snapback_sanctions"),
        catastrophe_cost=num(pay + "catastrophe_cost"),
        probe_gain=num(pay + "probe_gain"),
        probe_sanctions=num(pay + "probe_sanctions") * num(pay + "sanctions_cost"),
        stake_e=num("actors.european_coalition.stake") * capability,
        stake_us=num("actors.united_states.stake"),
        support_cost_e=support_cost * capability,
        support_cost_us=support_cost,
        intervention_cost=num(pay + "intervention_cost"),
        direct_war_cost_guarantor=num(pay + "direct_war_cost_guarantor"),
        probe_erosion=num(pay + "probe_erosion"),
        cover_probe=cover["probe"],
        cover_invade=cover["invade"],
        audience_e_probe=audience * cover["probe"] * has_coalition,
        audience_e_invade=audience * cover["invade"] * has_coalition,
        audience_us_probe=audience * cover["probe"] * backstop,
        audience_us_invade=audience * cover["invade"] * backstop,
        presence=num(pay + "presence_cost") * intrusive,
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
