"""The stage game as the repeated model reads it: one solved tree per coalition, over a state grid.

A state of the world (Ukraine's and Russia's forces, US resolve, the coalition members still in)
changes the true stage game. :class:`StagePolicy` solves, for each set of coalition members, one
*batched* guarantee tree (:mod:`sim.guarantee.tree`) over a grid of the numeric state variables,
by one backward-induction pass, and flattens what the model needs into a :class:`StageGrid` read
by array indexing through the tree's named nodes. A state is rounded to the nearest grid point
(steps of 0.05 in the force multiples by default); US resolve takes the resolve of the
administration in office (the scenario's, or the other party's after an election); axes whose
dynamics are off hold the scenario's value only, so a static run plays exactly the scenario's
game.

Russia's believed game. Russia knows the payoffs and anticipates every move after the commitment
draws (uncommitted guarantors' equilibrium responses, its own reply to an intervention); what it
does not know is the probability that each guarantor is committed. Its value of a first move with
believed commitment :math:`\\hat\\kappa` in place of :math:`\\kappa` is, with :math:`W^{c}, W^{u}`
Russia's values below the US draw with the US committed or not,

.. math:: V(a) = m_a \\big[\\hat\\kappa_E \\, W(\\text{pledge}) +
          (1-\\hat\\kappa_E)\\, W(e^*)\\big] + (1 - m_a) V_{\\text{undetected}}, \\quad
          W(e) = \\hat\\kappa_{US} W^{c}_e + (1-\\hat\\kappa_{US}) W^{u}_e,

:math:`e^*` the uncommitted coalition's best response given :math:`\\hat\\kappa_{US}` (ties towards
restraint) and :math:`m_a` the detection probability (1 for an invasion). This is exactly the
backward-induction value of the tree with :math:`\\hat\\kappa` in place of :math:`\\kappa`
(Kuhn 1953), computed without rebuilding it; at :math:`\\hat\\kappa = \\kappa` it is the stage
game's equilibrium value.

Examples
--------
>>> from sim.scenario.schema import Scenario
>>> from sim.scenario.dynamics import Dynamics
>>> policy = StagePolicy(Scenario(name="demo"), Dynamics.static())
>>> policy.grid_shape
(1, 1, 1)
>>> grid = policy.grid(policy.scenario_members)
>>> int(grid.choice[0])  # the opportunist's equilibrium move: invade
2
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sim.arrays import FloatArray, IntArray
from sim.equilibria.backward_induction import (
    InductionPass,
    induction_pass,
    reach_probabilities,
    terminal_values,
)
from sim.equilibria.verify import DEFAULT_TOLERANCE
from sim.guarantee.levers import field_range
from sim.guarantee.names import COALITION, OUTCOME_CODE, RESPONSES, RUSSIA
from sim.guarantee.parameters import GuaranteeParameters, guarantee_parameters
from sim.guarantee.tree import GuaranteeTree, ResponseBlock, TerminalPath, build_guarantee_game
from sim.scenario.dynamics import Dynamics
from sim.scenario.schema import Scenario

UKRAINE_MIN_MULTIPLE = 0.25
RUSSIA_MIN_MULTIPLE = 0.5
"""Floors of the force multiples (the agents' rules apply them)."""


def with_members(scenario: Scenario, members: tuple[str, ...]) -> Scenario:
    """The scenario with only the named coalition members."""
    data: dict[str, Any] = scenario.model_dump()
    keep = set(members)
    coalition = data["guarantee"]["coalition"]
    coalition["members"] = [m for m in coalition["members"] if m["name"] in keep]
    coalition["size"] = None
    return Scenario.model_validate(data)


def _axis(centre: float, lo: float, hi: float, step: float, enabled: bool) -> FloatArray:
    """Grid ``centre + k·step`` within ``[lo, hi]`` (just ``centre`` when not enabled)."""
    if not enabled:
        return np.array([centre])
    k_lo = math.ceil((lo - centre) / step - 1e-9)
    k_hi = math.floor((hi - centre) / step + 1e-9)
    return np.asarray(centre + step * np.arange(k_lo, k_hi + 1), dtype=np.float64)


# ---------------------------------------------------------------------------------------------
# One member set's stage game, flattened over the state grid
# ---------------------------------------------------------------------------------------------
class Paths:
    """The complete paths after one Russian first move, at every grid point.

    ``reach (points, terminal)`` holds each terminal's equilibrium probability (terminals in the
    tree's depth-first order), ``payoffs (rows, terminal, actor)`` the terminal payoffs at their
    own (smaller) shape with ``payoff_row`` mapping a grid point to its row, ``outcome`` each
    terminal's outcome code and ``evidence (points, terminal, 2)`` what the path tells Russia about
    each guarantor's commitment, US then coalition (:func:`evidence`).
    """

    def __init__(
        self, tree: GuaranteeTree, start: Any, choice: dict[int, Any], covered: FloatArray
    ):
        shape = tree.game.batch_shape
        points = math.prod(shape)
        reach = reach_probabilities(tree.game, choice=choice, start=start, terminals_only=True)
        terminals = sorted(reach)  # preorder ids: depth-first, left to right
        self.reach: FloatArray = np.stack(
            [np.broadcast_to(reach[t], shape) for t in terminals], axis=-1
        ).reshape(points, -1)
        nodes = [tree.game.nodes[t] for t in terminals]
        # payoffs vary along fewer axes than the grid: kept at their own (padded) shape
        small = [terminal_values(node, shape, broadcast=False) for node in nodes]
        inner = np.broadcast_shapes(*(x.shape[1:] for x in small))
        stacked = np.stack([np.broadcast_to(x, (4, *inner)) for x in small], axis=-1)
        self.payoffs: FloatArray = np.moveaxis(stacked.reshape(4, -1, len(nodes)), 0, -1)
        index = np.indices(shape).reshape(len(shape), -1)
        rows = [index[a] * (k > 1) for a, k in enumerate(inner)]
        self.payoff_row: IntArray = (
            np.ravel_multi_index(rows, inner) if rows else np.zeros(points, int)
        )
        self.outcome: IntArray = np.array([OUTCOME_CODE[str(node.outcome)] for node in nodes])
        paths = [tree.paths[t] for t in terminals]
        self.evidence: NDArray[np.int8] = np.stack(
            [
                np.stack([evidence(tree, path, g, choice, covered, shape) for g in (0, 1)], -1)
                for path in paths
            ],
            axis=-2,
        ).reshape(points, len(paths), 2)

    def draw(self, points: IntArray, u: FloatArray) -> IntArray:
        """The terminal selected by uniforms ``u`` at grid points ``points``.

        Probabilities over their (sequential) sum, running sums, the last positive one set to 1,
        the first running sum above ``u``. A path of probability zero adds an exact 0 to the
        running sum, so the first sum above ``u`` is always a path of positive probability.
        """
        reach = self.reach[points]
        total = np.cumsum(reach, axis=1)[:, -1]
        cumulative = np.cumsum(reach / total[:, None], axis=1)
        positive = reach > 0.0
        last = reach.shape[1] - 1 - np.argmax(positive[:, ::-1], axis=1)
        after = np.arange(reach.shape[1]) >= last[:, None]
        cumulative[after] = 1.0
        return np.argmax(cumulative > u[:, None], axis=1)


def evidence(
    tree: GuaranteeTree,
    path: TerminalPath,
    guarantor: int,
    choice: dict[int, Any],
    covered: FloatArray,
    shape: tuple[int, ...],
) -> NDArray[np.int8]:
    """What a path tells Russia about a guarantor's commitment: 1 honoured, 0 reneged, −1 nothing.

    Notes
    -----
    An observation is informative only about a violation the trigger covers (``covered``), and
    only where a committed and an uncommitted guarantor would act differently: a guarantor seen
    to fall short of its pledge is uncommitted (0); one seen to honour it is committed (1) only
    where the uncommitted guarantor at the same place would have done less; otherwise (it did
    not move, or would have done the same either way) the path says nothing (−1).
    """
    found = path.us if guarantor == 0 else path.coalition
    if found is None or path.block is None:
        return np.full(shape, -1, dtype=np.int8)
    level, committed = found
    block = path.block
    if guarantor == 1:
        pledged_node, free_node = block.coalition_committed, block.coalition_free
    else:
        assert path.coalition is not None
        draw = block.us_draws[(path.coalition[1], path.coalition[0])]
        pledged_node, free_node = draw.children
    pledge = RESPONSES.index(pledged_node.actions[0])
    free = np.broadcast_to(choice[free_node.id], shape)
    out = (
        np.where(free < pledge, 1, -1) if committed else np.full(shape, 0 if level < pledge else -1)
    )
    found_evidence: NDArray[np.int8] = np.where(
        np.broadcast_to(covered, shape) > 0, out, -1
    ).astype(np.int8)
    return found_evidence


class ActionValues:
    """Russia's value of one first move under any beliefs, at every grid point (module notes).

    Columns: ``detect`` (monitoring for a probe, 1 otherwise), ``unseen`` (Russia's value if
    undetected), and per coalition move, ``(W^c_R, W^u_R, W^c_E, W^u_E)``: Russia's and the
    coalition's values below the US draw, US committed or not; ``pledged`` for the committed
    coalition, ``free`` for the uncommitted coalition's options, least escalatory first.
    """

    def __init__(
        self,
        values: dict[int, Any],
        block: ResponseBlock | None,
        constant: FloatArray,
        flat: Any,
    ):
        if block is None:  # hold: a constant, valued by the same formula
            v = constant
            zero = np.zeros_like(v)
            self.detect = np.ones_like(v)
            self.unseen = v
            self.pledged: tuple[FloatArray, ...] = (v, v, zero, zero)
            self.free: list[tuple[FloatArray, ...]] = [(v, v, zero, zero)]
            return
        n = len(constant)
        detection = block.detection
        self.detect = np.ones(n) if detection is None else flat(detection.probs[0])
        self.unseen = (
            np.zeros(n) if detection is None else flat(values[detection.children[1].id][RUSSIA])
        )

        def option(draw: Any) -> tuple[FloatArray, ...]:
            committed, uncommitted = draw.children
            return (
                flat(values[committed.id][RUSSIA]),
                flat(values[uncommitted.id][RUSSIA]),
                flat(values[committed.id][COALITION]),
                flat(values[uncommitted.id][COALITION]),
            )

        pledge = block.coalition_committed.actions[0]
        self.pledged = option(block.coalition_committed.child(pledge))
        self.free = [option(draw) for draw in block.coalition_free.children]

    def value(self, points: IntArray, kappa_ec: FloatArray, kappa_us: FloatArray) -> FloatArray:
        """Russia's value at ``points`` under believed commitment ``(κ̂_E, κ̂_US)``."""
        k = kappa_us
        options = [tuple(x[points] for x in option) for option in self.free]
        utilities = [k * o[2] + (1.0 - k) * o[3] for o in options]
        top = utilities[0]
        for u in utilities[1:]:
            top = np.maximum(top, u)
        chosen_c, chosen_u = options[-1][0], options[-1][1]
        for o, u in reversed(list(zip(options, utilities, strict=True))):
            first = u >= top - DEFAULT_TOLERANCE
            chosen_c = np.where(first, o[0], chosen_c)
            chosen_u = np.where(first, o[1], chosen_u)
        w_free = k * chosen_c + (1.0 - k) * chosen_u
        p0, p1 = self.pledged[0][points], self.pledged[1][points]
        w_pledged = k * p0 + (1.0 - k) * p1
        seen = kappa_ec * w_pledged + (1.0 - kappa_ec) * w_free
        detect = self.detect[points]
        return detect * seen + (1.0 - detect) * self.unseen[points]


class StageGrid:
    """One member set's solved stage tree, flattened over the state grid (points in C order).

    Attributes
    ----------
    signal_us, signal_ec
        The true commitment probabilities ``(κ(probe), κ(invade))`` of the US and the coalition.
    choice
        The opportunist's equilibrium move (0 hold, 1 probe, 2 invade).
    peace
        The four actors' payoffs when Russia holds, ``(points, 4)``.
    values
        :class:`ActionValues` of hold, probe, invade.
    paths
        :class:`Paths` after the opportunist's hold, probe, invade and the hard-liner's invasion.
    """

    def __init__(self, tree: GuaranteeTree, induced: InductionPass, params: GuaranteeParameters):
        shape = tree.game.batch_shape
        points = math.prod(shape)

        def flat(a: Any) -> FloatArray:
            return np.ascontiguousarray(np.broadcast_to(a, shape), dtype=float).reshape(points)

        values = induced.values
        probe, invade = tree.blocks[("probe", False)], tree.blocks[("invade", False)]
        self.signal_us = (flat(params.kappa_us_probe), flat(params.kappa_us_invade))
        self.signal_ec = (flat(params.kappa_e_probe), flat(params.kappa_e_invade))
        self.choice: IntArray = flat(induced.choice[tree.opportunist.id]).astype(np.int64)
        hold, probe_start, invade_start, hard_start = tree.first_moves()
        self.peace = np.stack([flat(values[hold.id][i]) for i in range(4)], axis=1)
        self.values = (
            ActionValues(values, None, self.peace[:, 0], flat),
            ActionValues(values, probe, self.peace[:, 0], flat),
            ActionValues(values, invade, self.peace[:, 0], flat),
        )
        cover = {"probe": params.cover_probe, "invade": params.cover_invade}
        self.paths = tuple(
            Paths(tree, start, induced.choice, np.asarray(cover[action], float))
            for start, action in (
                (hold, "invade"),
                (probe_start, "probe"),
                (invade_start, "invade"),
                (hard_start, "invade"),
            )
        )


# ---------------------------------------------------------------------------------------------
# The policy: a grid of states per member set
# ---------------------------------------------------------------------------------------------
class StagePolicy:
    """The stage game over a grid of states, solved per coalition member set and cached.

    Parameters
    ----------
    scenario
        The scenario.
    dynamics
        Which state variables move, and their caps (default: the scenario's block, or the
        defaults).
    state_step
        Grid step of the force multiples.
    """

    def __init__(
        self,
        scenario: Scenario,
        dynamics: Dynamics | None = None,
        *,
        state_step: float = 0.05,
    ):
        d = dynamics or scenario.dynamics or Dynamics()
        self.scenario = scenario
        self.step = state_step
        self.resolve0 = scenario.actors.united_states.resolve
        self.axes = (
            _axis(1.0, UKRAINE_MIN_MULTIPLE, d.ukraine.max_multiple, state_step, d.ukraine.enabled),
            _axis(1.0, RUSSIA_MIN_MULTIPLE, d.russia.max_multiple, state_step, d.russia.enabled),
            np.array(
                sorted({self.resolve0, d.elections.other_resolve})
                if d.elections.enabled
                else [self.resolve0]
            ),
        )
        self._sizes = (len(self.axes[0]), len(self.axes[1]), len(self.axes[2]))
        self._starts = tuple(float(a[0]) for a in self.axes)
        self._grids: dict[tuple[str, ...], StageGrid] = {}
        self.scenario_members = tuple(m.name for m in scenario.guarantee.coalition.member_list)

    def __getstate__(self) -> dict[str, Any]:
        """Pickle without the solved grids (large, and rebuilt on demand)."""
        state = self.__dict__.copy()
        state["_grids"] = {}
        return state

    @property
    def grid_shape(self) -> tuple[int, int, int]:
        """Points per axis: Ukraine multiple, Russia multiple, US resolve."""
        return self._sizes

    def flat_index(
        self, ukraine_multiple: FloatArray, russia_multiple: FloatArray, us_resolve: FloatArray
    ) -> IntArray:
        """The grid point nearest to each state, as flat (C-order) positions in the grid.

        >>> policy = StagePolicy(Scenario(name="demo"))
        >>> policy.axes[2].tolist()  # the incumbent's resolve and the other party's
        [0.3, 0.8]
        >>> flat = policy.flat_index(np.array([1.0]), np.array([1.04]), np.array([0.75]))
        >>> np.unravel_index(int(flat[0]), policy.grid_shape)  # 1.04 rounds to 1.05; 0.75 to 0.8
        (np.int64(15), np.int64(11), np.int64(1))
        """
        index = []
        for axis, x in enumerate((ukraine_multiple, russia_multiple, us_resolve)):
            n = self._sizes[axis]
            if n == 1:
                index.append(np.zeros(len(x), dtype=np.int64))
                continue
            if axis == 2:  # US resolve takes the values of the administrations in office
                values = self.axes[2]
                index.append(np.abs(x[:, None] - values[None]).argmin(axis=1).astype(np.int64))
                continue
            k = np.floor((x - self._starts[axis]) / self.step + 0.5)
            index.append(np.clip(k, 0, n - 1).astype(np.int64))
        _, nr, nres = self._sizes
        return (index[0] * nr + index[1]) * nres + index[2]

    def grid(self, members: tuple[str, ...]) -> StageGrid:
        """The stage game of this member set over the whole state grid, solved on first use."""
        found = self._grids.get(members)
        if found is None:
            scenario = with_members(self.scenario, members)
            army = np.clip(
                scenario.guarantee.ukraine_strength * self.axes[0],
                *field_range("guarantee.ukraine_strength"),
            )
            force = np.minimum(
                scenario.actors.russia.force * self.axes[1], field_range("actors.russia.force")[1]
            )
            params = guarantee_parameters(
                scenario,
                {
                    "guarantee.ukraine_strength": army,
                    "actors.russia.force": force,
                    "actors.united_states.resolve": np.clip(self.axes[2], 0.0, 1.0),
                },
            )
            tree = build_guarantee_game(params)
            found = StageGrid(tree, induction_pass(tree.game), params)
            self._grids[members] = found
        return found
