"""Build game objects from an explicit ``game:`` block of a scenario.

A :class:`~sim.scenario.game_spec.GameSpec` becomes a
:class:`~sim.games.normal_form.NormalFormGame` (``actions`` and ``payoffs``) or an
:class:`~sim.games.tree.ExtensiveGame` (``tree``). Expressions are evaluated with the block's
parameters, optionally overridden. An override may be a numpy array: the tree is then *batched*,
one game per array element, and the batched solvers (for example
:func:`~sim.equilibria.backward_induction.backward_induction`) solve the whole family at once; this
is how the canonical models show where an equilibrium condition switches over a parameter grid.
:func:`payoff_tensor` does the same for a normal form, returning a stack of payoff tensors.

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
from sim.games.tree import ExtensiveGame, FloatArray, Node, chance, decision, terminal
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
                "a NormalFormGame takes scalar parameters; use payoff_tensor for a batch of "
                "normal forms over parameter arrays"
            )
        return NormalFormGame(
            payoff_tensor(spec, parameters),
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


def payoff_tensor(spec: GameSpec, parameters: Mapping[str, ArrayLike] | None = None) -> FloatArray:
    """The payoffs of a normal-form block, batched over array parameters.

    Returns
    -------
    numpy.ndarray
        Shape ``(*batch, n_players, m_1, ..., m_n)``: the batch axes (the broadcast shape of the
        array parameters, ``()`` for scalars) come first, as the batched solvers take them
        (:func:`sim.equilibria.batched_bimatrix.solve_bimatrix_batch` wants ``A = T[:, 0]``,
        ``B = T[:, 1]`` for a 1-d batch ``T``).

    Examples
    --------
    >>> import numpy as np
    >>> from sim.scenario.game_spec import GameSpec
    >>> spec = GameSpec.model_validate({"players": ["A", "B"], "parameters": {"t": 1.0},
    ...     "actions": [["x"], ["y", "z"]], "payoffs": [[["t", 0]], [[1, "2 * t"]]]})
    >>> payoff_tensor(spec, {"t": np.array([1.0, 2.0, 3.0])}).shape
    (3, 2, 1, 2)
    """
    if spec.actions is None or spec.payoffs is None:
        raise ValueError("payoff_tensor needs a normal-form game block (actions and payoffs)")
    values = resolved_parameters(spec, parameters)
    entries: list[object] = []
    _collect(spec.payoffs, values, entries)
    arrays = np.broadcast_arrays(*[np.asarray(e, dtype=float) for e in entries])
    batch = arrays[0].shape
    shape = (len(spec.players), *(len(a) for a in spec.actions))
    stacked = np.stack(arrays).reshape(shape + batch)
    return np.ascontiguousarray(
        np.moveaxis(
            stacked, tuple(range(len(shape))), tuple(range(len(batch), len(batch) + len(shape)))
        )
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


def _collect(table: object, values: Mapping[str, ArrayLike], out: list[object]) -> None:
    """Evaluate a nested payoff table's entries into ``out`` in row-major order."""
    if isinstance(table, list):
        for entry in table:
            _collect(entry, values, out)
        return
    assert isinstance(table, int | float | str)
    out.append(evaluate_expression(table, values))


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
