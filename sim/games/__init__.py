"""Game objects: extensive-form trees (scalar or batched), normal forms, Gambit files.

Public API: :class:`ExtensiveGame` and its node constructors (:func:`decision`, :func:`chance`,
:func:`terminal`), :class:`NormalFormGame`, :func:`reduced_normal_form`, the Gambit readers and
writers (:func:`read_efg`, :func:`write_efg`, :func:`read_nfg`, :func:`write_nfg`),
:func:`load_game` (a ``game:`` scenario or a Gambit file) and :class:`GameFormatError`.
"""

from sim.games.errors import GameFormatError
from sim.games.gambit_efg import read_efg, write_efg
from sim.games.gambit_nfg import read_nfg, write_nfg
from sim.games.loading import load_game
from sim.games.normal_form import NormalFormGame
from sim.games.reduced_normal_form import reduced_normal_form
from sim.games.tree import ExtensiveGame, Node, chance, decision, terminal

__all__ = [
    "ExtensiveGame",
    "GameFormatError",
    "Node",
    "NormalFormGame",
    "chance",
    "decision",
    "load_game",
    "read_efg",
    "read_nfg",
    "reduced_normal_form",
    "terminal",
    "write_efg",
    "write_nfg",
]
