"""A tiny, safe evaluator of arithmetic expressions over named parameters.

Numbers in an explicit ``game:`` block (payoffs, chance probabilities) may be written as
expressions in the block's parameters, for example ``"1 - p"`` or ``"-c_DD"``. Only numbers, the
operators ``+ - * / **``, unary ``+``/``-``, parentheses and parameter names are allowed; the
expression is parsed with :mod:`ast` and walked node by node, never passed to :func:`eval`.

Parameter values may be numpy arrays: the result is then an array of their broadcast shape, which
is how a batched game tree (one game per point of a parameter grid) is built from one spec.

Examples
--------
>>> evaluate_expression("g / (g + w)", {"g": 2.0, "w": 6.0})
0.25
>>> evaluate_expression(0.5, {})
0.5
>>> evaluate_expression("__import__('os')", {})
Traceback (most recent call last):
...
sim.scenario.expressions.ExpressionError: "__import__('os')": not allowed: function calls; use \
numbers, + - * / **, parentheses and parameter names
"""

from __future__ import annotations

import ast
import difflib
import math
import operator
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

ALLOWED = "use numbers, + - * / **, parentheses and parameter names"

MAX_LENGTH = 2000
"""Longest expression accepted (characters); longer text is refused before it is parsed."""

_BINARY: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
}
_UNARY: dict[type[ast.unaryop], Callable[[Any], Any]] = {
    ast.UAdd: operator.pos,
    ast.USub: operator.neg,
}
_DESCRIBE: dict[type[ast.AST], str] = {
    ast.Call: "function calls",
    ast.Attribute: "attribute access",
    ast.Subscript: "indexing",
    ast.Compare: "comparisons",
    ast.BoolOp: "boolean operators",
    ast.IfExp: "conditional expressions",
    ast.Lambda: "lambdas",
}


class ExpressionError(ValueError):
    """An expression that is malformed, uses a forbidden construct or an unknown name."""


def evaluate_expression(expr: float | int | str, parameters: Mapping[str, ArrayLike]) -> Any:
    """Evaluate a number or an arithmetic expression in ``parameters``.

    Parameters
    ----------
    expr
        A number (returned as ``float``) or a string such as ``"1 - p"``.
    parameters
        Parameter name → value (a number or a numpy array).

    Returns
    -------
    float or numpy.ndarray
        A ``float`` when every parameter used is a scalar, else an array of the broadcast shape.

    Raises
    ------
    ExpressionError
        On a syntax error, a forbidden construct (calls, attributes, comparisons ...), an unknown
        parameter name (the message suggests the nearest known name) or a division by zero.
    """
    if isinstance(expr, bool):
        raise ExpressionError(f"{expr!r} is a boolean, not a number")
    if isinstance(expr, int | float):
        if not math.isfinite(expr):
            raise ExpressionError(f"{expr!r} is not a finite number")
        return float(expr)
    if len(expr) > MAX_LENGTH:
        raise ExpressionError(
            f"{expr[:40]!r}… is {len(expr)} characters long, more than {MAX_LENGTH}; introduce "
            "parameters for its parts"
        )
    text = expr.strip()
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(
            f"{expr!r} is not a valid expression ({exc.msg}); {ALLOWED}"
        ) from None
    except (RecursionError, MemoryError):
        raise ExpressionError(f"{expr!r} is nested too deeply; {ALLOWED}") from None
    with np.errstate(divide="raise", invalid="raise", over="raise"):
        try:
            value = _walk(tree.body, parameters, expr)
        except (ZeroDivisionError, FloatingPointError) as exc:
            raise ExpressionError(f"{expr!r}: {exc} with these parameter values") from None
        except OverflowError:
            raise ExpressionError(f"{expr!r}: the result is too large") from None
        except RecursionError:
            raise ExpressionError(f"{expr!r} is nested too deeply; {ALLOWED}") from None
    if not np.all(np.isfinite(value)):
        raise ExpressionError(f"{expr!r}: the result is not a finite number (it overflows)")
    if isinstance(value, np.ndarray) and value.ndim > 0:
        return value.astype(float)
    return float(value)


def expression_names(expr: float | int | str) -> set[str]:
    """The parameter names an expression refers to (empty for a number).

    >>> sorted(expression_names("c_DC - c_SQ * 2"))
    ['c_DC', 'c_SQ']
    """
    if not isinstance(expr, str):
        return set()
    try:
        tree = ast.parse(expr.strip(), mode="eval")
    except SyntaxError:
        return set()
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}


def _walk(node: ast.AST, parameters: Mapping[str, ArrayLike], expr: str) -> Any:
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            raise ExpressionError(f"{expr!r}: {node.value!r} is not a number; {ALLOWED}")
        return float(node.value)
    if isinstance(node, ast.Name):
        if node.id not in parameters:
            known = sorted(parameters)
            close = difflib.get_close_matches(node.id, known, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            listing = ", ".join(known) if known else "none are defined"
            raise ExpressionError(
                f"{expr!r}: unknown parameter {node.id!r}{hint}; parameters: {listing}"
            )
        value = parameters[node.id]
        array = np.asarray(value, dtype=float)
        return float(array) if array.ndim == 0 else array
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        left = _walk(node.left, parameters, expr)
        right = _walk(node.right, parameters, expr)
        if isinstance(node.op, ast.Div) and np.any(np.asarray(right) == 0):
            raise ZeroDivisionError("division by zero")
        if isinstance(node.op, ast.Pow) and np.any(np.abs(np.asarray(right)) > 64):
            raise ExpressionError(f"{expr!r}: exponents are limited to at most 64 in size")
        return _BINARY[type(node.op)](left, right)
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        return _UNARY[type(node.op)](_walk(node.operand, parameters, expr))
    what = _DESCRIBE.get(type(node))
    if what is None and isinstance(node, ast.BinOp | ast.UnaryOp):
        what = f"the operator {type(node.op).__name__}"
    raise ExpressionError(f"{expr!r}: not allowed: {what or type(node).__name__}; {ALLOWED}")
