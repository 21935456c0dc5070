"""Load a game from a file: Gambit ``.nfg`` / ``.efg``, or a scenario YAML with a ``game:`` block.

One entry point, :func:`load_game`, dispatches on the file's suffix:

- ``.nfg``: :func:`sim.games.gambit_nfg.read_nfg` → :class:`~sim.games.normal_form.NormalFormGame`;
- ``.efg``: :func:`sim.games.gambit_efg.read_efg` → :class:`~sim.games.tree.ExtensiveGame`;
- ``.yaml`` / ``.yml``: the scenario loader (``extends:`` and ``--set`` overrides included), then
  :func:`sim.games.from_spec.game_from_spec` on the scenario's ``game:`` block. A guarantee
  scenario without ``game:`` is not an explicit game: it is solved by the guarantee solver.

Examples
--------
>>> chicken = Path(__file__).parents[2] / "scenarios" / "canon" / "chicken.yaml"
>>> game = load_game(chicken, overrides=["game.parameters.crash=-20"])
>>> game.players, game.payoffs[0, 1, 1]
(('Row', 'Column'), np.float64(-20.0))
"""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike
from pathlib import Path

from sim.games.errors import GameFormatError
from sim.games.from_spec import game_from_spec
from sim.games.gambit_efg import read_efg
from sim.games.gambit_nfg import read_nfg
from sim.games.normal_form import NormalFormGame
from sim.games.tree import ExtensiveGame
from sim.scenario.game_spec import GameSpec
from sim.scenario.loader import load_scenario

GAME_SUFFIXES = (".nfg", ".efg", ".yaml", ".yml")
UNREAD_GAMBIT_FORMATS = {
    ".agg": "an action-graph game",
    ".bagg": "a Bayesian action-graph game",
    ".gbt": "a Gambit workbook",
}
"""Gambit formats the project does not read, and what each holds."""


def load_game(
    path: str | PathLike[str], overrides: Sequence[str] = ()
) -> NormalFormGame | ExtensiveGame:
    """Read the game stored in ``path``.

    Parameters
    ----------
    path
        A Gambit ``.nfg`` or ``.efg`` file, or a scenario ``.yaml`` holding a ``game:`` block.
    overrides
        ``KEY=VALUE`` settings applied to a scenario before validation (as ``--set`` on the
        command line), for example ``"game.parameters.p=0.3"``. Gambit files take none.

    Returns
    -------
    NormalFormGame or ExtensiveGame

    Raises
    ------
    ValueError
        For an unknown suffix, overrides given with a Gambit file, or a scenario without a
        ``game:`` block (the message says to use the guarantee solver). Format and validation
        errors of the readers (:class:`~sim.games.errors.GameFormatError`) and of the scenario
        loader (:class:`~sim.scenario.errors.ScenarioError`) propagate; both are ``ValueError``
        subclasses naming the file, line and column.
    """
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix in UNREAD_GAMBIT_FORMATS:
        reader = f"read_{suffix[1:]}"  # pygambit's read_agg, read_bagg, read_gbt
        raise GameFormatError(
            str(file),
            1,
            1,
            f"{UNREAD_GAMBIT_FORMATS[suffix]} ({suffix}) is a Gambit format this tool does not "
            "read",
            f"convert it to a payoff table, e.g. with pygambit: game = pygambit.{reader}(path), "
            "then write game.to_nfg() to a .nfg file (pygambit cannot do this for a .bagg: fill "
            "the table from game[profile][player] over every pure profile)",
        )
    if suffix not in GAME_SUFFIXES:
        raise ValueError(
            f"{file}: cannot tell the game format from the suffix {suffix!r}; expected one of "
            f"{', '.join(GAME_SUFFIXES)}"
        )
    if suffix in (".nfg", ".efg"):
        if overrides:
            raise ValueError(
                f"{file}: overrides ({', '.join(overrides)}) apply to scenario files only; edit "
                "the Gambit file or write the game as a scenario with a game: block"
            )
        return read_nfg(file) if suffix == ".nfg" else read_efg(file)
    return game_from_spec(load_game_spec(file, overrides))


def load_game_spec(path: str | PathLike[str], overrides: Sequence[str] = ()) -> GameSpec:
    """The validated ``game:`` block of a scenario file (``overrides`` as in :func:`load_game`).

    Use it with :func:`sim.games.from_spec.game_from_spec` to build a batched tree over arrays of
    parameter values.

    Raises
    ------
    ValueError
        If the scenario has no ``game:`` block: it is then a guarantee scenario, solved by the
        guarantee solver.
    """
    file = Path(path)
    scenario = load_scenario(file, overrides=tuple(overrides)).scenario
    if scenario.game is None:
        raise ValueError(
            f"{file}: scenario {scenario.name!r} has no 'game:' block, so it is a guarantee "
            "scenario: solve it with the guarantee solver (sim.guarantee.solution."
            "solve_guarantee, or 'deter run'), or add an explicit game: block"
        )
    return scenario.game
