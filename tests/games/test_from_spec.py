"""Explicit game blocks: expressions, validation messages with field paths, and game building."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

from sim.equilibria.backward_induction import backward_induction
from sim.games.from_spec import game_from_spec, payoff_tensor, resolved_parameters
from sim.games.normal_form import NormalFormGame
from sim.games.tree import ExtensiveGame
from sim.scenario.expressions import ExpressionError, evaluate_expression, expression_names
from sim.scenario.game_spec import GameSpec
from sim.scenario.schema import Scenario


def _tree_spec(**changes):
    data = {
        "title": "threat",
        "players": ["Challenger", "Defender"],
        "parameters": {"p": 0.3, "g": 2.0, "w": 6.0},
        "tree": {
            "player": "Challenger",
            "moves": {
                "comply": {"payoffs": [0, 0], "outcome": "status_quo"},
                "defy": {
                    "chance": [
                        {"action": "punished", "prob": "p", "node": {"payoffs": ["-w", -1]}},
                        {"action": "unpunished", "prob": "1 - p", "node": {"payoffs": ["g", -2]}},
                    ]
                },
            },
        },
    }
    data.update(changes)
    return data


def _errors(data):
    with pytest.raises(ValidationError) as info:
        GameSpec.model_validate(data)
    return [(tuple(e["loc"]), e["msg"]) for e in info.value.errors()]


# ---- expressions -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("expr", "value"),
    [("1 - p", 0.7), ("-c", -2.0), ("(1 + p) * c ** 2 / 2", 2.6), (" 3 ", 3.0), (4, 4.0)],
)
def test_expressions_evaluate(expr, value):
    assert evaluate_expression(expr, {"p": 0.3, "c": 2.0}) == pytest.approx(value)


@pytest.mark.parametrize(
    ("expr", "fragment"),
    [
        ("abs(p)", "function calls"),
        ("p.real", "attribute access"),
        ("p < 1", "comparisons"),
        ("p and 1", "boolean operators"),
        ("p // 2", "FloorDiv"),
        ("'x'", "not a number"),
        ("1 / (p - p)", "division by zero"),
        ("2 ** 100", "exponents"),
        ("1 +", "not a valid expression"),
        ("pp", "did you mean 'p'"),
        (True, "boolean"),
    ],
)
def test_forbidden_expressions_are_clear_errors(expr, fragment):
    with pytest.raises(ExpressionError, match=None) as info:
        evaluate_expression(expr, {"p": 0.3})
    assert fragment in str(info.value)


def test_expressions_broadcast_over_arrays():
    values = evaluate_expression("1 - p", {"p": np.array([0.0, 0.25, 1.0])})
    np.testing.assert_allclose(values, [1.0, 0.75, 0.0])
    assert expression_names("a * (b - a)") == {"a", "b"}
    assert expression_names(3.0) == set()


# ---- validation --------------------------------------------------------------------------------
def test_valid_tree_spec():
    spec = GameSpec.model_validate(_tree_spec())
    assert spec.kind == "tree"
    assert len(spec.expressions()) == 8  # six payoffs, two probabilities


def test_payoff_count_names_the_field():
    data = _tree_spec()
    data["tree"]["moves"]["comply"]["payoffs"] = [0, 0, 1]
    assert _errors(data) == [
        (
            ("tree", "moves", "comply", "payoffs"),
            "3 payoffs, expected 2 (one per player: Challenger, Defender)",
        )
    ]


def test_probabilities_in_range_and_summing_to_one():
    data = _tree_spec(parameters={"p": 1.2, "g": 2.0, "w": 6.0})
    errors = _errors(data)
    assert errors[0] == (
        ("tree", "moves", "defy", "chance", 0, "prob"),
        "probability 'p' = 1.2 is outside [0, 1]",
    )
    data = _tree_spec()
    data["tree"]["moves"]["defy"]["chance"][1]["prob"] = 0.5
    assert _errors(data) == [
        (("tree", "moves", "defy", "chance"), "branch probabilities sum to 0.8, expected 1")
    ]


def test_unknown_player_suggests_the_nearest():
    data = _tree_spec()
    data["tree"]["player"] = "Chalenger"
    assert _errors(data) == [
        (
            ("tree", "player"),
            "unknown player 'Chalenger' (did you mean 'Challenger'?); players are Challenger, "
            "Defender",
        )
    ]


def test_inconsistent_information_sets():
    data = _tree_spec(parameters={})
    data["tree"] = {
        "player": "Challenger",
        "moves": {
            "a": {"player": "Defender", "infoset": "d", "moves": {"x": {"payoffs": [0, 0]}}},
            "b": {"player": "Defender", "infoset": "d", "moves": {"y": {"payoffs": [0, 0]}}},
            "c": {"player": "Challenger", "infoset": "d", "moves": {"x": {"payoffs": [0, 0]}}},
        },
    }
    errors = dict(_errors(data))
    assert (
        "must offer the same actions in the same order" in errors[("tree", "moves", "b", "moves")]
    )
    assert "belongs to Defender" in errors[("tree", "moves", "c", "infoset")]


def test_node_kinds_are_exclusive():
    data = _tree_spec()
    data["tree"]["moves"]["comply"]["moves"] = {"x": {"payoffs": [0, 0]}}
    ((loc, message),) = _errors(data)
    assert loc == ("tree", "moves", "comply")
    assert "exactly one of 'moves'" in message and "found moves, payoffs" in message


def test_unknown_and_unused_parameters():
    data = _tree_spec()
    data["tree"]["moves"]["comply"]["payoffs"] = ["q", 0]
    assert _errors(data) == [
        (
            ("tree", "moves", "comply", "payoffs", 0),
            "'q': unknown parameter 'q'; parameters: g, p, w",
        )
    ]
    data = _tree_spec(parameters={"p": 0.3, "g": 2.0, "w": 6.0, "unused": 1.0})
    ((loc, message),) = _errors(data)
    assert loc == ("parameters", "unused") and "not used by any payoff" in message


def test_normal_form_shape_messages():
    data = {
        "players": ["Row", "Column"],
        "actions": [["u", "d"], ["l", "r"]],
        "payoffs": [[[1, 2], [3, 4], [5, 6]], [[1, 2], [3]]],
    }
    assert _errors(data) == [
        (
            ("payoffs", 0),
            "payoff matrix of player 1 (Row) has 3 rows, expected 2 (one per action of Row)",
        ),
        (
            ("payoffs", 1, 1),
            "row 1 of the payoff matrix of player 2 (Column) has 1 columns, expected 2 (one per "
            "action of Column)",
        ),
    ]
    data["payoffs"] = [[[1, 2], [3, 4]]]
    assert _errors(data) == [(("payoffs",), "1 payoff tables, expected 2 (one per player)")]


def test_either_normal_form_or_tree():
    data = _tree_spec(actions=[["a"], ["b"]], payoffs=[[[0]], [[0]]])
    assert _errors(data)[0][1].startswith("give either a normal form")
    assert _errors({"players": ["A"]})[0][1] == "the game needs tree (or 'actions' and 'payoffs')"


def test_scenario_carries_the_game_block_with_its_path():
    with pytest.raises(ValidationError) as info:
        Scenario.model_validate({"name": "x", "game": _tree_spec(parameters={"p": 0.3})})
    locs = {tuple(e["loc"]) for e in info.value.errors()}
    assert ("game", "tree", "moves", "defy", "chance", 0, "node", "payoffs", 0) in locs
    scenario = Scenario.model_validate({"name": "x", "game": _tree_spec()})
    assert scenario.game is not None and scenario.game.title == "threat"


# ---- building ----------------------------------------------------------------------------------
def test_tree_from_spec():
    game = game_from_spec(GameSpec.model_validate(_tree_spec()))
    assert isinstance(game, ExtensiveGame)
    assert game.players == ("Challenger", "Defender") and game.title == "threat"
    assert game.root.actions == ("comply", "defy")
    chance = game.root.child("defy")
    assert chance.actions == ("punished", "unpunished")
    np.testing.assert_allclose([float(p) for p in chance.probs], [0.3, 0.7])
    np.testing.assert_allclose(chance.child("punished").payoffs, [-6.0, -1.0])
    assert game.root.child("comply").outcome == "status_quo"


def test_batched_tree_from_parameter_arrays():
    spec = GameSpec.model_validate(_tree_spec())
    grid = np.linspace(0, 1, 9)
    game = game_from_spec(spec, {"p": grid})
    assert isinstance(game, ExtensiveGame) and game.batch_shape == (9,)
    defy = backward_induction(game).choice[game.root.id] == 1
    np.testing.assert_array_equal(defy, grid < 0.25)


def test_parameter_overrides_are_checked():
    spec = GameSpec.model_validate(_tree_spec())
    with pytest.raises(ValueError, match="unknown game parameter 'q'"):
        game_from_spec(spec, {"q": 1.0})
    with pytest.raises(ValueError, match=r"do not sum to 1|negative"):
        game_from_spec(spec, {"p": np.array([0.5, 1.5])})
    assert resolved_parameters(spec, {"p": 0.5}) == {"p": 0.5, "g": 2.0, "w": 6.0}


def test_normal_form_from_spec():
    spec = GameSpec.model_validate(
        {
            "title": "pd",
            "players": ["A", "B"],
            "parameters": {"T": 5.0},
            "actions": [["c", "d"], ["c", "d"]],
            "payoffs": [[[3, 0], ["T", 1]], [[3, "T"], [0, 1]]],
        }
    )
    game = game_from_spec(spec)
    assert isinstance(game, NormalFormGame)
    assert game.actions == (("c", "d"), ("c", "d")) and game.title == "pd"
    np.testing.assert_allclose(game.payoffs[0], [[3, 0], [5, 1]])
    np.testing.assert_allclose(game.payoffs[1], [[3, 5], [0, 1]])
    with pytest.raises(ValueError, match="scalar parameters"):
        game_from_spec(spec, {"T": np.array([4.0, 5.0])})


def test_three_player_tensor():
    actions = [["a", "b"], ["x", "y"], ["l", "r"]]
    table = [[[i * 4 + j * 2 + k for k in range(2)] for j in range(2)] for i in range(2)]
    spec = GameSpec.model_validate(
        {"players": ["P", "Q", "R"], "actions": actions, "payoffs": [table, table, table]}
    )
    game = game_from_spec(spec)
    assert isinstance(game, NormalFormGame) and game.shape == (2, 2, 2)
    assert game.payoffs[2, 1, 0, 1] == 5.0
    bad = [[[0, 0], [0, 0]], [[0, 0], [0, 0, 0]]]
    errors = _errors(
        {"players": ["P", "Q", "R"], "actions": actions, "payoffs": [bad, table, table]}
    )
    assert errors == [
        (
            ("payoffs", 0, 1, 1),
            "payoff table of player 1 (P) has 3 entries along axis 2, expected 2 (one per action "
            "of R)",
        )
    ]


def test_payoff_tensor_batches_normal_forms():
    spec = GameSpec.model_validate(
        {
            "players": ["A", "B"],
            "parameters": {"T": 5.0, "P": 1.0},
            "actions": [["c", "d"], ["c", "d"]],
            "payoffs": [[[3, 0], ["T", "P"]], [[3, "T"], [0, "P"]]],
        }
    )
    grid = np.array([4.0, 5.0, 6.0])
    tensor = payoff_tensor(spec, {"T": grid})
    assert tensor.shape == (3, 2, 2, 2)
    for k, t in enumerate(grid):
        single = game_from_spec(spec, {"T": t})
        assert isinstance(single, NormalFormGame)
        np.testing.assert_array_equal(tensor[k], single.payoffs)
    two_d = payoff_tensor(spec, {"T": grid[:, None], "P": np.array([[0.0, 1.0]])})
    assert two_d.shape == (3, 2, 2, 2, 2)
    # batch (T = 6, P = 1) / (T = 6, P = 0); player A's payoff at (d, d) is P, at (d, c) is T
    assert two_d[2, 1, 0, 1, 1] == 1.0 and two_d[2, 0, 0, 1, 1] == 0.0
    assert two_d[2, 0, 0, 1, 0] == 6.0
    with pytest.raises(ValueError, match="normal-form game block"):
        payoff_tensor(GameSpec.model_validate(_tree_spec()))
