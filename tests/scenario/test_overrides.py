"""``--set dotted.path=value`` overrides: parsing, applying, and validation like the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.scenario.errors import ScenarioError
from sim.scenario.loader import load_scenario
from sim.scenario.overrides import apply_override, parse_override, parse_overrides

GOOD = Path(__file__).parent / "good"


@pytest.mark.parametrize(
    ("text", "path", "value"),
    [
        ("guarantee.automaticity=0.6", ("guarantee", "automaticity"), 0.6),
        ("guarantee.legal_form=treaty", ("guarantee", "legal_form"), "treaty"),
        ("references=[a, b]", ("references",), ["a", "b"]),
        ("guarantee.coalition={size: 5}", ("guarantee", "coalition"), {"size": 5}),
        (
            "guarantee.coalition.members[0].weight=5",
            ("guarantee", "coalition", "members", 0, "weight"),
            5,
        ),
        ("description=a = b", ("description",), "a = b"),
        ("description='quoted: text'", ("description",), "quoted: text"),
        ("dynamics=", ("dynamics",), None),
        (" seed = 7", ("seed",), 7),
        ("game.parameters.p-value=0.3", ("game", "parameters", "p-value"), 0.3),
    ],
)
def test_parse_override(text: str, path: tuple[str | int, ...], value: object) -> None:
    override = parse_override(text)
    assert override.path == path
    assert override.value == value
    assert override.source == f"--set {text}"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("guarantee.automaticity", "needs '='"),
        ("=0.6", "path before '=' is empty"),
        ("guarantee..automaticity=1", "is not a field path"),
        ("guarantee.members[x]=1", "is not a field path"),
        ("1abc=2", "is not a field path"),
        ("description=!!python/object/apply:os.system ['ls']", "is not allowed"),
        ("references=[a, b", "YAML syntax error"),
        ("extends=other.yaml", "cannot be overridden"),
    ],
)
def test_malformed_override(text: str, says: str) -> None:
    with pytest.raises(ScenarioError) as info:
        parse_override(text)
    (problem,) = info.value.problems
    assert problem.file == f"--set {text}"
    assert (problem.line, problem.column) == (0, 0)
    assert says in problem.message
    assert problem.hint


def test_parse_overrides_collects_all_problems() -> None:
    overrides, problems = parse_overrides(["seed=1", "nope", "=2", "seed=3"])
    assert [o.value for o in overrides] == [1, 3]
    assert [p.file for p in problems] == ["--set nope", "--set =2"]


def test_override_applies_after_extends_and_changes_the_hash() -> None:
    plain = load_scenario(GOOD / "child.yaml")
    changed = load_scenario(
        GOOD / "child.yaml",
        ["guarantee.automaticity=0.6", "guarantee.coalition.members[0].weight=50"],
    )
    assert changed.scenario.guarantee.automaticity == 0.6
    assert changed.scenario.guarantee.coalition.member_list[0].weight == 50.0
    assert changed.scenario.guarantee.legal_form == "treaty"
    assert changed.overrides == (
        "guarantee.automaticity=0.6",
        "guarantee.coalition.members[0].weight=50",
    )
    assert changed.hash != plain.hash
    # stating the value the file already has changes nothing
    same = load_scenario(GOOD / "child.yaml", ["guarantee.automaticity=0.4"])
    assert same.hash == plain.hash


def test_override_creates_missing_blocks_and_replaces_mappings() -> None:
    loaded = load_scenario(
        GOOD / "minimal.yaml",
        ["actors.russia.hardliner_share=0.2", "guarantee.coalition={size: 5}"],
    )
    assert loaded.scenario.actors.russia.hardliner_share == 0.2
    assert len(loaded.scenario.guarantee.coalition.member_list) == 5


def test_later_override_wins_and_can_fix_a_file_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: fixable\nguarantee:\n  automaticity: 1.7\n", encoding="utf-8")
    loaded = load_scenario(path, ["guarantee.automaticity=0.1", "guarantee.automaticity=0.2"])
    assert loaded.scenario.guarantee.automaticity == 0.2


def test_unknown_field_in_override_names_the_override() -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario(GOOD / "minimal.yaml", ["guarantee.automaticty=0.6"])
    (problem,) = info.value.problems
    assert problem.file == "--set guarantee.automaticty=0.6"
    assert (problem.line, problem.column) == (0, 0)
    assert problem.message == "unknown field 'automaticty'"
    assert problem.hint == "did you mean 'automaticity'?"
    assert str(problem).startswith(
        "--set guarantee.automaticty=0.6: guarantee.automaticty: unknown field 'automaticty'"
    )


def test_bad_override_value_is_validated_like_the_file() -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario(
            GOOD / "minimal.yaml",
            ["guarantee.automaticity=1.7", "guarantee.legal_form=treety", "seed=x=y"],
        )
    by_file = {p.file: p for p in info.value.problems}
    assert "0 ≤ x ≤ 1" in str(by_file["--set guarantee.automaticity=1.7"])
    assert "did you mean 'treaty'?" in str(by_file["--set guarantee.legal_form=treety"])
    assert "'x=y' is not a whole number" in str(by_file["--set seed=x=y"])


def test_problems_of_file_and_overrides_together(tmp_path: Path) -> None:
    path = tmp_path / "both.yaml"
    path.write_text("name: both\nseed: -5\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, ["no_equals", "payoffs.probe_gain=-1"])
    files = [p.file for p in info.value.problems]
    assert files == [str(path), "--set no_equals", "--set payoffs.probe_gain=-1"]


@pytest.mark.parametrize(
    ("override", "says"),
    [
        ("guarantee.coalition.members[5].weight=1", "index 5 is out of range"),
        ("guarantee.coalition.members[0].weight=1", "is not a list given in the scenario"),
        ("name.first=x", "is not a mapping"),
        ("references[0].title=x", "is not a list given"),
    ],
)
def test_override_path_that_cannot_be_set(override: str, says: str) -> None:
    path = GOOD / ("child.yaml" if "[5]" in override else "minimal.yaml")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, [override])
    (problem,) = info.value.problems
    assert problem.file == f"--set {override}"
    assert says in problem.message
    assert "Fix:" in str(problem)


def test_apply_override_leaves_data_unchanged_on_failure() -> None:
    data: dict[str, object] = {"name": "x"}
    problems = apply_override(data, {}, parse_override("guarantee.coalition.members[0].weight=1"))
    assert problems
    assert data == {"name": "x"}
