"""Assignment 04, vectorization: students as they write them."""
from . import Student, right_in, wrong_in

ASSIGNMENT = "04_vectorization"

CENTER = "vec-center-code"
FORWARD = "vec-forward-code"
COST = "vec-cost-code"
BACKWARD = "vec-backward-code"


CORRECT = [
    # ---- whole-notebook students: every function in one consistent style -----------------------------------
    Student(
        name="c04-full-matmul",
        story="Writes the whole notebook with the @ operator and np.mean: short, one line per formula.",
        answers={
            CENTER: r'''def center_features(X):
    """X (n, m) -> X with each row's mean over the m examples subtracted, a float array (n, m)."""
    return X - X.mean(axis=1, keepdims=True)
''',
            FORWARD: r'''def forward(w, b, X):
    """w (n, 1), b float, X (n, m) -> A = sigmoid(w^T X + b), a float array (1, m)."""
    return sigmoid(w.T @ X + b)
''',
            COST: r'''def cost(A, Y):
    """A (1, m) activations, Y (1, m) labels -> the cross-entropy cost J, a float."""
    return float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))
''',
            BACKWARD: r'''def backward(X, A, Y):
    """X (n, m), A (1, m), Y (1, m) -> (dw (n, 1) array, db float), the gradients of the cost."""
    m = X.shape[1]
    dZ = A - Y
    dw = X @ dZ.T / m
    db = float(dZ.mean())
    return dw, db
''',
        },
    ),
    Student(
        name="c04-full-dot-helpers",
        story="Writes the whole notebook with np.dot, shape asserts and a small helper function for m; "
              "converts the dot-product cost with float(np.squeeze(...)). Adds scratch cells that print shapes.",
        answers={
            CENTER: r'''def center_features(X):
    """X (n, m) -> X with each row's mean over the m examples subtracted, a float array (n, m)."""
    mu = np.sum(X, axis=1, keepdims=True) / X.shape[1]
    assert mu.shape == (X.shape[0], 1)
    return X - mu
''',
            FORWARD: r'''def forward(w, b, X):
    """w (n, 1), b float, X (n, m) -> A = sigmoid(w^T X + b), a float array (1, m)."""
    Z = np.dot(w.T, X) + b
    A = sigmoid(Z)
    assert A.shape == (1, X.shape[1])
    return A
''',
            COST: r'''def number_of_examples(Y):
    return Y.shape[1]


def cost(A, Y):
    """A (1, m) activations, Y (1, m) labels -> the cross-entropy cost J, a float."""
    m = number_of_examples(Y)
    J = -(np.dot(Y, np.log(A).T) + np.dot(1 - Y, np.log(1 - A).T)) / m
    J = float(np.squeeze(J))
    return J
''',
            BACKWARD: r'''def backward(X, A, Y):
    """X (n, m), A (1, m), Y (1, m) -> (dw (n, 1) array, db float), the gradients of the cost."""
    m = number_of_examples(Y)
    dZ = A - Y
    dw = np.dot(X, dZ.T) / m
    db = np.sum(dZ) / m
    assert dw.shape == (X.shape[0], 1)
    return dw, float(db)
''',
        },
        extra_cells=(
            ("vec-forward-test", r'''print(forward(np.zeros((3, 1)), 0.0, np.ones((3, 4))).shape)
'''),
            ("vec-backward-test", r'''dw_try, db_try = backward(np.ones((2, 3)), np.full((1, 3), 0.5), np.ones((1, 3)))
print(dw_try.shape, type(db_try))
'''),
        ),
    ),
    Student(
        name="c04-full-column",
        story="Prefers examples as rows: builds Z = X^T w + b as an (m, 1) column and transposes A back to a row at "
              "the end; in backward turns dZ into a column, so that dw = X dZ / m needs no transpose.",
        answers={
            CENTER: r'''def center_features(X):
    """X (n, m) -> X with each row's mean over the m examples subtracted, a float array (n, m)."""
    return (X.T - X.T.mean(axis=0)).T
''',
            FORWARD: r'''def forward(w, b, X):
    """w (n, 1), b float, X (n, m) -> A = sigmoid(w^T X + b), a float array (1, m)."""
    Z = X.T @ w + b          # (m, 1): one row per example
    return sigmoid(Z).T      # back to (1, m)
''',
            COST: r'''def cost(A, Y):
    """A (1, m) activations, Y (1, m) labels -> the cross-entropy cost J, a float."""
    a = A.T
    y = Y.T
    losses = -(y * np.log(a) + (1 - y) * np.log(1 - a))   # (m, 1)
    return float(losses.mean())
''',
            BACKWARD: r'''def backward(X, A, Y):
    """X (n, m), A (1, m), Y (1, m) -> (dw (n, 1) array, db float), the gradients of the cost."""
    m = X.shape[1]
    dZ = (A - Y).T           # (m, 1)
    dw = X @ dZ / m          # (n, m) @ (m, 1) = (n, 1)
    db = dZ.sum() / m
    return dw, float(db)
''',
        },
    ),
    Student(
        name="c04-full-einsum",
        story="Has just discovered np.einsum and uses it for every product and sum; np.sum results are left as "
              "NumPy floats (a subclass of float).",
        answers={
            CENTER: r'''def center_features(X):
    """X (n, m) -> X with each row's mean over the m examples subtracted, a float array (n, m)."""
    m = X.shape[1]
    row_means = np.einsum("ij->i", X) / m
    return X - row_means[:, None]
''',
            FORWARD: r'''def forward(w, b, X):
    """w (n, 1), b float, X (n, m) -> A = sigmoid(w^T X + b), a float array (1, m)."""
    return sigmoid(np.einsum("ji,jk->ik", w, X) + b)
''',
            COST: r'''def cost(A, Y):
    """A (1, m) activations, Y (1, m) labels -> the cross-entropy cost J, a float."""
    m = Y.shape[1]
    total = np.einsum("ij,ij->", Y, np.log(A)) + np.einsum("ij,ij->", 1 - Y, np.log(1 - A))
    return -total / m
''',
            BACKWARD: r'''def backward(X, A, Y):
    """X (n, m), A (1, m), Y (1, m) -> (dw (n, 1) array, db float), the gradients of the cost."""
    m = X.shape[1]
    dZ = A - Y
    dw = np.einsum("ij,kj->ik", X, dZ) / m
    db = np.sum(dZ) / m
    return dw, db
''',
        },
    ),
    Student(
        name="c04-float32-activations",
        story="Stores the activations as float32 'because that is what GPUs use' (computed in float64, then "
              "converted); the cost converts them back with float(). The activations agree with the float64 "
              "values to about 7 significant digits, which a careful teacher accepts.",
        answers={
            FORWARD: r'''def forward(w, b, X):
    """w (n, 1), b float, X (n, m) -> A = sigmoid(w^T X + b), a float array (1, m)."""
    Z = np.dot(w.T, X) + b
    A = sigmoid(Z).astype(np.float32)
    return A
''',
            COST: r'''def cost(A, Y):
    """A (1, m) activations, Y (1, m) labels -> the cross-entropy cost J, a float."""
    A = A.astype(np.float64)
    return float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))
''',
        },
    ),
    # ---- single-function variants ----------------------------------------------------------------------
    Student(
        name="c04-center-reshape",
        story="Takes the 1-D row means and reshapes them to a column with reshape(-1, 1).",
        answers={
            CENTER: r'''def center_features(X):
    """X (n, m) -> X with each row's mean over the m examples subtracted, a float array (n, m)."""
    means = np.mean(X, axis=1)
    return X - means.reshape(-1, 1)
''',
        },
    ),
    Student(
        name="c04-center-newaxis",
        story="Indexes the row means with [:, np.newaxis] and converts X to float first.",
        answers={
            CENTER: r'''def center_features(X):
    """X (n, m) -> X with each row's mean over the m examples subtracted, a float array (n, m)."""
    X = X.astype(float)
    return X - X.mean(axis=1)[:, np.newaxis]
''',
        },
    ),
    Student(
        name="c04-forward-matmul",
        story="Uses np.matmul and computes sigmoid itself with np.exp.",
        answers={
            FORWARD: r'''def forward(w, b, X):
    """w (n, 1), b float, X (n, m) -> A = sigmoid(w^T X + b), a float array (1, m)."""
    Z = np.matmul(np.transpose(w), X) + b
    return 1 / (1 + np.exp(-Z))
''',
        },
    ),
    Student(
        name="c04-forward-broadcast-sum",
        story="Multiplies w (n, 1) into X by broadcasting and sums over the features with keepdims=True.",
        answers={
            FORWARD: r'''def forward(w, b, X):
    """w (n, 1), b float, X (n, m) -> A = sigmoid(w^T X + b), a float array (1, m)."""
    Z = (w * X).sum(axis=0, keepdims=True) + b
    return sigmoid(Z)
''',
        },
    ),
    Student(
        name="c04-forward-dot-method",
        story="Uses the .dot method, w.T.dot(X), and reshapes the result to (1, m) to be sure.",
        answers={
            FORWARD: r'''def forward(w, b, X):
    """w (n, 1), b float, X (n, m) -> A = sigmoid(w^T X + b), a float array (1, m)."""
    A = sigmoid(w.T.dot(X) + b)
    return A.reshape(1, X.shape[1])
''',
        },
    ),
    Student(
        name="c04-cost-sum-unconverted",
        story="Writes -np.sum(...) / m and returns it without float(): a NumPy float64, which is a Python float.",
        answers={
            COST: r'''def cost(A, Y):
    """A (1, m) activations, Y (1, m) labels -> the cross-entropy cost J, a float."""
    m = Y.shape[1]
    return -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
''',
        },
    ),
    Student(
        name="c04-cost-item",
        story="Uses the dot-product form and takes the single entry with .item().",
        answers={
            COST: r'''def cost(A, Y):
    """A (1, m) activations, Y (1, m) labels -> the cross-entropy cost J, a float."""
    m = A.shape[1]
    J = -(Y @ np.log(A).T + (1 - Y) @ np.log(1 - A).T) / m
    return J.item()
''',
        },
    ),
    Student(
        name="c04-cost-index",
        story="Uses np.dot with the transposes and picks the entry with [0, 0]; writes log(1 - A) as np.log1p(-A).",
        answers={
            COST: r'''def cost(A, Y):
    """A (1, m) activations, Y (1, m) labels -> the cross-entropy cost J, a float."""
    m = A.shape[1]
    logprobs = np.dot(Y, np.log(A).T) + np.dot(1 - Y, np.log1p(-A).T)
    return float(-logprobs[0, 0] / m)
''',
        },
    ),
    Student(
        name="c04-cost-squeezed",
        story="Uses np.squeeze on the (1, 1) dot-product result, as in the deeplearning.ai notebook, and returns "
              "the 0-d array it gives. The prose asks for a Python float via float(...), but a 0-d float array "
              "is that number and the course's checks accept it.",
        answers={
            COST: r'''def cost(A, Y):
    """A (1, m) activations, Y (1, m) labels -> the cross-entropy cost J, a float."""
    m = A.shape[1]
    J = -1 / m * (np.dot(Y, np.log(A).T) + np.dot(1 - Y, np.log(1 - A).T))
    return np.squeeze(J)
''',
        },
    ),
    Student(
        name="c04-backward-mean-broadcast",
        story="Gets dw as the mean over the examples of X * dZ (broadcast), keeping the axis.",
        answers={
            BACKWARD: r'''def backward(X, A, Y):
    """X (n, m), A (1, m), Y (1, m) -> (dw (n, 1) array, db float), the gradients of the cost."""
    dZ = A - Y
    dw = np.mean(X * dZ, axis=1, keepdims=True)
    db = float(np.mean(dZ))
    return dw, db
''',
        },
    ),
    Student(
        name="c04-backward-transposed-product",
        story="Computes dZ X^T / m, a row, and transposes it to a column; db with .item() of a keepdims sum.",
        answers={
            BACKWARD: r'''def backward(X, A, Y):
    """X (n, m), A (1, m), Y (1, m) -> (dw (n, 1) array, db float), the gradients of the cost."""
    m = X.shape[1]
    dZ = A - Y
    dw = (np.dot(dZ, X.T) / m).T
    db = (np.sum(dZ, axis=1, keepdims=True) / m).item()
    return (dw, db)
''',
        },
    ),
    Student(
        name="c04-backward-matmul",
        story="Uses np.matmul, multiplies by 1/m, and returns db from np.sum unconverted (a NumPy float64).",
        answers={
            BACKWARD: r'''def backward(X, A, Y):
    """X (n, m), A (1, m), Y (1, m) -> (dw (n, 1) array, db float), the gradients of the cost."""
    m = Y.shape[1]
    dZ = np.subtract(A, Y)
    dw = (1 / m) * np.matmul(X, dZ.T)
    db = (1 / m) * np.sum(dZ)
    return dw, db
''',
        },
    ),
    Student(
        name="c04-printer",
        story="Reference answers with print statements in the scratch cells after each check, including a print "
              "of the timing comparison.",
        answers={
            FORWARD: r'''def forward(w, b, X):
    """w (n, 1), b float, X (n, m) -> A = sigmoid(w^T X + b), a float array (1, m)."""
    print("w:", w.shape, "X:", X.shape)
    Z = np.dot(w.T, X) + b
    print("Z:", Z.shape)
    return sigmoid(Z)
''',
        },
        extra_cells=(
            ("vec-center-test", r'''print(center_features(np.array([[1.0, 2.0, 3.0], [10.0, 20.0, 30.0]])))
'''),
            ("vec-cost-test", r'''print(cost(np.array([[0.5, 0.5]]), np.array([[1.0, 0.0]])), np.log(2))
'''),
        ),
    ),
]


MISTAKES = [
    Student(
        name="m04-center-no-keepdims",
        story="Subtracts X.mean(axis=1) without keepdims=True: a row (n,) broadcast along the wrong axis.",
        answers={
            CENTER: r'''def center_features(X):
    """X (n, m) -> X with each row's mean over the m examples subtracted, a float array (n, m)."""
    return X - X.mean(axis=1)
''',
        },
        wrong=frozenset({CENTER}),
    ),
    Student(
        name="m04-center-wrong-axis",
        story="Averages over axis 0, the features, instead of the examples.",
        answers={
            CENTER: r'''def center_features(X):
    """X (n, m) -> X with each row's mean over the m examples subtracted, a float array (n, m)."""
    return X - np.mean(X, axis=0, keepdims=True)
''',
        },
        wrong=frozenset({CENTER}),
    ),
    Student(
        name="m04-center-global-mean",
        story="Uses np.mean without an axis: subtracts the mean of the whole matrix.",
        answers={
            CENTER: r'''def center_features(X):
    """X (n, m) -> X with each row's mean over the m examples subtracted, a float array (n, m)."""
    return X - np.mean(X)
''',
        },
        wrong=frozenset({CENTER}),
    ),
    Student(
        name="m04-center-in-place",
        story="Writes X -= mean: it changes the caller's array (the second public call then sees an already "
              "centered matrix and the check complains), and fails outright for integer X.",
        answers={
            CENTER: r'''def center_features(X):
    """X (n, m) -> X with each row's mean over the m examples subtracted, a float array (n, m)."""
    X -= X.mean(axis=1, keepdims=True)
    return X
''',
        },
        wrong=frozenset({CENTER}),
    ),
    Student(
        name="m04-center-loop",
        story="Centers the rows with a list comprehension, which the exercise forbids.",
        answers={
            CENTER: r'''def center_features(X):
    """X (n, m) -> X with each row's mean over the m examples subtracted, a float array (n, m)."""
    return np.array([row - row.mean() for row in X])
''',
        },
        wrong=frozenset({CENTER}),
    ),
    Student(
        name="m04-center-standardize",
        story="Also divides by the standard deviation (standardizing), which the exercise did not ask for.",
        answers={
            CENTER: r'''def center_features(X):
    """X (n, m) -> X with each row's mean over the m examples subtracted, a float array (n, m)."""
    mu = X.mean(axis=1, keepdims=True)
    sigma = X.std(axis=1, keepdims=True)
    return (X - mu) / sigma
''',
        },
        wrong=frozenset({CENTER}),
    ),
    Student(
        name="m04-forward-no-bias",
        story="Forgets + b.",
        answers={
            FORWARD: r'''def forward(w, b, X):
    """w (n, 1), b float, X (n, m) -> A = sigmoid(w^T X + b), a float array (1, m)."""
    return sigmoid(np.dot(w.T, X))
''',
        },
        wrong=frozenset({FORWARD}),
    ),
    Student(
        name="m04-forward-returns-z",
        story="Returns Z = w^T X + b and forgets the sigmoid.",
        answers={
            FORWARD: r'''def forward(w, b, X):
    """w (n, 1), b float, X (n, m) -> A = sigmoid(w^T X + b), a float array (1, m)."""
    Z = np.dot(w.T, X) + b
    return Z
''',
        },
        wrong=frozenset({FORWARD}),
    ),
    Student(
        name="m04-forward-no-keepdims",
        story="Uses the broadcast sum (w * X).sum(axis=0) without keepdims: a 1-D array of shape (m,).",
        answers={
            FORWARD: r'''def forward(w, b, X):
    """w (n, 1), b float, X (n, m) -> A = sigmoid(w^T X + b), a float array (1, m)."""
    return sigmoid((w * X).sum(axis=0) + b)
''',
        },
        wrong=frozenset({FORWARD}),
    ),
    Student(
        name="m04-forward-sum-no-axis",
        story="Writes np.sum(w * X) without an axis: one number for all examples together.",
        answers={
            FORWARD: r'''def forward(w, b, X):
    """w (n, 1), b float, X (n, m) -> A = sigmoid(w^T X + b), a float array (1, m)."""
    return sigmoid(np.sum(w * X) + b)
''',
        },
        wrong=frozenset({FORWARD}),
    ),
    Student(
        name="m04-forward-column",
        story="Computes X^T w + b, an (m, 1) column, and returns it without transposing back.",
        answers={
            FORWARD: r'''def forward(w, b, X):
    """w (n, 1), b float, X (n, m) -> A = sigmoid(w^T X + b), a float array (1, m)."""
    return sigmoid(X.T @ w + b)
''',
        },
        wrong=frozenset({FORWARD}),
    ),
    Student(
        name="m04-forward-comprehension",
        story="Computes one z per example in a list comprehension over the columns: correct numbers, but a "
              "loop, which the exercise forbids.",
        answers={
            FORWARD: r'''def forward(w, b, X):
    """w (n, 1), b float, X (n, m) -> A = sigmoid(w^T X + b), a float array (1, m)."""
    Z = np.array([[np.dot(w[:, 0], X[:, i]) + b for i in range(X.shape[1])]])
    return sigmoid(Z)
''',
        },
        wrong=frozenset({FORWARD}),
    ),
    Student(
        name="m04-forward-math-exp",
        story="Writes its own sigmoid with math.exp, which cannot take an array.",
        answers={
            FORWARD: r'''import math

def forward(w, b, X):
    """w (n, 1), b float, X (n, m) -> A = sigmoid(w^T X + b), a float array (1, m)."""
    Z = np.dot(w.T, X) + b
    return 1 / (1 + math.exp(-Z))
''',
        },
        wrong=frozenset({FORWARD}),
    ),
    Student(
        name="m04-forward-three-features",
        story="Reshapes w to (1, 3), the size of the notebook's example, instead of transposing it: right for "
              "n = 3 only. The public check has n = 3, so the public check passes; hidden inputs with another n "
              "fail.",
        answers={
            FORWARD: r'''def forward(w, b, X):
    """w (n, 1), b float, X (n, m) -> A = sigmoid(w^T X + b), a float array (1, m)."""
    w_row = w.reshape(1, 3)
    return sigmoid(np.dot(w_row, X) + b)
''',
        },
        wrong=frozenset({FORWARD}),
    ),
    Student(
        name="m04-cost-no-mean",
        story="Sums the losses and forgets to divide by m.",
        answers={
            COST: r'''def cost(A, Y):
    """A (1, m) activations, Y (1, m) labels -> the cross-entropy cost J, a float."""
    return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)))
''',
        },
        wrong=frozenset({COST}),
    ),
    Student(
        name="m04-cost-m-from-rows",
        story="Takes m = A.shape[0], which is 1 for a row: the same as not dividing.",
        answers={
            COST: r'''def cost(A, Y):
    """A (1, m) activations, Y (1, m) labels -> the cross-entropy cost J, a float."""
    m = A.shape[0]
    return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)
''',
        },
        wrong=frozenset({COST}),
    ),
    Student(
        name="m04-cost-no-minus",
        story="Forgets the minus sign: a negative cost.",
        answers={
            COST: r'''def cost(A, Y):
    """A (1, m) activations, Y (1, m) labels -> the cross-entropy cost J, a float."""
    return float(np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))
''',
        },
        wrong=frozenset({COST}),
    ),
    Student(
        name="m04-cost-matrix",
        story="Uses the dot-product form and returns the (1, 1) array it gives, not a float.",
        answers={
            COST: r'''def cost(A, Y):
    """A (1, m) activations, Y (1, m) labels -> the cross-entropy cost J, a float."""
    m = A.shape[1]
    return -(np.dot(Y, np.log(A).T) + np.dot(1 - Y, np.log(1 - A).T)) / m
''',
        },
        wrong=frozenset({COST}),
    ),
    Student(
        name="m04-cost-axis-mean",
        story="Averages with np.mean(..., axis=1): an array of shape (1,), not a float.",
        answers={
            COST: r'''def cost(A, Y):
    """A (1, m) activations, Y (1, m) labels -> the cross-entropy cost J, a float."""
    return -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A), axis=1)
''',
        },
        wrong=frozenset({COST}),
    ),
    Student(
        name="m04-cost-generator",
        story="Adds the losses with sum() over a zip of the two rows: a loop in disguise, which the exercise "
              "forbids.",
        answers={
            COST: r'''def cost(A, Y):
    """A (1, m) activations, Y (1, m) labels -> the cross-entropy cost J, a float."""
    total = sum(y * np.log(a) + (1 - y) * np.log(1 - a) for a, y in zip(A[0], Y[0]))
    return float(-total / A.shape[1])
''',
        },
        wrong=frozenset({COST}),
    ),
    Student(
        name="m04-helper-in-wrong-cell",
        story="Defines a helper number_of_examples(Y) in the cost cell and uses it again in backward. The cost "
              "forgets the minus sign; the helper and backward are right, so backward must keep its points even "
              "though the cell that defines its helper is wrong.",
        answers={
            COST: r'''def number_of_examples(Y):
    return Y.shape[1]


def cost(A, Y):
    """A (1, m) activations, Y (1, m) labels -> the cross-entropy cost J, a float."""
    m = number_of_examples(Y)
    return float(np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)
''',
            BACKWARD: r'''def backward(X, A, Y):
    """X (n, m), A (1, m), Y (1, m) -> (dw (n, 1) array, db float), the gradients of the cost."""
    m = number_of_examples(Y)
    dZ = A - Y
    return np.dot(X, dZ.T) / m, float(np.sum(dZ) / m)
''',
        },
        wrong=frozenset({COST}),
    ),
    Student(
        name="m04-backward-no-m",
        story="Divides db by m but not dw.",
        answers={
            BACKWARD: r'''def backward(X, A, Y):
    """X (n, m), A (1, m), Y (1, m) -> (dw (n, 1) array, db float), the gradients of the cost."""
    m = X.shape[1]
    dZ = A - Y
    dw = np.dot(X, dZ.T)
    db = float(np.sum(dZ) / m)
    return dw, db
''',
        },
        wrong=frozenset({BACKWARD}),
    ),
    Student(
        name="m04-backward-twice-m",
        story="Divides dw by m twice: once in the product (1/m * ...) and once more on the return line.",
        answers={
            BACKWARD: r'''def backward(X, A, Y):
    """X (n, m), A (1, m), Y (1, m) -> (dw (n, 1) array, db float), the gradients of the cost."""
    m = X.shape[1]
    dZ = A - Y
    dw = 1 / m * np.dot(X, dZ.T)
    db = 1 / m * np.sum(dZ)
    return dw / m, float(db)
''',
        },
        wrong=frozenset({BACKWARD}),
    ),
    Student(
        name="m04-backward-1d",
        story="Gets dw as (X * dZ).sum(axis=1) / m, without keepdims: shape (n,) instead of (n, 1).",
        answers={
            BACKWARD: r'''def backward(X, A, Y):
    """X (n, m), A (1, m), Y (1, m) -> (dw (n, 1) array, db float), the gradients of the cost."""
    m = X.shape[1]
    dZ = A - Y
    dw = (X * dZ).sum(axis=1) / m
    db = float(dZ.sum() / m)
    return dw, db
''',
        },
        wrong=frozenset({BACKWARD}),
    ),
    Student(
        name="m04-backward-db-array",
        story="Computes db with np.sum(dZ, axis=1, keepdims=True) / m and returns the (1, 1) array.",
        answers={
            BACKWARD: r'''def backward(X, A, Y):
    """X (n, m), A (1, m), Y (1, m) -> (dw (n, 1) array, db float), the gradients of the cost."""
    m = X.shape[1]
    dZ = A - Y
    dw = np.dot(X, dZ.T) / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    return dw, db
''',
        },
        wrong=frozenset({BACKWARD}),
    ),
    Student(
        name="m04-backward-sign",
        story="Takes dZ = Y - A.",
        answers={
            BACKWARD: r'''def backward(X, A, Y):
    """X (n, m), A (1, m), Y (1, m) -> (dw (n, 1) array, db float), the gradients of the cost."""
    m = X.shape[1]
    dZ = Y - A
    return np.dot(X, dZ.T) / m, float(np.sum(dZ) / m)
''',
        },
        wrong=frozenset({BACKWARD}),
    ),
    Student(
        name="m04-backward-m-from-rows",
        story="Takes m = X.shape[0], the number of features.",
        answers={
            BACKWARD: r'''def backward(X, A, Y):
    """X (n, m), A (1, m), Y (1, m) -> (dw (n, 1) array, db float), the gradients of the cost."""
    m = X.shape[0]
    dZ = A - Y
    return np.dot(X, dZ.T) / m, float(np.sum(dZ) / m)
''',
        },
        wrong=frozenset({BACKWARD}),
    ),
    Student(
        name="m04-backward-row",
        story="Returns dZ X^T / m, a row of shape (1, n), without transposing it.",
        answers={
            BACKWARD: r'''def backward(X, A, Y):
    """X (n, m), A (1, m), Y (1, m) -> (dw (n, 1) array, db float), the gradients of the cost."""
    m = X.shape[1]
    dZ = A - Y
    return np.dot(dZ, X.T) / m, float(np.sum(dZ) / m)
''',
        },
        wrong=frozenset({BACKWARD}),
    ),
    Student(
        name="m04-backward-loop",
        story="Computes dw one feature at a time in a for loop, which the exercise forbids.",
        answers={
            BACKWARD: r'''def backward(X, A, Y):
    """X (n, m), A (1, m), Y (1, m) -> (dw (n, 1) array, db float), the gradients of the cost."""
    n, m = X.shape
    dZ = A - Y
    dw = np.zeros((n, 1))
    for j in range(n):
        dw[j, 0] = np.sum(X[j] * dZ[0]) / m
    return dw, float(np.sum(dZ) / m)
''',
        },
        wrong=frozenset({BACKWARD}),
    ),
    Student(
        name="m04-backward-five-examples",
        story="Writes m = 5, the number of examples in the notebook's check, instead of reading it from X. The "
              "public check has m = 5, so the public check passes; hidden inputs with another m fail.",
        answers={
            BACKWARD: r'''def backward(X, A, Y):
    """X (n, m), A (1, m), Y (1, m) -> (dw (n, 1) array, db float), the gradients of the cost."""
    m = 5
    dZ = A - Y
    return np.dot(X, dZ.T) / m, float(np.sum(dZ) / m)
''',
        },
        wrong=frozenset({BACKWARD}),
    ),
]


# Honest readings that the prose leaves open, ruled correct: right values with no loop, which is the exercise's rule;
# "one reduction" is a hint.
RULED_CORRECT = [
    Student(
        name="d04-center-matrix",
        story="Remembers the centering matrix from linear algebra: X (I - 11^T / m) subtracts each row's mean. "
              "Right values, no loop, but not the 'one reduction and broadcasting' the exercise asks for, and it "
              "builds an m x m matrix. Whether that sentence is a rule or a hint is the question.",
        answers={
            CENTER: r'''def center_features(X):
    """X (n, m) -> X with each row's mean over the m examples subtracted, a float array (n, m)."""
    m = X.shape[1]
    H = np.eye(m) - np.ones((m, m)) / m
    return X @ H
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
    # Correct answers with other parameter names than the notebook's: each gets every point.
    Student("c04-renamed-center-features-data", "center_features(data)", {"vec-center-code": '''
def center_features(data):
    return data - np.mean(data, axis=1, keepdims=True)
'''}),
    Student("c04-renamed-forward-weights-bias-data", "forward(weights, bias, data)", {"vec-forward-code": '''
def forward(weights, bias, data):
    return sigmoid(np.dot(weights.T, data) + bias)
'''}),
    Student("c04-renamed-cost-activations-labels", "cost(activations, labels)", {"vec-cost-code": '''
def cost(activations, labels):
    m = labels.shape[1]
    return float(-np.sum(labels * np.log(activations) + (1 - labels) * np.log(1 - activations)) / m)
'''}),
    Student("c04-renamed-backward-data-activations-labels", "backward(data, activations, labels)", {"vec-backward-code": '''
def backward(data, activations, labels):
    m = data.shape[1]
    dZ = activations - labels
    return np.dot(data, dZ.T) / m, float(np.sum(dZ) / m)
'''}),
    # Right answers written otherwise than the reference: each gets every point.
    right_in("c04-and-an-assert-on-the-shape-as-the", "vec-forward-code", "@ and an assert on the shape, as the exercise suggests", '''
def forward(w, b, X):
    Z = w.T @ X + b
    assert Z.shape == (1, X.shape[1]), Z.shape
    return sigmoid(Z)
'''),
    right_in("c04-np-mean-for-db-and-x-dz-t-for-dw", "vec-backward-code", "np.mean for db and X @ dZ.T for dw, with asserts", '''
def backward(X, A, Y):
    dZ = A - Y
    dw = X @ dZ.T / X.shape[1]
    db = float(np.mean(dZ))
    assert dw.shape == (X.shape[0], 1)
    return dw, db
'''),
    right_in("c04-dw-as-the-transposed-row-np-dot", "vec-backward-code", "dw as the transposed row np.dot(dZ, X.T).T", '''
def backward(X, A, Y):
    m = X.shape[1]
    dZ = A - Y
    return np.dot(dZ, X.T).T / m, np.sum(dZ).item() / m
'''),
]

# Realistic mistakes, each in one function: each costs exactly the points of that function's test cell.
AUTHOR_MISTAKES = [
    # center_features
    wrong_in("m04-averages-over-the-features-axis", "vec-center-code", "averages over the features (axis 0) instead of the examples", '''
def center_features(X):
    return X - np.mean(X, axis=0, keepdims=True)
'''),
    wrong_in("m04-row-means-without-keepdims-broadcast", "vec-center-code", "row means without keepdims broadcast as a row", '''
def center_features(X):
    return X - np.mean(X, axis=1)
'''),
    wrong_in("m04-subtracts-the-mean-of-the-whole", "vec-center-code", "subtracts the mean of the whole matrix", '''
def center_features(X):
    return X - np.mean(X)
'''),
    wrong_in("m04-right-values-computed-with-loops", "vec-center-code", "right values, computed with loops", '''
def center_features(X):
    centered = np.array(X, dtype=float)
    for j in range(X.shape[0]):
        centered[j, :] = X[j, :] - sum(X[j, :]) / X.shape[1]
    return centered
'''),
    # forward
    wrong_in("m04-missing-transpose-x-t-w-has-shape", "vec-forward-code", "missing transpose: X^T w has shape (m, 1)", '''
def forward(w, b, X):
    return sigmoid(np.dot(X.T, w) + b)
'''),
    wrong_in("m04-forgets-the-bias-b", "vec-forward-code", "forgets the bias b", '''
def forward(w, b, X):
    return sigmoid(np.dot(w.T, X))
'''),
    wrong_in("m04-sign-error-inside-the-sigmoid", "vec-forward-code", "sign error inside the sigmoid", '''
def forward(w, b, X):
    return 1 / (1 + np.exp(np.dot(w.T, X) + b))
'''),
    wrong_in("m04-right-values-with-a-loop-over-the", "vec-forward-code", "right values, with a loop over the examples", '''
def forward(w, b, X):
    A = np.zeros((1, X.shape[1]))
    for i in range(X.shape[1]):
        A[0, i] = sigmoid(np.dot(w[:, 0], X[:, i]) + b)
    return A
'''),
    # cost
    wrong_in("m04-forgets-to-divide-by-m", "vec-cost-code", "forgets to divide by m", '''
def cost(A, Y):
    return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)))
'''),
    wrong_in("m04-sign-error-the-minus-in-front-is", "vec-cost-code", "sign error: the minus in front is missing", '''
def cost(A, Y):
    return float(np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))
'''),
    wrong_in("m04-returns-a-1-1-array-instead-of-a", "vec-cost-code", "returns a (1, 1) array instead of a float", '''
def cost(A, Y):
    m = Y.shape[1]
    return -(np.dot(Y, np.log(A).T) + np.dot(1 - Y, np.log(1 - A).T)) / m
'''),
    wrong_in("m04-drops-the-1-y-log-1-a-term", "vec-cost-code", "drops the (1 - y) log(1 - a) term", '''
def cost(A, Y):
    return float(-np.mean(Y * np.log(A)))
'''),
    wrong_in("m04-right-value-with-a-loop-over-the", "vec-cost-code", "right value, with a loop over the examples", '''
def cost(A, Y):
    m = Y.shape[1]
    total = 0.0
    for i in range(m):
        total -= Y[0, i] * np.log(A[0, i]) + (1 - Y[0, i]) * np.log(1 - A[0, i])
    return float(total / m)
'''),
    # backward
    wrong_in("m04-forgets-to-divide-by-m-b", "vec-backward-code", "forgets to divide by m", '''
def backward(X, A, Y):
    dZ = A - Y
    return np.dot(X, dZ.T), float(np.sum(dZ))
'''),
    wrong_in("m04-sign-error-y-a-instead-of-a-y", "vec-backward-code", "sign error: Y - A instead of A - Y", '''
def backward(X, A, Y):
    m = X.shape[1]
    dZ = Y - A
    return np.dot(X, dZ.T) / m, float(np.sum(dZ) / m)
'''),
    wrong_in("m04-missing-transpose-dw-has-shape-1", "vec-backward-code", "missing transpose: dw has shape (1, n)", '''
def backward(X, A, Y):
    m = X.shape[1]
    dZ = A - Y
    return np.dot(dZ, X.T) / m, float(np.sum(dZ) / m)
'''),
    wrong_in("m04-db-is-a-1-1-array-not-a-float", "vec-backward-code", "db is a (1, 1) array, not a float", '''
def backward(X, A, Y):
    m = X.shape[1]
    dZ = A - Y
    return np.dot(X, dZ.T) / m, np.sum(dZ, axis=1, keepdims=True) / m
'''),
    wrong_in("m04-right-values-with-a-loop-over-the-b", "vec-backward-code", "right values, with a loop over the examples", '''
def backward(X, A, Y):
    n, m = X.shape
    dw, db = np.zeros((n, 1)), 0.0
    for i in range(m):
        dz = A[0, i] - Y[0, i]
        dw += X[:, i:i + 1] * dz
        db += dz
    return dw / m, float(db / m)
'''),
]

CORRECT = CORRECT + AUTHOR_CORRECT
MISTAKES = MISTAKES + AUTHOR_MISTAKES
