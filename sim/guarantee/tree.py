"""The guarantee game of DESIGN.md §3 as a perfect-information tree with chance: its one home.

One crisis round. Nature draws Russia's type (a hard-liner with probability ``h``, a behavioural
commitment type in the sense of Kreps & Wilson 1982 that always invades and always presses on;
otherwise an opportunist). Russia holds, probes or invades. A probe is detected with probability
``monitoring``. The European coalition, then the United States, respond; before each moves, nature
draws whether it is *committed* (then it acts exactly as pledged) with probability κ. Facing any
intervention, Russia backs down or presses on, and pressing on ends in catastrophe with
probability ``q``.

Guarantors observe the scale of the attack, hence Russia's type: this keeps every information set
a singleton. Russia does not observe the commitment draws, but as they sit after its move the
subgame-perfect equilibrium of this tree is the perfect Bayesian equilibrium of Russia's
uncertainty about commitment (its belief is the prior κ).

Every rule of the round is written here once: the terminal payoffs (:func:`probe_payoffs`,
:func:`invasion_payoffs`) and the tree (:func:`build_guarantee_game`). A tree's numbers may be
arrays over a parameter grid; one backward-induction pass then solves the whole grid
(:mod:`sim.guarantee.grid`). The builder returns a :class:`GuaranteeTree`, which names the nodes
that solvers and the repeated model read (:class:`ResponseBlock`) and what happened on the path to
every terminal (:class:`TerminalPath`), so nothing downstream parses labels. ``docs/model.md``
gives every formula.

Examples
--------
>>> from sim.scenario.schema import Scenario
>>> from sim.guarantee.parameters import guarantee_parameters
>>> tree = build_guarantee_game(guarantee_parameters(Scenario(name="demo")))
>>> tree.game.players[0], tree.game.root.actions
('Russia', ('opportunist', 'hardliner'))
>>> tree.opportunist.actions
('hold', 'probe', 'invade')
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from sim.games.tree import ExtensiveGame, Node, chance, decision, terminal
from sim.guarantee import terms
from sim.guarantee.names import COALITION, PLAYERS, RESPONSES, RUSSIA, US
from sim.guarantee.parameters import GuaranteeParameters, Number

TITLE = "Guarantee game (one crisis round)"


# --------------------------------------------------------------------------------------------
# Terminal payoffs
# --------------------------------------------------------------------------------------------
def probe_payoffs(p: GuaranteeParameters, detected: bool, e: int, u: int) -> list[Number]:
    """Payoffs (Russia, Ukraine, US, coalition) after a probe; ``e``, ``u`` response levels.

    Notes
    -----
    Undetected: :math:`(g, -g, -\\varepsilon S_{US}, -\\varepsilon S_E)`. Detected and
    unanswered: Russia pays the snapback :math:`s C_s`; each guarantor with a pledge also pays its
    audience cost :math:`A_j \\cdot \\text{shortfall}`. Punished (any response): Russia keeps the
    fait-accompli share :math:`f g` and pays full sanctions :math:`C_s`; a responding guarantor pays
    :math:`k_s`; stakes erode by :math:`f \\varepsilon S_j`.
    """
    g = p.probe_gain
    if not detected:
        return [
            g + 0.0 * p.snapback,
            -g + 0.0 * p.snapback,
            -p.probe_erosion * p.stake_us,
            -p.probe_erosion * p.stake_e,
        ]
    punished = e > 0 or u > 0
    share = p.fait_accompli if punished else 1.0
    russia = share * g - (p.sanctions_cost if punished else p.snapback * p.sanctions_cost)
    ukraine = -share * g
    us = (
        -share * p.probe_erosion * p.stake_us
        - p.support_cost * (u > 0)
        - p.audience_us_probe * terms.shortfall(p.pledge_us_probe, u)
    )
    co = (
        -share * p.probe_erosion * p.stake_e
        - p.support_cost * (e > 0)
        - p.audience_e_probe * terms.shortfall(p.pledge_e_probe, e)
    )
    return [russia, ukraine, us, co]


def invasion_payoffs(p: GuaranteeParameters, e: int, u: int, reply: str) -> list[Number]:
    """Payoffs (Russia, Ukraine, US, coalition) after an invasion.

    ``reply`` is ``"none"`` when nobody intervenes, else ``"back_down"``, ``"press_on"`` (no
    catastrophe) or ``"catastrophe"``.

    Notes
    -----
    With :math:`p_0 = \\text{CSF}(F_R, F_U)` and, against the response,
    :math:`p_r = \\text{CSF}(F_R, F_U(1 + b_E[e\\ge1] + b_{US}[u\\ge1]) + P_E[e=2] + P_{US}[u=2])`,
    Russia's expected share of Ukraine is :math:`x = f p_0 + (1-f) p_r`.

    - unopposed: Russia :math:`p_0 V - c_w - s C_s`; Ukraine :math:`-p_0 V - c_w`;
      guarantor j :math:`-S_j p_0`;
    - supported: Russia :math:`x V - c_w - C_s`; Ukraine :math:`-x V - c_w`;
      guarantor j :math:`-S_j x - k_s[\\ell_j \\ge 1]`;
    - retreat: Russia :math:`f(p_0 V - c_w) - c_b - C_s`; Ukraine :math:`-f(p_0 V + c_w)`;
      guarantor j :math:`-S_j f p_0 - k_s[\\ell_j\\ge1] - k_i[\\ell_j=2]`;
    - direct war: Russia :math:`x V - c_w - c_d - C_s`; Ukraine :math:`-x V - c_w`;
      guarantor j :math:`-S_j x - k_s[\\ell_j\\ge1] - k_w[\\ell_j=2]`;
    - catastrophe: every actor :math:`-C`.

    Each guarantor also pays the audience cost :math:`A_j \\cdot \\text{shortfall}(\\ell_j)`
    except in a catastrophe.
    """
    if reply == "catastrophe":
        c = -p.catastrophe_cost + 0.0 * p.conquest_value
        return [c, c, c, c]
    V, f = p.conquest_value, p.fait_accompli
    p0 = terms.contest_success(p.russia_force, p.ukraine_force, p.contest_exponent)
    audience_us = p.audience_us_invade * terms.shortfall(p.pledge_us_invade, u)
    audience_e = p.audience_e_invade * terms.shortfall(p.pledge_e_invade, e)
    if e == 0 and u == 0:
        return [
            p0 * V - p.war_cost_russia - p.snapback * p.sanctions_cost,
            -p0 * V - p.war_cost_russia,
            -p.stake_us * p0 - audience_us,
            -p.stake_e * p0 - audience_e,
        ]
    boost = p.boost_e * (e > 0) + p.boost_us * (u > 0)
    force = terms.supported_force(p.ukraine_force, boost)
    force = force + (p.power_e + p.power_in_place) * (e == 2) + p.power_us * (u == 2)
    x = f * p0 + (1.0 - f) * terms.contest_success(p.russia_force, force, p.contest_exponent)
    cost_us = p.support_cost * (u > 0)
    cost_e = p.support_cost * (e > 0)
    if reply == "none":
        return [
            x * V - p.war_cost_russia - p.sanctions_cost,
            -x * V - p.war_cost_russia,
            -p.stake_us * x - cost_us - audience_us,
            -p.stake_e * x - cost_e - audience_e,
        ]
    if reply == "back_down":
        return [
            f * (p0 * V - p.war_cost_russia) - p.back_down_cost - p.sanctions_cost,
            -f * (p0 * V + p.war_cost_russia),
            -p.stake_us * f * p0 - cost_us - p.intervention_cost * (u == 2) - audience_us,
            -p.stake_e * f * p0 - cost_e - p.intervention_cost * (e == 2) - audience_e,
        ]
    if reply == "press_on":
        war_g = p.direct_war_cost_guarantor
        return [
            x * V - p.war_cost_russia - p.direct_war_cost_russia - p.sanctions_cost,
            -x * V - p.war_cost_russia,
            -p.stake_us * x - cost_us - war_g * (u == 2) - audience_us,
            -p.stake_e * x - cost_e - war_g * (e == 2) - audience_e,
        ]
    raise ValueError(f"unknown reply {reply!r}")


# --------------------------------------------------------------------------------------------
# The tree and its named nodes
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ResponseBlock:
    """The guarantors' responses below one Russian first move (after detection, for a probe).

    Attributes
    ----------
    action, hardliner
        The first move (``"probe"`` or ``"invade"``) and the mover's type.
    levels
        Response levels open to an uncommitted guarantor (``(0, 1)`` after a probe).
    detection
        The detection draw above the block (``detected``, ``undetected``), or None (an invasion).
    coalition_draw
        The coalition's commitment draw (``committed``, ``uncommitted``).
    coalition_committed, coalition_free
        The committed coalition's node (its pledge is the single action) and the uncommitted one.
    us_draws
        The US commitment draw after each coalition move: key ``(committed, level)`` with
        ``committed`` the coalition's branch.
    """

    action: str
    hardliner: bool
    levels: tuple[int, ...]
    detection: Node | None
    coalition_draw: Node
    coalition_committed: Node
    coalition_free: Node
    us_draws: dict[tuple[bool, int], Node]


@dataclass(frozen=True)
class TerminalPath:
    """What happened on the path to one terminal.

    ``coalition`` and ``us`` are ``(level, committed)`` pairs, or None where the guarantor did
    not move (nothing to answer).
    """

    action: str
    hardliner: bool
    coalition: tuple[int, bool] | None
    us: tuple[int, bool] | None


@dataclass(frozen=True)
class GuaranteeTree:
    """The guarantee game's tree with its named nodes.

    Attributes
    ----------
    game
        The tree.
    opportunist, hardliner
        Russia's two decision nodes (the hard-liner's has the single action ``invade``).
    blocks
        ``(first move, hard-liner?)`` → :class:`ResponseBlock`: ``("probe", False)``,
        ``("invade", False)`` and ``("invade", True)``.
    paths
        Terminal node id → :class:`TerminalPath`.
    """

    game: ExtensiveGame
    opportunist: Node
    hardliner: Node
    blocks: dict[tuple[str, bool], ResponseBlock]
    paths: dict[int, TerminalPath]

    def first_moves(self) -> tuple[Node, Node, Node, Node]:
        """The nodes below the opportunist's hold, probe, invade and the hard-liner's invasion."""
        hold, probe, invade = self.opportunist.children
        return (hold, probe, invade, self.hardliner.children[0])


def catastrophe_probability(p: GuaranteeParameters) -> Number:
    """:math:`q = \\min(1, q_0 (1 + e))` (see :func:`terms.escalation_probability`)."""
    return terms.escalation_probability(p.escalation_risk, p.exposure)


def build_guarantee_game(params: GuaranteeParameters) -> GuaranteeTree:
    """The guarantee game as a :class:`GuaranteeTree` (scalar or batched numbers).

    The pledged levels (``pledge_*``) must be scalars: they fix which single action a committed
    guarantor has, hence the shape of the tree (:mod:`sim.guarantee.grid` groups grid points by
    pledge). Every other field may be an array.

    Examples
    --------
    >>> from sim.scenario.schema import Scenario
    >>> from sim.guarantee.parameters import guarantee_parameters
    >>> from sim.guarantee.names import OUTCOMES
    >>> tree = build_guarantee_game(guarantee_parameters(Scenario(name="demo")))
    >>> sorted({n.outcome for n in tree.game.terminal_nodes}) == sorted(OUTCOMES)
    True
    """
    for name in ("pledge_e_probe", "pledge_e_invade", "pledge_us_probe", "pledge_us_invade"):
        if np.ndim(getattr(params, name)) != 0:
            raise ValueError(f"{name} must be a scalar to build a tree (it sets the tree's shape)")
    builder = _Builder(params)
    h = params.hardliner_share
    opportunist = builder.russia(hardliner=False)
    hardliner = builder.russia(hardliner=True)
    root = chance(
        [("opportunist", 1.0 - np.asarray(h, float), opportunist), ("hardliner", h, hardliner)],
        label="Russia's type",
    )
    game = ExtensiveGame(PLAYERS, root, title=TITLE)
    paths = {node.id: builder.paths[id(node)] for node in game.terminal_nodes}
    return GuaranteeTree(game, opportunist, hardliner, builder.blocks, paths)


class _Builder:
    """Builds the nodes of one tree and remembers the named ones."""

    def __init__(self, p: GuaranteeParameters):
        self.p = p
        self.blocks: dict[tuple[str, bool], ResponseBlock] = {}
        self.paths: dict[int, TerminalPath] = {}

    def leaf(self, payoffs: list[Number], outcome: str, path: TerminalPath) -> Node:
        node = terminal(payoffs, outcome=outcome)
        self.paths[id(node)] = path
        return node

    def russia(self, *, hardliner: bool) -> Node:
        p = self.p
        who = "hard-liner" if hardliner else "opportunist"
        invade = self.responses("invade", hardliner=hardliner)
        if hardliner:
            return decision(RUSSIA, {"invade": invade}, label=f"Russia ({who})")
        hold = self.leaf([0.0, 0.0, 0.0, 0.0], "deterred", TerminalPath("hold", False, None, None))
        m = np.asarray(p.monitoring, float)
        undetected = self.leaf(
            probe_payoffs(p, False, 0, 0),
            "probe_unanswered",
            TerminalPath("probe", False, None, None),
        )
        detected = self.responses("probe", hardliner=False)
        probe = chance(
            [("detected", m, detected), ("undetected", 1 - m, undetected)],
            label="probe detected?",
        )
        key = ("probe", False)
        self.blocks[key] = replace(self.blocks[key], detection=probe)
        return decision(
            RUSSIA, {"hold": hold, "probe": probe, "invade": invade}, label=f"Russia ({who})"
        )

    def responses(self, action: str, *, hardliner: bool) -> Node:
        """Coalition commitment draw, coalition move, US draw, US move, then the outcome."""
        p = self.p
        probe = action == "probe"
        levels = (0, 1) if probe else (0, 1, 2)
        kappa_e = np.asarray(p.kappa_e_probe if probe else p.kappa_e_invade, float)
        kappa_us = np.asarray(p.kappa_us_probe if probe else p.kappa_us_invade, float)
        pledge_e = int(p.pledge_e_probe if probe else p.pledge_e_invade)
        pledge_us = int(p.pledge_us_probe if probe else p.pledge_us_invade)
        us_draws: dict[tuple[bool, int], Node] = {}

        def us_stage(e_committed: bool, e: int) -> Node:
            def after(u: int, u_committed: bool) -> Node:
                path = TerminalPath(action, hardliner, (e, e_committed), (u, u_committed))
                return self.outcome(action, e, u, path)

            committed = decision(
                US, {RESPONSES[pledge_us]: after(pledge_us, True)}, label="US (committed)"
            )
            free = decision(US, {RESPONSES[u]: after(u, False) for u in levels}, label="US")
            draw = chance(
                [("committed", kappa_us, committed), ("uncommitted", 1 - kappa_us, free)],
                label="US committed?",
            )
            us_draws[(e_committed, e)] = draw
            return draw

        committed = decision(
            COALITION,
            {RESPONSES[pledge_e]: us_stage(True, pledge_e)},
            label="coalition (committed)",
        )
        free = decision(
            COALITION, {RESPONSES[e]: us_stage(False, e) for e in levels}, label="coalition"
        )
        draw = chance(
            [("committed", kappa_e, committed), ("uncommitted", 1 - kappa_e, free)],
            label="coalition committed?",
        )
        self.blocks[(action, hardliner)] = ResponseBlock(
            action, hardliner, levels, None, draw, committed, free, us_draws
        )
        return draw

    def outcome(self, action: str, e: int, u: int, path: TerminalPath) -> Node:
        p = self.p
        if action == "probe":
            name = "probe_punished" if e > 0 or u > 0 else "probe_unanswered"
            return self.leaf(probe_payoffs(p, True, e, u), name, path)
        if e < 2 and u < 2:
            name = "invasion_supported" if e > 0 or u > 0 else "invasion_unopposed"
            return self.leaf(invasion_payoffs(p, e, u, "none"), name, path)
        q = np.asarray(catastrophe_probability(p), float)
        press_on = chance(
            [
                (
                    "catastrophe",
                    q,
                    self.leaf(invasion_payoffs(p, e, u, "catastrophe"), "catastrophe", path),
                ),
                (
                    "contained",
                    1 - q,
                    self.leaf(invasion_payoffs(p, e, u, "press_on"), "direct_war", path),
                ),
            ],
            label="escalation",
        )
        if path.hardliner:
            return decision(
                RUSSIA, {"press_on": press_on}, label="Russia (hard-liner) facing intervention"
            )
        back_down = self.leaf(invasion_payoffs(p, e, u, "back_down"), "russian_retreat", path)
        return decision(
            RUSSIA,
            {"back_down": back_down, "press_on": press_on},
            label="Russia facing intervention",
        )
