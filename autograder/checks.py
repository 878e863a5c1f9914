"""Checks with messages a student can act on: type, then shape, then values.

The same functions serve the public checks in the notebooks (run in the student's kernel) and the
trusted comparisons of `grading.py` (run by the grader outside the sandbox), so a student reads the
same diagnosis in both places.
"""

from __future__ import annotations

import warnings

import numpy as np


class CheckFailed(AssertionError):
    """A check did not pass; the message says what is wrong and the likely cause."""


def call(function, *args, **kwargs):
    """Call a student's function with numpy's warnings silenced.

    nbgrader gives 0 points to a test cell that writes to stderr, so a harmless RuntimeWarning
    (say, log(0) on an extreme input) would zero a correct answer. The guard lives here rather
    than in the notebook so that no student cell can switch it off by accident.
    """
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return function(*args, **kwargs)


def _type_name(value) -> str:
    kind = type(value)
    return kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"


def check_type(name: str, value, expected: type | tuple[type, ...], hint: str = "") -> None:
    if not isinstance(value, expected):
        wanted = " or ".join(t.__name__ for t in (expected if isinstance(expected, tuple) else (expected,)))
        raise CheckFailed(f"`{name}` should be a {wanted}, but it is a {_type_name(value)}."
                          + (f" {hint}" if hint else ""))


def check_shape(name: str, value: np.ndarray, expected: tuple[int, ...]) -> None:
    got = tuple(value.shape)
    expected = tuple(expected)
    if got == expected:
        return
    message = f"`{name}` has shape {got}, expected {expected}."
    if got == expected[::-1]:
        message += " It looks transposed: check where a `.T` is missing or extra."
    elif int(np.prod(got)) == int(np.prod(expected)):
        message += f" The number of entries is right: reshape it to {expected} (keep it 2-D)."
    elif len(got) == 1 and len(expected) == 2:
        message += " It is 1-D: keep vectors 2-D, e.g. with shape (n, 1) or (1, m)."
    raise CheckFailed(message)


def _why_values_differ(got: np.ndarray, expected: np.ndarray, m: int | None, rtol: float, atol: float) -> str:
    """Name the usual mistakes that turn a right answer into a wrong one."""
    close = lambda a, b: np.allclose(a, b, rtol=rtol, atol=atol)  # noqa: E731
    if np.any(expected != 0) and close(got, -expected):
        return "The values have the wrong sign: check the sign of each term (e.g. a - y, not y - a)."
    if m and m > 1:
        if close(got, expected * m):
            return f"The values are {m} times too large: did you forget to divide by m = {m}?"
        if close(got, expected / m):
            return f"The values are {m} times too small: did you divide by m = {m} twice?"
    if np.isnan(got).any() and not np.isnan(expected).any():
        return "The result contains NaN: look for log(0), 0/0 or an overflow."
    return ""


def check_values(name: str, got, expected, m: int | None = None, rtol: float = 1e-6, atol: float = 1e-8) -> None:
    got_array = np.asarray(got, dtype=float)
    expected_array = np.asarray(expected, dtype=float)
    if np.allclose(got_array, expected_array, rtol=rtol, atol=atol, equal_nan=False):
        return
    why = _why_values_differ(got_array, expected_array, m, rtol, atol)
    if got_array.ndim == 0:
        detail = f"got {got_array.item()!r}, expected {expected_array.item()!r}"
    else:
        wrong = np.argwhere(~np.isclose(got_array, expected_array, rtol=rtol, atol=atol))
        index = tuple(int(i) for i in wrong[0])
        detail = (f"{len(wrong)} of {got_array.size} entries differ; the first at index {index}: "
                  f"got {got_array[index]!r}, expected {expected_array[index]!r}")
    raise CheckFailed(f"`{name}` has wrong values: {detail}." + (f" {why}" if why else ""))


def check_array(name: str, got, expected, m: int | None = None, rtol: float = 1e-6, atol: float = 1e-8) -> None:
    """`got` must be a numpy array of the expected shape and values."""
    check_type(name, got, np.ndarray, hint="Return a numpy array (np.array(...) or the result of numpy operations).")
    expected = np.asarray(expected)
    check_shape(name, got, expected.shape)
    if not np.issubdtype(got.dtype, np.number) and got.dtype != bool:
        raise CheckFailed(f"`{name}` should hold numbers, but its dtype is {got.dtype}.")
    check_values(name, got, expected, m=m, rtol=rtol, atol=atol)


def check_scalar(name: str, got, expected, kind: type = float, m: int | None = None,
                 rtol: float = 1e-6, atol: float = 1e-8) -> None:
    """`got` must be a single number of type `kind` (float also accepts numpy floating scalars)."""
    accepted = (float, np.floating) if kind is float else kind
    hint = ""
    if isinstance(got, np.ndarray):
        hint = (f"It is an array of shape {got.shape}: turn a single value into a number with float(...) "
                "or .item().")
    check_type(name, got, accepted, hint=hint)
    check_values(name, got, expected, m=m, rtol=rtol, atol=atol)


def check_equal(name: str, got, expected) -> None:
    """Exact equality for things that are not approximate: counts, lists of iteration numbers, labels."""
    if got != expected:
        raise CheckFailed(f"`{name}` is {got!r}, expected {expected!r}.")
