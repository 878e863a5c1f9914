"""Checks with messages a student can act on: type, then shape, then values.

The same functions serve the public checks in the notebooks (run in the student's kernel) and the
trusted comparisons of `grading.py` (run by the grader outside the sandbox), so a student reads the
same diagnosis in both places. They judge values, not representations: a single number may be a Python
float, a NumPy float or a 0-d array; float32 results are compared with float32's precision; shapes are
compared before values, so that broadcasting never makes different shapes look equal. While the grader
judges hidden cases (`hidden_inputs()`), messages name what is wrong but never the expected numbers.
"""

from __future__ import annotations

import contextlib
import contextvars
import warnings

import numpy as np


class CheckFailed(AssertionError):
    """A check did not pass; the message says what is wrong and the likely cause."""


_hidden = contextvars.ContextVar("hidden_inputs", default=False)


@contextlib.contextmanager
def hidden_inputs():
    """Within this block, failure messages do not quote expected values (the grader's hidden cases)."""
    token = _hidden.set(True)
    try:
        yield
    finally:
        _hidden.reset(token)


# --- the public checks' bookkeeping: which exercise is checked, which have passed ----------------------

_failed: set[str] = set()  # functions whose public checks failed and have not passed since
_current: list = [None]  # the function the running check cell is about


def call(function, *args, **kwargs):
    """Call a student's function with numpy's warnings silenced.

    nbgrader gives 0 points to a test cell that writes to stderr, so a harmless RuntimeWarning
    (say, log(0) on an extreme input) would zero a correct answer. The guard lives here rather
    than in the notebook so that no student cell can switch it off by accident.
    """
    if isinstance(getattr(function, "__name__", None), str) and not _hidden.get():
        _current[0] = function
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return function(*args, **kwargs)


def passed(name: str | None = None) -> None:
    """The last line of a check cell: says that every public check of the exercise passed."""
    if name is None:
        name = getattr(_current[0], "__name__", "this exercise")
    _failed.discard(name)
    print(f"✓ {name}: all public checks passed.")


def _prerequisite_hint() -> str:
    """When a check fails, name the earlier exercises it calls whose own checks failed."""
    function = _current[0]
    if _hidden.get() or function is None:
        return ""
    try:
        used = set(function.__code__.co_names)
    except AttributeError:
        return ""
    waiting = sorted(name for name in _failed if name in used and name != function.__name__)
    if not waiting:
        return ""
    names = " and ".join(f"`{name}`" for name in waiting)
    return (f" Note: `{function.__name__}` calls {names}, whose own checks failed: fix that first, then run this "
            "check again.")


def fail(message: str):
    """Raise CheckFailed with `message` (and, in a notebook, a hint about earlier exercises that failed)."""
    hint = _prerequisite_hint()
    name = getattr(_current[0], "__name__", None)
    if isinstance(name, str) and not _hidden.get():
        _failed.add(name)
    raise CheckFailed(message + hint)


# --- how values are named in messages -------------------------------------------------------------------

READABLE = {float: "float", int: "int", bool: "bool", str: "string", dict: "dictionary", list: "list",
            tuple: "tuple", np.ndarray: "NumPy array", np.floating: "NumPy float", np.integer: "NumPy int"}


def _article(words: str) -> str:
    return f"an {words}" if words[:1].lower() in "aeio" else f"a {words}"


def describe(value) -> str:
    """What a value is, in words: 'a float', 'a NumPy array of shape (3, 1)', 'None'."""
    if value is None:
        return "None"
    kind = type(value)
    if kind is np.ndarray:
        if value.ndim == 0:
            return f"a 0-d NumPy array ({value.dtype})"
        return f"a NumPy array of shape {value.shape} ({value.dtype})"
    if isinstance(value, np.generic):
        return f"a NumPy {value.dtype}"
    if kind in READABLE:
        return _article(READABLE[kind])
    reason = getattr(value, "reason", None)  # plaindata.Unsupported
    if isinstance(reason, str):
        return reason
    name = kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"
    return _article(name)


def check_type(name: str, value, expected: type | tuple[type, ...], hint: str = "") -> None:
    if not isinstance(value, expected):
        wanted = " or ".join(_article(READABLE.get(t, t.__name__))
                             for t in (expected if isinstance(expected, tuple) else (expected,)))
        fail(f"`{name}` should be {wanted}, but it is {describe(value)}." + (f" {hint}" if hint else ""))


def check_shape(name: str, value, expected: tuple[int, ...]) -> None:
    got = tuple(np.shape(value))
    expected = tuple(expected)
    if got == expected:
        return
    message = f"`{name}` has shape {got}, expected {expected}."
    if got == expected[::-1] and len(got) > 1:
        message += " It looks transposed: check where a `.T` is missing or extra."
    elif int(np.prod(got)) == int(np.prod(expected)):
        message += f" The number of entries is right: reshape it to {expected} (keep it 2-D)."
    elif len(got) == 1 and len(expected) == 2:
        message += " It is 1-D: keep vectors 2-D, e.g. with shape (n, 1) or (1, m)."
    elif len(got) == 2 and len(expected) == 2 and sorted(got) == sorted(expected[::-1]):
        message += " Check the order of the factors in your matrix product."
    fail(message)


# --- values ---------------------------------------------------------------------------------------------

def _tolerances(got: np.ndarray, rtol: float, atol: float) -> tuple[float, float]:
    """Float32 (or float16) results carry fewer digits: compare them at their own precision."""
    if got.dtype.kind in "fc" and got.dtype.itemsize < 8 * (2 if got.dtype.kind == "c" else 1):
        eps = float(np.finfo(got.dtype).eps)
        return max(rtol, 100 * eps), max(atol, 10 * eps)
    return rtol, atol


def _why_values_differ(got: np.ndarray, expected: np.ndarray, m: int | None, rtol: float, atol: float) -> str:
    """Name the usual mistakes that turn a right answer into a wrong one."""
    def close(a, b):
        return bool(np.allclose(a, b, rtol=rtol, atol=atol))

    if np.isnan(got).any() and not np.isnan(expected).any():
        return "The result contains NaN: look for log(0), 0/0 or an overflow."
    if np.any(expected != 0) and close(got, -expected):
        return "The values have the wrong sign: check the sign of each term (e.g. a - y, not y - a)."
    if m and m > 1:
        if close(got, expected * m):
            return f"The values are {m} times too large: did you forget to divide by m = {m}?"
        if close(got, expected / m):
            return f"The values are {m} times too small: did you divide by m = {m} twice?"
    if got.ndim == 2 and got.shape[0] == got.shape[1] > 1 and close(got, expected.T):
        return "The values are transposed: check the order of your axes (and keepdims=True on reductions)."
    return ""


def _as_numbers(name: str, value) -> np.ndarray:
    if type(value) is np.ndarray:
        array = value
    else:
        try:
            array = np.asarray(value)
        except (ValueError, TypeError):
            fail(f"`{name}` should hold numbers, but it is {describe(value)}.")
    if array.dtype.kind not in "biuf":
        fail(f"`{name}` should hold numbers, but it holds {array.dtype} values ({describe(value)}).")
    return array


def check_values(name: str, got, expected, m: int | None = None, rtol: float = 1e-6, atol: float = 1e-8) -> None:
    """`got` has the values of `expected`, within tolerance; different shapes are never 'close'."""
    got_array = _as_numbers(name, got)
    expected_array = np.asarray(expected, dtype=float)
    check_shape(name, got_array, expected_array.shape)
    rtol, atol = _tolerances(got_array, rtol, atol)
    got_float = got_array.astype(float)
    if np.allclose(got_float, expected_array, rtol=rtol, atol=atol, equal_nan=False):
        return
    why = _why_values_differ(got_float, expected_array, m, rtol, atol)
    hidden = _hidden.get()
    if got_float.ndim == 0:
        detail = "it is not the expected value" if hidden else \
            f"got {got_float.item()!r}, expected {expected_array.item()!r}"
    else:
        wrong = np.argwhere(~np.isclose(got_float, expected_array, rtol=rtol, atol=atol))
        index = tuple(int(i) for i in wrong[0])
        detail = f"{len(wrong)} of {got_float.size} entries differ"
        detail += f", the first at index {index}" if hidden else \
            f"; the first at index {index}: got {got_float[index]!r}, expected {expected_array[index]!r}"
    fail(f"`{name}` has wrong values: {detail}." + (f" {why}" if why else ""))


def check_array(name: str, got, expected, m: int | None = None, rtol: float = 1e-6, atol: float = 1e-8,
                labels: bool = False) -> None:
    """`got` must be a NumPy array of the expected shape and values.

    With `labels=True` (0/1 predictions) integer and boolean arrays count as well, and values must match
    exactly; otherwise any real number type is accepted and compared within tolerance.
    """
    check_type(name, got, np.ndarray, hint="Return a NumPy array (np.array(...) or the result of NumPy operations).")
    expected = np.asarray(expected)
    check_shape(name, got, expected.shape)
    if got.dtype.kind == "c":
        fail(f"`{name}` holds complex numbers: look for the square root or log of a negative number.")
    if got.dtype.kind not in ("biuf" if labels else "iuf"):
        fail(f"`{name}` should hold {'0/1 labels' if labels else 'numbers'}, but its dtype is {got.dtype}.")
    if labels:
        if not np.array_equal(got.astype(float), expected.astype(float)):
            wrong = np.argwhere(got.astype(float) != expected.astype(float))
            fail(f"`{name}` has wrong values: {len(wrong)} of {got.size} predictions differ"
                 + ("." if _hidden.get() else f", the first at index {tuple(int(i) for i in wrong[0])}."))
        return
    check_values(name, got, expected, m=m, rtol=rtol, atol=atol)


def _single_number(name: str, got, kind: type):
    """`got` as one number of `kind` (float: Python or NumPy floats and 0-d float arrays; int: likewise)."""
    kinds = "f" if kind is float else "iu"
    if type(got) is np.ndarray:
        if got.ndim == 0 and got.dtype.kind in kinds:
            return got
        if got.ndim == 0:
            fail(f"`{name}` should be {_article(READABLE[kind])}, but it is {describe(got)}.")
        fail(f"`{name}` should be a single {READABLE[kind]}, but it is {describe(got)}: turn it into a number "
             "with float(...) or .item().")
    if kind is float and isinstance(got, (float, np.floating)) and not isinstance(got, bool):
        return got
    if kind is int and isinstance(got, (int, np.integer)) and not isinstance(got, (bool, np.bool_)):
        return got
    hint = " Write 0.0 rather than 0 (or use float(...))." if kind is float and isinstance(got, (int, np.integer)) \
        and not isinstance(got, (bool, np.bool_)) else ""
    fail(f"`{name}` should be {_article(READABLE[kind])}, but it is {describe(got)}.{hint}")


def check_scalar(name: str, got, expected, kind: type = float, m: int | None = None,
                 rtol: float = 1e-6, atol: float = 1e-8) -> None:
    """`got` must be a single number of type `kind`: for float, a Python float, a NumPy floating scalar
    or a 0-d float array; for int, likewise with integers."""
    number = _single_number(name, got, kind)
    check_values(name, number, expected, m=m, rtol=rtol, atol=atol)


def check_equal(name: str, got, expected) -> None:
    """Exact equality for things that are not approximate: counts, lists of keys, labels. Numbers are
    compared by value (3, 3.0 and np.int64(3) are equal); an array is never equal to a plain value."""
    try:
        same = not isinstance(got, np.ndarray) and bool(got == expected)
    except Exception:  # an object whose == raises or returns something odd is not equal to anything here
        same = False
    if not same:
        shown = f"{got!r}" if not _hidden.get() or isinstance(got, (int, str, list)) else describe(got)
        fail(f"`{name}` is {shown[:200]}, expected {expected!r}.")


def check_dict(name: str, got, keys, hint: str = "") -> None:
    """`got` must be a dictionary with exactly these keys."""
    check_type(name, got, dict, hint=hint)
    check_equal(f"the keys of {name}", sorted(map(str, got)), sorted(keys))


def follows(rule, function) -> None:
    """Apply a rule about how `function` is written (see autograder.rules) to its source, in a notebook."""
    import inspect

    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):
        return  # no source to read (a built-in, or a function made at run time): nothing to object to
    rule(source, function.__name__)
