"""Sweep figures: deterrence map, viable set, threshold curves, robustness and margins.

The tables are small constructions with known answers: on a grid of automaticity a = i/20 and
troops t = 5j, Russia is deterred exactly when i + j >= 22 (a + t/100 >= 1.1), so the least
automaticity that deters is (22 - j)/20 where that is at most 1, and none deters for j < 2.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection, PathCollection, QuadMesh
from matplotlib.colors import to_hex

from sim.analysis.sweep_plots import (
    plot_deterrence_map,
    plot_margins,
    plot_outcome_shares,
    plot_robustness_line,
    plot_robustness_map,
    plot_threshold_curves,
    plot_viable_set,
    region_codes,
    threshold_curve,
)
from sim.analysis.sweep_style import ACTION_COLOURS, REGION_COLOURS, REGIONS, readable

A = "guarantee.automaticity"
T = "guarantee.troops_on_ground"


def grid_points(rule=lambda i, j: i + j >= 22) -> pd.DataFrame:
    i, j = np.meshgrid(np.arange(21), np.arange(13), indexing="ij")
    i, j = i.ravel(), j.ravel()
    deterred = rule(i, j)
    acceptable = j <= 4
    action = np.where(deterred, "hold", np.where(i >= 10, "probe", "invade"))
    return pd.DataFrame(
        {
            "point": np.arange(i.size),
            A: i / 20,
            T: 5.0 * j,
            "russia_action": action,
            "deterred": deterred,
            "acceptable": acceptable,
            "viable": deterred & acceptable,
            "deterrence_margin": (i + j - 22) / 20,
            "acceptance_margin": (4.5 - j) / 10,
        }
    )


def scattered_points(n: int = 300, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    a, t = rng.uniform(0, 1, n), rng.uniform(0, 60, n)
    deterred = a + t / 100 >= 1.1
    acceptable = t <= 20
    return pd.DataFrame(
        {
            "point": np.arange(n),
            A: a,
            T: t,
            "russia_action": np.where(deterred, "hold", np.where(a > 0.5, "probe", "invade")),
            "deterred": deterred,
            "acceptable": acceptable,
            "viable": deterred & acceptable,
        }
    )


def test_no_pyplot_figure_is_left_open():
    plt.close("all")
    pts = grid_points()
    plot_deterrence_map(pts, A, T)
    plot_viable_set(pts, A, T)
    plot_threshold_curves(pts, A, T)
    assert plt.get_fignums() == []


def test_threshold_curve_is_exact_on_the_known_grid():
    curve = threshold_curve(grid_points(), A, T)
    j = np.arange(13)
    expected = np.where(j < 2, np.nan, (22 - j) / 20)
    assert curve[T].tolist() == [5.0 * k for k in j]
    np.testing.assert_allclose(curve["threshold"], expected, atol=1e-12)
    assert curve["monotone"].all()
    assert curve["n_deterred"].tolist() == [max(0, 21 - (22 - k)) for k in j]


def test_threshold_curve_flags_a_hole_above_the_threshold_as_not_monotone():
    # at troops 50 (j = 10) the design with a = 0.9 fails to deter: a hole above 0.6
    pts = grid_points(lambda i, j: (i + j >= 22) & ~((i == 18) & (j == 10)))
    curve = threshold_curve(pts, A, T).set_index(T)
    assert not curve.loc[50.0, "monotone"]
    assert curve.loc[50.0, "threshold"] == pytest.approx(0.6)
    assert curve.drop(index=50.0)["monotone"].all()


def test_threshold_of_a_lever_that_acts_the_other_way_is_the_greatest_value_that_deters():
    delay = np.tile(np.arange(0.0, 91.0, 10.0), 2)
    strength = np.repeat([200.0, 800.0], 10)
    pts = pd.DataFrame(
        {
            "guarantee.response_delay_days": delay,
            "guarantee.ukraine_strength": strength,
            "deterred": delay <= np.where(strength > 500, 60, 20),
        }
    )
    curve = threshold_curve(pts, "guarantee.response_delay_days", "guarantee.ukraine_strength")
    assert curve["threshold"].tolist() == [20.0, 60.0]


def test_threshold_curve_against_a_categorical_keeps_the_sweep_order():
    pts = pd.DataFrame(
        {
            A: np.tile([0.0, 0.5, 1.0], 2),
            "guarantee.posture": np.repeat(["near_front", "rear_hubs"], 3),
            "deterred": [False, True, True, False, False, True],
        }
    )
    curve = threshold_curve(pts, A, "guarantee.posture")
    assert curve["guarantee.posture"].tolist() == ["near_front", "rear_hubs"]
    assert curve["threshold"].tolist() == [0.5, 1.0]
    ax = plot_threshold_curves(pts, A, "guarantee.posture")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["near front", "rear hubs"]


def test_threshold_curve_rejects_a_categorical_lever():
    pts = pd.DataFrame({"guarantee.posture": ["a", "b"], A: [0.0, 1.0], "deterred": [1, 0]})
    with pytest.raises(ValueError, match="categorical"):
        threshold_curve(pts, "guarantee.posture", A)


def test_threshold_plot_marks_where_no_value_deters():
    ax = plot_threshold_curves(grid_points(), A, T)
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == [
        "least automaticity that deters Russia (no probe, no invasion)",
        "no swept automaticity deters Russia",
    ]
    none = ax.get_lines()[1]
    np.testing.assert_array_equal(none.get_xdata(), [0.0, 5.0])
    assert ax.get_title() == "Least automaticity that deters Russia, by troops on ground"
    assert ax.get_ylabel() == "automaticity (probability)"


def test_threshold_plot_draws_invasion_deterrence_as_a_second_curve():
    pts = grid_points()
    i = np.rint(pts[A] * 20).astype(int)
    pts["invasion_deterred"] = i >= 10  # a half-automatic guarantee stops an invasion
    ax = plot_threshold_curves(pts, A, T, columns=("deterred", "invasion_deterred"))
    curves = [ln for ln in ax.get_lines() if ln.get_label().startswith("least")]
    assert [ln.get_label() for ln in curves] == [
        "least automaticity that deters Russia (no probe, no invasion)",
        "least automaticity that deters an invasion (probes may go on)",
    ]
    np.testing.assert_allclose(curves[1].get_ydata(), np.full(13, 0.5))
    assert to_hex(curves[1].get_color()) == ACTION_COLOURS["probe"].lower()


def test_threshold_plot_says_when_nothing_deters():
    pts = grid_points(lambda i, j: np.zeros_like(i, dtype=bool))
    ax = plot_threshold_curves(pts, A, T)
    assert not ax.get_lines()
    (text,) = ax.texts
    assert text.get_text().startswith("No swept automaticity deters Russia")
    assert ax.get_legend() is None


def test_deterrence_map_on_a_grid_colours_cells_by_action_and_outlines_the_viable_region():
    pts = grid_points()
    ax = plot_deterrence_map(pts, A, T)
    (mesh,) = [c for c in ax.collections if isinstance(c, QuadMesh)]
    codes = np.asarray(mesh.get_array()).reshape(13, 21)  # rows: troops, columns: automaticity
    expected = {"hold": 0, "probe": 1, "invade": 2}
    table = pts.set_index([T, A])["russia_action"]
    for j in range(13):
        for i in range(21):
            assert codes[j, i] == expected[table[(5.0 * j, i / 20)]]
    # the colour map's colours are the actions' colours, in order hold, probe, invade
    assert [to_hex(mesh.cmap(k)) for k in range(3)] == [
        ACTION_COLOURS[a].lower() for a in ("hold", "probe", "invade")
    ]
    (outline,) = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert outline.get_label() == "viable region (deters, accepted)"
    # the viable cells: j in {2,3,4} and i >= 22 - j: a staircase of 3 + 4 + 5 = 12 cells
    viable = np.zeros((13, 21), bool)
    for j in (2, 3, 4):
        viable[j, 22 - j :] = True
    padded = np.pad(viable, 1)
    perimeter = (padded[1:, :] != padded[:-1, :]).sum() + (padded[:, 1:] != padded[:, :-1]).sum()
    assert len(outline.get_segments()) == perimeter
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [
        "hold (deterred)",
        "probe (salami tactics)",
        "invade",
        "viable region (deters, accepted)",
    ]
    assert ax.get_title() == "Russia's best reply by automaticity and troops on ground"
    assert ax.get_xlabel() == "automaticity (probability)"
    assert ax.get_ylabel() == "troops on ground (thousand personnel)"


def test_deterrence_map_without_viable_designs_has_no_outline():
    pts = grid_points()
    pts["viable"] = False
    ax = plot_deterrence_map(pts, A, T)
    assert not [c for c in ax.collections if isinstance(c, LineCollection)]


def test_deterrence_map_of_a_sample_is_a_scatter_with_one_colour_per_action():
    pts = scattered_points()
    ax = plot_deterrence_map(pts, A, T)
    assert not [c for c in ax.collections if isinstance(c, QuadMesh)]
    scatters = {c.get_label(): c for c in ax.collections if isinstance(c, PathCollection)}
    counts = pts["russia_action"].value_counts()
    for action, label in (("hold", "hold (deterred)"), ("invade", "invade")):
        assert len(scatters[label].get_offsets()) == counts[action]
        assert to_hex(scatters[label].get_facecolor()[0]) == ACTION_COLOURS[action].lower()
    rings = scatters["viable (deters, accepted)"]
    assert len(rings.get_offsets()) == pts["viable"].sum()


def test_map_over_more_parameters_summarises_cells_and_says_so():
    pts = grid_points()
    both = pd.concat([pts.assign(w=0.0), pts.assign(w=1.0)], ignore_index=True)
    ax = plot_deterrence_map(both, A, T)
    assert "each cell: 2 designs" in ax.get_title()


def test_viable_set_names_the_four_regions():
    pts = grid_points()
    codes = region_codes(pts)
    assert set(codes) == {0, 1, 2, 3}
    ax = plot_viable_set(pts, A, T)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == list(REGIONS)
    assert legend[1] == "deters but rejected (too strong for Moscow)"
    assert legend[2] == "accepted but does not deter (diluted)"
    (mesh,) = [c for c in ax.collections if isinstance(c, QuadMesh)]
    assert [to_hex(mesh.cmap(k)) for k in range(4)] == [c.lower() for c in REGION_COLOURS]
    share = pts["viable"].mean()
    assert f"{share:.0%} of designs viable" in ax.get_title()


def test_maps_reject_missing_columns_and_a_repeated_axis():
    pts = grid_points().drop(columns=["russia_action"])
    with pytest.raises(ValueError, match="russia_action"):
        plot_deterrence_map(pts, A, T)
    with pytest.raises(ValueError, match="same column"):
        plot_viable_set(grid_points(), A, A)


def test_categorical_axes_get_category_ticks():
    pts = grid_points()
    pts["guarantee.legal_form"] = np.where(pts[T] > 30, "treaty", "political_declaration")
    sub = pts[pts[A] <= 0.1].drop_duplicates([A, "guarantee.legal_form"])
    ax = plot_viable_set(sub, "guarantee.legal_form", A)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["political declaration", "treaty"]
    assert ax.get_xlabel() == "legal form"


def test_robustness_map_needs_an_uncertain_block():
    with pytest.raises(ValueError, match="uncertain:"):
        plot_robustness_map(grid_points(), A, T)


def test_robustness_map_colours_the_share_and_outlines_robust_cells():
    pts = grid_points()
    pts["p_viable_robust"] = np.clip(pts[A] + pts[T] / 100 - 0.6, 0, 1)
    ax = plot_robustness_map(pts, A, T)
    (mesh,) = [c for c in ax.collections if isinstance(c, QuadMesh)]
    assert mesh.get_clim() == (0.0, 1.0)
    assert "share of draws" in ax.get_title()
    labels = [c.get_label() for c in ax.collections if isinstance(c, LineCollection)]
    assert labels == ["at or above 50%", "at or above 90%"]
    fig = ax.get_figure()
    assert any(a.get_ylabel() == "share of uncertain draws" for a in fig.axes)


def test_robustness_line_for_one_parameter():
    pts = grid_points()
    pts["p_viable_robust"] = pts[A]
    ax = plot_robustness_line(pts, A)
    assert len(ax.get_lines()) == 1
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), np.arange(21) / 20)


def test_margins_plot_shows_both_margins_and_the_viable_band():
    pts = grid_points()
    ax = plot_margins(pts, T)
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels[:2] == [
        "deterrence margin (≥ 0: Russia holds)",
        "acceptance margin (≥ 0: Russia accepts)",
    ]
    np.testing.assert_allclose(ax.get_lines()[1].get_ydata(), (4.5 - np.arange(13)) / 10)
    assert ax.get_title() == "Deterrence and acceptance margins by troops on ground"


def test_outcome_shares_stack_to_one():
    p = np.linspace(0, 1, 11)
    pts = pd.DataFrame({"game.parameters.p": p, "p_comply": 1 - p, "p_war": p})
    ax = plot_outcome_shares(pts, "game.parameters.p")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["comply", "war"]
    assert ax.get_xlabel() == "p"


def test_readable_names():
    assert readable("guarantee.response_delay_days") == "response delay days"
    assert readable("guarantee.ukraine_strength") == "Ukraine strength (thousand personnel)"
    assert readable("payoffs.war_cost_russia").startswith("war cost Russia")
    assert readable("deterrence_margin") == "deterrence margin"
