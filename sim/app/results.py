"""A design's solution in the words, tables and figure the Guarantee page shows.

:func:`solve_design` is :func:`sim.guarantee.solve_guarantee`; the other functions only format
its :class:`~sim.guarantee.solution.GuaranteeSolution`: Russia's choice, its value of each
action, the outcome probabilities, the verdicts (:func:`sim.analysis.summary.verdict_lines`, the
words of ``deter run``), each lever's threshold, and the game tree with the equilibrium path
(:func:`sim.analysis.game_tree.plot_game_tree`) as PNG bytes.

Examples
--------
>>> from sim.scenario import Scenario
>>> solution = solve_design(Scenario(name="demo", solver={"robustness_draws": 0}))
>>> choice_text(solution)
"Russia's choice: invade"
>>> value_rows(solution)[2][0], value_rows(solution)[2][2]
('invade', 'best')
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from sim.analysis.game_tree import figure_size, plot_game_tree
from sim.analysis.summary import verdict_lines
from sim.analysis.sweep_style import category_text, readable
from sim.app.figures import png_bytes
from sim.guarantee import solve_guarantee
from sim.guarantee.levers import LEVERS
from sim.guarantee.names import RUSSIA_ACTIONS
from sim.guarantee.solution import GuaranteeSolution
from sim.scenario import Scenario

ACTION_MEANING: dict[str, str] = {
    "hold": "keeps the ceasefire: deterred",
    "probe": "a violation below the trigger (gray zone, salami tactics)",
    "invade": "renewed invasion",
}
"""What each of Russia's actions means, for a classroom."""

OUTCOME_MEANING: dict[str, str] = {
    "deterred": "Russia holds",
    "probe_unanswered": "a probe that nobody answers (or nobody detects)",
    "probe_punished": "a detected probe answered with sanctions or support",
    "invasion_unopposed": "invasion, nobody helps: fait accompli",
    "invasion_supported": "invasion, Ukraine fights with support only",
    "russian_retreat": "guarantors intervene, Russia backs down",
    "direct_war": "guarantor forces and Russia at war",
    "catastrophe": "escalation beyond conventional war",
}
"""What each terminal outcome means (names as in docs/model.md §1)."""


def solve_design(scenario: Scenario) -> GuaranteeSolution:
    """The subgame-perfect solution of the scenario's guarantee game (with its thresholds)."""
    return solve_guarantee(scenario)


def choice_text(solution: GuaranteeSolution) -> str:
    """Russia's equilibrium choice in one line (the opportunist's; the hard-liner invades)."""
    return f"Russia's choice: {solution.russia_action}"


def value_rows(solution: GuaranteeSolution) -> list[tuple[str, str, str]]:
    """``(action, value, "best" or "")`` for hold, probe and invade (payoff units, V = 10)."""
    return [
        (
            action,
            f"{solution.russia_values[action]:+.3f}",
            "best" if action == solution.russia_action else "",
        )
        for action in RUSSIA_ACTIONS
    ]


def outcome_rows(solution: GuaranteeSolution) -> list[tuple[str, str, str]]:
    """``(outcome, probability in %, meaning)`` for every outcome, in the canonical order."""
    return [
        (name, f"{100 * p:.1f} %", OUTCOME_MEANING.get(name, ""))
        for name, p in solution.outcome_probabilities.items()
    ]


def threshold_rows(solution: GuaranteeSolution, scenario: Scenario) -> list[tuple[str, str, str]]:
    """``(lever, its value now, where it deters)`` for every numeric lever, all else fixed.

    The threshold is where deterrence (Russia holds) starts or stops along the lever
    (docs/model.md §8): "≥ t" for levers that deter more as they rise, "≤ t" for the response
    delay; "none in range" when no value of the lever deters with everything else as set.
    """
    rows = []
    for name, value in solution.thresholds.items():
        lever = LEVERS[name]
        node: object = scenario
        for part in lever.path.split("."):
            node = getattr(node, part)
        sign = "≥" if lever.direction > 0 else "≤"
        where = (
            f"none in [{lever.low:g}, {lever.high:g}]"
            if value is None
            else f"deters when {sign} {value:.4g}"
        )
        rows.append((readable(lever.path), f"{float(node):g}", where))  # type: ignore[arg-type]
    return rows


def verdicts(solution: GuaranteeSolution) -> list[str]:
    """The verdicts in the words of ``deter run``: deterrence, reply to an intervention,
    acceptability with its margin, viability (without the threshold lines, shown as a table)."""
    return [
        line
        for line in verdict_lines(solution.to_dict())
        if not line.startswith(("Credibility threshold", "Thresholds"))
    ]


def markdown_table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    """A Markdown table, columns aligned left.

    >>> print(markdown_table(("a", "b"), [("1", "2")]))
    | a | b |
    |:--|:--|
    | 1 | 2 |
    """
    lines = ["| " + " | ".join(header) + " |", "|" + ":--|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def game_tree_png(solution: GuaranteeSolution, title: str = "") -> bytes:
    """The solved tree with the equilibrium path (orange) as PNG bytes.

    Subtrees that play never enters are collapsed to one marker each (what they are worth to
    the player who declined them), which keeps the guarantee game readable.
    """
    fig = Figure(figsize=figure_size(30, 9))
    plot_game_tree(solution.game, solution.spe, ax=fig.add_subplot(), title=title or None)
    return png_bytes(fig, dpi=80)


def action_label(action: str) -> str:
    """An action with its meaning, e.g. ``probe: a violation below the trigger ...``."""
    return f"{category_text(action)}: {ACTION_MEANING.get(action, '')}"
