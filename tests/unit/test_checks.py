"""How a hidden case or a public check calls a student's function, whatever the student named its parameters: the
case's arguments by the reference's names, the required ones by position, the optional ones by keyword where the
student has that name, else where the student's own signature puts them."""

from __future__ import annotations

import keyword

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograder import checks
from autograder.checks import Signature


def reference(w, b, X, num_iterations=100, learning_rate=0.5, *, print_cost=False):
    return w, b, X, num_iterations, learning_rate, print_cost


def test_a_signature_is_read_from_the_reference():
    assert Signature.of(reference) == Signature(("w", "b", "X", "num_iterations", "learning_rate", "print_cost"),
                                                ("num_iterations", "learning_rate", "print_cost"))


@pytest.mark.parametrize("student,case,result", [
    # The same names: as Python calls it.
    (reference, {"w": 1, "b": 2, "X": 3, "learning_rate": 0.1}, (1, 2, 3, 100, 0.1, False)),
    # Renamed required parameters go by position; a renamed optional one where the student's signature has it.
    (lambda weights, bias, data, iterations=7, rate=0.2: (weights, bias, data, iterations, rate),
     {"w": 1, "b": 2, "X": 3, "learning_rate": 0.1}, (1, 2, 3, 7, 0.1)),
    # Renamed and reordered: a name the student does not have goes where the reference has it (4th).
    (lambda weights, bias, data, rate=0.2, iterations=7: (weights, bias, data, iterations, rate),
     {"w": 1, "b": 2, "X": 3, "num_iterations": 5}, (1, 2, 3, 7, 5)),
    # A student's own keyword-only flag keeps its default when the case does not pass it.
    (lambda w, b, X, num_iterations=100, *, verbose=True: (w, b, X, num_iterations, verbose),
     {"w": 1, "b": 2, "X": 3, "num_iterations": 9}, (1, 2, 3, 9, True)),
    # **kwargs takes every name as it is.
    (lambda w, b, X, **options: (w, b, X, options), {"w": 1, "b": 2, "X": 3, "learning_rate": 0.1},
     (1, 2, 3, {"learning_rate": 0.1})),
])
def test_a_case_reaches_the_students_function_whatever_its_names(student, case, result):
    assert Signature.of(reference).call(student, case) == result


def test_a_call_that_fits_nowhere_fails_as_python_says():
    with pytest.raises(TypeError, match="unexpected keyword argument 'learning_rate'"):
        Signature.of(reference).call(lambda w, b, X: None, {"w": 1, "b": 2, "X": 3, "learning_rate": 0.1})


def test_numpys_warnings_on_an_extreme_input_do_not_reach_stderr(capsys):
    assert checks.call_with(np.log, [np.array([0.0])], {})[0] == -np.inf
    assert capsys.readouterr().err == ""


NAMES = st.lists(st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True).filter(lambda name: not keyword.iskeyword(name)),
                 min_size=5, max_size=5, unique=True)


@given(NAMES, st.integers(0, 3))
def test_consistent_renaming_costs_nothing(names, given_optional):
    """Any names, the same answer: a renamed student function gets the reference's own call."""
    required, optional = names[:3], names[3:]
    source = f"def student({', '.join(required)}, {optional[0]}=10, {optional[1]}=20):\n" \
             f"    return ({', '.join(names)})\n"
    namespace: dict = {}
    exec(source, namespace)

    def original(w, b, X, num_iterations=10, learning_rate=20):
        return w, b, X, num_iterations, learning_rate

    case = {"w": 1, "b": 2, "X": 3, "num_iterations": 4, "learning_rate": 5}
    case = {key: value for i, (key, value) in enumerate(case.items()) if i < 3 or i - 3 < given_optional}
    signature = Signature.of(original)
    assert signature.call(namespace["student"], case) == signature.call(original, case)
