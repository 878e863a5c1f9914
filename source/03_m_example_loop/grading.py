"""Hidden checks of 03_m_example_loop: required inputs every student meets, fresh ones drawn for each, judged
against the reference."""

import numpy as np

from autograder import checks, rules
from autograder.authoring import Check


def _data(rng, n, m):
    return dict(w=rng.normal(scale=0.5, size=(n, 1)), b=float(rng.normal()),
                X=rng.normal(size=(n, m)), Y=(rng.random((1, m)) > 0.5).astype(float))


def cost_and_grads_required():
    # More examples than features, a single feature, a single example, as many features as examples (a missing
    # transpose then shows only in the values), integer labels and b = 0.
    fixed = np.random.default_rng(3)
    return [_data(fixed, 3, 5), _data(fixed, 1, 4), _data(fixed, 4, 1), _data(fixed, 3, 3),
            dict(w=np.array([[0.5], [-0.25]]), b=0, X=np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -1.0]]),
                 Y=np.array([[1, 0, 1]]))]


def cost_and_grads_cases(rng):
    # A single feature too, where a missing transpose or a 1-D dw would otherwise go unnoticed.
    return [_data(rng, int(rng.integers(2, 9)), int(rng.integers(3, 16))),
            _data(rng, int(rng.integers(2, 9)), int(rng.integers(3, 16))),
            _data(rng, 1, int(rng.integers(3, 16)))]


def _tuple_of(name, got, count):
    checks.check_type(name, got, tuple)
    checks.check_equal(f"len({name})", len(got), count)


def compare_cost_and_grads(got, expected, args):
    _tuple_of("cost_and_grads_loop(w, b, X, Y)", got, 3)
    m = args["X"].shape[1]
    (J, dw, db), (exp_J, exp_dw, exp_db) = got, expected
    checks.check_scalar("J", J, exp_J, kind=float, m=m)
    checks.check_array("dw", dw, exp_dw, m=m)
    checks.check_scalar("db", db, exp_db, kind=float, m=m)


def gd_step_required():
    # Every gradient different from its weight, learning rates other than 1, a single weight, an integer b.
    return [dict(w=np.array([[0.5], [-1.0], [0.25]]), b=0.4, dw=np.array([[0.1], [-0.3], [0.05]]), db=-0.2,
                 alpha=0.1),
            dict(w=np.array([[2.0]]), b=0, dw=np.array([[-0.5]]), db=0.75, alpha=0.5)]


def gd_step_cases(rng):
    cases = []
    for _ in range(2):
        n = int(rng.integers(2, 9))
        cases.append(dict(w=rng.normal(size=(n, 1)), b=float(rng.normal()), dw=rng.normal(size=(n, 1)),
                          db=float(rng.normal()), alpha=float(rng.uniform(0.01, 1.0))))
    return cases


def compare_gd_step(got, expected, args):
    _tuple_of("gd_step(w, b, dw, db, alpha)", got, 2)
    (w_new, b_new), (exp_w, exp_b) = got, expected
    checks.check_array("w_new", w_new, exp_w)
    checks.check_scalar("b_new", b_new, exp_b, kind=float)


CHECKS = {
    # The exercise is about the loops themselves: whole-array sums and products break its rule.
    "loop-costgrads-test": Check("cost_and_grads_loop", cost_and_grads_cases, compare_cost_and_grads,
                                 rules=(rules.loops_only,), required=cost_and_grads_required),
    "loop-step-test": Check("gd_step", gd_step_cases, compare_gd_step, unchanged=("w",), required=gd_step_required),
}
