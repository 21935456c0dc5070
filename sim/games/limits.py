"""Size limits of the Gambit readers: every game file is read in bounded time and memory.

A game file is input from anyone, and its size is not bounded by its length: a 180-byte ``.nfg``
header declaring 20 players with 3 strategies each asks for 20 × 3^20 ≈ 7 × 10^10 payoffs (560 GB
as floats). The readers check each limit as soon as the size is known (a normal form's declared
strategy counts before its payoffs are read; a tree's nodes as they are read) and refuse a game
over one with a :class:`~sim.games.errors.GameFormatError` that names the limit, the game's size,
and the line and column where the limit was passed.

Why these values
----------------
The largest of the 232 games of Gambit's own distribution (``tests/peers/games/gambit``) has 180
payoffs (``5x4x3.nfg``), 255 nodes (``artist2.efg``), a depth of 22 moves (``holdout.efg``) and
10 kB. Each limit below is more than a thousand times that, yet small enough that reading a game
at the limit takes seconds and some hundred megabytes at most, and the solvers (which run under
``--time-limit``) are not handed a game they could not even hold in memory.

Examples
--------
>>> 2 * 700**2 <= MAX_PAYOFF_ENTRIES < 2 * 1000**2 < 20 * 3**20
True
"""

from __future__ import annotations

MAX_FILE_BYTES = 32_000_000
"""Largest game file read (bytes): a normal form at :data:`MAX_PAYOFF_ENTRIES` with 25-character
payoffs, or a tree at :data:`MAX_TREE_NODES` with long labels, fits with room to spare. Larger
files (or devices and pipes named ``*.nfg``) are refused before they are read."""

MAX_PAYOFF_ENTRIES = 1_000_000
"""Most payoffs a game may hold: players × strategy profiles of a normal form (a two-player
1000 × 1000 game has 2,000,000; 700 × 700 fits), players × terminal nodes of a tree, and
players × outcomes of a normal form's outcome list. Eight megabytes as floats; the header's
declared counts are checked before any payoff is read."""

MAX_TREE_NODES = 100_000
"""Most nodes of a tree read from a ``.efg`` file (a full binary tree of depth 16 has 131,071)."""

MAX_TREE_DEPTH = 1_000
"""Most moves on one path from the root of a ``.efg`` tree. The reader is iterative and reads
deeper trees, but the tools built on a tree (figures, paths from the root, some solvers) store a
path per node or walk it recursively, so a deeper chain is refused at the node where it passes
the limit."""

MAX_NUMBER_DIGITS = 1_000
"""Most digits in one number of a game file (mantissa, exponent and denominator together); far
beyond the 17 significant digits a double keeps, and it bounds the cost of exact rational
arithmetic. A 100,000-digit number is refused rather than parsed."""

MAX_EXPONENT = 1_000
"""Largest decimal exponent written in a number (``1e1000``): larger ones are refused before any
arithmetic (``1e999999999`` would otherwise compute a billion-digit power of ten). Numbers must
also lie within double precision, about ±1.8e308; smaller magnitudes than about 5e-324 read as 0."""
