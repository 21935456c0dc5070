"""Schema of an explicit ``game:`` block in a scenario file.

A scenario may carry, instead of (or beside) the guarantee design, an explicit game: a normal form
(``actions`` and ``payoffs``) or an extensive form (``tree``). Canonical models of deterrence
theory (``scenarios/canon/``) are written this way. Numbers may be arithmetic expressions in the
block's ``parameters`` (see :mod:`sim.scenario.expressions`), so ``--set game.parameters.p=0.3``
re-solves the model at another value.

A tree node is one of

- a decision node ``{player: NAME, infoset: KEY (optional), moves: {action: node, ...}}``;
- a chance node ``{chance: [{action: LABEL, prob: X, node: NODE}, ...]}``;
- a terminal ``{payoffs: [one number per player], outcome: NAME (optional)}``.

Decision nodes of one player that share an ``infoset`` key form one information set: the player
cannot tell them apart, so they must offer the same actions in the same order.

Every parameter must be used by some expression, so that a misspelt ``--set`` is an error rather
than a silent no-op. Validation evaluates every expression with the block's parameters and reports
each problem at
its own field path (for example ``game.tree.moves.defy.chance.1.prob``), so the scenario loader
can point at the file, line and column.

Examples
--------
>>> spec = GameSpec.model_validate({
...     "players": ["Challenger", "Defender"],
...     "parameters": {"p": 0.3},
...     "tree": {"player": "Challenger", "moves": {
...         "comply": {"payoffs": [0, 0]},
...         "defy": {"chance": [
...             {"action": "punished", "prob": "p", "node": {"payoffs": [-6, -1]}},
...             {"action": "unpunished", "prob": "1 - p", "node": {"payoffs": [2, -2]}},
...         ]},
...     }},
... })
>>> spec.kind
'tree'
"""

from __future__ import annotations

import difflib
import keyword
from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from sim.scenario.expressions import ExpressionError, evaluate_expression, expression_names

Number = float | str
"""A number, or an arithmetic expression in the block's parameters (a string)."""

Loc = tuple[str | int, ...]

PROBABILITY_TOLERANCE = 1e-9


MAX_MAGNITUDE = 1e12
"""Largest absolute value of a parameter, payoff or probability of a ``game:`` block (so that
differences of payoffs, as the solvers take them, stay finite and exact enough)."""


class _SpecModel(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class ChanceBranch(_SpecModel):
    """One branch of a chance node."""

    action: str = Field(..., min_length=1, description="Label of the branch (nature's move).")
    prob: Number = Field(..., description="Probability of the branch: a number or expression.")
    node: NodeSpec = Field(..., description="The node the branch leads to.")


class NodeSpec(_SpecModel):
    """A tree node: decision (``moves``), chance (``chance``) or terminal (``payoffs``)."""

    player: str | None = Field(None, description="Mover at a decision node (a player's name).")
    infoset: str | None = Field(
        None,
        description="Information-set key: a player's decision nodes with the same key are "
        "indistinguishable to it. Omitted: a singleton set.",
    )
    moves: dict[str, NodeSpec] | None = Field(
        None, description="Decision node: action label → successor node, in order."
    )
    chance: list[ChanceBranch] | None = Field(None, description="Chance node: its branches.")
    payoffs: list[Number] | None = Field(
        None, description="Terminal node: one payoff per player, in the order of 'players'."
    )
    outcome: str | None = Field(None, description="Terminal node: name of the outcome.")
    label: str = Field("", description="Free text shown in figures and Gambit files.")

    @model_validator(mode="after")
    def _one_kind(self) -> NodeSpec:
        given = [k for k in ("moves", "chance", "payoffs") if getattr(self, k) is not None]
        if len(given) != 1:
            found = f"found {', '.join(given)}" if given else "found none"
            raise ValueError(
                "a node needs exactly one of 'moves' (decision node), 'chance' (chance node) or "
                f"'payoffs' (terminal node); {found}"
            )
        kind = given[0]
        if kind == "moves":
            if self.player is None:
                raise ValueError("a decision node (with 'moves') needs 'player'")
            if not self.moves:
                raise ValueError("'moves' needs at least one action")
        elif self.player is not None or self.infoset is not None:
            raise ValueError("'player' and 'infoset' belong only to decision nodes (with 'moves')")
        if kind == "chance" and not self.chance:
            raise ValueError("'chance' needs at least one branch")
        if kind != "payoffs" and self.outcome is not None:
            raise ValueError("'outcome' belongs only to terminal nodes (with 'payoffs')")
        return self

    @property
    def kind(self) -> Literal["decision", "chance", "terminal"]:
        """Which of the three node kinds this is."""
        if self.moves is not None:
            return "decision"
        return "chance" if self.chance is not None else "terminal"


class GameSpec(_SpecModel):
    """An explicit game: players, parameters, and a normal form or a tree."""

    title: str = Field("", description="Title shown in figures and Gambit files.")
    players: list[str] = Field(..., min_length=1, description="Player names, in order.")
    parameters: dict[str, float] = Field(
        {},
        description="Named numbers that payoffs and probabilities may refer to in expressions; "
        "overridable with --set game.parameters.NAME=VALUE.",
    )
    actions: list[list[str]] | None = Field(
        None, description="Normal form: each player's action labels."
    )
    payoffs: list[Any] | None = Field(
        None,
        description="Normal form: one payoff table per player, nested lists indexed by the "
        "players' actions in order (a matrix for two players: rows are the first player's "
        "actions).",
    )
    tree: NodeSpec | None = Field(None, description="Extensive form: the root node.")

    @property
    def kind(self) -> Literal["normal_form", "tree"]:
        """``"normal_form"`` or ``"tree"``."""
        return "tree" if self.tree is not None else "normal_form"

    def expressions(self) -> list[Number]:
        """Every number or expression of the game (payoffs and chance probabilities)."""
        found: list[Number] = []
        if self.payoffs is not None:
            stack: list[Any] = [self.payoffs]
            while stack:
                item = stack.pop()
                if isinstance(item, list):
                    stack.extend(item)
                elif isinstance(item, int | float | str):
                    found.append(item)
        nodes = [self.tree] if self.tree is not None else []
        while nodes:
            node = nodes.pop()
            if node.payoffs is not None:
                found.extend(node.payoffs)
            for branch in node.chance or []:
                found.append(branch.prob)
                nodes.append(branch.node)
            nodes.extend((node.moves or {}).values())
        return found

    @model_validator(mode="after")
    def _check(self) -> GameSpec:
        problems: list[tuple[Loc, str]] = []
        if len(set(self.players)) != len(self.players):
            problems.append((("players",), f"player names must be distinct: {self.players}"))
        for name in self.parameters:
            if not name.isidentifier() or keyword.iskeyword(name):
                problems.append(
                    (
                        ("parameters", name),
                        f"parameter name {name!r} must be an identifier (letters, digits, '_', "
                        "not starting with a digit) to be usable in expressions",
                    )
                )
        normal = self.actions is not None or self.payoffs is not None
        if self.tree is not None and normal:
            problems.append(((), "give either a normal form ('actions', 'payoffs') or a 'tree'"))
        elif self.tree is not None:
            problems += _check_tree(self.tree, self.players, self.parameters)
        elif self.actions is None or self.payoffs is None:
            missing = "payoffs" if self.actions is not None else "actions"
            if self.payoffs is None and self.actions is None:
                missing = "tree (or 'actions' and 'payoffs')"
            problems.append(((), f"the game needs {missing}"))
        else:
            problems += _check_normal_form(
                self.actions, self.payoffs, self.players, self.parameters
            )
        if not problems:
            used = set().union(*(expression_names(x) for x in self.expressions()))
            for name in self.parameters:
                if name not in used:
                    problems.append(
                        (
                            ("parameters", name),
                            f"parameter {name!r} is not used by any payoff or probability; remove "
                            "it or check its spelling (also in --set game.parameters.NAME=...)",
                        )
                    )
        if problems:
            raise ValidationError.from_exception_data(
                "GameSpec",
                [
                    InitErrorDetails(
                        type=PydanticCustomError("game_spec", "{message}", {"message": msg}),
                        loc=loc,
                        input=None,
                    )
                    for loc, msg in problems
                ],
            )
        return self


# ------------------------------------------------------------------------------------------------
# Checks
# ------------------------------------------------------------------------------------------------
def _value(expr: Number, parameters: Mapping[str, float]) -> tuple[float | None, str | None]:
    try:
        value = float(evaluate_expression(expr, parameters))
    except ExpressionError as exc:
        return None, str(exc)
    if abs(value) > MAX_MAGNITUDE:
        return None, (
            f"{_shown(expr, value)} is larger in size than {MAX_MAGNITUDE:g}; rescale the "
            "payoffs (equilibria do not change when every payoff of a player is divided by "
            "one positive number)"
        )
    return value, None


def _check_normal_form(
    actions: list[list[str]],
    payoffs: list[Any],
    players: list[str],
    parameters: Mapping[str, float],
) -> list[tuple[Loc, str]]:
    problems: list[tuple[Loc, str]] = []
    n = len(players)
    if len(actions) != n:
        problems.append(
            (("actions",), f"{len(actions)} action lists, expected {n} (one per player)")
        )
        return problems
    for i, labels in enumerate(actions):
        if not labels:
            problems.append((("actions", i), f"{players[i]} needs at least one action"))
        elif len(set(labels)) != len(labels):
            problems.append((("actions", i), f"action labels of {players[i]} must be distinct"))
    if len(payoffs) != n:
        problems.append(
            (("payoffs",), f"{len(payoffs)} payoff tables, expected {n} (one per player)")
        )
        return problems
    for i, table in enumerate(payoffs):
        problems += _check_table(table, ("payoffs", i), i, 0, actions, players, parameters)
    return problems


def _check_table(
    table: Any,
    loc: Loc,
    owner: int,
    axis: int,
    actions: list[list[str]],
    players: list[str],
    parameters: Mapping[str, float],
) -> list[tuple[Loc, str]]:
    n = len(players)
    if axis == n:
        if isinstance(table, list) or not isinstance(table, int | float | str):
            return [(loc, f"expected a number or expression, got {table!r}")]
        _, error = _value(table, parameters)
        return [(loc, error)] if error else []
    expected = len(actions[axis])
    if not isinstance(table, list):
        return [
            (
                loc,
                f"payoffs of {players[owner]}: expected a list of {expected} entries (one per "
                f"action of {players[axis]}), got {table!r}",
            )
        ]
    if len(table) != expected:
        if n == 2:
            what = "rows" if axis == 0 else "columns"
            where = "payoff matrix" if axis == 0 else f"row {loc[-1]} of the payoff matrix"
            message = (
                f"{where} of player {owner + 1} ({players[owner]}) has {len(table)} {what}, "
                f"expected {expected} (one per action of {players[axis]})"
            )
        else:
            message = (
                f"payoff table of player {owner + 1} ({players[owner]}) has {len(table)} entries "
                f"along axis {axis}, expected {expected} (one per action of {players[axis]})"
            )
        return [(loc, message)]
    problems: list[tuple[Loc, str]] = []
    for k, sub in enumerate(table):
        problems += _check_table(sub, (*loc, k), owner, axis + 1, actions, players, parameters)
    return problems


def _check_tree(
    root: NodeSpec, players: list[str], parameters: Mapping[str, float]
) -> list[tuple[Loc, str]]:
    problems: list[tuple[Loc, str]] = []
    infosets: dict[str, tuple[str, list[str], Loc]] = {}
    stack: list[tuple[NodeSpec, Loc]] = [(root, ("tree",))]
    while stack:
        node, loc = stack.pop()
        if node.kind == "terminal":
            assert node.payoffs is not None
            if len(node.payoffs) != len(players):
                problems.append(
                    (
                        (*loc, "payoffs"),
                        f"{len(node.payoffs)} payoffs, expected {len(players)} (one per player: "
                        f"{', '.join(players)})",
                    )
                )
            for k, expr in enumerate(node.payoffs):
                _, error = _value(expr, parameters)
                if error:
                    problems.append(((*loc, "payoffs", k), error))
        elif node.kind == "chance":
            assert node.chance is not None
            problems += _check_chance(node.chance, loc, parameters)
            for k, branch in enumerate(node.chance):
                stack.append((branch.node, (*loc, "chance", k, "node")))
        else:
            assert node.moves is not None and node.player is not None
            if node.player not in players:
                close = difflib.get_close_matches(node.player, players, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                problems.append(
                    (
                        (*loc, "player"),
                        f"unknown player {node.player!r}{hint}; players are {', '.join(players)}",
                    )
                )
            if node.infoset is not None:
                moves = list(node.moves)
                first = infosets.setdefault(node.infoset, (node.player, moves, loc))
                if first[0] != node.player:
                    problems.append(
                        (
                            (*loc, "infoset"),
                            f"information set {node.infoset!r} belongs to {first[0]} at "
                            f"{_dotted(first[2])}; a set has one player (here {node.player})",
                        )
                    )
                elif first[1] != moves:
                    problems.append(
                        (
                            (*loc, "moves"),
                            f"nodes of information set {node.infoset!r} must offer the same "
                            f"actions in the same order: {moves} here, {first[1]} at "
                            f"{_dotted(first[2])}",
                        )
                    )
            for action, child in reversed(list(node.moves.items())):
                stack.append((child, (*loc, "moves", action)))
    return problems


def _check_chance(
    branches: list[ChanceBranch], loc: Loc, parameters: Mapping[str, float]
) -> list[tuple[Loc, str]]:
    problems: list[tuple[Loc, str]] = []
    labels = [b.action for b in branches]
    if len(set(labels)) != len(labels):
        problems.append(((*loc, "chance"), f"branch labels must be distinct: {labels}"))
    total = 0.0
    valid = True
    for k, branch in enumerate(branches):
        value, error = _value(branch.prob, parameters)
        if value is None:
            problems.append(((*loc, "chance", k, "prob"), str(error)))
            valid = False
        elif not -PROBABILITY_TOLERANCE <= value <= 1 + PROBABILITY_TOLERANCE:
            problems.append(
                (
                    (*loc, "chance", k, "prob"),
                    f"probability {_shown(branch.prob, value)} is outside [0, 1]",
                )
            )
            valid = False
        else:
            total += value
    if valid and not np.isclose(total, 1.0, rtol=0.0, atol=1e-9):
        problems.append(((*loc, "chance"), f"branch probabilities sum to {total:.6g}, expected 1"))
    return problems


def _shown(expr: Number, value: float) -> str:
    return f"{expr!r} = {value:g}" if isinstance(expr, str) else f"{value:g}"


def _dotted(loc: Loc) -> str:
    return "game." + ".".join(str(part) for part in loc)


ChanceBranch.model_rebuild()
NodeSpec.model_rebuild()
