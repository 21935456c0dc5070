"""Dependencies point one way: a lower layer never imports a higher one (DESIGN.md §2).

Every import in ``sim/`` is checked, including imports inside functions.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SIM = Path(__file__).resolve().parents[1] / "sim"
LAYERS = (
    "scenario",
    "games",
    "equilibria",
    "guarantee",
    "model",
    "experiments",
    "analysis",
    "cli",
)


def layer_of(module: str) -> int | None:
    """Rank of a dotted ``sim.`` module name (``None`` for modules outside the layers)."""
    parts = module.split(".")
    if parts[0] != "sim" or len(parts) < 2:
        return None
    head = parts[1]
    if head.startswith("cli") or head == "app":
        return LAYERS.index("cli")
    return LAYERS.index(head) if head in LAYERS else None


def imported_modules(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


MODULES = sorted(SIM.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SIM.parent)))
def test_no_module_imports_a_higher_layer(path: Path) -> None:
    dotted = ".".join(path.relative_to(SIM.parent).with_suffix("").parts)
    own = layer_of(dotted)
    if own is None:
        return
    upward = [
        f"line {line}: {module}"
        for line, module in imported_modules(path)
        if (rank := layer_of(module)) is not None and rank > own
    ]
    assert not upward, f"{dotted} ({LAYERS[own]}) imports a higher layer: {upward}"


def test_the_check_sees_an_upward_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from sim.analysis.report import render_report\n")
    assert imported_modules(bad) == [(2, "sim.analysis.report")]
    assert layer_of("sim.analysis.report") > layer_of("sim.games.tree")  # type: ignore[operator]
