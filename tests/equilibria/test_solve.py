"""Tests of the ``solve`` front: dispatch, verification, trees, subgame perfection, JSON output."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sim.equilibria.regret import profile_regret
from sim.equilibria.solve import solve
from sim.games.gambit_efg import read_efg
from sim.games.normal_form import NormalFormGame
from sim.games.tree import ExtensiveGame, decision, terminal


def entry_game() -> ExtensiveGame:
    """Selten's (1978) entry game: fighting entry is a threat the incumbent would not carry out."""
    return ExtensiveGame(
        ("Entrant", "Incumbent"),
        decision(
            0,
            {
                "out": terminal([0, 2], outcome="out"),
                "in": decision(
                    1,
                    {"fight": terminal([-1, -1]), "accommodate": terminal([1, 1])},
                ),
            },
        ),
    )


def chain_store(markets: int = 2) -> ExtensiveGame:
    """Selten's (1978) chain store with ``markets`` entrants moving in turn, each seeing history.

    Per market: the entrant gets 1 staying out, 2 if it enters and the chain store cooperates,
    0 if the chain store fights; the chain store gets 5, 2 and 0 respectively (Selten 1978, §2).
    """
    players = (*(f"Entrant {k + 1}" for k in range(markets)), "Chain store")
    store = markets

    def market(k: int, earned: np.ndarray) -> object:
        if k == markets:
            return terminal(earned)

        def add(entrant: float, chain: float) -> np.ndarray:
            out = earned.copy()
            out[k] += entrant
            out[store] += chain
            return out

        return decision(
            k,
            {
                "out": market(k + 1, add(1, 5)),
                "in": decision(
                    store,
                    {
                        "cooperate": market(k + 1, add(2, 2)),
                        "fight": market(k + 1, add(0, 0)),
                    },
                ),
            },
        )

    return ExtensiveGame(players, market(0, np.zeros(markets + 1)))  # type: ignore[arg-type]


def test_spe_rejects_the_non_credible_threat_that_nash_keeps() -> None:
    game = entry_game()
    spe = solve(game, "spe")
    assert len(spe) == 1 and spe.complete
    entrant, incumbent = spe[0].strategies
    assert entrant[0].tolist() == [0.0, 1.0]  # in
    assert incumbent[0].tolist() == [0.0, 1.0]  # accommodate
    assert spe[0].payoffs.tolist() == [1.0, 1.0]

    nash = solve(game, "nash")
    profiles = [[s[0].tolist() for s in eq.strategies] for eq in nash.equilibria]
    assert [[1.0, 0.0], [1.0, 0.0]] in profiles  # (out, fight): the threat deters entry
    assert [[0.0, 1.0], [0.0, 1.0]] in profiles  # (in, accommodate): the SPE
    assert [[1.0, 0.0], [0.5, 0.5]] in profiles  # fight with probability 1/2 still deters
    assert nash.degenerate  # (out, fight with probability >= 1/2) is a continuum


def test_chain_store_spe_is_entry_everywhere_but_nash_keeps_the_fighting_threat() -> None:
    game = chain_store(2)
    spe = solve(game, "spe")
    assert len(spe) == 1
    eq = spe[0]
    # every entrant enters at each of its nodes, the store cooperates everywhere (Selten 1978)
    for player_strategy in eq.strategies[:2]:
        assert all(p.tolist() == [0.0, 1.0] for p in player_strategy)
    assert all(p.tolist() == [1.0, 0.0] for p in eq.strategies[2])
    assert eq.payoffs.tolist() == [2.0, 2.0, 4.0]

    pure = solve(game, "pure")
    deterred = [e for e in pure.equilibria if e.payoffs.tolist() == [1.0, 1.0, 10.0]]
    assert deterred, "Nash keeps the profile where the fighting threat deters both entrants"


def out_or_battle() -> ExtensiveGame:
    """Player 1 takes an outside option (2, 2) or enters a simultaneous battle of the sexes."""
    battle = decision(
        0,
        {
            "A": decision(1, {"a": terminal([3, 1]), "b": terminal([0, 0])}, infoset="column"),
            "B": decision(1, {"a": terminal([0, 0]), "b": terminal([1, 3])}, infoset="column"),
        },
    )
    return ExtensiveGame(("P1", "P2"), decision(0, {"Out": terminal([2, 2]), "In": battle}))


def test_spe_of_an_imperfect_information_tree_by_subgame_decomposition() -> None:
    # The battle subgame has equilibria (A, a) worth 3 to P1, (B, b) worth 1 and the mixed one
    # (3/4 on A, 1/4 on a) worth 3/4; P1 enters only after (A, a): three SPE (Selten 1965).
    game = out_or_battle()
    spe = solve(game, "spe")
    assert spe.method == "subgame_decomposition" and spe.complete
    found = sorted(
        ([p.tolist() for p in eq.strategies[0]], eq.strategies[1][0].tolist()) for eq in spe
    )
    assert found == [
        ([[0.0, 1.0], [1.0, 0.0]], [1.0, 0.0]),
        ([[1.0, 0.0], [0.0, 1.0]], [0.0, 1.0]),
        ([[1.0, 0.0], [0.75, 0.25]], [0.25, 0.75]),
    ]
    assert all(eq.regret <= spe.tolerance for eq in spe)
    # Nash keeps profiles whose play in the (unreached) battle is not an equilibrium there
    nash = solve(game, "nash")
    assert any(
        eq.strategies[0][0].tolist() == [1.0, 0.0]
        and eq.strategies[1][0].tolist() == [0.0, 1.0]
        and eq.strategies[0][1].tolist() == [0.5, 0.5]
        for eq in nash
    )
    with pytest.raises(ValueError, match="perfect-information"):
        solve(game, "spe", "backward_induction")


def test_spe_on_a_normal_form_is_an_error() -> None:
    with pytest.raises(ValueError, match="game tree"):
        solve(NormalFormGame(np.zeros((2, 2, 2))), "spe")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"concept": "perfect"}, "unknown concept"),
        ({"concept": "nash", "method": "magic"}, "unknown method"),
        ({"concept": "qre"}, "lam"),
        ({"concept": "qre", "lam": -1.0}, "lam"),
    ],
)
def test_bad_requests_raise_value_error(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        solve(NormalFormGame(np.zeros((2, 2, 2))), **kwargs)


def test_solve_rejects_other_objects() -> None:
    with pytest.raises(TypeError):
        solve(np.zeros((2, 2, 2)))  # type: ignore[arg-type]


def test_result_to_dict_is_json_ready_with_contract_keys() -> None:
    game = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=["A", "B"])
    for concept, kwargs in [("nash", {}), ("pure", {}), ("ce", {}), ("qre", {"lam": 1.0})]:
        data = json.loads(json.dumps(solve(game, concept, **kwargs).to_dict()))
        assert {"players", "concept", "method", "complete", "degenerate", "equilibria"} <= set(data)
        assert data["players"] == ["A", "B"] and data["concept"] == concept
        assert {"payoffs", "strategies", "regret"} <= set(data["equilibria"][0])


def test_qre_result_says_its_regret_is_a_fixed_point_residual() -> None:
    game = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    result = solve(game, "qre", lam=1.0)
    assert any("fixed-point residual" in w for w in result.warnings)
    assert result[0].regret <= 1e-10
    assert result.details["nash_regret"] > 0.1  # a QRE at low precision is not a Nash eq.


def test_tree_qre_and_ce_return_behaviour_strategies() -> None:
    game = entry_game()
    qre = solve(game, "qre", lam=2.0)
    assert [len(s) for s in qre[0].strategies] == [1, 1]
    ce = solve(game, "ce")
    assert ce[0].distribution is not None and ce[0].regret <= ce.tolerance


def test_lemke_howson_is_the_default_for_large_games_and_flags_incompleteness() -> None:
    rng = np.random.default_rng(7)
    game = NormalFormGame(rng.normal(size=(2, 11, 11)))
    result = solve(game)
    assert result.method == "lemke_howson" and not result.complete
    assert any("incomplete" in w for w in result.warnings)
    assert len(result) >= 1
    assert all(eq.regret <= result.tolerance for eq in result.equilibria)


def test_n_player_nash_is_marked_incomplete() -> None:
    rng = np.random.default_rng(3)
    result = solve(NormalFormGame(rng.normal(size=(3, 2, 2, 2))))
    assert not result.complete and result.warnings
    assert len(result) >= 1


@settings(max_examples=40, deadline=None)
@given(
    payoffs=arrays(
        np.float64,
        st.tuples(st.just(2), st.integers(1, 4), st.integers(1, 4)),
        elements=st.integers(-3, 3).map(float),
    ),
    method=st.sampled_from(["enumeration", "vertex", "support", "lemke_howson"]),
)
def test_every_returned_two_player_profile_is_an_equilibrium(
    payoffs: np.ndarray, method: str
) -> None:
    result = solve(NormalFormGame(payoffs), "nash", method)
    assert len(result) >= 1  # Nash (1951): an equilibrium always exists
    for eq in result.equilibria:
        assert eq.regret <= result.tolerance
        assert profile_regret(payoffs, eq.strategies) <= result.tolerance
        assert np.allclose(eq.payoffs, NormalFormGame(payoffs).expected_payoffs(eq.strategies))


@settings(max_examples=25, deadline=None)
@given(
    payoffs=arrays(
        np.float64,
        st.tuples(st.just(3), st.integers(1, 3), st.integers(1, 2), st.integers(1, 2)),
        elements=st.integers(-3, 3).map(float),
    ),
    concept=st.sampled_from(["nash", "pure", "ce"]),
)
def test_every_returned_n_player_profile_is_verified(payoffs: np.ndarray, concept: str) -> None:
    result = solve(NormalFormGame(payoffs), concept)
    for eq in result.equilibria:
        assert eq.regret <= result.tolerance
        if concept != "ce":
            assert profile_regret(payoffs, eq.strategies) <= result.tolerance


def test_one_player_game_lists_the_best_actions() -> None:
    result = solve(NormalFormGame(np.array([[1.0, 3.0, 3.0]])))
    assert [eq.strategies[0].tolist() for eq in result.equilibria] == [[0, 0, 1], [0, 1, 0]]
    assert result.degenerate and result.complete


def test_without_proper_subgames_spe_equals_nash() -> None:
    game = read_efg(Path(__file__).parent.parent / "games" / "files" / "myerson_fig_4_2.efg")
    spe = solve(game, "spe")
    nash = solve(game, "nash")
    assert spe.details["subgame_roots"] == [game.root.id]
    assert len(spe) == len(nash) == 3
    for a, b in zip(spe.equilibria, nash.equilibria, strict=True):
        for sa, sb in zip(a.strategies, b.strategies, strict=True):
            assert all(np.allclose(p, q) for p, q in zip(sa, sb, strict=True))
