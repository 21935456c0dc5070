"""The classroom app: a Solara web app over the public API (``deter app``).

The top layer beside the command line (DESIGN.md §2): it may import any ``sim`` package and
nothing imports it. The pure pieces (a design's levers to a scenario, a solution to the numbers
and figures shown) live in small modules that the tests call directly; the pages
(:mod:`sim.app.pages`) only lay them out:

==========================  ==================================================================
:mod:`sim.app.presets`      the preset scenarios the pages start from
:mod:`sim.app.design`       the levers as controls, and a design's values → a scenario
:mod:`sim.app.results`      a scenario → its solution, in words, tables and the game tree
:mod:`sim.app.repeated`     the repeated game stepped quarter by quarter, and its figure
:mod:`sim.app.sweep`        a two-lever grid solved in memory, and its deterrence map
:mod:`sim.app.figures`      a matplotlib figure → PNG bytes
:mod:`sim.app.server`       ``solara run`` on this app, offline
:mod:`sim.app.main`         the app's routes (what ``solara run sim.app.main`` loads)
==========================  ==================================================================
"""
