"""Which globals of a running notebook could stand in for the inputs its public checks pass.

A student who renamed a parameter but kept the old name in the body, or who debugged on a check's own
variables, has a function that reads a global instead of its argument. Its public check passes when, in every
call of the check cell, that global holds what the check passes: then the check says "passed" to a function that
ignores its input. `install()` runs in the notebook's kernel before the setup cell and wraps
`autograder.checks.call`; `report()`, run after the last cell, lists every (check cell, function, parameter)
whose argument some global held in every call of the cell, while the cell ran or at the end of the notebook
(a student re-running a check after the whole notebook).

Arrays, dictionaries, lists and functions count under any global name (a check's variable is copied by a
debugging student); a single number only under a name that is a parameter of the notebook's graded functions
(a renamed parameter), since unrelated numbers coincide by chance.
"""

from __future__ import annotations

import copy
import inspect
import json
import types

import numpy as np

_calls: list[dict] = []  # one per checks.call: cell, function, {parameter: (value, names then)}
_namespace: dict = {}
_cells = [0]  # how many cells the kernel has started: the running cell's number, counted from 1
_parameters: set[str] = set()

IGNORED = {"In", "Out", "get_ipython", "exit", "quit"}


def is_number(value) -> bool:
    return isinstance(value, (bool, int, float, complex, str, np.generic)) or \
        (isinstance(value, np.ndarray) and value.size <= 1)


def alike(a, b) -> bool:
    """Would a function computing with `b` give what it gives with `a`, to the checks' precision?"""
    if a is b:
        return True
    if callable(a) or callable(b) or isinstance(a, types.ModuleType) or isinstance(b, types.ModuleType):
        return False
    if isinstance(a, dict) or isinstance(b, dict):
        return isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys() and \
            all(alike(a[key], b[key]) for key in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)) and \
            not all(isinstance(x, (int, float)) for x in (*a, *b)):
        return len(a) == len(b) and all(alike(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and a == b
    try:
        first, second = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return False
    return first.shape == second.shape and bool(np.allclose(first, second, rtol=1e-6, atol=1e-8, equal_nan=True))


def holders(value, namespace: dict) -> set[str]:
    """The global names whose value could stand in for `value`."""
    names = set()
    for name, held in list(namespace.items()):
        if name.startswith("_") or name in IGNORED or isinstance(held, (types.ModuleType, type)):
            continue
        if is_number(value) and name not in _parameters:
            continue
        if alike(value, held):
            names.add(name)
    return names


def install(parameters) -> None:
    """Wrap checks.call in this kernel; `parameters`: every parameter name of the notebook's graded functions."""
    from IPython import get_ipython

    from autograder import checks

    shell = get_ipython()
    _namespace.update(namespace=shell.user_ns)
    shell.events.register("pre_run_cell", lambda info: _cells.__setitem__(0, _cells[0] + 1))
    _parameters.update(parameters)
    original = checks.call

    def recording(function, *args, **kwargs):
        try:
            bound = inspect.signature(function).bind(*args, **kwargs)
            bound.apply_defaults()
        except (TypeError, ValueError):
            bound = None
        if bound is not None:
            arguments = {name: (copy.deepcopy(value), holders(value, shell.user_ns))
                         for name, value in bound.arguments.items()}
            _calls.append({"cell": _cells[0], "function": function.__name__, "arguments": arguments})
        return original(function, *args, **kwargs)

    checks.call = recording


def report() -> str:
    """JSON: every (cell, function, parameter) whose argument some global held in every call of the cell; a cell
    is numbered by the order the kernel ran it in, from 1 (the cell that called `install` is not counted)."""
    namespace = _namespace["namespace"]
    found: dict[tuple, dict] = {}
    for call in _calls:
        for parameter, (value, then) in call["arguments"].items():
            key = (call["cell"], call["function"], parameter)
            now = holders(value, namespace)
            if key in found:
                found[key]["while the cell ran"] &= then
                found[key]["at the end"] &= now
            else:
                found[key] = {"while the cell ran": set(then), "at the end": now}
    return json.dumps([{"cell": cell, "function": function, "parameter": parameter,
                        **{when: sorted(names) for when, names in held.items()}}
                       for (cell, function, parameter), held in found.items() if any(held.values())])
