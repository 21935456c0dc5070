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
from os import PathLike

import numpy as np

from sim.games.gambit_tokens import (
    NUMBER_HINT,
    Token,
    TokenStream,
    format_number,
    parse_float,
    quote,
    read_source,
    unique_labels,
)
from sim.games.limits import MAX_PAYOFF_ENTRIES
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
            stream.previous,
            "the game has no players",
            'list the players, e.g. { "P1" "P2" }',
        )
    opening = stream.expect("lbrace", "'{' opening the strategy counts or labels")
    labels: list[list[str]] = []
    counts: list[int] = []
    if stream.peek().kind == "lbrace":
        while stream.peek().kind == "lbrace":
            labels.append(unique_labels(stream.string_list("list of strategy labels")))
    else:
        while stream.peek().kind == "number":
            count, token = stream.integer("a number of strategies")
            if count < 1:
                raise stream.error(token, "a player needs at least one strategy")
            counts.append(count)
    stream.expect("rbrace", "'}' closing the strategy block")
    sizes = [len(x) for x in labels] or counts
    if len(sizes) != len(players):
        raise stream.error(
            opening,
            f"{len(players)} players but strategies given for {len(sizes)}",
            "give one strategy count or label list per player",
        )
    for size, player in zip(sizes, players, strict=True):
        if not size:
            raise stream.error(opening, f"player {player!r} has no strategy")
    _check_size(stream, opening, sizes)  # before any label or payoff is made
    strategies = labels or [[str(k + 1) for k in range(count)] for count in counts]
    stream.accept("text")  # optional comment
    return title, players, strategies


def _check_size(stream: TokenStream, opening: Token, sizes: list[int]) -> None:
    """Refuse a game of more than ``MAX_PAYOFF_ENTRIES`` payoffs (players × profiles)."""
    log_entries = math.log10(len(sizes)) + math.fsum(math.log10(n) for n in sizes)
    if log_entries < 30:  # the exact product is cheap
        entries = len(sizes) * math.prod(sizes)
        if entries <= MAX_PAYOFF_ENTRIES:
            return
        size = f"{entries:,}"
    else:
        size = f"about 10^{log_entries:.0f}"
    if len(sizes) <= 6 and max(sizes) < 10**9:
        game = f"{len(sizes)} players with {' × '.join(f'{n:,}' for n in sizes)} strategies"
    else:
        game = f"the strategy counts of {len(sizes)} players"
    raise stream.error(
        opening,
        f"{game} make {size} payoffs (players × strategy profiles), more than the limit of "
        f"{MAX_PAYOFF_ENTRIES:,}",
        "give a smaller game (sim/games/limits.py gives the limits of game files and why)",
    )


def _read_payoff_body(stream: TokenStream, n_players: int, n_profiles: int) -> np.ndarray:
    expected = n_players * n_profiles
    values: list[float] = []
    extra: Token | None = None  # the first number beyond the expected count
    count = 0
    while (token := stream.peek()).kind in ("number", "comma"):
        stream.next()
        if token.kind == "comma":
            continue
        count += 1
        if count <= expected:
            values.append(parse_float(token, stream.file))
        elif extra is None:  # further numbers are counted for the message, not kept
            extra = token
    hint = f"give {n_players} payoffs for each of the {n_profiles} strategy profiles"
    stop = stream.peek()
    if stop.kind != "eof" and count <= expected:
        if stop.looks_numeric():
            hint = NUMBER_HINT
        raise stream.error(stop, f"expected a payoff (a number), found {stop.describe()}", hint)
    if count != expected:
        raise stream.error(
            extra or stop,
            f"the payoff list has {count} numbers but {expected} are needed",
            hint,
        )
    return np.array(values).reshape(n_profiles, n_players)


def _read_outcome_body(stream: TokenStream, n_players: int, n_profiles: int) -> np.ndarray:
    stream.expect("lbrace", "'{' opening the outcome list")
    outcomes: list[list[float]] = [[0.0] * n_players]  # index 0: the null outcome
    while stream.peek().kind == "lbrace":
        opening = stream.next()
        if len(outcomes) * n_players > MAX_PAYOFF_ENTRIES:
            raise stream.error(
                opening,
                f"more than {len(outcomes) - 1:,} outcomes of {n_players} payoffs each make more "
                f"payoffs than the limit of {MAX_PAYOFF_ENTRIES:,}",
                "give fewer outcomes (sim/games/limits.py gives the limits of game files and why)",
            )
        stream.expect("text", "the outcome's name in quotes")
        payoffs: list[float] = []
        count = 0
        while stream.peek().kind in ("number", "comma"):
            if stream.accept("comma"):
                continue
            count += 1
            if count <= n_players:
                payoffs.append(parse_float(stream.expect("number", "a payoff"), stream.file))
            else:  # counted for the message, not kept
                stream.next()
        stream.expect("rbrace", "a payoff or '}' closing the outcome")
        if count != n_players:
            raise stream.error(
                opening,
                f"outcome {len(outcomes)} has {count} payoffs but the game has {n_players} players",
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
