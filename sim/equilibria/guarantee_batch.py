"""The guarantee game solved over arrays of parameters, by closed-form backward induction.

The guarantee game (:mod:`sim.games.guarantee`) has one fixed form, so its backward induction can
be written out once, node by node, in vectorised numpy: Russia's reply to intervention, the US's
response to each coalition move, the coalition's response, Russia's choice, for both types. This
is the generic :func:`~sim.equilibria.backward_induction.backward_induction` specialised to this
tree (same terminal payoffs, same tie-breaking towards the first listed action, same tolerance),
without building a tree; the tests check that both agree on random parameter draws. Work is done
in chunks that fit the processor cache.

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
        """First action within ``tol`` of the best, given each action's value ``(n,)``."""
        best = own[0]
        for row in own[1:]:
            best = np.maximum(best, row)
        threshold = best - self.tol
        good = [row >= threshold for row in own]
        idx = np.full(best.shape, len(own) - 1, dtype=np.intp)
        chosen = own[-1]
        count = good[-1].astype(np.int8)
        for a in range(len(own) - 2, -1, -1):
            idx = np.where(good[a], a, idx)
            chosen = np.where(good[a], own[a], chosen)
            count += good[a]
        np.maximum(self.regret, best - chosen, out=self.regret)
        self.ties |= count > 1
        return idx


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


def _vec(n: int, rows: list[FloatArray]) -> FloatArray:
    """Stack four payoff rows, each broadcast to ``(n,)``, into ``(4, n)``."""
    return np.stack([np.broadcast_to(r, (n,)) for r in rows])


def _select(options: list[FloatArray], idx: NDArray[np.intp] | FloatArray) -> FloatArray:
    """``options[idx[j]][:, j]`` for options of shape ``(4, n)`` and indices ``(n,)`` or scalar."""
    where = np.asarray(idx)
    if where.ndim == 0:
        return options[int(where)]
    out = options[-1]
    for a in range(len(options) - 2, -1, -1):
        out = np.where(where == a, options[a], out)
    return out


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
    cat = -p["catastrophe_cost"] * ones
    pl_us, pl_e = p["pledge_us_invade"], p["pledge_e_invade"]
    aud_us, aud_e = p["audience_us_invade"], p["audience_e_invade"]

    def shortfall(pledged: FloatArray, level: int) -> FloatArray | float:
        if pledged.ndim == 0:
            top = float(pledged)
            return max(top - level, 0.0) / top if top > 0 else 0.0
        gap = np.maximum(pledged - level, 0.0)
        return np.divide(gap, pledged, out=np.zeros(n), where=pledged > 0)

    # Terminal (or Russia-reply) values after an invasion, per type: W[type][e][u] is (4, n).
    w_opp: list[list[FloatArray]] = [[ones] * 3 for _ in range(3)]
    w_hard: list[list[FloatArray]] = [[ones] * 3 for _ in range(3)]
    backs_down: dict[tuple[int, int], NDArray[np.bool_]] = {}
    for e in range(3):
        a_e = aud_e * shortfall(pl_e, e)
        for u in range(3):
            a_us = aud_us * shortfall(pl_us, u)
            if e == 0 and u == 0:
                vec = _vec(
                    n,
                    [
                        p0 * V - c_w - p["snapback"] * c_s,
                        -p0 * V - c_w,
                        -s_us * p0 - a_us,
                        -s_e * p0 - a_e,
                    ],
                )
                w_opp[e][u] = w_hard[e][u] = vec
                continue
            boost = p["boost_e"] * (e > 0) + p["boost_us"] * (u > 0)
            force = fu * (1.0 + boost)
            force = (
                force + (p["power_e"] + p["power_in_place"]) * (e == 2) + p["power_us"] * (u == 2)
            )
            x = f * p0 + (1.0 - f) * (fr / (fr + _power(force, gamma)))
            cost_us = k_s * (u > 0)
            cost_e = k_s * (e > 0)
            if e < 2 and u < 2:
                vec = _vec(
                    n,
                    [
                        x * V - c_w - c_s,
                        -x * V - c_w,
                        -s_us * x - cost_us - a_us,
                        -s_e * x - cost_e - a_e,
                    ],
                )
                w_opp[e][u] = w_hard[e][u] = vec
                continue
            back = _vec(
                n,
                [
                    f * (p0 * V - c_w) - p["back_down_cost"] - c_s,
                    -f * (p0 * V + c_w),
                    -s_us * f * p0 - cost_us - k_i * (u == 2) - a_us,
                    -s_e * f * p0 - cost_e - k_i * (e == 2) - a_e,
                ],
            )
            on = _vec(
                n,
                [
                    x * V - c_w - p["direct_war_cost_russia"] - c_s,
                    -x * V - c_w,
                    -s_us * x - cost_us - k_w * (u == 2) - a_us,
                    -s_e * x - cost_e - k_w * (e == 2) - a_e,
                ],
            )
            press = q * cat + (1.0 - q) * on
            reply = track.choose([back[RUSSIA], press[RUSSIA]])
            backs_down[(e, u)] = reply == 0
            w_opp[e][u] = np.where(reply == 0, back, press)
            w_hard[e][u] = press

    inv_opp = _respond(
        w_opp, p["kappa_e_invade"] * ones, p["kappa_us_invade"] * ones, pl_e, pl_us, 3, track
    )
    inv_hard = _respond(
        w_hard, p["kappa_e_invade"] * ones, p["kappa_us_invade"] * ones, pl_e, pl_us, 3, track
    )

    # Probe branch (only the opportunist probes).
    g, eps = p["probe_gain"], p["probe_erosion"]
    plp_us, plp_e = p["pledge_us_probe"], p["pledge_e_probe"]
    w_probe: list[list[FloatArray]] = [[ones] * 2 for _ in range(2)]
    for e in range(2):
        for u in range(2):
            punished = e > 0 or u > 0
            share = f if punished else 1.0
            sanction = c_s if punished else p["snapback"] * c_s
            w_probe[e][u] = _vec(
                n,
                [
                    share * g - sanction,
                    -share * g * ones,
                    -share * eps * s_us
                    - k_s * (u > 0)
                    - p["audience_us_probe"] * shortfall(plp_us, u),
                    -share * eps * s_e
                    - k_s * (e > 0)
                    - p["audience_e_probe"] * shortfall(plp_e, e),
                ],
            )
    det = _respond(
        w_probe, p["kappa_e_probe"] * ones, p["kappa_us_probe"] * ones, plp_e, plp_us, 2, track
    )
    undetected = np.stack([g * ones, -g * ones, -eps * s_us * ones, -eps * s_e * ones])
    m = p["monitoring"] * ones
    probe_val = m * det.value + (1.0 - m) * undetected

    rows = [np.zeros(n), probe_val[RUSSIA], inv_opp.value[RUSSIA]]
    action = track.choose(rows)
    russia_values = np.stack(rows)
    opp_val = np.where(action == HOLD, 0.0, np.where(action == PROBE, probe_val, inv_opp.value))
    h = p["hardliner_share"] * ones
    payoffs = (1.0 - h) * opp_val + h * inv_hard.value

    # Outcome probabilities.
    outcomes = {name: np.zeros(n) for name in OUTCOMES}
    w_o = 1.0 - h
    is_probe, is_invade = action == PROBE, action == INVADE
    outcomes["deterred"] += w_o * (action == HOLD)
    pw = w_o * is_probe
    outcomes["probe_unanswered"] += pw * (1.0 - m)
    for (e, u), prob in det.pair_probs.items():
        name = "probe_punished" if e > 0 or u > 0 else "probe_unanswered"
        outcomes[name] += pw * m * prob
    for weight, sol, hard in ((w_o * is_invade, inv_opp, False), (h, inv_hard, True)):
        for (e, u), prob in sol.pair_probs.items():
            mass = weight * prob
            if e < 2 and u < 2:
                name = "invasion_supported" if e > 0 or u > 0 else "invasion_unopposed"
                outcomes[name] += mass
                continue
            retreat = np.zeros(n, bool) if hard else backs_down[(e, u)]
            outcomes["russian_retreat"] += mass * retreat
            pressed = mass * ~retreat
            outcomes["catastrophe"] += pressed * q
            outcomes["direct_war"] += pressed * (1.0 - q)

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
    value: FloatArray
    pair_probs: dict[tuple[int, int], FloatArray]
    e_probs: FloatArray
    u_probs: FloatArray


def _respond(
    w: list[list[FloatArray]],
    kappa_e: FloatArray,
    kappa_us: FloatArray,
    pledge_e: FloatArray,
    pledge_us: FloatArray,
    levels: int,
    track: _Tracker,
) -> _Response:
    """The coalition's then the US's response stage over continuation values ``w[e][u]``."""
    pe_idx = _as_index(pledge_e)
    pu_idx = _as_index(pledge_us)
    stage_values = []
    u_choice = []
    for e in range(levels):
        idx = track.choose([w[e][u][US] for u in range(levels)])
        # The US node under a committed coalition is a separate node with the same subtree; its
        # gains and ties equal these, so they need no second count.
        u_choice.append(idx)
        stage_values.append(
            kappa_us * _select(w[e], pu_idx) + (1.0 - kappa_us) * _select(w[e], idx)
        )
    e_idx = track.choose([v[COALITION] for v in stage_values])
    value = kappa_e * _select(stage_values, pe_idx) + (1.0 - kappa_e) * _select(stage_values, e_idx)
    e_probs = np.stack(
        [kappa_e * (pe_idx == e) + (1.0 - kappa_e) * (e_idx == e) for e in range(levels)]
    )
    pair_probs: dict[tuple[int, int], FloatArray] = {}
    u_probs = np.zeros_like(e_probs)
    for e in range(levels):
        for u in range(levels):
            cond = kappa_us * (pu_idx == u) + (1.0 - kappa_us) * (u_choice[e] == u)
            pair_probs[(e, u)] = e_probs[e] * cond
            u_probs[u] += pair_probs[(e, u)]
    return _Response(value, pair_probs, e_probs, u_probs)


def _as_index(pledge: FloatArray) -> NDArray[np.intp]:
    """Pledged levels as integer indices (a scalar stays 0-d, for the fast path)."""
    arr = np.asarray(pledge)
    if arr.ndim > 0 and arr.size and np.all(arr == arr.flat[0]):
        return np.asarray(int(arr.flat[0]), dtype=np.intp)
    return arr.astype(np.intp)
