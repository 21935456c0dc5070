"""The guarantee game solved over arrays of parameters, by closed-form backward induction.

The guarantee game (:mod:`sim.games.guarantee`) has one fixed form, so its backward induction can
be written out once, node by node, in vectorised numpy: Russia's reply to intervention, the US's
response to each coalition move, the coalition's response, Russia's choice, for both types. This
is the generic :func:`~sim.equilibria.backward_induction.backward_induction` specialised to this
tree (the terminal payoffs of :func:`sim.games.guarantee.invasion_payoffs` and
:func:`~sim.games.guarantee.probe_payoffs`, same tie-breaking towards the first listed action,
same tolerance), without building a tree; a property test checks that both agree on random
parameter draws. Work is done in chunks of :data:`CHUNK` points.

Every decision node's one-shot-deviation gain (best value minus chosen value) is computed, so the
returned ``regret`` is the certificate of Fudenberg & Tirole (1991, Thm 4.2) for every grid point.

Examples
--------
>>> import numpy as np
>>> from sim.scenario.schema import Scenario
>>> from sim.games.guarantee import parameter_grid
>>> grid = parameter_grid(Scenario(name="demo"), {"guarantee.automaticity": np.linspace(0, 1, 3)})
>>> batch = solve_guarantee_batch(grid)
>>> batch.russia_action.shape, bool(np.all(batch.regret <= 1e-9))
((3,), True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from sim.equilibria.verify import DEFAULT_TOLERANCE
from sim.games.guarantee import (
    COALITION,
    OUTCOMES,
    RUSSIA,
    RUSSIA_ACTIONS,
    US,
    GuaranteeParameters,
)
from sim.games.tree import FloatArray

CHUNK = 1 << 16
"""Grid points solved per vectorised pass (sized for the processor cache)."""

HOLD, PROBE, INVADE = 0, 1, 2


@dataclass
class GuaranteeBatchSolution:
    """The subgame-perfect solution at every point of a parameter grid.

    Attributes
    ----------
    russia_action
        The opportunist's choice, coded 0 hold, 1 probe, 2 invade (``RUSSIA_ACTIONS``).
    deterred
        True where the opportunist holds.
    outcome_probabilities
        Outcome name → probability array (hard-liner share included; they sum to 1).
    expected_payoffs
        Shape ``(4, *shape)``: Russia (type-weighted), Ukraine, US, coalition.
    russia_values
        Shape ``(3, *shape)``: the opportunist's expected value of hold, probe, invade.
    response_probabilities
        ``(guarantor, action)`` → array ``(levels, *shape)`` of response probabilities against the
        opportunist's action, over the commitment draws (a probe: given detection; levels none,
        support [, intervene]). Guarantor keys ``"united_states"``, ``"european_coalition"``.
    regret
        Largest one-shot-deviation gain at any decision node (≤ tolerance by construction).
    ties
        True where some decision node, on or off the path, had tied best actions.
    """

    russia_action: NDArray[np.int8]
    deterred: NDArray[np.bool_]
    outcome_probabilities: dict[str, FloatArray]
    expected_payoffs: FloatArray
    russia_values: FloatArray
    response_probabilities: dict[tuple[str, str], FloatArray]
    regret: FloatArray
    ties: NDArray[np.bool_]

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self.russia_action.shape)

    def action_names(self) -> NDArray[np.str_]:
        """The opportunist's choice as names."""
        return np.asarray(RUSSIA_ACTIONS)[self.russia_action]


def solve_guarantee_batch(
    params: GuaranteeParameters, *, tol: float = DEFAULT_TOLERANCE
) -> GuaranteeBatchSolution:
    """Solve the guarantee game at every point of a parameter grid.

    Parameters
    ----------
    params
        Parameters whose fields are floats or arrays that broadcast to one shape.
    tol
        Tie tolerance (payoff units), as in the generic solver.

    Returns
    -------
    GuaranteeBatchSolution
        Arrays of the broadcast shape.

    Notes
    -----
    Backward induction (Kuhn 1953) written out for the tree of :mod:`sim.games.guarantee`:
    at each decision node :math:`a^* = \\min\\{a : V_i(a) \\ge \\max_b V_i(b) - \\text{tol}\\}`;
    at each chance node the probability-weighted mean. Pledged levels may be arrays here.
    """
    shape = params.shape
    n = int(np.prod(shape, dtype=np.int64))
    flat = {k: _flatten(v, shape) for k, v in params.as_arrays().items()}
    out_action = np.empty(n, np.int8)
    out_regret = np.empty(n)
    out_ties = np.empty(n, bool)
    out_pay = np.empty((4, n))
    out_rv = np.empty((3, n))
    out_outcomes = {name: np.empty(n) for name in OUTCOMES}
    out_resp: dict[tuple[str, str], FloatArray] = {
        (g, a): np.empty((levels, n))
        for g in ("united_states", "european_coalition")
        for a, levels in (("probe", 2), ("invade", 3))
    }
    for start in range(0, max(n, 1), CHUNK):
        stop = min(start + CHUNK, n)
        if stop <= start:
            break
        chunk = {k: (v if v.ndim == 0 else v[start:stop]) for k, v in flat.items()}
        res = _solve_chunk(chunk, stop - start, tol)
        out_action[start:stop] = res.action
        out_regret[start:stop] = res.regret
        out_ties[start:stop] = res.ties
        out_pay[:, start:stop] = res.payoffs
        out_rv[:, start:stop] = res.russia_values
        for name in OUTCOMES:
            out_outcomes[name][start:stop] = res.outcomes[name]
        for key, arr in res.responses.items():
            out_resp[key][:, start:stop] = arr
    action = out_action.reshape(shape)
    return GuaranteeBatchSolution(
        russia_action=action,
        deterred=action == HOLD,
        outcome_probabilities={k: v.reshape(shape) for k, v in out_outcomes.items()},
        expected_payoffs=out_pay.reshape((4, *shape)),
        russia_values=out_rv.reshape((3, *shape)),
        response_probabilities={k: v.reshape((v.shape[0], *shape)) for k, v in out_resp.items()},
        regret=out_regret.reshape(shape),
        ties=out_ties.reshape(shape),
    )


def _flatten(value: FloatArray, shape: tuple[int, ...]) -> FloatArray:
    if value.ndim == 0 or value.size == 1:
        return np.asarray(float(value.reshape(())))
    return np.ascontiguousarray(np.broadcast_to(value, shape)).reshape(-1)


@dataclass
class _ChunkResult:
    action: NDArray[np.int8]
    regret: FloatArray
    ties: NDArray[np.bool_]
    payoffs: FloatArray
    russia_values: FloatArray
    outcomes: dict[str, FloatArray]
    responses: dict[tuple[str, str], FloatArray]


class _Tracker:
    """Running maximum of one-shot-deviation gains and of ties over decision nodes."""

    def __init__(self, n: int, tol: float) -> None:
        self.regret = np.zeros(n)
        self.ties = np.zeros(n, bool)
        self.tol = tol

    def choose(self, own: list[FloatArray]) -> NDArray[np.intp]:
        """First action within ``tol`` of the best, given each action's value ``(n,)``.

        Records the one-shot-deviation gain ``best − chosen`` and whether another action tied.
        Two- and three-action nodes (every node of this tree) take a shorter path with the same
        result as the general loop.
        """
        if len(own) == 2:
            first, second = own
            take_second = second - first > self.tol  # the first is good unless beaten by > tol
            gap = np.abs(second - first)
            np.maximum(
                self.regret,
                np.where(take_second, 0.0, np.maximum(second - first, 0.0)),
                out=self.regret,
            )
            self.ties |= gap <= self.tol
            return take_second.astype(np.intp)
        best = own[0]
        for row in own[1:]:
            best = np.maximum(best, row)
        threshold = best - self.tol
        good = [row >= threshold for row in own]
        if len(own) == 3:
            not_first = ~good[0]
            idx = not_first * (1 + ~good[1])
            chosen = np.where(good[0], own[0], np.where(good[1], own[1], own[2]))
            count = good[0].view(np.int8) + good[1].view(np.int8) + good[2].view(np.int8)
        else:
            idx = np.full(best.shape, len(own) - 1, dtype=np.intp)
            chosen = own[-1]
            count = good[-1].astype(np.int8)
            for a in range(len(own) - 2, -1, -1):
                idx = np.where(good[a], a, idx)
                chosen = np.where(good[a], own[a], chosen)
                count += good[a]
        np.maximum(self.regret, best - chosen, out=self.regret)
        self.ties |= count > 1
        return np.asarray(idx, dtype=np.intp)


def _power(base: FloatArray, exponent: FloatArray) -> FloatArray:
    """``base ** exponent``; a scalar half-integer exponent (such as the default 1.5) is computed
    with integer powers and one square root, several times faster than ``np.power``."""
    if exponent.ndim == 0:
        twice = 2.0 * float(exponent)
        if twice.is_integer() and 0 < twice <= 16:
            whole, half = divmod(int(twice), 2)
            out = base**whole if whole else np.ones_like(base)
            return out * np.sqrt(base) if half else out
    return np.power(base, exponent)


Vec = list[FloatArray]
"""A payoff vector as four rows (Russia, Ukraine, US, coalition), each a scalar or ``(n,)``."""


def _select(options: list[Vec], idx: NDArray[np.intp]) -> Vec:
    """Row-wise ``options[idx[j]][row][j]``; a 0-d ``idx`` picks one option outright."""
    if idx.ndim == 0:
        return options[int(idx)]
    masks = [idx == a for a in range(len(options) - 1)]
    out = list(options[-1])
    for a in range(len(options) - 2, -1, -1):
        out = [np.where(masks[a], mine, other) for mine, other in zip(options[a], out, strict=True)]
    return out


def _mix(p: FloatArray, first: Vec, second: Vec) -> Vec:
    """The chance-node value ``p * first + (1 - p) * second``, row by row (as the tree sums)."""
    q = 1.0 - p
    return [p * a + q * b for a, b in zip(first, second, strict=True)]


def _solve_chunk(p: dict[str, FloatArray], n: int, tol: float) -> _ChunkResult:
    track = _Tracker(n, tol)
    ones = np.ones(n)
    V, f = p["conquest_value"], p["fait_accompli"]
    gamma = p["contest_exponent"]
    fr = _power(p["russia_force"], gamma) * ones
    fu = p["ukraine_force"]
    p0 = fr / (fr + _power(fu, gamma))
    c_w, c_s = p["war_cost_russia"], p["sanctions_cost"]
    s_us, s_e = p["stake_us"], p["stake_e"]
    k_s, k_i, k_w = p["support_cost"], p["intervention_cost"], p["direct_war_cost_guarantor"]
    q = np.minimum(1.0, p["escalation_risk"] * (1.0 + p["exposure"])) * ones
    q_cat = q * (-p["catastrophe_cost"])
    q_on = 1.0 - q
    pl_us, pl_e = p["pledge_us_invade"], p["pledge_e_invade"]
    aud_us, aud_e = p["audience_us_invade"], p["audience_e_invade"]

    def shortfall(pledged: FloatArray, level: int) -> FloatArray | float:
        if pledged.ndim == 0:
            top = float(pledged)
            return max(top - level, 0.0) / top if top > 0 else 0.0
        gap = np.maximum(pledged - level, 0.0)
        return np.divide(gap, pledged, out=np.zeros(n), where=pledged > 0)

    # Rows that do not depend on the response (see sim.games.guarantee.invasion_payoffs).
    p0_v = p0 * V
    unopposed_r = p0_v - c_w - p["snapback"] * c_s
    unopposed_u = -p0_v - c_w
    back_r = f * (p0_v - c_w) - p["back_down_cost"] - c_s
    back_u = -f * (p0_v + c_w)
    f_p0 = f * p0
    back_us, back_e = -s_us * f_p0, -s_e * f_p0
    supported_cost_r = c_w + c_s
    war_cost_r = c_w + p["direct_war_cost_russia"] + c_s

    # Terminal (or Russia-reply) values after an invasion, per type: W[type][e][u].
    w_opp: list[list[Vec]] = [[[] for _ in range(3)] for _ in range(3)]
    w_hard: list[list[Vec]] = [[[] for _ in range(3)] for _ in range(3)]
    backs_down: dict[tuple[int, int], NDArray[np.bool_]] = {}
    for e in range(3):
        a_e = aud_e * shortfall(pl_e, e)
        for u in range(3):
            a_us = aud_us * shortfall(pl_us, u)
            if e == 0 and u == 0:
                vec = [unopposed_r, unopposed_u, -s_us * p0 - a_us, -s_e * p0 - a_e]
                w_opp[e][u] = w_hard[e][u] = vec
                continue
            boost = p["boost_e"] * (e > 0) + p["boost_us"] * (u > 0)
            force = fu * (1.0 + boost)
            if e == 2:
                force = force + (p["power_e"] + p["power_in_place"])
            if u == 2:
                force = force + p["power_us"]
            x = f_p0 + (1.0 - f) * (fr / (fr + _power(force, gamma)))
            x_v = x * V
            ukraine = -x_v - c_w
            us_x = -s_us * x - (k_s * (u > 0) + a_us)
            co_x = -s_e * x - (k_s * (e > 0) + a_e)
            if e < 2 and u < 2:
                vec = [x_v - supported_cost_r, ukraine, us_x, co_x]
                w_opp[e][u] = w_hard[e][u] = vec
                continue
            back = [
                back_r,
                back_u,
                back_us - (k_s * (u > 0) + k_i * (u == 2) + a_us),
                back_e - (k_s * (e > 0) + k_i * (e == 2) + a_e),
            ]
            on = [x_v - war_cost_r, ukraine, us_x - k_w * (u == 2), co_x - k_w * (e == 2)]
            press = [q_cat + q_on * r for r in on]
            reply = track.choose([back_r * ones, press[RUSSIA]])
            backs_down[(e, u)] = reply == 0
            w_opp[e][u] = _select([back, press], reply)
            w_hard[e][u] = press

    kappa_e, kappa_us = p["kappa_e_invade"] * ones, p["kappa_us_invade"] * ones
    inv_opp = _respond(w_opp, kappa_e, kappa_us, pl_e, pl_us, 3, track)
    inv_hard = _respond(w_hard, kappa_e, kappa_us, pl_e, pl_us, 3, track)

    # Probe branch (only the opportunist probes).
    g, eps = p["probe_gain"], p["probe_erosion"]
    plp_us, plp_e = p["pledge_us_probe"], p["pledge_e_probe"]
    w_probe: list[list[Vec]] = [[[] for _ in range(2)] for _ in range(2)]
    for e in range(2):
        for u in range(2):
            punished = e > 0 or u > 0
            share = f if punished else 1.0
            sanction = c_s if punished else p["snapback"] * c_s
            w_probe[e][u] = [
                share * g - sanction,
                -share * g,
                -share * eps * s_us - k_s * (u > 0) - p["audience_us_probe"] * shortfall(plp_us, u),
                -share * eps * s_e - k_s * (e > 0) - p["audience_e_probe"] * shortfall(plp_e, e),
            ]
    det = _respond(
        w_probe, p["kappa_e_probe"] * ones, p["kappa_us_probe"] * ones, plp_e, plp_us, 2, track
    )
    undetected = [g, -g, -eps * s_us, -eps * s_e]
    m = p["monitoring"] * ones
    probe_val = _mix(m, det.value, undetected)

    hold = np.zeros(n)
    rows = [hold, probe_val[RUSSIA] * ones, inv_opp.value[RUSSIA] * ones]
    action = track.choose(rows)
    russia_values = np.stack(rows)
    opp_val = _select([[hold] * 4, probe_val, inv_opp.value], action)
    h = p["hardliner_share"] * ones
    payoffs = np.stack(
        [(1.0 - h) * a + h * b for a, b in zip(opp_val, inv_hard.value, strict=True)]
    )

    # Outcome probabilities.
    outcomes = {name: np.zeros(n) for name in OUTCOMES}
    w_o = 1.0 - h
    is_probe, is_invade = action == PROBE, action == INVADE
    outcomes["deterred"] += w_o * (action == HOLD)
    pw = w_o * is_probe
    outcomes["probe_unanswered"] += pw * (1.0 - m)
    pwm = pw * m
    for (e, u), prob in det.pair_probs.items():
        name = "probe_punished" if e > 0 or u > 0 else "probe_unanswered"
        outcomes[name] += pwm * prob
    for weight, sol, hard in ((w_o * is_invade, inv_opp, False), (h, inv_hard, True)):
        for (e, u), prob in sol.pair_probs.items():
            mass = weight * prob
            if e < 2 and u < 2:
                name = "invasion_supported" if e > 0 or u > 0 else "invasion_unopposed"
                outcomes[name] += mass
                continue
            if hard:
                pressed = mass
            else:
                retreat = backs_down[(e, u)]
                outcomes["russian_retreat"] += mass * retreat
                pressed = mass * ~retreat
            outcomes["catastrophe"] += pressed * q
            outcomes["direct_war"] += pressed * q_on

    responses = {
        ("european_coalition", "probe"): det.e_probs,
        ("united_states", "probe"): det.u_probs,
        ("european_coalition", "invade"): inv_opp.e_probs,
        ("united_states", "invade"): inv_opp.u_probs,
    }
    return _ChunkResult(
        action=action.astype(np.int8),
        regret=track.regret,
        ties=track.ties,
        payoffs=payoffs,
        russia_values=russia_values,
        outcomes=outcomes,
        responses=responses,
    )


@dataclass
class _Response:
    value: Vec
    pair_probs: dict[tuple[int, int], FloatArray]
    e_probs: FloatArray
    u_probs: FloatArray


def _respond(
    w: list[list[Vec]],
    kappa_e: FloatArray,
    kappa_us: FloatArray,
    pledge_e: FloatArray,
    pledge_us: FloatArray,
    levels: int,
    track: _Tracker,
) -> _Response:
    """The coalition's then the US's response stage over continuation values ``w[e][u]``."""
    n = kappa_e.shape[0]
    pe_idx = _as_index(pledge_e)
    pu_idx = _as_index(pledge_us)
    stage_values: list[Vec] = []
    u_choice = []
    for e in range(levels):
        idx = track.choose([np.broadcast_to(w[e][u][US], (n,)) for u in range(levels)])
        # The US node under a committed coalition is a separate node with the same subtree; its
        # gains and ties equal these, so they need no second count.
        u_choice.append(idx)
        stage_values.append(_mix(kappa_us, _select(w[e], pu_idx), _select(w[e], idx)))
    e_idx = track.choose([np.broadcast_to(v[COALITION], (n,)) for v in stage_values])
    value = _mix(kappa_e, _select(stage_values, pe_idx), _select(stage_values, e_idx))
    not_e, not_us = 1.0 - kappa_e, 1.0 - kappa_us
    e_probs = np.stack([kappa_e * (pe_idx == e) + not_e * (e_idx == e) for e in range(levels)])
    pair_probs: dict[tuple[int, int], FloatArray] = {}
    u_probs = np.zeros_like(e_probs)
    for e in range(levels):
        for u in range(levels):
            cond = kappa_us * (pu_idx == u) + not_us * (u_choice[e] == u)
            pair_probs[(e, u)] = e_probs[e] * cond
            u_probs[u] += pair_probs[(e, u)]
    return _Response(value, pair_probs, e_probs, u_probs)


def _as_index(pledge: FloatArray) -> NDArray[np.intp]:
    """Pledged levels as integer indices (a scalar stays 0-d, for the fast path)."""
    arr = np.asarray(pledge)
    if arr.ndim > 0 and arr.size and np.all(arr == arr.flat[0]):
        return np.asarray(int(arr.flat[0]), dtype=np.intp)
    return arr.astype(np.intp)
