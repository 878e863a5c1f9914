"""Hidden checks of 01_loss_derivation: required inputs every student meets, fresh ones drawn for each, judged
against the reference."""

import numpy as np

from autograder import checks
from autograder.authoring import EXAMPLES, Check, Example
from autograder.i18n import say


def _labels(rng, shape):
    return (rng.random(shape) > 0.5).astype(float)


def _shape(rng):
    return (int(rng.integers(1, 4)), int(rng.integers(2, 9)))


def _probabilities(rng, shape):
    # Away from 0 and 1, where -y/a and (1-y)/(1-a) are large but the reference stays exact.
    return rng.uniform(0.02, 0.98, size=shape)


def _same_as_reference(name):
    """Compare with the reference result: an array against an array, a number against a float."""
    def compare(got, expected, args):
        call = f"{name}({', '.join(args)})"
        if isinstance(expected, np.ndarray):
            checks.check_array(call, got, expected)
        else:
            checks.check_scalar(call, got, expected, kind=float)
    return compare


def sigmoid_required():
    # Every kind of z the exercise promises: 0, an int, large of both signs, arrays of several shapes, integer and
    # float32 arrays.
    return [dict(z=0.0), dict(z=2), dict(z=-35.0), dict(z=35.0),
            dict(z=np.array([[-3.0, 0.0, 0.5], [2.0, -1.0, 40.0]])), dict(z=np.array([[1.5], [-0.25], [-40.0]])),
            dict(z=np.array([[0.7]])), dict(z=np.array([[-2, 0, 3]])),
            dict(z=np.array([[-1.0, 0.25, 3.0]], dtype=np.float32))]


def sigmoid_cases(rng):
    return [dict(z=float(rng.normal(scale=3))),
            dict(z=rng.normal(scale=4, size=_shape(rng))),
            dict(z=np.array([[-30.0, float(rng.uniform(-1, 1)), 30.0]]))]


def probability_and_label_required():
    # a = 0.5 exactly, both labels (as floats and as ints), a row, a column and a single example.
    return [dict(a=0.5, y=1.0), dict(a=0.5, y=0.0), dict(a=0.9, y=1), dict(a=0.2, y=0),
            dict(a=np.array([[0.9, 0.3, 0.6, 0.05]]), y=np.array([[1.0, 0.0, 0.0, 1.0]])),
            dict(a=np.array([[0.2], [0.7], [0.5]]), y=np.array([[0], [1], [1]])),
            dict(a=np.array([[0.35]]), y=np.array([[0.0]]))]


def probability_and_label_cases(rng):
    shape = _shape(rng)
    return [dict(a=float(rng.uniform(0.02, 0.98)), y=float(rng.integers(0, 2))),
            dict(a=_probabilities(rng, shape), y=_labels(rng, shape))]


def probability_required():
    return [dict(a=0.5), dict(a=0.3), dict(a=np.array([[0.1, 0.5, 0.95]])), dict(a=np.array([[0.25], [0.8]]))]


def probability_cases(rng):
    return [dict(a=float(rng.uniform(0.02, 0.98))), dict(a=_probabilities(rng, _shape(rng)))]


def log_likelihood_required():
    # One example, a few (with integer labels too), and 3000, whose product of probabilities underflows.
    return [dict(A=np.array([[0.8]]), Y=np.array([[1.0]])),
            dict(A=np.array([[0.7, 0.1, 0.45, 0.95, 0.3]]), Y=np.array([[1.0, 0.0, 0.0, 1.0, 1.0]])),
            dict(A=np.array([[0.6, 0.2, 0.9]]), Y=np.array([[1, 0, 0]])),
            dict(A=np.full((1, 3000), 0.4), Y=np.ones((1, 3000)))]


def log_likelihood_cases(rng):
    # The long case: its product of probabilities underflows to 0, so log(prod(...)) gives -inf there.
    m = int(rng.integers(2, 12))
    long_m = int(rng.integers(2500, 4000))
    return [dict(A=_probabilities(rng, (1, m)), Y=_labels(rng, (1, m))),
            dict(A=_probabilities(rng, (1, 1)), Y=_labels(rng, (1, 1))),
            dict(A=rng.uniform(0.2, 0.8, size=(1, long_m)), Y=_labels(rng, (1, long_m)))]


# The log of the smallest positive float: what log(prod(...)) gives once the product has underflowed.
SMALLEST_LOG = float(np.log(np.finfo(float).smallest_subnormal))


def compare_log_likelihood(got, expected, args):
    name = "log_likelihood(A, Y)"
    m = args["A"].shape[1]
    if isinstance(got, (float, np.floating)):  # the usual wrong numbers, named before the plain comparison
        if not np.isfinite(got) or (np.isclose(got, SMALLEST_LOG) and not np.isclose(expected, SMALLEST_LOG)):
            checks.fail(say("exercise.loss.underflow", name=name, got=float(got), m=m))
        if m > 1 and np.isclose(got, expected / m, rtol=1e-6, atol=0):
            checks.fail(say("exercise.loss.average", name=name, m=m))
        if m > 1 and np.isclose(got, -expected / m, rtol=1e-6, atol=0):
            checks.fail(say("exercise.loss.cost", name=name))
    checks.check_scalar(name, got, expected, kind=float)


def numerical_derivative_required():
    # A large step on the cube shows a fixed eps or a one-sided difference; exp and sin at small steps.
    return [dict(f=Example("cube"), x=1.0, eps=0.1), dict(f=Example("cube"), x=-1.5, eps=0.05),
            dict(f=Example("exp"), x=0.5, eps=1e-4), dict(f=Example("sin"), x=2.0, eps=0.02)]


def numerical_derivative_cases(rng):
    # Large steps on the cube expose a fixed eps; exp has f'' > 0 everywhere, so a forward difference is off by
    # about eps * f''(x) / 2 on every case.
    return [dict(f=Example("cube"), x=float(rng.uniform(-2, 2)), eps=float(rng.choice([0.05, 0.1]))),
            dict(f=Example("exp"), x=float(rng.uniform(-1, 1.5)), eps=float(rng.choice([1e-5, 1e-4]))),
            dict(f=Example("sin"), x=float(rng.uniform(-3, 3)), eps=float(rng.choice([1e-3, 0.02])))]


NAMES = {id(function): name for name, function in EXAMPLES.items()}


def compare_numerical_derivative(got, expected, args):
    call = f"numerical_derivative({NAMES.get(id(args['f']), 'f')}, {args['x']:.4g}, eps={args['eps']:g})"
    checks.check_scalar(call, got, expected, kind=float, rtol=1e-8, atol=1e-9)


def gradient_check_required():
    column = np.array([[0.3], [-1.2], [2.0]])
    return [dict(analytic=column, numerical=column * (1 + np.array([[1e-4], [-2e-4], [5e-5]]))),
            dict(analytic=column, numerical=np.array([[1.0], [0.5], [-0.7]])),
            dict(analytic=np.array([[0.5, -0.25, 1.0, 2.0]]), numerical=np.array([[0.5, -0.25, 1.0, 1.9]])),
            dict(analytic=0.75, numerical=-0.75), dict(analytic=2.0, numerical=1.0),
            dict(analytic=0.0, numerical=0.0), dict(analytic=np.zeros((3, 1)), numerical=np.zeros((3, 1))),
            dict(analytic=np.zeros((3, 1)), numerical=np.array([[1e-3], [0.0], [-2e-3]]))]


def gradient_check_cases(rng):
    n = int(rng.integers(3, 9))
    analytic = rng.normal(size=(n, 1))
    close = analytic * (1 + rng.uniform(-1, 1, size=(n, 1)) * 10.0 ** rng.uniform(-4, -2))
    scalar = float(rng.normal())
    return [dict(analytic=analytic, numerical=close),
            dict(analytic=analytic, numerical=rng.normal(size=(n, 1))),
            dict(analytic=scalar, numerical=-scalar),
            dict(analytic=scalar, numerical=scalar * float(rng.uniform(0.2, 0.8))),
            dict(analytic=np.zeros((n, 1)), numerical=np.zeros((n, 1))),
            # A zero analytic gradient whose numerical estimate is not zero is a bug the check must report.
            dict(analytic=np.zeros((n, 1)), numerical=rng.normal(scale=1e-3, size=(n, 1)))]


def compare_gradient_check(got, expected, args):
    # atol=0: relative errors of 1e-5 and 1e-9 must not look alike.
    checks.check_scalar("gradient_check(analytic, numerical)", got, expected, kind=float, rtol=1e-7, atol=0)


CHECKS = {
    "loss-sigmoid-test": Check("sigmoid", sigmoid_cases, _same_as_reference("sigmoid"), required=sigmoid_required),
    "loss-loss-test": Check("loss", probability_and_label_cases, _same_as_reference("loss"),
                            required=probability_and_label_required),
    "loss-dlda-test": Check("dL_da", probability_and_label_cases, _same_as_reference("dL_da"),
                            required=probability_and_label_required),
    "loss-dadz-test": Check("da_dz", probability_cases, _same_as_reference("da_dz"), required=probability_required),
    "loss-dldz-test": Check("dL_dz", probability_and_label_cases, _same_as_reference("dL_dz"),
                            required=probability_and_label_required),
    "loss-loglik-test": Check("log_likelihood", log_likelihood_cases, compare_log_likelihood,
                              required=log_likelihood_required),
    "loss-numderiv-test": Check("numerical_derivative", numerical_derivative_cases, compare_numerical_derivative,
                                required=numerical_derivative_required),
    "loss-gradcheck-test": Check("gradient_check", gradient_check_cases, compare_gradient_check,
                                 required=gradient_check_required),
}
