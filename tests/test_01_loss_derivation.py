"""Wrong answers to 01_loss_derivation: each must cost exactly the points of the test cell right after it."""

from tests.harness import answer_cell as _fn
from tests.harness import assert_each_wrong_answer_loses_exactly_its_points

WRONG_ANSWERS = [
    ("loss-sigmoid-code", "sign error in the exponent",
     _fn("sigmoid(z)", "return 1 / (1 + np.exp(z))")),
    ("loss-sigmoid-code", "minus instead of plus in the denominator",
     _fn("sigmoid(z)", "return 1 / (1 - np.exp(-z))")),
    ("loss-sigmoid-code", "math.exp: works on numbers, fails on arrays",
     "import math\n\n" + _fn("sigmoid(z)", "return 1 / (1 + math.exp(-z))")),
    ("loss-sigmoid-code", "tanh instead of the logistic function",
     _fn("sigmoid(z)", "return np.tanh(z)")),

    ("loss-loss-code", "missing the leading minus sign",
     _fn("loss(a, y)", "return y * np.log(a) + (1 - y) * np.log(1 - a)")),
    ("loss-loss-code", "base-10 logarithm",
     _fn("loss(a, y)", "return -(y * np.log10(a) + (1 - y) * np.log10(1 - a))")),
    ("loss-loss-code", "the two logarithms swapped",
     _fn("loss(a, y)", "return -(y * np.log(1 - a) + (1 - y) * np.log(a))")),
    ("loss-loss-code", "averages: a float where an array is required",
     _fn("loss(a, y)", "return np.mean(-(y * np.log(a) + (1 - y) * np.log(1 - a)))")),
    ("loss-loss-code", "only the y = 1 term",
     _fn("loss(a, y)", "return -y * np.log(a)")),

    ("loss-loglik-code", "log of the product: the product underflows to 0 for thousands of examples",
     _fn("log_likelihood(A, Y)", "return float(np.log(np.prod(A ** Y * (1 - A) ** (1 - Y))))")),
    ("loss-loglik-code", "returns the cost J = -sum / m instead of the sum",
     _fn("log_likelihood(A, Y)", "return float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))")),
    ("loss-loglik-code", "averages instead of adding up",
     _fn("log_likelihood(A, Y)", "return float(np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))")),
    ("loss-loglik-code", "no sum: an array where a float is required",
     _fn("log_likelihood(A, Y)", "return Y * np.log(A) + (1 - Y) * np.log(1 - A)")),
    ("loss-loglik-code", "the two logarithms swapped",
     _fn("log_likelihood(A, Y)", "return float(np.sum(Y * np.log(1 - A) + (1 - Y) * np.log(A)))")),

    ("loss-dlda-code", "sign error",
     _fn("dL_da(a, y)", "return y / a - (1 - y) / (1 - a)")),
    ("loss-dlda-code", "derivative of log(1 - a) taken as +1/(1 - a)",
     _fn("dL_da(a, y)", "return -y / a - (1 - y) / (1 - a)")),
    ("loss-dlda-code", "1 - a replaced by a in the second denominator",
     _fn("dL_da(a, y)", "return -y / a + (1 - y) / a")),
    ("loss-dlda-code", "missing parentheses around 1 - y",
     _fn("dL_da(a, y)", "return -y / a + 1 - y / (1 - a)")),

    ("loss-dadz-code", "sign error",
     _fn("da_dz(a)", "return a * (a - 1)")),
    ("loss-dadz-code", "treats the output a as the input z",
     _fn("da_dz(a)", "return sigmoid(a) * (1 - sigmoid(a))")),
    ("loss-dadz-code", "drops the factor a",
     _fn("da_dz(a)", "return 1 - a")),

    ("loss-dldz-code", "sign error",
     _fn("dL_dz(a, y)", "return y - a")),
    ("loss-dldz-code", "multiplies by da/dz once more",
     _fn("dL_dz(a, y)", "return (a - y) * a * (1 - a)")),
    ("loss-dldz-code", "returns da instead of dz",
     _fn("dL_dz(a, y)", "return -y / a + (1 - y) / (1 - a)")),
    ("loss-dldz-code", "absolute value loses the sign",
     _fn("dL_dz(a, y)", "return np.abs(a - y)")),

    ("loss-numderiv-code", "forward difference instead of centered",
     _fn("numerical_derivative(f, x, eps=1e-5)", "return (f(x + eps) - f(x)) / eps")),
    ("loss-numderiv-code", "divides by eps instead of 2 eps",
     _fn("numerical_derivative(f, x, eps=1e-5)", "return (f(x + eps) - f(x - eps)) / eps")),
    ("loss-numderiv-code", "operator precedence: / 2 * eps",
     _fn("numerical_derivative(f, x, eps=1e-5)", "return (f(x + eps) - f(x - eps)) / 2 * eps")),
    ("loss-numderiv-code", "ignores the eps argument",
     _fn("numerical_derivative(f, x, eps=1e-5)", "h = 1e-5", "return (f(x + h) - f(x - h)) / (2 * h)")),

    ("loss-gradcheck-code", "absolute error, not relative",
     _fn("gradient_check(analytic, numerical)",
         "return float(np.linalg.norm(np.asarray(analytic) - np.asarray(numerical)))")),
    ("loss-gradcheck-code", "divides by the norm of the analytic derivative only",
     _fn("gradient_check(analytic, numerical)",
         "analytic, numerical = np.asarray(analytic), np.asarray(numerical)",
         "if np.linalg.norm(analytic) == 0:",
         "    return 0.0",
         "return float(np.linalg.norm(analytic - numerical) / np.linalg.norm(analytic))")),
    ("loss-gradcheck-code", "elementwise: an array where a float is required",
     _fn("gradient_check(analytic, numerical)",
         "analytic, numerical = np.asarray(analytic), np.asarray(numerical)",
         "scale = np.abs(analytic) + np.abs(numerical)",
         "return np.where(scale == 0, 0.0, np.abs(analytic - numerical) / np.where(scale == 0, 1, scale))")),
    ("loss-gradcheck-code", "no guard: 0 / 0 gives nan when both are zero",
     _fn("gradient_check(analytic, numerical)",
         "analytic, numerical = np.asarray(analytic), np.asarray(numerical)",
         "scale = np.linalg.norm(analytic) + np.linalg.norm(numerical)",
         "return float(np.linalg.norm(analytic - numerical) / scale)")),
    ("loss-gradcheck-code", "divides by the norm of the sum: a sign error divides by (almost) zero instead of giving 1",
     _fn("gradient_check(analytic, numerical)",
         "analytic, numerical = np.asarray(analytic), np.asarray(numerical)",
         "if not np.any(analytic) and not np.any(numerical):",
         "    return 0.0",
         "return float(np.linalg.norm(analytic - numerical) / np.linalg.norm(analytic + numerical))")),
    ("loss-gradcheck-code", "signed sums instead of norms",
     _fn("gradient_check(analytic, numerical)",
         "analytic, numerical = np.asarray(analytic), np.asarray(numerical)",
         "scale = np.sum(analytic) + np.sum(numerical)",
         "return 0.0 if scale == 0 else float(np.sum(analytic - numerical) / scale)")),
]

# Correct answers with other parameter names than the notebook's: each gets every point (hidden cases are passed
# as the public checks pass them, by position).
RENAMED = [
    ("sigmoid(x)", {"loss-sigmoid-code": _fn("sigmoid(x)", "return 1 / (1 + np.exp(-x))")}),
    ("loss(p, label)", {"loss-loss-code": _fn("loss(p, label)",
                                              "return -(label * np.log(p) + (1 - label) * np.log(1 - p))")}),
    ("log_likelihood(probs, labels)", {"loss-loglik-code": _fn(
        "log_likelihood(probs, labels)",
        "return float(np.sum(labels * np.log(probs) + (1 - labels) * np.log(1 - probs)))")}),
    ("dL_da(p, label)", {"loss-dlda-code": _fn("dL_da(p, label)", "return -label / p + (1 - label) / (1 - p)")}),
    ("da_dz(p)", {"loss-dadz-code": _fn("da_dz(p)", "return p * (1 - p)")}),
    ("dL_dz(p, label)", {"loss-dldz-code": _fn("dL_dz(p, label)", "return p - label")}),
    ("numerical_derivative(func, point, h=1e-5)", {"loss-numderiv-code": _fn(
        "numerical_derivative(func, point, h=1e-5)", "return (func(point + h) - func(point - h)) / (2 * h)")}),
    ("gradient_check(grad, approx)", {"loss-gradcheck-code": _fn(
        "gradient_check(grad, approx)", "grad, approx = np.asarray(grad, dtype=float), np.asarray(approx, dtype=float)",
        "total = np.linalg.norm(grad) + np.linalg.norm(approx)",
        "return 0.0 if total == 0 else float(np.linalg.norm(grad - approx) / total)")}),
]


def test_wrong_answers_lose_exactly_their_points(graded_class):
    assert_each_wrong_answer_loses_exactly_its_points(graded_class("01_loss_derivation"), WRONG_ANSWERS, RENAMED)
