"""Hidden checks of 04_vectorization: inputs students never see, compared with the reference solution.

Shapes and values are drawn from `rng` (seeded per student and per test cell), so answers copied from a
classmate or hard-coded from the notebook do not carry over. One case per function runs on the real
training images: 12288 features times 209 examples, the size at which the lesson is about.
"""

import numpy as np

from autograder import checks, rules
from autograder.authoring import Check, Data

TRAIN_M = 209
PIXELS = 64 * 64 * 3


def _labels(rng, m):
    return (rng.random((1, m)) > 0.5).astype(float)


def _activations(rng, m):
    return rng.uniform(0.02, 0.98, size=(1, m))


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


def forward_cases(rng):
    n, m = int(rng.integers(2, 9)), int(rng.integers(3, 15))
    return [dict(w=rng.normal(size=(n, 1)), b=float(rng.normal()), X=rng.normal(size=(n, m))),
            dict(w=rng.normal(scale=0.01, size=(PIXELS, 1)), b=float(rng.normal(scale=0.1)), X=Data("train_x"))]


def compare_forward(got, expected, args):
    checks.check_array("A", got, expected)


def cost_cases(rng):
    m = int(rng.integers(3, 20))
    return [dict(A=_activations(rng, m), Y=_labels(rng, m)),
            dict(A=_activations(rng, TRAIN_M), Y=Data("train_y"))]


def compare_cost(got, expected, args):
    checks.check_scalar("J", got, expected, kind=float, m=args["A"].shape[1])


def backward_cases(rng):
    n, m = int(rng.integers(2, 9)), int(rng.integers(3, 15))
    while m == n:
        m = int(rng.integers(3, 15))
    return [dict(X=rng.normal(size=(n, m)), A=_activations(rng, m), Y=_labels(rng, m)),
            dict(X=Data("train_x"), A=_activations(rng, TRAIN_M), Y=Data("train_y"))]


def compare_backward(got, expected, args):
    checks.check_type("backward(X, A, Y)", got, tuple, hint="Return the pair with `return dw, db`.")
    checks.check_equal("len(backward(X, A, Y))", len(got), 2)
    (dw, db), (expected_dw, expected_db) = got, expected
    m = args["X"].shape[1]
    checks.check_array("dw", dw, expected_dw, m=m)
    checks.check_scalar("db", db, expected_db, kind=float, m=m)


CHECKS = {
    "vec-center-test": Check("center_features", center_cases, compare_center, rules=(rules.no_loops,)),
    "vec-forward-test": Check("forward", forward_cases, compare_forward, rules=(rules.no_loops,)),
    "vec-cost-test": Check("cost", cost_cases, compare_cost, rules=(rules.no_loops,)),
    "vec-backward-test": Check("backward", backward_cases, compare_backward, rules=(rules.no_loops,)),
}
