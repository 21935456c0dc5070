"""Shared helpers for the canonical-model tests, exposed as fixtures.

- ``canon``: load a canonical scenario's game, optionally with (array) parameter values, through
  :func:`sim.games.loading.load_game_spec` and :func:`sim.games.from_spec.game_from_spec`.
- ``profile_from_rule``: a behaviour profile (node id → action probabilities) from a rule that
  sees each decision node's player, path of action labels from the root, and information set.
- ``assessment_regret``: sequential rationality of a behaviour profile with Bayes-consistent
  beliefs (perfect Bayesian equilibrium check), per information set, batched.
- ``quantal_response``: the recursive quantal response of a perfect-information tree for a given
  choice rule (logit, probit), bottom-up.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from sim.equilibria.backward_induction import evaluate, reach_probabilities, terminal_values
from sim.games.from_spec import game_from_spec
from sim.games.loading import load_game_spec
from sim.games.tree import ExtensiveGame, Node

CANON = Path(__file__).resolve().parents[2] / "scenarios" / "canon"

Rule = Callable[[str, tuple[str, ...], Hashable], Any]


def _canon(name: str, **parameters: Any) -> Any:
    spec = load_game_spec(CANON / f"{name}.yaml")
    return game_from_spec(spec, parameters or None)


def _path_labels(game: ExtensiveGame, node: Node) -> tuple[str, ...]:
    return tuple(parent.actions[i] for parent, i in game.path_to(node))


def _profile_from_rule(game: ExtensiveGame, rule: Rule) -> dict[int, np.ndarray]:
    shape = game.batch_shape
    profile: dict[int, np.ndarray] = {}
    for node in game.decision_nodes:
        probs = rule(game.players[node.player], _path_labels(game, node), node.infoset)
        array = np.asarray(np.broadcast_arrays(*[np.asarray(p, float) for p in probs]))
        profile[node.id] = np.broadcast_to(
            array.reshape(array.shape[:1] + (1,) * (len(shape) - array.ndim + 1) + array.shape[1:]),
            (len(node.actions), *shape),
        )
    return profile


def _assessment_regret(
    game: ExtensiveGame,
    profile: Mapping[int, np.ndarray],
    off_path_beliefs: Mapping[Hashable, Any] | None = None,
) -> dict[tuple[str, Hashable], np.ndarray]:
    """Largest gain from changing the action at each information set, given beliefs.

    Beliefs follow Bayes' rule from the profile's reach probabilities where the set is reached;
    elsewhere ``off_path_beliefs[key]`` (weights over the set's members in tree order) is used,
    and a missing entry for an unreached set is an error. Sequential rationality at every set
    (all regrets zero) plus these beliefs make a perfect Bayesian equilibrium.
    """
    off_path = dict(off_path_beliefs or {})
    values = evaluate(game, dict(profile))
    reach = reach_probabilities(game, dict(profile))
    shape = game.batch_shape
    regrets: dict[tuple[str, Hashable], np.ndarray] = {}
    for player in range(game.n_players):
        for key in game.infosets(player):
            members = game.infoset_members(player, key)
            weights = np.stack([np.broadcast_to(reach[m.id], shape) for m in members])
            total = weights.sum(axis=0)
            if len(members) == 1:
                belief = np.ones((1, *shape))
            else:
                reached = total > 1e-12
                if not np.all(reached):
                    if key not in off_path:
                        raise KeyError(f"information set {key!r} is unreached: give its beliefs")
                    fallback = np.asarray(off_path[key], float)
                    fallback = fallback.reshape(
                        fallback.shape + (1,) * (len(shape) + 1 - fallback.ndim)
                    )
                    fallback = np.broadcast_to(fallback, weights.shape)
                    belief = np.where(reached, weights / np.where(reached, total, 1.0), fallback)
                else:
                    belief = weights / total
            n_actions = len(members[0].actions)
            action_values = np.zeros((n_actions, *shape))
            current = np.zeros(shape)
            for mu, node in zip(belief, members, strict=True):
                current = current + mu * values[node.id][player]
                for a, child in enumerate(node.children):
                    action_values[a] = action_values[a] + mu * values[child.id][player]
            regrets[(game.players[player], key)] = action_values.max(axis=0) - current
    return regrets


def _quantal_response(
    game: ExtensiveGame, choice: Callable[[np.ndarray], np.ndarray]
) -> dict[int, np.ndarray]:
    """Behaviour of the recursive quantal response: ``choice`` maps the action values
    ``(n_actions, *batch)`` of a node's mover to action probabilities."""
    if not game.is_perfect_information:
        raise ValueError("the recursive quantal response needs a perfect-information tree")
    shape = game.batch_shape
    values: dict[int, np.ndarray] = {}
    behaviour: dict[int, np.ndarray] = {}
    for node in reversed(game.nodes):
        if node.kind == "terminal":
            values[node.id] = terminal_values(node, shape)
        elif node.kind == "chance":
            values[node.id] = sum(
                p * values[c.id] for p, c in zip(node.probs, node.children, strict=True)
            )
        else:
            own = np.stack([values[c.id][node.player] for c in node.children])
            probs = choice(own)
            behaviour[node.id] = probs
            values[node.id] = sum(probs[k] * values[c.id] for k, c in enumerate(node.children))
    return behaviour


@pytest.fixture
def canon() -> Callable[..., Any]:
    return _canon


@pytest.fixture
def profile_from_rule() -> Callable[[ExtensiveGame, Rule], dict[int, np.ndarray]]:
    return _profile_from_rule


@pytest.fixture
def assessment_regret() -> Callable[..., dict[tuple[str, Hashable], np.ndarray]]:
    return _assessment_regret


@pytest.fixture
def quantal_response() -> Callable[..., dict[int, np.ndarray]]:
    return _quantal_response
