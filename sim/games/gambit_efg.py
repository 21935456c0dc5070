"""Read and write Gambit ``.efg`` files (extensive-form games) as :class:`ExtensiveGame` trees.

An ``.efg`` file is a header ``EFG 2 R "title" { "P1" "P2" }``, an optional comment string, and one
line per node in preorder (parent before children, children left to right):

* ``p "node" player infoset "infoset" { "a" "b" } outcome`` — a decision node of ``player``
  (numbered from 1) in information set ``infoset`` (numbered per player);
* ``c "node" infoset "infoset" { "a" 1/3 "b" 2/3 } outcome`` — a chance node with its
  probabilities (decimals or rationals);
* ``t "node" outcome "name" { u_1, u_2 }`` — a terminal node.

An information set's name and actions may be left out at nodes after the first of the set. An
outcome is given by its number, followed by its name and payoffs where it first appears; ``0`` is
the null outcome (all payoffs zero). Outcomes may sit at non-terminal nodes; payoffs then add up
along the path, and the reader moves them onto the terminal nodes (the tree stores payoffs only
there).

Mapping onto :class:`~sim.games.tree.ExtensiveGame`:

* each decision node's information-set key is a :class:`GambitInfoset` ``(number, label)``, and
  ``infoset_order`` lists every player's sets by number, so the file's numbering is kept;
* a terminal node's ``outcome`` is the outcome's name (``None`` for the null outcome or an empty
  name) and its ``label`` the node's name, or the outcome's name when the node has none;
* chance probabilities and payoffs are converted to floats.

:func:`write_efg` writes every chance node as its own information set, every outcome at a terminal
node, chance probabilities as exact rationals that sum to exactly one, and repeated node labels
with suffixes ``_1``, ``_2``, ... (Gambit 16.7 refuses inexact sums and repeated node labels).

References
----------
McKelvey, R. D., McLennan, A. M., & Turocy, T. L. (2016). Gambit: Software tools for game theory,
version 16. https://www.gambit-project.org ("The extensive game (.efg) file format").

Examples
--------
>>> game = read_efg('''EFG 2 R "Entry" { "Entrant" "Incumbent" }
... p "" 1 1 "" { "out" "in" } 0
... t "" 1 "out" { 0, 2 }
... p "" 2 1 "" { "fight" "accommodate" } 0
... t "" 2 "fight" { -1, -1 }
... t "" 3 "share" { 1, 1 }
... ''')
>>> game.players, [n.outcome for n in game.terminal_nodes]
(('Entrant', 'Incumbent'), ['out', 'fight', 'share'])
>>> print(write_efg(game).splitlines()[3])
p "" 1 1 "" { "out" "in" } 0
"""

from __future__ import annotations

import math
import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from fractions import Fraction
from os import PathLike
from typing import Literal, NamedTuple

import numpy as np

from sim.games.errors import GameFormatError
from sim.games.gambit_tokens import (
    Token,
    TokenStream,
    format_number,
    quote,
    read_source,
    unique_labels,
)
from sim.games.limits import MAX_PAYOFF_ENTRIES, MAX_TREE_DEPTH, MAX_TREE_NODES
from sim.games.tree import PROBABILITY_TOLERANCE, ExtensiveGame, Node, chance

CHANCE_SUM_TOLERANCE = 1e-6
"""How far chance probabilities read from a file may sum away from one (rounded decimals)."""

_NODE_LINE = re.compile(r"^[ \t]*[pct][ \t]", re.MULTILINE)
_LIMITS_HINT = "give a smaller game (sim/games/limits.py gives the limits of game files and why)"


class GambitInfoset(NamedTuple):
    """Information-set key of a tree read from a Gambit file: the file's number and label."""

    number: int
    label: str


def _add(a: Fraction, b: Fraction) -> Fraction:
    """``a + b``, exactly unless the sum's denominator passes 4096 bits (rationals of hundreds of
    digits added along a deep path): the sum is then rounded to its nearest float, which is all
    the tree keeps, so that reading time stays linear in the file's size."""
    total = a + b
    if total.denominator.bit_length() > 4096:
        return Fraction(float(total))  # OverflowError beyond double precision
    return total


def _overflow(stream: TokenStream, where: Token) -> GameFormatError:
    return stream.error(
        where,
        "the payoffs of the outcomes on the path to this node add up to a number outside double "
        "precision (about ±1.8e308)",
        "scale the payoffs down: Nash equilibria do not change when a player's payoffs are all "
        "multiplied by the same positive number",
    )


class _Outcome(NamedTuple):
    name: str
    payoffs: tuple[Fraction, ...]


def read_efg(source: str | PathLike[str]) -> ExtensiveGame:
    """Read a Gambit ``.efg`` game from a path or from the file's text.

    A string is taken as the file's text when it contains a line break or starts with ``EFG``.

    Raises
    ------
    GameFormatError
        With the file, line and column of the first problem.
    """
    text, file = read_source(source, "EFG")
    return _EfgReader(TokenStream(text, file)).read()


def write_efg(game: ExtensiveGame, comment: str = "") -> str:
    """The game as the text of a Gambit ``.efg`` file.

    Raises
    ------
    ValueError
        For a batched tree (a file holds one game) or a non-finite number.
    """
    if game.batch_shape != ():
        raise ValueError(
            f"a Gambit file holds one game; this tree is batched with shape {game.batch_shape}"
        )
    numbers = {
        (player, key): k + 1
        for player in range(game.n_players)
        for k, key in enumerate(game.infosets(player))
    }
    outcomes: dict[tuple[str, tuple[float, ...]], int] = {}
    lines = [
        f"EFG 2 R {quote(game.title)} {{ {' '.join(quote(p) for p in game.players)} }}",
        quote(comment),
        "",
    ]
    n_chance = 0
    labels = _node_labels(game)
    for node in game.nodes:
        if node.kind == "decision":
            key = game.infoset_key(node)
            number = numbers[(node.player, key)]
            actions = " ".join(quote(a) for a in node.actions)
            set_label = quote(_infoset_label(key))
            lines.append(
                f"p {quote(labels[node.id])} {node.player + 1} {number} {set_label} "
                f"{{ {actions} }} 0"
            )
        elif node.kind == "chance":
            n_chance += 1
            branches = " ".join(
                f"{quote(a)} {format_number(p)}"
                for a, p in zip(node.actions, _exact_probabilities(node), strict=True)
            )
            lines.append(f'c {quote(labels[node.id])} {n_chance} "" {{ {branches} }} 0')
        else:
            assert node.payoffs is not None
            payoffs = tuple(float(u) for u in node.payoffs)
            name = node.outcome or ""
            label = labels[node.id]
            if node.outcome is None and not any(payoffs):
                lines.append(f"t {quote(label)} 0")
                continue
            number = outcomes.setdefault((name, payoffs), len(outcomes) + 1)
            if node.outcome is None:  # unnamed outcomes are never shared
                outcomes[(f"\0{number}", payoffs)] = outcomes.pop((name, payoffs))
            values = ", ".join(format_number(u) for u in payoffs)
            lines.append(f"t {quote(label)} {number} {quote(name)} {{ {values} }}")
    return "\n".join(lines) + "\n"


def _node_labels(game: ExtensiveGame) -> list[str]:
    """Node labels to write: a terminal's label is left out when it repeats its outcome's name,
    and repeated labels get suffixes ``_1``, ``_2``, ... (Gambit 16.7 wants them unique)."""
    raw = [
        "" if node.kind == "terminal" and node.label == (node.outcome or "") else node.label
        for node in game.nodes
    ]
    named = [k for k, label in enumerate(raw) if label]
    for k, label in zip(named, unique_labels([raw[k] for k in named]), strict=True):
        raw[k] = label
    return raw


def _infoset_label(key: object) -> str:
    if isinstance(key, GambitInfoset):
        return key.label
    return key if isinstance(key, str) else ""


def _exact_probabilities(node: Node) -> list[Fraction]:
    """Chance probabilities as exact rationals (small ones where a float is one) summing to 1."""
    exact = []
    for p in node.probs:
        value = Fraction(float(p))
        simple = value.limit_denominator(1_000_000)
        exact.append(simple if float(simple) == float(p) else value)
    exact[-1] = 1 - sum(exact[:-1], Fraction(0))
    if exact[-1] < 0:
        exact[-1] = Fraction(0)
    return exact


@dataclass
class _Pending:
    """A decision or chance node read from the file whose children are still being read."""

    kind: Literal["decision", "chance"]
    label: str
    player: int
    infoset: GambitInfoset | None
    actions: tuple[str, ...]
    probs: tuple[float, ...]
    payoffs: tuple[Fraction, ...]
    """Payoffs of the outcomes on the path so far, passed down to the children."""
    children: list[Node] = field(default_factory=list)

    def node(self) -> Node:
        if self.kind == "chance":
            return chance(
                list(zip(self.actions, self.probs, self.children, strict=True)), label=self.label
            )
        return Node(
            kind="decision",
            label=self.label,
            player=self.player,
            infoset=self.infoset,
            actions=self.actions,
            children=tuple(self.children),
        )


class _EfgReader:
    """Parser of one ``.efg`` file: nodes are read iteratively, with the size limits of
    :mod:`sim.games.limits`."""

    def __init__(self, stream: TokenStream) -> None:
        self.stream = stream
        self.players: list[str] = []
        self.outcomes: dict[int, _Outcome] = {}
        self.infosets: dict[tuple[int, int], tuple[GambitInfoset, tuple[str, ...]]] = {}
        self.chance_sets: dict[int, tuple[str, tuple[str, ...], tuple[Fraction, ...]]] = {}
        self.n_nodes = 0
        self.n_terminals = 0

    def read(self) -> ExtensiveGame:
        stream = self.stream
        header = stream.expect_word(
            ("EFG",), "'EFG' at the start of a .efg file", "start the file with EFG 2 R"
        )
        stream.expect_word(("2",), "format version 2", "write EFG 2 R")
        stream.expect_word(("R", "D"), "number type R or D", "write EFG 2 R")
        title = stream.expect("text", "the game's title in quotes").text
        self.players = unique_labels(stream.string_list("list of players"))
        if not self.players:
            raise stream.error(header, "the game has no players", 'list them, e.g. { "P1" "P2" }')
        stream.accept("text")  # optional comment
        root = self._tree()
        end = stream.peek()
        if end.kind != "eof":
            raise stream.error(
                end,
                f"expected the end of the file after the last node, found {end.describe()}",
                "remove the extra text, or check the action counts of the nodes above",
            )
        order: dict[int, list[Hashable]] = {i: [] for i in range(len(self.players))}
        for (player, _), (key, _) in sorted(self.infosets.items()):
            order[player].append(key)
        try:
            return ExtensiveGame(
                players=tuple(self.players),
                root=root,
                title=title,
                infoset_order=order,
            )
        except ValueError as exc:
            raise stream.error(header, str(exc)) from None

    # -- nodes -----------------------------------------------------------------------------
    def _tree(self) -> Node:
        """Read the nodes in preorder, iteratively (a tree's depth is not bounded by Python's
        stack), and return the root."""
        stack: list[_Pending] = []
        zero = tuple(Fraction(0) for _ in self.players)
        while True:
            item = self._node(stack[-1].payoffs if stack else zero, len(stack))
            if isinstance(item, _Pending):
                stack.append(item)
                continue
            done = item
            while stack:  # attach the finished node; close the parents it completes
                parent = stack[-1]
                parent.children.append(done)
                if len(parent.children) < len(parent.actions):
                    break
                done = stack.pop().node()
            if not stack:
                return done

    def _node(self, inherited: tuple[Fraction, ...], depth: int) -> Node | _Pending:
        """Read one node: a terminal :class:`Node`, or a :class:`_Pending` awaiting children."""
        stream = self.stream
        kind = stream.expect_word(("p", "c", "t"), "a node: p (player), c (chance) or t (terminal)")
        self.n_nodes += 1
        if self.n_nodes > MAX_TREE_NODES:
            more = len(_NODE_LINE.findall(stream.text, pos=self._offset(kind)))
            raise stream.error(
                kind,
                f"the tree has {self.n_nodes - 1 + more:,} nodes (counting the lines that start "
                f"with p, c or t), more than the limit of {MAX_TREE_NODES:,}",
                _LIMITS_HINT,
            )
        if depth > MAX_TREE_DEPTH:
            raise stream.error(
                kind,
                f"this node is {depth:,} moves below the root, more than the limit of "
                f"{MAX_TREE_DEPTH:,}",
                _LIMITS_HINT,
            )
        label = stream.expect("text", "the node's name in quotes").text
        if kind.text == "t":
            self.n_terminals += 1
            if self.n_terminals * len(self.players) > MAX_PAYOFF_ENTRIES:
                raise stream.error(
                    kind,
                    f"{self.n_terminals:,} terminal nodes of {len(self.players)} payoffs each "
                    f"make more payoffs than the limit of {MAX_PAYOFF_ENTRIES:,}",
                    _LIMITS_HINT,
                )
            payoffs, name = self._outcome(inherited)
            return Node(
                kind="terminal",
                label=label or (name or ""),
                payoffs=self._floats(payoffs, kind),
                outcome=name,
            )
        if kind.text == "c":
            actions, probs = self._chance_set()
            payoffs, _ = self._outcome(inherited)
            return _Pending("chance", label, -1, None, actions, tuple(map(float, probs)), payoffs)
        player, key, actions = self._player_set()
        payoffs, _ = self._outcome(inherited)
        return _Pending("decision", label, player, key, actions, (), payoffs)

    def _offset(self, token: Token) -> int:
        """The position of ``token`` in the text."""
        lines = self.stream.text.split("\n", token.line - 1)
        return len(self.stream.text) - len(lines[-1]) + token.column - 1

    def _floats(self, payoffs: tuple[Fraction, ...], where: Token) -> np.ndarray:
        """A terminal node's payoffs as floats (they add up along the path, and may overflow)."""
        try:
            return np.array([float(u) for u in payoffs])
        except OverflowError:
            raise _overflow(self.stream, where) from None

    def _player_set(self) -> tuple[int, GambitInfoset, tuple[str, ...]]:
        stream = self.stream
        number, token = stream.integer("the player's number")
        if not 1 <= number <= len(self.players):
            raise stream.error(
                token,
                f"unknown player number {number}",
                f"players are numbered 1 to {len(self.players)} in the order of the header",
            )
        infoset, set_token = stream.integer("the information set's number")
        known = self.infosets.get((number - 1, infoset))
        if stream.peek().kind == "text":
            set_label = stream.next().text
            opening = stream.peek()
            actions = tuple(stream.string_list("list of actions"))
            if not actions:
                raise stream.error(opening, "a decision node needs at least one action")
            if known is None:
                key = GambitInfoset(infoset, set_label)
                self.infosets[(number - 1, infoset)] = (key, actions)
                return number - 1, key, actions
            self._check_same_set(
                opening,
                f"information set {infoset} of player {number}",
                known[0].label,
                known[1],
                set_label,
                actions,
            )
        elif known is None:
            raise stream.error(
                set_token,
                f"information set {infoset} of player {number} is used before it is defined",
                "give its name and actions at its first node",
            )
        return number - 1, known[0], known[1]

    def _chance_set(self) -> tuple[tuple[str, ...], tuple[Fraction, ...]]:
        stream = self.stream
        infoset, set_token = stream.integer("the chance information set's number")
        known = self.chance_sets.get(infoset)
        if stream.peek().kind != "text":
            if known is None:
                raise stream.error(
                    set_token,
                    f"chance information set {infoset} is used before it is defined",
                    "give its name, actions and probabilities at its first node",
                )
            return known[1], known[2]
        set_label = stream.next().text
        opening = stream.expect("lbrace", "'{' opening the chance actions")
        actions: list[str] = []
        probs: list[Fraction] = []
        while stream.peek().kind == "text":
            actions.append(stream.next().text)
            value, token = stream.number(f"the probability of chance action {actions[-1]!r}")
            if value < -PROBABILITY_TOLERANCE:
                raise stream.error(
                    token,
                    f"negative probability {token.text}",
                    "chance probabilities must lie between 0 and 1",
                )
            probs.append(value)
        stream.expect("rbrace", "a quoted action name or '}' closing the chance actions")
        if not actions:
            raise stream.error(opening, "a chance node needs at least one action")
        total = math.fsum(float(p) for p in probs)  # exact sums of big rationals are slow
        if abs(total - 1.0) > CHANCE_SUM_TOLERANCE:
            raise stream.error(
                opening,
                f"chance probabilities sum to {total:g}, not 1",
                "make the probabilities of this chance node add up to 1 (rationals like 1/3 "
                "are exact)",
            )
        if known is None:
            self.chance_sets[infoset] = (set_label, tuple(actions), tuple(probs))
        else:
            self._check_same_set(
                opening,
                f"chance information set {infoset}",
                known[0],
                known[1],
                set_label,
                tuple(actions),
            )
            if known[2] != tuple(probs):
                raise stream.error(
                    opening,
                    f"chance information set {infoset} is given "
                    "different probabilities at two nodes",
                    "give the same probabilities, or use a new set number",
                )
        return tuple(actions), tuple(probs)

    def _check_same_set(
        self,
        token: Token,
        what: str,
        label: str,
        actions: tuple[str, ...],
        new_label: str,
        new_actions: tuple[str, ...],
    ) -> None:
        if len(actions) != len(new_actions):
            raise self.stream.error(
                token,
                f"{what} has {len(actions)} actions at an earlier node but {len(new_actions)} here",
                "nodes of one information set must offer the same actions; "
                "use a new set number for a different choice",
            )
        if actions != new_actions or label != new_label:
            raise self.stream.error(
                token,
                f"{what} is named {label!r} with actions {list(actions)} at an earlier node but "
                f"{new_label!r} with {list(new_actions)} here",
                "repeat the same name and actions, or use a new set number",
            )

    def _outcome(self, inherited: tuple[Fraction, ...]) -> tuple[tuple[Fraction, ...], str | None]:
        """Read an outcome reference; return the accumulated payoffs and the outcome's name."""
        stream = self.stream
        number, token = stream.integer("an outcome number (0 for none)")
        if stream.peek().kind == "text":
            name = stream.next().text
            if number == 0:
                raise stream.error(
                    token,
                    "the null outcome 0 cannot have a name or payoffs",
                    "number the outcome from 1",
                )
            payoffs = self._payoffs(token)
            known = self.outcomes.setdefault(number, _Outcome(name, payoffs))
            if known != (name, payoffs):
                raise stream.error(
                    token,
                    f"outcome {number} was defined as {known.name!r} with payoffs "
                    f"{[str(u) for u in known.payoffs]}; here {name!r} with "
                    f"{[str(u) for u in payoffs]}",
                    "repeat the same definition, or use a new outcome number",
                )
        elif number == 0:
            return inherited, None
        elif number in self.outcomes:
            known = self.outcomes[number]
        else:
            raise stream.error(
                token,
                f"outcome {number} is used before it is defined",
                "give its name and payoffs where it first appears",
            )
        try:
            total = tuple(_add(a, b) for a, b in zip(inherited, known.payoffs, strict=True))
        except OverflowError:
            raise _overflow(stream, token) from None
        return total, known.name or None

    def _payoffs(self, where: Token) -> tuple[Fraction, ...]:
        stream = self.stream
        stream.expect("lbrace", "'{' opening the outcome's payoffs")
        values: list[Fraction] = []
        while stream.peek().kind in ("number", "comma"):
            if not stream.accept("comma"):
                values.append(stream.number("a payoff")[0])
        stream.expect("rbrace", "a payoff or '}' closing the payoffs")
        if len(values) != len(self.players):
            raise stream.error(
                where,
                f"outcome has {len(values)} payoffs but the game has {len(self.players)} players",
                "give one payoff per player",
            )
        return tuple(values)
