"""The game-tree figure (sim.analysis.game_tree)."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from sim.analysis.game_tree import (
    CHANCE_COLOUR,
    PATH_COLOUR,
    figure_size,
    plot_game_tree,
    save_game_tree,
)
from sim.equilibria.backward_induction import backward_induction
from sim.games.tree import ExtensiveGame, chance, decision, terminal


def entry_game() -> ExtensiveGame:
    """Selten's (1978) chain-store stage game: the SPE is (in, accommodate)."""
    return ExtensiveGame(
        ("Entrant", "Incumbent"),
        decision(
            0,
            {
                "out": terminal([0, 2], outcome="out"),
                "in": decision(
                    1,
                    {
                        "fight": terminal([-1, -1], outcome="fight"),
                        "accommodate": terminal([1, 1], outcome="share"),
                    },
                ),
            },
        ),
        title="entry game",
    )


def deterrence_game() -> ExtensiveGame:
    """A challenger facing a defender who is resolute with probability 0.8: it stays out, so the
    whole 'challenge' subtree (7 nodes) is off the equilibrium path."""

    def response(resolute: bool) -> object:
        fight = [-5, 1] if resolute else [-5, -3]
        return decision(
            1,
            {
                "yield": terminal([3, -2], outcome="conquest"),
                "fight": terminal(fight, outcome="war"),
            },
        )

    return ExtensiveGame(
        ("Challenger", "Defender"),
        decision(
            0,
            {
                "status_quo": terminal([0, 0], outcome="deterred"),
                "challenge": chance(
                    [("resolute", 0.8, response(True)), ("irresolute", 0.2, response(False))],
                    label="defender type",
                ),
            },
        ),
    )


def _texts(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.texts]


def _path_lines(ax: Axes) -> list[object]:
    return [ln for ln in ax.lines if ln.get_color() == PATH_COLOUR and ln.get_linewidth() > 2]


def test_entry_game_labels_and_path() -> None:
    game = entry_game()
    spe = backward_induction(game)
    ax = plot_game_tree(game, spe, ax=Figure().add_subplot())
    texts = _texts(ax)
    for action in ("out", "in", "fight", "accommodate"):
        assert action in texts
    outcome_texts = [t for t in texts if t.startswith(("out", "fight", "share"))]
    assert any(t.startswith("share  [1]") for t in outcome_texts)  # reached with probability 1
    assert any(t.startswith("fight  [0]") for t in outcome_texts)
    assert len(_path_lines(ax)) == 2  # in, accommodate
    assert ax.get_title() == "entry game"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Entrant" in legend and "equilibrium path" in legend


def test_chance_edges_show_probabilities_and_collapsed_subtree() -> None:
    game = deterrence_game()
    spe = backward_induction(game)
    assert int(spe.choice[game.root.id]) == 0  # status quo: deterred
    ax = plot_game_tree(game, spe, ax=Figure().add_subplot())
    texts = _texts(ax)
    # the challenge subtree is never entered: one marker saying how much is hidden and why
    (marker,) = [t for t in texts if t.startswith("...")]
    assert "6 nodes not reached" in marker
    value = 0.8 * -5 + 0.2 * 3  # the challenger's value of challenging
    assert f"worth {value:.3g} to Challenger" in marker
    expanded = plot_game_tree(game, spe, ax=Figure().add_subplot(), collapse_unreached=False)
    texts = _texts(expanded)
    assert "resolute  p=0.8" in texts and "irresolute  p=0.2" in texts
    assert not [t for t in texts if t.startswith("...")]
    # equilibrium choices off the path are dashed in the path colour
    dashed = [
        ln for ln in expanded.lines if ln.get_color() == PATH_COLOUR and ln.get_linestyle() != "-"
    ]
    assert len(dashed) == 2  # fight (resolute) and yield (irresolute)
    chance_markers = [ln for ln in expanded.lines if ln.get_color() == CHANCE_COLOUR]
    assert len(chance_markers) == 1


def test_without_solution_draws_every_node() -> None:
    game = deterrence_game()
    ax = plot_game_tree(game, ax=Figure().add_subplot(), show_payoffs=False)
    texts = _texts(ax)
    assert texts.count("war") == 2 and texts.count("conquest") == 2 and "deterred" in texts
    assert not _path_lines(ax)


def test_max_depth_collapses_deeper_nodes() -> None:
    game = deterrence_game()
    ax = plot_game_tree(game, ax=Figure().add_subplot(), max_depth=1)
    markers = [t for t in _texts(ax) if t.startswith("...")]
    assert markers == ["... 6 nodes"]
    assert "resolute  p=0.8" not in _texts(ax)


def test_information_sets_are_joined() -> None:
    game = ExtensiveGame(
        ("A", "B"),
        decision(
            0,
            {
                "l": decision(1, {"x": terminal([1, 0]), "y": terminal([0, 1])}, infoset="b"),
                "r": decision(1, {"x": terminal([0, 1]), "y": terminal([1, 0])}, infoset="b"),
            },
        ),
    )
    ax = plot_game_tree(game, ax=Figure().add_subplot())
    assert [ln for ln in ax.lines if ln.get_linestyle() == ":"]


def test_batched_tree_is_refused() -> None:
    game = ExtensiveGame(
        ("A",), decision(0, {"a": terminal([np.array([1.0, 2.0])]), "b": terminal([0.0])})
    )
    with pytest.raises(ValueError, match="batched"):
        plot_game_tree(game)


def test_new_axes_sized_to_the_tree() -> None:
    import matplotlib.pyplot as plt

    ax = plot_game_tree(entry_game())
    try:
        width, height = ax.figure.get_size_inches()
        assert (width, height) == pytest.approx(figure_size(3, 2))
    finally:
        plt.close(ax.figure)


def test_save_png(tmp_path: Path) -> None:
    game = entry_game()
    path = tmp_path / "tree.png"
    save_game_tree(game, str(path), backward_induction(game), title="entry")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_guarantee_game_figure_stays_small(tmp_path: Path) -> None:
    """The guarantee game has ~140 nodes; with unreached subtrees collapsed the figure shows a
    readable number of rows."""
    from sim.guarantee import solve_guarantee
    from sim.scenario.schema import Scenario

    solution = solve_guarantee(Scenario(name="demo"))
    assert len(solution.game.nodes) > 100
    ax = plot_game_tree(solution.game, solution.spe, ax=Figure().add_subplot())
    rows = {round(t.get_position()[1], 6) for t in ax.texts}
    assert len(rows) < 0.5 * len(solution.game.nodes)
    assert any(t.startswith("...") and "not reached" in t for t in _texts(ax))
    assert _path_lines(ax)
