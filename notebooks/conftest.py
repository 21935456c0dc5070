"""pytest settings for the notebooks folder.

The ``.py`` files here are jupytext percent sources of the notebooks, not test modules: pytest's
``--doctest-modules`` must not import them (nbmake runs the paired ``.ipynb`` files instead).
"""

collect_ignore_glob = ["*.py"]
