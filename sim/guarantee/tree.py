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

PLEDGES = ("pledge_e_probe", "pledge_e_invade", "pledge_us_probe", "pledge_us_invade")
"""The fields that set the tree's shape (which single action a committed guarantor has)."""


# --------------------------------------------------------------------------------------------
# Terminal payoffs
# --------------------------------------------------------------------------------------------
def fait_accompli(p: GuaranteeParameters, prompt: bool) -> Number:
    r"""Russia's fait-accompli share: :math:`f(d)` when some committed guarantor responds (an
    automatic response bites after the delay d), :math:`f(d + \Delta)` when only uncommitted ones
    do (a discretionary response needs deliberation Δ first)."""
    return p.fait_accompli if prompt else p.fait_accompli_late


def probe_payoffs(
    p: GuaranteeParameters, detected: bool, e: int, u: int, prompt: bool = True
) -> list[Number]:
    """Payoffs (Russia, Ukraine, US, coalition) after a probe; ``e``, ``u`` response levels,
    ``prompt`` whether a committed guarantor responded (:func:`fait_accompli`).

    Notes
    -----
    Undetected: :math:`(g, -g, -\varepsilon S_{US}, -\varepsilon S_E)`. Detected and
    unanswered: Russia pays the automatic share :math:`s C_p` of the probe's proportionate
    sanctions :math:`C_p`; each guarantor with a pledge pays its audience cost
    :math:`A_j \\cdot \text{shortfall}`. Punished (any response): the response undoes all but the
    fait-accompli share, so Russia keeps :math:`f g` and pays :math:`C_p`; a responding guarantor
    pays its support cost :math:`k_j`; stakes erode by :math:`f \varepsilon S_j`.
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
    share = fait_accompli(p, prompt) if punished else 1.0
    russia = share * g - (p.probe_sanctions if punished else p.snapback * p.probe_sanctions)
    us = (
        -share * p.probe_erosion * p.stake_us
        - p.support_cost_us * (u > 0)
        - p.audience_us_probe * terms.shortfall(p.pledge_us_probe, u)
    )
    co = (
        -share * p.probe_erosion * p.stake_e
        - p.support_cost_e * (e > 0)
        - p.audience_e_probe * terms.shortfall(p.pledge_e_probe, e)
    )
    return [russia, -share * g + 0.0 * russia, us, co]


def defence(p: GuaranteeParameters, e: int, u: int) -> tuple[Number, Number]:
    r"""The force Russia fights after responses ``(e, u)``, and the guarantors' combat power in it.

    Notes
    -----
    :math:`F_D = F_U (1 + b_E[e \ge 1] + b_{US}[u \ge 1]) + G`, with the intervening guarantors'
    power :math:`G = (P_E + P_{in\,place})[e = 2] + P_{US}[u = 2]`: support multiplies Ukraine's
    force (arms, intelligence), intervention adds the guarantors' own.
    """
    boost = p.boost_e * (e > 0) + p.boost_us * (u > 0)
    guarantors = (p.power_e + p.power_in_place) * (e == 2) + p.power_us * (u == 2)
    return p.ukraine_force * (1.0 + boost) + guarantors, guarantors


def catastrophe_probability(p: GuaranteeParameters, e: int, u: int) -> Number:
    r""":math:`q = \min(1, q_0 (1 + e)\,G/F_D)` (:func:`terms.escalation_probability`)."""
    force, guarantors = defence(p, e, u)
    return terms.escalation_probability(p.escalation_risk, p.exposure, guarantors / force)


def invasion_payoffs(
    p: GuaranteeParameters, e: int, u: int, reply: str, prompt: bool = True
) -> list[Number]:
    """Payoffs (Russia, Ukraine, US, coalition) after an invasion.

    ``reply`` is ``"none"`` when nobody intervenes, else ``"back_down"``, ``"press_on"`` (no
    catastrophe) or ``"catastrophe"``; ``prompt`` whether a committed guarantor responded
    (:func:`fait_accompli`).

    Notes
    -----
    A war is a lottery decided at its end (:func:`terms.war_value`:
    :math:`W(x, k) = \\delta^D x V - \\bar a_D k`, :math:`\\bar a_D = (1-\\delta^D)/(1-\\delta)`)
    whose yearly cost grows with the force Russia fights. With :math:`p_0 = p(F_U)` against
    Ukraine alone and :math:`p_r = p(F_D)` against the defence of :func:`defence`, Russia's
    expected share is :math:`x = f p_0 + (1-f) p_r` (the fait accompli before the response
    bites, later when only uncommitted guarantors respond) and the war's yearly cost
    :math:`c_w \\bar F / F_R + s_y`, with :math:`\\bar F = f F_U + (1-f) F_D` the force fought on
    average.

    - unopposed: Russia :math:`W(p_0, c_w F_U/F_R + s\\,s_y)` (only the automatic sanctions);
    - supported: Russia :math:`W(x, c_w \\bar F/F_R + s_y)`;
    - retreat (Russia backs down facing intervention and withdraws): Russia :math:`-c_b - s_y`
      (humiliation and a year of sanctions);
    - direct war: Russia :math:`W(x, c_w \\bar F/F_R + s_y) - c_d`;
    - catastrophe: Russia, Ukraine and the guarantors that intervened pay :math:`-C`; a guarantor
      that stayed out loses Ukraine (:math:`-S_j`).

    Ukraine loses Russia's prize share and pays :math:`\\bar a_D c_w` (a war against Russia's
    force); guarantor j loses :math:`S_j x` and pays its support cost :math:`k_j` if it
    responded, :math:`k_i P_j` if it intervened and Russia backed down, :math:`k_w P_j` if it
    fought (costs grow with the force it commits), and :math:`A_j \\cdot \text{shortfall}` for
    falling short of its pledge (except in a catastrophe).
    """
    if reply == "catastrophe":
        # Russia, Ukraine and the guarantors that fought pay C; one that stayed out loses Ukraine
        c = -p.catastrophe_cost + 0.0 * p.conquest_value
        return [c, c, c if u == 2 else -p.stake_us + 0.0 * c, c if e == 2 else -p.stake_e + 0.0 * c]
    V, f, D, d = p.conquest_value, fait_accompli(p, prompt), p.war_years, p.discount
    fu, fr = p.ukraine_force, p.russia_force
    p0 = terms.contest_success(fr, fu, p.contest_exponent)
    audience_us = p.audience_us_invade * terms.shortfall(p.pledge_us_invade, u)
    audience_e = p.audience_e_invade * terms.shortfall(p.pledge_e_invade, e)
    ukraine_cost = terms.war_value(0.0, V, p.war_cost, D, d)
    if e == 0 and u == 0:
        yearly = p.war_cost * fu / fr + p.snapback * p.sanctions_cost
        return [
            terms.war_value(p0, V, yearly, D, d),
            -p0 * V + ukraine_cost,
            -p.stake_us * p0 - audience_us,
            -p.stake_e * p0 - audience_e,
        ]
    force, _ = defence(p, e, u)
    x = f * p0 + (1.0 - f) * terms.contest_success(fr, force, p.contest_exponent)
    cost_us = p.support_cost_us * (u > 0) + audience_us
    cost_e = p.support_cost_e * (e > 0) + audience_e
    power_us = p.power_us * (u == 2)
    power_e = (p.power_e + p.power_in_place) * (e == 2)
    if reply == "back_down":
        return [
            -p.back_down_cost - p.sanctions_cost + 0.0 * fu,
            0.0 * fu,
            -cost_us - p.intervention_cost * power_us,
            -cost_e - p.intervention_cost * power_e,
        ]
    yearly = p.war_cost * (f * fu + (1.0 - f) * force) / fr + p.sanctions_cost
    russia = terms.war_value(x, V, yearly, D, d)
    if reply == "none":
        return [russia, -x * V + ukraine_cost, -p.stake_us * x - cost_us, -p.stake_e * x - cost_e]
    if reply == "press_on":
        war = p.direct_war_cost_guarantor
        return [
            russia - p.direct_war_cost_russia,
            -x * V + ukraine_cost,
            -p.stake_us * x - cost_us - war * power_us,
            -p.stake_e * x - cost_e - war * power_e,
        ]
    raise ValueError(f"unknown reply {reply!r}")


# --------------------------------------------------------------------------------------------
# The tree and its named nodes
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ResponseBlock:
    """The guarantors' responses below one Russian first move (after detection, for a probe);
    :attr:`GuaranteeTree.blocks` keys each by the move and the mover's type.

    Attributes
    ----------
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
    replies
        Russia's decision nodes facing an intervention in this block (``back_down``,
        ``press_on``; the hard-liner's offer ``press_on`` only).
    """

    levels: tuple[int, ...]
    detection: Node | None
    coalition_draw: Node
    coalition_committed: Node
    coalition_free: Node
    us_draws: dict[tuple[bool, int], Node]
    replies: tuple[Node, ...] = ()


@dataclass(frozen=True)
class TerminalPath:
    """What happened on the path to one terminal.

    ``coalition`` and ``us`` are ``(level, committed)`` pairs, or None where the guarantor did
    not move (nothing to answer); ``block`` is the :class:`ResponseBlock` passed through, if any.
    """

    action: str
    hardliner: bool
    coalition: tuple[int, bool] | None
    us: tuple[int, bool] | None
    block: ResponseBlock | None = None


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
    for name in PLEDGES:
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
    paths = {}
    for node in game.terminal_nodes:
        path = builder.paths[id(node)]
        if path.coalition is not None:
            path = replace(path, block=builder.blocks[(path.action, path.hardliner)])
        paths[node.id] = path
    return GuaranteeTree(game, opportunist, hardliner, builder.blocks, paths)


class _Builder:
    """Builds the nodes of one tree and remembers the named ones."""

    def __init__(self, p: GuaranteeParameters):
        self.p = p
        self.blocks: dict[tuple[str, bool], ResponseBlock] = {}
        self.paths: dict[int, TerminalPath] = {}
        self.replies: list[Node] = []

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
            levels, None, draw, committed, free, us_draws, tuple(self.replies)
        )
        self.replies.clear()
        return draw

    def outcome(self, action: str, e: int, u: int, path: TerminalPath) -> Node:
        p = self.p
        assert path.coalition is not None and path.us is not None
        prompt = (e > 0 and path.coalition[1]) or (u > 0 and path.us[1])
        if action == "probe":
            name = "probe_punished" if e > 0 or u > 0 else "probe_unanswered"
            return self.leaf(probe_payoffs(p, True, e, u, prompt), name, path)
        if e < 2 and u < 2:
            name = "invasion_supported" if e > 0 or u > 0 else "invasion_unopposed"
            return self.leaf(invasion_payoffs(p, e, u, "none", prompt), name, path)
        q = np.asarray(catastrophe_probability(p, e, u), float)
        press_on = chance(
            [
                (
                    "catastrophe",
                    q,
                    self.leaf(
                        invasion_payoffs(p, e, u, "catastrophe", prompt), "catastrophe", path
                    ),
                ),
                (
                    "contained",
                    1 - q,
                    self.leaf(invasion_payoffs(p, e, u, "press_on", prompt), "direct_war", path),
                ),
            ],
            label="escalation",
        )
        if path.hardliner:
            reply = decision(
                RUSSIA, {"press_on": press_on}, label="Russia (hard-liner) facing intervention"
            )
        else:
            back_down = self.leaf(
                invasion_payoffs(p, e, u, "back_down", prompt), "russian_retreat", path
            )
            reply = decision(
                RUSSIA,
                {"back_down": back_down, "press_on": press_on},
                label="Russia facing intervention",
            )
        self.replies.append(reply)
        return reply
