"""The payoff-matrix figure (sim.analysis.payoff_matrix)."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from sim.analysis import plot_payoff_matrix
from sim.analysis.payoff_matrix import EQUILIBRIUM_FILL, best_responses, equilibrium_lines
from sim.equilibria import solve
from sim.games.loading import load_game
from sim.games.normal_form import NormalFormGame

CANON = Path(__file__).parents[2] / "scenarios" / "canon"


def boxed_texts(ax: object) -> list[str]:
    return [t.get_text() for t in ax.texts if t.get_bbox_patch() is not None]  # type: ignore[attr-defined]


def test_chicken_marks_its_two_pure_equilibria() -> None:
    """Chicken (Rapoport & Chammah 1966): pure equilibria at (swerve, straight) and
    (straight, swerve); the mixed one has each go straight with (win - tie) / ((win - tie) +
    (lose - crash)) = 1 / 10."""
    game = load_game(CANON / "chicken.yaml")
    assert isinstance(game, NormalFormGame)
    row_best, column_best = best_responses(game)
    assert row_best.tolist() == [[False, True], [True, False]]
    assert column_best.tolist() == [[False, True], [True, False]]
    ax = plot_payoff_matrix(game, solve(game), ax=Figure().add_subplot())
    shaded = [
        p
        for p in ax.patches
        if isinstance(p, Rectangle)
        and matplotlib.colors.to_hex(p.get_facecolor()) == EQUILIBRIUM_FILL
    ]
    assert sorted((p.get_x(), p.get_y()) for p in shaded) == [(0, 1), (1, 0)]
    assert sorted(boxed_texts(ax)) == ["-1", "-1", "1", "1"]
    listed = "\n".join(t.get_text() for t in ax.texts)
    assert "0.9 swerve + 0.1 straight" in listed
    assert ax.get_xlabel() == "Column" and ax.get_ylabel() == "Row"


def test_olson_zeckhauser_small_ally_free_rides() -> None:
    """Olson & Zeckhauser (1966): the Large ally provides K (1 - 1/b_L) = 4, the Small one 0."""
    game = load_game(CANON / "olson_zeckhauser_free_riding.yaml")
    assert isinstance(game, NormalFormGame)
    row_best, column_best = best_responses(game)
    assert np.argwhere(row_best & column_best).tolist() == [[4, 0]]
    assert equilibrium_lines(game, solve(game)) == ["Large: g4; Small: g0; payoffs (4, 4)"]


def test_ties_are_all_marked() -> None:
    game = NormalFormGame.from_bimatrix([[1, 1], [1, 0]], [[2, 2], [0, 1]])
    row_best, column_best = best_responses(game)
    assert row_best.tolist() == [[True, True], [True, False]]
    assert column_best.tolist() == [[True, True], [False, True]]


def test_without_equilibria() -> None:
    game = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])  # prisoner's dilemma
    ax = plot_payoff_matrix(game, ax=Figure().add_subplot(), title="PD")
    assert ax.get_title() == "PD"
    assert not any(t.get_text().startswith("Nash") for t in ax.texts)
    assert sorted(boxed_texts(ax)) == ["1", "1", "5", "5"]


def test_rejects_more_than_two_players() -> None:
    game = NormalFormGame(np.zeros((3, 2, 2, 2)))
    with pytest.raises(ValueError, match="2 players"):
        plot_payoff_matrix(game)


def test_makes_its_own_figure_sized_to_the_matrix() -> None:
    import matplotlib.pyplot as plt

    game = load_game(CANON / "olson_zeckhauser_free_riding.yaml")
    assert isinstance(game, NormalFormGame)
    ax = plot_payoff_matrix(game)
    figure = ax.figure
    assert isinstance(figure, Figure)
    assert figure.get_figwidth() > 8  # six columns of payoffs
    plt.close(figure)
