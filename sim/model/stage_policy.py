"""The stage game as the repeated model uses it: precomputed tables, one per state of the world.

Each quarter Russia picks its first move on its *beliefs* about the guarantors' commitment, and
everything after that move follows the *true* game: nature draws detection and the guarantors'
commitment, uncommitted guarantors play their subgame-perfect strategies, and Russia decides whether
to press on. Solving a tree every quarter would be slow, so a :class:`StageTables` holds, for one
state of the world (forces, US resolve, coalition members), read off one solved tree:

* for each Russian first move, an :class:`ActionValue`: the values below the two commitment draws,
  from which Russia's value under *any* beliefs follows exactly in a few operations;
* for each Russian first move, a :class:`PathTable`: the distribution of complete paths after it
  (outcome, each guarantor's response, payoffs), so that a quarter is simulated with one draw.

Russia's believed game. Russia knows the payoffs and anticipates every move after the commitment
draws (uncommitted guarantors' equilibrium responses, its own reply to an intervention); what it
does not know is the probability that each guarantor is committed. It holds one belief per
guarantor, :math:`\\mu_g`, about its commitment to answer an invasion, and keeps the signalled ratio
for probes:

.. math:: \\hat\\kappa_g(\\text{invade}) = \\mu_g, \\qquad
          \\hat\\kappa_g(\\text{probe}) =
          \\mu_g \\, \\kappa_g(\\text{probe}) / \\kappa_g(\\text{invade}).

The coalition moves first and, if uncommitted, picks the response that is best for it given the
US commitment probability; Russia's value of a first move is then, with
:math:`W^{c}, W^{u}` the values with the US committed or not,

.. math:: V(a) = m_a \\big[\\hat\\kappa_E \\, W(\\text{pledge}) +
          (1-\\hat\\kappa_E)\\, W(e^*)\\big] + (1 - m_a) V_{\\text{undetected}}, \\quad
          W(e) = \\hat\\kappa_{US} W^{c}_e + (1-\\hat\\kappa_{US}) W^{u}_e,

:math:`m_a` the detection probability (1 for an invasion). This is exactly the
backward-induction value of the tree with :math:`\\hat\\kappa` in place of :math:`\\kappa`
(Kuhn 1953), computed without rebuilding it; at :math:`\\hat\\kappa = \\kappa` it is the
stage game's equilibrium value.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

import numpy as np

from sim.equilibria.backward_induction import InductionPass, SubgamePerfectSolution
from sim.equilibria.verify import DEFAULT_TOLERANCE
from sim.games.tree import ExtensiveGame, Node
from sim.model.vocabulary import OUTCOME_CODE, OUTCOMES, RESPONSES, RUSSIA_ACTIONS

GUARANTOR_PLAYERS: tuple[str, ...] = ("United States", "European coalition")
"""Player names of the guarantors in a stage tree, in the order of
:data:`sim.model.vocabulary.GUARANTORS`."""

COMMITMENT_BRANCHES = ("committed", "uncommitted")
"""Branch labels of a commitment draw in the stage tree."""
DETECTION_BRANCHES = ("detected", "undetected")
"""Branch labels of the detection draw after a probe."""

Payoffs4 = tuple[float, float, float, float]

VALUES_CACHED = 256
"""Belief points whose values a :class:`StageTables` remembers."""


@dataclass(frozen=True)
class StageState:
    """The state of the world that changes the true stage game.

    Attributes
    ----------
    ukraine_multiple
        Ukraine's army as a multiple of the scenario's.
    russia_multiple
        Russia's force as a multiple of the scenario's.
    us_resolve
        US resolve (``None``: the scenario's).
    members
        Names of the coalition members still in (``None``: the scenario's).
    """

    ukraine_multiple: float = 1.0
    russia_multiple: float = 1.0
    us_resolve: float | None = None
    members: tuple[str, ...] | None = None


class PathTable(NamedTuple):
    """The distribution of complete paths after one Russian first move.

    The small records of a table (this and :class:`ActionValue`) are named tuples: immutable, and
    quick to build when thousands of states are tabulated on a cold start.

    Attributes
    ----------
    cumulative
        Cumulative path probabilities (last entry 1).
    outcome
        Outcome code of each path (:data:`sim.model.vocabulary.OUTCOMES`).
    responses
        Per path, each guarantor's response code (US, coalition; −1: it did not move).
    payoffs
        Per path, the terminal payoffs of the four actors.
    """

    cumulative: tuple[float, ...]
    outcome: tuple[int, ...]
    responses: tuple[tuple[int, int], ...]
    payoffs: tuple[Payoffs4, ...]

    def sample(self, u: float) -> int:
        """Index of the path selected by a uniform draw ``u`` in [0, 1)."""
        return min(bisect.bisect_right(self.cumulative, u), len(self.cumulative) - 1)

    def outcome_distribution(self) -> dict[int, float]:
        """Outcome code → probability."""
        probs: dict[int, float] = {}
        previous = 0.0
        for c, o in zip(self.cumulative, self.outcome, strict=True):
            probs[o] = probs.get(o, 0.0) + c - previous
            previous = c
        return probs

    @classmethod
    def certain(
        cls, outcome: str, payoffs: Payoffs4, responses: tuple[int, int] = (-1, -1)
    ) -> PathTable:
        """A single path that happens for sure."""
        return cls((1.0,), (OUTCOME_CODE[outcome],), (responses,), (payoffs,))


ResponseOption = tuple[float, float, float, float]
"""One coalition response and what follows: ``(russia_c, russia_u, coalition_c, coalition_u)``,
Russia's and the coalition's values with the US committed (c) or not (u). A plain tuple of floats,
which Python's cycle collector stops tracking: a cache of thousands of stage tables then adds
little to every garbage collection."""


class ActionValue(NamedTuple):
    """What Russia needs to value one first move under any beliefs (see the module notes).

    Attributes
    ----------
    detect
        Probability that the guarantors see the move (monitoring for a probe, 1 for an invasion).
    unseen
        Russia's value if they do not.
    pledged
        The committed coalition's (single) response.
    free
        The uncommitted coalition's options, least escalatory first.
    """

    detect: float
    unseen: float
    pledged: ResponseOption
    free: tuple[ResponseOption, ...]

    @classmethod
    def constant(cls, value: float) -> ActionValue:
        """A move worth ``value`` whatever the beliefs."""
        option = (value, value, 0.0, 0.0)
        return cls(1.0, value, option, (option,))

    def value(self, kappa_ec: float, kappa_us: float, tol: float = DEFAULT_TOLERANCE) -> float:
        """Russia's value when it believes the coalition and the US committed with these
        probabilities (ties in the coalition's choice break towards restraint, as in
        :func:`~sim.equilibria.backward_induction.backward_induction`)."""
        k = kappa_us
        utilities = [k * o[2] + (1.0 - k) * o[3] for o in self.free]
        top = max(utilities)
        chosen = next(o for o, u in zip(self.free, utilities, strict=True) if u >= top - tol)
        w_free = k * chosen[0] + (1.0 - k) * chosen[1]
        w_pledged = k * self.pledged[0] + (1.0 - k) * self.pledged[1]
        seen = kappa_ec * w_pledged + (1.0 - kappa_ec) * w_free
        return self.detect * seen + (1.0 - self.detect) * self.unseen


@dataclass(frozen=True)
class StageTables:
    """Everything the model needs about the stage game in one state of the world.

    Attributes
    ----------
    signal
        Signalled (true) commitment probabilities ``signal[g] = (κ_g(probe), κ_g(invade))`` for
        g in (United States, European coalition).
    hardliner_share
        Probability that Russia's type in a crisis round is the hard-liner.
    opportunist
        Path tables after ``hold``, ``probe``, ``invade`` by the opportunist.
    hardliner
        Path table after the hard-liner's invasion.
    values
        Believed-value tables of ``hold``, ``probe``, ``invade``.
    equilibrium_action
        The opportunist's subgame-perfect first move at the signalled commitment (0, 1, 2).
    peace_payoffs
        The four actors' payoffs when Russia holds (the benchmark for costs).
    outcome_probabilities
        Probability of each outcome in the stage game's equilibrium.
    """

    signal: tuple[tuple[float, float], tuple[float, float]]
    hardliner_share: float
    opportunist: tuple[PathTable, PathTable, PathTable]
    hardliner: PathTable
    values: tuple[ActionValue, ActionValue, ActionValue]
    equilibrium_action: int
    peace_payoffs: Payoffs4
    outcome_probabilities: dict[str, float] = field(default_factory=dict)
    _values_seen: dict[tuple[float, float], tuple[float, float, float]] = field(
        default_factory=dict, compare=False, repr=False
    )
    _shortfalls: dict[tuple[int, int], Payoffs4] = field(
        default_factory=dict, compare=False, repr=False
    )

    @property
    def prior_means(self) -> tuple[float, float]:
        """The signalled commitment against an invasion, (US, coalition): the prior means."""
        return (self.signal[0][1], self.signal[1][1])

    def believed_kappa(self, mean_us: float, mean_ec: float) -> tuple[tuple[float, float], ...]:
        """Believed ``((κ̂_US(probe), κ̂_US(invade)), (κ̂_E(probe), κ̂_E(invade)))``.

        >>> t = canonical_tables(reward=0.0, temptation=1.0)
        >>> t.believed_kappa(0.5, 0.2)
        ((0.0, 0.5), (0.0, 0.2))
        """
        out = []
        for (probe, invade), mean in zip(self.signal, (mean_us, mean_ec), strict=True):
            ratio = min(1.0, probe / invade) if invade > 0 else 0.0
            out.append((mean * ratio, mean))
        return tuple(out)

    def paths(self, table: int) -> PathTable:
        """Path table ``0, 1, 2`` (the opportunist's hold, probe, invade) or ``3`` (the
        hard-liner's invasion)."""
        return self.hardliner if table == 3 else self.opportunist[table]

    def shortfall(self, table: int, k: int) -> Payoffs4:
        """Each actor's payoff shortfall against peace on path ``k`` of :meth:`paths` ``(table)``:
        :math:`\\max(0, u_i(\\text{deterred}) - u_i(\\text{path}))` (remembered once computed).

        >>> canonical_tables(reward=3.0, temptation=5.0).shortfall(1, 0)
        (0.0, 0.0, 0.0, 0.0)
        """
        key = (table, k)
        found = self._shortfalls.get(key)
        if found is None:
            peace = self.peace_payoffs
            path = self.paths(table).payoffs[k]
            found = (
                max(0.0, peace[0] - path[0]),
                max(0.0, peace[1] - path[1]),
                max(0.0, peace[2] - path[2]),
                max(0.0, peace[3] - path[3]),
            )
            self._shortfalls[key] = found
        return found

    def russia_values(self, mean_us: float, mean_ec: float) -> tuple[float, float, float]:
        """The opportunist's values of hold, probe, invade under beliefs ``(mean_us, mean_ec)``.

        Beliefs recur across quarters and replicates (they move by whole observations), so up to
        :data:`VALUES_CACHED` results per table are remembered.
        """
        key = (mean_us, mean_ec)
        found = self._values_seen.get(key)
        if found is not None:
            return found
        (us_p, us_i), (ec_p, ec_i) = self.believed_kappa(mean_us, mean_ec)
        found = (
            self.values[0].value(ec_i, us_i),
            self.values[1].value(ec_p, us_p),
            self.values[2].value(ec_i, us_i),
        )
        if len(self._values_seen) < VALUES_CACHED:
            self._values_seen[key] = found
        return found


class StagePolicy(Protocol):
    """Anything that gives the stage tables of a state of the world."""

    def tables(self, state: StageState) -> StageTables:
        """The tables for ``state`` (implementations cache them)."""
        ...


@dataclass
class ConstantStagePolicy:
    """The same tables whatever the state (canonical games, tests).

    Examples
    --------
    >>> policy = ConstantStagePolicy(canonical_tables(reward=3.0, temptation=5.0))
    >>> policy.tables(StageState()).equilibrium_action
    1
    """

    fixed: StageTables

    def tables(self, state: StageState) -> StageTables:
        return self.fixed


def canonical_tables(*, reward: float, temptation: float) -> StageTables:
    """Stage tables of a ceasefire game: holding earns R, a violation (a probe) earns T.

    A probe is never answered (``probe_unanswered``) and an invasion is worth no more than a
    probe: the stage game of a repeated Prisoner's-Dilemma-style ceasefire, in which only the
    continuation (a grim trigger) can sustain restraint (Friedman 1971; Axelrod 1984).
    """
    peace = (reward, 0.0, 0.0, 0.0)
    violation = (temptation, 0.0, 0.0, 0.0)
    action = 1 if temptation > reward else 0
    return StageTables(
        signal=((0.0, 0.0), (0.0, 0.0)),
        hardliner_share=0.0,
        opportunist=(
            PathTable.certain("deterred", peace),
            PathTable.certain("probe_unanswered", violation, (0, 0)),
            PathTable.certain("invasion_unopposed", violation, (0, 0)),
        ),
        hardliner=PathTable.certain("invasion_unopposed", violation, (0, 0)),
        values=(
            ActionValue.constant(reward),
            ActionValue.constant(temptation),
            ActionValue.constant(temptation),
        ),
        equilibrium_action=action,
        peace_payoffs=peace,
        outcome_probabilities={
            "deterred": float(action == 0),
            "probe_unanswered": float(action == 1),
        },
    )


# ---------------------------------------------------------------------------------------------
# Tables from a solved tree
# ---------------------------------------------------------------------------------------------
class SolvedStageTree:
    """A solved (possibly batched) stage tree, prepared for reading one element at a time.

    Every number the tables of one element need (commitment and detection probabilities, Russia's
    and the guarantors' values below the commitment draws, the opportunist's choice, the
    hard-liner share) is gathered once into one array ``(numbers, *batch)``, and the complete
    paths below each first move into per-terminal arrays (:class:`PathBundle`); so
    :meth:`tables` costs a few array reads and the construction of the tables, not a walk of
    the tree. :class:`~sim.model.ensemble.GuaranteeEnsemble` reads the same arrays directly:
    ``numbers`` and the column positions ``peace_columns`` (the four payoffs after ``hold``),
    ``hardliner_column`` (or None), ``choice_column`` (the opportunist's move),
    ``signal_columns`` (``((κ_E, κ_US) of a probe, (κ_E, κ_US) of an invasion)``) and
    ``value_plans`` (probe, invade); and the :class:`PathBundle` of each first move.

    Parameters
    ----------
    solution
        Backward-induction solution of the true stage game (from
        :func:`~sim.equilibria.backward_induction.backward_induction` or
        :func:`~sim.equilibria.backward_induction.induction_pass`).
    """

    def __init__(self, solution: SubgamePerfectSolution | InductionPass):
        game = solution.game
        self.game = game
        self.shape = tuple(game.batch_shape)
        self.opp, self.hard, h = _russia_nodes(game)
        self.guarantor_index = {
            game.players.index(name): g for g, name in enumerate(GUARANTOR_PLAYERS)
        }
        self.coalition = game.players.index(GUARANTOR_PLAYERS[1])
        starts = list(self.opp.children)
        if self.hard is not None:
            starts.append(self.hard.children[0])
        self.paths = {start.id: PathBundle(self, start, solution.choice) for start in starts}
        self.hardliner_paths = None if self.hard is None else self.paths[self.hard.children[0].id]
        self.opportunist_paths = tuple(self.paths[c.id] for c in self.opp.children)

        # every other number a table needs is one column of ``numbers``: plans hold positions
        columns: list[Any] = []
        values = solution.values

        def column(a: Any) -> int:
            columns.append(a)
            return len(columns) - 1

        def value(node: Node, player: int) -> int:
            return column(values[node.id][player])

        hold, probe, invade = self.opp.children
        self.peace_columns = tuple(value(hold, i) for i in range(4))
        self.hardliner_column = None if h is None else column(h)
        self.choice_column = column(solution.choice[self.opp.id])
        self.value_plans = (
            ValuePlan.of(probe, column, value, self.coalition),
            ValuePlan.of(invade, column, value, self.coalition),
        )
        probe_draw = probe.children[0] if probe.kind == "chance" else probe
        self.signal_columns = (
            _commitment_plan(probe_draw, column),
            _commitment_plan(invade, column),
        )
        # batch axes first: the numbers of one element are contiguous (one read per table)
        self.numbers: Any = np.empty((*self.shape, len(columns)))
        for i, c in enumerate(columns):
            self.numbers[..., i] = c

    def prior_means(self, index: tuple[int, ...] = ()) -> tuple[float, float]:
        """:attr:`StageTables.prior_means` of batch element ``index``, without the tables."""
        row = self.numbers[index]
        invade_ec, invade_us = self.signal_columns[1]
        return (float(row[invade_us]), float(row[invade_ec]))

    def tables(self, index: tuple[int, ...] = ()) -> StageTables:
        """The stage tables of batch element ``index`` (``()`` for an unbatched tree)."""
        row: list[float] = self.numbers[index].tolist()
        h = 0.0 if self.hardliner_column is None else row[self.hardliner_column]
        choice = int(row[self.choice_column])
        opportunist = tuple(bundle.table(index) for bundle in self.opportunist_paths)
        hardliner = (
            opportunist[2] if self.hardliner_paths is None else self.hardliner_paths.table(index)
        )
        pc = self.peace_columns
        peace = (row[pc[0]], row[pc[1]], row[pc[2]], row[pc[3]])
        (probe_ec, probe_us), (invade_ec, invade_us) = self.signal_columns
        distribution: dict[str, float] = {}
        for table, weight in ((opportunist[choice], 1.0 - h), (hardliner, h)):
            for code, p in table.outcome_distribution().items():
                name = OUTCOMES[code]
                distribution[name] = distribution.get(name, 0.0) + weight * p
        return StageTables(
            signal=((row[probe_us], row[invade_us]), (row[probe_ec], row[invade_ec])),
            hardliner_share=h,
            opportunist=(opportunist[0], opportunist[1], opportunist[2]),
            hardliner=hardliner,
            values=(
                ActionValue.constant(peace[0]),
                self.value_plans[0].build(row),
                self.value_plans[1].build(row),
            ),
            equilibrium_action=choice,
            peace_payoffs=peace,
            outcome_probabilities={name: distribution.get(name, 0.0) for name in OUTCOMES},
        )


@dataclass(frozen=True)
class ValuePlan:
    """Where the numbers of one first move's :class:`ActionValue` sit in a row of
    :attr:`SolvedStageTree.numbers` (``None``: the constant 1 for ``detect``, 0 for ``unseen``).
    """

    detect: int | None
    unseen: int | None
    pledged: tuple[int, int, int, int]
    free: tuple[tuple[int, int, int, int], ...]

    @classmethod
    def of(
        cls,
        node: Node,
        column: Callable[[Any], int],
        value: Callable[[Node, int], int],
        coalition: int,
    ) -> ValuePlan:
        """The plan of the first move leading to ``node`` (a detection draw or the coalition's
        commitment draw)."""
        detect = unseen = None
        if node.kind == "chance" and node.actions == DETECTION_BRANCHES:
            detect = column(node.probs[0])
            unseen = value(node.children[1], 0)
            node = node.children[0]
        draw = _commitment_draw(node, "coalition")

        def option(child: Node) -> tuple[int, int, int, int]:
            us = _commitment_draw(child, "US")
            committed, uncommitted = us.children
            return (
                value(committed, 0),
                value(uncommitted, 0),
                value(committed, coalition),
                value(uncommitted, coalition),
            )

        pledged, free = draw.children
        return cls(detect, unseen, option(pledged.children[0]), tuple(map(option, free.children)))

    def build(self, row: list[float]) -> ActionValue:
        """The :class:`ActionValue` of one batch element, from its row."""
        p = self.pledged
        return ActionValue(
            detect=1.0 if self.detect is None else row[self.detect],
            unseen=0.0 if self.unseen is None else row[self.unseen],
            pledged=(row[p[0]], row[p[1]], row[p[2]], row[p[3]]),
            free=tuple((row[a], row[b], row[c], row[d]) for a, b, c, d in self.free),
        )


def tabulate_tree(solution: SubgamePerfectSolution, index: tuple[int, ...] = ()) -> StageTables:
    """Stage tables read off a solved tree of the guarantee game's form.

    Parameters
    ----------
    solution
        Backward-induction solution of the (possibly batched) true stage game.
    index
        The batch element to read (``()`` for an unbatched tree).

    Notes
    -----
    The tree must have: a decision node of player 0 ("Russia") with actions ``hold, probe,
    invade`` (the opportunist), optionally reached from a chance node whose other branch leads to
    a Russian node with the single action ``invade`` (the hard-liner); after a probe a chance node
    ``detected/undetected``; then a coalition commitment draw ``committed/uncommitted`` over
    coalition decision nodes, each of whose moves leads to a US commitment draw; guarantor players
    named as in :data:`GUARANTOR_PLAYERS` with responses from
    :data:`~sim.model.vocabulary.RESPONSES`; terminal outcomes named as in
    :data:`~sim.model.vocabulary.OUTCOMES`. :mod:`sim.games.guarantee` builds such trees.
    Reading many elements of one batch is faster through :class:`SolvedStageTree`.
    """
    return SolvedStageTree(solution).tables(index)


def _russia_nodes(game: ExtensiveGame) -> tuple[Node, Node | None, Any]:
    """The opportunist's node, the hard-liner's node (or None) and the hard-liner's share."""
    opp = next(
        (n for n in game.decision_nodes if n.player == 0 and n.actions == RUSSIA_ACTIONS), None
    )
    if opp is None:
        raise ValueError("stage tree has no Russian decision node with actions hold, probe, invade")
    parents = game.parent_map()
    if opp.id not in parents:
        return opp, None, None
    parent, _ = parents[opp.id]
    if parent.kind != "chance":
        raise ValueError("the opportunist's node must be the root or follow the type draw")
    for p, child in zip(parent.probs, parent.children, strict=True):
        if child.kind == "decision" and child.player == 0 and child.actions == ("invade",):
            return opp, child, p
    return opp, None, None


def _commitment_plan(node: Node, column: Callable[[Any], int]) -> tuple[int, int]:
    """Positions of (κ_E, κ_US) of the block starting at the coalition's commitment draw."""
    draw = _commitment_draw(node, "coalition")
    us_draw = _commitment_draw(draw.children[0].children[0], "US")
    return column(draw.probs[0]), column(us_draw.probs[0])


def _commitment_draw(node: Node, who: str) -> Node:
    if node.kind != "chance" or node.actions != COMMITMENT_BRANCHES:
        raise ValueError(
            f"expected the {who}'s commitment draw (committed/uncommitted) at {node.label!r}"
        )
    return node


class PathBundle:
    """Every complete path below one start node, with its equilibrium probability over the batch.

    The terminals below ``start`` are listed in depth-first order; a terminal's probability is the
    product of the chance probabilities on its path times the indicators that each mover on it
    chose the path's action, computed once for the whole batch with the same multiplications, in
    the same order, as a walk of the one element's equilibrium path would make. A table then reads
    one column and keeps the terminals of positive probability.
    """

    def __init__(self, tree: SolvedStageTree, start: Node, choice: dict[int, Any]):
        self.terminals: list[Node] = []
        self.codes: list[int | None] = []
        self.responses: list[tuple[int, int] | None] = []
        columns: list[Any] = []

        def walk(node: Node, prob: Any, responses: tuple[int, int] | None) -> None:
            if node.kind == "terminal":
                self.terminals.append(node)
                self.codes.append(OUTCOME_CODE.get(node.outcome or node.label))
                self.responses.append(responses)
                columns.append(np.broadcast_to(prob, tree.shape))
            elif node.kind == "chance":
                for k, child in enumerate(node.children):
                    walk(child, prob * node.probs[k], responses)
            else:
                chosen = choice[node.id]
                g = tree.guarantor_index.get(node.player)
                for k, child in enumerate(node.children):
                    below = responses
                    if g is not None and below is not None:
                        action = node.actions[k]
                        code = RESPONSES.index(action) if action in RESPONSES else None
                        if code is None:
                            below = None
                        else:
                            below = (code, below[1]) if g == 0 else (below[0], code)
                    walk(child, prob * (chosen == k), below)

        walk(start, 1.0, (-1, -1))
        self.reach: Any = np.stack(columns, axis=-1)  # (*batch, terminal)
        # terminal payoffs vary along fewer axes than the batch: keep them at their own shape
        # (padded as :func:`~sim.equilibria.backward_induction.terminal_values` pads them)
        ndim = len(tree.shape)
        small = []
        for t in self.terminals:
            payoffs = np.asarray(t.payoffs)
            n, *own = payoffs.shape
            small.append(payoffs.reshape((n, *(1,) * (ndim - len(own)), *own)))
        inner = np.broadcast_shapes(*(x.shape[1:] for x in small))
        self.payoffs: Any = np.stack(
            [np.moveaxis(np.broadcast_to(x, (x.shape[0], *inner)), 0, -1) for x in small], axis=-2
        )  # (*inner, terminal, player)
        self.flat_axes = tuple(n == 1 for n in inner)

    def table(self, index: tuple[int, ...]) -> PathTable:
        """The path table of batch element ``index``."""
        column: list[float] = self.reach[index].tolist()
        keep = [i for i, p in enumerate(column) if p > 0.0]
        probs = [column[i] for i in keep]
        total = sum(probs)
        # running sums in path order, as numpy.cumsum adds them
        cumulative = list(itertools.accumulate(p / total for p in probs))
        cumulative[-1] = 1.0
        small = tuple(0 if flat else i for i, flat in zip(index, self.flat_axes, strict=True))
        payoffs = self.payoffs[small].tolist()
        codes, responses = self.codes, self.responses
        for i in keep:
            if codes[i] is None or responses[i] is None:
                term = self.terminals[i]
                if codes[i] is None:
                    name = term.outcome or term.label
                    raise ValueError(
                        f"terminal outcome {name!r} is not one of the stage game's outcomes"
                    )
                raise ValueError(f"a guarantor's action above {term.label!r} is not a response")
        return PathTable(
            cumulative=tuple(cumulative),
            outcome=tuple(codes[i] for i in keep),  # type: ignore[misc]
            responses=tuple(responses[i] for i in keep),  # type: ignore[misc]
            payoffs=tuple((*payoffs[i],) for i in keep),
        )
