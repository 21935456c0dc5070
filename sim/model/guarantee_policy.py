"""The guarantee game of :mod:`sim.games.guarantee` as the repeated model's stage policy.

A state of the world (Ukraine's and Russia's forces, US resolve, the coalition members still in)
changes the true stage game. Rather than solve one tree per state, :class:`GuaranteeStagePolicy`
solves, for each set of coalition members, one *batched* tree over a grid of the numeric state
variables (``guarantee_parameters`` with array overrides, then one batched backward induction by
:func:`~sim.equilibria.backward_induction.induction_pass`), and reads a state's
:class:`~sim.model.stage_policy.StageTables` off it on first use (then caches them).
A state is rounded to the nearest grid point (steps of 0.05 in the force multiples and 0.1 in US
resolve by default); axes whose dynamics are off hold the scenario's value only,
so a static run plays exactly the scenario's game.

Examples
--------
>>> from sim.scenario.schema import Scenario
>>> from sim.scenario.dynamics import Dynamics
>>> policy = GuaranteeStagePolicy(Scenario(name="demo"), Dynamics.static())
>>> tables = policy.tables(StageState())
>>> abs(sum(tables.outcome_probabilities.values()) - 1.0) < 1e-9
True
>>> policy.grid_shape
(1, 1, 1)
"""

from __future__ import annotations

import math
from collections import OrderedDict
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sim.equilibria.backward_induction import induction_pass
from sim.games.guarantee import build_guarantee_game, guarantee_parameters
from sim.model.stage_policy import SolvedStageTree, StageState, StageTables
from sim.scenario.dynamics import Dynamics
from sim.scenario.schema import Scenario

UKRAINE_ARMY_BOUNDS = (85.0, 1000.0)
"""The schema's bounds on ``guarantee.ukraine_strength`` (thousand personnel)."""
RUSSIA_FORCE_MAX = 10.0
"""The schema's bound on ``actors.russia.force``."""
UKRAINE_MIN_MULTIPLE = 0.25
RUSSIA_MIN_MULTIPLE = 0.5
"""Floors of the force multiples (also applied by the agents)."""


def _axis(centre: float, lo: float, hi: float, step: float, enabled: bool) -> NDArray[np.float64]:
    """Grid ``centre + k·step`` within ``[lo, hi]`` (just ``centre`` when not enabled)."""
    if not enabled:
        return np.array([centre])
    k_lo = math.ceil((lo - centre) / step - 1e-9)
    k_hi = math.floor((hi - centre) / step + 1e-9)
    return np.asarray(centre + step * np.arange(k_lo, k_hi + 1), dtype=np.float64)


def with_members(scenario: Scenario, members: tuple[str, ...] | None) -> Scenario:
    """The scenario with only the named coalition members (all when ``None``)."""
    if members is None:
        return scenario
    data: dict[str, Any] = scenario.model_dump()
    keep = set(members)
    coalition = data["guarantee"]["coalition"]
    coalition["members"] = [m for m in coalition["members"] if m["name"] in keep]
    coalition["size"] = None
    return Scenario.model_validate(data)


class GuaranteeStagePolicy:
    """Stage tables of the guarantee game over a grid of states, solved in batches and cached.

    Parameters
    ----------
    scenario
        The scenario.
    dynamics
        Which state variables move, and their caps (default: the scenario's block, or the
        defaults).
    state_step
        Grid step of the force multiples.
    resolve_step
        Grid step of US resolve.
    max_cached_tables
        Per-state tables kept (least recently used dropped first), so that memory stays bounded
        however many replicates share the policy.
    """

    def __init__(
        self,
        scenario: Scenario,
        dynamics: Dynamics | None = None,
        *,
        state_step: float = 0.05,
        resolve_step: float = 0.1,
        max_cached_tables: int = 4096,
    ):
        d = dynamics or scenario.dynamics or Dynamics()
        self.scenario = scenario
        self.steps = (state_step, state_step, resolve_step)
        self.resolve0 = scenario.actors.united_states.resolve
        self.axes = (
            _axis(1.0, UKRAINE_MIN_MULTIPLE, d.ukraine.max_multiple, state_step, d.ukraine.enabled),
            _axis(1.0, RUSSIA_MIN_MULTIPLE, d.russia.max_multiple, state_step, d.russia.enabled),
            _axis(self.resolve0, 0.0, 1.0, resolve_step, d.elections.enabled),
        )
        self._sizes = tuple(len(a) for a in self.axes)
        self._starts = tuple(float(a[0]) for a in self.axes)
        self._solutions: dict[tuple[str, ...] | None, SolvedStageTree] = {}
        self.max_cached_tables = max_cached_tables
        self._tables: OrderedDict[tuple[Any, ...], StageTables] = OrderedDict()

    def __getstate__(self) -> dict[str, Any]:
        """Pickle without the batched solutions (large, and rebuilt on demand); the small
        per-state tables are kept."""
        state = self.__dict__.copy()
        state["_solutions"] = {}
        return state

    @property
    def grid_shape(self) -> tuple[int, int, int]:
        """Points per axis: Ukraine multiple, Russia multiple, US resolve."""
        return (len(self.axes[0]), len(self.axes[1]), len(self.axes[2]))

    @property
    def solved_member_sets(self) -> int:
        """How many batched trees have been solved."""
        return len(self._solutions)

    def index(self, state: StageState) -> tuple[int, int, int]:
        """Grid point nearest to ``state``."""
        resolve = self.resolve0 if state.us_resolve is None else state.us_resolve
        return (
            self._nearest(0, state.ukraine_multiple),
            self._nearest(1, state.russia_multiple),
            self._nearest(2, resolve),
        )

    def _nearest(self, axis: int, x: float) -> int:
        n = self._sizes[axis]
        if n == 1:
            return 0
        k = math.floor((x - self._starts[axis]) / self.steps[axis] + 0.5)
        return 0 if k < 0 else (n - 1 if k >= n else k)

    def flat_index(
        self,
        ukraine_multiple: NDArray[np.float64],
        russia_multiple: NDArray[np.float64],
        us_resolve: NDArray[np.float64],
    ) -> NDArray[np.int64]:
        """:meth:`index` of many states at once, as flat (C-order) positions in the grid.

        >>> policy = GuaranteeStagePolicy(Scenario(name="demo"))
        >>> i = policy.flat_index(np.array([1.0]), np.array([1.04]), np.array([0.5]))
        >>> int(i[0]) == int(np.ravel_multi_index(
        ...     policy.index(StageState(1.0, 1.04, 0.5)), policy.grid_shape))
        True
        """
        index = []
        for axis, x in enumerate((ukraine_multiple, russia_multiple, us_resolve)):
            n = self._sizes[axis]
            if n == 1:
                index.append(np.zeros(len(x), dtype=np.int64))
                continue
            k = np.floor((x - self._starts[axis]) / self.steps[axis] + 0.5)
            index.append(np.clip(k, 0, n - 1).astype(np.int64))
        _, nr, nres = self._sizes
        return (index[0] * nr + index[1]) * nres + index[2]

    def tables(self, state: StageState) -> StageTables:
        return self.tables_at(
            state.ukraine_multiple, state.russia_multiple, state.us_resolve, state.members
        )

    def tables_at(
        self,
        ukraine_multiple: float,
        russia_multiple: float,
        us_resolve: float | None,
        members: tuple[str, ...] | None,
    ) -> StageTables:
        """:meth:`tables` of the state with these fields (no :class:`StageState` built)."""
        return self.tables_of(self.key(ukraine_multiple, russia_multiple, us_resolve, members))

    def key(
        self,
        ukraine_multiple: float,
        russia_multiple: float,
        us_resolve: float | None,
        members: tuple[str, ...] | None,
    ) -> tuple[Any, ...]:
        """``(members, *grid index)`` of a state: states of one key share their tables."""
        resolve = self.resolve0 if us_resolve is None else us_resolve
        nearest = self._nearest
        return (
            members,
            nearest(0, ukraine_multiple),
            nearest(1, russia_multiple),
            nearest(2, resolve),
        )

    def prior_means_of(self, key: tuple[Any, ...]) -> tuple[float, float]:
        """The :attr:`~sim.model.stage_policy.StageTables.prior_means` of the tables of ``key``,
        without building them (a run needs them at every state it passes through, the tables
        only where a crisis round is played)."""
        found = self._tables.get(key)
        if found is not None:
            return found.prior_means
        return self.solved_tree(key[0]).prior_means(key[1:])

    def tables_of(self, key: tuple[Any, ...]) -> StageTables:
        """The tables of ``key`` (:meth:`key`), built on first use and cached."""
        cache = self._tables
        found = cache.get(key)
        if found is None:
            found = self.solved_tree(key[0]).tables(key[1:])
            cache[key] = found
            if len(cache) > self.max_cached_tables:
                cache.popitem(last=False)
        else:
            cache.move_to_end(key)
        return found

    def solved_tree(self, members: tuple[str, ...] | None) -> SolvedStageTree:
        """The batched stage tree of this member set over the whole grid, solved on first use."""
        found = self._solutions.get(members)
        if found is None:
            scenario = with_members(self.scenario, members)
            lo, hi = UKRAINE_ARMY_BOUNDS
            army = np.clip(scenario.guarantee.ukraine_strength * self.axes[0], lo, hi)
            force = np.minimum(scenario.actors.russia.force * self.axes[1], RUSSIA_FORCE_MAX)
            params = guarantee_parameters(
                scenario,
                {
                    "guarantee.ukraine_strength": army,
                    "actors.russia.force": force,
                    "actors.united_states.resolve": np.clip(self.axes[2], 0.0, 1.0),
                },
            )
            found = SolvedStageTree(induction_pass(build_guarantee_game(params)))
            self._solutions[members] = found
        return found
