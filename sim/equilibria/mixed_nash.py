"""Mixed Nash equilibria of n-player normal-form games: support enumeration, Lyapunov minimiser.

Two numerical methods, both followed by a regret check of every profile they return:

* **Polynomial support enumeration** (Porter, Nudelman & Shoham 2008). For a support profile
  :math:`(S_1, \\ldots, S_n)` the equilibrium conditions on the support are the polynomial system

  .. math::
      u_i(s, \\sigma_{-i}) = v_i \\;(s \\in S_i), \\qquad \\sum_{s \\in S_i} \\sigma_i(s) = 1,

  solved with :func:`scipy.optimize.root` from the centroid and several random starts. Supports
  where some action is strictly dominated by another pure action against the others' supports are
  skipped (conditional dominance). A polynomial system can have several solutions and a local
  root finder can miss some, so the result is *not* guaranteed complete.
* **Lyapunov-function minimisation** (McKelvey 1998). The function

  .. math::
      V(p) = \\sum_i \\sum_s \\max(0, u_i(s, p_{-i}) - u_i(p))^2
             + \\sum_{i,s} \\min(0, p_i(s))^2 + \\sum_i \\big(1 - \\textstyle\\sum_s p_i(s)\\big)^2

  is non-negative and zero exactly at Nash equilibria. It is minimised with L-BFGS-B from many
  random starts; every zero found is polished by solving the support equations above, then
  verified. Also not complete.

References
----------
McKelvey, R. D. (1998). A Liapunov function for Nash equilibria. Technical report, California
Institute of Technology.
Porter, R., Nudelman, E., & Shoham, Y. (2008). Simple search methods for finding a Nash
equilibrium. *Games and Economic Behavior* 63(2), 642–662.

Examples
--------
>>> import numpy as np
>>> pennies = np.array([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]], dtype=float)
>>> [[p.round(9).tolist() for p in eq] for eq in support_enumeration_n(pennies)]
[[[0.5, 0.5], [0.5, 0.5]]]
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy import optimize

from sim.arrays import FloatArray
from sim.equilibria.budget import Deadline, as_deadline
from sim.equilibria.regret import profile_regret
from sim.equilibria.verify import DEFAULT_TOLERANCE
from sim.games.normal_form import deviation_payoffs

Profile = list[FloatArray]

SORTED_LIMIT = 100_000
"""Games with at most this many support profiles visit each size class in sorted order."""
LYAPUNOV_ACCEPT = 1e-6
"""Local minima of the Lyapunov function (payoffs scaled to [0, 1]) below this are polished."""

MAX_SUPPORT_PROFILES = 4096
"""Above this many support profiles, n-player ``nash`` by default searches only this many
(the smallest) and adds the Lyapunov method (:mod:`sim.equilibria.n_player`)."""


def support_enumeration_n(
    payoffs: ArrayLike,
    *,
    tol: float = DEFAULT_TOLERANCE,
    starts: int = 4,
    rng: np.random.Generator | None = None,
    deadline: Deadline | None = None,
) -> list[Profile]:
    """Nash equilibria found by solving the indifference system on every support profile.

    Parameters
    ----------
    payoffs
        Payoff tensor ``(n_players, m_1, ..., m_n)``.
    tol
        Tolerance for non-negativity, dominance and the regret of returned profiles.
    starts
        Starting points per support profile: the centroid, then ``starts - 1`` random points.
    rng
        Generator for the random starts (default: ``numpy.random.default_rng(0)``).
    deadline
        Stop (between support profiles) when it expires; see :func:`support_search`.

    Returns
    -------
    list of profiles
        Distinct (to ``1e-9``) verified equilibria, smaller supports first. Not guaranteed
        complete for three or more players.
    """
    return support_search(payoffs, tol=tol, starts=starts, rng=rng, deadline=deadline).found


@dataclass
class SupportSearch:
    """What :func:`support_search` found and how far it got.

    Attributes
    ----------
    found
        Distinct verified equilibria, in the order found.
    searched
        Support profiles visited (dominated ones included).
    total
        Support profiles of the game, :func:`support_profile_count`.
    finished_size
        Largest total support size :math:`\\sum_i |S_i|` all of whose profiles were visited
        (``n_players - 1`` if none).
    stopped
        Why the search stopped early: ``"deadline"``, ``"max_profiles"`` or ``None`` (finished).
    """

    found: list[Profile]
    searched: int
    total: int
    finished_size: int
    stopped: str | None

    def describe(self) -> str:
        """One sentence naming what was and was not searched."""
        if self.stopped is None:
            return f"searched all {self.total:,} support profiles"
        reason = "the time limit" if self.stopped == "deadline" else "the profile limit"
        return (
            f"support enumeration stopped at {reason} after {self.searched:,} of "
            f"{self.total:,} support profiles (smallest first): supports of total size "
            f"<= {self.finished_size} were all searched, supports of total size "
            f">= {self.finished_size + 1} were not (or only partly), so mixed equilibria "
            "with larger supports may be missing"
        )


def support_search(
    payoffs: ArrayLike,
    *,
    tol: float = DEFAULT_TOLERANCE,
    starts: int = 4,
    rng: np.random.Generator | None = None,
    deadline: Deadline | None = None,
    max_profiles: int | None = None,
) -> SupportSearch:
    """Polynomial support enumeration, smallest total support size first, with stopping rules.

    Support profiles are visited by total size :math:`\\sum_i |S_i|`, lexicographically within
    a size (Porter, Nudelman & Shoham 2008 order small supports first because equilibria with
    small supports are common). The search stops between profiles when ``deadline`` expires or
    after ``max_profiles`` profiles; :meth:`SupportSearch.describe` names what was left.
    """
    tensor = np.asarray(payoffs, dtype=float)
    rng = np.random.default_rng(0) if rng is None else rng
    deadline = as_deadline(deadline)
    shape = tensor.shape[1:]
    n = len(shape)
    found: list[Profile] = DistinctProfiles()
    searched = 0
    finished = n - 1
    for supports in _support_profiles_by_size(shape):
        if supports is None:  # a whole size class is done
            finished += 1
            continue
        if deadline.expired():
            return SupportSearch(
                list(found), searched, support_profile_count(shape), finished, "deadline"
            )
        if max_profiles is not None and searched >= max_profiles:
            return SupportSearch(
                list(found), searched, support_profile_count(shape), finished, "max_profiles"
            )
        searched += 1
        if _conditionally_dominated(tensor, supports, tol):
            continue
        for start in _starts(supports, starts, rng):
            profile, isolated = solve_support(tensor, supports, start, tol)
            if profile is not None and profile_regret(tensor, profile) <= tol:
                add_distinct(found, profile)
                if not isolated:
                    break  # a continuum on this support: one representative point only
    return SupportSearch(list(found), searched, support_profile_count(shape), finished, None)


def _support_profiles_by_size(
    shape: Sequence[int],
) -> Iterator[tuple[tuple[int, ...], ...] | None]:
    """Support profiles ordered by total size; ``None`` after each complete size.

    Within a size the profiles are sorted lexicographically when the game has at most
    :data:`SORTED_LIMIT` support profiles, and otherwise generated lazily (by the players'
    support sizes, then lexicographically), so that a large game costs memory only for the
    profiles actually visited.
    """
    sort = support_profile_count(shape) <= SORTED_LIMIT
    for total in range(len(shape), sum(shape) + 1):
        block = (
            itertools.product(
                *[itertools.combinations(range(m), k) for m, k in zip(shape, sizes, strict=True)]
            )
            for sizes in _compositions(total, shape)
        )
        if sort:
            yield from sorted(itertools.chain.from_iterable(block))
        else:
            for part in block:
                yield from part
        yield None


def _compositions(total: int, bounds: Sequence[int]) -> Iterator[tuple[int, ...]]:
    """Tuples ``k`` with ``1 <= k[i] <= bounds[i]`` and ``sum(k) == total``, lexicographically."""
    if not bounds:
        if total == 0:
            yield ()
        return
    rest = sum(bounds[1:])
    for k in range(max(1, total - rest), min(bounds[0], total - (len(bounds) - 1)) + 1):
        for tail in _compositions(total - k, bounds[1:]):
            yield (k, *tail)


def solve_support(
    payoffs: FloatArray,
    supports: Sequence[Sequence[int]],
    start: Sequence[FloatArray],
    tol: float,
) -> tuple[Profile | None, bool]:
    """Solve the indifference equations on ``supports`` from ``start`` (each player's
    probabilities on its support); the profile (``None`` if it fails) and whether it is isolated
    (regular Jacobian).

    The profile is clipped to non-negative values and renormalised (if the solution was
    non-negative within ``tol``) but not yet checked for deviations outside the supports.
    """
    shape = payoffs.shape[1:]
    sizes = [len(s) for s in supports]
    cuts = np.cumsum(sizes)[:-1]

    def unpack(z: FloatArray) -> Profile:
        probs = np.split(z[: sum(sizes)], cuts)
        out = []
        for m, s, p in zip(shape, supports, probs, strict=True):
            full = np.zeros(m)
            full[list(s)] = p
            out.append(full)
        return out

    def residual(z: FloatArray) -> FloatArray:
        profile = unpack(z)
        values = z[sum(sizes) :]
        dev = deviation_payoffs(payoffs, profile)
        parts = []
        for i, s in enumerate(supports):
            parts.append(dev[i][list(s)] - values[i])
            parts.append([profile[i].sum() - 1.0])
        return np.concatenate(parts)

    profile0 = unpack(np.concatenate([np.asarray(p, float) for p in start] + [np.zeros(0)]))
    v0 = [
        float(d[list(s)].mean())
        for d, s in zip(deviation_payoffs(payoffs, profile0), supports, strict=True)
    ]
    z0 = np.concatenate([np.asarray(p, float) for p in start] + [np.array(v0)])
    try:
        sol = optimize.root(residual, z0, method="hybr", options={"xtol": 1e-14})
    except (ValueError, np.linalg.LinAlgError):
        return None, True
    if not np.all(np.isfinite(sol.x)) or np.max(np.abs(residual(sol.x))) > tol:
        return None, True
    profile = unpack(sol.x)
    if any(np.any(p < -tol) for p in profile):
        return None, True
    cleaned = [np.clip(p, 0.0, None) for p in profile]
    return [p / p.sum() for p in cleaned], _regular(residual, sol.x)


def _regular(residual: Callable[[FloatArray], FloatArray], z: FloatArray) -> bool:
    """Is the Jacobian of ``residual`` at ``z`` (central differences) of full rank?"""
    step = 1e-6
    columns = [
        (residual(z + step * e) - residual(z - step * e)) / (2 * step) for e in np.eye(len(z))
    ]
    singular = np.linalg.svd(np.column_stack(columns), compute_uv=False)
    return bool(singular[-1] > 1e-7 * max(singular[0], 1.0))


def lyapunov_value_and_gradient(payoffs: FloatArray, p: FloatArray) -> tuple[float, FloatArray]:
    """McKelvey's Lyapunov function and its gradient at the stacked vector ``p``.

    Notes
    -----
    With :math:`d_i(s) = u_i(s, p_{-i})`, :math:`g_i(s) = \\max(0, d_i(s) - p_i \\cdot d_i)`
    and :math:`D_{ij}[s, t] = u_i(s, t, p_{-ij})`, the gradient of the first term is
    :math:`-2 (\\sum_s g_i(s)) d_i` in :math:`p_i` and
    :math:`2 (g_i - (\\sum_s g_i(s)) p_i)^\\top D_{ij}` in :math:`p_j, j \\ne i`.
    """
    n = payoffs.shape[0]
    shape = payoffs.shape[1:]
    profile = np.split(p, np.cumsum(shape)[:-1])
    dev = deviation_payoffs(payoffs, profile)
    value = 0.0
    grads = [np.zeros(m) for m in shape]
    for i in range(n):
        d, q = dev[i], profile[i]
        g = np.maximum(0.0, d - d @ q)
        value += float(g @ g) + float(np.sum(np.minimum(0.0, q) ** 2)) + float((1 - q.sum()) ** 2)
        grads[i] += -2.0 * g.sum() * d + 2.0 * np.minimum(0.0, q) - 2.0 * (1.0 - q.sum())
        if not g.any():
            continue
        for j in range(n):
            if j != i:
                grads[j] += 2.0 * (g - g.sum() * q) @ pair_payoffs(payoffs[i], profile, i, j)
    return value, np.concatenate(grads)


def pair_payoffs(tensor: FloatArray, profile: Sequence[FloatArray], i: int, j: int) -> FloatArray:
    """``tensor`` contracted with every mix but those of ``i`` and ``j``: shape ``(m_i, m_j)``."""
    out = tensor
    for k in reversed(range(len(profile))):
        if k not in (i, j):
            out = np.tensordot(out, profile[k], axes=([k], [0]))
    return out if i < j else out.T


def lyapunov_nash(
    payoffs: ArrayLike,
    *,
    tol: float = DEFAULT_TOLERANCE,
    starts: int = 20,
    rng: np.random.Generator | None = None,
    deadline: Deadline | None = None,
) -> list[Profile]:
    """Nash equilibria found by minimising McKelvey's Lyapunov function from random starts.

    Payoffs are first scaled to :math:`[0, 1]`. Each local minimum with value below
    :data:`LYAPUNOV_ACCEPT` is polished by solving the support equations
    (support: probabilities above ``1e-6``) and kept only if its regret is at most ``tol``.
    Not guaranteed complete; stops between starts when ``deadline`` expires.
    """
    tensor = np.asarray(payoffs, dtype=float)
    rng = np.random.default_rng(0) if rng is None else rng
    deadline = as_deadline(deadline)
    shape = tensor.shape[1:]
    spread = float(tensor.max() - tensor.min())
    scaled = (tensor - tensor.min()) / (spread if spread > 0 else 1.0)  # same equilibria
    found: list[Profile] = DistinctProfiles()

    def stop(intermediate_result: optimize.OptimizeResult) -> None:
        if deadline.expired():
            raise StopIteration  # scipy ends the minimisation and returns the current point

    for _ in range(starts):
        if deadline.expired():
            break
        p0 = np.concatenate([rng.dirichlet(np.ones(m)) for m in shape])
        res = optimize.minimize(
            lambda p: lyapunov_value_and_gradient(scaled, p),
            p0,
            jac=True,
            method="L-BFGS-B",
            options={"ftol": 1e-15, "gtol": 1e-10, "maxiter": 500},
            callback=stop,
        )
        if res.fun > LYAPUNOV_ACCEPT:
            continue
        approx = [np.clip(q, 0.0, None) for q in np.split(res.x, np.cumsum(shape)[:-1])]
        approx = [q / q.sum() for q in approx]
        candidates = [approx]
        supports = [tuple(int(s) for s in np.flatnonzero(q > 1e-6)) for q in approx]
        polished, _ = solve_support(
            tensor, supports, [q[list(s)] for q, s in zip(approx, supports, strict=True)], tol
        )
        if polished is not None:
            candidates.insert(0, polished)
        for profile in candidates:
            if profile_regret(tensor, profile) <= tol:
                add_distinct(found, profile)
                break
    return list(found)


def support_profile_count(shape: Sequence[int]) -> int:
    """Number of support profiles :math:`\\prod_i (2^{m_i} - 1)`."""
    return int(np.prod([2**m - 1 for m in shape]))


def _conditionally_dominated(
    payoffs: FloatArray, supports: Sequence[Sequence[int]], tol: float
) -> bool:
    """True if some support action is strictly dominated by a pure action given the supports."""
    n = payoffs.shape[0]
    for i in range(n):
        axes = [
            list(range(payoffs.shape[1 + j])) if j == i else list(supports[j]) for j in range(n)
        ]
        sub = payoffs[i][np.ix_(*axes)]
        sub = np.moveaxis(sub, i, 0).reshape(payoffs.shape[1 + i], -1)
        for s in supports[i]:
            if np.any(np.all(sub > sub[s] + tol, axis=1)):
                return True
    return False


def _starts(
    supports: Sequence[Sequence[int]], count: int, rng: np.random.Generator
) -> list[list[FloatArray]]:
    centroid = [np.full(len(s), 1.0 / len(s)) for s in supports]
    if all(len(s) == 1 for s in supports):
        return [centroid]
    return [centroid] + [
        [rng.dirichlet(np.ones(len(s))) for s in supports] for _ in range(count - 1)
    ]


class DistinctProfiles(list[Profile]):
    """A list of profiles that :meth:`add` keeps distinct (max-norm ``atol``).

    The flattened profiles are kept in a numpy buffer that doubles when full, so each
    :meth:`add` is one vectorised comparison.
    """

    def __init__(self, atol: float = 1e-9) -> None:
        super().__init__()
        self.atol = atol
        self._buffer: FloatArray | None = None

    def add(self, profile: Profile) -> bool:
        """Append ``profile`` unless a profile within ``atol`` is present; was it added?"""
        flat = np.concatenate([np.asarray(p, float) for p in profile])
        count = len(self)
        if self._buffer is None:
            self._buffer = np.empty((16, flat.size))
        elif count and np.any(np.max(np.abs(self._buffer[:count] - flat), axis=1) <= self.atol):
            return False
        if count == len(self._buffer):
            self._buffer = np.concatenate([self._buffer, np.empty_like(self._buffer)])
        self._buffer[count] = flat
        self.append(profile)
        return True


def add_distinct(found: list[Profile], profile: Profile, atol: float = 1e-9) -> None:
    """Append ``profile`` to ``found`` unless some profile there is within ``atol`` of it."""
    if isinstance(found, DistinctProfiles):
        found.add(profile)
        return
    for other in found:
        if all(np.max(np.abs(p - q)) <= atol for p, q in zip(profile, other, strict=True)):
            return
    found.append(profile)
