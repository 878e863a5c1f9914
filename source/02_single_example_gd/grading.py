"""Hidden checks of 02_single_example_gd: fresh inputs for every student, judged against the reference."""

import numpy as np

from autograder import checks
from autograder.authoring import Check
from autograder.i18n import text


def forward_cases(rng):
    return [dict(x1=float(rng.normal(scale=2)), x2=float(rng.normal(scale=2)), w1=float(rng.normal()),
                 w2=float(rng.normal()), b=float(rng.normal())) for _ in range(3)]


def compare_forward(got, expected, args):
    checks.check_scalar("forward(x1, x2, w1, w2, b)", got, expected, kind=float)


def backward_cases(rng):
    # Both labels, and features of different sizes and signs so that swapped or missing factors show.
    return [dict(x1=float(rng.normal(scale=2)), x2=float(rng.normal(scale=2)),
                 a=float(rng.uniform(0.02, 0.98)), y=label) for label in (0.0, 1.0, float(rng.integers(0, 2)))]


def compare_dict(name):
    """Same keys as the reference, each value a float close to the reference's."""
    def compare(got, expected, args):
        checks.check_type(name, got, dict)
        checks.check_equal(f"the keys of {name}", sorted(got), sorted(expected))
        for key, value in expected.items():
            checks.check_scalar(f'{name}["{key}"]', got[key], value, kind=float)
    return compare


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
        checks.fail(text("exercise.sgd.squared_is_cross_entropy"))
    compare_dict(name)(got, expected, args)


CHECKS = {
    "sgd-forward-test": Check("forward", forward_cases, compare_forward),
    "sgd-backward-test": Check("backward", backward_cases, compare_dict("backward(x1, x2, a, y)")),
    "sgd-update-test": Check("update", update_cases, compare_dict("update(params, grads, alpha)"),
                             unchanged=("params",)),
    "sgd-squared-test": Check("backward_squared", backward_cases, compare_squared, required=squared_required),
}
