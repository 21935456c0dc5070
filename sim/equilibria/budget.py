"""The time budget of one solve: a monotonic-clock deadline shared by every algorithm it calls.

:func:`~sim.equilibria.solve.solve` takes ``time_limit`` seconds (default
:data:`DEFAULT_TIME_LIMIT`) and hands one :class:`Deadline` down to the algorithms. Each checks
:meth:`Deadline.expired` between units of work (a support profile, a random start, a
continuation step, a subgame) and stops there; the caller then returns what was found with
``complete=False`` and a warning saying what was not searched. No algorithm is interrupted
mid-step; the searches stop at :data:`SEARCH_SHARE` of the limit, and the rest of the time is for
the unit of work under way and the certificate of what was found.

Examples
--------
>>> budget = Deadline(None)
>>> budget.expired(), budget.remaining()
(False, inf)
>>> Deadline(0.0).expired()
True
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

DEFAULT_TIME_LIMIT = 60.0
"""Seconds one call of :func:`~sim.equilibria.solve.solve` may take by default."""
SEARCH_SHARE = 0.85
"""Share of a solve's time limit its searches may use: the last 15 % is kept for certifying the
profiles found and mapping them back to the tree, so that the whole call returns within the limit
(measured on Gambit's 232 example games by ``python -m benchmarks.catalogue``)."""


@dataclass
class Deadline:
    """A wall-clock budget of ``time_limit`` seconds from construction (``None``: unlimited).

    Attributes
    ----------
    time_limit
        The budget in seconds, or ``None`` for no limit.
    start
        :func:`time.monotonic` at construction.
    hit
        Set by :meth:`expired` the first time it returns True, so that callers can tell whether
        some algorithm stopped early.
    search_share
        The share of ``time_limit`` after which the deadline expires; the rest is kept for the
        work that follows the searches (certifying and mapping back what they found).
    """

    time_limit: float | None
    start: float = field(default_factory=time.monotonic)
    hit: bool = False
    search_share: float = 1.0

    def __post_init__(self) -> None:
        if self.time_limit is not None and not self.time_limit >= 0:
            raise ValueError(
                f"time_limit must be a non-negative number of seconds or None, "
                f"not {self.time_limit!r}"
            )

    def remaining(self) -> float:
        """Seconds left (``inf`` without a limit, never negative)."""
        if self.time_limit is None:
            return float("inf")
        return max(0.0, self.search_share * self.time_limit - (time.monotonic() - self.start))

    def expired(self) -> bool:
        """Has the budget run out? (Remembers the answer in :attr:`hit`.)"""
        if self.time_limit is not None and self.remaining() <= 0.0:
            self.hit = True
        return self.hit

    def elapsed(self) -> float:
        """Seconds since construction."""
        return time.monotonic() - self.start

    def portion(self, fraction: float) -> Deadline:
        """A deadline that ends after ``fraction`` of the time left here (unlimited stays so).

        A solve with a fallback keeps the rest for it: subgame perfection searches exhaustively
        on half the budget and builds one equilibrium per subgame on the other half.

        Examples
        --------
        >>> Deadline(None).portion(0.5).time_limit is None
        True
        >>> 0.0 < Deadline(10.0).portion(0.5).time_limit <= 5.0
        True
        """
        if self.time_limit is None:
            return Deadline(None)
        return Deadline(fraction * self.remaining())

    def message(self) -> str:
        """The warning a result carries when an algorithm stopped on this deadline."""
        return (
            f"time limit of {self.time_limit:g} s reached: the search stopped early and the "
            "set is incomplete (raise time_limit / --time-limit to search further)"
        )


UNLIMITED = None
"""Pass as ``time_limit`` for no budget."""


def as_deadline(deadline: Deadline | None) -> Deadline:
    """``deadline``, or an unlimited one."""
    return Deadline(None) if deadline is None else deadline
