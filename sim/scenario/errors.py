"""Problems found in scenario input, and the error that reports all of them at once.

Every problem names where it is (file, line, column), what is wrong (the dotted field and a
message), what is allowed, and how to fix it. The loader collects every problem of a file before
raising, so a user fixes a file in one pass rather than one error per run.

Examples
--------
>>> p = Problem(file="x.yaml", line=12, column=3, field="guarantee.automaticity",
...             message="1.7 is above the maximum 1", allowed="0 ≤ x ≤ 1", hint="use 0 to 1")
>>> print(p)  # doctest: +NORMALIZE_WHITESPACE
x.yaml:12:3: guarantee.automaticity: 1.7 is above the maximum 1
(allowed: 0 ≤ x ≤ 1). Fix: use 0 to 1.
>>> err = ScenarioError([p])
>>> isinstance(err, ValueError), len(err.problems)
(True, 1)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

EXIT_BAD_INPUT = 2
"""Exit code of every command given bad input (a scenario or ``--set`` with problems)."""


SHOWN_LENGTH = 60
"""Longest text (a value, a key) quoted whole in a message; longer text is cut (a 1 MB value is
not echoed back)."""


def shorten(text: str) -> str:
    """``text``, cut to :data:`SHOWN_LENGTH` characters with its length when longer.

    >>> shorten("short"), shorten("y" * 100)
    ('short', 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy… (100 characters)')
    """
    return text if len(text) <= SHOWN_LENGTH else f"{text[:40]}… ({len(text)} characters)"


@dataclass(frozen=True)
class Problem:
    """One problem in scenario input.

    Attributes
    ----------
    file
        Where the problem is: a file path as the user gave it, ``--set <text>`` for a command-line
        override, or the ``source`` given to :func:`sim.scenario.validation.validate_mapping`.
    line, column
        1-based position of the offending key or value; 0 when unknown (already-parsed data, a
        missing file, an override).
    field
        Dotted path of the field, with list indices, e.g. ``guarantee.coalition.members[2].weight``;
        empty for a problem of the whole file.
    message
        What is wrong.
    allowed
        What is allowed: a range (``0 ≤ x ≤ 1``), literal choices, a type, or valid keys.
    hint
        The suggested fix.
    """

    file: str
    line: int
    column: int
    field: str
    message: str
    allowed: str = ""
    hint: str = ""

    @property
    def location(self) -> str:
        """``file:line:column``, or just ``file`` when the position is unknown."""
        if self.line <= 0:
            return self.file
        if self.column <= 0:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"

    def __str__(self) -> str:
        text = f"{self.location}: "
        if self.field:
            text += f"{self.field}: "
        text += self.message
        if self.allowed:
            text += f" (allowed: {self.allowed})"
        text += "."
        if self.hint:
            hint = self.hint if self.hint.endswith((".", "?", "!")) else self.hint + "."
            text += f" Fix: {hint}"
        return text


def sort_problems(problems: Iterable[Problem], first: str = "") -> list[Problem]:
    """Problems in reading order: by file (``first``, then in order of appearance), then line
    and column."""
    problems = list(problems)
    file_order: dict[str, int] = {first: 0} if first else {}
    for p in problems:
        file_order.setdefault(p.file, len(file_order))
    return sorted(problems, key=lambda p: (file_order[p.file], p.line, p.column))


class ScenarioError(ValueError):
    """Scenario input with one or more problems; ``str()`` gives one line per problem.

    Parameters
    ----------
    problems
        Every problem found, in reading order.
    """

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("ScenarioError needs at least one problem")
        self.problems: list[Problem] = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    def __reduce__(self) -> tuple[type[ScenarioError], tuple[list[Problem]]]:
        return (type(self), (self.problems,))
