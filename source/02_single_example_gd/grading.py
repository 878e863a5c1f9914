"""Hidden checks of 02_single_example_gd: required inputs every student meets, fresh ones drawn for each, judged
against the reference."""

import numpy as np

from autograder import checks
from autograder.authoring import Check
from autograder.i18n import say


def forward_required():
    # Features and weights all different (a swapped pair shows), integers, b = 0, z large of both signs.
    return [dict(x1=2.0, x2=-3.0, w1=0.5, w2=0.25, b=-0.1), dict(x1=1, x2=2, w1=-1, w2=1, b=0),
            dict(x1=-0.5, x2=1.5, w1=1.2, w2=-0.4, b=0.0), dict(x1=10.0, x2=-8.0, w1=3.0, w2=1.0, b=1.0),
            dict(x1=10.0, x2=-8.0, w1=-3.0, w2=-1.0, b=-1.0)]


def forward_cases(rng):
    return [dict(x1=float(rng.normal(scale=2)), x2=float(rng.normal(scale=2)), w1=float(rng.normal()),
                 w2=float(rng.normal()), b=float(rng.normal())) for _ in range(3)]


def compare_forward(got, expected, args):
    checks.check_scalar("forward(x1, x2, w1, w2, b)", got, expected, kind=float)


def backward_required():
    # Both labels (as floats and as an int), a = 0.5 exactly, features of different sizes and signs.
    return [dict(x1=2.0, x2=-0.5, a=0.5, y=1.0), dict(x1=-1.5, x2=3.0, a=0.8, y=0.0),
            dict(x1=0.7, x2=1.3, a=0.25, y=1), dict(x1=4.0, x2=0.5, a=0.6, y=0)]


def backward_cases(rng):
    # Both labels, and features of different sizes and signs so that swapped or missing factors show.
    return [dict(x1=float(rng.normal(scale=2)), x2=float(rng.normal(scale=2)),
                 a=float(rng.uniform(0.02, 0.98)), y=label) for label in (0.0, 1.0, float(rng.integers(0, 2)))]


def compare_dict(name):
    """Same keys as the reference, each value a float close to the reference's."""
    def compare(got, expected, args):
        checks.check_type(name, got, dict)
        checks.check_equal(say("check.keys_of", name=name), sorted(got), sorted(expected))
        for key, value in expected.items():
            checks.check_scalar(f'{name}["{key}"]', got[key], value, kind=float)
    return compare


def update_required():
    # Every gradient different, a learning rate other than 1, and an integer one.
    return [dict(params={"w1": 0.5, "w2": -1.0, "b": 0.25}, grads={"dw1": 0.2, "dw2": -0.4, "db": 0.8}, alpha=0.1),
            dict(params={"w1": -2.0, "w2": 3.0, "b": 0.0}, grads={"dw1": 1.5, "dw2": 0.5, "db": -0.3}, alpha=2)]


def update_cases(rng):
    return [dict(params={"w1": float(rng.normal()), "w2": float(rng.normal()), "b": float(rng.normal())},
                 grads={"dw1": float(rng.normal()), "dw2": float(rng.normal()), "db": float(rng.normal())},
                 alpha=float(rng.uniform(0.01, 1.0))) for _ in range(2)]


def squared_required():
    """Every student meets both labels, a confidently wrong prediction (where the factor a (1 - a) matters most),
    and a feature of 0."""
    return [dict(x1=2.0, x2=-0.5, a=0.3, y=1.0), dict(x1=-1.0, x2=4.0, a=0.85, y=0.0),
            dict(x1=0.0, x2=1.5, a=0.02, y=1.0)]


def compare_squared(got, expected, args):
    name = "backward_squared(x1, x2, a, y)"
    if isinstance(got, dict) and isinstance(got.get("db"), (int, float, np.number)) \
            and np.isclose(got["db"], args["a"] - args["y"]) and not np.isclose(expected["db"], args["a"] - args["y"]):
        checks.fail(say("exercise.sgd.squared_is_cross_entropy"))
    compare_dict(name)(got, expected, args)


CHECKS = {
    "sgd-forward-test": Check("forward", forward_cases, compare_forward, required=forward_required),
    "sgd-backward-test": Check("backward", backward_cases, compare_dict("backward(x1, x2, a, y)"),
                               required=backward_required),
    "sgd-update-test": Check("update", update_cases, compare_dict("update(params, grads, alpha)"),
                             unchanged=("params",), required=update_required),
    "sgd-squared-test": Check("backward_squared", backward_cases, compare_squared, required=squared_required),
}
