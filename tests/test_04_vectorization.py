"""04_vectorization: every wrong answer of its catalogue (tests/students/a04_vectorization.py) loses the points of its
own test cell, and only those, and every right one none; the no-loops rule refuses every dodge; the notebook's
gradient check checks dw and db with the relative error of assignment 1.
"""

import contextlib
import io
import re

import nbformat

from autograder import catalogue, reference
from tests.conftest import REPO
from tests.harness import assert_each_correct_answer_gets_full_marks, assert_each_wrong_answer_loses_exactly_its_points
from tests.students.a04_vectorization import AUTHOR_CORRECT

# The no-loops rule, read the way Python runs the code: loops written as calls are loops too.
# (how the rule is dodged, the source of center_features, what the message names)
DODGES = [
    ("map over the rows", '''
def center_features(X):
    return np.array(list(map(lambda row: row - row.mean(), X)))
''', "`map`, a loop written as a call (line 2 of the function)"),
    ("np.vectorize", '''
def center_features(X):
    shift = np.vectorize(lambda value, mean: value - mean)
    return shift(X, X.mean(axis=1, keepdims=True))
''', "`np.vectorize`, a loop written as a call"),
    ("np.apply_along_axis", '''
def center_features(X):
    return np.apply_along_axis(lambda row: row - row.mean(), 1, X)
''', "`np.apply_along_axis`, a loop written as a call"),
    ("functools.reduce", '''
from functools import reduce

def center_features(X):
    total = reduce(lambda s, column: s + column, X.T)
    return X - (total / X.shape[1])[:, None]
''', "`reduce`, which is functools.reduce, a loop written as a call"),
    ("recursion", '''
def center_features(X):
    if X.shape[0] == 0:
        return X.astype(float)
    return np.vstack([X[:1] - X[:1].mean(), center_features(X[1:])])
''', "a call to itself, a loop written as recursion (line 4 of the function)"),
    ("a loop in a helper", '''
def centered_rows(X):
    return [row - row.mean() for row in X]

def center_features(X):
    return np.array(centered_rows(X))
''', "a list comprehension (line 2 of `centered_rows`, which it calls)"),
    ("itertools", '''
import itertools

def center_features(X):
    means = np.array(list(itertools.starmap(lambda *row: sum(row) / len(row), X)))
    return X - means[:, None]
''', "`itertools.starmap`, a loop written as a call"),
    ("exec", '''
def center_features(X):
    scope = {"X": X}
    exec("out = X - X.mean(axis=1, keepdims=True)", {}, scope)
    return scope["out"]
''', "`exec` (line 3 of the function), which runs code the grader cannot read"),
]


def test_every_dodge_of_the_no_loops_rule_is_refused_with_the_call_that_broke_it():
    from autograder import rules

    for story, source, named in DODGES:
        try:
            rules.no_loops(source, "center_features")
        except rules.RuleBroken as refused:
            assert named in str(refused), (story, str(refused))
        else:
            raise AssertionError(f"{story}: not refused")
    for student in AUTHOR_CORRECT:
        (cell, source), = student.answers.items()
        rules.no_loops(source, source.split("def ")[1].split("(")[0])  # each honest answer is accepted


def test_wrong_answers_lose_exactly_their_points(graded_class):
    assert_each_wrong_answer_loses_exactly_its_points(graded_class("04_vectorization"))


def test_right_answers_written_otherwise_get_every_point(graded_class):
    assert_each_correct_answer_gets_full_marks(graded_class("04_vectorization"))


def _gradient_check_output(backward_source: str | None = None) -> dict[str, float]:
    """Run the notebook's gradient-check cell after the reference (optionally with another `backward`) and
    read the relative errors it prints, by parameter."""
    assignment = catalogue.load(REPO).get("04_vectorization")
    path = REPO / "source" / "04_vectorization" / assignment.notebook
    namespace: dict = {}
    for source in reference.sources(path):
        exec(source, namespace)
    if backward_source:
        exec(backward_source, namespace)
    cells = nbformat.read(path, as_version=4).cells
    check_cell = next(c.source for c in cells if c.cell_type == "code" and "db_numeric" in c.source)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(check_cell, namespace)
    return {name: float(value) for name, value in re.findall(r"(\w+): relative error (\S+)", printed.getvalue())}


def test_gradient_check_covers_dw_and_db_and_passes_the_reference():
    errors = _gradient_check_output()
    assert set(errors) == {"dw", "db"}
    assert max(errors.values()) < 1e-7


def test_gradient_check_reports_a_sign_error_in_db_as_one():
    """A relative error divided by |a + n| (the first edition) gave about 1/0 here, and db was not checked."""
    errors = _gradient_check_output(
        "def backward(X, A, Y):\n"
        "    m = X.shape[1]\n"
        "    return np.dot(X, (A - Y).T) / m, -float(np.sum(A - Y) / m)\n")
    assert errors["dw"] < 1e-7
    assert abs(errors["db"] - 1.0) < 1e-9
