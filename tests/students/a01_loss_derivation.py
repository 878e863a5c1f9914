"""Assignment 01, the loss and its derivatives: students as they write them."""
from . import Student, wrong_in
from . import answer_cell as _fn

ASSIGNMENT = "01_loss_derivation"

SIGMOID = "loss-sigmoid-code"
LOSS = "loss-loss-code"
DLDA = "loss-dlda-code"
DADZ = "loss-dadz-code"
DLDZ = "loss-dldz-code"
NUMDERIV = "loss-numderiv-code"
GRADCHECK = "loss-gradcheck-code"


CORRECT = [
    Student(
        name="c01-textbook",
        story="Writes every formula exactly as printed in the notebook, with a comment per line.",
        answers={
            SIGMOID: r'''def sigmoid(z):
    """The logistic function 1 / (1 + exp(-z)), elementwise."""
    # sigma(z) = 1 / (1 + e^-z)
    s = 1 / (1 + np.exp(-z))
    return s
''',
            LOSS: r'''def loss(a, y):
    """Cross-entropy loss of each prediction a against its label y, elementwise."""
    # L = -(y log a + (1-y) log(1-a))
    L = -(y * np.log(a) + (1 - y) * np.log(1 - a))
    return L
''',
            DLDA: r'''def dL_da(a, y):
    """Derivative of the loss L(a, y) with respect to a, elementwise."""
    da = -y / a + (1 - y) / (1 - a)
    return da
''',
            DADZ: r'''def da_dz(a):
    """Derivative of a = sigmoid(z) with respect to z, written in terms of a."""
    return a * (1 - a)
''',
            DLDZ: r'''def dL_dz(a, y):
    """Derivative of the loss with respect to z, where a = sigmoid(z)."""
    dz = a - y
    return dz
''',
            NUMDERIV: r'''def numerical_derivative(f, x, eps=1e-5):
    """Centered-difference estimate of f'(x)."""
    return (f(x + eps) - f(x - eps)) / (2 * eps)
''',
            GRADCHECK: r'''def gradient_check(analytic, numerical):
    """Relative error between an analytic and a numerical derivative (0 means they agree)."""
    numerator = np.linalg.norm(analytic - numerical)
    denominator = np.linalg.norm(analytic) + np.linalg.norm(numerical)
    if denominator == 0:
        return 0.0
    return numerator / denominator
''',
        },
    ),
    Student(
        name="c01-logaddexp-sigmoid",
        story="Read that exp can overflow and writes sigma(z) = exp(-log(1 + e^-z)) with np.logaddexp; the rest "
              "is plain. Returns NumPy floats for numbers.",
        answers={
            SIGMOID: r'''def sigmoid(z):
    """The logistic function 1 / (1 + exp(-z)), elementwise."""
    # log(1 + e^-z) = logaddexp(0, -z), and this never overflows
    return np.exp(-np.logaddexp(0, -z))
''',
            LOSS: r'''def loss(a, y):
    """Cross-entropy loss of each prediction a against its label y, elementwise."""
    return -y * np.log(a) - (1 - y) * np.log(1 - a)
''',
            DLDA: r'''def dL_da(a, y):
    """Derivative of the loss L(a, y) with respect to a, elementwise."""
    return (1 - y) / (1 - a) - y / a
''',
        },
    ),
    Student(
        name="c01-tanh-sigmoid",
        story="Remembers from a maths course that sigma(z) = (1 + tanh(z/2)) / 2 and uses it; writes the loss with "
              "np.log1p for log(1 - a) and np.multiply.",
        answers={
            SIGMOID: r'''def sigmoid(z):
    """The logistic function 1 / (1 + exp(-z)), elementwise."""
    return 0.5 * (1.0 + np.tanh(0.5 * z))
''',
            LOSS: r'''def loss(a, y):
    """Cross-entropy loss of each prediction a against its label y, elementwise."""
    first = np.multiply(y, np.log(a))
    second = np.multiply(1 - y, np.log1p(-a))
    return -(first + second)
''',
        },
    ),
    Student(
        name="c01-stable-sigmoid",
        story="Writes the numerically stable two-branch sigmoid with boolean masks, and converts the result to a "
              "Python float when z is a number.",
        answers={
            SIGMOID: r'''def sigmoid(z):
    """The logistic function 1 / (1 + exp(-z)), elementwise."""
    z_arr = np.asarray(z, dtype=float)
    out = np.empty_like(z_arr)
    positive = z_arr >= 0
    out[positive] = 1.0 / (1.0 + np.exp(-z_arr[positive]))
    e = np.exp(z_arr[~positive])          # z < 0 here, so e^z cannot overflow
    out[~positive] = e / (1.0 + e)
    if out.ndim == 0:
        return float(out)
    return out
''',
        },
    ),
    Student(
        name="c01-python-floats",
        story="Likes plain Python numbers: every function returns float(...) when it gets numbers, and the "
              "gradient check converts the norms to floats and catches ZeroDivisionError (which then really is "
              "raised, since the division is between Python floats).",
        answers={
            LOSS: r'''def loss(a, y):
    """Cross-entropy loss of each prediction a against its label y, elementwise."""
    value = -(y * np.log(a) + (1 - y) * np.log(1 - a))
    if np.isscalar(a) and np.isscalar(y):
        return float(value)
    return value
''',
            DADZ: r'''def da_dz(a):
    """Derivative of a = sigmoid(z) with respect to z, written in terms of a."""
    result = a * (1 - a)
    if isinstance(a, (int, float)):
        result = float(result)
    return result
''',
            NUMDERIV: r'''def numerical_derivative(f, x, eps=1e-5):
    """Centered-difference estimate of f'(x)."""
    f_plus = f(x + eps)
    f_minus = f(x - eps)
    return float((f_plus - f_minus) / (2 * eps))
''',
            GRADCHECK: r'''def gradient_check(analytic, numerical):
    """Relative error between an analytic and a numerical derivative (0 means they agree)."""
    analytic = np.array(analytic, dtype=float)
    numerical = np.array(numerical, dtype=float)
    top = float(np.linalg.norm(analytic - numerical))
    bottom = float(np.linalg.norm(analytic)) + float(np.linalg.norm(numerical))
    try:
        return top / bottom
    except ZeroDivisionError:
        return 0.0
''',
        },
    ),
    Student(
        name="c01-one-fraction",
        story="Puts dL/da over a common denominator, (a - y) / (a (1 - a)), which is the same function; gets dL_dz "
              "from it as the notebook's simplified a - y. Uses a manual norm, sqrt of the sum of squares.",
        answers={
            DLDA: r'''def dL_da(a, y):
    """Derivative of the loss L(a, y) with respect to a, elementwise."""
    # -y/a + (1-y)/(1-a) = (-y(1-a) + (1-y)a) / (a(1-a)) = (a - y) / (a(1-a))
    return (a - y) / (a * (1 - a))
''',
            DLDZ: r'''def dL_dz(a, y):
    """Derivative of the loss with respect to z, where a = sigmoid(z)."""
    # dL/da * da/dz simplifies to a - y (the a(1-a) cancels)
    return a - y
''',
            GRADCHECK: r'''def gradient_check(analytic, numerical):
    """Relative error between an analytic and a numerical derivative (0 means they agree)."""
    def norm(v):
        return np.sqrt(np.sum(np.square(v)))

    top = norm(np.subtract(analytic, numerical))
    bottom = norm(analytic) + norm(numerical)
    if bottom == 0:
        return 0.0
    return top / bottom
''',
        },
    ),
    Student(
        name="c01-explorer",
        story="Correct functions, and many scratch cells: prints sigma at a few points, compares its numerical "
              "derivative with the exact derivatives of sin, exp and a cube it knows by heart, and tries the "
              "gradient check on its own numbers.",
        answers={
            SIGMOID: r'''import numpy as np

def sigmoid(z):
    """The logistic function 1 / (1 + exp(-z)), elementwise."""
    return 1.0 / (1.0 + np.exp(-z))

print(sigmoid(0), sigmoid(2.0))
''',
            NUMDERIV: r'''def numerical_derivative(f, x, eps=1e-5):
    """Centered-difference estimate of f'(x)."""
    h = eps
    return (f(x + h) - f(x - h)) / (2.0 * h)
''',
        },
        extra_cells=(
            ("loss-sigmoid-test", r'''# my own check: sigma(z) + sigma(-z) = 1
zs = np.linspace(-5, 5, 11)
print(np.allclose(sigmoid(zs) + sigmoid(-zs), 1))
'''),
            ("loss-numderiv-test", r'''known = {"sin": (np.sin, np.cos), "exp": (np.exp, np.exp),
         "cube": (lambda t: t ** 3, lambda t: 3 * t ** 2)}
for name, (f, df) in known.items():
    for x0 in (-1.0, 0.3, 2.0):
        print(name, x0, numerical_derivative(f, x0), df(x0))
'''),
            ("loss-gradcheck-test", r'''print(gradient_check(np.array([1.0, 2.0]), np.array([1.0, 2.0000001])))
print(gradient_check(3.0, 3.0))
'''),
        ),
    ),
    Student(
        name="c01-asserts",
        story="Puts assert statements on the arguments (a strictly between 0 and 1 in the loss, equal shapes in "
              "the derivatives), writes the loss in two parts, and tests for all-zero inputs with np.any.",
        answers={
            LOSS: r'''def loss(a, y):
    """Cross-entropy loss of each prediction a against its label y, elementwise."""
    assert np.all((0 < a) & (a < 1)), "a must be strictly between 0 and 1"
    part_one = y * np.log(a)
    part_zero = (1 - y) * np.log(1 - a)
    return -(part_one + part_zero)
''',
            DLDA: r'''def dL_da(a, y):
    """Derivative of the loss L(a, y) with respect to a, elementwise."""
    assert np.shape(a) == np.shape(y)
    return -(y / a) + ((1 - y) / (1 - a))
''',
            DLDZ: r'''def dL_dz(a, y):
    """Derivative of the loss with respect to z, where a = sigmoid(z)."""
    assert np.shape(a) == np.shape(y)
    return np.subtract(a, y)
''',
            GRADCHECK: r'''def gradient_check(analytic, numerical):
    """Relative error between an analytic and a numerical derivative (0 means they agree)."""
    assert np.shape(analytic) == np.shape(numerical)
    if not np.any(analytic) and not np.any(numerical):
        return 0.0
    diff = np.linalg.norm(np.asarray(analytic) - np.asarray(numerical))
    return diff / (np.linalg.norm(analytic) + np.linalg.norm(numerical))
''',
        },
    ),
    Student(
        name="c01-loss-where",
        story="Writes the loss with np.where(y == 1, -log a, -log(1 - a)), right for labels 0 and 1 (the only "
              "labels there are); for two numbers np.where returns a 0-d float array rather than a float.",
        answers={
            LOSS: r'''def loss(a, y):
    """Cross-entropy loss of each prediction a against its label y, elementwise."""
    return np.where(y == 1, -np.log(a), -np.log(1 - a))
''',
        },
    ),
    Student(
        name="c01-float32-sigmoid",
        story="Returns the sigmoid as float32 'to save memory' (a NumPy float32 for a number): it agrees with the "
              "float64 value to about 7 significant digits, which a careful teacher accepts.",
        answers={
            SIGMOID: r'''def sigmoid(z):
    """The logistic function 1 / (1 + exp(-z)), elementwise."""
    s = 1 / (1 + np.exp(-z))
    return s.astype(np.float32)
''',
        },
    ),
    Student(
        name="c01-int-literals",
        story="Writes 1 and 2 as integers everywhere (harmless) and returns the quotient of the gradient check "
              "directly; for all-zero inputs it returns 0.0 first.",
        answers={
            SIGMOID: r'''def sigmoid(z):
    """The logistic function 1 / (1 + exp(-z)), elementwise."""
    return 1 / (1 + np.exp(-1 * z))
''',
            NUMDERIV: r'''def numerical_derivative(f, x, eps=1e-5):
    """Centered-difference estimate of f'(x)."""
    return (f(x + eps) - f(x - eps)) / 2 / eps
''',
            GRADCHECK: r'''def gradient_check(analytic, numerical):
    """Relative error between an analytic and a numerical derivative (0 means they agree)."""
    na = np.linalg.norm(analytic)
    nn = np.linalg.norm(numerical)
    if na == 0 and nn == 0:
        return 0.0
    return np.linalg.norm(np.subtract(analytic, numerical)) / (na + nn)
''',
        },
    ),
]


MISTAKES = [
    Student(
        name="m01-sigmoid-math-exp",
        story="Uses math.exp, which only takes one number: the array check fails with a TypeError.",
        answers={
            SIGMOID: r'''import math

def sigmoid(z):
    """The logistic function 1 / (1 + exp(-z)), elementwise."""
    return 1 / (1 + math.exp(-z))
''',
        },
        wrong=frozenset({SIGMOID}),
    ),
    Student(
        name="m01-sigmoid-sign",
        story="Drops the minus in the exponent: computes 1 / (1 + e^z) = sigma(-z).",
        answers={
            SIGMOID: r'''def sigmoid(z):
    """The logistic function 1 / (1 + exp(-z)), elementwise."""
    return 1 / (1 + np.exp(z))
''',
        },
        wrong=frozenset({SIGMOID}),
    ),
    Student(
        name="m01-sigmoid-precedence",
        story="Forgets the parentheses around the denominator: 1 / 1 + np.exp(-z).",
        answers={
            SIGMOID: r'''def sigmoid(z):
    """The logistic function 1 / (1 + exp(-z)), elementwise."""
    return 1 / 1 + np.exp(-z)
''',
        },
        wrong=frozenset({SIGMOID}),
    ),
    Student(
        name="m01-loss-log10",
        story="Uses np.log10 instead of the natural logarithm.",
        answers={
            LOSS: r'''def loss(a, y):
    """Cross-entropy loss of each prediction a against its label y, elementwise."""
    return -(y * np.log10(a) + (1 - y) * np.log10(1 - a))
''',
        },
        wrong=frozenset({LOSS}),
    ),
    Student(
        name="m01-loss-averaged",
        story="Averages the losses with np.mean although the exercise says not to: right for one number, a single "
              "number instead of an array for arrays.",
        answers={
            LOSS: r'''def loss(a, y):
    """Cross-entropy loss of each prediction a against its label y, elementwise."""
    return np.mean(-(y * np.log(a) + (1 - y) * np.log(1 - a)))
''',
        },
        wrong=frozenset({LOSS}),
    ),
    Student(
        name="m01-loss-swapped",
        story="Pairs the logs with the wrong labels: y log(1 - a) + (1 - y) log a.",
        answers={
            LOSS: r'''def loss(a, y):
    """Cross-entropy loss of each prediction a against its label y, elementwise."""
    return -(y * np.log(1 - a) + (1 - y) * np.log(a))
''',
        },
        wrong=frozenset({LOSS}),
    ),
    Student(
        name="m01-dlda-sign",
        story="Differentiates log(1 - a) without the inner minus sign: y/a - (1-y)/(1-a), the negative of dL/da.",
        answers={
            DLDA: r'''def dL_da(a, y):
    """Derivative of the loss L(a, y) with respect to a, elementwise."""
    return y / a - (1 - y) / (1 - a)
''',
        },
        wrong=frozenset({DLDA}),
    ),
    Student(
        name="m01-dadz-of-z",
        story="Misses the note that the argument is the output a, and computes sigma(a) (1 - sigma(a)) as if a "
              "were z.",
        answers={
            DADZ: r'''def da_dz(a):
    """Derivative of a = sigmoid(z) with respect to z, written in terms of a."""
    s = sigmoid(a)
    return s * (1 - s)
''',
        },
        wrong=frozenset({DADZ}),
    ),
    Student(
        name="m01-dldz-reversed",
        story="Writes y - a: the sign of dz is flipped.",
        answers={
            DLDZ: r'''def dL_dz(a, y):
    """Derivative of the loss with respect to z, where a = sigmoid(z)."""
    return y - a
''',
        },
        wrong=frozenset({DLDZ}),
    ),
    Student(
        name="m01-numderiv-forward",
        story="Writes the one-sided forward difference (f(x + eps) - f(x)) / eps.",
        answers={
            NUMDERIV: r'''def numerical_derivative(f, x, eps=1e-5):
    """Centered-difference estimate of f'(x)."""
    return (f(x + eps) - f(x)) / eps
''',
        },
        wrong=frozenset({NUMDERIV}),
    ),
    Student(
        name="m01-numderiv-fixed-eps",
        story="Writes the centered difference but with a fixed step 1e-5, ignoring the eps argument.",
        answers={
            NUMDERIV: r'''def numerical_derivative(f, x, eps=1e-5):
    """Centered-difference estimate of f'(x)."""
    h = 1e-5
    return (f(x + h) - f(x - h)) / (2 * h)
''',
        },
        wrong=frozenset({NUMDERIV}),
    ),
    Student(
        name="m01-numderiv-over-eps",
        story="Divides the centered difference by eps instead of 2 eps: twice the derivative.",
        answers={
            NUMDERIV: r'''def numerical_derivative(f, x, eps=1e-5):
    """Centered-difference estimate of f'(x)."""
    return (f(x + eps) - f(x - eps)) / eps
''',
        },
        wrong=frozenset({NUMDERIV}),
    ),
    Student(
        name="m01-gradcheck-norm-of-sum",
        story="Puts the norm of the sum, ||d_a + d_n||, in the denominator: infinite when the derivatives have "
              "opposite signs, and other values elsewhere.",
        answers={
            GRADCHECK: r'''def gradient_check(analytic, numerical):
    """Relative error between an analytic and a numerical derivative (0 means they agree)."""
    if np.linalg.norm(analytic) == 0 and np.linalg.norm(numerical) == 0:
        return 0.0
    return np.linalg.norm(analytic - numerical) / np.linalg.norm(analytic + numerical)
''',
        },
        wrong=frozenset({GRADCHECK}),
    ),
    Student(
        name="m01-gradcheck-no-guard",
        story="Forgets the all-zero case: 0 / 0 gives nan instead of 0.0.",
        answers={
            GRADCHECK: r'''def gradient_check(analytic, numerical):
    """Relative error between an analytic and a numerical derivative (0 means they agree)."""
    numerator = np.linalg.norm(analytic - numerical)
    denominator = np.linalg.norm(analytic) + np.linalg.norm(numerical)
    return numerator / denominator
''',
        },
        wrong=frozenset({GRADCHECK}),
    ),
    Student(
        name="m01-gradcheck-zerodivision",
        story="Guards the all-zero case with try/except ZeroDivisionError, but the norms are NumPy floats: 0/0 "
              "only warns and gives nan, so the except branch never runs.",
        answers={
            GRADCHECK: r'''def gradient_check(analytic, numerical):
    """Relative error between an analytic and a numerical derivative (0 means they agree)."""
    try:
        return np.linalg.norm(analytic - numerical) / (np.linalg.norm(analytic) + np.linalg.norm(numerical))
    except ZeroDivisionError:
        return 0.0
''',
        },
        wrong=frozenset({GRADCHECK}),
    ),
    Student(
        name="m01-gradcheck-scalar-guard",
        story="Tests `if analytic == 0 and numerical == 0`, which only works for numbers: with arrays Python "
              "raises 'the truth value of an array is ambiguous'.",
        answers={
            GRADCHECK: r'''def gradient_check(analytic, numerical):
    """Relative error between an analytic and a numerical derivative (0 means they agree)."""
    if analytic == 0 and numerical == 0:
        return 0.0
    return np.linalg.norm(analytic - numerical) / (np.linalg.norm(analytic) + np.linalg.norm(numerical))
''',
        },
        wrong=frozenset({GRADCHECK}),
    ),
    Student(
        name="m01-gradcheck-squared",
        story="Forgets the square roots: divides sums of squares, not norms.",
        answers={
            GRADCHECK: r'''def gradient_check(analytic, numerical):
    """Relative error between an analytic and a numerical derivative (0 means they agree)."""
    top = np.sum((analytic - numerical) ** 2)
    bottom = np.sum(analytic ** 2) + np.sum(numerical ** 2)
    if bottom == 0:
        return 0.0
    return top / bottom
''',
        },
        wrong=frozenset({GRADCHECK}),
    ),
    Student(
        name="m01-gradcheck-one-sided-guard",
        story="Only checks whether the analytic derivative is zero before returning 0.0: when the analytic "
              "derivative is 0 but the numerical one is not (a real bug to catch!) it says they agree. The "
              "notebook's examples never have that case, so the public check passes; hidden inputs with a zero "
              "analytic and a nonzero numerical derivative (relative error 1) show it.",
        answers={
            GRADCHECK: r'''def gradient_check(analytic, numerical):
    """Relative error between an analytic and a numerical derivative (0 means they agree)."""
    if np.linalg.norm(analytic) == 0:
        return 0.0
    diff = np.linalg.norm(analytic - numerical)
    return diff / (np.linalg.norm(analytic) + np.linalg.norm(numerical))
''',
        },
        wrong=frozenset({GRADCHECK}),
    ),
]


# Honest readings that the public checks reject, ruled correct: the value is the asked-for dz on every input the
# exercise allows (a strictly between 0 and 1); the prose recommends the simplified form for its reasons but does not
# make it a rule.
RULED_CORRECT = [
    Student(
        name="d01-dldz-product",
        story="Computes dL_dz as dL_da(a, y) * da_dz(a), the chain rule itself, instead of the simplified a - y "
              "the exercise asks for. Equal on every a strictly between 0 and 1 (the stated domain), but nan at "
              "a = 0 or 1, where the prose says a - y 'stays finite'. Correct or not depends on whether a = 0 or "
              "1 is a valid input.",
        answers={
            DLDZ: r'''def dL_dz(a, y):
    """Derivative of the loss with respect to z, where a = sigmoid(z)."""
    return dL_da(a, y) * da_dz(a)
''',
        },
    ),
]

CORRECT = CORRECT + RULED_CORRECT


# --- The course author's answers ---------------------------------------------------------------------------
# Written from the reference answer (with_changes, answer_cell) to try one other form or one mistake at a
# time. The students above were written independently of the grader: tests/test_similarity.py measures only
# those.

AUTHOR_CORRECT = [
    # Correct answers with other parameter names than the notebook's: each gets every point (hidden cases are passed
    # as the public checks pass them, by position).
    Student("c01-renamed-sigmoid-x", "sigmoid(x)", {"loss-sigmoid-code": _fn("sigmoid(x)", "return 1 / (1 + np.exp(-x))")}),
    Student("c01-renamed-loss-p-label", "loss(p, label)", {"loss-loss-code": _fn("loss(p, label)",
                                              "return -(label * np.log(p) + (1 - label) * np.log(1 - p))")}),
    Student("c01-renamed-log-likelihood-probs-labels", "log_likelihood(probs, labels)", {"loss-loglik-code": _fn(
        "log_likelihood(probs, labels)",
        "return float(np.sum(labels * np.log(probs) + (1 - labels) * np.log(1 - probs)))")}),
    Student("c01-renamed-dl-da-p-label", "dL_da(p, label)", {"loss-dlda-code": _fn("dL_da(p, label)", "return -label / p + (1 - label) / (1 - p)")}),
    Student("c01-renamed-da-dz-p", "da_dz(p)", {"loss-dadz-code": _fn("da_dz(p)", "return p * (1 - p)")}),
    Student("c01-renamed-dl-dz-p-label", "dL_dz(p, label)", {"loss-dldz-code": _fn("dL_dz(p, label)", "return p - label")}),
    Student("c01-renamed-numerical-derivative-func-point", "numerical_derivative(func, point, h=1e-5)", {"loss-numderiv-code": _fn(
        "numerical_derivative(func, point, h=1e-5)", "return (func(point + h) - func(point - h)) / (2 * h)")}),
    Student("c01-renamed-gradient-check-grad-approx", "gradient_check(grad, approx)", {"loss-gradcheck-code": _fn(
        "gradient_check(grad, approx)", "grad, approx = np.asarray(grad, dtype=float), np.asarray(approx, dtype=float)",
        "total = np.linalg.norm(grad) + np.linalg.norm(approx)",
        "return 0.0 if total == 0 else float(np.linalg.norm(grad - approx) / total)")}),
]

# Realistic mistakes, each in one function: each costs exactly the points of that function's test cell.
AUTHOR_MISTAKES = [
    wrong_in("m01-sign-error-in-the-exponent", "loss-sigmoid-code", "sign error in the exponent",
     _fn("sigmoid(z)", "return 1 / (1 + np.exp(z))")),
    wrong_in("m01-minus-instead-of-plus-in-the-denominator", "loss-sigmoid-code", "minus instead of plus in the denominator",
     _fn("sigmoid(z)", "return 1 / (1 - np.exp(-z))")),
    wrong_in("m01-math-exp-works-on-numbers-fails", "loss-sigmoid-code", "math.exp: works on numbers, fails on arrays",
     "import math\n\n" + _fn("sigmoid(z)", "return 1 / (1 + math.exp(-z))")),
    wrong_in("m01-tanh-instead-of-the-logistic-function", "loss-sigmoid-code", "tanh instead of the logistic function",
     _fn("sigmoid(z)", "return np.tanh(z)")),

    wrong_in("m01-missing-the-leading-minus-sign", "loss-loss-code", "missing the leading minus sign",
     _fn("loss(a, y)", "return y * np.log(a) + (1 - y) * np.log(1 - a)")),
    wrong_in("m01-base-10-logarithm", "loss-loss-code", "base-10 logarithm",
     _fn("loss(a, y)", "return -(y * np.log10(a) + (1 - y) * np.log10(1 - a))")),
    wrong_in("m01-the-two-logarithms-swapped", "loss-loss-code", "the two logarithms swapped",
     _fn("loss(a, y)", "return -(y * np.log(1 - a) + (1 - y) * np.log(a))")),
    wrong_in("m01-averages-a-float-where-an-array", "loss-loss-code", "averages: a float where an array is required",
     _fn("loss(a, y)", "return np.mean(-(y * np.log(a) + (1 - y) * np.log(1 - a)))")),
    wrong_in("m01-only-the-y-1-term", "loss-loss-code", "only the y = 1 term",
     _fn("loss(a, y)", "return -y * np.log(a)")),

    wrong_in("m01-log-of-the-product-the-product-underflows", "loss-loglik-code", "log of the product: the product underflows to 0 for thousands of examples",
     _fn("log_likelihood(A, Y)", "return float(np.log(np.prod(A ** Y * (1 - A) ** (1 - Y))))")),
    wrong_in("m01-returns-the-cost-j-sum-m-instead", "loss-loglik-code", "returns the cost J = -sum / m instead of the sum",
     _fn("log_likelihood(A, Y)", "return float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))")),
    wrong_in("m01-averages-instead-of-adding-up", "loss-loglik-code", "averages instead of adding up",
     _fn("log_likelihood(A, Y)", "return float(np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))")),
    wrong_in("m01-no-sum-an-array-where-a-float-is", "loss-loglik-code", "no sum: an array where a float is required",
     _fn("log_likelihood(A, Y)", "return Y * np.log(A) + (1 - Y) * np.log(1 - A)")),
    wrong_in("m01-the-two-logarithms-swapped-b", "loss-loglik-code", "the two logarithms swapped",
     _fn("log_likelihood(A, Y)", "return float(np.sum(Y * np.log(1 - A) + (1 - Y) * np.log(A)))")),

    wrong_in("m01-sign-error", "loss-dlda-code", "sign error",
     _fn("dL_da(a, y)", "return y / a - (1 - y) / (1 - a)")),
    wrong_in("m01-derivative-of-log-1-a-taken-as-1", "loss-dlda-code", "derivative of log(1 - a) taken as +1/(1 - a)",
     _fn("dL_da(a, y)", "return -y / a - (1 - y) / (1 - a)")),
    wrong_in("m01-1-a-replaced-by-a-in-the-second", "loss-dlda-code", "1 - a replaced by a in the second denominator",
     _fn("dL_da(a, y)", "return -y / a + (1 - y) / a")),
    wrong_in("m01-missing-parentheses-around-1-y", "loss-dlda-code", "missing parentheses around 1 - y",
     _fn("dL_da(a, y)", "return -y / a + 1 - y / (1 - a)")),

    wrong_in("m01-sign-error-b", "loss-dadz-code", "sign error",
     _fn("da_dz(a)", "return a * (a - 1)")),
    wrong_in("m01-treats-the-output-a-as-the-input", "loss-dadz-code", "treats the output a as the input z",
     _fn("da_dz(a)", "return sigmoid(a) * (1 - sigmoid(a))")),
    wrong_in("m01-drops-the-factor-a", "loss-dadz-code", "drops the factor a",
     _fn("da_dz(a)", "return 1 - a")),

    wrong_in("m01-sign-error-c", "loss-dldz-code", "sign error",
     _fn("dL_dz(a, y)", "return y - a")),
    wrong_in("m01-multiplies-by-da-dz-once-more", "loss-dldz-code", "multiplies by da/dz once more",
     _fn("dL_dz(a, y)", "return (a - y) * a * (1 - a)")),
    wrong_in("m01-returns-da-instead-of-dz", "loss-dldz-code", "returns da instead of dz",
     _fn("dL_dz(a, y)", "return -y / a + (1 - y) / (1 - a)")),
    wrong_in("m01-absolute-value-loses-the-sign", "loss-dldz-code", "absolute value loses the sign",
     _fn("dL_dz(a, y)", "return np.abs(a - y)")),

    wrong_in("m01-forward-difference-instead-of-centered", "loss-numderiv-code", "forward difference instead of centered",
     _fn("numerical_derivative(f, x, eps=1e-5)", "return (f(x + eps) - f(x)) / eps")),
    wrong_in("m01-divides-by-eps-instead-of-2-eps", "loss-numderiv-code", "divides by eps instead of 2 eps",
     _fn("numerical_derivative(f, x, eps=1e-5)", "return (f(x + eps) - f(x - eps)) / eps")),
    wrong_in("m01-operator-precedence-2-eps", "loss-numderiv-code", "operator precedence: / 2 * eps",
     _fn("numerical_derivative(f, x, eps=1e-5)", "return (f(x + eps) - f(x - eps)) / 2 * eps")),
    wrong_in("m01-ignores-the-eps-argument", "loss-numderiv-code", "ignores the eps argument",
     _fn("numerical_derivative(f, x, eps=1e-5)", "h = 1e-5", "return (f(x + h) - f(x - h)) / (2 * h)")),

    wrong_in("m01-absolute-error-not-relative", "loss-gradcheck-code", "absolute error, not relative",
     _fn("gradient_check(analytic, numerical)",
         "return float(np.linalg.norm(np.asarray(analytic) - np.asarray(numerical)))")),
    wrong_in("m01-divides-by-the-norm-of-the-analytic", "loss-gradcheck-code", "divides by the norm of the analytic derivative only",
     _fn("gradient_check(analytic, numerical)",
         "analytic, numerical = np.asarray(analytic), np.asarray(numerical)",
         "if np.linalg.norm(analytic) == 0:",
         "    return 0.0",
         "return float(np.linalg.norm(analytic - numerical) / np.linalg.norm(analytic))")),
    wrong_in("m01-elementwise-an-array-where-a-float", "loss-gradcheck-code", "elementwise: an array where a float is required",
     _fn("gradient_check(analytic, numerical)",
         "analytic, numerical = np.asarray(analytic), np.asarray(numerical)",
         "scale = np.abs(analytic) + np.abs(numerical)",
         "return np.where(scale == 0, 0.0, np.abs(analytic - numerical) / np.where(scale == 0, 1, scale))")),
    wrong_in("m01-no-guard-0-0-gives-nan-when-both", "loss-gradcheck-code", "no guard: 0 / 0 gives nan when both are zero",
     _fn("gradient_check(analytic, numerical)",
         "analytic, numerical = np.asarray(analytic), np.asarray(numerical)",
         "scale = np.linalg.norm(analytic) + np.linalg.norm(numerical)",
         "return float(np.linalg.norm(analytic - numerical) / scale)")),
    wrong_in("m01-divides-by-the-norm-of-the-sum-a", "loss-gradcheck-code", "divides by the norm of the sum: a sign error divides by (almost) zero instead of giving 1",
     _fn("gradient_check(analytic, numerical)",
         "analytic, numerical = np.asarray(analytic), np.asarray(numerical)",
         "if not np.any(analytic) and not np.any(numerical):",
         "    return 0.0",
         "return float(np.linalg.norm(analytic - numerical) / np.linalg.norm(analytic + numerical))")),
    wrong_in("m01-signed-sums-instead-of-norms", "loss-gradcheck-code", "signed sums instead of norms",
     _fn("gradient_check(analytic, numerical)",
         "analytic, numerical = np.asarray(analytic), np.asarray(numerical)",
         "scale = np.sum(analytic) + np.sum(numerical)",
         "return 0.0 if scale == 0 else float(np.sum(analytic - numerical) / scale)")),
]

CORRECT = CORRECT + AUTHOR_CORRECT
MISTAKES = MISTAKES + AUTHOR_MISTAKES
