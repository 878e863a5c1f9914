"""Hidden checks of 04_vectorization: inputs students never see, compared with the reference solution.

Every student meets the required cases: each kind of input the exercise promises (non-square and square
arrays, one feature, one example, integer and float32 inputs) and one case on the real training images,
12288 features times 209 examples, the size the lesson is about. More shapes and values are drawn from `rng`
(seeded per student and per test cell), so answers copied from a classmate or hard-coded from the notebook
do not carry over.
"""

import numpy as np

from autograder import checks, rules
from autograder.authoring import Check, Data
from autograder.i18n import say

TRAIN_M = 209
PIXELS = 64 * 64 * 3


def _labels(rng, m):
    return (rng.random((1, m)) > 0.5).astype(float)


def _activations(rng, m):
    return rng.uniform(0.02, 0.98, size=(1, m))


def _fixed(seed):
    return np.random.default_rng(seed)


def center_required():
    # Non-square, square (where a missing keepdims=True still broadcasts, to a wrong answer), integer features
    # (the result is still a float array), one feature, one example, float32.
    fixed = _fixed(40)
    return [dict(X=fixed.normal(loc=2.0, size=(3, 5))), dict(X=fixed.normal(loc=-1.0, scale=3.0, size=(4, 4))),
            dict(X=np.array([[1, 4, -2, 7, 0, 3], [5, 5, 8, -1, 2, 0]])), dict(X=np.array([[3.0, -1.0, 0.5, 2.5]])),
            dict(X=np.array([[1.5], [-2.0], [0.25]])),
            dict(X=fixed.normal(size=(2, 3)).astype(np.float32))]


def center_cases(rng):
    n, m = int(rng.integers(2, 7)), int(rng.integers(3, 12))
    while m == n:
        m = int(rng.integers(3, 12))
    k = int(rng.integers(2, 6))
    # The square case is the one where a missing keepdims=True still broadcasts, to a wrong answer; integer
    # features must still give a float result.
    return [dict(X=rng.normal(loc=2.0, size=(n, m))), dict(X=rng.normal(loc=-1.0, scale=3.0, size=(k, k))),
            dict(X=rng.integers(-5, 10, size=(n, m)))]


def compare_center(got, expected, args):
    checks.check_array("center_features(X)", got, expected)


def forward_required():
    fixed = _fixed(41)
    return [dict(w=fixed.normal(size=(3, 1)), b=-0.3, X=fixed.normal(size=(3, 5))),
            dict(w=np.array([[0.8]]), b=0, X=np.array([[1.0, -2.0, 0.5, 3.0]])),
            dict(w=fixed.normal(size=(4, 1)), b=0.5, X=fixed.normal(size=(4, 1))),
            dict(w=fixed.normal(scale=0.01, size=(PIXELS, 1)), b=0.1, X=Data("train_x"))]


def forward_cases(rng):
    n, m = int(rng.integers(2, 9)), int(rng.integers(3, 15))
    return [dict(w=rng.normal(size=(n, 1)), b=float(rng.normal()), X=rng.normal(size=(n, m)))]


def compare_forward(got, expected, args):
    checks.check_array("A", got, expected)


def cost_required():
    # One example, a few, every a = 0.5 exactly, integer labels, and the training labels.
    return [dict(A=np.array([[0.8]]), Y=np.array([[1.0]])),
            dict(A=np.array([[0.9, 0.2, 0.65, 0.4, 0.05]]), Y=np.array([[1.0, 0.0, 1.0, 1.0, 0.0]])),
            dict(A=np.full((1, 4), 0.5), Y=np.array([[1.0, 0.0, 0.0, 1.0]])),
            dict(A=np.array([[0.3, 0.7, 0.6]]), Y=np.array([[0, 1, 0]])),
            dict(A=_fixed(42).uniform(0.02, 0.98, size=(1, TRAIN_M)), Y=Data("train_y"))]


def cost_cases(rng):
    m = int(rng.integers(3, 20))
    return [dict(A=_activations(rng, m), Y=_labels(rng, m))]


def compare_cost(got, expected, args):
    checks.check_scalar("J", got, expected, kind=float, m=args["A"].shape[1])


def backward_required():
    # Non-square, one feature, one example, square (a missing transpose shows only in the values), the data set.
    fixed = _fixed(43)
    return [dict(X=fixed.normal(size=(3, 5)), A=_activations(fixed, 5), Y=np.array([[1.0, 0.0, 0.0, 1.0, 1.0]])),
            dict(X=np.array([[0.5, -1.0, 2.0, 0.0]]), A=np.array([[0.7, 0.1, 0.8, 0.35]]), Y=np.array([[1, 0, 1, 0]])),
            dict(X=fixed.normal(size=(4, 1)), A=np.array([[0.3]]), Y=np.array([[1.0]])),
            dict(X=fixed.normal(size=(3, 3)), A=_activations(fixed, 3), Y=np.array([[0.0, 1.0, 1.0]])),
            dict(X=Data("train_x"), A=_activations(fixed, TRAIN_M), Y=Data("train_y"))]


def backward_cases(rng):
    n, m = int(rng.integers(2, 9)), int(rng.integers(3, 15))
    while m == n:
        m = int(rng.integers(3, 15))
    return [dict(X=rng.normal(size=(n, m)), A=_activations(rng, m), Y=_labels(rng, m))]


def compare_backward(got, expected, args):
    checks.check_type("backward(X, A, Y)", got, tuple, hint=say("exercise.vec.return_pair"))
    checks.check_equal("len(backward(X, A, Y))", len(got), 2)
    (dw, db), (expected_dw, expected_db) = got, expected
    m = args["X"].shape[1]
    checks.check_array("dw", dw, expected_dw, m=m)
    checks.check_scalar("db", db, expected_db, kind=float, m=m)


CHECKS = {
    "vec-center-test": Check("center_features", center_cases, compare_center, rules=(rules.no_loops,),
                             required=center_required),
    "vec-forward-test": Check("forward", forward_cases, compare_forward, rules=(rules.no_loops,),
                              required=forward_required),
    "vec-cost-test": Check("cost", cost_cases, compare_cost, rules=(rules.no_loops,), required=cost_required),
    "vec-backward-test": Check("backward", backward_cases, compare_backward, rules=(rules.no_loops,),
                               required=backward_required),
}
