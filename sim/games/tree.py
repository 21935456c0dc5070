"""Finite extensive-form games: trees with decision, chance and terminal nodes.

A tree's numbers (chance probabilities, terminal payoffs) may be scalars or numpy arrays of one
common *batch shape*. A batched tree is a whole family of games of one form, for example the
guarantee game over a parameter grid; every solver that walks the tree with numpy operations then
solves the whole family at once.

Information sets are given by a key per decision node; nodes of one player that share a key form
one information set (they must offer the same actions). A node whose key is ``None`` is a
singleton set. Information sets are numbered per player in order of first appearance in a
depth-first, left-to-right traversal, as Gambit numbers the sets of a file it writes, unless the
game was given an explicit order (files read from Gambit keep the file's numbering).

Examples
--------
>>> entry = ExtensiveGame(
...     players=("Entrant", "Incumbent"),
...     root=decision(0, {
...         "out": terminal([0, 2], outcome="out"),
...         "in": decision(1, {
...             "fight": terminal([-1, -1], outcome="fight"),
...             "accommodate": terminal([1, 1], outcome="share"),
...         }),
...     }),
... )
>>> entry.n_players, len(entry.decision_nodes), entry.is_perfect_information
(2, 2, True)
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from sim.arrays import FloatArray

NodeKind = Literal["decision", "chance", "terminal"]

PROBABILITY_TOLERANCE = 1e-9


@dataclass(eq=False)
class Node:
    """One node of a game tree.

    Attributes
    ----------
    kind
        ``"decision"``, ``"chance"`` or ``"terminal"``.
    label
        Free text shown in figures and Gambit files.
    player
        Index of the mover (decision nodes only).
    infoset
        Information-set key (decision nodes); ``None`` makes a singleton set.
    actions
        Action labels (decision and chance nodes), one per child.
    children
        Successor nodes, in action order.
    probs
        Chance probabilities, one per child (scalars or arrays of the batch shape).
    payoffs
        Terminal payoffs, shape ``(n_players, *batch_shape)``.
    outcome
        Terminal outcome name (for example ``"deterred"``), or ``None``.
    id
        Position in the depth-first traversal; set by :class:`ExtensiveGame`.
    """

    kind: NodeKind
    label: str = ""
    player: int = -1
    infoset: Hashable | None = None
    actions: tuple[str, ...] = ()
    children: tuple[Node, ...] = ()
    probs: tuple[FloatArray, ...] = ()
    payoffs: FloatArray | None = None
    outcome: str | None = None
    id: int = -1

    @property
    def is_terminal(self) -> bool:
        return self.kind == "terminal"

    def child(self, action: str) -> Node:
        """The successor reached by ``action``."""
        return self.children[self.actions.index(action)]


def decision(
    player: int,
    moves: Mapping[str, Node],
    *,
    label: str = "",
    infoset: Hashable | None = None,
) -> Node:
    """A decision node of ``player`` whose actions are the keys of ``moves`` (in order)."""
    if not moves:
        raise ValueError("a decision node needs at least one action")
    return Node(
        kind="decision",
        label=label,
        player=player,
        infoset=infoset,
        actions=tuple(moves),
        children=tuple(moves.values()),
    )


def chance(branches: Sequence[tuple[str, ArrayLike, Node]], *, label: str = "") -> Node:
    """A chance node; ``branches`` are ``(label, probability, child)`` triples."""
    if not branches:
        raise ValueError("a chance node needs at least one branch")
    return Node(
        kind="chance",
        label=label,
        actions=tuple(b[0] for b in branches),
        probs=tuple(np.asarray(b[1], dtype=float) for b in branches),
        children=tuple(b[2] for b in branches),
    )


def terminal(payoffs: Sequence[ArrayLike], *, outcome: str | None = None, label: str = "") -> Node:
    """A terminal node with one payoff (scalar or batch array) per player."""
    return Node(
        kind="terminal",
        label=label or (outcome or ""),
        payoffs=np.asarray(np.broadcast_arrays(*[np.asarray(p, float) for p in payoffs])),
        outcome=outcome,
    )


@dataclass
class ExtensiveGame:
    """A finite extensive-form game.

    Parameters
    ----------
    players
        Player names, in order; decision nodes refer to them by index.
    root
        The root node. Nodes are numbered (``Node.id``) depth-first on construction.
    title
        Shown in figures and written to Gambit files.
    infoset_order
        Optional explicit order of each player's information-set keys (used by the Gambit reader
        to keep a file's numbering). Defaults to order of first appearance.
    """

    players: tuple[str, ...]
    root: Node
    title: str = ""
    infoset_order: dict[int, list[Hashable]] | None = None
    nodes: list[Node] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.players = tuple(self.players)
        self.nodes = list(_preorder(self.root))
        for i, node in enumerate(self.nodes):
            node.id = i
        self._validate()

    # -- structure -------------------------------------------------------------------------
    @property
    def n_players(self) -> int:
        return len(self.players)

    @property
    def decision_nodes(self) -> list[Node]:
        return [n for n in self.nodes if n.kind == "decision"]

    @property
    def chance_nodes(self) -> list[Node]:
        return [n for n in self.nodes if n.kind == "chance"]

    @property
    def terminal_nodes(self) -> list[Node]:
        return [n for n in self.nodes if n.kind == "terminal"]

    @property
    def batch_shape(self) -> tuple[int, ...]:
        """Common broadcast shape of all payoffs and probabilities (``()`` for one game)."""
        arrays = [n.payoffs[0] for n in self.terminal_nodes if n.payoffs is not None]
        arrays += [p for n in self.chance_nodes for p in n.probs]
        return tuple(np.broadcast_shapes(*(np.shape(a) for a in arrays))) if arrays else ()

    def infoset_key(self, node: Node) -> Hashable:
        """The key of ``node``'s information set (singletons are keyed by node id)."""
        return node.infoset if node.infoset is not None else ("node", node.id)

    def infosets(self, player: int) -> list[Hashable]:
        """``player``'s information-set keys, in Gambit's numbering order."""
        if self.infoset_order is not None and player in self.infoset_order:
            return list(self.infoset_order[player])
        seen: dict[Hashable, None] = {}
        for node in self.decision_nodes:
            if node.player == player:
                seen.setdefault(self.infoset_key(node), None)
        return list(seen)

    def infoset_members(self, player: int, key: Hashable) -> list[Node]:
        """The decision nodes of ``player`` in information set ``key``."""
        return [n for n in self.decision_nodes if n.player == player and self.infoset_key(n) == key]

    @property
    def is_perfect_information(self) -> bool:
        """True when every information set is a singleton."""
        keys = [(n.player, self.infoset_key(n)) for n in self.decision_nodes]
        return len(keys) == len(set(keys))

    def path_to(self, target: Node) -> list[tuple[Node, int]]:
        """The ``(node, action index)`` pairs from the root down to ``target``."""
        return self.paths()[target.id]

    def paths(self) -> dict[int, list[tuple[Node, int]]]:
        """For every node id, the ``(node, action index)`` pairs from the root down to it."""
        paths: dict[int, list[tuple[Node, int]]] = {self.root.id: []}
        for node in self.nodes:  # preorder: a parent before its children
            for index, child in enumerate(node.children):
                paths[child.id] = [*paths[node.id], (node, index)]
        return paths

    # -- checks ----------------------------------------------------------------------------
    def _validate(self) -> None:
        for node in self.nodes:
            where = f"node {node.id} ({node.label or node.kind})"
            if node.kind == "terminal":
                if node.payoffs is None or node.payoffs.shape[0] != self.n_players:
                    raise ValueError(f"{where}: needs one payoff per player ({self.n_players})")
                continue
            if len(node.children) != len(node.actions):
                raise ValueError(f"{where}: {len(node.actions)} actions but children differ")
            if node.kind == "decision" and not 0 <= node.player < self.n_players:
                raise ValueError(f"{where}: player index {node.player} out of range")
            if node.kind == "chance":
                probs = np.asarray(np.broadcast_arrays(*node.probs))
                if np.any(probs < -PROBABILITY_TOLERANCE):
                    raise ValueError(f"{where}: negative chance probability")
                if np.any(np.abs(probs.sum(axis=0) - 1.0) > 1e-6):
                    raise ValueError(f"{where}: chance probabilities do not sum to 1")
        offered: dict[tuple[int, Hashable], tuple[str, ...]] = {}  # one pass: trees can be large
        for node in self.decision_nodes:
            key = self.infoset_key(node)
            if offered.setdefault((node.player, key), node.actions) != node.actions:
                raise ValueError(
                    f"information set {key!r} of {self.players[node.player]}: "
                    "its nodes offer different actions"
                )
        _ = self.batch_shape  # raises if shapes do not broadcast


def _preorder(root: Node) -> Iterator[Node]:
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children))
