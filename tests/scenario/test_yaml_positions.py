"""Safe YAML parsing with positions: every key and value remembers its line and column."""

from __future__ import annotations

import pytest

from sim.scenario.yaml_positions import format_path, parse_yaml

TEXT = """\
name: demo
guarantee:
  automaticity: 0.7
  coalition:
    members:
      - name: France
        weight: 64.3
      - {name: Poland, weight: 34.9}
references: [a, b]
"""


def test_positions_of_keys_values_and_list_items() -> None:
    parsed = parse_yaml(TEXT, "demo.yaml")
    assert not parsed.problems
    p = parsed.positions
    assert (p[("name",)].line, p[("name",)].column) == (1, 1)
    assert (p[("name",)].value_line, p[("name",)].value_column) == (1, 7)
    auto = p[("guarantee", "automaticity")]
    assert (auto.line, auto.column, auto.value_column) == (3, 3, 17)
    member = p[("guarantee", "coalition", "members", 1)]
    assert (member.line, member.column) == (8, 9)
    weight = p[("guarantee", "coalition", "members", 1, "weight")]
    assert (weight.line, weight.value_column) == (8, 32)
    assert p[("references", 1)].value_column == 17
    assert p[()].line == 1
    assert {pos.file for pos in p.values()} == {"demo.yaml"}


def test_keys_stay_text() -> None:
    parsed = parse_yaml("yes: 1\n3: x\nnull: y\n", "k.yaml")
    assert parsed.data == {"yes": 1, "3": "x", "null": "y"}


def test_complex_key_is_a_problem() -> None:
    parsed = parse_yaml("? [a, b]\n: 1\nc: 2\n", "k.yaml")
    assert parsed.data == {"c": 2}
    assert "plain text" in parsed.problems[0].message


def test_duplicate_key_keeps_the_first_and_reports_the_second() -> None:
    parsed = parse_yaml("a: 1\nb:\n  c: 1\n  c: 2\n", "d.yaml")
    assert parsed.data == {"a": 1, "b": {"c": 1}}
    (problem,) = parsed.problems
    assert (problem.line, problem.column, problem.field) == (4, 3, "b.c")


def test_merge_key_overridden_by_explicit_keys() -> None:
    parsed = parse_yaml("base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\n", "m.yaml")
    assert parsed.data["other"] == {"y": 3, "x": 1}
    assert not parsed.problems
    assert parsed.positions[("other", "y")].line == 4
    assert parsed.positions[("other", "x")].line == 1  # where the merged value was written


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("a: !!python/object:builtins.dict {}\n", "'!!python/object:builtins.dict' is not"),
        ("a: !!python/name:os.system\n", "is not allowed"),
        ("a: !custom x\n", "'!custom' is not allowed"),
        ("a: !!set {!!python/tuple [1]: null}\n", "is not allowed"),
        ("a: &r [*r]\n", "recursive alias"),
        ("a: 2025-02-30\n", "invalid YAML value"),
    ],
)
def test_refused_values_are_dropped_and_reported(text: str, says: str) -> None:
    parsed = parse_yaml(text, "t.yaml")
    assert says in parsed.problems[0].message
    assert parsed.dropped
    assert parsed.problems[0].line == 1


def test_standard_tags_are_fine() -> None:
    parsed = parse_yaml("a: !!str 5\nb: !!float 1\nc: !!set {x}\nd: 2025-01-02\n", "t.yaml")
    assert not parsed.problems
    assert parsed.data["a"] == "5" and parsed.data["b"] == 1.0 and parsed.data["c"] == {"x"}


def test_syntax_error_position() -> None:
    parsed = parse_yaml("a: 1\nb: [1, 2\nc: 3\n", "s.yaml")
    assert parsed.data is None
    (problem,) = parsed.problems
    assert (problem.file, problem.line) == ("s.yaml", 3)
    assert "started at line 2" in problem.message


def test_empty_document() -> None:
    parsed = parse_yaml("# nothing\n\n", "e.yaml")
    assert parsed.data is None and not parsed.problems


def test_format_path() -> None:
    assert format_path(()) == ""
    assert format_path(("a", 0, 1, "b")) == "a[0][1].b"
