"""Assignment 04, vectorization: a second set of students, written as first-timers write them.

Beside a04: renamed parameters, other reductions and products, 0-d arrays, in-place work on a copy, helpers.
DODGES hold code with the right numbers that still runs a Python-level loop the exercise forbids, hidden in a
call (map, np.vectorize, np.apply_along_axis, recursion, functools.reduce, exec): each one's `wrong` is the
cell whose rule it breaks.
"""
from . import Student

ASSIGNMENT = "04_vectorization"

CENTER = "vec-center-code"
FORWARD = "vec-forward-code"
COST = "vec-cost-code"
BACKWARD = "vec-backward-code"


CORRECT = [
    Student(
        name="v04-short-names",
        story="Renames every parameter (center_features(M), forward(W, bias, data), cost(AL, labels), "
              "backward(data, AL, labels)) and writes each function in one or two lines with np.dot.",
        answers={
            CENTER: r'''def center_features(M):
    """X (n, m) -> X with each row's mean over the m examples subtracted, a float array (n, m)."""
    return np.subtract(M, np.mean(M, axis=1, keepdims=True))
''',
            FORWARD: r'''def forward(W, bias, data):
    """w (n, 1), b float, X (n, m) -> A = sigmoid(w^T X + b), a float array (1, m)."""
    return sigmoid(np.dot(W.T, data) + bias)
''',
            COST: r'''def cost(AL, labels):
    """A (1, m) activations, Y (1, m) labels -> the cross-entropy cost J, a float."""
    m = labels.shape[1]
    return float(-np.sum(labels * np.log(AL) + (1 - labels) * np.log(1 - AL)) / m)
''',
            BACKWARD: r'''def backward(data, AL, labels):
    """X (n, m), A (1, m), Y (1, m) -> (dw (n, 1) array, db float), the gradients of the cost."""
    m = data.shape[1]
    dZ = AL - labels
    return np.dot(data, dZ.T) / m, float(np.sum(dZ)) / m
''',
        },
    ),
    Student(
        name="v04-long-names-asserts",
        story="Descriptive names (features, weights, bias, activations, labels), a helper for the linear part, "
              "and an assert on every shape it can think of.",
        answers={
            CENTER: r'''def center_features(features):
    """X (n, m) -> X with each row's mean over the m examples subtracted, a float array (n, m)."""
    feature_means = np.average(features, axis=1, keepdims=True)
    assert feature_means.shape == (features.shape[0], 1)
    centered = features - feature_means
    assert centered.shape == features.shape
    return centered
''',
            FORWARD: r'''def linear_part(weights, bias, features):
    return weights.T @ features + bias


def forward(weights, bias, features):
    """w (n, 1), b float, X (n, m) -> A = sigmoid(w^T X + b), a float array (1, m)."""
    assert weights.shape == (features.shape[0], 1)
    activations = sigmoid(linear_part(weights, bias, features))
    assert activations.shape == (1, features.shape[1])
    return activations
''',
            COST: r'''def cost(activations, labels):
    """A (1, m) activations, Y (1, m) labels -> the cross-entropy cost J, a float."""
    assert activations.shape == labels.shape
    number_of_examples = labels.shape[1]
    log_probabilities = labels * np.log(activations) + (1 - labels) * np.log(1 - activations)
    return float(-log_probabilities.sum() / number_of_examples)
''',
            BACKWARD: r'''def backward(features, activations, labels):
    """X (n, m), A (1, m), Y (1, m) -> (dw (n, 1) array, db float), the gradients of the cost."""
    number_of_examples = features.shape[1]
    errors = activations - labels
    assert errors.shape == (1, number_of_examples)
    weight_gradient = features @ errors.T / number_of_examples
    bias_gradient = float(errors.mean())
    assert weight_gradient.shape == (features.shape[0], 1)
    return weight_gradient, bias_gradient
''',
        },
    ),
    Student(
        name="v04-copy-then-in-place",
        story="Makes a float copy with astype(float) and subtracts the means in place from the copy (X itself is "
              "untouched); computes the cost from the probability of the observed label, np.where(Y == 1, A, "
              "1 - A), right for labels 0 and 1.",
        answers={
            CENTER: r'''def center_features(X):
    """X (n, m) -> X with each row's mean over the m examples subtracted, a float array (n, m)."""
    centered = X.astype(float)          # a new array: X itself stays as it was
    centered -= centered.mean(axis=1, keepdims=True)
    return centered
''',
            COST: r'''def cost(A, Y):
    """A (1, m) activations, Y (1, m) labels -> the cross-entropy cost J, a float."""
    probability_of_label = np.where(Y == 1, A, 1 - A)
    return float(-np.mean(np.log(probability_of_label)))
''',
        },
    ),
    Student(
        name="v04-other-products",
        story="Tries NumPy's other products: forward with np.tensordot over the feature axis, backward with "
              "np.inner of the rows of X and the row dZ; centers with an (m, 1) column of ones, X 1 / m.",
        answers={
            CENTER: r'''def center_features(X):
    """X (n, m) -> X with each row's mean over the m examples subtracted, a float array (n, m)."""
    m = X.shape[1]
    means = X @ np.ones((m, 1)) / m
    return X - means
''',
            FORWARD: r'''def forward(w, b, X):
    """w (n, 1), b float, X (n, m) -> A = sigmoid(w^T X + b), a float array (1, m)."""
    Z = np.tensordot(w, X, axes=([0], [0])) + b     # (1, m)
    return sigmoid(Z)
''',
            BACKWARD: r'''def backward(X, A, Y):
    """X (n, m), A (1, m), Y (1, m) -> (dw (n, 1) array, db float), the gradients of the cost."""
    m = X.shape[1]
    dZ = A - Y
    dw = np.inner(X, dZ) / m        # each row of X with the row dZ: (n, 1)
    db = np.sum(dZ) / m
    return dw, float(db)
''',
        },
    ),
    Student(
        name="v04-numpy-scalars",
        story="Never calls float(): the cost is np.squeeze of the (1, 1) product taken with @ (a 0-d array), and "
              "db is np.squeeze(np.sum(dZ) / m), also 0-d. The text asks for Python floats, but a 0-d array is "
              "the number. Writes its own sigmoid inline in forward and expands the means with np.expand_dims.",
        answers={
            CENTER: r'''def center_features(X):
    """X (n, m) -> X with each row's mean over the m examples subtracted, a float array (n, m)."""
    return X - np.expand_dims(np.mean(X, axis=1), axis=1)
''',
            FORWARD: r'''def forward(w, b, X):
    """w (n, 1), b float, X (n, m) -> A = sigmoid(w^T X + b), a float array (1, m)."""
    Z = w.T @ X + b
    return 1.0 / (1.0 + np.exp(-Z))
''',
            COST: r'''def cost(A, Y):
    """A (1, m) activations, Y (1, m) labels -> the cross-entropy cost J, a float."""
    m = Y.shape[1]
    J = -(np.log(A) @ Y.T + np.log(1 - A) @ (1 - Y).T) / m
    return np.squeeze(J)
''',
            BACKWARD: r'''def backward(X, A, Y):
    """X (n, m), A (1, m), Y (1, m) -> (dw (n, 1) array, db float), the gradients of the cost."""
    m = X.shape[1]
    dZ = A - Y
    dw = (1.0 / m) * (X @ dZ.T)
    db = np.squeeze(np.sum(dZ) / m)
    return dw, db
''',
        },
    ),
    Student(
        name="v04-printer",
        story="Prints shapes inside cost and backward, indexes the (1, 1) dot product with [0][0], and tries its "
              "functions on its own small arrays in scratch cells, with b = 0 as an int.",
        answers={
            COST: r'''def cost(A, Y):
    """A (1, m) activations, Y (1, m) labels -> the cross-entropy cost J, a float."""
    m = A.shape[1]
    print("A", A.shape, "Y", Y.shape)
    total = np.dot(Y, np.log(A).T) + np.dot(1 - Y, np.log(1 - A).T)
    return -total[0][0] / m
''',
            BACKWARD: r'''def backward(X, A, Y):
    """X (n, m), A (1, m), Y (1, m) -> (dw (n, 1) array, db float), the gradients of the cost."""
    m = X.shape[1]
    dZ = A - Y
    dw = np.dot(X, dZ.T) * (1 / m)
    db = dZ.sum() / m
    print("dw", dw.shape, "db", db)
    return dw, db.item()
''',
        },
        extra_cells=(
            ("vec-forward-test", r'''A_try = forward(np.zeros((2, 1)), 0, np.array([[1.0, 2.0, 3.0], [0.0, -1.0, 4.0]]))
print(A_try, A_try.shape)   # all 0.5
'''),
            ("vec-backward-test", r'''X_try = np.array([[1.0, 2.0, 0.0], [1.0, 0.0, 2.0]])
print(backward(X_try, np.array([[0.5, 0.75, 0.25]]), np.array([[1.0, 1.0, 0.0]])))
'''),
        ),
    ),
]


MISTAKES = [
    Student(
        name="w04-center-floor-division",
        story="Computes the means as X.sum(axis=1, keepdims=True) // m, floor division out of habit. Every row "
              "of the public check happens to have a whole-number mean, so the public check passes; any row "
              "whose mean is not a whole number is centered wrong.",
        answers={
            CENTER: r'''def center_features(X):
    """X (n, m) -> X with each row's mean over the m examples subtracted, a float array (n, m)."""
    m = X.shape[1]
    return X - X.sum(axis=1, keepdims=True) // m
''',
        },
        wrong=frozenset({CENTER}),
    ),
    Student(
        name="w04-center-median",
        story="Subtracts each row's median, thinking 'center' means the middle value.",
        answers={
            CENTER: r'''def center_features(X):
    """X (n, m) -> X with each row's mean over the m examples subtracted, a float array (n, m)."""
    return X - np.median(X, axis=1, keepdims=True)
''',
        },
        wrong=frozenset({CENTER}),
    ),
    Student(
        name="w04-center-transposed-means",
        story="Takes the keepdims means (n, 1) and transposes them 'to line up with the examples': a row (1, n), "
              "which only fits a square X, and then subtracts mean j from column j.",
        answers={
            CENTER: r'''def center_features(X):
    """X (n, m) -> X with each row's mean over the m examples subtracted, a float array (n, m)."""
    mu = X.mean(axis=1, keepdims=True)
    return X - mu.T
''',
        },
        wrong=frozenset({CENTER}),
    ),
    Student(
        name="w04-forward-reads-globals",
        story="Renames the parameters to weights, bias, data but the body still uses w, b and X, the globals "
              "the check cell happens to define with the same values as its arguments: the public check passes, "
              "and the function ignores its arguments on any other call.",
        answers={
            FORWARD: r'''def forward(weights, bias, data):
    """w (n, 1), b float, X (n, m) -> A = sigmoid(w^T X + b), a float array (1, m)."""
    return sigmoid(np.dot(w.T, X) + b)
''',
        },
        wrong=frozenset({FORWARD}),
    ),
    Student(
        name="w04-forward-no-transpose",
        story="Writes np.dot(w, X) without the transpose: shapes (n, 1) and (n, m) do not fit (a ValueError "
              "unless n = 1).",
        answers={
            FORWARD: r'''def forward(w, b, X):
    """w (n, 1), b float, X (n, m) -> A = sigmoid(w^T X + b), a float array (1, m)."""
    Z = np.dot(w, X) + b
    return sigmoid(Z)
''',
        },
        wrong=frozenset({FORWARD}),
    ),
    Student(
        name="w04-cost-floor-division",
        story="Writes the factor as -1 // m, which is -1 for every m: the cost is the sum of the losses, not "
              "their mean.",
        answers={
            COST: r'''def cost(A, Y):
    """A (1, m) activations, Y (1, m) labels -> the cross-entropy cost J, a float."""
    m = A.shape[1]
    return float(-1 // m * np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)))
''',
        },
        wrong=frozenset({COST}),
    ),
    Student(
        name="w04-cost-float-of-matrix",
        story="Wraps the (1, 1) dot-product result in float(...) as the text suggests. Older NumPy allowed that "
              "with a warning; NumPy 2 raises 'only 0-dimensional arrays can be converted to Python scalars'.",
        answers={
            COST: r'''def cost(A, Y):
    """A (1, m) activations, Y (1, m) labels -> the cross-entropy cost J, a float."""
    m = A.shape[1]
    J = -(np.dot(Y, np.log(A).T) + np.dot(1 - Y, np.log(1 - A).T)) / m
    return float(J)
''',
        },
        wrong=frozenset({COST}),
    ),
    Student(
        name="w04-cost-dot-no-transpose",
        story="Writes np.dot(Y, np.log(A)) without transposing: (1, m) by (1, m) does not fit, a ValueError.",
        answers={
            COST: r'''def cost(A, Y):
    """A (1, m) activations, Y (1, m) labels -> the cross-entropy cost J, a float."""
    m = A.shape[1]
    J = -(np.dot(Y, np.log(A)) + np.dot(1 - Y, np.log(1 - A))) / m
    return float(np.squeeze(J))
''',
        },
        wrong=frozenset({COST}),
    ),
    Student(
        name="w04-backward-db-flat",
        story="Sums dZ along axis=1 and divides by m: db is an array of shape (1,) where the text demands a "
              "float.",
        answers={
            BACKWARD: r'''def backward(X, A, Y):
    """X (n, m), A (1, m), Y (1, m) -> (dw (n, 1) array, db float), the gradients of the cost."""
    m = X.shape[1]
    dZ = A - Y
    dw = np.dot(X, dZ.T) / m
    db = np.sum(dZ, axis=1) / m
    return dw, db
''',
        },
        wrong=frozenset({BACKWARD}),
    ),
    Student(
        name="w04-backward-dict",
        story="Returns the gradients in a dictionary {'dw': ..., 'db': ...}, as in the deeplearning.ai "
              "notebook, where this exercise asks for the tuple (dw, db).",
        answers={
            BACKWARD: r'''def backward(X, A, Y):
    """X (n, m), A (1, m), Y (1, m) -> (dw (n, 1) array, db float), the gradients of the cost."""
    m = X.shape[1]
    dZ = A - Y
    return {"dw": np.dot(X, dZ.T) / m, "db": float(np.sum(dZ) / m)}
''',
        },
        wrong=frozenset({BACKWARD}),
    ),
]


# ---------------------------------------------------------------------------------------------------------
# Rule dodges: no `for`, `while` or comprehension in the text, but a Python-level loop all the same. The public
# check's rule reads the function's text for those three, so it passes all of them.
# ---------------------------------------------------------------------------------------------------------
DODGES = [
    Student(
        name="x04-center-apply-along-axis",
        story="Centers each row with np.apply_along_axis and a lambda: NumPy calls the lambda once per row "
              "from a Python loop. The public check passes.",
        answers={
            CENTER: r'''def center_features(X):
    """X (n, m) -> X with each row's mean over the m examples subtracted, a float array (n, m)."""
    return np.apply_along_axis(lambda row: row - row.mean(), 1, X)
''',
        },
        wrong=frozenset({CENTER}),
    ),
    Student(
        name="x04-center-map",
        story="Maps a lambda over the rows of X and stacks the results: a loop without the word for. The "
              "public check passes.",
        answers={
            CENTER: r'''def center_features(X):
    """X (n, m) -> X with each row's mean over the m examples subtracted, a float array (n, m)."""
    return np.array(list(map(lambda row: row - np.mean(row), X)))
''',
        },
        wrong=frozenset({CENTER}),
    ),
    Student(
        name="x04-center-recursion",
        story="Centers the first row and recurses on the others: one Python call per feature. The public check passes.",
        answers={
            CENTER: r'''def center_features(X):
    """X (n, m) -> X with each row's mean over the m examples subtracted, a float array (n, m)."""
    if X.shape[0] == 0:
        return X.astype(float)
    first = X[:1] - X[:1].mean()
    return np.vstack([first, center_features(X[1:])])
''',
        },
        wrong=frozenset({CENTER}),
    ),
    Student(
        name="x04-forward-vectorize",
        story="Wraps a per-example function in np.vectorize with a signature: it reads like array code, but "
              "np.vectorize is a Python loop over the columns. The public check passes.",
        answers={
            FORWARD: r'''def forward(w, b, X):
    """w (n, 1), b float, X (n, m) -> A = sigmoid(w^T X + b), a float array (1, m)."""
    one_example = np.vectorize(lambda x: sigmoid(np.dot(w[:, 0], x) + b), signature="(n)->()")
    return one_example(X.T).reshape(1, -1)
''',
        },
        wrong=frozenset({FORWARD}),
    ),
    Student(
        name="x04-forward-exec-loop",
        story="Writes the loop over the examples in a string and runs it with exec: the loop is there, only "
              "hidden from a reader of the function's code. The public check passes.",
        answers={
            FORWARD: r'''def forward(w, b, X):
    """w (n, 1), b float, X (n, m) -> A = sigmoid(w^T X + b), a float array (1, m)."""
    scope = {"np": np, "w": w, "b": b, "X": X, "A": np.zeros((1, X.shape[1]))}
    exec("for i in range(X.shape[1]):\n    A[0, i] = 1 / (1 + np.exp(-(np.dot(w[:, 0], X[:, i]) + b)))", scope)
    return scope["A"]
''',
        },
        wrong=frozenset({FORWARD}),
    ),
    Student(
        name="x04-cost-starmap",
        story="Computes each example's loss with itertools.starmap over zip(A[0], Y[0]) and averages the "
              "results with np.mean: one Python call per example. The public check passes.",
        answers={
            COST: r'''import itertools

def cost(A, Y):
    """A (1, m) activations, Y (1, m) labels -> the cross-entropy cost J, a float."""
    losses = itertools.starmap(lambda a, y: -(y * np.log(a) + (1 - y) * np.log(1 - a)), zip(A[0], Y[0]))
    return float(np.mean(list(losses)))
''',
        },
        wrong=frozenset({COST}),
    ),
    Student(
        name="x04-cost-fromiter",
        story="Feeds a map over the examples to np.fromiter and sums the array: a Python loop that looks like "
              "NumPy. The public check passes.",
        answers={
            COST: r'''def cost(A, Y):
    """A (1, m) activations, Y (1, m) labels -> the cross-entropy cost J, a float."""
    m = A.shape[1]
    losses = np.fromiter(map(lambda i: -(Y[0, i] * np.log(A[0, i]) + (1 - Y[0, i]) * np.log(1 - A[0, i])),
                             range(m)), dtype=float)
    return float(losses.sum() / m)
''',
        },
        wrong=frozenset({COST}),
    ),
    Student(
        name="x04-backward-reduce",
        story="Accumulates x^(i) dz^(i) over the examples with functools.reduce and a lambda: the loop of "
              "assignment 3, folded into one call. The public check passes.",
        answers={
            BACKWARD: r'''import functools

def backward(X, A, Y):
    """X (n, m), A (1, m), Y (1, m) -> (dw (n, 1) array, db float), the gradients of the cost."""
    n, m = X.shape
    dZ = A - Y
    dw = functools.reduce(lambda acc, i: acc + X[:, [i]] * dZ[0, i], range(m), np.zeros((n, 1))) / m
    return dw, float(np.sum(dZ) / m)
''',
        },
        wrong=frozenset({BACKWARD}),
    ),
]


SYNTAX = [
    Student(
        name="s04-unclosed-bracket",
        story="Forgets the closing parenthesis of np.mean(...) on line 3 of the cell: 'SyntaxError: '(' was "
              "never closed'. Nothing of the cell is defined.",
        answers={
            CENTER: r'''def center_features(X):
    """X (n, m) -> X with each row's mean over the m examples subtracted, a float array (n, m)."""
    mu = np.mean(X, axis=1, keepdims=True
    return X - mu
''',
        },
        wrong=frozenset({CENTER}),
    ),
]
