"""Rules about how a function is written, not what it returns: "no loops" in 04, "loops only" in 03.

A rule is called with the source of the cell that defines the function and the function's name, and
raises CheckFailed with a plain-English message when the function breaks it. In a notebook,
`checks.follows(rule, function)` applies it to the student's function as a public check; in grading.py,
`Check(..., rules=(rule,))` makes the grader apply it to the submitted cell on the trusted side, where the
student's code cannot switch it off. A rule reads only the function's own body (helpers defined
elsewhere are not followed) and says nothing when the function is not defined in the source.
"""

from __future__ import annotations

import ast
import textwrap

from .checks import fail
from .i18n import text

LOOPS = (ast.For, ast.AsyncFor, ast.While, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
# What computes a whole product or sum at once in NumPy.
VECTOR_FUNCTIONS = ("dot", "matmul", "sum", "mean", "einsum", "inner", "vdot", "tensordot", "average", "prod",
                    "outer", "nansum", "nanmean", "cumsum")


def definition(source: str, name: str) -> ast.FunctionDef | None:
    """The last top-level definition of `name` in `source` (the one a notebook ends up using)."""
    try:
        tree = ast.parse(textwrap.dedent(source))
    except (SyntaxError, ValueError):
        return None
    found = None
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
            found = node
    return found


def defining_source(sources: list[str], name: str) -> str | None:
    """Of a notebook's code cells, the source of the last one that defines `name`."""
    found = None
    for source in sources:
        lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
        if definition("\n".join(lines), name) is not None:
            found = "\n".join(lines)
    return found


def no_loops(source: str, name: str) -> None:
    """The function uses no Python loop or comprehension: NumPy does the repetition."""
    function = definition(source, name)
    if function is None:
        return
    for node in ast.walk(function):
        if isinstance(node, LOOPS):
            fail(text("check.loop", name=name, loop=text(f"check.loops.{type(node).__name__}"),
                      line=node.lineno - function.lineno + 1))


def _vector_operation(node) -> str | None:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
        return "the @ operator"
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in VECTOR_FUNCTIONS:
        owner = node.func.value
        if isinstance(owner, ast.Name) and owner.id in ("np", "numpy"):
            return f"np.{node.func.attr}"
        return f".{node.func.attr}()"
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "sum":
        return "sum(...)"
    return None


def loops_only(source: str, name: str) -> None:
    """The function computes products and sums with its own loops, not with NumPy's whole-array operations."""
    function = definition(source, name)
    if function is None:
        return
    for node in ast.walk(function):
        used = _vector_operation(node)
        if used:
            fail(text("check.vectorized", name=name, used=used, line=node.lineno - function.lineno + 1))
