"""Assignment 01, the loss and its derivatives: a second set of students, written as first-timers write them.

Beside a01: students who rename the parameters, return NumPy scalars or 0-d arrays, use helpers, asserts and
prints, and the log-likelihood (exercise 3), which a01 does not cover. SYNTAX holds a submission whose first
answer cell does not even compile.
"""
from . import Student

ASSIGNMENT = "01_loss_derivation"

SIGMOID = "loss-sigmoid-code"
LOSS = "loss-loss-code"
LOGLIK = "loss-loglik-code"
DLDA = "loss-dlda-code"
DADZ = "loss-dadz-code"
DLDZ = "loss-dldz-code"
NUMDERIV = "loss-numderiv-code"
GRADCHECK = "loss-gradcheck-code"


CORRECT = [
    Student(
        name="v01-short-names",
        story="Renames every parameter it may to one letter or two (sigmoid(x), loss(p, t), gradient_check(g, "
              "n) ...), as in a maths exercise; keeps eps, which the checks pass by name. Plain formulas.",
        answers={
            SIGMOID: r'''def sigmoid(x):
    """The logistic function 1 / (1 + exp(-z)), elementwise."""
    return 1 / (1 + np.exp(-x))
''',
            LOSS: r'''def loss(p, t):
    """Cross-entropy loss of each prediction a against its label y, elementwise."""
    return -(t * np.log(p) + (1 - t) * np.log(1 - p))
''',
            LOGLIK: r'''def log_likelihood(a, y):
    """Sum over the m examples of y log a + (1 - y) log(1 - a): the log of the probability of all labels."""
    return float(np.sum(y * np.log(a) + (1 - y) * np.log(1 - a)))
''',
            DLDA: r'''def dL_da(p, t):
    """Derivative of the loss L(a, y) with respect to a, elementwise."""
    return -t / p + (1 - t) / (1 - p)
''',
            DADZ: r'''def da_dz(s):
    """Derivative of a = sigmoid(z) with respect to z, written in terms of a."""
    return s * (1 - s)
''',
            DLDZ: r'''def dL_dz(p, t):
    """Derivative of the loss with respect to z, where a = sigmoid(z)."""
    return p - t
''',
            NUMDERIV: r'''def numerical_derivative(g, t, eps=1e-5):
    """Centered-difference estimate of f'(x)."""
    return (g(t + eps) - g(t - eps)) / (2 * eps)
''',
            GRADCHECK: r'''def gradient_check(g, n):
    """Relative error between an analytic and a numerical derivative (0 means they agree)."""
    top = np.linalg.norm(g - n)
    if top == 0:
        return 0.0      # equal derivatives, zeros included: no need to divide
    return top / (np.linalg.norm(g) + np.linalg.norm(n))
''',
        },
    ),
    Student(
        name="v01-long-names",
        story="Gives every parameter a descriptive name (sigmoid(logits), loss(prediction, label), "
              "numerical_derivative(function, point, eps=1e-5) ...) and names each intermediate value.",
        answers={
            SIGMOID: r'''def sigmoid(logits):
    """The logistic function 1 / (1 + exp(-z)), elementwise."""
    exponential = np.exp(-logits)
    probability = 1.0 / (1.0 + exponential)
    return probability
''',
            LOSS: r'''def loss(prediction, label):
    """Cross-entropy loss of each prediction a against its label y, elementwise."""
    log_prob_one = np.log(prediction)
    log_prob_zero = np.log(1 - prediction)
    return -(label * log_prob_one + (1 - label) * log_prob_zero)
''',
            LOGLIK: r'''def log_likelihood(predictions, labels):
    """Sum over the m examples of y log a + (1 - y) log(1 - a): the log of the probability of all labels."""
    log_probabilities = labels * np.log(predictions) + (1 - labels) * np.log(1 - predictions)
    total = log_probabilities.sum()
    return float(total)
''',
            DLDA: r'''def dL_da(prediction, label):
    """Derivative of the loss L(a, y) with respect to a, elementwise."""
    from_label_one = -label / prediction
    from_label_zero = (1 - label) / (1 - prediction)
    return from_label_one + from_label_zero
''',
            DADZ: r'''def da_dz(activation):
    """Derivative of a = sigmoid(z) with respect to z, written in terms of a."""
    slope = activation - activation ** 2
    return slope
''',
            DLDZ: r'''def dL_dz(prediction, label):
    """Derivative of the loss with respect to z, where a = sigmoid(z)."""
    error = prediction - label
    return error
''',
            NUMDERIV: r'''def numerical_derivative(function, point, eps=1e-5):
    """Centered-difference estimate of f'(x)."""
    value_right = function(point + eps)
    value_left = function(point - eps)
    slope = (value_right - value_left) / (2 * eps)
    return slope
''',
            GRADCHECK: r'''def gradient_check(analytic_gradient, numerical_gradient):
    """Relative error between an analytic and a numerical derivative (0 means they agree)."""
    difference_norm = np.linalg.norm(np.subtract(analytic_gradient, numerical_gradient))
    size_norm = np.linalg.norm(analytic_gradient) + np.linalg.norm(numerical_gradient)
    if size_norm == 0.0:
        return 0.0
    relative_error = difference_norm / size_norm
    return relative_error
''',
        },
    ),
    Student(
        name="v01-bernoulli-forms",
        story="Writes the loss straight from P(y|x) = a^y (1-a)^(1-y), as -log(a**y * (1-a)**(1-y)); the "
              "log-likelihood with boolean masks (the log a of the ones plus the log(1 - a) of the zeros); "
              "dL/da with np.where on the label. All equal to the formulas for labels 0 and 1, the only labels.",
        answers={
            LOSS: r'''def loss(a, y):
    """Cross-entropy loss of each prediction a against its label y, elementwise."""
    # L = -log P(y|x) and P(y|x) = a^y (1-a)^(1-y)
    return -np.log(a ** y * (1 - a) ** (1 - y))
''',
            LOGLIK: r'''def log_likelihood(A, Y):
    """Sum over the m examples of y log a + (1 - y) log(1 - a): the log of the probability of all labels."""
    ones = Y == 1
    zeros = Y == 0
    return float(np.sum(np.log(A[ones])) + np.sum(np.log(1 - A[zeros])))
''',
            DLDA: r'''def dL_da(a, y):
    """Derivative of the loss L(a, y) with respect to a, elementwise."""
    # y = 1: d/da (-log a) = -1/a ;  y = 0: d/da (-log(1-a)) = 1/(1-a)
    return np.where(y == 1, -1 / a, 1 / (1 - a))
''',
        },
    ),
    Student(
        name="v01-numpy-scalars",
        story="Never converts to Python floats: the log-likelihood is the template's dot-product form followed by "
              "np.squeeze(np.array(...)), a 0-d float64 array (the text says float(...), but a 0-d array is that "
              "number); numbers in give NumPy floats out. Uses np.multiply, np.subtract and np.divide throughout.",
        answers={
            SIGMOID: r'''def sigmoid(z):
    """The logistic function 1 / (1 + exp(-z)), elementwise."""
    return np.divide(1.0, np.add(1.0, np.exp(np.negative(z))))
''',
            LOGLIK: r'''def log_likelihood(A, Y):
    """Sum over the m examples of y log a + (1 - y) log(1 - a): the log of the probability of all labels."""
    ll = np.dot(Y, np.log(A).T) + np.dot(1 - Y, np.log(1 - A).T)
    ll = np.squeeze(np.array(ll))
    return ll
''',
            DADZ: r'''def da_dz(a):
    """Derivative of a = sigmoid(z) with respect to z, written in terms of a."""
    return np.multiply(a, np.subtract(1, a))
''',
            DLDZ: r'''def dL_dz(a, y):
    """Derivative of the loss with respect to z, where a = sigmoid(z)."""
    return np.asarray(a, dtype=float) - np.asarray(y, dtype=float)
''',
            GRADCHECK: r'''def gradient_check(analytic, numerical):
    """Relative error between an analytic and a numerical derivative (0 means they agree)."""
    analytic = np.atleast_1d(analytic).ravel()
    numerical = np.atleast_1d(numerical).ravel()
    numerator = np.sqrt(np.dot(analytic - numerical, analytic - numerical))
    denominator = np.sqrt(np.dot(analytic, analytic)) + np.sqrt(np.dot(numerical, numerical))
    if denominator == 0:
        return np.float64(0.0)
    return numerator / denominator
''',
        },
    ),
    Student(
        name="v01-reuse-loss",
        story="Follows the hint 'you may use your loss': the log-likelihood is minus the sum of the losses; dL_dz "
              "and the gradient check get helpers and asserts; the numerical derivative halves the step sum "
              "with 0.5 * (...) / eps.",
        answers={
            LOGLIK: r'''def log_likelihood(A, Y):
    """Sum over the m examples of y log a + (1 - y) log(1 - a): the log of the probability of all labels."""
    assert A.shape == Y.shape, "A and Y must have the same shape"
    return -float(np.sum(loss(A, Y)))
''',
            DLDZ: r'''def dL_dz(a, y):
    """Derivative of the loss with respect to z, where a = sigmoid(z)."""
    assert np.shape(a) == np.shape(y)
    return -(y - a)
''',
            NUMDERIV: r'''def numerical_derivative(f, x, eps=1e-5):
    """Centered-difference estimate of f'(x)."""
    return 0.5 * (f(x + eps) - f(x - eps)) / eps
''',
            GRADCHECK: r'''def l2(v):
    return float(np.linalg.norm(np.asarray(v, dtype=float)))


def gradient_check(analytic, numerical):
    """Relative error between an analytic and a numerical derivative (0 means they agree)."""
    scale = l2(analytic) + l2(numerical)
    if scale == 0.0:
        return 0.0
    return l2(np.asarray(analytic) - np.asarray(numerical)) / scale
''',
        },
    ),
    Student(
        name="v01-printing-tinkerer",
        story="Prints as it goes (inside sigmoid and the numerical derivative), writes da/dz with (1 - a) first, "
              "takes the log-likelihood with the @ operator and .item(), and adds math.fsum for the 3000-example "
              "sum 'for accuracy'. Scratch cells try its functions on the notebook's examples.",
        answers={
            SIGMOID: r'''def sigmoid(z):
    """The logistic function 1 / (1 + exp(-z)), elementwise."""
    s = 1 / (1 + np.exp(-z))
    print("sigmoid of", np.shape(z), "values")
    return s
''',
            LOGLIK: r'''import math

def log_likelihood(A, Y):
    """Sum over the m examples of y log a + (1 - y) log(1 - a): the log of the probability of all labels."""
    terms = Y * np.log(A) + (1 - Y) * np.log(1 - A)
    return math.fsum(terms.ravel())
''',
            DADZ: r'''def da_dz(a):
    """Derivative of a = sigmoid(z) with respect to z, written in terms of a."""
    return (1 - a) * a
''',
            DLDA: r'''def dL_da(a, y):
    """Derivative of the loss L(a, y) with respect to a, elementwise."""
    return np.divide(1 - y, 1 - a) - np.divide(y, a)
''',
            NUMDERIV: r'''def numerical_derivative(f, x, eps=1e-5):
    """Centered-difference estimate of f'(x)."""
    up, down = f(x + eps), f(x - eps)
    print(f"f(x+eps) = {up}, f(x-eps) = {down}")
    return float((up - down) / (2 * eps))
''',
        },
        extra_cells=(
            ("loss-loglik-test", r'''print(log_likelihood(np.array([[0.9, 0.2, 0.6]]), np.array([[1.0, 0.0, 1.0]])))
print(np.log(0.9) + np.log(0.8) + np.log(0.6))
'''),
            ("loss-numderiv-test", r'''print(numerical_derivative(np.sin, 1.0), np.cos(1.0))
'''),
        ),
    ),
]


MISTAKES = [
    Student(
        name="w01-sigmoid-global-z",
        story="Renames the parameter to x in the def line but leaves z in the body: the function reads a global z. "
              "No z exists when the check runs, so it fails with a NameError (and with a z defined in a scratch "
              "cell it would silently return sigmoid of that z).",
        answers={
            SIGMOID: r'''def sigmoid(x):
    """The logistic function 1 / (1 + exp(-z)), elementwise."""
    return 1 / (1 + np.exp(-z))
''',
        },
        wrong=frozenset({SIGMOID}),
    ),
    Student(
        name="w01-sigmoid-floor-division",
        story="Types // for the division (habit from integer exercises): 1 // (1 + e^-z) is 0 for every z > 0 "
              "and 0 or 1 elsewhere, never a probability.",
        answers={
            SIGMOID: r'''def sigmoid(z):
    """The logistic function 1 / (1 + exp(-z)), elementwise."""
    return 1 // (1 + np.exp(-z))
''',
        },
        wrong=frozenset({SIGMOID}),
    ),
    Student(
        name="w01-sigmoid-minus-denominator",
        story="Writes 1 / (1 - e^-z), mixing up the sign in the denominator: infinite at z = 0, negative for "
              "z < 0.",
        answers={
            SIGMOID: r'''def sigmoid(z):
    """The logistic function 1 / (1 + exp(-z)), elementwise."""
    return 1 / (1 - np.exp(-z))
''',
        },
        wrong=frozenset({SIGMOID}),
    ),
    Student(
        name="w01-loss-no-minus",
        story="Forgets the minus in front: returns the log-probability, which is never positive, instead of the "
              "loss.",
        answers={
            LOSS: r'''def loss(a, y):
    """Cross-entropy loss of each prediction a against its label y, elementwise."""
    return y * np.log(a) + (1 - y) * np.log(1 - a)
''',
        },
        wrong=frozenset({LOSS}),
    ),
    Student(
        name="w01-loss-factor-typo",
        story="Types (1 - a) for the factor in front of log(1 - a) where (1 - y) belongs: right when the label "
              "is 1 and the output is near 1, wrong everywhere else.",
        answers={
            LOSS: r'''def loss(a, y):
    """Cross-entropy loss of each prediction a against its label y, elementwise."""
    return -(y * np.log(a) + (1 - a) * np.log(1 - a))
''',
        },
        wrong=frozenset({LOSS}),
    ),
    Student(
        name="w01-loglik-product",
        story="Takes the logarithm of the product of the probabilities, which the exercise says not to do: right "
              "for a few examples, -inf for 3000 (the product underflows to 0).",
        answers={
            LOGLIK: r'''def log_likelihood(A, Y):
    """Sum over the m examples of y log a + (1 - y) log(1 - a): the log of the probability of all labels."""
    probabilities = A ** Y * (1 - A) ** (1 - Y)
    return float(np.log(np.prod(probabilities)))
''',
        },
        wrong=frozenset({LOGLIK}),
    ),
    Student(
        name="w01-loglik-sum-of-losses",
        story="Uses the loss as allowed but forgets that the loss is minus the log-probability: returns the sum "
              "of the losses, a positive number, where the log-likelihood is never positive.",
        answers={
            LOGLIK: r'''def log_likelihood(A, Y):
    """Sum over the m examples of y log a + (1 - y) log(1 - a): the log of the probability of all labels."""
    return float(np.sum(loss(A, Y)))
''',
        },
        wrong=frozenset({LOGLIK}),
    ),
    Student(
        name="w01-loglik-averaged",
        story="Mixes the log-likelihood up with the cost and divides by m: the average log-probability, -J, not "
              "the sum.",
        answers={
            LOGLIK: r'''def log_likelihood(A, Y):
    """Sum over the m examples of y log a + (1 - y) log(1 - a): the log of the probability of all labels."""
    m = A.shape[1]
    return float(np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)
''',
        },
        wrong=frozenset({LOGLIK}),
    ),
    Student(
        name="w01-loglik-keepdims",
        story="Sums with axis=1, keepdims=True out of habit: returns an array of shape (1, 1) where the text "
              "demands a single float.",
        answers={
            LOGLIK: r'''def log_likelihood(A, Y):
    """Sum over the m examples of y log a + (1 - y) log(1 - a): the log of the probability of all labels."""
    return np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A), axis=1, keepdims=True)
''',
        },
        wrong=frozenset({LOGLIK}),
    ),
    Student(
        name="w01-dlda-second-sign",
        story="Gets the first term right but also puts a minus before (1 - y)/(1 - a), forgetting that the "
              "derivative of log(1 - a) already brings one: -y/a - (1-y)/(1-a).",
        answers={
            DLDA: r'''def dL_da(a, y):
    """Derivative of the loss L(a, y) with respect to a, elementwise."""
    return -y / a - (1 - y) / (1 - a)
''',
        },
        wrong=frozenset({DLDA}),
    ),
    Student(
        name="w01-dlda-precedence",
        story="Leaves out the parentheses around the numerator: -y / a + 1 - y / (1 - a).",
        answers={
            DLDA: r'''def dL_da(a, y):
    """Derivative of the loss L(a, y) with respect to a, elementwise."""
    return -y / a + 1 - y / (1 - a)
''',
        },
        wrong=frozenset({DLDA}),
    ),
    Student(
        name="w01-dadz-flipped",
        story="Writes a (a - 1), the negative of the slope: the sigmoid would be decreasing.",
        answers={
            DADZ: r'''def da_dz(a):
    """Derivative of a = sigmoid(z) with respect to z, written in terms of a."""
    return a * (a - 1)
''',
        },
        wrong=frozenset({DADZ}),
    ),
    Student(
        name="w01-dadz-precedence",
        story="Types a * 1 - a without parentheses, which is 0 for every a.",
        answers={
            DADZ: r'''def da_dz(a):
    """Derivative of a = sigmoid(z) with respect to z, written in terms of a."""
    return a * 1 - a
''',
        },
        wrong=frozenset({DADZ}),
    ),
    Student(
        name="w01-dldz-chain-twice",
        story="Thinks the chain rule still needs the sigmoid's slope on top of the simplified form: (a - y) a "
              "(1 - a).",
        answers={
            DLDZ: r'''def dL_dz(a, y):
    """Derivative of the loss with respect to z, where a = sigmoid(z)."""
    return (a - y) * a * (1 - a)
''',
        },
        wrong=frozenset({DLDZ}),
    ),
    Student(
        name="w01-dldz-absolute",
        story="Reads 'how far the prediction is from the label' and returns |a - y|: the sign, which tells which "
              "way z must move, is lost.",
        answers={
            DLDZ: r'''def dL_dz(a, y):
    """Derivative of the loss with respect to z, where a = sigmoid(z)."""
    return np.abs(a - y)
''',
        },
        wrong=frozenset({DLDZ}),
    ),
    Student(
        name="w01-numderiv-precedence",
        story="Writes / 2 * eps for / (2 eps): divides by 2 and then multiplies by eps.",
        answers={
            NUMDERIV: r'''def numerical_derivative(f, x, eps=1e-5):
    """Centered-difference estimate of f'(x)."""
    return (f(x + eps) - f(x - eps)) / 2 * eps
''',
        },
        wrong=frozenset({NUMDERIV}),
    ),
    Student(
        name="w01-numderiv-hardcoded-sin",
        story="Copies the expected-output example and differentiates np.sin whatever f is given.",
        answers={
            NUMDERIV: r'''def numerical_derivative(f, x, eps=1e-5):
    """Centered-difference estimate of f'(x)."""
    return (np.sin(x + eps) - np.sin(x - eps)) / (2 * eps)
''',
        },
        wrong=frozenset({NUMDERIV}),
    ),
    Student(
        name="w01-gradcheck-elementwise-abs",
        story="Uses abs() instead of norms: |d_a - d_n| / (|d_a| + |d_n|) elementwise. Right for two numbers, an "
              "array instead of one float for arrays.",
        answers={
            GRADCHECK: r'''def gradient_check(analytic, numerical):
    """Relative error between an analytic and a numerical derivative (0 means they agree)."""
    bottom = np.abs(analytic) + np.abs(numerical)
    if np.all(bottom == 0):
        return 0.0
    return np.abs(analytic - numerical) / bottom
''',
        },
        wrong=frozenset({GRADCHECK}),
    ),
    Student(
        name="w01-gradcheck-over-analytic",
        story="Divides by the analytic norm only, the other common 'relative error': a sign error gives 2 "
              "instead of 1.",
        answers={
            GRADCHECK: r'''def gradient_check(analytic, numerical):
    """Relative error between an analytic and a numerical derivative (0 means they agree)."""
    if np.linalg.norm(analytic) == 0 and np.linalg.norm(numerical) == 0:
        return 0.0
    return np.linalg.norm(analytic - numerical) / np.linalg.norm(analytic)
''',
        },
        wrong=frozenset({GRADCHECK}),
    ),
]


SYNTAX = [
    Student(
        name="s01-unindented-docstring",
        story="Pastes the function in and the docstring loses its indentation: line 2 of the cell (the docstring) "
              "starts at column 0, so Python stops with 'IndentationError: expected an indented block after "
              "function definition on line 1'. Nothing of the cell is defined.",
        answers={
            SIGMOID: r'''def sigmoid(z):
"""The logistic function 1 / (1 + exp(-z)), elementwise."""
    return 1 / (1 + np.exp(-z))
''',
        },
        wrong=frozenset({SIGMOID}),
    ),
]
