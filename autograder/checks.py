"""Checks with messages a student can act on: type, then shape, then values.

The same functions serve the public checks in the notebooks (run in the student's kernel) and the
trusted comparisons of `grading.py` (run by the grader outside the sandbox), so a student reads the
same diagnosis in both places. They judge values, not representations: a single number may be a Python
float, a NumPy float or a 0-d array; float32 results are compared with float32's precision; shapes are
compared before values, so that broadcasting never makes different shapes look equal. While the grader
judges hidden cases (`hidden_inputs()`), messages name what is wrong but never the expected numbers. Messages
come from the catalogue of the student's language (autograder/i18n.py).
"""

from __future__ import annotations

import contextlib
import contextvars
import inspect
import warnings
from dataclasses import dataclass

import numpy as np

from .i18n import Message, a, joined, say, text
from .plaindata import Unsupported


class CheckFailed(AssertionError):
    """A check did not pass; the message says what is wrong and the likely cause (a Message, shown in the
    language of whoever reads it)."""

    @property
    def message(self) -> Message:
        return said(self)


def as_message(said) -> Message:
    """What a check or a rule said, as a Message (a plain string is a literal: an author's own words)."""
    return said if isinstance(said, Message) else Message.literal(str(said))


def said(failure: BaseException) -> Message:
    """What a failed check (or any assertion) said."""
    return as_message(failure.args[0]) if len(failure.args) == 1 else Message.literal(str(failure))


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
    """Call a student's function as a public check does: see `call_with`."""
    if isinstance(getattr(function, "__name__", None), str) and not _hidden.get():
        _current[0] = function
    return call_with(function, args, kwargs)


def call_with(function, args: tuple | list, kwargs: dict, positions: dict | None = None):
    """`function(*args, **kwargs)`, whatever the student named the parameters, with numpy's warnings silenced.

    Keyword arguments the function has no parameter for go by position (see `arranged`), so that a correct
    answer never fails for its names. nbgrader gives 0 points to a test cell that writes to stderr, so a
    harmless RuntimeWarning (say, log(0) on an extreme input) would zero a correct answer; the guard lives
    here rather than in the notebook so that no student cell can switch it off by accident.
    """
    args, kwargs = arranged(function, tuple(args), dict(kwargs), positions)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return function(*args, **kwargs)


def arranged(function, args: tuple, kwargs: dict, positions: dict | None = None) -> tuple[tuple, dict]:
    """`args` and `kwargs` as `function` takes them.

    A keyword argument goes by keyword when the function has a parameter of that name (or takes **kwargs);
    otherwise by position: at `positions[name]` when the caller knows where its own signature puts it, else
    in the order given, into the first parameters after `args` that no other keyword names. A parameter
    skipped on the way keeps its default. When nothing fits, the call is left as it was, to fail as Python says.
    """
    if not kwargs:
        return args, kwargs
    try:
        parameters = list(inspect.signature(function).parameters.values())
    except (TypeError, ValueError):  # a builtin without a signature: nothing to arrange
        return args, kwargs
    if any(p.kind is p.VAR_KEYWORD for p in parameters):
        return args, kwargs
    by_name = {p.name for p in parameters if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
    strangers = [name for name in kwargs if name not in by_name]
    if not strangers:
        return args, kwargs
    slots = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    taken = {i for i, p in enumerate(slots) if p.name in kwargs and p.name in by_name}
    placed: dict[int, object] = {}
    for name in strangers:
        index = (positions or {}).get(name)
        if type(index) is not int or not len(args) <= index < len(slots) or index in taken or index in placed:
            index = next((i for i in range(len(args), len(slots)) if i not in taken and i not in placed), None)
        if index is None:
            return args, kwargs
        placed[index] = kwargs[name]
    positional = list(args)
    keywords = {name: value for name, value in kwargs.items() if name in by_name}
    for index in range(len(args), max(placed) + 1):
        slot = slots[index]
        if index in placed:
            positional.append(placed[index])
        elif slot.name in keywords:
            positional.append(keywords.pop(slot.name))
        elif slot.default is not slot.empty:
            positional.append(slot.default)
        else:
            return args, kwargs
    return tuple(positional), keywords


def positions(function) -> dict[str, int] | None:
    """Where `function` takes each parameter by position (its name -> index); None when it cannot be read."""
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return None
    return {p.name: i for i, p in enumerate(p for p in parameters if p.kind in (p.POSITIONAL_ONLY,
                                                                                   p.POSITIONAL_OR_KEYWORD))}


@dataclass(frozen=True)
class Signature:
    """How a hidden case is passed: the reference solution's parameters in order, and those passed by keyword.

    A case names its arguments as the reference does. The required ones go by position, in the reference's
    order, as the public checks pass them; the optional ones (`num_iterations=...`, and keyword-only ones) by
    keyword where the student's function has that name, else by position. So any parameter names work.
    """

    names: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()

    @classmethod
    def of(cls, function) -> Signature:
        parameters = [p for p in inspect.signature(function).parameters.values()
                      if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
        return cls(tuple(p.name for p in parameters),
                   tuple(p.name for p in parameters if p.default is not p.empty or p.kind is p.KEYWORD_ONLY))

    def call(self, function, case: dict):
        """`function` called on one case (its arguments by the reference's names)."""
        args = []
        for name in self.names:
            if name not in case or name in self.keywords:
                break  # a gap: what follows goes by name
            args.append(case[name])
        kwargs = {name: value for name, value in case.items() if name not in self.names[:len(args)]}
        return call_with(function, args, kwargs, {name: i for i, name in enumerate(self.names)})


def passed(name: str | None = None) -> None:
    """The last line of a check cell: says that every public check of the exercise passed."""
    if name is None:
        name = getattr(_current[0], "__name__", None) or text("check.this_exercise")
    _failed.discard(name)
    print(text("check.passed", name=name))


def _prerequisite_hint() -> Message | None:
    """When a check fails, name the earlier exercises it calls whose own checks failed."""
    function = _current[0]
    if _hidden.get() or function is None:
        return None
    try:
        used = set(function.__code__.co_names)
    except AttributeError:
        return None
    waiting = sorted(name for name in _failed if name in used and name != function.__name__)
    if not waiting:
        return None
    return say("check.prerequisite", function=function.__name__,
               names=joined("grammar.and", [f"`{name}`" for name in waiting]))


def fail(message: Message | str):
    """Raise CheckFailed with `message` (and, in a notebook, a hint about earlier exercises that failed)."""
    message = as_message(message)
    hint = _prerequisite_hint()
    name = getattr(_current[0], "__name__", None)
    if isinstance(name, str) and not _hidden.get():
        _failed.add(name)
    raise CheckFailed(message + hint if hint else message)


# --- how values are named in messages -------------------------------------------------------------------

def readable(kind: type) -> Message | str:
    """The name of a type a student knows, in words ('dictionary'), else its Python name."""
    return say(f"kind.{kind.__name__}") if kind in READABLE else kind.__name__


READABLE = (float, int, bool, str, dict, list, tuple, np.ndarray, np.floating, np.integer)


def _hinted(message: Message, hint) -> Message:
    """`message`, then an author's hint: a Message (`say(...)`: in every language of the catalogues), or the
    author's own words, a string or {language: string}."""
    if not hint:
        return message
    return message + say("check.hint", hint=hint if isinstance(hint, Message) else Message.literal(hint))


def describe(value) -> Message:
    """What a value is, in words: 'a float', 'a NumPy array of shape (3, 1)', 'None'."""
    if value is None:
        return say("describe.none")
    kind = type(value)
    if kind is np.ndarray:
        if value.ndim == 0:
            return say("describe.array_0d", dtype=value.dtype)
        return say("describe.array", shape=value.shape, dtype=value.dtype)
    if isinstance(value, np.generic):
        return say("describe.numpy_scalar", dtype=value.dtype)
    if kind in READABLE:
        return a(readable(kind))
    if isinstance(value, Unsupported):
        return value.reason
    name = kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"
    return a(name)


def check_type(name: str, value, expected: type | tuple[type, ...], hint: Message | str | dict = "") -> None:
    if not isinstance(value, expected):
        kinds = expected if isinstance(expected, tuple) else (expected,)
        wanted = joined("grammar.or", [a(readable(t)) for t in kinds])
        fail(_hinted(say("check.wrong_type", name=name, wanted=wanted, got=describe(value)), hint))


def check_shape(name: str, value, expected: tuple[int, ...]) -> None:
    got = tuple(np.shape(value))
    expected = tuple(expected)
    if got == expected:
        return
    message = say("check.wrong_shape", name=name, got=got, expected=expected)
    if got == expected[::-1] and len(got) > 1:
        message += say("check.transposed")
    elif int(np.prod(got)) == int(np.prod(expected)):
        message += say("check.reshape", expected=expected)
    elif len(got) == 1 and len(expected) == 2:
        message += say("check.one_d")
    elif len(got) == 2 and len(expected) == 2 and sorted(got) == sorted(expected):
        message += say("check.factor_order")
    fail(message)


# --- values ---------------------------------------------------------------------------------------------

def _tolerances(got: np.ndarray, rtol: float, atol: float) -> tuple[float, float]:
    """Float32 (or float16) results carry fewer digits: compare them at their own precision."""
    if got.dtype.kind in "fc" and got.dtype.itemsize < 8 * (2 if got.dtype.kind == "c" else 1):
        eps = float(np.finfo(got.dtype).eps)
        return max(rtol, 100 * eps), max(atol, 10 * eps)
    return rtol, atol


def _why_values_differ(got: np.ndarray, expected: np.ndarray, m: int | None, rtol: float,
                       atol: float) -> Message | None:
    """Name the usual mistakes that turn a right answer into a wrong one."""
    def close(a, b):
        return bool(np.allclose(a, b, rtol=rtol, atol=atol))

    if np.isnan(got).any() and not np.isnan(expected).any():
        return say("check.nan")
    if np.any(expected != 0) and close(got, -expected):
        return say("check.sign")
    if m and m > 1:
        if close(got, expected * m):
            return say("check.times_m", m=m)
        if close(got, expected / m):
            return say("check.over_m", m=m)
    if got.ndim == 2 and got.shape[0] == got.shape[1] > 1 and close(got, expected.T):
        return say("check.values_transposed")
    return None


def _as_numbers(name: str, value) -> np.ndarray:
    if type(value) is np.ndarray:
        array = value
    else:
        try:
            array = np.asarray(value)
        except (ValueError, TypeError):
            fail(say("check.not_numbers", name=name, got=describe(value)))
    if array.dtype.kind not in "biuf":
        fail(say("check.not_number_dtype", name=name, dtype=array.dtype, got=describe(value)))
    return array


def _relative_gap(got: float, expected: float, rtol: float) -> Message | None:
    """Two numbers that agree in their first 6 significant digits look equal in a message: say how far apart
    they are, relative to each other, and how close the check wants them."""
    if not (np.isfinite(got) and np.isfinite(expected)) or expected == 0 or f"{got:.6g}" != f"{expected:.6g}":
        return None
    return say("check.relative_gap", gap=abs(got - expected) / abs(expected), rtol=rtol)


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
        detail = say("check.not_expected_value") if hidden else \
            say("check.got_expected", got=got_float.item(), expected=expected_array.item())
        gap = _relative_gap(got_float.item(), expected_array.item(), rtol)
    else:
        wrong = np.argwhere(~np.isclose(got_float, expected_array, rtol=rtol, atol=atol))
        index = tuple(int(i) for i in wrong[0])
        detail = say("check.entries_differ", wrong=len(wrong), size=got_float.size)
        detail += say("check.first_at_hidden", index=index) if hidden else \
            say("check.first_at", index=index, got=got_float[index], expected=expected_array[index])
        gap = _relative_gap(float(got_float[index]), float(expected_array[index]), rtol)
    message = say("check.wrong_values", name=name, detail=detail + gap if gap else detail)
    fail(message + say("check.because", why=why) if why else message)


def check_array(name: str, got, expected, m: int | None = None, rtol: float = 1e-6, atol: float = 1e-8,
                labels: bool = False) -> None:
    """`got` must be a NumPy array of the expected shape and values.

    With `labels=True` (0/1 predictions) integer and boolean arrays count as well, and values must match
    exactly; otherwise any real number type is accepted and compared within tolerance.
    """
    check_type(name, got, np.ndarray, hint=say("check.array_hint"))
    expected = np.asarray(expected)
    check_shape(name, got, expected.shape)
    if got.dtype.kind == "c":
        fail(say("check.complex", name=name))
    if got.dtype.kind not in ("biuf" if labels else "iuf"):
        fail(say("check.wrong_dtype", name=name, what=say("check.labels" if labels else "check.numbers"),
                  dtype=got.dtype))
    if labels:
        if not np.array_equal(got.astype(float), expected.astype(float)):
            wrong = np.argwhere(got.astype(float) != expected.astype(float))
            fail(say("check.predictions_differ", name=name, wrong=len(wrong), size=got.size)
                 + (say("check.end") if _hidden.get()
                    else say("check.first_prediction_at", index=tuple(int(i) for i in wrong[0]))))
        return
    check_values(name, got, expected, m=m, rtol=rtol, atol=atol)


def _single_number(name: str, got, kind: type):
    """`got` as one number of `kind` (float: Python or NumPy floats and 0-d float arrays; int: likewise)."""
    kinds = "f" if kind is float else "iu"
    if type(got) is np.ndarray:
        if got.ndim == 0 and got.dtype.kind in kinds:
            return got
        if got.ndim == 0:
            fail(say("check.wrong_type", name=name, wanted=a(readable(kind)), got=describe(got)))
        # One number left inside an array needs taking out (float() of it raises on NumPy 2); several numbers
        # where one is asked mean a sum was never made, which no conversion fixes.
        message = say("check.single_number", name=name, kind=readable(kind), got=describe(got))
        if got.size == 1:
            message += say("check.one_in_array")
        elif got.size > 1:
            message += say("check.many_numbers", size=got.size)
        fail(message)
    if kind is float and isinstance(got, (float, np.floating)) and not isinstance(got, bool):
        return got
    if kind is int and isinstance(got, (int, np.integer)) and not isinstance(got, (bool, np.bool_)):
        return got
    message = say("check.wrong_type", name=name, wanted=a(readable(kind)), got=describe(got))
    if kind is float and isinstance(got, (int, np.integer)) and not isinstance(got, (bool, np.bool_)):
        message += say("check.write_float")
    fail(message)


def check_scalar(name: str, got, expected, kind: type = float, m: int | None = None,
                 rtol: float = 1e-6, atol: float = 1e-8) -> None:
    """`got` must be a single number of type `kind`: for float, a Python float, a NumPy floating scalar
    or a 0-d float array; for int, likewise with integers."""
    number = _single_number(name, got, kind)
    check_values(name, number, expected, m=m, rtol=rtol, atol=atol)


def check_equal(name: str | Message, got, expected) -> None:
    """Exact equality for things that are not approximate: counts, lists of keys, labels. Numbers are
    compared by value (3, 3.0 and np.int64(3) are equal); an array is never equal to a plain value."""
    try:
        same = not isinstance(got, np.ndarray) and bool(got == expected)
    except Exception:  # an object whose == raises or returns something odd is not equal to anything here
        same = False
    if not same:
        shown = f"{got!r}"[:200] if not _hidden.get() or isinstance(got, (int, str, list)) else describe(got)
        fail(say("check.not_equal", name=name, got=shown, expected=expected))


def check_dict(name: str, got, keys, hint: Message | str | dict = "") -> None:
    """`got` must be a dictionary with exactly these keys."""
    check_type(name, got, dict, hint=hint)
    check_equal(say("check.keys_of", name=name), sorted(map(str, got)), sorted(keys))


def follows(rule, function) -> None:
    """Apply a rule about how `function` is written (see autograder.rules) to the cell that defines it, in a
    notebook."""
    from .rules import RuleBroken, source_of

    source = source_of(function)
    if source is None:  # no source to read (a built-in, or a function made at run time): nothing to object to
        return
    try:
        rule(source, function.__name__)
    except RuleBroken as broken:
        fail(said(broken))  # a failed check like any other, with its hint about earlier exercises
