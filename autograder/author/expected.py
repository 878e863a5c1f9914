"""`autograder expected ID FUNCTION ARGS...`: what a public check should expect, from the reference solution.

Each ARG is a Python expression (`2.0`, `"np.array([[1.0, -2.0]])"`, `alpha=0.1`), evaluated with `np` and
the reference's own names in scope: the instructor's input, on the instructor's machine. The result is printed
as a Python literal at full precision, with the check line to paste, so that no expected number is copied
from another script.
"""

from __future__ import annotations

import numpy as np

from ..course import Course, CourseError


def _literal(value) -> str:
    if isinstance(value, np.ndarray):
        body = np.array2string(value, separator=", ", floatmode="unique", threshold=10**6, max_line_width=110)
        return f"np.array({body})" if value.dtype.kind == "f" else f"np.array({body}, dtype={value.dtype.name!r})"
    if isinstance(value, np.generic):
        return repr(value.item())
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        inner = ", ".join(_literal(v) for v in value)
        return f"[{inner}]" if isinstance(value, list) else f"({inner}{',' if len(value) == 1 else ''})"
    return repr(value)


def _check_line(label: str, value, target: str = "value") -> list[str]:
    if isinstance(value, np.ndarray):
        return [f'checks.check_array("{label}", {target}, {_literal(value)})']
    if isinstance(value, (float, int, np.number)) and not isinstance(value, bool):
        return [f'checks.check_scalar("{label}", {target}, {_literal(value)})']
    if isinstance(value, dict):
        lines = [f'checks.check_dict("{label}", {target}, {sorted(map(str, value))!r})']
        for key, item in value.items():
            lines += _check_line(f"{label}[{key!r}]", item, f"{target}[{key!r}]")
        return lines
    return [f'checks.check_equal("{label}", {target}, {_literal(value)})']


def compute(course: Course, assignment_id: str, function: str, args: list[str]) -> tuple[str, object]:
    """(the call as written, the reference's result)."""
    solution = course.reference(assignment_id)
    if not callable(solution.get(function)):
        known = sorted(n for n, v in solution.items() if callable(v) and not n.startswith("_") and n[0].islower())
        raise CourseError(f"source/{assignment_id}: the solution defines no function `{function}` "
                          f"(it defines {', '.join(known)})")
    scope = {**solution, "np": np}
    positional, keywords = [], {}
    for text in args:
        name, sep, expression = text.partition("=")
        keyword = sep and name.strip().isidentifier() and not expression.startswith("=")
        try:
            value = eval(expression if keyword else text, scope)  # noqa: S307  (the instructor's own input)
        except Exception as err:
            raise CourseError(f"the argument {text!r} is not a Python expression: {type(err).__name__}: {err}") from err
        if keyword:
            keywords[name.strip()] = value
        else:
            positional.append(value)
    call = f"{function}({', '.join([*args])})"
    return call, solution[function](*positional, **keywords)


def show(course: Course, assignment_id: str, function: str, args: list[str]) -> str:
    call, value = compute(course, assignment_id, function, args)
    return "\n".join([f"# {call} on the reference solution returns:", f"expected = {_literal(value)}", "",
                      "# for the check cell:", f"value = checks.call({function}{''.join(', ' + a for a in args)})",
                      *_check_line(call, value), "checks.passed()"])
