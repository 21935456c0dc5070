"""Finite n-player games in normal (strategic) form: a payoff tensor with labels.

A game of ``n`` players in which player ``i`` has ``m_i`` actions is stored as one array ``payoffs``
of shape ``(n, m_1, ..., m_n)``: ``payoffs[i][a_1, ..., a_n]`` is player ``i``'s payoff when the
players choose actions ``a_1, ..., a_n``. A mixed profile is a list of probability vectors, one per
player.

For a mixed profile :math:`\\sigma`, player :math:`i`'s expected payoff is

.. math:: u_i(\\sigma) = \\sum_{a} u_i(a) \\prod_j \\sigma_j(a_j),

the payoff of its pure action :math:`a_i` against the others is :math:`u_i(a_i, \\sigma_{-i})`, and
the *regret* of the profile is

.. math:: \\max_i \\big[\\max_{a_i} u_i(a_i, \\sigma_{-i}) - u_i(\\sigma)\\big] \\ge 0,

which is zero exactly at Nash equilibria (Nash 1951).

References
----------
Nash, J. (1951). Non-cooperative games. *Annals of Mathematics* 54(2), 286–295.

Examples
--------
>>> pennies = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
>>> pennies.players, pennies.actions, pennies.shape
(('P1', 'P2'), (('a1', 'a2'), ('a1', 'a2')), (2, 2))
>>> half = [0.5, 0.5]
>>> pennies.expected_payoffs([half, half]).tolist(), pennies.regret([half, half])
([0.0, 0.0], 0.0)
>>> pennies.regret([[1.0, 0.0], [1.0, 0.0]])
2.0
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from sim.arrays import FloatArray

PROFILE_TOLERANCE = 1e-9
"""How far a probability may fall below 0, or a vector's sum stray from 1, in a mixed profile."""


class NormalFormGame:
    """A finite n-player game in normal form.

    Parameters
    ----------
    payoffs
        Array of shape ``(n_players, m_1, ..., m_n)``; ``payoffs[i][a_1, ..., a_n]`` is player
        ``i``'s payoff. Stored as a read-only float copy. Must be finite.
    players
        Player names; defaults to ``("P1", ..., "Pn")``.
    actions
        One sequence of distinct action labels per player; defaults to ``("a1", ..., "am_i")``.
    title
        Free text, written to Gambit files.

    Raises
    ------
    ValueError
        When the array's shape does not match the number of players, a player has no action, a
        payoff is not finite, or labels are missing or repeated.
    """

    def __init__(
        self,
        payoffs: ArrayLike,
        players: Sequence[str] | None = None,
        actions: Sequence[Sequence[str]] | None = None,
        title: str = "",
    ) -> None:
        array = np.array(payoffs, dtype=float)
        if array.ndim < 2:
            raise ValueError(
                "payoffs must have shape (n_players, m_1, ..., m_n); "
                f"got an array of shape {array.shape}"
            )
        n = array.shape[0]
        if array.ndim != n + 1:
            raise ValueError(
                f"payoffs of shape {array.shape} describe {n} players but {array.ndim - 1} "
                f"action dimensions; expected shape ({n}, m_1, ..., m_{n})"
            )
        if min(array.shape[1:]) < 1:
            raise ValueError(f"every player needs at least one action; shape is {array.shape}")
        if not np.all(np.isfinite(array)):
            raise ValueError("payoffs must be finite numbers (no NaN or infinity)")
        array.setflags(write=False)
        self._payoffs = array
        self.title = title
        self.players: tuple[str, ...] = _labels(players, n, "P", "players")
        if actions is None:
            actions = [None] * n  # type: ignore[list-item]
        elif len(actions) != n:
            raise ValueError(
                f"actions: expected {n} label lists (one per player), got {len(actions)}"
            )
        assert actions is not None
        self.actions: tuple[tuple[str, ...], ...] = tuple(
            _labels(labels, m, "a", f"actions of {name}")
            for labels, m, name in zip(actions, array.shape[1:], self.players, strict=True)
        )

    # -- construction ----------------------------------------------------------------------
    @classmethod
    def from_bimatrix(
        cls,
        A: ArrayLike,
        B: ArrayLike,
        players: Sequence[str] | None = None,
        actions: Sequence[Sequence[str]] | None = None,
        title: str = "",
    ) -> NormalFormGame:
        """A two-player game from the row player's matrix ``A`` and the column player's ``B``."""
        return cls(bimatrix_tensor(A, B), players=players, actions=actions, title=title)

    # -- structure -------------------------------------------------------------------------
    @property
    def payoffs(self) -> FloatArray:
        """The payoff tensor, shape ``(n_players, m_1, ..., m_n)`` (read-only)."""
        return self._payoffs

    @property
    def n_players(self) -> int:
        return int(self._payoffs.shape[0])

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of actions of each player, ``(m_1, ..., m_n)``."""
        return tuple(int(m) for m in self._payoffs.shape[1:])

    def to_bimatrix(self) -> tuple[FloatArray, FloatArray]:
        """The matrices ``(A, B)`` of a two-player game."""
        if self.n_players != 2:
            raise ValueError(f"a bimatrix needs 2 players; this game has {self.n_players}")
        return self._payoffs[0], self._payoffs[1]

    # -- evaluation ------------------------------------------------------------------------
    def action_payoffs(self, profile: Sequence[ArrayLike], player: int) -> FloatArray:
        """Payoff of each pure action of ``player`` against the others' mixed strategies.

        Returns the vector :math:`(u_i(a_i, \\sigma_{-i}))_{a_i}` of length ``m_i``.
        """
        return deviation_payoffs(self._payoffs, self._check_profile(profile))[player]

    def expected_payoffs(self, profile: Sequence[ArrayLike]) -> FloatArray:
        """Expected payoff of every player under the mixed ``profile``, shape ``(n_players,)``."""
        sigma = self._check_profile(profile)
        dev = deviation_payoffs(self._payoffs, sigma)
        return np.array([float(d @ p) for d, p in zip(dev, sigma, strict=True)])

    def regret(self, profile: Sequence[ArrayLike]) -> float:
        """Largest gain any player gets from its best pure deviation (0 at a Nash equilibrium)."""
        sigma = self._check_profile(profile)
        dev = deviation_payoffs(self._payoffs, sigma)
        return max(0.0, *(float(d.max() - d @ p) for d, p in zip(dev, sigma, strict=True)))

    def _check_profile(self, profile: Sequence[ArrayLike]) -> list[FloatArray]:
        if len(profile) != self.n_players:
            raise ValueError(
                f"a profile needs one probability vector per player ({self.n_players}); "
                f"got {len(profile)}"
            )
        sigma = [np.asarray(p, dtype=float) for p in profile]
        for i, (p, m) in enumerate(zip(sigma, self.shape, strict=True)):
            if p.shape != (m,):
                raise ValueError(
                    f"{self.players[i]}: expected {m} probabilities, got shape {p.shape}"
                )
            if np.any(p < -PROFILE_TOLERANCE) or abs(float(p.sum()) - 1.0) > 1e-6:
                raise ValueError(f"{self.players[i]}: {p.tolist()} is not a probability vector")
        return sigma

    def __repr__(self) -> str:
        return (
            f"NormalFormGame(players={self.players!r}, shape={self.shape!r}, title={self.title!r})"
        )


def deviation_payoffs(payoffs: ArrayLike, profile: Sequence[ArrayLike]) -> list[FloatArray]:
    """Each player's payoff from each of its pure actions against the others' mixed strategies.

    Parameters
    ----------
    payoffs
        Payoff tensor ``(n_players, m_1, ..., m_n)``.
    profile
        One probability vector per player (length ``m_i``).

    Returns
    -------
    list of numpy.ndarray
        Entry ``i`` has shape ``(m_i,)``: :math:`u_i(s, \\sigma_{-i})` for every pure ``s``.
    """
    tensor = np.asarray(payoffs, dtype=float)
    n = tensor.shape[0]
    probs = [np.asarray(p, dtype=float) for p in profile]
    if len(probs) != n:
        raise ValueError(f"profile has {len(probs)} strategies for {n} players")
    out: list[FloatArray] = []
    pure = [_pure_index(p) for p in probs]
    if all(a is not None for a in pure) and np.all(np.isfinite(tensor)):
        # a pure profile: slicing gives exactly what the contraction gives (x * 1 + 0 * y = x)
        for i in range(n):
            index = tuple(slice(None) if j == i else pure[j] for j in range(n))
            out.append(np.array(tensor[i][index], dtype=float))
        return out
    for i in range(n):
        u = tensor[i]
        # contract the other players' axes from the last to the first, so indices stay valid
        for j in reversed(range(n)):
            if j != i:
                u = np.tensordot(u, probs[j], axes=([j], [0]))
        out.append(np.asarray(u, dtype=float))
    return out


def bimatrix_tensor(A: ArrayLike, B: ArrayLike) -> FloatArray:
    """Stack a bimatrix game ``(A, B)`` into the payoff tensor ``(2, m, n)``."""
    a = np.asarray(A, dtype=float)
    b = np.asarray(B, dtype=float)
    if a.ndim != 2 or a.shape != b.shape:
        raise ValueError(f"A and B must be matrices of one shape, got {a.shape} and {b.shape}")
    return np.stack([a, b])


def _labels(labels: Sequence[str] | None, count: int, prefix: str, what: str) -> tuple[str, ...]:
    if labels is None:
        return tuple(f"{prefix}{k + 1}" for k in range(count))
    result = tuple(str(label) for label in labels)
    if len(result) != count:
        raise ValueError(f"{what}: expected {count} labels, got {len(result)}")
    if len(set(result)) != len(result):
        raise ValueError(f"{what}: labels must be distinct, got {list(result)}")
    return result


def _pure_index(p: FloatArray) -> int | None:
    """The action a one-hot probability vector puts weight 1 on, else ``None``."""
    if p.ndim != 1 or p.size == 0:
        return None
    k = int(np.argmax(p))
    if p[k] != 1.0 or np.count_nonzero(p) != 1:
        return None
    return k
