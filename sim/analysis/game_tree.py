"""Game-tree figures with the equilibrium path marked (matplotlib only).

The tree is drawn left to right: the root at the left, one column per depth, the leaves stacked
top to bottom in the order of the tree, and every inner node half-way between its first and last
child (a layout by leaf count). Decision nodes are circles coloured by player, chance nodes grey
diamonds, terminals small squares labelled with their outcome name. Edges carry their action
labels; chance edges also their probability.

With a solution, the equilibrium path (edges that equilibrium play crosses with positive
probability) is drawn thick and coloured, the equilibrium choice at nodes that play never reaches
is drawn dashed in the same colour (the off-path threats that subgame perfection makes credible),
and each terminal shows the probability with which it is reached.

The guarantee game has a few hundred nodes. To keep the figure readable, a subtree that
equilibrium play never enters is collapsed into one marker that says how many nodes it hides and
what its root is worth to the player who declined it (so the reader still sees *why* it is not
played); ``max_depth`` collapses everything deeper.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from matplotlib.figure import Figure
>>> from sim.equilibria.backward_induction import backward_induction
>>> from sim.games.tree import ExtensiveGame, decision, terminal
>>> game = ExtensiveGame(("Entrant", "Incumbent"), decision(0, {
...     "out": terminal([0, 2], outcome="out"),
...     "in": decision(1, {"fight": terminal([-1, -1], outcome="fight"),
...                        "accommodate": terminal([1, 1], outcome="share")}),
... }))
>>> ax = plot_game_tree(game, backward_induction(game), ax=Figure().add_subplot())
>>> sorted(t.get_text() for t in ax.texts if t.get_text() in {"in", "out", "fight"})
['fight', 'in', 'out']
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from sim.equilibria.backward_induction import SubgamePerfectSolution
from sim.games.tree import ExtensiveGame, Node

if TYPE_CHECKING:
    from sim.experiments.bundle import Bundle
    from sim.experiments.run import RunOutputs

PLAYER_COLOURS: tuple[str, ...] = (
    "#1f77b4",
    "#2ca02c",
    "#9467bd",
    "#8c564b",
    "#17becf",
    "#e377c2",
    "#bcbd22",
    "#7f7f7f",
)
"""Colours of decision nodes, by player index (cycled beyond eight players)."""

CHANCE_COLOUR = "#b0b0b0"
PATH_COLOUR = "#e6550d"
EDGE_COLOUR = "#9a9a9a"
COLLAPSED_COLOUR = "#bdbdbd"
BUS_OFFSET = 0.12
"""Horizontal distance from a node to the vertical run of its outgoing edges (in levels)."""
NODE_LABEL_WIDTH = 22
"""Node labels are wrapped to this many characters so they stay within their column."""
REACH_EPSILON = 1e-12
"""Reach probabilities at or below this count as 'never reached'."""


@dataclass(eq=False)
class _Item:
    """A drawn node: a real node, or a marker standing for a collapsed subtree."""

    node: Node
    depth: int
    collapsed: bool = False
    hidden: int = 0
    children: list[_Item] = field(default_factory=list)
    x: float = 0.0
    y: float = 0.0


def _subtree_size(node: Node) -> int:
    return 1 + sum(_subtree_size(c) for c in node.children)


def _scalar(value: object) -> float:
    array = np.asarray(value, dtype=float)
    if array.size != 1:
        raise ValueError("plot one game: index a batched tree down to a single game first")
    return float(array.reshape(()))


def short_number(value: object) -> str:
    """Three significant digits, without a negative zero.

    >>> short_number(-0.0001), short_number(0.95), short_number(-2.345)
    ('-0.0001', '0.95', '-2.35')
    >>> short_number(-1e-13)
    '0'
    """
    number = _scalar(value)
    return f"{(0.0 if abs(number) < 1e-12 else number):.3g}"


def _layout(
    game: ExtensiveGame,
    reach: dict[int, float] | None,
    max_depth: int | None,
    collapse_unreached: bool,
) -> list[_Item]:
    """Build the visible tree and place it; returns every drawn item in preorder (root first)."""
    items: list[_Item] = []

    def visit(node: Node, depth: int, parent_reached: bool) -> _Item:
        item = _Item(node, depth)
        items.append(item)
        if node.is_terminal:
            return item
        unreached = reach is not None and reach[node.id] <= REACH_EPSILON
        too_deep = max_depth is not None and depth >= max_depth
        if too_deep or (collapse_unreached and unreached and parent_reached and depth > 0):
            item.collapsed = True
            item.hidden = _subtree_size(node) - 1
            return item
        item.children = [visit(c, depth + 1, not unreached) for c in node.children]
        return item

    root = visit(game.root, 0, True)
    leaf_index = 0

    def place(item: _Item) -> None:
        nonlocal leaf_index
        item.x = float(item.depth)
        if not item.children:
            item.y = -float(leaf_index)
            leaf_index += 1
            return
        for child in item.children:
            place(child)
        item.y = (item.children[0].y + item.children[-1].y) / 2

    place(root)
    return items


def _edge_text(node: Node, index: int) -> str:
    label = node.actions[index]
    if node.kind == "chance":
        return f"{label}  p={short_number(node.probs[index])}"
    return label


def _terminal_text(node: Node, reach: dict[int, float] | None, show_payoffs: bool) -> str:
    text = node.outcome or node.label or f"terminal {node.id}"
    if reach is not None:
        text += f"  [{short_number(reach[node.id])}]"
    if show_payoffs and node.payoffs is not None:
        text += "  (" + ", ".join(short_number(v) for v in node.payoffs) + ")"
    return text


def plot_game_tree(
    game: ExtensiveGame,
    spe: SubgamePerfectSolution | None = None,
    *,
    ax: Axes | None = None,
    max_depth: int | None = None,
    title: str | None = None,
    collapse_unreached: bool = True,
    show_payoffs: bool = True,
    fontsize: float = 7.5,
) -> Axes:
    """Draw an extensive-form game, with the equilibrium path of ``spe`` marked.

    Parameters
    ----------
    game
        A single (unbatched) tree.
    spe
        Optional solution of ``game`` (for example ``GuaranteeSolution.spe``): edges with positive
        reach are drawn thick in orange, the chosen action at unreached nodes dashed orange, and
        terminals show their reach probability in brackets.
    ax
        Axes to draw on; a new figure sized to the tree is made when omitted.
    max_depth
        Draw nodes down to this depth (the root has depth 0); deeper subtrees become markers.
    title
        Axes title (default: the game's title).
    collapse_unreached
        With ``spe``, replace each subtree that play never enters by one marker that gives the
        number of hidden nodes and the value of the subtree to the player who declined it.
    show_payoffs
        Append each terminal's payoff vector (players in ``game.players`` order).
    fontsize
        Size of the node and edge labels.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ValueError
        If the tree is batched (plot one game of the batch).
    """
    if game.batch_shape != ():
        raise ValueError("plot one game: index a batched tree down to a single game first")
    reach = None if spe is None else {k: _scalar(v) for k, v in spe.reach.items()}
    items = _layout(game, reach, max_depth, collapse_unreached and spe is not None)
    leaves = sum(1 for i in items if not i.children)
    depth = max(i.depth for i in items)
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figure_size(leaves, depth))
    parents = {id(c): p for p in items for c in p.children}

    for parent in items:
        for index, child in enumerate(parent.children):
            _draw_edge(ax, game, spe, reach, parent, index, child, fontsize)
    for item in items:
        _draw_node(ax, game, spe, reach, item, parents.get(id(item)), fontsize, show_payoffs)
    _draw_infosets(ax, game, items)

    ax.set_xlim(-0.4, depth + 2.6)
    ax.set_ylim(-(leaves - 1) - 0.8, 0.8)
    ax.set_axis_off()
    ax.set_title(title if title is not None else game.title, fontsize=fontsize + 3)
    ax.legend(
        handles=_legend_handles(game, spe is not None),
        loc="upper left",
        bbox_to_anchor=(0.0, 0.0),
        ncol=4,
        fontsize=fontsize,
        frameon=False,
    )
    return ax


def figure_size(leaves: int, depth: int) -> tuple[float, float]:
    """Figure size in inches that keeps labels apart: ~0.4 in per leaf, 1.9 in per level.

    >>> figure_size(10, 3)
    (11.44, 5.4)
    """
    return (round(1.9 * (depth + 2.6) + 0.8, 2), round(max(3.0, 0.4 * leaves + 1.4), 2))


def _on_path(reach: dict[int, float] | None, child: Node) -> bool:
    return reach is not None and reach[child.id] > REACH_EPSILON


def _chosen(spe: SubgamePerfectSolution | None, node: Node, index: int) -> bool:
    return spe is not None and node.kind == "decision" and int(spe.choice[node.id]) == index


def _draw_edge(
    ax: Axes,
    game: ExtensiveGame,
    spe: SubgamePerfectSolution | None,
    reach: dict[int, float] | None,
    parent: _Item,
    index: int,
    child: _Item,
    fontsize: float,
) -> None:
    # an elbow: a short stub, a vertical run to the child's row, then a horizontal run
    bus = parent.x + BUS_OFFSET
    xs, ys = (parent.x, bus, bus, child.x), (parent.y, parent.y, child.y, child.y)
    if _on_path(reach, child.node):
        ax.plot(xs, ys, color=PATH_COLOUR, lw=2.6, zorder=2, solid_capstyle="round")
    elif _chosen(spe, parent.node, index):
        ax.plot(xs, ys, color=PATH_COLOUR, lw=1.2, ls=(0, (4, 2)), zorder=1.5)
    else:
        ax.plot(xs, ys, color=EDGE_COLOUR, lw=0.8, zorder=1)
    ax.text(
        (bus + child.x) / 2,
        child.y + 0.08,
        _edge_text(parent.node, index),
        fontsize=fontsize,
        ha="center",
        va="bottom",
        zorder=4,
        style="italic" if parent.node.kind == "chance" else "normal",
    )


def _draw_node(
    ax: Axes,
    game: ExtensiveGame,
    spe: SubgamePerfectSolution | None,
    reach: dict[int, float] | None,
    item: _Item,
    parent: _Item | None,
    fontsize: float,
    show_payoffs: bool,
) -> None:
    node = item.node
    if item.collapsed:
        ax.plot(item.x, item.y, marker=">", ms=7, color=COLLAPSED_COLOUR, zorder=3)
        note = f"... {item.hidden} node{'' if item.hidden == 1 else 's'}"
        note += " not reached" if reach is not None and reach[node.id] <= REACH_EPSILON else ""
        if spe is not None and parent is not None and parent.node.kind == "decision":
            mover = parent.node.player
            value = _scalar(spe.values[node.id][mover])
            note += f"; worth {short_number(value)} to {game.players[mover]}"
        ax.text(item.x + 0.12, item.y, note, fontsize=fontsize, va="center", color="#555555")
        return
    if node.is_terminal:
        reached = _on_path(reach, node) or reach is None
        ax.plot(item.x, item.y, marker="s", ms=4, color="black" if reached else "#999999", zorder=3)
        ax.text(
            item.x + 0.1,
            item.y,
            _terminal_text(node, reach, show_payoffs),
            fontsize=fontsize,
            va="center",
            color="black" if reached else "#777777",
            fontweight="bold" if reach is not None and reached else "normal",
        )
        return
    if node.kind == "chance":
        ax.plot(item.x, item.y, marker="D", ms=7, color=CHANCE_COLOUR, mec="#666666", zorder=3)
        label = node.label or "chance"
    else:
        colour = PLAYER_COLOURS[node.player % len(PLAYER_COLOURS)]
        ax.plot(item.x, item.y, marker="o", ms=8, color=colour, mec="black", mew=0.5, zorder=3)
        label = node.label or game.players[node.player]
    ax.text(
        item.x - 0.04,
        item.y - 0.12,
        "\n".join(textwrap.wrap(label, NODE_LABEL_WIDTH)),
        fontsize=fontsize - 1,
        ha="right",
        va="top",
        color="#333333",
        zorder=4,
    )


def _draw_infosets(ax: Axes, game: ExtensiveGame, items: Sequence[_Item]) -> None:
    """Join the drawn members of each non-singleton information set with a dotted line."""
    drawn = {i.node.id: i for i in items if not i.collapsed}
    for player in range(game.n_players):
        for key in game.infosets(player):
            members = [drawn[n.id] for n in game.infoset_members(player, key) if n.id in drawn]
            if len(members) > 1:
                ax.plot(
                    [m.x for m in members],
                    [m.y for m in members],
                    ls=":",
                    lw=1.2,
                    color=PLAYER_COLOURS[player % len(PLAYER_COLOURS)],
                    zorder=1,
                )


def _legend_handles(game: ExtensiveGame, with_path: bool) -> list[Line2D]:
    movers = sorted({n.player for n in game.decision_nodes})
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            ls="",
            color=PLAYER_COLOURS[i % len(PLAYER_COLOURS)],
            mec="black",
            mew=0.5,
            label=game.players[i],
        )
        for i in movers
    ]
    handles.append(
        Line2D([], [], marker="D", ls="", color=CHANCE_COLOUR, mec="#666666", label="chance")
    )
    if with_path:
        handles.append(Line2D([], [], color=PATH_COLOUR, lw=2.6, label="equilibrium path"))
        handles.append(
            Line2D(
                [],
                [],
                color=PATH_COLOUR,
                lw=1.2,
                ls=(0, (4, 2)),
                label="equilibrium choice off the path",
            )
        )
        handles.append(
            Line2D(
                [],
                [],
                marker="s",
                ls="",
                color="black",
                label="outcome [probability] (payoffs: " + ", ".join(game.players) + ")",
            )
        )
    return handles


def save_game_tree(
    game: ExtensiveGame,
    path: str,
    spe: SubgamePerfectSolution | None = None,
    *,
    title: str | None = None,
    max_depth: int | None = None,
    dpi: int = 130,
) -> None:
    """Draw ``game`` (see :func:`plot_game_tree`) on a new figure and save it to ``path``.

    Uses a bare :class:`~matplotlib.figure.Figure`, so no pyplot state is created or leaked.
    """
    items = _layout(
        game,
        None if spe is None else {k: _scalar(v) for k, v in spe.reach.items()},
        max_depth,
        spe is not None,
    )
    leaves = sum(1 for i in items if not i.children)
    fig = Figure(figsize=figure_size(leaves, max(i.depth for i in items)))
    plot_game_tree(game, spe, ax=fig.add_subplot(), max_depth=max_depth, title=title)
    fig.savefig(path, dpi=dpi, bbox_inches="tight")


def write_game_tree(outputs: RunOutputs, bundle: Bundle) -> None:
    """Artifact writer of a run: ``game_tree.png``, the guarantee game with its equilibrium path."""
    solution = outputs.solution
    name = outputs.loaded.scenario.name
    save_game_tree(
        solution.game,
        str(bundle.path / "game_tree.png"),
        solution.spe,
        title=f"{name}: the guarantee game and its subgame-perfect equilibrium path",
    )
    bundle.files.append("game_tree.png")
