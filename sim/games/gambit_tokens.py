"""Lexical layer shared by the Gambit ``.nfg`` and ``.efg`` readers and writers.

Gambit's classic file formats are sequences of five kinds of token separated by white space:
numbers (integers, decimals with optional exponent, or rationals such as ``1/3``), double-quoted
strings (``\\"`` escapes a quote, ``\\\\`` a backslash; Gambit's own reader handles backslashes
inconsistently, so labels are best kept free of them), bare symbols (``NFG``, ``R``, ``p``, ``c``,
``t``), braces and commas. Every token keeps its 1-based line and column so that readers can
report errors precisely. The module also holds the inverse operations the writers need (quoting,
number formatting) and the loading of a source that may be a path or a file's text.

References
----------
McKelvey, R. D., McLennan, A. M., & Turocy, T. L. (2016). Gambit: Software tools for game theory,
version 16. https://www.gambit-project.org (file formats: "Game representation formats").

Examples
--------
>>> stream = TokenStream('NFG 1 R "Matching pennies" { "P1" "P2" } { 2 2 }', "<string>")
>>> [t.kind for t in stream.tokens[:4]]
['symbol', 'number', 'symbol', 'text']
>>> stream.tokens[3].text
'Matching pennies'
>>> parse_number(Token("number", "-3/4", 1, 1), "<string>")
Fraction(-3, 4)
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction
from os import PathLike
from pathlib import Path
from typing import Literal

from sim.games.errors import STRING_SOURCE, GameFormatError

TokenKind = Literal["number", "text", "symbol", "lbrace", "rbrace", "comma", "eof"]

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?(?:/\d+)?")
_DESCRIPTIONS = {
    "number": "a number",
    "text": "a quoted string",
    "symbol": "a word",
    "lbrace": "'{'",
    "rbrace": "'}'",
    "comma": "','",
    "eof": "the end of the file",
}


@dataclass(frozen=True)
class Token:
    """One token: its kind, its text (strings unquoted and unescaped) and its position."""

    kind: TokenKind
    text: str
    line: int
    column: int

    def describe(self) -> str:
        """A short description for error messages, such as ``the end of the file``."""
        if self.kind == "text":
            return f'the string "{self.text}"'
        if self.kind in ("number", "symbol"):
            return f"'{self.text}'"
        return _DESCRIPTIONS[self.kind]


def tokenize(text: str, file: str) -> list[Token]:
    """Split ``text`` into tokens, ending with one ``eof`` token.

    Raises
    ------
    GameFormatError
        On an unterminated string or a character that starts no token.
    """
    tokens: list[Token] = []
    i, line, line_start = 0, 1, 0
    n = len(text)
    while True:
        while i < n and text[i].isspace():
            if text[i] == "\n":
                line, line_start = line + 1, i + 1
            i += 1
        column = i - line_start + 1
        if i >= n:
            tokens.append(Token("eof", "", line, column))
            return tokens
        char = text[i]
        if char in "{},":
            kind: TokenKind = "lbrace" if char == "{" else "rbrace" if char == "}" else "comma"
            tokens.append(Token(kind, char, line, column))
            i += 1
        elif char == '"':
            start_line, start_column = line, column
            chars: list[str] = []
            i += 1
            while True:
                if i >= n:
                    raise GameFormatError(
                        file,
                        start_line,
                        start_column,
                        "unterminated string",
                        'close the string with a double quote (write \\" for a quote inside it)',
                    )
                c = text[i]
                if c == "\\" and i + 1 < n and text[i + 1] in '"\\':
                    chars.append(text[i + 1])
                    i += 2
                    continue
                if c == '"':
                    i += 1
                    break
                if c == "\n":
                    line, line_start = line + 1, i + 1
                chars.append(c)
                i += 1
            tokens.append(Token("text", "".join(chars), start_line, start_column))
        else:
            match = _NUMBER.match(text, i)
            end = i
            while end < n and not text[end].isspace() and text[end] not in '{},"':
                end += 1
            word = text[i:end]
            if match is not None and match.end() == end:
                tokens.append(Token("number", word, line, column))
            else:
                tokens.append(Token("symbol", word, line, column))
            i = end


def parse_number(token: Token, file: str) -> Fraction:
    """The exact value of a number token (decimals and rationals are kept exact)."""
    try:
        return Fraction(token.text)
    except (ValueError, ZeroDivisionError):
        raise GameFormatError(
            file,
            token.line,
            token.column,
            f"invalid number '{token.text}'",
            "write a finite number",
        ) from None


class TokenStream:
    """Tokens of one file with a cursor and ``expect`` helpers that raise located errors."""

    def __init__(self, text: str, file: str) -> None:
        self.file = file
        self.tokens = tokenize(text, file)
        self.position = 0

    def peek(self) -> Token:
        """The current token, without consuming it."""
        return self.tokens[self.position]

    def next(self) -> Token:
        """Consume and return the current token (the ``eof`` token is never consumed)."""
        token = self.tokens[self.position]
        if token.kind != "eof":
            self.position += 1
        return token

    def accept(self, kind: TokenKind) -> Token | None:
        """Consume the current token if it is of ``kind``."""
        return self.next() if self.peek().kind == kind else None

    def expect(self, kind: TokenKind, what: str, hint: str = "") -> Token:
        """Consume a token of ``kind`` or raise an error saying ``what`` was expected."""
        token = self.peek()
        if token.kind != kind:
            raise self.error(token, f"expected {what}, found {token.describe()}", hint)
        return self.next()

    def expect_word(self, words: tuple[str, ...], what: str, hint: str = "") -> Token:
        """Consume a symbol or number whose text is one of ``words``."""
        token = self.peek()
        if token.kind not in ("symbol", "number") or token.text not in words:
            raise self.error(token, f"expected {what}, found {token.describe()}", hint)
        return self.next()

    def number(self, what: str) -> tuple[Fraction, Token]:
        """Consume a number token and return its exact value and the token."""
        token = self.expect("number", what)
        return parse_number(token, self.file), token

    def integer(self, what: str) -> tuple[int, Token]:
        """Consume a non-negative integer token."""
        token = self.expect("number", what)
        if not token.text.isdigit():
            raise self.error(token, f"expected {what} (a whole number), found '{token.text}'")
        return int(token.text), token

    def string_list(self, what: str) -> list[str]:
        """Consume ``{ "a" "b" ... }`` and return the strings."""
        self.expect("lbrace", f"'{{' opening the {what}")
        items: list[str] = []
        while self.peek().kind == "text":
            items.append(self.next().text)
        self.expect("rbrace", f"a quoted string or '}}' closing the {what}")
        return items

    def error(self, token: Token, message: str, hint: str = "") -> GameFormatError:
        """A :class:`GameFormatError` located at ``token``."""
        if not hint and token.kind == "eof":
            hint = "the file is truncated; complete it"
        return GameFormatError(self.file, token.line, token.column, message, hint)


def read_source(source: str | PathLike[str], magic: str) -> tuple[str, str]:
    """The text of a game and the name to report in errors.

    ``source`` is a path (``str`` or :class:`os.PathLike`) or the file's content itself: a string
    is taken as content when it contains a line break or starts with ``magic`` (``"NFG"`` or
    ``"EFG"``), and as a path otherwise. Files are decoded as UTF-8, or as Latin-1 when they are
    not valid UTF-8.
    """
    if isinstance(source, str) and ("\n" in source or source.lstrip().startswith(magic)):
        return source, STRING_SOURCE
    path = Path(source)
    data = path.read_bytes()
    try:
        return data.decode("utf-8"), str(path)
    except UnicodeDecodeError:  # older Gambit files may be Latin-1
        return data.decode("latin-1"), str(path)


def unique_labels(labels: list[str]) -> list[str]:
    """Make labels distinct by suffixing repeats with ``_1``, ``_2``, ... (as Gambit does).

    >>> unique_labels(["a", "b", "a"])
    ['a_1', 'b', 'a_2']
    """
    counts = {label: labels.count(label) for label in labels}
    used = set(labels)
    seen: dict[str, int] = {}
    result = []
    for label in labels:
        if counts[label] == 1:
            result.append(label)
            continue
        while True:
            seen[label] = seen.get(label, 0) + 1
            candidate = f"{label}_{seen[label]}"
            if candidate not in used:
                break
        used.add(candidate)
        result.append(candidate)
    return result


def quote(text: str) -> str:
    """``text`` as a Gambit string literal (quotes escaped)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def format_number(value: float | Fraction) -> str:
    """A number as Gambit writes it: integers without a decimal point, rationals as ``p/q``.

    Floats are written with the shortest representation that reads back to the same float.

    >>> [format_number(x) for x in (2.0, -0.5, Fraction(1, 3), 1e-7)]
    ['2', '-0.5', '1/3', '1e-07']
    """
    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else f"{value}"
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"cannot write the non-finite number {number} to a Gambit file")
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(number)
