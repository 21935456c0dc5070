"""The guarantee game of DESIGN.md §3 as a perfect-information tree with chance.

One crisis round. Nature draws Russia's type (a hard-liner with probability ``h``, a behavioural
commitment type in the sense of Kreps & Wilson 1982 that always invades and always presses on;
otherwise an opportunist). Russia holds, probes or invades. A probe is detected with probability
``monitoring``. The European coalition, then the United States, respond; before each moves, nature
draws whether it is *committed* (then it acts exactly as pledged) with probability κ. Facing any
intervention, Russia backs down or presses on, and pressing on ends in catastrophe with
probability ``q``.

Guarantors observe the scale of the attack, hence Russia's type: this keeps every information set
a singleton. Russia does not observe the commitment draws, but as they sit after its move the
subgame-perfect equilibrium of this tree is the perfect Bayesian equilibrium of Russia's
uncertainty about commitment (its belief is the prior κ).

:class:`GuaranteeParameters` holds every number the tree needs; each is a float or an array, and
arrays broadcast, so one tree (or one call of the batched solver) covers a parameter grid. The
payoff at each terminal is computed by :func:`probe_payoffs` and :func:`invasion_payoffs`; the
batched solver (:mod:`sim.equilibria.guarantee_batch`) restates the same formulas with shared
subexpressions, and a property test checks that both agree. ``docs/model.md`` gives every formula.

Examples
--------
>>> from sim.scenario.schema import Scenario
>>> game = build_stage_game(Scenario(name="demo"))
>>> game.players[0], game.root.actions
('Russia', ('opportunist', 'hardliner'))
>>> game.root.children[0].actions
('hold', 'probe', 'invade')
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from sim.games import payoff_terms as pt
from sim.games.tree import ExtensiveGame, FloatArray, Node, chance, decision, terminal
from sim.scenario.coalition_members import FULL_COALITION_WEIGHT
from sim.scenario.schema import Scenario

PLAYERS = ("Russia", "Ukraine", "United States", "European coalition")
ACTOR_KEYS = ("russia", "ukraine", "united_states", "european_coalition")
RUSSIA, UKRAINE, US, COALITION = 0, 1, 2, 3

RUSSIA_ACTIONS = ("hold", "probe", "invade")
RESPONSES = ("none", "support", "intervene")
PROBE_RESPONSES = RESPONSES[:2]
REPLIES = ("back_down", "press_on")
OUTCOMES = (
    "deterred",
    "probe_unanswered",
    "probe_punished",
    "invasion_unopposed",
    "invasion_supported",
    "russian_retreat",
    "direct_war",
    "catastrophe",
)

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


def parameter_grid(
    scenario: Scenario, axes: Mapping[str, ArrayLike], *, mesh: bool = True
) -> GuaranteeParameters:
    """Parameters over a grid of numeric scenario fields (see :func:`guarantee_parameters`).

    Examples
    --------
    >>> from sim.scenario.schema import Scenario
    >>> grid = parameter_grid(Scenario(name="demo"), {
    ...     "guarantee.automaticity": np.linspace(0, 1, 5),
    ...     "guarantee.ukraine_strength": [200.0, 600.0, 1000.0]})
    >>> grid.shape
    (5, 3)
    """
    return guarantee_parameters(scenario, axes, mesh=mesh)


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
    if not mesh:
        return dict(arrays)
    one_d = [k for k, v in arrays.items() if v.ndim == 1]
    out: dict[str, Any] = {}
    for k, v in arrays.items():
        if v.ndim == 1:
            shape = [1] * len(one_d)
            shape[one_d.index(k)] = v.size
            out[k] = v.reshape(shape)
        else:
            out[k] = v
    return out


def _simplify(value: Any) -> Any:
    arr = np.asarray(value, dtype=float)
    return float(arr) if arr.ndim == 0 else arr


# --------------------------------------------------------------------------------------------
# Terminal payoffs (restated in closed form by the batched solver)
# --------------------------------------------------------------------------------------------
def probe_payoffs(p: GuaranteeParameters, detected: bool, e: int, u: int) -> list[Number]:
    """Payoffs (Russia, Ukraine, US, coalition) after a probe; ``e``, ``u`` response levels.

    Notes
    -----
    Undetected: :math:`(g, -g, -\\varepsilon S_{US}, -\\varepsilon S_E)`. Detected and
    unanswered: Russia pays the snapback :math:`s C_s`; each guarantor with a pledge also pays its
    audience cost :math:`A_j \\cdot \\text{shortfall}`. Punished (any response): Russia keeps the
    fait-accompli share :math:`f g` and pays full sanctions :math:`C_s`; a responding guarantor pays
    :math:`k_s`; stakes erode by :math:`f \\varepsilon S_j`.
    """
    g = p.probe_gain
    if not detected:
        return [
            g + 0.0 * p.snapback,
            -g + 0.0 * p.snapback,
            -p.probe_erosion * p.stake_us,
            -p.probe_erosion * p.stake_e,
        ]
    punished = e > 0 or u > 0
    share = p.fait_accompli if punished else 1.0
    russia = share * g - (p.sanctions_cost if punished else p.snapback * p.sanctions_cost)
    ukraine = -share * g
    us = (
        -share * p.probe_erosion * p.stake_us
        - p.support_cost * (u > 0)
        - p.audience_us_probe * pt.shortfall(p.pledge_us_probe, u)
    )
    co = (
        -share * p.probe_erosion * p.stake_e
        - p.support_cost * (e > 0)
        - p.audience_e_probe * pt.shortfall(p.pledge_e_probe, e)
    )
    return [russia, ukraine, us, co]


def invasion_payoffs(p: GuaranteeParameters, e: int, u: int, reply: str) -> list[Number]:
    """Payoffs (Russia, Ukraine, US, coalition) after an invasion.

    ``reply`` is ``"none"`` when nobody intervenes, else ``"back_down"``, ``"press_on"`` (no
    catastrophe) or ``"catastrophe"``.

    Notes
    -----
    With :math:`p_0 = \\text{CSF}(F_R, F_U)` and, against the response,
    :math:`p_r = \\text{CSF}(F_R, F_U(1 + b_E[e\\ge1] + b_{US}[u\\ge1]) + P_E[e=2] + P_{US}[u=2])`,
    Russia's expected share of Ukraine is :math:`x = f p_0 + (1-f) p_r`.

    - unopposed: Russia :math:`p_0 V - c_w - s C_s`; Ukraine :math:`-p_0 V - c_w`;
      guarantor j :math:`-S_j p_0`;
    - supported: Russia :math:`x V - c_w - C_s`; Ukraine :math:`-x V - c_w`;
      guarantor j :math:`-S_j x - k_s[\\ell_j \\ge 1]`;
    - retreat: Russia :math:`f(p_0 V - c_w) - c_b - C_s`; Ukraine :math:`-f(p_0 V + c_w)`;
      guarantor j :math:`-S_j f p_0 - k_s[\\ell_j\\ge1] - k_i[\\ell_j=2]`;
    - direct war: Russia :math:`x V - c_w - c_d - C_s`; Ukraine :math:`-x V - c_w`;
      guarantor j :math:`-S_j x - k_s[\\ell_j\\ge1] - k_w[\\ell_j=2]`;
    - catastrophe: every actor :math:`-C`.

    Each guarantor also pays the audience cost :math:`A_j \\cdot \\text{shortfall}(\\ell_j)`
    except in a catastrophe.
    """
    if reply == "catastrophe":
        c = -p.catastrophe_cost + 0.0 * p.conquest_value
        return [c, c, c, c]
    V, f = p.conquest_value, p.fait_accompli
    p0 = pt.contest_success(p.russia_force, p.ukraine_force, p.contest_exponent)
    audience_us = p.audience_us_invade * pt.shortfall(p.pledge_us_invade, u)
    audience_e = p.audience_e_invade * pt.shortfall(p.pledge_e_invade, e)
    if e == 0 and u == 0:
        return [
            p0 * V - p.war_cost_russia - p.snapback * p.sanctions_cost,
            -p0 * V - p.war_cost_russia,
            -p.stake_us * p0 - audience_us,
            -p.stake_e * p0 - audience_e,
        ]
    boost = p.boost_e * (e > 0) + p.boost_us * (u > 0)
    force = pt.supported_force(p.ukraine_force, boost)
    force = force + (p.power_e + p.power_in_place) * (e == 2) + p.power_us * (u == 2)
    x = f * p0 + (1.0 - f) * pt.contest_success(p.russia_force, force, p.contest_exponent)
    cost_us = p.support_cost * (u > 0)
    cost_e = p.support_cost * (e > 0)
    if reply == "none":
        return [
            x * V - p.war_cost_russia - p.sanctions_cost,
            -x * V - p.war_cost_russia,
            -p.stake_us * x - cost_us - audience_us,
            -p.stake_e * x - cost_e - audience_e,
        ]
    if reply == "back_down":
        return [
            f * (p0 * V - p.war_cost_russia) - p.back_down_cost - p.sanctions_cost,
            -f * (p0 * V + p.war_cost_russia),
            -p.stake_us * f * p0 - cost_us - p.intervention_cost * (u == 2) - audience_us,
            -p.stake_e * f * p0 - cost_e - p.intervention_cost * (e == 2) - audience_e,
        ]
    if reply == "press_on":
        war_g = p.direct_war_cost_guarantor
        return [
            x * V - p.war_cost_russia - p.direct_war_cost_russia - p.sanctions_cost,
            -x * V - p.war_cost_russia,
            -p.stake_us * x - cost_us - war_g * (u == 2) - audience_us,
            -p.stake_e * x - cost_e - war_g * (e == 2) - audience_e,
        ]
    raise ValueError(f"unknown reply {reply!r}")


def catastrophe_probability(p: GuaranteeParameters) -> Number:
    """:math:`q = \\min(1, q_0 (1 + e))` (see :func:`payoff_terms.escalation_probability`)."""
    return pt.escalation_probability(p.escalation_risk, p.exposure)


# --------------------------------------------------------------------------------------------
# The tree
# --------------------------------------------------------------------------------------------
def build_guarantee_game(params: GuaranteeParameters) -> ExtensiveGame:
    """The guarantee game as an :class:`~sim.games.tree.ExtensiveGame` (scalar or batched).

    The pledged levels (``pledge_*``) must be scalars: they fix which single action a committed
    guarantor has, hence the shape of the tree. Every other field may be an array.

    Examples
    --------
    >>> from sim.scenario.schema import Scenario
    >>> game = build_guarantee_game(guarantee_parameters(Scenario(name="demo")))
    >>> sorted({n.outcome for n in game.terminal_nodes}) == sorted(OUTCOMES)
    True
    """
    p = params
    for name in ("pledge_e_probe", "pledge_e_invade", "pledge_us_probe", "pledge_us_invade"):
        if np.ndim(getattr(p, name)) != 0:
            raise ValueError(f"{name} must be a scalar to build a tree (it sets the tree's shape)")
    h = p.hardliner_share
    opportunist = _russia_node(p, hardliner=False)
    hardliner = _russia_node(p, hardliner=True)
    root = chance(
        [("opportunist", 1.0 - np.asarray(h, float), opportunist), ("hardliner", h, hardliner)],
        label="Russia's type",
    )
    return ExtensiveGame(PLAYERS, root, title="Guarantee game (one crisis round)")


def build_stage_game(scenario: Scenario) -> ExtensiveGame:
    """The guarantee game of a scenario (convenience for :func:`build_guarantee_game`)."""
    return build_guarantee_game(guarantee_parameters(scenario))


def _russia_node(p: GuaranteeParameters, *, hardliner: bool) -> Node:
    who = "hard-liner" if hardliner else "opportunist"
    invade = _responses(p, "invade", hardliner=hardliner)
    if hardliner:
        return decision(RUSSIA, {"invade": invade}, label=f"Russia ({who})")
    hold = terminal([0.0, 0.0, 0.0, 0.0], outcome="deterred")
    m = np.asarray(p.monitoring, float)
    undetected = terminal(probe_payoffs(p, False, 0, 0), outcome="probe_unanswered")
    probe = chance(
        [
            ("detected", m, _responses(p, "probe", hardliner=False)),
            ("undetected", 1 - m, undetected),
        ],
        label="probe detected?",
    )
    return decision(
        RUSSIA, {"hold": hold, "probe": probe, "invade": invade}, label=f"Russia ({who})"
    )


def _responses(p: GuaranteeParameters, action: str, *, hardliner: bool) -> Node:
    """Coalition commitment draw, coalition move, US draw, US move, then the outcome."""
    levels = range(2) if action == "probe" else range(3)
    kappa_e = np.asarray(p.kappa_e_probe if action == "probe" else p.kappa_e_invade, float)
    kappa_us = np.asarray(p.kappa_us_probe if action == "probe" else p.kappa_us_invade, float)
    pledge_e = int(p.pledge_e_probe if action == "probe" else p.pledge_e_invade)
    pledge_us = int(p.pledge_us_probe if action == "probe" else p.pledge_us_invade)

    def us_stage(e: int) -> Node:
        def after(u: int) -> Node:
            return _outcome(p, action, e, u, hardliner=hardliner)

        committed = decision(US, {RESPONSES[pledge_us]: after(pledge_us)}, label="US (committed)")
        free = decision(US, {RESPONSES[u]: after(u) for u in levels}, label="US")
        return chance(
            [("committed", kappa_us, committed), ("uncommitted", 1 - kappa_us, free)],
            label="US committed?",
        )

    committed = decision(
        COALITION, {RESPONSES[pledge_e]: us_stage(pledge_e)}, label="coalition (committed)"
    )
    free = decision(COALITION, {RESPONSES[e]: us_stage(e) for e in levels}, label="coalition")
    return chance(
        [("committed", kappa_e, committed), ("uncommitted", 1 - kappa_e, free)],
        label="coalition committed?",
    )


def _outcome(p: GuaranteeParameters, action: str, e: int, u: int, *, hardliner: bool) -> Node:
    if action == "probe":
        name = "probe_punished" if e > 0 or u > 0 else "probe_unanswered"
        return terminal(probe_payoffs(p, True, e, u), outcome=name)
    if e < 2 and u < 2:
        name = "invasion_supported" if e > 0 or u > 0 else "invasion_unopposed"
        return terminal(invasion_payoffs(p, e, u, "none"), outcome=name)
    q = np.asarray(catastrophe_probability(p), float)
    press_on = chance(
        [
            (
                "catastrophe",
                q,
                terminal(invasion_payoffs(p, e, u, "catastrophe"), outcome="catastrophe"),
            ),
            (
                "contained",
                1 - q,
                terminal(invasion_payoffs(p, e, u, "press_on"), outcome="direct_war"),
            ),
        ],
        label="escalation",
    )
    if hardliner:
        return decision(
            RUSSIA, {"press_on": press_on}, label="Russia (hard-liner) facing intervention"
        )
    back_down = terminal(invasion_payoffs(p, e, u, "back_down"), outcome="russian_retreat")
    return decision(
        RUSSIA, {"back_down": back_down, "press_on": press_on}, label="Russia facing intervention"
    )
