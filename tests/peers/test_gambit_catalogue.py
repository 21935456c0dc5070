"""Every game file of Gambit's distribution run through ``solve`` and ``deter solve``, against
pygambit 16.7.

The files are Gambit's ``contrib/games``, ``tests/test_games`` and ``catalog`` (see
``games/README.md``). For each game:

* **pure**: the pure equilibria equal pygambit's ``enumpure_solve`` (count and payoff vectors);
* **nash**, two players: the distinct extreme equilibria equal pygambit's ``enummixed_solve``
  (normal forms: the profiles; trees: their payoff vectors, since the reduced normal forms order
  plans differently). Gambit lists a vertex once per degenerate basis, so its list is
  de-duplicated first;
* **nash**, three or more players: every pure equilibrium is included, and pygambit's own
  ``max_regret`` certifies every profile we return (normal forms);
* **spe** (trees of perfect recall): at least one profile, within the time limit;
* **qre** at λ = 2: pygambit's ``logit_solve_lambda`` profile (strategic on normal forms, agent
  QRE in behaviour strategies on trees of perfect recall, information sets matched by their
  member nodes), unless the result warns that the branch passed a bifurcation point (then the
  branch from the centroid is not unique and Gambit may follow another arm). On trees without
  perfect recall only our residual certificate is checked: there the agent QRE depends on how
  beliefs at an absent-minded set are formed, and Gambit's differs (Shoham & Leyton-Brown's
  Fig. 5.12: 0.478 against our 0.119 for U, which is the logit response to the conditional
  values 1 and 2);
* ``deter solve --json`` exits 0 with JSON, or 2 with a message naming the file (never 1).

A concept the project refuses with a located error (``ValueError``: no perfect recall, a
reduced normal form too large to build, payoffs too large for QRE) is accepted when the reason is
one of :data:`REFUSALS`.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from sim.cli import main
from sim.equilibria.solve import solve
from sim.games.loading import load_game
from sim.games.reduced_normal_form import is_perfect_recall
from sim.games.tree import ExtensiveGame

gbt = pytest.importorskip("pygambit")

ROOT = Path(__file__).parent / "games" / "gambit"
FILES = sorted(p for p in ROOT.rglob("*") if p.suffix in (".nfg", ".efg"))
TIME_LIMIT = 2.0
"""Seconds per concept per game; searches that run out say so (complete=False)."""

SLOW = {
    f"contrib/games/{name}"
    for name in (
        "4cards.efg",
        "5x4x3.nfg",
        "8x2x2.nfg",
        "artist2.efg",
        "bayes2a.efg",
        "condjury.efg",
        "cs.efg",
        "jury_mr.efg",
        "jury_un.efg",
        "montyhal.efg",
        "my_2-8.efg",
        "palf2.efg",
        "work2.efg",
        "work3.efg",
    )
} | {"tests/test_games/el_farol_bar.efg"}
"""Games that take several seconds (marked slow; still run by ``make test``)."""

REFUSALS = (
    "perfect recall",
    "too large",
    "reduced normal form would have",
    "underflow",
    "time limit",
)
"""Reasons for which the project may refuse a concept with a located error."""


def _id(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _params() -> list[object]:
    return [
        pytest.param(p, id=_id(p), marks=[pytest.mark.slow] if _id(p) in SLOW else [])
        for p in FILES
    ]


def _gambit(path: Path) -> object | None:
    """pygambit's game, or None where pygambit 16.7 refuses the file (some older files of
    ``contrib/games`` repeat node or information-set labels, which its parser now rejects)."""
    try:
        return gbt.read_nfg(str(path)) if path.suffix == ".nfg" else gbt.read_efg(str(path))
    except ValueError as error:
        assert "must be unique" in str(error)
        return None


def _distinct(flats: list[np.ndarray], atol: float = 1e-6) -> list[np.ndarray]:
    out: list[np.ndarray] = []
    for flat in flats:
        if not any(np.max(np.abs(flat - other)) <= atol for other in out):
            out.append(flat)
    return out


def _same_sets(ours: list[np.ndarray], theirs: list[np.ndarray], atol: float = 1e-6) -> bool:
    a, b = _distinct(ours, atol), _distinct(theirs, atol)
    return len(a) == len(b) and all(any(np.max(np.abs(x - y)) <= atol for y in b) for x in a)


def _payoff_rows(values: list[list[float]], scale: float) -> list[np.ndarray]:
    return [np.asarray(v, float) / scale for v in values]


SetKey = frozenset[tuple[int, ...]]
"""An information set named by the paths (child indices from the root) of its member nodes:
pygambit 16.7 renumbers a file's information sets in its own order, so sets are matched this way."""


def _our_sets(game: ExtensiveGame, behaviour: list[list[np.ndarray]]) -> dict[SetKey, np.ndarray]:
    paths = game.paths()
    out = {}
    for i in range(game.n_players):
        for key, probs in zip(game.infosets(i), behaviour[i], strict=True):
            members = game.infoset_members(i, key)
            out[frozenset(tuple(k for _, k in paths[n.id]) for n in members)] = probs
    return out


def _gambit_path(node: object) -> tuple[int, ...]:
    path = []
    while node.parent is not None:  # type: ignore[attr-defined]
        parent = node.parent  # type: ignore[attr-defined]
        path.append(list(parent.children).index(node))
        node = parent
    return tuple(reversed(path))


def _gambit_tree_qre(theirs: object, lam: float) -> dict[SetKey, np.ndarray]:
    """pygambit's agent logit QRE of a tree at ``lam``, per information set. (Its
    ``LogitQREMixedBehaviorProfile.profile`` raises in 16.7; indexing the point gives the action
    probabilities in player, information set, action order.)"""
    point = gbt.qre.logit_solve_lambda(theirs, lam=[lam], use_strategic=False)[0]
    out, k = {}, 0
    for player in theirs.players:  # type: ignore[attr-defined]
        for infoset in player.infosets:
            n = len(infoset.actions)
            key = frozenset(_gambit_path(m) for m in infoset.members)
            out[key] = np.array([float(point[k + a]) for a in range(n)])
            k += n
    return out


def _solve_or_refuse(game: object, concept: str, **options: object) -> object | None:
    """The result, or None when the project refuses the concept for a documented reason."""
    try:
        return solve(game, concept, time_limit=TIME_LIMIT, **options)  # type: ignore[arg-type]
    except (ValueError, ArithmeticError) as error:
        assert any(reason in str(error) for reason in REFUSALS), str(error)
        return None


def _gambit_equilibria(solver: object, game: object, **options: object) -> list | None:
    """pygambit's equilibria, or None where pygambit refuses (imperfect recall)."""
    try:
        return list(solver(game, **options).equilibria)  # type: ignore[operator]
    except RuntimeError as error:
        assert "imperfect recall" in str(error)
        return None


def test_catalogue_is_present() -> None:
    assert len(FILES) == 232


@pytest.mark.parametrize("path", _params())
def test_against_pygambit(path: Path) -> None:
    game = load_game(path)
    theirs = _gambit(path)
    tree = isinstance(game, ExtensiveGame)
    payoffs_all = (
        np.array([n.payoffs for n in game.nodes if n.kind == "terminal"], float)
        if tree
        else np.asarray(game.payoffs, float)
    )
    scale = max(1.0, float(np.max(np.abs(payoffs_all))) if payoffs_all.size else 1.0)

    pure = _solve_or_refuse(game, "pure")
    gambit_pure = (
        None
        if theirs is None or pure is None  # Gambit would enumerate a form we refuse as too large
        else _gambit_equilibria(gbt.nash.enumpure_solve, theirs)
    )
    if pure is not None and gambit_pure is not None:
        assert len(pure) == len(gambit_pure)
        gambit_pays = [[float(eq.payoff(p)) for p in theirs.players] for eq in gambit_pure]
        assert _same_sets(
            _payoff_rows([list(eq.payoffs) for eq in pure], scale),
            _payoff_rows(gambit_pays, scale),
        )

    nash = _solve_or_refuse(game, "nash")
    if nash is not None:
        assert len(nash) > 0 or (pure is not None and len(pure) == 0)
        if pure is not None and not tree:
            flats = [np.concatenate(eq.strategies) for eq in nash]
            for eq in pure:
                assert any(np.allclose(np.concatenate(eq.strategies), f) for f in flats)
        gambit_nash = (
            _gambit_equilibria(gbt.nash.enummixed_solve, theirs, rational=False)
            if theirs is not None and len(theirs.players) == 2 and nash.complete
            else None
        )
        if gambit_nash == []:
            # Gambit's enummixed finds nothing on large_payoff_game.efg (payoffs of 1e19); a
            # finite game has an equilibrium, and Gambit's own lcp_solve finds the one we list.
            lcp = gbt.nash.lcp_solve(theirs, rational=False).equilibria
            rows = _payoff_rows([list(eq.payoffs) for eq in nash], scale)
            for eq in lcp:
                row = np.array([float(eq.payoff(p)) for p in theirs.players]) / scale
                assert any(np.allclose(row, r, atol=1e-6) for r in rows)
        elif gambit_nash is not None:
            if tree:
                ours_rows = _payoff_rows([list(eq.payoffs) for eq in nash], scale)
                gambit_rows = _payoff_rows(
                    [[float(eq.payoff(p)) for p in theirs.players] for eq in gambit_nash], scale
                )
                assert _same_sets(ours_rows, gambit_rows)
            else:
                ours_flat = [np.concatenate(eq.strategies) for eq in nash]
                gambit_flat = [
                    np.array([float(eq[s]) for p in theirs.players for s in p.strategies])
                    for eq in gambit_nash
                ]
                assert _same_sets(ours_flat, gambit_flat)
        elif not tree and theirs is not None:
            for eq in nash:
                profile = theirs.mixed_strategy_profile(rational=False)
                for player, probs in zip(theirs.players, eq.strategies, strict=True):
                    for strategy, p in zip(player.strategies, probs, strict=True):
                        profile[strategy] = float(p)
                assert profile.max_regret() <= 1e-7 * scale

    if tree:
        spe = _solve_or_refuse(game, "spe")
        if spe is not None:
            assert len(spe) >= 1

    qre = _solve_or_refuse(game, "qre", lam=2.0)
    if qre is not None:
        assert qre[0].regret <= 1e-8
        bifurcation = any("bifurcation" in w for w in qre.warnings)
        if not tree and not bifurcation and theirs is not None:
            point = gbt.qre.logit_solve_lambda(theirs, lam=[2.0], use_strategic=True)[0]
            gambit_profile = np.array(
                [float(point.profile[s]) for p in theirs.players for s in p.strategies]
            )
            assert np.allclose(np.concatenate(qre[0].strategies), gambit_profile, atol=1e-6)
        if tree and not bifurcation and theirs is not None and is_perfect_recall(game):
            assert isinstance(game, ExtensiveGame)
            ours_by_set = _our_sets(game, qre[0].strategies)
            gambit_by_set = _gambit_tree_qre(theirs, 2.0)
            assert ours_by_set.keys() == gambit_by_set.keys()
            for key, probs in ours_by_set.items():
                assert np.allclose(probs, gambit_by_set[key], atol=1e-6)


@pytest.mark.parametrize("path", _params())
def test_deter_solve_exits_0_or_2(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["solve", str(path), "--json", "--time-limit", str(TIME_LIMIT)])
    out, err = capsys.readouterr()
    assert code in (0, 2), err
    if code == 0:
        assert json.loads(out)["concept"] == "nash"
    else:
        assert str(path) in err and any(reason in err for reason in REFUSALS), err
