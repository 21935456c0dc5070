"""Errors for malformed game files: each names the file, line and column, and suggests a fix.

Examples
--------
>>> error = GameFormatError(
...     "e02.efg", 4, 9, "unknown player number 3", "players are numbered 1 to 2"
... )
>>> str(error)
'e02.efg:4:9: unknown player number 3. Fix: players are numbered 1 to 2'
>>> isinstance(error, ValueError)
True
"""

from __future__ import annotations

STRING_SOURCE = "<string>"
"""File name reported for games read from a string rather than a file."""


class GameFormatError(ValueError):
    """A game file (Gambit ``.nfg`` or ``.efg``) that cannot be read.

    Parameters
    ----------
    file
        Path of the file, or ``"<string>"`` for text read from memory.
    line, column
        1-based position of the offending token (or of the end of the file when it is truncated).
    message
        What is wrong, in one sentence without a final full stop.
    hint
        How to fix it; may be empty.

    Notes
    -----
    ``str(error)`` renders ``file:line:column: message. Fix: hint``, the form compilers use, so
    editors can jump to the position.
    """

    def __init__(self, file: str, line: int, column: int, message: str, hint: str = "") -> None:
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint
        super().__init__(self.__str__())

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}:{self.column}: {self.message}"
        return f"{text}. Fix: {self.hint}" if self.hint else text

    def __reduce__(self) -> tuple[type[GameFormatError], tuple[str, int, int, str, str]]:
        return (type(self), (self.file, self.line, self.column, self.message, self.hint))
