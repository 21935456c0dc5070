"""The one-page Markdown report of a run (``report.md`` in a results bundle).

The report is meant to be read by someone who did not run the model: what the scenario represents,
the guarantee design θ that was evaluated, what Russia does in equilibrium and why (its value of
each action), how likely each outcome is, what each actor can expect, how much automaticity it
takes to deter, whether Russia would accept a ceasefire under this guarantee, any ties, and what
produced the numbers (scenario hash, seed, code version, git commit, command).

Examples
--------
>>> from sim.scenario.schema import Scenario
>>> solution = {
...     "russia_action": "hold", "deterred": True,
...     "outcome_probabilities": {"deterred": 0.95, "direct_war": 0.05},
...     "expected_payoffs": {"russia": 0.1, "ukraine": 1.0},
...     "russia_values": {"hold": 0.0, "probe": -0.5, "invade": -2.0},
...     "credibility_threshold": 0.4, "acceptable": False, "acceptance_margin": -1.5,
...     "regret": 0.0, "ties": [],
... }
>>> text = render_report(Scenario(name="demo"), solution, {"hash": "ab" * 32})
>>> text.splitlines()[0]
'# demo: guarantee scenario report'
>>> "| deterred | 0.9500 |" in text
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sim.analysis.summary import actor_name, ordered_outcomes, verdict_lines
from sim.experiments.manifest import git_state, iso_utc, package_versions
from sim.scenario.schema import Scenario

if TYPE_CHECKING:
    from sim.experiments.bundle import Bundle
    from sim.experiments.run import RunOutputs


def guarantee_rows(scenario: Scenario) -> list[tuple[str, str]]:
    """The guarantee design θ as (parameter, value) rows, units included.

    >>> rows = dict(guarantee_rows(Scenario(name="x")))
    >>> rows["automaticity"], rows["troops_on_ground"]
    ('0.5', '0 thousand')
    """
    g = scenario.guarantee
    members = g.coalition.member_list
    names = ", ".join(m.name for m in members[:6]) + (", ..." if len(members) > 6 else "")
    return [
        ("automaticity", f"{g.automaticity:g}"),
        ("legal_form", g.legal_form),
        ("trigger", g.trigger),
        (
            "coalition",
            f"{len(members)} members ({names or 'none'}); aggregation {g.coalition.aggregation}",
        ),
        ("troops_on_ground", f"{g.troops_on_ground:g} thousand"),
        ("posture", g.posture),
        ("air_assets", f"{g.air_assets} aircraft"),
        ("us_backstop", g.us_backstop),
        ("response_delay_days", f"{g.response_delay_days:g} days"),
        ("snapback_sanctions", f"{g.snapback_sanctions:g}"),
        ("ukraine_strength", f"{g.ukraine_strength:g} thousand"),
        ("conditionality", g.conditionality),
        ("monitoring", f"{g.monitoring:g}"),
        ("duration_years", str(g.duration_years)),
    ]


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def render_report(
    scenario: Scenario,
    solution: Mapping[str, Any],
    provenance: Mapping[str, Any],
    dynamics: Mapping[str, Any] | None = None,
) -> str:
    """The Markdown report of one solved scenario.

    Parameters
    ----------
    scenario
        The resolved scenario.
    solution
        ``GuaranteeSolution.to_dict()``.
    provenance
        What produced the numbers; keys used when present: ``hash``, ``seed``, ``sources``,
        ``command``, ``started`` (datetime), ``versions`` (package → version), ``git``
        (``{"commit", "dirty"}`` or None).
    dynamics
        ``DynamicsSummary.to_dict()`` when the repeated game was run.

    Returns
    -------
    str
        Markdown, about one printed page.
    """
    lines = [f"# {scenario.name}: guarantee scenario report", ""]
    if scenario.description:
        lines += [scenario.description.strip(), ""]

    lines += ["## Guarantee design", ""]
    lines += _table(("parameter", "value"), [(k, v) for k, v in guarantee_rows(scenario)])

    deterred = bool(solution["deterred"])
    lines += ["", "## Equilibrium", ""]
    lines.append(
        f"An opportunistic Russia chooses **{solution['russia_action']}**: it is "
        f"**{'deterred' if deterred else 'not deterred'}** (subgame-perfect equilibrium; "
        f"a hard-liner share of {scenario.actors.russia.hardliner_share:g} attacks regardless)."
    )
    values = solution.get("russia_values") or {}
    if values:
        lines += ["", "Russia's (opportunist's) expected value of each action:", ""]
        rows = [
            (a, f"{float(v):+.4f}" + (" (chosen)" if a == solution["russia_action"] else ""))
            for a, v in values.items()
        ]
        lines += _table(("action", "value"), rows)

    lines += ["", "## Outcomes and payoffs", ""]
    lines += _table(
        ("outcome", "probability"),
        [(k, f"{p:.4f}") for k, p in ordered_outcomes(solution["outcome_probabilities"])],
    )
    lines.append("")
    lines += _table(
        ("actor", "expected payoff"),
        [(actor_name(k), f"{float(v):+.4f}") for k, v in solution["expected_payoffs"].items()],
    )

    lines += ["", "## Verdicts, thresholds and robustness", ""]
    lines += [f"- {line}." for line in verdict_lines(solution)]
    ties = list(solution.get("ties") or [])
    lines.append(
        "- Ties: none; the equilibrium is unique in pure strategies."
        if not ties
        else f"- Ties ({len(ties)}; broken towards the less escalatory action):"
    )
    lines += [f"  - {t}" for t in ties]

    if dynamics:
        lines += ["", "## Repeated game", ""]
        lines += _table(("statistic", "value"), [(k, _plain(v)) for k, v in dynamics.items()])

    lines += ["", "## Provenance", ""]
    lines += _provenance_lines(scenario, solution, provenance)
    return "\n".join(lines) + "\n"


def _plain(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {_plain(v)}" for k, v in value.items())
    return "n/a" if value is None else str(value)


def _provenance_lines(
    scenario: Scenario, solution: Mapping[str, Any], provenance: Mapping[str, Any]
) -> list[str]:
    lines = []
    if "hash" in provenance:
        lines.append(f"- Scenario hash: `{provenance['hash']}`; root seed {scenario.seed}.")
    if provenance.get("sources"):
        lines.append("- Scenario files: " + ", ".join(f"`{s}`" for s in provenance["sources"]))
    regret = solution.get("regret")
    lines.append(
        "- Solved by backward induction on the guarantee game (perfect information with chance), "
        + (
            f"certified by a one-shot-deviation regret of {float(regret):.2e} "
            f"(tolerance {scenario.solver.tolerance:g})."
            if regret is not None
            else "certified by the one-shot-deviation principle."
        )
    )
    versions = provenance.get("versions")
    if versions:
        lines.append("- Versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()) + ".")
    git = provenance.get("git")
    if git:
        lines.append(
            f"- Git commit `{git['commit']}`"
            + (" with uncommitted changes." if git.get("dirty") else ".")
        )
    if provenance.get("command"):
        lines.append("- Command: `" + " ".join(provenance["command"]) + "`")
    if provenance.get("started") is not None:
        lines.append(f"- Run started {iso_utc(provenance['started'])}.")
    return lines


def write_report(outputs: RunOutputs, bundle: Bundle) -> None:
    """Artifact writer of a run: ``report.md``."""
    loaded = outputs.loaded
    provenance = {
        "hash": loaded.hash,
        "sources": [str(s) for s in loaded.sources],
        "command": list(outputs.command),
        "started": outputs.started,
        "versions": package_versions(),
        "git": git_state(),
    }
    text = render_report(loaded.scenario, outputs.solution.to_dict(), provenance, outputs.dynamics)
    bundle.write_text("report.md", text)
