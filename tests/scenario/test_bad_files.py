"""Every malformed scenario in ``tests/scenario/bad/`` is rejected with a precise message.

Each file is loaded and must raise :class:`ScenarioError` with a problem that names the file,
the right line and the field, and says what is allowed or how to fix it. The same files are
used by the command-line tests (exit code 2, nothing written).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from sim.scenario.errors import EXIT_BAD_INPUT, Problem, ScenarioError
from sim.scenario.loader import load_scenario

BAD = Path(__file__).parent / "bad"


@dataclass(frozen=True)
class Expect:
    """What the first problem about ``field`` must say: its file, line and some text."""

    line: int
    field: str
    says: tuple[str, ...]
    file: str = ""  # defaults to the file loaded


EXPECTED: dict[str, Expect] = {
    # unknown keys, at several depths, with a did-you-mean
    "typo_top_level_key.yaml": Expect(2, "descripton", ("did you mean 'description'?",)),
    "typo_guarantee_key.yaml": Expect(
        4, "guarantee.automaticty", ("unknown field 'automaticty'", "did you mean 'automaticity'?")
    ),
    "typo_coalition_key.yaml": Expect(
        5, "guarantee.coalition.agregation", ("did you mean 'aggregation'?",)
    ),
    "typo_member_key.yaml": Expect(
        8, "guarantee.coalition.members[1].wieght", ("did you mean 'weight'?", "allowed: name")
    ),
    "typo_actor_key.yaml": Expect(
        4, "actors.russia.hardliner_shar", ("did you mean 'hardliner_share'?",)
    ),
    "key_in_wrong_block.yaml": Expect(2, "automaticity", ("belongs under 'guarantee'",)),
    # wrong types
    "wrong_type_number.yaml": Expect(
        3, "guarantee.troops_on_ground", ("'many' is not a number", "Fix: use a number")
    ),
    "wrong_type_block.yaml": Expect(2, "guarantee", ("0.5 is not a mapping", "key: value")),
    "list_instead_of_mapping.yaml": Expect(3, "actors", ("a list is not a mapping",)),
    "fractional_seed.yaml": Expect(2, "seed", ("not a whole number", "use a whole number")),
    # out of range
    "above_maximum.yaml": Expect(
        3,
        "guarantee.automaticity",
        ("1.7 is above the maximum 1", "allowed: 0 ≤ x ≤ 1", "use a number between 0 and 1"),
    ),
    "below_minimum.yaml": Expect(
        3, "guarantee.monitoring", ("below the minimum 0.3", "allowed: 0.3 ≤ x ≤ 0.95")
    ),
    "integer_out_of_range.yaml": Expect(
        3, "guarantee.air_assets", ("500", "use a whole number between 0 and 150")
    ),
    "negative_member_weight.yaml": Expect(
        6,
        "guarantee.coalition.members[1].weight",
        ("allowed: 0.001 ≤ x ≤ 100000", "use a number between 0.001 and 100000"),
    ),
    # literal choices
    "bad_literal.yaml": Expect(
        3,
        "guarantee.legal_form",
        ("'declaration', 'executive', 'treaty'", "did you mean 'treaty'?"),
    ),
    "bad_literal_far.yaml": Expect(
        3, "guarantee.us_backstop", ("use one of 'none', 'isr_logistics', 'air', 'armed'",)
    ),
    "bad_duration.yaml": Expect(
        3, "guarantee.duration_years", ("allowed: a number or 'indefinite'",)
    ),
    # malformed YAML
    "malformed_indentation.yaml": Expect(4, "", ("YAML syntax error", "indentation")),
    "unclosed_bracket.yaml": Expect(3, "", ("YAML syntax error", "started at line 2")),
    "tab_indentation.yaml": Expect(3, "", ("YAML syntax error", "not tabs")),
    "multiple_documents.yaml": Expect(2, "", ("single document", "'---'")),
    "duplicate_keys.yaml": Expect(
        5, "guarantee.automaticity", ("duplicate key 'automaticity'", "line 3", "remove one")
    ),
    "empty.yaml": Expect(1, "", ("empty", "name: my_scenario")),
    "top_level_list.yaml": Expect(1, "", ("must be a mapping", "not a list")),
    "top_level_scalar.yaml": Expect(1, "", ("must be a mapping", "not a single value")),
    # unsafe or unknown tags: refused, never executed
    "python_object_tag.yaml": Expect(
        2, "description", ("'!!python/object/apply:os.system' is not allowed", "not executed")
    ),
    "unknown_tag.yaml": Expect(3, "guarantee.automaticity", ("'!secret' is not allowed",)),
    # extends
    "missing_extends_target.yaml": Expect(
        2, "extends", ("'no_such_parent.yaml' was not found", "relative to")
    ),
    "cycle_a.yaml": Expect(
        2,
        "extends",
        ("makes a cycle: cycle_a.yaml → cycle_b.yaml → cycle_a.yaml (allowed",),
        file="cycle_b.yaml",
    ),
    "cycle_b.yaml": Expect(
        2,
        "extends",
        ("makes a cycle: cycle_b.yaml → cycle_a.yaml → cycle_b.yaml (allowed",),
        file="cycle_a.yaml",
    ),
    "extends_not_text.yaml": Expect(2, "extends", ("must name a scenario file",)),
    "child_of_bad_parent.yaml": Expect(4, "guarantee.legal_form", ("did you mean 'treaty'?",)),
    # names, required fields, versions
    "name_with_spaces.yaml": Expect(1, "name", ("'My Scenario'", "did you mean 'my_scenario'?")),
    "missing_name.yaml": Expect(1, "name", ("missing required field 'name'", "add 'name: ...'")),
    "schema_version_newer.yaml": Expect(1, "schema_version", ("newer", "upgrade")),
    # cross-field checks point at the block
    "troops_without_posture.yaml": Expect(
        2, "guarantee", ("needs a posture", "rear_hubs, near_front or contact_line")
    ),
    "coalition_larger_than_group.yaml": Expect(
        3, "guarantee.coalition", ("group 'nato' has 31 states, not 33",)
    ),
    "non_finite_payoff.yaml": Expect(
        3, "payoffs.catastrophe_cost", ("inf is not a finite number", "'indefinite'")
    ),
    "coalition_size_and_members.yaml": Expect(
        3, "guarantee.coalition", ("either 'size' or 'members'",)
    ),
}


def _problem_about(err: ScenarioError, field: str, file: str) -> Problem:
    for problem in err.problems:
        if problem.field == field and Path(problem.file).name == file:
            return problem
    raise AssertionError(f"no problem about {field!r} in {file}:\n{err}")


def test_every_bad_file_has_an_expectation() -> None:
    files = {p.name for p in BAD.glob("*.yaml")}
    assert files == set(EXPECTED)
    assert len(files) >= 20


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_is_reported_precisely(name: str) -> None:
    expect = EXPECTED[name]
    path = BAD / name
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    err = info.value
    problem = _problem_about(err, expect.field, expect.file or name)
    text = str(problem)
    assert problem.line == expect.line, text
    assert problem.column >= 1, text
    assert text.startswith(f"{problem.file}:{expect.line}:{problem.column}: "), text
    if expect.field:
        assert f": {expect.field}: " in text
    for fragment in expect.says:
        assert fragment in text, text
    assert problem.allowed or problem.hint, text
    # the whole report names the file loaded, and every problem has its own line
    assert name in str(err)
    assert str(err).count("\n") == len(err.problems) - 1
    assert EXIT_BAD_INPUT == 2


def test_error_in_parent_names_the_parent_line() -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario(BAD / "child_of_bad_parent.yaml")
    parent = _problem_about(info.value, "payoffs.discount_factor", "parent_with_error.yaml")
    assert parent.line == 3
    assert Path(parent.file) == BAD / "parents" / "parent_with_error.yaml"
    assert "allowed: 0 < x < 1" in str(parent)
    # the child's own problem is reported in the same error
    assert len(info.value.problems) == 2


def test_unsafe_tag_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "attack.yaml"
    path.write_text(
        f"name: attack\ndescription: !!python/object/apply:os.system ['touch {marker}']\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError):
        load_scenario(path)
    assert not marker.exists()


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "picture.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    (problem,) = info.value.problems
    assert problem.file == str(path)
    assert "binary" in problem.message
    assert "UTF-8" in str(problem)


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("name: demo\ndescription: Défense\n".encode("latin-1"))
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    (problem,) = info.value.problems
    assert (problem.file, problem.line) == (str(path), 2)
    assert "not UTF-8" in problem.message and "save the file as UTF-8" in problem.hint


def test_zero_byte_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_bytes(b"")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert str(info.value).startswith(f"{path}:1:1: the file is empty")


def test_control_character(tmp_path: Path) -> None:
    path = tmp_path / "bell.yaml"
    path.write_text("name: demo\ndescription: ring \x07 ring\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    (problem,) = info.value.problems
    assert (problem.line, problem.column) == (2, 19)
    assert "#x0007" in problem.message


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario(tmp_path / "nope.yaml")
    assert str(info.value).startswith(f"{tmp_path / 'nope.yaml'}: file not found")
    with pytest.raises(ScenarioError) as info:
        load_scenario(tmp_path)
    assert "is a directory" in str(info.value)
    assert str(tmp_path) in str(info.value)


def test_extends_a_directory(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    path = tmp_path / "child.yaml"
    path.write_text("name: child\nextends: sub\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    (problem,) = info.value.problems
    assert (problem.line, problem.field) == (2, "extends")
    assert "is a directory" in problem.message


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 8):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    path = tmp_path / "bomb.yaml"
    path.write_text("name: bomb\n" + "\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert "expands to more than" in str(info.value)
