"""Safe YAML parsing that remembers where every key and value was written.

The text is composed into YAML nodes with a :class:`yaml.SafeLoader` (so only the standard YAML
tags exist; ``!!python/object`` and every other non-standard tag is reported, never constructed)
and the nodes are turned into plain Python data by hand, recording for each field path the line
and column of its key and of its value. Duplicate keys in one mapping are reported, as are tags
and constructs the safe loader refuses. Problems are collected, not raised.

Plain scalars are typed by the rules of YAML 1.2's core schema, not YAML 1.1's
(:class:`ScenarioLoader`): only ``true``/``false`` are booleans (``yes``, ``no``, ``on``, ``off``
stay text), ``1:30`` is text rather than the sexagesimal 90, ``012`` is text rather than octal 10,
and ``1e-9`` is a number (YAML 1.1 wants ``1.0e-9``). Nesting deeper than :data:`MAX_DEPTH`
levels is reported at its line rather than exhausting Python's stack.

A *field path* is a tuple of mapping keys and list indices, e.g.
``("guarantee", "coalition", "members", 2, "weight")``.

Examples
--------
>>> parsed = parse_yaml("name: demo\\nguarantee:\\n  automaticity: 0.7\\n", "x.yaml")
>>> parsed.data
{'name': 'demo', 'guarantee': {'automaticity': 0.7}}
>>> pos = parsed.positions[("guarantee", "automaticity")]
>>> (pos.line, pos.column, pos.value_line, pos.value_column)
(3, 3, 3, 17)
>>> parse_yaml("a: 1\\na: 2\\n", "x.yaml").problems[0].message
"duplicate key 'a' (first written at line 1)"
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from sim.scenario.errors import Problem, shorten

FieldPath = tuple[str | int, ...]

MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"
MERGE_TAG = "tag:yaml.org,2002:merge"
SAFE_TAGS: frozenset[str] = frozenset(t for t in yaml.SafeLoader.yaml_constructors if t)
"""Tags the safe loader knows (null, bool, int, float, str, binary, timestamp, omap, pairs, set,
seq, map); every other tag is refused."""

MAX_NODES = 200_000
"""Cap on nodes visited, against alias bombs ("billion laughs")."""

MAX_DEPTH = 100
"""Deepest nesting of mappings and lists (the deepest shipped scenario nests 19 levels; a game
tree takes two levels per move)."""

_INT = re.compile(r"^(?:[-+]?(?:0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|0o[0-7_]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")


class ScenarioLoader(yaml.SafeLoader):
    """:class:`yaml.SafeLoader` with YAML 1.2 core-schema scalars and a nesting limit.

    Examples
    --------
    >>> [yaml.load(t, Loader=ScenarioLoader) for t in ("yes", "1:30", "012", "1e-9", "-0.0")]
    ['yes', '1:30', '012', 1e-09, -0.0]
    """

    yaml_implicit_resolvers = {  # noqa: RUF012 (PyYAML's own class attribute)
        key: [
            (tag, regexp) for tag, regexp in resolvers if not tag.endswith(("bool", "int", "float"))
        ]
        for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _TooDeep(self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_yaml_int(self, node: ScalarNode) -> int:
        text = str(node.value).replace("_", "")
        if text.startswith("0o"):
            return int(text[2:], 8)
        return int(text, 16) if text.startswith("0x") else int(text)


ScenarioLoader.add_constructor("tag:yaml.org,2002:int", ScenarioLoader.construct_yaml_int)
ScenarioLoader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))
ScenarioLoader.add_implicit_resolver("tag:yaml.org,2002:int", _INT, list("-+0123456789"))
ScenarioLoader.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT, list("-+0123456789."))


class _TooDeep(Exception):
    """Raised by the composer when nesting passes :data:`MAX_DEPTH`."""

    def __init__(self, mark: yaml.Mark | None) -> None:
        super().__init__("too deep")
        self.mark = mark


@dataclass(frozen=True)
class Position:
    """Where a field was written: its key, and its value (1-based; 0 when unknown).

    For list items and the document root, the key position is the value's position.
    """

    file: str
    line: int
    column: int
    value_line: int
    value_column: int


@dataclass
class ParsedYaml:
    """Plain data parsed from YAML, with positions and the problems met on the way.

    Attributes
    ----------
    data
        The document as dicts, lists and scalars (``None`` when it could not be parsed).
    positions
        Position of every field path in ``data``; ``()`` is the document root.
    problems
        Syntax errors, refused tags, duplicate keys, ...
    dropped
        Paths whose value was refused (e.g. an unsafe tag) and left out of ``data``; validation
        problems at these paths are noise and are suppressed by the loader.
    """

    data: Any
    positions: dict[FieldPath, Position] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    dropped: set[FieldPath] = field(default_factory=set)


def format_path(path: FieldPath) -> str:
    """Dotted form of a field path.

    >>> format_path(("guarantee", "coalition", "members", 2, "weight"))
    'guarantee.coalition.members[2].weight'
    """
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _mark_position(mark: yaml.Mark | None) -> tuple[int, int]:
    if mark is None:
        return 0, 0
    return mark.line + 1, mark.column + 1


def _syntax_hint(problem: str) -> str:
    if "\\t" in problem or "tab" in problem:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return (
            "check the indentation, put a space after each ':', and quote values that contain ': '"
        )
    if "could not find expected ':'" in problem:
        return "write each entry as 'key: value'"
    if "expected a single document" in problem:
        return "keep one YAML document per scenario file (remove the extra '---')"
    if "found undefined alias" in problem:
        return "define the anchor (&name) before using the alias (*name)"
    return "check the YAML syntax at this position (indentation, quotes, brackets)"


def _text_position(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    line = before.count("\n") + 1
    column = index - (before.rfind("\n") + 1) + 1
    return line, column


class _Builder:
    """Turns composed YAML nodes into plain data, recording positions and problems."""

    def __init__(self, loader: ScenarioLoader, file: str) -> None:
        self.loader = loader
        self.file = file
        self.result = ParsedYaml(data=None)
        self.visited = 0
        self.stack: set[int] = set()

    def problem(self, node: Node, path: FieldPath, message: str, allowed: str, hint: str) -> None:
        line, column = _mark_position(node.start_mark)
        self.result.problems.append(
            Problem(self.file, line, column, shorten(format_path(path)), message, allowed, hint)
        )

    def unsafe_tag(self, node: Node) -> str | None:
        """The first tag in ``node`` (or below it) that the safe loader does not know."""
        pending = [node]
        seen: set[int] = set()
        while pending:
            current = pending.pop()
            if id(current) in seen:
                continue
            seen.add(id(current))
            if current.tag not in SAFE_TAGS and current.tag != MERGE_TAG:
                return str(current.tag)
            if isinstance(current, SequenceNode):
                pending.extend(current.value)
            elif isinstance(current, MappingNode):
                for k, v in current.value:
                    pending.extend((k, v))
        return None

    def build(self, node: Node, path: FieldPath, positions: dict[FieldPath, Position]) -> Any:
        self.visited += 1
        if self.visited > MAX_NODES:
            raise _TooLarge
        if len(path) > MAX_DEPTH:  # aliases can nest deeper than the text
            raise _TooDeep(node.start_mark)
        if id(node) in self.stack:
            self.problem(
                node, path, "recursive alias: a value contains itself", "", "remove the alias"
            )
            self.result.dropped.add(path)
            return None
        plain_collection = (isinstance(node, MappingNode) and node.tag == MAP_TAG) or (
            isinstance(node, SequenceNode) and node.tag == SEQ_TAG
        )
        tag = None if plain_collection else self.unsafe_tag(node)
        if tag is not None:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            self.problem(
                node,
                path,
                f"the YAML tag '{shown}' is not allowed (it was not executed)",
                "plain YAML values: numbers, text, true/false, lists and mappings",
                "remove the tag and write the value itself",
            )
            self.result.dropped.add(path)
            return None
        self.stack.add(id(node))
        try:
            if isinstance(node, MappingNode) and node.tag == MAP_TAG:
                return self.build_mapping(node, path, positions)
            if isinstance(node, SequenceNode) and node.tag == SEQ_TAG:
                items = []
                for index, item in enumerate(node.value):
                    line, column = _mark_position(item.start_mark)
                    positions[(*path, index)] = Position(self.file, line, column, line, column)
                    items.append(self.build(item, (*path, index), positions))
                return items
            try:
                return self.loader.construct_object(node, deep=True)
            except (yaml.YAMLError, ValueError, OverflowError) as exc:
                self.problem(
                    node,
                    path,
                    f"invalid YAML value: {getattr(exc, 'problem', exc)}",
                    "plain YAML values: numbers, text, true/false, lists and mappings",
                    "quote the value to make it text",
                )
                self.result.dropped.add(path)
                return None
        finally:
            self.stack.discard(id(node))

    def build_mapping(
        self, node: MappingNode, path: FieldPath, positions: dict[FieldPath, Position]
    ) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        merges: list[Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG:
                merges.append(value_node)
                continue
            if not isinstance(key_node, ScalarNode):
                self.problem(
                    key_node,
                    path,
                    "a key must be plain text, not a list or mapping",
                    "text keys",
                    "write the key as plain text",
                )
                continue
            key = str(key_node.value)
            shown_key = shorten(key)
            key_line, key_column = _mark_position(key_node.start_mark)
            if key in mapping or key in first_line:
                self.problem(
                    key_node,
                    (*path, key),
                    f"duplicate key '{shown_key}' (first written at line {first_line[key]})",
                    "each key once per mapping",
                    "remove one of the two entries",
                )
                continue
            first_line[key] = key_line
            value_line, value_column = _mark_position(value_node.start_mark)
            positions[(*path, key)] = Position(
                self.file, key_line, key_column, value_line, value_column
            )
            value = self.build(value_node, (*path, key), positions)
            if (*path, key) not in self.result.dropped:
                mapping[key] = value
        for merge in merges:
            sources = merge.value if isinstance(merge, SequenceNode) else [merge]
            for source in sources:
                merged_positions: dict[FieldPath, Position] = {}
                merged = self.build(source, path, merged_positions)
                if not isinstance(merged, dict):
                    self.problem(
                        source,
                        path,
                        "a merge key '<<' needs a mapping or a list of mappings",
                        "mappings",
                        "merge an anchored mapping, e.g. '<<: *defaults'",
                    )
                    continue
                for key, value in merged.items():
                    if key in mapping or key in first_line:
                        continue
                    mapping[key] = value
                    first_line[key] = 0
                    for sub, pos in merged_positions.items():
                        if sub[: len(path) + 1] == (*path, key):
                            positions[sub] = pos
        return mapping


def _reader_problem(text: str, file: str, exc: yaml.reader.ReaderError) -> Problem:
    line, column = _text_position(text, exc.position)
    character = f"#x{exc.character:04x}" if isinstance(exc.character, int) else repr(exc.character)
    return Problem(
        file,
        line,
        column,
        "",
        f"character {character} is not allowed in YAML text",
        "printable UTF-8 text",
        "remove the control character (is this a binary file?)",
    )


def _expanded_size(node: Node, memo: dict[int, int], stack: set[int]) -> int:
    """Number of nodes once aliases are expanded, computed on the node graph (memoised, so
    an alias bomb is measured without being expanded); a recursive alias counts once."""
    key = id(node)
    if key in memo:
        return memo[key]
    if key in stack:
        return 1
    stack.add(key)
    size = 1
    if isinstance(node, SequenceNode):
        size += sum(_expanded_size(child, memo, stack) for child in node.value)
    elif isinstance(node, MappingNode):
        for k, v in node.value:
            size += _expanded_size(k, memo, stack) + _expanded_size(v, memo, stack)
    stack.discard(key)
    memo[key] = size
    return size


def _depth_problem(file: str, exc: _TooDeep) -> Problem:
    line, column = _mark_position(exc.mark)
    return Problem(
        file,
        line,
        column,
        "",
        f"the document nests more than {MAX_DEPTH} levels of mappings and lists",
        f"at most {MAX_DEPTH} levels",
        "flatten the structure (is a block indented into itself, or an alias nested in itself?)",
    )


class _TooLarge(Exception):
    """Raised when alias expansion makes a document implausibly large."""


def parse_yaml(text: str, file: str) -> ParsedYaml:
    """Parse one YAML document safely, keeping the position of every key and value.

    Parameters
    ----------
    text
        The YAML text.
    file
        Name used in positions and problems.

    Returns
    -------
    ParsedYaml
        ``data`` is ``None`` for an empty document or when the text could not be parsed (the
        problems then say why).
    """
    result = ParsedYaml(data=None)
    try:
        loader = ScenarioLoader(text)
    except yaml.reader.ReaderError as exc:
        result.problems.append(_reader_problem(text, file, exc))
        return result
    builder = _Builder(loader, file)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            line, column = _mark_position(exc.problem_mark or exc.context_mark)
            problem = exc.problem or str(exc)
            context = ""
            if exc.context and exc.context.startswith("while"):
                context = f" {exc.context}"
                if exc.context_mark and exc.problem_mark:
                    if exc.context_mark.line != exc.problem_mark.line:
                        context += f" started at line {exc.context_mark.line + 1}"
            elif exc.context:
                problem = f"{exc.context}, {problem}"
            builder.result.problems.append(
                Problem(
                    file,
                    line,
                    column,
                    "",
                    f"YAML syntax error{context}: {problem}",
                    "YAML text (a mapping of 'key: value' lines)",
                    _syntax_hint(problem),
                )
            )
            return builder.result
        except yaml.reader.ReaderError as exc:
            builder.result.problems.append(_reader_problem(text, file, exc))
            return builder.result
        except _TooDeep as exc:
            builder.result.problems.append(_depth_problem(file, exc))
            return builder.result
        if node is None:
            return builder.result
        line, column = _mark_position(node.start_mark)
        builder.result.positions[()] = Position(file, line, column, line, column)
        try:
            try:
                size = _expanded_size(node, {}, set())
            except RecursionError:  # a long chain of aliases, each nesting the last
                raise _TooDeep(node.start_mark) from None
            if size > MAX_NODES:
                raise _TooLarge
            builder.result.data = builder.build(node, (), builder.result.positions)
        except _TooDeep as exc:
            builder.result.data = None
            builder.result.problems.append(_depth_problem(file, exc))
        except _TooLarge:
            builder.result.data = None
            builder.result.problems.append(
                Problem(
                    file,
                    line,
                    column,
                    "",
                    f"the document expands to more than {MAX_NODES} values (aliases)",
                    "a scenario of ordinary size",
                    "write the values out instead of nesting aliases",
                )
            )
        return builder.result
    finally:
        loader.dispose()
