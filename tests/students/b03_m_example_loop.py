"""Assignment 03, cost and gradients over m examples with loops: a second set of students.

CORRECT holds honest loop styles the rule must accept (while, enumerate, zip, range(len(...)), nested
comprehensions of explicit loops, a helper with its own loop, an accumulator that shadows the name `sum`).
DODGES hold code that computes the right numbers but hides the forbidden whole-array sum the exercise rules out:
each one's `wrong` is the cell whose rule it breaks.
"""
from . import Student, edited

ASSIGNMENT = "03_m_example_loop"

COSTGRADS = "loop-costgrads-code"
STEP = "loop-step-code"


CORRECT = [
    Student(
        name="v03-while-loops",
        story="Learned while loops first and uses them for both loops, with counters it increments itself; "
              "starts the accumulators at the int 0 (they become floats at the first addition).",
        answers={
            COSTGRADS: r'''def cost_and_grads_loop(w, b, X, Y):
    """Cost J and its gradient (dw, db) over all m examples, with explicit loops."""
    n = X.shape[0]
    m = X.shape[1]
    J = 0
    db = 0
    dw = np.zeros((n, 1))
    i = 0
    while i < m:
        z = b
        j = 0
        while j < n:
            z = z + w[j, 0] * X[j, i]
            j = j + 1
        a = sigmoid(z)
        J = J - (Y[0, i] * np.log(a) + (1 - Y[0, i]) * np.log(1 - a))
        dz = a - Y[0, i]
        j = 0
        while j < n:
            dw[j, 0] = dw[j, 0] + X[j, i] * dz
            j = j + 1
        db = db + dz
        i = i + 1
    return J / m, dw / m, db / m
''',
            STEP: r'''def gd_step(weights, bias, d_weights, d_bias, alpha):
    """One gradient-descent step on the weights and the bias."""
    new_weights = weights - alpha * d_weights
    new_bias = bias - alpha * d_bias
    return new_weights, new_bias
''',
        },
    ),
    Student(
        name="v03-enumerate-columns",
        story="Walks over the examples with enumerate(X.T) (each row of X.T is one example) and over the "
              "features with enumerate again; short parameter names cost_and_grads_loop(W, B, data, labels).",
        answers={
            COSTGRADS: r'''def cost_and_grads_loop(W, B, data, labels):
    """Cost J and its gradient (dw, db) over all m examples, with explicit loops."""
    n, m = data.shape
    J, dW, dB = 0.0, np.zeros((n, 1)), 0.0
    for i, example in enumerate(data.T):
        y = labels[0, i]
        z = B
        for j, feature in enumerate(example):
            z += W[j, 0] * feature
        a = sigmoid(z)
        J -= y * np.log(a) + (1 - y) * np.log(1 - a)
        for j, feature in enumerate(example):
            dW[j, 0] += feature * (a - y)
        dB += a - y
    return float(J / m), dW / m, float(dB / m)
''',
        },
    ),
    Student(
        name="v03-zip-pairs",
        story="Pairs each example with its label using zip(X.T, Y[0]) and each weight with its feature using "
              "zip(w[:, 0], x); builds the gradient as a list, one entry per feature, and makes the column at "
              "the end with np.array(...).reshape(-1, 1).",
        answers={
            COSTGRADS: r'''def cost_and_grads_loop(w, b, X, Y):
    """Cost J and its gradient (dw, db) over all m examples, with explicit loops."""
    n, m = X.shape
    cost = 0.0
    grad_w = [0.0] * n
    grad_b = 0.0
    for x, y in zip(X.T, Y[0]):
        z = b
        for w_j, x_j in zip(w[:, 0], x):
            z += w_j * x_j
        a = sigmoid(z)
        cost += -(y * np.log(a) + (1 - y) * np.log(1 - a))
        for j, x_j in zip(range(n), x):
            grad_w[j] += x_j * (a - y)
        grad_b += a - y
    dw = np.array(grad_w).reshape(-1, 1) / m
    return cost / m, dw, grad_b / m
''',
        },
    ),
    Student(
        name="v03-range-len",
        story="Writes every loop as for i in range(len(...)), reading m from len(Y[0]) and n from len(w), and "
              "uses math.exp and math.log on single numbers.",
        answers={
            COSTGRADS: r'''import math

def cost_and_grads_loop(w, b, X, Y):
    """Cost J and its gradient (dw, db) over all m examples, with explicit loops."""
    m = len(Y[0])
    J = 0.0
    dw = np.zeros((len(w), 1))
    db = 0.0
    for i in range(len(Y[0])):
        z = b
        for j in range(len(w)):
            z = z + w[j][0] * X[j][i]
        a = 1.0 / (1.0 + math.exp(-z))
        if Y[0][i] == 1:
            J = J - math.log(a)
        else:
            J = J - math.log(1.0 - a)
        for j in range(len(w)):
            dw[j][0] = dw[j][0] + X[j][i] * (a - Y[0][i])
        db = db + (a - Y[0][i])
    return J / m, dw / m, db / m
''',
        },
    ),
    Student(
        name="v03-nested-comprehensions",
        story="Likes comprehensions: first builds every product w_j x_j^(i) in a nested list comprehension, then "
              "adds them up with explicit for loops (no sum() anywhere), and computes the activations of all "
              "examples before the second pass.",
        answers={
            COSTGRADS: r'''def cost_and_grads_loop(w, b, X, Y):
    """Cost J and its gradient (dw, db) over all m examples, with explicit loops."""
    n, m = X.shape
    products = [[w[j, 0] * X[j, i] for j in range(n)] for i in range(m)]
    activations = []
    for i in range(m):
        z = b
        for term in products[i]:
            z += term
        activations.append(sigmoid(z))
    J, db = 0.0, 0.0
    dw = np.zeros((n, 1))
    for i, a in enumerate(activations):
        y = Y[0, i]
        J += -(y * np.log(a) + (1 - y) * np.log(1 - a))
        for j in range(n):
            dw[j, 0] += X[j, i] * (a - y)
        db += a - y
    return J / m, dw / m, db / m
''',
        },
    ),
    Student(
        name="v03-own-dot-helper",
        story="Writes its own helper dot(u, v) with a for loop (the name is the student's, not NumPy's) and uses "
              "it for z; keeps a running variable called sum for the cost, shadowing the built-in. Every sum is "
              "still built one term at a time, as the exercise asks.",
        answers={
            COSTGRADS: r'''def dot(u, v):
    """My own inner product: a loop, one term at a time."""
    total = 0.0
    for k in range(len(u)):
        total += u[k] * v[k]
    return total


def cost_and_grads_loop(w, b, X, Y):
    """Cost J and its gradient (dw, db) over all m examples, with explicit loops."""
    n, m = X.shape
    sum = 0.0
    dw = np.zeros((n, 1))
    db = 0.0
    for i in range(m):
        a = sigmoid(dot(w[:, 0], X[:, i]) + b)
        y = Y[0, i]
        sum += -(y * np.log(a) + (1 - y) * np.log(1 - a))
        for j in range(n):
            dw[j, 0] += X[j, i] * (a - y)
        db += a - y
    return sum / m, dw / m, db / m
''',
        },
    ),
    Student(
        name="v03-backwards-and-asserts",
        story="Runs the loop over the examples from the last to the first (the order does not matter for a "
              "sum), asserts the shapes, prints m and n, and returns J as np.squeeze(np.array(J)), a 0-d array.",
        answers={
            COSTGRADS: r'''def cost_and_grads_loop(w, b, X, Y):
    """Cost J and its gradient (dw, db) over all m examples, with explicit loops."""
    n, m = X.shape
    assert w.shape == (n, 1), w.shape
    assert Y.shape == (1, m), Y.shape
    print("m =", m, "n =", n)
    J = 0.0
    dw = np.zeros_like(w, dtype=float)
    db = 0.0
    for i in range(m - 1, -1, -1):
        z = b
        for j in range(n - 1, -1, -1):
            z += w[j, 0] * X[j, i]
        a = sigmoid(z)
        J += -Y[0, i] * np.log(a) - (1 - Y[0, i]) * np.log(1 - a)
        for j in range(n):
            dw[j, 0] += X[j, i] * (a - Y[0, i])
        db += a - Y[0, i]
    J = np.squeeze(np.array(J / m))
    return J, dw / m, db / m
''',
            STEP: r'''import copy

def gd_step(w, b, dw, db, alpha):
    """One gradient-descent step on the weights and the bias."""
    w_new = copy.deepcopy(w)
    w_new -= alpha * dw
    b_new = b
    b_new -= alpha * db
    return w_new, b_new
''',
        },
    ),
    Student(
        name="v03-step-variants",
        story="Writes gd_step with np.add and a negative step, returns the new bias as a NumPy float, and tries "
              "it in a scratch cell with b = 0 as an int.",
        answers={
            STEP: r'''def gd_step(w, b, dw, db, alpha):
    """One gradient-descent step on the weights and the bias."""
    step_w = -alpha * dw
    step_b = -alpha * db
    return np.add(w, step_w), np.float64(b + step_b)
''',
        },
        extra_cells=(
            ("loop-step-test", r'''w_try, b_try = gd_step(np.zeros((2, 1)), 0, np.array([[1.0], [-1.0]]), 2, 0.1)
print(w_try.ravel(), b_try)
'''),
        ),
    ),
    Student(
        name="v03-step-copy-method",
        story="Copies w with np.copy and b with float(b), then updates both copies with -=.",
        answers={
            STEP: r'''def gd_step(w, b, dw, db, alpha):
    """One gradient-descent step on the weights and the bias."""
    new_w = np.copy(w)
    new_b = float(b)
    new_w -= alpha * dw
    new_b -= alpha * db
    return (new_w, new_b)
''',
        },
    ),
]


# One honest loop, as the lecture's algorithm has it. The mistakes, dodges and syntax error below are this cell
# with a line or two changed, as a student changes a line or two.
_LOOP = r'''def cost_and_grads_loop(w, b, X, Y):
    """Cost J and its gradient (dw, db) over all m examples, with explicit loops."""
    n, m = X.shape
    J = 0.0
    dw = np.zeros((n, 1))
    db = 0.0
    for i in range(m):
        z = b
        for j in range(n):
            z += w[j, 0] * X[j, i]
        a = sigmoid(z)
        y = Y[0, i]
        J += -(y * np.log(a) + (1 - y) * np.log(1 - a))
        dz = a - y
        for j in range(n):
            dw[j, 0] += X[j, i] * dz
        db += dz
    return float(J / m), dw / m, float(db / m)
'''

# The sum over the features that gives z^(i): the dodges replace it by one call.
_Z_SUM = '''z = b
        for j in range(n):
            z += w[j, 0] * X[j, i]
'''

_STEP = r'''def gd_step(w, b, dw, db, alpha):
    """One gradient-descent step on the weights and the bias."""
    w_new = w - alpha * dw
    b_new = b - alpha * db
    return w_new, b_new
'''


def _changed(cell, name, story, *edits, imports=""):
    """A student whose answer in `cell` is the honest one with `edits` made: wrong in that cell."""
    start = _LOOP if cell == COSTGRADS else _STEP
    return Student(name=name, story=story, answers={cell: imports + edited(start, *edits)},
                   wrong=frozenset({cell}))


MISTAKES = [
    _changed(COSTGRADS, "w03-cost-not-averaged",
             "Divides dw and db by m but returns the summed cost: the total loss, m times J.",
             ("float(J / m)", "float(J)")),
    _changed(COSTGRADS, "w03-transposed-index",
             "Indexes X[i, j] (example first) although X is stored (n, m), feature first: an IndexError when "
             "m > n, wrong numbers otherwise.",
             ("w[j, 0] * X[j, i]", "w[j, 0] * X[i, j]"), ("X[j, i] * dz", "X[i, j] * dz")),
    _changed(COSTGRADS, "w03-dw-without-x",
             "Adds dz to every dw_j, forgetting the factor x_j: every entry of dw equals db.",
             ("dw[j, 0] += X[j, i] * dz", "dw[j, 0] += dz")),
    _changed(COSTGRADS, "w03-dz-sign",
             "Writes dz = y - a: dw and db have the wrong sign (the cost is right).",
             ("dz = a - y", "dz = y - a")),
    _changed(COSTGRADS, "w03-dw-flat",
             "Makes dw with np.zeros(n), a 1-D array of shape (n,), and returns it so, where (n, 1) is asked.",
             ("np.zeros((n, 1))", "np.zeros(n)"), ("dw[j, 0] +=", "dw[j] +=")),
    _changed(COSTGRADS, "w03-label-slice",
             "Takes the label as y = Y[:, i], a slice of shape (1,): the cost accumulates into an array of "
             "shape (1,) and comes back so (float() of it fails on NumPy 2), where the text demands a float.",
             ("y = Y[0, i]", "y = Y[:, i]"), ("dz = a - y", "dz = a - y[0]"), ("float(J / m)", "J / m")),
    _changed(COSTGRADS, "w03-reads-check-global",
             "Debugged the function on the check's own variables and left m = Y_test.shape[1] in it: a global "
             "of the check cell. The check defines Y_test just before each call, so the public check passes; "
             "called on any other data (the hidden tests, the training cell) it divides by the wrong m or "
             "fails with a NameError.",
             ("n, m = X.shape", "n = X.shape[0]\n    m = Y_test.shape[1]")),
    _changed(STEP, "w03-step-alias",
             "Writes w_new = w 'to keep the original' and then w_new -= alpha * dw: both names are the same "
             "array, so the caller's w changes, which the exercise forbids.",
             ("w_new = w - alpha * dw", "w_new = w\n    w_new -= alpha * dw")),
    _changed(STEP, "w03-step-bias-with-dw",
             "Copy-pastes the weight line for the bias and forgets to change dw to db: b_new = b - alpha dw is "
             "an (n, 1) array.",
             ("b - alpha * db", "b - alpha * dw")),
    _changed(STEP, "w03-step-swapped",
             "Returns (b_new, w_new), the bias first.",
             ("return w_new, b_new", "return b_new, w_new")),
]


# ---------------------------------------------------------------------------------------------------------
# Rule dodges: right numbers, but a sum over the features (or the examples) done by a whole-array call in
# disguise. The public check's rule sees 11 of them; the stories of the others say "public check passes".
# ---------------------------------------------------------------------------------------------------------
def _z_dodge(name, story, z, imports=""):
    """The honest loop with z^(i) computed by `z` instead of the loop over the features."""
    return _changed(COSTGRADS, name, story, (_Z_SUM, f"z = {z}\n"), imports=imports)


DODGES = [
    _z_dodge("x03-add-reduce",
             "Sums the products of one example with np.add.reduce, which is np.sum under another name. The public "
             "check passes: its rule does not know np.add.reduce.",
             "np.add.reduce(w[:, 0] * X[:, i]) + b"),
    _z_dodge("x03-sum-method",
             "Multiplies the weight column by the example column and calls the .sum() method.",
             "(w[:, 0] * X[:, i]).sum() + b"),
    _z_dodge("x03-einsum",
             "Writes the inner product as np.einsum('j,j->', ...): no dot, no sum in sight.",
             'np.einsum("j,j->", w[:, 0], X[:, i]) + b'),
    _z_dodge("x03-matmul-function",
             "Uses np.matmul on the (1, n) row and the (n, 1) column and takes the single entry.",
             "np.matmul(w.T, X[:, i:i + 1])[0, 0] + b"),
    _z_dodge("x03-at-operator",
             "Uses the @ operator on the column of example i and .item().",
             "(w.T @ X[:, [i]]).item() + b"),
    _z_dodge("x03-dot-alias-import",
             "Imports dot under a one-letter name, from numpy import dot as d, and calls d(...). The public check "
             "passes: its rule looks for np.dot, not for a renamed import.",
             "d(w[:, 0], X[:, i]) + b", imports="from numpy import dot as d\n\n"),
    _z_dodge("x03-numpy-second-name",
             "Imports NumPy a second time as n2 and calls n2.dot.",
             "n2.dot(w[:, 0], X[:, i]) + b", imports="import numpy as n2\n\n"),
    _z_dodge("x03-getattr-dot",
             "Fetches the function with getattr(np, 'dot'). The public check passes: the name dot only appears "
             "in a string.",
             'getattr(np, "dot")(w[:, 0], X[:, i]) + b'),
    _z_dodge("x03-sum-map",
             "Adds the products with the built-in sum over map(...) of the (weight, feature) pairs.",
             "b + sum(map(lambda pair: pair[0] * pair[1], zip(w[:, 0], X[:, i])))"),
    _z_dodge("x03-functools-reduce",
             "Folds the products with functools.reduce, starting from b: a sum without a for loop. The public "
             "check passes.",
             "functools.reduce(lambda acc, j: acc + w[j, 0] * X[j, i], range(n), b)",
             imports="import functools\n\n"),
    _z_dodge("x03-math-fsum",
             "Adds the elementwise products with math.fsum, 'a more accurate sum'. The public check passes: its "
             "rule knows sum(...) and np.sum, not math.fsum.",
             "b + math.fsum(w[:, 0] * X[:, i])", imports="import math\n\n"),
    _z_dodge("x03-vdot",
             "Uses np.vdot, the one of NumPy's many inner products the exercise did not name.",
             "np.vdot(w, X[:, i]) + b"),
    _z_dodge("x03-dot-method",
             "Calls the .dot method of the example's column.",
             "X[:, i].dot(w[:, 0]) + b"),
    _z_dodge("x03-cumsum-last",
             "Takes the last entry of np.cumsum of the products: the total.",
             "np.cumsum(w[:, 0] * X[:, i])[-1] + b"),
    _z_dodge("x03-builtins-sum",
             "Reaches the built-in sum through the builtins module.",
             "b + builtins.sum(w[:, 0] * X[:, i])", imports="import builtins\n\n"),
    _z_dodge("x03-np-dict-lookup",
             "Looks np.sum up by name in NumPy's namespace, np.__dict__['sum']. The public check passes.",
             'np.__dict__["sum"](w[:, 0] * X[:, i]) + b'),
    _z_dodge("x03-eval-string",
             "Builds the forbidden expression as a string and evals it. The public check passes: the @ is inside "
             "a string.",
             'eval("w[:, 0] @ X[:, i]") + b'),
    _changed(COSTGRADS, "x03-comprehension-hides-product",
             "Has a loop over the examples, but first computes every z at once in a list comprehension whose "
             "body is a vectorised inner product, np.inner(w[:, 0], x), then loops only to accumulate.",
             ("    for i in range(m):\n        " + _Z_SUM,
              "    Z = [float(np.inner(w[:, 0], x)) + b for x in X.T]\n    for i in range(m):\n        z = Z[i]\n")),
    _changed(COSTGRADS, "x03-mean-for-cost",
             "Loops honestly for z and the gradients, but stores the m losses in a list and averages them with "
             "statistics.fmean at the end: np.mean by another name. The public check passes: its rule knows "
             "np.mean, not the statistics module.",
             ("J = 0.0", "losses = []"),
             ("J += -(y * np.log(a) + (1 - y) * np.log(1 - a))",
              "losses.append(-(y * np.log(a) + (1 - y) * np.log(1 - a)))"),
             ("float(J / m)", "statistics.fmean(losses)"),
             imports="import statistics\n\n"),
]


SYNTAX = [
    _changed(COSTGRADS, "s03-tab-in-loop",
             "Its editor inserted a tab before the inner loop over the features while the lines around it are "
             "indented with spaces: line 9 of the cell raises 'TabError: inconsistent use of tabs and spaces in "
             "indentation'. Nothing of the cell is defined.",
             ("        for j in range(n):\n            z +=", "\tfor j in range(n):\n            z +=")),
]


# An honest reading the prose leaves open: not asserted either way, for the integrator to rule on.
DISPUTED = [
    Student(
        name="d03-column-update",
        story="Keeps both loops for z but updates the whole column dw at once, dw += X[:, [i]] * dz: no sum is "
              "taken, each dw_j still grows one term per example, but the loop over the features for dw is "
              "gone although the exercise asks for 'one over the examples and one over the features'. The "
              "public check passes.",
        answers={COSTGRADS: edited(_LOOP, ("        for j in range(n):\n            dw[j, 0] += X[j, i] * dz\n",
                                           "        dw += X[:, [i]] * dz\n"))},
    ),
]
