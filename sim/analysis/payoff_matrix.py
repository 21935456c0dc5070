"""Payoff-matrix figures of two-player normal-form games, with best responses marked.

The textbook way to find the pure Nash equilibria of a bimatrix game by hand: for each column,
mark the row player's best payoff(s); for each row, mark the column player's best payoff(s); a
cell in which both payoffs are marked is a pure Nash equilibrium (each action is a best response
to the other). :func:`plot_payoff_matrix` draws exactly that: each cell shows the row player's
payoff (left) and the column player's (right) in the players' colours, a best-response payoff is
boxed in its player's colour, and a pure equilibrium cell is shaded. Given the result of
:func:`sim.equilibria.solve`, the figure also lists every equilibrium it found, mixed ones
included, beneath the matrix. :func:`best_responses` gives the marks as arrays.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from matplotlib.figure import Figure
>>> from sim.equilibria import solve
>>> from sim.games.normal_form import NormalFormGame
>>> chicken = NormalFormGame.from_bimatrix(
...     [[0, -1], [1, -10]], [[0, 1], [-1, -10]],
...     players=("Row", "Column"), actions=(("swerve", "straight"), ("swerve", "straight")))
>>> row_best, column_best = best_responses(chicken)
>>> (row_best & column_best).astype(int).tolist()      # the two pure equilibria
[[0, 1], [1, 0]]
>>> ax = plot_payoff_matrix(chicken, solve(chicken), ax=Figure().add_subplot())
>>> [t.get_text() for t in ax.texts if t.get_text().startswith("Nash")]
['Nash equilibria (3):']
"""

from __future__ import annotations

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from sim.analysis.game_tree import PLAYER_COLOURS, short_number
from sim.arrays import BoolArray
from sim.equilibria.result import EquilibriumResult
from sim.equilibria.verify import DEFAULT_TOLERANCE
from sim.games.normal_form import NormalFormGame

EQUILIBRIUM_FILL = "#fdd0a2"
"""Background of a pure-equilibrium cell (a light shade of the equilibrium-path colour)."""
MAX_LISTED = 6
"""At most this many equilibria are listed beneath the matrix."""


def best_responses(
    game: NormalFormGame, *, tol: float = DEFAULT_TOLERANCE
) -> tuple[BoolArray, BoolArray]:
    """Where each player's pure action is a best response to the other's pure action.

    Parameters
    ----------
    game
        A two-player normal-form game with payoff matrices ``A`` (row) and ``B`` (column).
    tol
        Payoffs within ``tol`` of the best count as best (ties are all marked).

    Returns
    -------
    row_best, column_best
        Boolean arrays of the game's shape: ``row_best[i, j]`` is True iff row ``i`` is a best
        response to column ``j`` (:math:`A_{ij} \\ge \\max_k A_{kj} - tol`); ``column_best[i, j]``
        iff column ``j`` is a best response to row ``i``
        (:math:`B_{ij} \\ge \\max_k B_{ik} - tol`). Their conjunction marks the pure Nash
        equilibria (Nash 1951).

    Raises
    ------
    ValueError
        If the game does not have two players.
    """
    a, b = game.to_bimatrix()
    row_best = a >= a.max(axis=0, keepdims=True) - tol
    column_best = b >= b.max(axis=1, keepdims=True) - tol
    return np.asarray(row_best), np.asarray(column_best)


def _strategy_text(game: NormalFormGame, player: int, probs: np.ndarray) -> str:
    """A strategy in words: the action for a pure one, ``p action + ...`` for a mixed one."""
    support = [k for k, p in enumerate(probs) if p > 1e-9]
    if len(support) == 1:
        return game.actions[player][support[0]]
    return " + ".join(f"{probs[k]:.3g} {game.actions[player][k]}" for k in support)


def equilibrium_lines(game: NormalFormGame, result: EquilibriumResult) -> list[str]:
    """One line per equilibrium of ``result``: each player's strategy and the payoffs.

    >>> battle = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]],
    ...                                       actions=(("B", "S"), ("B", "S")))
    >>> from sim.equilibria import solve
    >>> equilibrium_lines(battle, solve(battle))[1]
    'P1: 0.667 B + 0.333 S; P2: 0.333 B + 0.667 S; payoffs (0.667, 0.667)'
    """
    lines = []
    for eq in result.equilibria:
        parts = [
            f"{game.players[i]}: {_strategy_text(game, i, np.asarray(s, float))}"
            for i, s in enumerate(eq.strategies)
        ]
        payoffs = ", ".join(short_number(v) for v in np.asarray(eq.payoffs, float))
        lines.append("; ".join(parts) + f"; payoffs ({payoffs})")
    return lines


def plot_payoff_matrix(
    game: NormalFormGame,
    equilibria: EquilibriumResult | None = None,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    tol: float = DEFAULT_TOLERANCE,
    fontsize: float = 10.0,
) -> Axes:
    """Draw a two-player game's payoff matrix with best responses and pure equilibria marked.

    Parameters
    ----------
    game
        A two-player :class:`~sim.games.normal_form.NormalFormGame`.
    equilibria
        Optional result of :func:`sim.equilibria.solve` on ``game``: its equilibria (mixed ones
        too) are listed beneath the matrix.
    ax
        Axes to draw on; a new figure sized to the matrix is made when omitted.
    title
        Axes title (default: the game's title).
    tol
        Tie tolerance of the best-response marks (:func:`best_responses`).
    fontsize
        Size of the payoffs; labels are drawn slightly smaller.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ValueError
        If the game does not have two players.

    Notes
    -----
    Cell :math:`(i, j)` shows :math:`(A_{ij}, B_{ij})`. A payoff is boxed when its player's
    action is a best response to the other's (:func:`best_responses`); a cell with both payoffs
    boxed, a pure Nash equilibrium, is shaded.
    """
    if game.n_players != 2:
        raise ValueError(f"a payoff matrix needs 2 players; this game has {game.n_players}")
    a, b = game.to_bimatrix()
    rows, columns = a.shape
    row_best, column_best = best_responses(game, tol=tol)
    lines = [] if equilibria is None else equilibrium_lines(game, equilibria)
    if ax is None:
        import matplotlib.pyplot as plt

        width = 1.8 + 1.45 * columns
        height = 1.4 + 0.62 * rows + 0.22 * min(len(lines), MAX_LISTED + 1)
        _, ax = plt.subplots(figsize=(max(width, 4.5), height))
    colours = (PLAYER_COLOURS[0], PLAYER_COLOURS[1])

    for i in range(rows):
        for j in range(columns):
            if row_best[i, j] and column_best[i, j]:
                ax.add_patch(Rectangle((j, i), 1, 1, fc=EQUILIBRIUM_FILL, ec="none", zorder=0))
            for player, (value, best, x) in enumerate(
                ((a[i, j], row_best[i, j], j + 0.28), (b[i, j], column_best[i, j], j + 0.72))
            ):
                box = dict(boxstyle="round,pad=0.25", fc="white", ec=colours[player], lw=1.5)
                ax.text(
                    x,
                    i + 0.5,
                    short_number(value),
                    ha="center",
                    va="center",
                    fontsize=fontsize,
                    color=colours[player],
                    fontweight="bold" if best else "normal",
                    bbox=box if best else None,
                    zorder=3,
                )
            ax.text(j + 0.5, i + 0.5, ",", ha="center", va="center", fontsize=fontsize)
    for k in range(rows + 1):
        ax.plot([0, columns], [k, k], color="#555555", lw=0.8, zorder=1, clip_on=False)
    for k in range(columns + 1):
        ax.plot([k, k], [0, rows], color="#555555", lw=0.8, zorder=1, clip_on=False)

    ax.set_xlim(0, columns)
    ax.set_ylim(rows, 0)
    ax.set_aspect("auto")
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    ax.set_xticks(np.arange(columns) + 0.5, game.actions[1], fontsize=fontsize - 1)
    ax.set_yticks(np.arange(rows) + 0.5, game.actions[0], fontsize=fontsize - 1)
    ax.tick_params(length=0)
    ax.set_xlabel(game.players[1], color=colours[1], fontsize=fontsize, fontweight="bold")
    ax.set_ylabel(game.players[0], color=colours[0], fontsize=fontsize, fontweight="bold")
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title(title if title is not None else game.title, fontsize=fontsize + 2, pad=12)

    handles: list[Artist] = [
        Line2D([], [], ls="", marker="s", mfc="white", mec=colours[p], mew=1.5, ms=9,
               label=f"best response of {game.players[p]}")
        for p in (0, 1)
    ]  # fmt: skip
    handles.append(Patch(fc=EQUILIBRIUM_FILL, ec="none", label="pure Nash equilibrium"))
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.0, 0.0),
        ncol=3,
        fontsize=fontsize - 2,
        frameon=False,
    )
    if lines:
        shown = lines[:MAX_LISTED] + (
            [f"... and {len(lines) - MAX_LISTED} more"] if len(lines) > MAX_LISTED else []
        )
        ax.annotate(
            f"Nash equilibria ({len(lines)}):",
            xy=(0.0, 0.0),
            xycoords="axes fraction",
            xytext=(0, -3.2 * fontsize),
            textcoords="offset points",
            fontsize=fontsize - 1,
            fontweight="bold",
            va="top",
        )
        ax.annotate(
            "\n".join(shown),
            xy=(0.0, 0.0),
            xycoords="axes fraction",
            xytext=(0, -4.7 * fontsize),
            textcoords="offset points",
            fontsize=fontsize - 2,
            va="top",
            linespacing=1.5,
        )
    return ax
