"""The teaching notebooks (issue 10): paired with their sources, and complete as lessons.

Each notebook in ``notebooks/`` is a jupytext pair: the percent-format ``NN_name.py`` reviewed
in git and the ``NN_name.ipynb`` generated from it with ``jupytext --to ipynb``. These tests
check that the two hold the same cells and that every notebook has what a lesson needs: a
title, learning goals, a ``parameters`` cell of plain assignments (so CI can shrink sizes), an
exercise and a worked solution tagged ``solution`` and hidden by default. Running the
notebooks is nbmake's job (``pytest --nbmake notebooks``, in ``make test``).
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import jupytext
import pytest

NOTEBOOKS = Path(__file__).parents[1] / "notebooks"
SOURCES = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py"))
MIN_NOTEBOOKS = 7


def cells(notebook: Any) -> list[tuple[str, str, tuple[str, ...]]]:
    """(type, source, tags) of every cell, trailing whitespace ignored."""
    return [
        (c.cell_type, c.source.strip(), tuple(c.metadata.get("tags", ()))) for c in notebook.cells
    ]


def tagged(notebook: Any, tag: str) -> list[Any]:
    return [c for c in notebook.cells if tag in c.metadata.get("tags", ())]


def test_there_are_enough_notebooks_and_the_folder_is_configured() -> None:
    assert len(SOURCES) >= MIN_NOTEBOOKS, [p.name for p in SOURCES]
    conftest = (NOTEBOOKS / "conftest.py").read_text(encoding="utf-8")
    assert 'collect_ignore_glob = ["*.py"]' in conftest
    stray = {p.stem for p in NOTEBOOKS.glob("*.ipynb")} - {p.stem for p in SOURCES}
    assert not stray, f"notebooks without a .py source: {sorted(stray)}"


@pytest.mark.parametrize("source", SOURCES, ids=[p.stem for p in SOURCES])
def test_py_and_ipynb_are_in_sync(source: Path) -> None:
    paired = source.with_suffix(".ipynb")
    assert paired.exists(), f"run: jupytext --to ipynb {source.relative_to(NOTEBOOKS.parent)}"
    from_py, from_ipynb = jupytext.read(source), jupytext.read(paired)
    assert cells(from_py) == cells(from_ipynb), (
        f"{paired.name} is out of date: run jupytext --to ipynb "
        f"{source.relative_to(NOTEBOOKS.parent)}"
    )
    for cell in from_ipynb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{paired.name}: commit the notebook without outputs"
    hidden = [c.metadata.get("jupyter", {}) for c in from_ipynb.cells]
    assert hidden == [c.metadata.get("jupyter", {}) for c in from_py.cells]


@pytest.mark.parametrize("source", SOURCES, ids=[p.stem for p in SOURCES])
def test_notebook_is_a_complete_lesson(source: Path) -> None:
    notebook = jupytext.read(source)
    first = notebook.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# "), "a title first"
    markdown = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    assert "**Learning goals.**" in markdown
    assert "## Exercise" in markdown

    solutions = tagged(notebook, "solution")
    assert solutions, "a worked solution cell tagged 'solution'"
    for cell in solutions:
        assert cell.metadata.get("jupyter", {}).get("source_hidden") is True, (
            "solutions are hidden by default: jupyter={'source_hidden': true}"
        )
    exercise = next(
        i for i, c in enumerate(notebook.cells) if c.cell_type == "markdown"
        and "## Exercise" in c.source
    )  # fmt: skip
    assert notebook.cells.index(solutions[0]) > exercise, "the solution follows the exercise"

    parameters = tagged(notebook, "parameters")
    assert len(parameters) == 1 and parameters[0].cell_type == "code"
    body = ast.parse(parameters[0].source).body
    assert body and all(
        isinstance(s, ast.Assign) and isinstance(s.value, ast.Constant) for s in body
    ), "the parameters cell holds plain NAME = constant assignments"
    later = "\n".join(
        c.source for c in notebook.cells[notebook.cells.index(parameters[0]) + 1 :]
        if c.cell_type == "code"
    )  # fmt: skip
    for statement in body:
        assert isinstance(statement, ast.Assign)
        for target in statement.targets:
            assert isinstance(target, ast.Name)
            assert target.id in later, f"parameter {target.id} is never used"

    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    assert "from sim.analysis import" in code, "figures come from the package's plot functions"
