"""The classroom app's pure functions: a design → a scenario → what the pages show.

Quick: no server and no browser (those are in ``test_app_browser.py``).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from sim.app import design, repeated, results, server, sweep
from sim.app.design import DesignError, apply_design, design_values
from sim.app.pages.common import error_message, prose_html
from sim.app.presets import ROBUSTNESS_DRAWS, load_preset, preset_names
from sim.cli import main
from sim.guarantee import solve_guarantee
from sim.guarantee.names import OUTCOMES

PNG = b"\x89PNG\r\n\x1a\n"


# -- presets and designs -----------------------------------------------------------------------
def test_presets_load_without_robustness_draws() -> None:
    names = preset_names()
    assert {"august_2025_proposal", "salami_gray_zone", "bilateral_2024"} <= set(names)
    assert all(load_preset(n).solver.robustness_draws == ROBUSTNESS_DRAWS == 0 for n in names)
    with pytest.raises(ValueError, match="no preset named"):
        load_preset("atlantis")


@pytest.mark.parametrize("name", preset_names())
def test_a_presets_own_design_gives_the_preset_back(name: str) -> None:
    base = load_preset(name)
    values = design_values(base)
    assert set(values) == {c.path for c in design.CONTROLS}
    assert apply_design(base, values) == base


def test_a_design_sets_its_levers() -> None:
    base = load_preset("august_2025_proposal")
    changed = apply_design(
        base,
        {
            **design_values(base),
            "guarantee.automaticity": 0.9,
            "guarantee.air_assets": 100.0,  # sliders send floats; the field is an integer
            "guarantee.us_backstop": "armed",
        },
    )
    assert changed.guarantee.automaticity == 0.9
    assert changed.guarantee.air_assets == 100 and isinstance(changed.guarantee.air_assets, int)
    assert changed.guarantee.us_backstop == "armed"
    assert changed.guarantee.troops_on_ground == base.guarantee.troops_on_ground


def test_coalition_size_takes_the_largest_states_and_an_unchanged_size_keeps_the_members() -> None:
    base = load_preset("budapest_1994")  # names its one member, the United Kingdom
    assert design_values(base)["guarantee.coalition.size"] == 1
    same = apply_design(base, design_values(base))
    assert [m.name for m in same.guarantee.coalition.member_list] == ["United Kingdom"]
    bigger = apply_design(base, {design.COALITION_SIZE: 3})
    weights = [m.weight for m in bigger.guarantee.coalition.member_list]
    assert len(weights) == 3 and weights == sorted(weights, reverse=True)
    assert design.coalition_size_limit(base) >= 12


def test_an_impossible_design_is_one_readable_sentence() -> None:
    base = load_preset("bilateral_2024")  # no troops, posture none
    with pytest.raises(DesignError) as raised:
        apply_design(base, {"guarantee.troops_on_ground": 10.0})
    assert str(raised.value).startswith("guarantee: troops_on_ground > 0 needs a posture")
    assert "Traceback" not in error_message(raised.value)


def test_every_control_lies_within_its_schema_range() -> None:
    for control in design.NUMBER_CONTROLS:
        assert control.low < control.high and 0 < control.step <= control.high - control.low
        assert control.label[0].isupper()
    for choice in design.CHOICE_CONTROLS:
        assert len(set(choice.choices)) == len(choice.choices) >= 2


# -- one solved design ---------------------------------------------------------------------------
def test_automaticity_flips_russias_choice_on_the_browser_tests_preset() -> None:
    """The premise of the browser test: bilateral_2024 invades at 0.25 and probes at 1."""
    base = load_preset("bilateral_2024")
    assert base.guarantee.automaticity == 0.25
    before = results.solve_design(base)
    after = results.solve_design(apply_design(base, {"guarantee.automaticity": 1.0}))
    assert results.choice_text(before) == "Russia's choice: invade"
    assert results.choice_text(after) == "Russia's choice: probe"
    png_before = results.game_tree_png(before)
    png_after = results.game_tree_png(after)
    assert png_before.startswith(PNG) and png_after.startswith(PNG)
    assert png_before != png_after


def test_the_tables_show_the_solutions_numbers() -> None:
    base = load_preset("august_2025_proposal")
    solution = results.solve_design(base)
    values = results.value_rows(solution)
    assert [row[0] for row in values] == ["hold", "probe", "invade"]
    assert [row[2] for row in values].count("best") == 1
    assert values[["hold", "probe", "invade"].index(solution.russia_action)][2] == "best"
    outcomes = results.outcome_rows(solution)
    assert [row[0] for row in outcomes] == list(OUTCOMES)
    assert sum(float(row[1].rstrip(" %")) for row in outcomes) == pytest.approx(100, abs=0.5)
    thresholds = results.threshold_rows(solution, base)
    assert len(thresholds) == len(solution.thresholds)
    monitoring = next(row for row in thresholds if row[0].startswith("monitoring"))
    assert monitoring[1] == "0.7" and monitoring[2] == "deters when ≥ 0.8"  # docs/model.md §8
    assert not any(line.startswith("Thresholds") for line in results.verdicts(solution))
    assert any(line.startswith("Acceptable to Russia") for line in results.verdicts(solution))


def test_the_app_solves_as_deter_run_does() -> None:
    base = load_preset("forward_tripwire")
    ours = results.solve_design(base).to_dict()
    reference = solve_guarantee(base).to_dict()
    assert ours == reference


def test_markdown_tables_render_as_html_tables() -> None:
    html = prose_html(results.markdown_table(("a", "b"), [("1", "2")]))
    assert "<table>" in html and ">1</td>" in html


# -- the repeated game ---------------------------------------------------------------------------
def test_the_repeated_game_steps_and_redraws() -> None:
    scenario = load_preset("salami_gray_zone")
    model = repeated.new_model(scenario, replicates=5, seed=3)
    assert repeated.status_text(model) == "quarter 0 of 40"
    assert repeated.timeseries_frame(model).empty
    start = repeated.dynamics_png(repeated.timeseries_frame(model), model.quarters)
    model.step()
    model.step()
    frame = repeated.timeseries_frame(model)
    assert repeated.status_text(model) == "quarter 2 of 40"
    assert len(frame) == 10 and set(frame["quarter"]) == {1, 2}
    assert frame["belief_us"].between(0, 1).all()
    after = repeated.dynamics_png(frame, model.quarters)
    assert start.startswith(PNG) and after.startswith(PNG) and start != after
    assert repeated.quarter_summary(model).startswith("Quarter 2: runs at ")


def test_the_repeated_game_is_seeded_as_run_dynamics_seeds_it() -> None:
    scenario = load_preset("salami_gray_zone")
    one = repeated.new_model(scenario, replicates=4, seed=11)
    two = repeated.new_model(scenario, replicates=4, seed=11)
    one.run()
    for _ in range(one.quarters):
        two.step()
    assert repeated.timeseries_frame(one).equals(repeated.timeseries_frame(two))


# -- the sweep -----------------------------------------------------------------------------------
def test_a_sweep_point_is_the_designs_own_solution() -> None:
    base = load_preset("august_2025_proposal")
    x = sweep.Axis("guarantee.automaticity", 0.0, 1.0, 5)
    y = sweep.Axis("guarantee.monitoring", 0.3, 0.95, 4)
    points = sweep.sweep_points(base, x, y)
    assert len(points) == 20
    row = points.iloc[-1]  # automaticity 1, monitoring 0.95
    single = results.solve_design(
        apply_design(base, {x.path: float(row[x.path]), y.path: float(row[y.path])})
    )
    assert row["russia_action"] == single.russia_action
    assert row["acceptance_margin"] == pytest.approx(single.acceptance_margin, abs=1e-9)
    assert sweep.deterrence_map_png(points, x, y).startswith(PNG)


def test_a_categorical_axis_takes_every_choice() -> None:
    base = load_preset("august_2025_proposal")
    points = sweep.sweep_points(
        base, sweep.Axis("guarantee.legal_form"), sweep.Axis("guarantee.automaticity", 0, 1, 3)
    )
    assert sorted(set(points["guarantee.legal_form"])) == ["declaration", "executive", "treaty"]


@pytest.mark.parametrize(
    ("x", "y", "message"),
    [
        (sweep.Axis("guarantee.monitoring", 0.3, 0.9), sweep.Axis("guarantee.monitoring"), "two"),
        (sweep.Axis("guarantee.automaticity", 0.8, 0.2), sweep.Axis("guarantee.trigger"), "low"),
        (sweep.Axis("guarantee.automaticity", 0, 1, 99), sweep.Axis("guarantee.trigger"), "21"),
    ],
)
def test_a_bad_sweep_is_a_sentence(x: sweep.Axis, y: sweep.Axis, message: str) -> None:
    with pytest.raises(DesignError, match=message):
        sweep.sweep_points(load_preset("august_2025_proposal"), x, y)


# -- serving offline ------------------------------------------------------------------------------
def test_the_server_runs_in_production_mode_without_the_internet() -> None:
    command = server.solara_command(port=9000, host="127.0.0.1", open_browser=False)
    assert command[:5] == [sys.executable, "-m", "solara", "run", "sim.app.main"]
    assert {"--production", "--no-open", "--no-check-version"} <= set(command)
    env = server.offline_environment({"PATH": "/bin"})
    assert env["PATH"] == "/bin" and env["SOLARA_ASSETS_PROXY"] == "True"
    assert env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] == "False"
    assert env["SOLARA_ASSETS_CDN"].startswith("http://127.0.0.1:")


def test_the_local_assets_hold_every_file_the_page_template_asks_for() -> None:
    """Each ``{{cdn}}/...`` file of Solara's page (Vuetify 2 app, ipywidgets 8) is installed
    by solara-assets, so the assets proxy never has to fetch one."""
    import solara
    import solara.server.settings

    server.check_assets()
    template = Path(solara.__file__).parent / "server" / "templates" / "solara.html.j2"
    wanted = set(re.findall(r"\{\{cdn\}\}(/[^\"{]+(?:\{\{ipywidget_major_version\}\}[^\"]*)?)",
                            template.read_text()))  # fmt: skip
    wanted = {w.replace("{{ipywidget_major_version}}", "8") for w in wanted if "vuetify3" not in w}
    wanted.add(solara.server.settings.assets.fontawesome_path)
    missing = [w for w in sorted(wanted) if not (server.assets_folder() / w.lstrip("/")).is_file()]
    assert len(wanted) >= 5 and not missing


# -- the command line and the pages --------------------------------------------------------------
def test_deter_app_help_has_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["app", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--port" in out and "--no-open" in out and "deter app --port" in out


def test_deter_app_refuses_a_bad_port(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["app", "--port", "0"]) == 2
    assert "port" in capsys.readouterr().err


def test_the_app_module_defines_three_pages() -> None:
    from sim.app import main as app

    assert [r.label for r in app.routes] == ["Guarantee", "Repeated game", "Sweep"]
    assert app.routes[0].layout is app.Layout


def test_errors_are_sentences() -> None:
    assert error_message(ValueError("bad")) == "bad"
    assert error_message(RuntimeError("x")) == "RuntimeError: x"
