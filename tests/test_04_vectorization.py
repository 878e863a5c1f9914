"""04_vectorization: every realistic wrong answer loses the points of its own test cell, and only those;
the notebook's gradient check checks dw and db with the relative error of assignment 1.

Each entry is (solution cell grade id, what is wrong, the full replacement source of that cell).
"""

import contextlib
import io
import re

import nbformat

from autograder import catalogue, reference
from tests.conftest import REPO
from tests.harness import assert_each_correct_answer_gets_full_marks, assert_each_wrong_answer_loses_exactly_its_points

WRONG_ANSWERS = [
    # center_features
    ("vec-center-code", "averages over the features (axis 0) instead of the examples", '''
def center_features(X):
    return X - np.mean(X, axis=0, keepdims=True)
'''),
    ("vec-center-code", "row means without keepdims broadcast as a row", '''
def center_features(X):
    return X - np.mean(X, axis=1)
'''),
    ("vec-center-code", "subtracts the mean of the whole matrix", '''
def center_features(X):
    return X - np.mean(X)
'''),
    ("vec-center-code", "right values, computed with loops", '''
def center_features(X):
    centered = np.array(X, dtype=float)
    for j in range(X.shape[0]):
        centered[j, :] = X[j, :] - sum(X[j, :]) / X.shape[1]
    return centered
'''),
    # forward
    ("vec-forward-code", "missing transpose: X^T w has shape (m, 1)", '''
def forward(w, b, X):
    return sigmoid(np.dot(X.T, w) + b)
'''),
    ("vec-forward-code", "forgets the bias b", '''
def forward(w, b, X):
    return sigmoid(np.dot(w.T, X))
'''),
    ("vec-forward-code", "sign error inside the sigmoid", '''
def forward(w, b, X):
    return 1 / (1 + np.exp(np.dot(w.T, X) + b))
'''),
    ("vec-forward-code", "right values, with a loop over the examples", '''
def forward(w, b, X):
    A = np.zeros((1, X.shape[1]))
    for i in range(X.shape[1]):
        A[0, i] = sigmoid(np.dot(w[:, 0], X[:, i]) + b)
    return A
'''),
    # cost
    ("vec-cost-code", "forgets to divide by m", '''
def cost(A, Y):
    return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)))
'''),
    ("vec-cost-code", "sign error: the minus in front is missing", '''
def cost(A, Y):
    return float(np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))
'''),
    ("vec-cost-code", "returns a (1, 1) array instead of a float", '''
def cost(A, Y):
    m = Y.shape[1]
    return -(np.dot(Y, np.log(A).T) + np.dot(1 - Y, np.log(1 - A).T)) / m
'''),
    ("vec-cost-code", "drops the (1 - y) log(1 - a) term", '''
def cost(A, Y):
    return float(-np.mean(Y * np.log(A)))
'''),
    ("vec-cost-code", "right value, with a loop over the examples", '''
def cost(A, Y):
    m = Y.shape[1]
    total = 0.0
    for i in range(m):
        total -= Y[0, i] * np.log(A[0, i]) + (1 - Y[0, i]) * np.log(1 - A[0, i])
    return float(total / m)
'''),
    # backward
    ("vec-backward-code", "forgets to divide by m", '''
def backward(X, A, Y):
    dZ = A - Y
    return np.dot(X, dZ.T), float(np.sum(dZ))
'''),
    ("vec-backward-code", "sign error: Y - A instead of A - Y", '''
def backward(X, A, Y):
    m = X.shape[1]
    dZ = Y - A
    return np.dot(X, dZ.T) / m, float(np.sum(dZ) / m)
'''),
    ("vec-backward-code", "missing transpose: dw has shape (1, n)", '''
def backward(X, A, Y):
    m = X.shape[1]
    dZ = A - Y
    return np.dot(dZ, X.T) / m, float(np.sum(dZ) / m)
'''),
    ("vec-backward-code", "db is a (1, 1) array, not a float", '''
def backward(X, A, Y):
    m = X.shape[1]
    dZ = A - Y
    return np.dot(X, dZ.T) / m, np.sum(dZ, axis=1, keepdims=True) / m
'''),
    ("vec-backward-code", "right values, with a loop over the examples", '''
def backward(X, A, Y):
    n, m = X.shape
    dw, db = np.zeros((n, 1)), 0.0
    for i in range(m):
        dz = A[0, i] - Y[0, i]
        dw += X[:, i:i + 1] * dz
        db += dz
    return dw / m, float(db / m)
'''),
]

# Correct answers with other parameter names than the notebook's: each gets every point.
RENAMED = [
    ("center_features(data)", {"vec-center-code": '''
def center_features(data):
    return data - np.mean(data, axis=1, keepdims=True)
'''}),
    ("forward(weights, bias, data)", {"vec-forward-code": '''
def forward(weights, bias, data):
    return sigmoid(np.dot(weights.T, data) + bias)
'''}),
    ("cost(activations, labels)", {"vec-cost-code": '''
def cost(activations, labels):
    m = labels.shape[1]
    return float(-np.sum(labels * np.log(activations) + (1 - labels) * np.log(1 - activations)) / m)
'''}),
    ("backward(data, activations, labels)", {"vec-backward-code": '''
def backward(data, activations, labels):
    m = data.shape[1]
    dZ = activations - labels
    return np.dot(data, dZ.T) / m, float(np.sum(dZ) / m)
'''}),
]


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
    for _story, answers in RENAMED:
        (cell, source), = answers.items()
        rules.no_loops(source, source.split("def ")[1].split("(")[0])  # each honest answer is accepted


CORRECT_ANSWERS = [
    ("vec-forward-code", "@ and an assert on the shape, as the exercise suggests", '''
def forward(w, b, X):
    Z = w.T @ X + b
    assert Z.shape == (1, X.shape[1]), Z.shape
    return sigmoid(Z)
'''),
    ("vec-backward-code", "np.mean for db and X @ dZ.T for dw, with asserts", '''
def backward(X, A, Y):
    dZ = A - Y
    dw = X @ dZ.T / X.shape[1]
    db = float(np.mean(dZ))
    assert dw.shape == (X.shape[0], 1)
    return dw, db
'''),
    ("vec-backward-code", "dw as the transposed row np.dot(dZ, X.T).T", '''
def backward(X, A, Y):
    m = X.shape[1]
    dZ = A - Y
    return np.dot(dZ, X.T).T / m, np.sum(dZ).item() / m
'''),
]


def test_wrong_answers_lose_exactly_their_points(graded_class):
    assert_each_wrong_answer_loses_exactly_its_points(graded_class("04_vectorization"), WRONG_ANSWERS, RENAMED)


def test_right_answers_written_otherwise_get_every_point(graded_class):
    assert_each_correct_answer_gets_full_marks(graded_class("04_vectorization"), CORRECT_ANSWERS)


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
