"""Readable plain-text summaries of solutions, for the terminal.

The functions take the JSON-ready dictionaries the solvers produce (``GuaranteeSolution.to_dict()``,
``EquilibriumResult.to_dict()``, a sweep's findings), so they also summarise results read back
from a results bundle.

Examples
--------
>>> print(equilibrium_summary({
...     "players": ["Row", "Column"], "concept": "nash", "method": "support",
...     "complete": True, "degenerate": False,
...     "equilibria": [{"payoffs": [1.0, 1.0], "strategies": [[1.0, 0.0], [1.0, 0.0]],
...                     "regret": 0.0}],
... }))
Concept: nash (method: support); 1 equilibrium, complete: yes, degenerate: no
  #  Row       Column    strategies
  1  1.0000    1.0000    Row: [1, 0]; Column: [1, 0]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sim.guarantee.levers import LEVERS
from sim.guarantee.names import ACTOR_KEYS, OUTCOMES, PLAYERS

ACTOR_NAMES: dict[str, str] = dict(zip(ACTOR_KEYS, PLAYERS, strict=True))
"""Display names of the actor keys used in JSON."""

BAR_WIDTH = 30


def ordered_outcomes(probabilities: Mapping[str, float]) -> list[tuple[str, float]]:
    """Outcome probabilities in the canonical order, unknown names last (alphabetically).

    >>> ordered_outcomes({"direct_war": 0.1, "deterred": 0.9})
    [('deterred', 0.9), ('direct_war', 0.1)]
    """
    known = [(k, float(probabilities[k])) for k in OUTCOMES if k in probabilities]
    rest = sorted((k, float(v)) for k, v in probabilities.items() if k not in OUTCOMES)
    return known + rest


def actor_name(key: str) -> str:
    """Display name of an actor key (``united_states`` → ``United States``)."""
    return ACTOR_NAMES.get(key, key.replace("_", " ").capitalize())


def format_threshold(threshold: float | None) -> str:
    """The credibility threshold in words.

    >>> format_threshold(None)
    'none (no automaticity in [0, 1] deters)'
    >>> format_threshold(0.625)
    '0.6250 (automaticity at which the opportunist holds)'
    """
    if threshold is None:
        return "none (no automaticity in [0, 1] deters)"
    return f"{threshold:.4f} (automaticity at which the opportunist holds)"


def robustness_note(solution: Mapping[str, Any], verdict: str) -> str:
    """How robust a verdict is: the share of judgement draws under which it holds.

    ``verdict`` is ``"deterred"``, ``"acceptable"`` or ``"viable"``; empty when the solution
    carries no robustness check.

    >>> robustness_note({"p_deterred_robust": 0.54, "robustness_draws": 256}, "deterred")
    '; deters under 54% of 256 draws of the judgement constants'
    """
    share = solution.get(f"p_{verdict}_robust")
    if share is None:
        return ""
    words = {"deterred": "deters", "acceptable": "accepted", "viable": "viable"}[verdict]
    draws = solution.get("robustness_draws")
    return f"; {words} under {float(share):.0%} of {draws} draws of the judgement constants"


def format_thresholds(thresholds: Mapping[str, float | None]) -> list[str]:
    """Each lever's threshold in words: where it deters (all else fixed), or that no value does.

    >>> format_thresholds({"monitoring": 0.8, "response_delay_days": 20.0, "air_assets": None})
    ['monitoring >= 0.8', 'response_delay_days <= 20', 'no value deters: air_assets']
    """
    found, none = [], []
    for name, value in thresholds.items():
        if value is None:
            none.append(name)
            continue
        lever = LEVERS.get(name)
        sign = "<=" if lever is not None and lever.direction < 0 else ">="
        found.append(f"{name} {sign} {float(value):.4g}")
    return found + ([f"no value deters: {', '.join(none)}"] if none else [])


def verdict_lines(solution: Mapping[str, Any]) -> list[str]:
    """The verdicts of a guarantee solution, each with its robustness: deterrence (of probes and
    of invasion), Russia's reply to an intervention, acceptability, viability, thresholds."""
    deterred, acceptable = bool(solution["deterred"]), bool(solution["acceptable"])
    action = solution["russia_action"]
    lines = [
        f"Deterred (the opportunist holds): {'yes' if deterred else 'no'}"
        + robustness_note(solution, "deterred")
    ]
    if "invasion_deterred" in solution:
        kept = bool(solution["invasion_deterred"])
        lines.append(
            f"Invasion deterred: {'yes' if kept else 'no'}"
            + ("; it probes below the trigger instead" if kept and action == "probe" else "")
        )
    press = solution.get("press_on", "absent")
    if press != "absent":
        lines.append(
            "Facing an intervention, Russia: "
            + (
                "no guarantor would intervene"
                if press is None
                else f"presses on with probability {float(press):.2f}"
                if 0.0 < float(press) < 1.0
                else ("presses on (fights the guarantors)" if press else "backs down")
            )
        )
    margin = float(solution["acceptance_margin"])
    lines.append(
        f"Acceptable to Russia: {'yes' if acceptable else 'no'} (margin {margin:+.3f}: value of a "
        "ceasefire under the guarantee minus value of continuing the war"
        + robustness_note(solution, "acceptable")
        + ")"
    )
    lines.append(
        f"Viable (deters and is acceptable): {'yes' if deterred and acceptable else 'no'}"
        + robustness_note(solution, "viable")
    )
    lines.append(f"Credibility threshold: {format_threshold(solution['credibility_threshold'])}")
    thresholds = solution.get("thresholds")
    if thresholds:
        lines.append("Thresholds (all else fixed): " + "; ".join(format_thresholds(thresholds)))
    return lines


def guarantee_summary(solution: Mapping[str, Any], *, heading: str | None = None) -> str:
    """A readable summary of a guarantee-game solution.

    Parameters
    ----------
    solution
        ``GuaranteeSolution.to_dict()`` (keys ``russia_action``, ``deterred``,
        ``outcome_probabilities``, ``expected_payoffs``, ``credibility_threshold``,
        ``acceptable``, ``acceptance_margin``; optional ``russia_values``, ``ties``, ``regret``).
    heading
        First line (for example the scenario name and hash).

    Returns
    -------
    str
        Russia's choice and whether it is deterred, Russia's value of each action, the outcome
        table with bars, the expected payoffs, the verdicts with their robustness
        (:func:`verdict_lines`), ties and the regret certificate.
    """
    lines: list[str] = []
    if heading:
        lines += [heading, ""]
    verdict = "DETERRED" if solution["deterred"] else "NOT deterred"
    lines.append(f"Russia (opportunist) chooses: {solution['russia_action']}  ->  {verdict}")
    values = solution.get("russia_values") or {}
    if values:
        best = solution["russia_action"]
        parts = [f"{a} {float(v):+.3f}{' *' if a == best else ''}" for a, v in values.items()]
        lines.append("Russia's value of each action: " + ", ".join(parts))
    lines += ["", "Outcome probabilities (hard-liner share included):"]
    for name, p in ordered_outcomes(solution["outcome_probabilities"]):
        bar = "#" * round(p * BAR_WIDTH)
        lines.append(f"  {name:<20} {p:7.4f}  {bar}")
    lines += ["", "Expected payoffs:"]
    for key, value in solution["expected_payoffs"].items():
        lines.append(f"  {actor_name(key):<20} {float(value):+9.3f}")
    lines.append("")
    lines += verdict_lines(solution)
    ties = solution.get("ties") or []
    lines.append("Ties: " + ("none" if not ties else f"{len(ties)}"))
    lines += [f"  - {t}" for t in ties]
    if "regret" in solution:
        lines.append(f"Regret certificate (one-shot deviation): {float(solution['regret']):.2e}")
    return "\n".join(lines)


def _format_numbers(values: Sequence[Any]) -> str:
    return "[" + ", ".join(f"{float(v):.4g}" for v in values) + "]"


def _format_strategy(strategy: Any) -> str:
    """A player's strategy: a probability vector, or one vector per information set."""
    if strategy and isinstance(strategy[0], list | tuple):
        return " ".join(_format_numbers(s) for s in strategy)
    return _format_numbers(strategy)


def dynamics_summary(summary: Mapping[str, Any]) -> str:
    """The repeated game's results (``DynamicsSummary.to_dict()``) as a short text block."""
    median = summary.get("median_quarters_to_invasion")
    lines = [
        f"Repeated game ({summary['replicates']} runs x {summary['quarters']} quarters, "
        f"root seed {summary.get('root_seed', '?')}):",
        f"  P(invasion within horizon)      {summary['p_invasion_within_horizon']:.3f}",
        "  median quarters to invasion     "
        + ("none (most runs see no invasion)" if median is None else f"{median:g}"),
        f"  share of quarters at peace      {summary['share_quarters_at_peace']:.3f}",
        f"  probes per run                  {summary['probes_per_run']:.2f}",
        f"  unanswered probe share          {summary['unanswered_probe_share']:.3f}",
        f"  P(direct guarantor war)         {summary['p_direct_guarantor_war']:.3f}",
        f"  equilibrium consistency         {summary['equilibrium_consistency']:.3f}",
        "  mean costs: "
        + ", ".join(f"{actor_name(k)} {v:.2f}" for k, v in summary["mean_costs"].items()),
    ]
    return "\n".join(lines)


def equilibrium_summary(result: Mapping[str, Any]) -> str:
    """A readable table of the equilibria of ``EquilibriumResult.to_dict()``.

    One row per equilibrium: its payoff to each player and each player's strategy (a probability
    vector over actions; for trees, one vector per information set). Warnings follow the table.
    """
    players = list(result["players"])
    equilibria = result["equilibria"]
    count = len(equilibria)
    plural = "equilibrium" if count == 1 else "equilibria"
    method = result.get("method")
    lines = [
        f"Concept: {result['concept']}"
        + (f" (method: {method})" if method else "")
        + f"; {count} {plural}, complete: {'yes' if result.get('complete') else 'no'}, "
        f"degenerate: {'yes' if result.get('degenerate') else 'no'}"
    ]
    width = max(10, *(len(p) + 2 for p in players))
    lines.append("  #  " + "".join(f"{p:<{width}}" for p in players) + "strategies")
    for i, eq in enumerate(equilibria, start=1):
        pay = "".join(f"{float(v):.4f}".ljust(width - 1) + " " for v in eq["payoffs"])
        strategies = "; ".join(
            f"{p}: {_format_strategy(s)}" for p, s in zip(players, eq["strategies"], strict=True)
        )
        lines.append(f"{i:>3}  {pay}{strategies}")
    for warning in result.get("warnings") or []:
        lines.append(f"warning: {warning}")
    return "\n".join(lines)


def sweep_summary(meta: dict[str, Any], findings: dict[str, Any]) -> str:
    """The terminal summary of ``deter sweep``: what was swept, then the headline findings of
    :func:`sim.analysis.sweep_report.sweep_findings`, one per line."""
    swept = ", ".join(p["path"] for p in meta["parameters"])
    lines = [f"Sweep {meta['scenario']} ({meta['kind']}, {meta['sampler']}): {swept}"]
    shares = [(k, findings.get(f"share_{k}")) for k in ("deterred", "acceptable", "viable")]
    if any(v is not None for _, v in shares):
        lines.append("  " + ", ".join(f"{k} {v:.1%}" for k, v in shares if v is not None))
    best = findings.get("cheapest_viable")
    if best:
        values = ", ".join(f"{k}={v}" for k, v in best["parameters"].items())
        lines.append(f"  cheapest viable design: {values}")
    for path, effect in (findings.get("effects") or {}).items():
        rho = effect.get("spearman")
        detail = f" (rho {rho:+.2f})" if rho is not None else ""
        lines.append(f"  {path}: {effect['direction']}{detail}")
    for output, top in (findings.get("sobol_top") or {}).items():
        names = ", ".join(f"{t['parameter']} {t['ST']:.2f}" for t in top)
        lines.append(f"  largest total Sobol indices of {output}: {names}")
    invasion = findings.get("invasion_within_horizon")
    if invasion:
        lines.append(
            f"  P(invasion within horizon): {invasion['min']:.1%} to {invasion['max']:.1%}"
        )
    for name, share in (findings.get("outcome_shares") or {}).items():
        lines.append(f"  mean P({name}): {share:.1%}")
    return "\n".join(lines)
