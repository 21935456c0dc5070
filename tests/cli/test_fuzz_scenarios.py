"""Fuzz test (issue 12): mutated scenario files and ``--set`` overrides never make ``deter``
exit other than 0 or 2, never hang, and write nothing when they exit 2.

Hypothesis mutates shipped scenarios the way careless and hostile users do (YAML 1.1 values,
non-finite and extreme numbers, tags, aliases, deleted, duplicated and re-indented lines, a
truncated file) and runs ``deter run`` (guarantee scenarios, with the repeated game for
``salami_gray_zone``) or ``deter solve`` (a canonical ``game:``) in-process. The examples are
derandomised and bounded (about 30 s in all); each is stopped after :data:`EXAMPLE_SECONDS`.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.cli import main
from sim.scenario.fields import all_field_paths
from sim.scenario.schema import Scenario
from sim.scenario.yaml_positions import format_path

REPO = Path(__file__).resolve().parents[2]
BASES = {
    "salami_gray_zone": REPO / "scenarios" / "presets" / "salami_gray_zone.yaml",
    "forward_tripwire": REPO / "scenarios" / "presets" / "forward_tripwire.yaml",
    "chicken": REPO / "scenarios" / "canon" / "chicken.yaml",
}
EXAMPLE_SECONDS = 60

HOSTILE = [
    "yes", "on", "no", "true", "false", "1:30", "'0.5'", "-0.0", "012", "0x1F", "1_000",
    ".nan", ".inf", "-.inf", "1e308", "-1e308", "5e-324", "1e300", "1e999", "-1", "0",
    "99999999999999999999999", "1" + "0" * 5000, "null", "~", "''", "[]", "{}", "[1, 2]",
    "{a: 1}", "&a [*a]", "!!python/object/apply:os.system ['true']", "!!binary aGk=",
    "2025-01-01", "'x'", "indefinite", "treaty", "\"\\x00\"", "'" + "z" * 300 + "'",
    "p * 1e308", "'1 / 0'", "'p ** 999'", "*undefined",
]  # fmt: skip
"""Values careless and hostile users write."""

PATHS = [
    format_path(p)
    for p in all_field_paths(Scenario)
    if p[0] not in ("sweep", "game", "schema_version")
]


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, str, list[str]]:
    """(base name, mutated text, --set overrides)."""
    name = draw(st.sampled_from(sorted(BASES)))
    lines = BASES[name].read_text(encoding="utf-8").splitlines()
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["value", "value", "delete", "duplicate", "indent", "cut"]))
        line = lines[index]
        if kind == "value" and ":" in line and not line.lstrip().startswith("#"):
            key = line.split(":", 1)[0]
            lines[index] = f"{key}: {draw(st.sampled_from(HOSTILE))}"
        elif kind == "delete":
            del lines[index]
        elif kind == "duplicate":
            lines.insert(index, line)
        elif kind == "indent":
            lines[index] = " " * draw(st.sampled_from([0, 1, 2, 4])) + line.lstrip()
        elif kind == "cut":
            lines = [*lines[:index], line[: len(line) // 2]]
        if not lines:
            lines = ["name: empty"]
    overrides: list[str] = []
    if draw(st.booleans()):
        path = draw(st.sampled_from(PATHS))
        overrides.append(f"{path}={draw(st.sampled_from(HOSTILE))}")
    return name, "\n".join(lines) + "\n", overrides


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(case=mutated())
def test_mutated_scenarios_exit_0_or_2_and_write_nothing_on_error(
    case: tuple[str, str, list[str]],
    capsys: pytest.CaptureFixture[str],
    example_time_limit: Callable[[int], AbstractContextManager[None]],
) -> None:
    name, text, overrides = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        out = Path(folder) / "out"
        sets = [x for o in overrides for x in ("--set", o)]
        if name == "chicken":
            argv = ["solve", str(path), "--json", *sets]
        else:
            sets += ["--set", "solver.robustness_draws=0"]
            if name == "salami_gray_zone":
                sets += ["--set", "dynamics.replicates=2"]
            argv = ["run", str(path), "--quiet", "--out", str(out), *sets]
        with example_time_limit(EXAMPLE_SECONDS):
            code = main(argv)
        err = capsys.readouterr().err
        assert code in (0, 2), f"exit {code} for {argv}:\n{text}\n{err}"
        assert "internal error" not in err
        if code == 2:
            assert not out.exists(), "a bundle was written on bad input"
        elif name != "chicken":
            bundles = [p for p in out.glob("*/*") if p.is_dir()]
            assert len(bundles) == 1 and not bundles[0].name.startswith(".")
