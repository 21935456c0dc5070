"""Tests of the two-player algorithms: support enumeration, vertex enumeration, Lemke–Howson."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.equilibria.lemke_howson import lemke_howson, lemke_howson_all_labels
from sim.equilibria.regret import profile_regret
from sim.equilibria.support_enumeration import support_enumeration
from sim.equilibria.vertex_enumeration import maximal_nash_subsets, vertex_enumeration
from sim.games.normal_form import bimatrix_tensor

# von Stengel (2007), "Equilibrium computation for two-player games", Algorithmic Game Theory
# ch. 3, eq. (3.3): the 3x2 game with three equilibria used to illustrate the polytopes.
VON_STENGEL_A = np.array([[3.0, 3.0], [2.0, 5.0], [0.0, 6.0]])
VON_STENGEL_B = np.array([[3.0, 2.0], [2.0, 6.0], [3.0, 1.0]])
VON_STENGEL_EQUILIBRIA = [
    ([0.0, 1 / 3, 2 / 3], [1 / 3, 2 / 3]),
    ([0.8, 0.2, 0.0], [2 / 3, 1 / 3]),
    ([1.0, 0.0, 0.0], [1.0, 0.0]),
]


def as_lists(pairs: list) -> list:
    return [(np.round(x, 9).tolist(), np.round(y, 9).tolist()) for x, y in pairs]


def same_sets(ours: list, theirs: list) -> bool:
    return len(ours) == len(theirs) and all(
        any(np.allclose(x, u, atol=1e-9) and np.allclose(y, v, atol=1e-9) for u, v in theirs)
        for x, y in ours
    )


def test_von_stengel_example_by_every_algorithm() -> None:
    expected = [(np.array(x), np.array(y)) for x, y in VON_STENGEL_EQUILIBRIA]
    vertex = vertex_enumeration(VON_STENGEL_A, VON_STENGEL_B)
    assert same_sets(vertex.equilibria, expected)
    assert not vertex.degenerate
    assert same_sets(support_enumeration(VON_STENGEL_A, VON_STENGEL_B), expected)
    found = lemke_howson_all_labels(VON_STENGEL_A, VON_STENGEL_B)
    assert all(any(np.allclose(x, u) and np.allclose(y, v) for u, v in expected) for x, y in found)


def test_support_enumeration_finds_what_nashpy_misses() -> None:
    # On this ordinary non-degenerate 4x4 game nashpy 0.0.43's support_enumeration returns no
    # equilibrium at all (it compares floats exactly); Nash (1951) guarantees at least one.
    rng = np.random.default_rng(15)
    A, B = rng.normal(size=(4, 4)), rng.normal(size=(4, 4))
    ours = support_enumeration(A, B, sizes="equal")
    assert len(ours) == 1
    assert same_sets(ours, vertex_enumeration(A, B).equilibria)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), m=st.integers(1, 5), n=st.integers(1, 5))
def test_generic_games_have_an_odd_number_of_equilibria_found_alike(
    seed: int, m: int, n: int
) -> None:
    # Continuous random payoffs give non-degenerate games almost surely; these have an odd number
    # of equilibria (Shapley 1974), all with equal-size supports (von Stengel 2007, Thm 3.4).
    rng = np.random.default_rng(seed)
    A, B = rng.normal(size=(m, n)), rng.normal(size=(m, n))
    vertex = vertex_enumeration(A, B)
    assert not vertex.degenerate
    assert len(vertex.equilibria) % 2 == 1
    assert same_sets(support_enumeration(A, B, sizes="equal"), vertex.equilibria)
    for x, y in lemke_howson_all_labels(A, B):
        assert any(np.allclose(x, u) and np.allclose(y, v) for u, v in vertex.equilibria)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), m=st.integers(1, 5), n=st.integers(1, 5))
def test_every_profile_returned_is_an_equilibrium_on_degenerate_games(
    seed: int, m: int, n: int
) -> None:
    rng = np.random.default_rng(seed)
    A, B = rng.integers(-1, 2, size=(m, n)), rng.integers(-1, 2, size=(m, n))
    payoffs = bimatrix_tensor(A, B)
    vertex = vertex_enumeration(A, B)
    for x, y in vertex.equilibria + support_enumeration(A, B) + lemke_howson_all_labels(A, B):
        assert profile_regret(payoffs, [x, y]) <= 1e-9
    # the maximal Nash subsets cover every extreme equilibrium
    covered = {(r, c) for rows, cols in vertex.subsets for r in rows for c in cols}
    assert covered == set(vertex.pairs)


def test_all_zero_game() -> None:
    zero = np.zeros((2, 3))
    vertex = vertex_enumeration(zero, zero)
    assert vertex.degenerate
    assert len(vertex.equilibria) == 6  # every pure profile; the whole square is equilibrium
    assert vertex.subsets == [([0, 1], [0, 1, 2])]
    x, y = lemke_howson(zero, zero, dropped_label=3)
    assert profile_regret(bimatrix_tensor(zero, zero), [x, y]) == 0.0


def test_maximal_nash_subsets_of_a_path_graph() -> None:
    # extreme pairs (0,0), (0,1), (1,1): two overlapping maximal subsets
    assert maximal_nash_subsets([(0, 0), (0, 1), (1, 1)]) == [([0], [0, 1]), ([0, 1], [1])]
    assert maximal_nash_subsets([(0, 0), (1, 1)]) == [([0], [0]), ([1], [1])]


def test_lemke_howson_rejects_bad_labels_and_shapes() -> None:
    with pytest.raises(ValueError, match="dropped_label"):
        lemke_howson(VON_STENGEL_A, VON_STENGEL_B, dropped_label=5)
    with pytest.raises(ValueError, match="one shape"):
        lemke_howson(VON_STENGEL_A, VON_STENGEL_B.T)
    with pytest.raises(ValueError, match="one shape"):
        support_enumeration(VON_STENGEL_A, VON_STENGEL_B.T)


def test_support_enumeration_sizes_option() -> None:
    # Degenerate: the top row is dominant and the column player is then indifferent, so
    # (top, any mix of columns) is an equilibrium with supports of sizes 1 and 2.
    A = np.array([[1.0, 1.0], [0.0, 0.0]])
    B = np.array([[1.0, 1.0], [0.0, 0.0]])
    unequal = support_enumeration(A, B, sizes="all")
    assert any(np.count_nonzero(x) != np.count_nonzero(y) for x, y in unequal)
    equal = support_enumeration(A, B, sizes="equal")
    assert all(np.count_nonzero(x) == np.count_nonzero(y) for x, y in equal)
    with pytest.raises(ValueError, match="sizes"):
        support_enumeration(A, B, sizes="some")  # type: ignore[arg-type]
