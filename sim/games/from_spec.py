"""Build game objects from an explicit ``game:`` block of a scenario.

A :class:`~sim.scenario.game_spec.GameSpec` becomes a
:class:`~sim.games.normal_form.NormalFormGame` (``actions`` and ``payoffs``) or an
:class:`~sim.games.tree.ExtensiveGame` (``tree``). Expressions are evaluated with the block's
parameters, optionally overridden. An override may be a numpy array: the tree is then *batched*,
one game per array element, and the batched solvers (for example
:func:`~sim.equilibria.backward_induction.backward_induction`) solve the whole family at once; this
is how the canonical models show where an equilibrium condition switches over a parameter grid.

Examples
--------
>>> import numpy as np
>>> from sim.scenario.game_spec import GameSpec
>>> spec = GameSpec.model_validate({
...     "players": ["Challenger", "Defender"],
...     "parameters": {"p": 0.3},
...     "tree": {"player": "Challenger", "moves": {
...         "comply": {"payoffs": [0, 0], "outcome": "status_quo"},
...         "defy": {"chance": [
...             {"action": "punished", "prob": "p", "node": {"payoffs": [-6, -1]}},
...             {"action": "unpunished", "prob": "1 - p", "node": {"payoffs": [2, -2]}},
...         ]},
...     }},
... })
>>> game = game_from_spec(spec, parameters={"p": np.array([0.1, 0.5])})
>>> game.batch_shape
(2,)
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import ArrayLike

from sim.games.normal_form import NormalFormGame
from sim.games.tree import ExtensiveGame, Node, chance, decision, terminal
from sim.scenario.expressions import evaluate_expression
from sim.scenario.game_spec import GameSpec, NodeSpec


def game_from_spec(
    spec: GameSpec, parameters: Mapping[str, ArrayLike] | None = None
) -> NormalFormGame | ExtensiveGame:
    """The game an explicit ``game:`` block describes.

    Parameters
    ----------
    spec
        A validated game block.
    parameters
        Values that replace the block's own parameters (names must exist in the block). Arrays
        make a batched tree whose batch shape is their broadcast shape; a normal form takes
        scalars only.

    Returns
    -------
    NormalFormGame or ExtensiveGame
        Players in the block's order; in a tree, decision nodes refer to them by index, chance
        branches and moves keep the block's order, and terminals carry their ``outcome`` name.

    Raises
    ------
    ValueError
        For an unknown parameter name, an array parameter for a normal form, or batched numbers
        that make a tree invalid (for example chance probabilities that no longer sum to one).
    """
    values = resolved_parameters(spec, parameters)
    if spec.tree is None:
        if any(np.ndim(v) > 0 for v in values.values()):
            raise ValueError(
                "a normal-form game takes scalar parameters; solve one game per value instead"
            )
        assert spec.actions is not None and spec.payoffs is not None
        table = _evaluate_nested(spec.payoffs, values)
        return NormalFormGame(
            np.asarray(table, dtype=float),
            players=spec.players,
            actions=spec.actions,
            title=spec.title,
        )
    players = {name: i for i, name in enumerate(spec.players)}
    return ExtensiveGame(
        players=tuple(spec.players),
        root=_node(spec.tree, players, values),
        title=spec.title,
    )


def resolved_parameters(
    spec: GameSpec, parameters: Mapping[str, ArrayLike] | None = None
) -> dict[str, ArrayLike]:
    """The block's parameters with ``parameters`` substituted (names must already exist).

    >>> from sim.scenario.game_spec import GameSpec
    >>> spec = GameSpec.model_validate({"players": ["A"], "parameters": {"x": 1.0},
    ...                                 "actions": [["a"]], "payoffs": [["x"]]})
    >>> resolved_parameters(spec, {"x": 2.0})
    {'x': 2.0}
    """
    values: dict[str, ArrayLike] = dict(spec.parameters)
    for name, value in (parameters or {}).items():
        if name not in values:
            known = ", ".join(sorted(values)) or "none"
            raise ValueError(f"unknown game parameter {name!r}; the game's parameters: {known}")
        values[name] = value
    return values


def _evaluate_nested(table: object, values: Mapping[str, ArrayLike]) -> object:
    if isinstance(table, list):
        return [_evaluate_nested(entry, values) for entry in table]
    assert isinstance(table, int | float | str)
    return evaluate_expression(table, values)


def _node(spec: NodeSpec, players: Mapping[str, int], values: Mapping[str, ArrayLike]) -> Node:
    if spec.moves is not None:
        assert spec.player is not None
        return decision(
            players[spec.player],
            {action: _node(child, players, values) for action, child in spec.moves.items()},
            label=spec.label,
            infoset=spec.infoset,
        )
    if spec.chance is not None:
        return chance(
            [
                (b.action, evaluate_expression(b.prob, values), _node(b.node, players, values))
                for b in spec.chance
            ],
            label=spec.label,
        )
    assert spec.payoffs is not None
    return terminal(
        [evaluate_expression(x, values) for x in spec.payoffs],
        outcome=spec.outcome,
        label=spec.label,
    )
