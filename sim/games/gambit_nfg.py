"""Read and write Gambit ``.nfg`` files (normal-form games).

Two variants of the format exist and both are read:

* the **payoff version** — ``NFG 1 R "title" { "P1" "P2" } { 3 2 }`` (or, instead of the counts,
  nested lists of strategy labels), an optional comment string, then one payoff per player for
  each pure profile;
* the **outcome version** — the header, then ``{ { "name" u_1, u_2 } ... }`` listing outcomes and
  one outcome index per pure profile (``0`` is the null outcome, all payoffs zero).

Profiles are listed with the *first* player's strategy changing fastest. :func:`write_nfg` writes
the payoff version with strategy labels, as Gambit 16 itself writes games (``Game.to_nfg()``), so
files keep every label and read back into ``pygambit.read_nfg``. Payoffs are converted to floats
when read; a title survives a round trip, the comment and outcome names do not.

References
----------
McKelvey, R. D., McLennan, A. M., & Turocy, T. L. (2016). Gambit: Software tools for game theory,
version 16. https://www.gambit-project.org ("The strategic game (.nfg) file format").

Examples
--------
>>> game = read_nfg('NFG 1 R "Selten (1975) Fig. 2, normal form" { "P1" "P2" } { 3 2 }\\n'
...                 '1 1 0 2 0 2 1 1 0 3 2 0')
>>> game.payoffs[0].tolist()
[[1.0, 1.0], [0.0, 0.0], [0.0, 2.0]]
>>> print(write_nfg(game).splitlines()[2])
{ { "1" "2" "3" }
"""

from __future__ import annotations

import math
from fractions import Fraction
from os import PathLike

import numpy as np

from sim.games.gambit_tokens import (
    Token,
    TokenStream,
    format_number,
    quote,
    read_source,
    unique_labels,
)
from sim.games.normal_form import NormalFormGame


def read_nfg(source: str | PathLike[str]) -> NormalFormGame:
    """Read a Gambit ``.nfg`` game from a path or from the file's text.

    A string is taken as the file's text when it contains a line break or starts with ``NFG``.

    Raises
    ------
    GameFormatError
        With the file, line and column of the first problem.
    """
    text, file = read_source(source, "NFG")
    stream = TokenStream(text, file)
    title, players, strategies = _read_header(stream)
    shape = tuple(len(s) for s in strategies)
    n_profiles = math.prod(shape)
    start = stream.peek()
    if start.kind == "lbrace":
        flat = _read_outcome_body(stream, len(players), n_profiles)
    elif start.kind == "number":
        flat = _read_payoff_body(stream, len(players), n_profiles)
    else:
        raise stream.error(
            start,
            f"expected payoffs (numbers) or an outcome list ('{{'), found {start.describe()}",
        )
    # flat[k, i]: payoff of player i at profile k, first player's strategy changing fastest.
    payoffs = flat.T.reshape((len(players), *shape[::-1]))
    payoffs = payoffs.transpose(0, *range(len(players), 0, -1))
    return NormalFormGame(payoffs, players=players, actions=strategies, title=title)


def write_nfg(game: NormalFormGame, comment: str = "") -> str:
    """The game as the text of a Gambit ``.nfg`` file (payoff version, with strategy labels)."""
    lines = [
        f"NFG 1 R {quote(game.title)} {{ {' '.join(quote(p) for p in game.players)} }}",
        "",
        "{ "
        + "\n".join("{ " + " ".join(quote(a) for a in actions) + " }" for actions in game.actions),
        "}",
        quote(comment),
        "",
    ]
    order = game.payoffs.transpose(0, *range(game.n_players, 0, -1)).reshape(game.n_players, -1)
    lines.extend(" ".join(format_number(x) for x in column) for column in order.T)
    return "\n".join(lines) + "\n"


def _read_header(stream: TokenStream) -> tuple[str, list[str], list[list[str]]]:
    stream.expect_word(("NFG",), "'NFG' at the start of a .nfg file", "start the file with NFG 1 R")
    stream.expect_word(("1",), "format version 1", "write NFG 1 R")
    stream.expect_word(("R", "D"), "number type R or D", "write NFG 1 R")
    title = stream.expect("text", "the game's title in quotes").text
    players = unique_labels(stream.string_list("list of players"))
    if not players:
        raise stream.error(
            stream.tokens[stream.position - 1],
            "the game has no players",
            'list the players, e.g. { "P1" "P2" }',
        )
    opening = stream.expect("lbrace", "'{' opening the strategy counts or labels")
    strategies: list[list[str]] = []
    if stream.peek().kind == "lbrace":
        while stream.peek().kind == "lbrace":
            strategies.append(unique_labels(stream.string_list("list of strategy labels")))
    else:
        while stream.peek().kind == "number":
            count, token = stream.integer("a number of strategies")
            if count < 1:
                raise stream.error(token, "a player needs at least one strategy")
            strategies.append([str(k + 1) for k in range(count)])
    stream.expect("rbrace", "'}' closing the strategy block")
    if len(strategies) != len(players):
        raise stream.error(
            opening,
            f"{len(players)} players but strategies given for {len(strategies)}",
            "give one strategy count or label list per player",
        )
    for labels, player in zip(strategies, players, strict=True):
        if not labels:
            raise stream.error(opening, f"player {player!r} has no strategy")
    stream.accept("text")  # optional comment
    return title, players, strategies


def _read_payoff_body(stream: TokenStream, n_players: int, n_profiles: int) -> np.ndarray:
    values: list[Fraction] = []
    tokens: list[Token] = []
    while stream.peek().kind in ("number", "comma"):
        if stream.accept("comma"):
            continue
        value, token = stream.number("a payoff")
        values.append(value)
        tokens.append(token)
    expected = n_players * n_profiles
    hint = f"give {n_players} payoffs for each of the {n_profiles} strategy profiles"
    stop = stream.peek()
    if stop.kind != "eof" and len(values) <= expected:
        raise stream.error(stop, f"expected a payoff (a number), found {stop.describe()}", hint)
    if len(values) != expected:
        where = tokens[expected] if len(values) > expected else stream.peek()
        raise stream.error(
            where,
            f"the payoff list has {len(values)} numbers but {expected} are needed",
            hint,
        )
    return np.array([float(v) for v in values]).reshape(n_profiles, n_players)


def _read_outcome_body(stream: TokenStream, n_players: int, n_profiles: int) -> np.ndarray:
    stream.expect("lbrace", "'{' opening the outcome list")
    outcomes: list[list[float]] = [[0.0] * n_players]  # index 0: the null outcome
    while stream.peek().kind == "lbrace":
        opening = stream.next()
        stream.expect("text", "the outcome's name in quotes")
        payoffs: list[float] = []
        while stream.peek().kind in ("number", "comma"):
            if not stream.accept("comma"):
                payoffs.append(float(stream.number("a payoff")[0]))
        stream.expect("rbrace", "a payoff or '}' closing the outcome")
        if len(payoffs) != n_players:
            raise stream.error(
                opening,
                f"outcome {len(outcomes)} has {len(payoffs)} payoffs but the game has "
                f"{n_players} players",
                "give one payoff per player",
            )
        outcomes.append(payoffs)
    stream.expect("rbrace", "'{' opening an outcome or '}' closing the outcome list")
    rows: list[list[float]] = []
    while stream.peek().kind == "number":
        index, token = stream.integer("an outcome index")
        if index >= len(outcomes):
            raise stream.error(
                token,
                f"outcome {index} is not defined (the list has {len(outcomes) - 1})",
                "refer to outcomes by their position in the list, from 1, or 0 for none",
            )
        if len(rows) == n_profiles:
            raise stream.error(
                token,
                f"more outcome indices than the {n_profiles} strategy profiles",
                "give one outcome index per strategy profile",
            )
        rows.append(outcomes[index])
    if len(rows) != n_profiles or stream.peek().kind != "eof":
        raise stream.error(
            stream.peek(),
            f"{len(rows)} outcome indices but {n_profiles} strategy profiles",
            "give one outcome index per strategy profile",
        )
    return np.array(rows, dtype=float).reshape(n_profiles, n_players)
