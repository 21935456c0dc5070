"""Lexical layer shared by the Gambit ``.nfg`` and ``.efg`` readers and writers.

Gambit's classic file formats are sequences of five kinds of token separated by white space:
numbers (integers, decimals with optional exponent, or rationals such as ``1/3``), double-quoted
strings (``\\"`` escapes a quote, ``\\\\`` a backslash; Gambit's own reader handles backslashes
inconsistently, so labels are best kept free of them), bare symbols (``NFG``, ``R``, ``p``, ``c``,
``t``), braces and commas. Every token keeps its 1-based line and column so that readers can
report errors precisely. Numbers are checked as they are parsed: each must lie within double
precision and within the digit and exponent limits of :mod:`sim.games.limits`, so that
``1e999999999`` is refused at once rather than computed. The module also holds the inverse
operations the writers need (quoting, number formatting) and the loading of a source that may be
a path or a file's text (at most :data:`~sim.games.limits.MAX_FILE_BYTES`).

References
----------
McKelvey, R. D., McLennan, A. M., & Turocy, T. L. (2016). Gambit: Software tools for game theory,
version 16. https://www.gambit-project.org (file formats: "Game representation formats").

Examples
--------
>>> tokens = tokenize('NFG 1 R "Matching pennies" { "P1" "P2" } { 2 2 }', "<string>")
>>> [t.kind for t in tokens[:4]]
['symbol', 'number', 'symbol', 'text']
>>> tokens[3].text
'Matching pennies'
>>> parse_number(Token("number", "-3/4", 1, 1), "<string>")
Fraction(-3, 4)
"""

from __future__ import annotations

import math
import re
import stat
from collections import Counter
from collections.abc import Iterator
from fractions import Fraction
from os import PathLike
from pathlib import Path
from typing import Literal, NamedTuple

from sim.games.errors import STRING_SOURCE, GameFormatError
from sim.games.limits import MAX_EXPONENT, MAX_FILE_BYTES, MAX_NUMBER_DIGITS

TokenKind = Literal["number", "text", "symbol", "lbrace", "rbrace", "comma", "eof"]

_NUMBER_PATTERN = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?(?:/[0-9]+)?"
_NUMBER = re.compile(  # the parts of a number token
    r"[+-]?(?P<whole>[0-9]*)(?:\.(?P<fraction>[0-9]*))?(?:[eE](?P<exponent>[+-]?[0-9]+))?"
    r"(?:/(?P<den>[0-9]+))?"
)
_TOKEN = re.compile(
    r"(\s*)(?:"
    r"([{},])"  # 2: a brace or comma
    rf"|({_NUMBER_PATTERN})(?![^\s{{}},\"])"  # 3: a number (the whole word)
    r'|([^\s{},"]+)'  # 4: a word
    r'|"((?>[^"\\]+|\\["\\]|\\)*+)"'  # 5: a string's body; \" and \\ are escapes
    r'|(")'  # 6: a quote that opens no complete string
    r")?"
)
_ESCAPE = re.compile(r'\\(["\\])')
_KINDS: dict[str, TokenKind] = {"{": "lbrace", "}": "rbrace", ",": "comma"}
_NON_FINITE = ("nan", "inf", "infinity")
NUMBER_HINT = (
    "write a finite number: an integer, a decimal such as -0.25 or 1.5e-3, or a rational such "
    "as 1/3"
)
"""What a Gambit file accepts where a number is expected (used in error messages)."""

_DESCRIPTIONS = {
    "number": "a number",
    "text": "a quoted string",
    "symbol": "a word",
    "lbrace": "'{'",
    "rbrace": "'}'",
    "comma": "','",
    "eof": "the end of the file",
}


def shorten(text: str, width: int = 40) -> str:
    """``text`` for an error message: control characters escaped, at most ``width`` characters.

    >>> shorten("1" * 100_000)
    '1111111111111111111111111111111111111111… (100,000 characters)'
    >>> shorten("a\\x1b[2Jb")
    'a\\\\x1b[2Jb'
    """
    if not text.isprintable():
        text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text[: width * 2])
    if len(text) <= width:
        return text
    return f"{text[:width]}… ({len(text):,} characters)"


class Token(NamedTuple):
    """One token: its kind, its text (strings unquoted and unescaped) and its position."""

    kind: TokenKind
    text: str
    line: int
    column: int

    def describe(self) -> str:
        """A short description for error messages, such as ``the end of the file``."""
        if self.kind == "text":
            return f'the string "{shorten(self.text)}"'
        if self.kind in ("number", "symbol"):
            return f"'{shorten(self.text)}'"
        return _DESCRIPTIONS[self.kind]

    def looks_numeric(self) -> bool:
        """True for a word written as a number Gambit does not read (``nan``, ``1/1e9``, ...)."""
        text = self.text.lower().lstrip("+-")
        return self.kind == "number" or text in _NON_FINITE or text[:1] in "0123456789."


def iter_tokens(text: str, file: str) -> Iterator[Token]:
    """The tokens of ``text``, read one at a time and ending with one ``eof`` token.

    Reading is lazy, so a reader that stops at the first problem (or at a size limit) does not
    hold the tokens of the whole file.

    Raises
    ------
    GameFormatError
        On an unterminated string (when the reader reaches it).
    """
    line, line_start = 1, 0
    for match in _TOKEN.finditer(text):  # every position matches: the tokens are contiguous
        space, brace, number, word, body, quote = match.groups()
        if "\n" in space:
            line += space.count("\n")
            line_start = match.start() + space.rindex("\n") + 1
        column = match.end(1) - line_start + 1
        if brace:
            yield Token(_KINDS[brace], brace, line, column)
        elif number:
            yield Token("number", number, line, column)
        elif word:
            yield Token("symbol", word, line, column)
        elif body is not None:
            yield Token("text", _ESCAPE.sub(r"\1", body) if "\\" in body else body, line, column)
            if "\n" in body:
                line += body.count("\n")
                line_start = match.start(5) + body.rindex("\n") + 1
        elif quote:
            raise GameFormatError(
                file,
                line,
                column,
                "unterminated string",
                'close the string with a double quote (write \\" for a quote inside it)',
            )
        else:  # only white space remains
            yield Token("eof", "", line, column)
            return


def tokenize(text: str, file: str) -> list[Token]:
    """All tokens of ``text``, ending with one ``eof`` token (see :func:`iter_tokens`)."""
    return list(iter_tokens(text, file))


def parse_number(token: Token, file: str) -> Fraction:
    """The exact value of a number token (decimals and rationals are kept exact).

    Numbers must lie within double precision (about ±1.8e308: payoffs and probabilities are
    computed in floats); smaller magnitudes than about 5e-324 read as 0 when converted.

    Raises
    ------
    GameFormatError
        For a number outside double precision, one with more than
        :data:`~sim.games.limits.MAX_NUMBER_DIGITS` digits or an exponent beyond
        :data:`~sim.games.limits.MAX_EXPONENT`, a zero denominator, or a form Gambit does not
        read (such as ``1.5/2``).
    """
    text = token.text
    parts = _NUMBER.fullmatch(text)

    def refuse(message: str, hint: str = NUMBER_HINT) -> GameFormatError:
        return GameFormatError(file, token.line, token.column, message, hint)

    if parts is None or not (parts["whole"] or parts["fraction"]):
        raise refuse(f"invalid number '{shorten(text)}'")
    digits = len(text) - sum(text.count(c) for c in "+-.eE/")
    if digits > MAX_NUMBER_DIGITS:
        raise refuse(
            f"invalid number '{shorten(text)}': {digits:,} digits, more than the limit of "
            f"{MAX_NUMBER_DIGITS:,}",
            "round it: payoffs and probabilities are computed with about 16 significant digits",
        )
    if parts["exponent"] is not None and abs(int(parts["exponent"])) > MAX_EXPONENT:
        raise refuse(
            f"invalid number '{shorten(text)}': its exponent is beyond ±{MAX_EXPONENT:,}",
            f"write the exponent between -{MAX_EXPONENT:,} and {MAX_EXPONENT:,} (doubles hold "
            "about ±1.8e308; magnitudes below about 5e-324 read as 0)",
        )
    if parts["den"] is not None and (parts["fraction"] is not None or parts["exponent"]):
        raise refuse(f"invalid number '{shorten(text)}' (a decimal cannot have a denominator)")
    if parts["den"] is not None and int(parts["den"]) == 0:
        raise refuse(f"invalid number '{shorten(text)}': division by zero", "write p/q with q ≥ 1")
    value = Fraction(text)
    try:
        float(value)
    except OverflowError:
        raise refuse(
            f"invalid number '{shorten(text)}': outside double precision (about ±1.8e308)",
            "scale the payoffs down: Nash equilibria do not change when a player's payoffs are "
            "all multiplied by the same positive number",
        ) from None
    return value


def parse_float(token: Token, file: str) -> float:
    """The value of a number token as the nearest float (checked as :func:`parse_number`).

    >>> parse_float(Token("number", "1/3", 1, 1), "<string>")
    0.3333333333333333
    """
    text = token.text
    if len(text) <= 32 and not any(c in text for c in "/eE"):  # always finite
        return float(text) + 0.0  # rounds as float(parse_number(...)) does; -0 reads as 0
    return float(parse_number(token, file))


class TokenStream:
    """Tokens of one file with a cursor and ``expect`` helpers that raise located errors.

    Tokens are read lazily (:func:`iter_tokens`); only the current and the previous token are
    held.
    """

    def __init__(self, text: str, file: str) -> None:
        self.file = file
        self.text = text
        self._tokens = iter_tokens(text, file)
        self._current = next(self._tokens)
        self.previous = self._current
        """The last token consumed (the first token before any is consumed)."""

    def peek(self) -> Token:
        """The current token, without consuming it."""
        return self._current

    def next(self) -> Token:
        """Consume and return the current token (the ``eof`` token is never consumed)."""
        token = self._current
        if token.kind != "eof":
            self.previous = token
            self._current = next(self._tokens)
        return token

    def accept(self, kind: TokenKind) -> Token | None:
        """Consume the current token if it is of ``kind``."""
        return self.next() if self._current.kind == kind else None

    def expect(self, kind: TokenKind, what: str, hint: str = "") -> Token:
        """Consume a token of ``kind`` or raise an error saying ``what`` was expected."""
        token = self._current
        if token.kind != kind:
            if kind == "number" and not hint and token.looks_numeric():
                hint = NUMBER_HINT
            raise self.error(token, f"expected {what}, found {token.describe()}", hint)
        return self.next()

    def expect_word(self, words: tuple[str, ...], what: str, hint: str = "") -> Token:
        """Consume a symbol or number whose text is one of ``words``."""
        token = self._current
        if token.kind not in ("symbol", "number") or token.text not in words:
            raise self.error(token, f"expected {what}, found {token.describe()}", hint)
        return self.next()

    def number(self, what: str) -> tuple[Fraction, Token]:
        """Consume a number token and return its exact value and the token."""
        token = self.expect("number", what)
        return parse_number(token, self.file), token

    def integer(self, what: str) -> tuple[int, Token]:
        """Consume a non-negative integer token (of at most ``MAX_NUMBER_DIGITS`` digits)."""
        token = self.expect("number", what)
        if not (token.text.isascii() and token.text.isdigit()):
            raise self.error(
                token, f"expected {what} (a whole number), found '{shorten(token.text)}'"
            )
        if len(token.text) > MAX_NUMBER_DIGITS:
            raise self.error(
                token,
                f"expected {what}, found a whole number of {len(token.text):,} digits (more "
                f"than the limit of {MAX_NUMBER_DIGITS:,})",
            )
        return int(token.text), token

    def string_list(self, what: str) -> list[str]:
        """Consume ``{ "a" "b" ... }`` and return the strings."""
        self.expect("lbrace", f"'{{' opening the {what}")
        items: list[str] = []
        while self._current.kind == "text":
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
    ``"EFG"``), and as a path otherwise. Files are decoded as UTF-8 (without a byte-order mark),
    or as Latin-1 when they are not valid UTF-8.

    Raises
    ------
    GameFormatError
        For a file larger than :data:`~sim.games.limits.MAX_FILE_BYTES` or one that is not a
        regular file (a device or a pipe would never end), located at its line 1.
    OSError
        When the file cannot be opened (missing, a folder, no permission).
    """
    if isinstance(source, str) and ("\n" in source or source.lstrip().startswith(magic)):
        if len(source) > MAX_FILE_BYTES:
            raise _too_large(STRING_SOURCE, len(source))
        return source, STRING_SOURCE
    path = Path(source)
    mode = path.stat().st_mode
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):  # folders: IsADirectoryError below
        raise GameFormatError(
            str(path), 1, 1, "not a regular file (a device or a pipe?)", "give a game file"
        )
    with path.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(str(path), path.stat().st_size)
    try:
        return data.decode("utf-8-sig"), str(path)  # a byte-order mark is dropped
    except UnicodeDecodeError:  # older Gambit files may be Latin-1
        return data.decode("latin-1"), str(path)


def _too_large(file: str, size: int) -> GameFormatError:
    return GameFormatError(
        file,
        1,
        1,
        f"the file has {size:,} bytes, more than the limit of {MAX_FILE_BYTES:,} for a game file",
        "give a smaller game (see sim.games.limits for the limits and why)",
    )


def unique_labels(labels: list[str]) -> list[str]:
    """Make labels distinct by suffixing repeats with ``_1``, ``_2``, ... (as Gambit does).

    >>> unique_labels(["a", "b", "a"])
    ['a_1', 'b', 'a_2']
    """
    counts = Counter(labels)
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
