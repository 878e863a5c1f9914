"""Assignment 03, cost and gradients over m examples with loops: students as they write them."""
from . import Student, wrong_in

ASSIGNMENT = "03_m_example_loop"

COSTGRADS = "loop-costgrads-code"
STEP = "loop-step-code"


CORRECT = [
    Student(
        name="c03-textbook-math",
        story="Follows the six steps of the algorithm with math.exp and math.log, integer accumulators J = 0 and "
              "db = 0, and divides at the end.",
        answers={
            COSTGRADS: r'''import math

def cost_and_grads_loop(w, b, X, Y):
    """Cost J and its gradient (dw, db) over all m examples, with explicit loops."""
    n = X.shape[0]
    m = X.shape[1]
    J = 0
    dw = np.zeros((n, 1))
    db = 0
    for i in range(m):
        z = 0
        for j in range(n):
            z = z + w[j, 0] * X[j, i]
        z = z + b
        a = 1 / (1 + math.exp(-z))
        J = J - (Y[0, i] * math.log(a) + (1 - Y[0, i]) * math.log(1 - a))
        dz = a - Y[0, i]
        for j in range(n):
            dw[j, 0] = dw[j, 0] + X[j, i] * dz
        db = db + dz
    J = J / m
    dw = dw / m
    db = db / m
    return J, dw, db
''',
            STEP: r'''def gd_step(w, b, dw, db, alpha):
    """One gradient-descent step on the weights and the bias."""
    w_new = w - alpha * dw
    b_new = b - alpha * db
    return w_new, b_new
''',
        },
    ),
    Student(
        name="c03-numpy-scalars",
        story="Uses np.exp and np.log on single numbers and never converts: J and db come back as NumPy floats.",
        answers={
            COSTGRADS: r'''def cost_and_grads_loop(w, b, X, Y):
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
        for j in range(n):
            dw[j, 0] += X[j, i] * (a - y)
        db += a - y
    return J / m, dw / m, db / m
''',
        },
    ),
    Student(
        name="c03-list-accumulator",
        story="Accumulates dw in a Python list and turns it into an (n, 1) array at the end with reshape.",
        answers={
            COSTGRADS: r'''def cost_and_grads_loop(w, b, X, Y):
    """Cost J and its gradient (dw, db) over all m examples, with explicit loops."""
    n, m = X.shape
    total_loss = 0.0
    dw = [0.0] * n
    db = 0.0
    for i in range(m):
        z = b
        for j in range(n):
            z += w[j][0] * X[j][i]
        a = sigmoid(z)
        total_loss += -(Y[0][i] * np.log(a) + (1 - Y[0][i]) * np.log(1 - a))
        dz = a - Y[0][i]
        for j in range(n):
            dw[j] += X[j][i] * dz
        db += dz
    dw = np.array(dw).reshape(n, 1) / m
    return float(total_loss / m), dw, float(db / m)
''',
        },
    ),
    Student(
        name="c03-column-by-column",
        story="Takes each example as x = X[:, i] and loops over its features with zip(w[:, 0], x); dw is "
              "np.zeros_like(w, dtype=float).",
        answers={
            COSTGRADS: r'''def cost_and_grads_loop(w, b, X, Y):
    """Cost J and its gradient (dw, db) over all m examples, with explicit loops."""
    m = X.shape[1]
    dw = np.zeros_like(w, dtype=float)
    J, db = 0.0, 0.0
    for i in range(m):
        x = X[:, i]
        y = Y[0, i]
        z = b
        for w_j, x_j in zip(w[:, 0], x):
            z += w_j * x_j
        a = 1.0 / (1.0 + np.exp(-z))
        J -= y * np.log(a) + (1.0 - y) * np.log(1.0 - a)
        dz = a - y
        for j, x_j in enumerate(x):
            dw[j, 0] += x_j * dz
        db += dz
    return J / m, dw / m, db / m
''',
        },
    ),
    Student(
        name="c03-asserts-and-prints",
        story="Asserts the shapes at the start, prints the cost at the end of every call (the training cell then "
              "prints 300 lines), and returns the tuple in parentheses.",
        answers={
            COSTGRADS: r'''def cost_and_grads_loop(w, b, X, Y):
    """Cost J and its gradient (dw, db) over all m examples, with explicit loops."""
    n, m = X.shape
    assert w.shape == (n, 1)
    assert Y.shape == (1, m)
    J = 0.0
    dw = np.zeros((n, 1))
    db = 0.0
    for i in range(m):
        z = 0.0
        for j in range(n):
            z += w[j, 0] * X[j, i]
        z += b
        a = sigmoid(z)
        J += -(Y[0, i] * np.log(a) + (1 - Y[0, i]) * np.log(1 - a))
        dz = a - Y[0, i]
        for j in range(n):
            dw[j, 0] += X[j, i] * dz
        db += dz
    J /= m
    dw /= m
    db /= m
    assert dw.shape == w.shape
    print(f"cost = {J:.4f}")
    return (float(J), dw, float(db))
''',
        },
    ),
    Student(
        name="c03-step-copy",
        story="In gd_step copies w first and then subtracts in place from the copy, so w itself is unchanged.",
        answers={
            STEP: r'''def gd_step(w, b, dw, db, alpha):
    """One gradient-descent step on the weights and the bias."""
    w_new = w.copy()
    w_new -= alpha * dw
    b_new = b - alpha * db
    return w_new, float(b_new)
''',
        },
    ),
    Student(
        name="c03-step-loop",
        story="Still in loop mode: builds the new weights one feature at a time in a fresh array.",
        answers={
            STEP: r'''def gd_step(w, b, dw, db, alpha):
    """One gradient-descent step on the weights and the bias."""
    n = w.shape[0]
    w_new = np.zeros((n, 1))
    for j in range(n):
        w_new[j, 0] = w[j, 0] - alpha * dw[j, 0]
    b_new = b - alpha * db
    return w_new, b_new
''',
        },
    ),
    Student(
        name="c03-step-subtract",
        story="Uses np.subtract and np.multiply for the weights, returns the tuple without parentheses.",
        answers={
            STEP: r'''def gd_step(w, b, dw, db, alpha):
    """One gradient-descent step on the weights and the bias."""
    return np.subtract(w, np.multiply(alpha, dw)), b - alpha * db
''',
        },
    ),
    Student(
        name="c03-timing-scratch",
        story="Correct functions (the reference ones) plus scratch cells: times its own loop on a tiny problem "
              "and checks the worked example of the notebook by hand.",
        answers={},
        extra_cells=(
            ("loop-costgrads-test", r'''# the worked example from the text
X_ex = np.array([[1.0, 2.0, -1.0], [3.0, 0.0, 1.0]])
Y_ex = np.array([[1.0, 0.0, 1.0]])
J_ex, dw_ex, db_ex = cost_and_grads_loop(np.zeros((2, 1)), 0.0, X_ex, Y_ex)
print(J_ex, np.log(2), dw_ex.ravel(), db_ex)
'''),
            ("loop-step-test", r'''start = time.perf_counter()
for _ in range(10):
    cost_and_grads_loop(np.zeros((5, 1)), 0.0, np.ones((5, 50)), np.ones((1, 50)))
print("10 calls:", time.perf_counter() - start, "s")
'''),
        ),
    ),
]


MISTAKES = [
    Student(
        name="m03-dw-not-averaged",
        story="Divides J and db by m but forgets dw.",
        answers={
            COSTGRADS: r'''def cost_and_grads_loop(w, b, X, Y):
    """Cost J and its gradient (dw, db) over all m examples, with explicit loops."""
    n, m = X.shape
    J, dw, db = 0.0, np.zeros((n, 1)), 0.0
    for i in range(m):
        z = b
        for j in range(n):
            z += w[j, 0] * X[j, i]
        a = sigmoid(z)
        J += -(Y[0, i] * np.log(a) + (1 - Y[0, i]) * np.log(1 - a))
        dz = a - Y[0, i]
        for j in range(n):
            dw[j, 0] += X[j, i] * dz
        db += dz
    return float(J / m), dw, float(db / m)
''',
        },
        wrong=frozenset({COSTGRADS}),
    ),
    Student(
        name="m03-m-from-rows",
        story="Takes m = X.shape[0], the number of features: loops over the wrong number of examples.",
        answers={
            COSTGRADS: r'''def cost_and_grads_loop(w, b, X, Y):
    """Cost J and its gradient (dw, db) over all m examples, with explicit loops."""
    m = X.shape[0]
    n = w.shape[0]
    J, dw, db = 0.0, np.zeros((n, 1)), 0.0
    for i in range(m):
        z = b
        for j in range(n):
            z += w[j, 0] * X[j, i]
        a = sigmoid(z)
        J += -(Y[0, i] * np.log(a) + (1 - Y[0, i]) * np.log(1 - a))
        dz = a - Y[0, i]
        for j in range(n):
            dw[j, 0] += X[j, i] * dz
        db += dz
    return float(J / m), dw / m, float(db / m)
''',
        },
        wrong=frozenset({COSTGRADS}),
    ),
    Student(
        name="m03-no-bias",
        story="Starts z at 0 for every example and never adds b.",
        answers={
            COSTGRADS: r'''def cost_and_grads_loop(w, b, X, Y):
    """Cost J and its gradient (dw, db) over all m examples, with explicit loops."""
    n, m = X.shape
    J, dw, db = 0.0, np.zeros((n, 1)), 0.0
    for i in range(m):
        z = 0.0
        for j in range(n):
            z += w[j, 0] * X[j, i]
        a = sigmoid(z)
        J += -(Y[0, i] * np.log(a) + (1 - Y[0, i]) * np.log(1 - a))
        dz = a - Y[0, i]
        for j in range(n):
            dw[j, 0] += X[j, i] * dz
        db += dz
    return float(J / m), dw / m, float(db / m)
''',
        },
        wrong=frozenset({COSTGRADS}),
    ),
    Student(
        name="m03-z-not-reset",
        story="Sets z = b once before the loop over examples, so z keeps the sum of all earlier examples.",
        answers={
            COSTGRADS: r'''def cost_and_grads_loop(w, b, X, Y):
    """Cost J and its gradient (dw, db) over all m examples, with explicit loops."""
    n, m = X.shape
    J, dw, db = 0.0, np.zeros((n, 1)), 0.0
    z = b
    for i in range(m):
        for j in range(n):
            z += w[j, 0] * X[j, i]
        a = sigmoid(z)
        J += -(Y[0, i] * np.log(a) + (1 - Y[0, i]) * np.log(1 - a))
        dz = a - Y[0, i]
        for j in range(n):
            dw[j, 0] += X[j, i] * dz
        db += dz
    return float(J / m), dw / m, float(db / m)
''',
        },
        wrong=frozenset({COSTGRADS}),
    ),
    Student(
        name="m03-cost-sign",
        story="Adds y log a + (1 - y) log(1 - a) without the minus: a negative cost.",
        answers={
            COSTGRADS: r'''def cost_and_grads_loop(w, b, X, Y):
    """Cost J and its gradient (dw, db) over all m examples, with explicit loops."""
    n, m = X.shape
    J, dw, db = 0.0, np.zeros((n, 1)), 0.0
    for i in range(m):
        z = b
        for j in range(n):
            z += w[j, 0] * X[j, i]
        a = sigmoid(z)
        J += Y[0, i] * np.log(a) + (1 - Y[0, i]) * np.log(1 - a)
        dz = a - Y[0, i]
        for j in range(n):
            dw[j, 0] += X[j, i] * dz
        db += dz
    return float(J / m), dw / m, float(db / m)
''',
        },
        wrong=frozenset({COSTGRADS}),
    ),
    Student(
        name="m03-dw-row",
        story="Makes dw a row, np.zeros((1, n)), and returns it that way: shape (1, n) instead of (n, 1).",
        answers={
            COSTGRADS: r'''def cost_and_grads_loop(w, b, X, Y):
    """Cost J and its gradient (dw, db) over all m examples, with explicit loops."""
    n, m = X.shape
    J, dw, db = 0.0, np.zeros((1, n)), 0.0
    for i in range(m):
        z = b
        for j in range(n):
            z += w[j, 0] * X[j, i]
        a = sigmoid(z)
        J += -(Y[0, i] * np.log(a) + (1 - Y[0, i]) * np.log(1 - a))
        dz = a - Y[0, i]
        for j in range(n):
            dw[0, j] += X[j, i] * dz
        db += dz
    return float(J / m), dw / m, float(db / m)
''',
        },
        wrong=frozenset({COSTGRADS}),
    ),
    Student(
        name="m03-dw-list",
        story="Accumulates dw in a Python list and returns the list, divided element by element.",
        answers={
            COSTGRADS: r'''def cost_and_grads_loop(w, b, X, Y):
    """Cost J and its gradient (dw, db) over all m examples, with explicit loops."""
    n, m = X.shape
    J, db = 0.0, 0.0
    dw = [0.0 for _ in range(n)]
    for i in range(m):
        z = b
        for j in range(n):
            z += w[j, 0] * X[j, i]
        a = sigmoid(z)
        J += -(Y[0, i] * np.log(a) + (1 - Y[0, i]) * np.log(1 - a))
        dz = a - Y[0, i]
        for j in range(n):
            dw[j] += X[j, i] * dz
        db += dz
    return float(J / m), [d / m for d in dw], float(db / m)
''',
        },
        wrong=frozenset({COSTGRADS}),
    ),
    Student(
        name="m03-two-features-only",
        story="Writes z = w1 x1 + w2 x2 + b as in assignment 02, without a loop over the features: right for "
              "n = 2 only (the first public case has n = 3).",
        answers={
            COSTGRADS: r'''def cost_and_grads_loop(w, b, X, Y):
    """Cost J and its gradient (dw, db) over all m examples, with explicit loops."""
    m = X.shape[1]
    J, dw, db = 0.0, np.zeros((2, 1)), 0.0
    for i in range(m):
        z = w[0, 0] * X[0, i] + w[1, 0] * X[1, i] + b
        a = sigmoid(z)
        J += -(Y[0, i] * np.log(a) + (1 - Y[0, i]) * np.log(1 - a))
        dz = a - Y[0, i]
        dw[0, 0] += X[0, i] * dz
        dw[1, 0] += X[1, i] * dz
        db += dz
    return float(J / m), dw / m, float(db / m)
''',
        },
        wrong=frozenset({COSTGRADS}),
    ),
    Student(
        name="m03-uses-np-dot",
        story="Replaces the loop over the features by np.dot(w[:, 0], X[:, i]) and the dw loop by an array "
              "update, which the exercise forbids (np.dot, @ and row sums are not allowed here). The values are "
              "right, so the public check passes; only a check of the code's structure can see it.",
        answers={
            COSTGRADS: r'''def cost_and_grads_loop(w, b, X, Y):
    """Cost J and its gradient (dw, db) over all m examples, with explicit loops."""
    n, m = X.shape
    J, dw, db = 0.0, np.zeros((n, 1)), 0.0
    for i in range(m):
        z = np.dot(w[:, 0], X[:, i]) + b
        a = sigmoid(z)
        J += -(Y[0, i] * np.log(a) + (1 - Y[0, i]) * np.log(1 - a))
        dz = a - Y[0, i]
        dw += X[:, [i]] * dz
        db += dz
    return float(J / m), dw / m, float(db / m)
''',
        },
        wrong=frozenset({COSTGRADS}),
    ),
    Student(
        name="m03-db-by-n",
        story="Divides db by n (the features) instead of m.",
        answers={
            COSTGRADS: r'''def cost_and_grads_loop(w, b, X, Y):
    """Cost J and its gradient (dw, db) over all m examples, with explicit loops."""
    n, m = X.shape
    J, dw, db = 0.0, np.zeros((n, 1)), 0.0
    for i in range(m):
        z = b
        for j in range(n):
            z += w[j, 0] * X[j, i]
        a = sigmoid(z)
        J += -(Y[0, i] * np.log(a) + (1 - Y[0, i]) * np.log(1 - a))
        dz = a - Y[0, i]
        for j in range(n):
            dw[j, 0] += X[j, i] * dz
        db += dz
    return float(J / m), dw / m, float(db / n)
''',
        },
        wrong=frozenset({COSTGRADS}),
    ),
    Student(
        name="m03-step-in-place",
        story="Updates w with w -= alpha * dw, which changes the caller's array.",
        answers={
            STEP: r'''def gd_step(w, b, dw, db, alpha):
    """One gradient-descent step on the weights and the bias."""
    w -= alpha * dw
    b -= alpha * db
    return w, b
''',
        },
        wrong=frozenset({STEP}),
    ),
    Student(
        name="m03-step-list",
        story="Returns [w_new, b_new], a list, instead of a tuple.",
        answers={
            STEP: r'''def gd_step(w, b, dw, db, alpha):
    """One gradient-descent step on the weights and the bias."""
    w_new = w - alpha * dw
    b_new = b - alpha * db
    return [w_new, b_new]
''',
        },
        wrong=frozenset({STEP}),
    ),
    Student(
        name="m03-step-uphill",
        story="Adds alpha times the gradient.",
        answers={
            STEP: r'''def gd_step(w, b, dw, db, alpha):
    """One gradient-descent step on the weights and the bias."""
    return w + alpha * dw, b + alpha * db
''',
        },
        wrong=frozenset({STEP}),
    ),
    Student(
        name="m03-step-bias-no-alpha",
        story="Forgets the learning rate in the bias update: b - db.",
        answers={
            STEP: r'''def gd_step(w, b, dw, db, alpha):
    """One gradient-descent step on the weights and the bias."""
    return w - alpha * dw, b - db
''',
        },
        wrong=frozenset({STEP}),
    ),
    Student(
        name="m03-step-transposed",
        story="Transposes dw 'to match w^T', which broadcasts (n, 1) - (1, n) into an (n, n) matrix.",
        answers={
            STEP: r'''def gd_step(w, b, dw, db, alpha):
    """One gradient-descent step on the weights and the bias."""
    w_new = w - alpha * dw.T
    return w_new, b - alpha * db
''',
        },
        wrong=frozenset({STEP}),
    ),
]


# --- The course author's answers ---------------------------------------------------------------------------
# Written from the reference answer (with_changes, answer_cell) to try one other form or one mistake at a
# time. The students above were written independently of the grader: tests/test_similarity.py measures only
# those.


def loop_answer(init_dw="np.zeros((n, 1))", z_start="b", loss="-(y * np.log(a) + (1 - y) * np.log(1 - a))",
                dz="a - y", examples="range(m)", db_init="0.0", result="float(J / m), dw / m, float(db / m)"):
    """The source of cost_and_grads_loop, with one part swapped for a wrong one."""
    return (
        "def cost_and_grads_loop(w, b, X, Y):\n"
        "    n, m = X.shape\n"
        "    J = 0.0\n"
        f"    dw = {init_dw}\n"
        f"    db = {db_init}\n"
        f"    for i in {examples}:\n"
        f"        z = {z_start}\n"
        "        for j in range(n):\n"
        "            z += w[j, 0] * X[j, i]\n"
        "        a = sigmoid(z)\n"
        "        y = Y[0, i]\n"
        f"        J += {loss}\n"
        f"        dz = {dz}\n"
        "        for j in range(n):\n"
        "            dw[j] += X[j, i] * dz\n"
        "        db += dz\n"
        f"    return {result}\n"
    )


def _step(*body):
    return "def gd_step(w, b, dw, db, alpha):\n" + "".join(f"    {line}\n" for line in body)


AUTHOR_CORRECT = [
    # Correct answers with other parameter names than the notebook's, and loops written in other honest ways: each
    # gets every point.
    Student("c03-renamed-cost-and-grads-loop-weights-bias", "cost_and_grads_loop(weights, bias, data, labels), a while loop over the examples, zip over the features",
     {"loop-costgrads-code":
      "def cost_and_grads_loop(weights, bias, data, labels):\n"
      "    n_features, m = data.shape\n"
      "    total, grad_w, grad_b = 0.0, np.zeros((n_features, 1)), 0.0\n"
      "    i = 0\n"
      "    while i < m:\n"
      "        z = bias\n"
      "        for weight, value in zip(weights[:, 0], data[:, i]):\n"
      "            z += weight * value\n"
      "        a = sigmoid(z)\n"
      "        y = labels[0, i]\n"
      "        total -= y * np.log(a) + (1 - y) * np.log(1 - a)\n"
      "        for j, value in enumerate(data[:, i]):\n"
      "            grad_w[j, 0] += value * (a - y)\n"
      "        grad_b += a - y\n"
      "        i += 1\n"
      "    return float(total / m), grad_w / m, float(grad_b / m)\n"}),
    Student("c03-renamed-cost-and-grads-loop-with-range-len", "cost_and_grads_loop with range(len(...)) and a helper that loops over the features",
     {"loop-costgrads-code":
      "def weighted_sum(weights, column):\n"
      "    s = 0.0\n"
      "    for j in range(len(column)):\n"
      "        s += weights[j][0] * column[j]\n"
      "    return s\n\n\n"
      "def cost_and_grads_loop(W, B, data, Y):\n"
      "    J, dW, dB = 0.0, np.zeros(W.shape), 0.0\n"
      "    for i in range(len(data[0])):\n"
      "        a = sigmoid(weighted_sum(W, data[:, i]) + B)\n"
      "        J += -(Y[0][i] * np.log(a) + (1 - Y[0][i]) * np.log(1 - a))\n"
      "        for j in range(len(data)):\n"
      "            dW[j][0] += data[j][i] * (a - Y[0][i])\n"
      "        dB += a - Y[0][i]\n"
      "    m = len(data[0])\n"
      "    return float(J / m), dW / m, float(dB / m)\n"}),
    Student("c03-renamed-gd-step-weights-bias-d-weights-d", "gd_step(weights, bias, d_weights, d_bias, lr)",
     {"loop-step-code": _step("return w - alpha * dw, b - alpha * db").replace(
         "gd_step(w, b, dw, db, alpha)", "gd_step(weights, bias, d_weights, d_bias, lr)").replace(
         "w - alpha * dw, b - alpha * db", "weights - lr * d_weights, bias - lr * d_bias")}),
]

# Realistic mistakes, each in one function: each costs exactly the points of that function's test cell.
AUTHOR_MISTAKES = [
    wrong_in("m03-forgets-to-divide-by-m", "loop-costgrads-code", "forgets to divide by m",
     loop_answer(result="float(J), dw, float(db)")),
    wrong_in("m03-sign-error-dz-y-a", "loop-costgrads-code", "sign error: dz = y - a",
     loop_answer(dz="y - a")),
    wrong_in("m03-dw-transposed-to-shape-1-n", "loop-costgrads-code", "dw transposed to shape (1, n)",
     loop_answer(result="float(J / m), dw.T / m, float(db / m)")),
    wrong_in("m03-dw-1-d-shape-n", "loop-costgrads-code", "dw 1-D, shape (n,)",
     loop_answer(init_dw="np.zeros(n)")),
    wrong_in("m03-cost-without-the-minus-sign", "loop-costgrads-code", "cost without the minus sign",
     loop_answer(loss="y * np.log(a) + (1 - y) * np.log(1 - a)")),
    wrong_in("m03-db-accumulated-in-a-1-1-array-not", "loop-costgrads-code", "db accumulated in a (1, 1) array, not a float",
     loop_answer(db_init="np.zeros((1, 1))", result="float(J / m), dw / m, db / m")),
    wrong_in("m03-off-by-one-skips-the-last-example", "loop-costgrads-code", "off by one: skips the last example",
     loop_answer(examples="range(m - 1)")),
    wrong_in("m03-forgets-the-bias-in-z", "loop-costgrads-code", "forgets the bias in z",
     loop_answer(z_start="0.0")),

    wrong_in("m03-right-values-but-z-from-np-dot-instead", "loop-costgrads-code", "right values, but z from np.dot instead of a loop over the features",
     loop_answer().replace("        z = b\n        for j in range(n):\n            z += w[j, 0] * X[j, i]\n",
                     "        z = float(np.dot(w[:, 0], X[:, i])) + b\n")),
    wrong_in("m03-right-values-z-from-np-dot-imported", "loop-costgrads-code", "right values, z from np.dot imported under another name",
     "from numpy import dot as d\n\n" + loop_answer().replace(
         "        z = b\n        for j in range(n):\n            z += w[j, 0] * X[j, i]\n",
         "        z = float(d(w[:, 0], X[:, i])) + b\n")),
    wrong_in("m03-right-values-no-loop-over-the-features", "loop-costgrads-code", "right values, no loop over the features: np.add.reduce",
     loop_answer().replace("        z = b\n        for j in range(n):\n            z += w[j, 0] * X[j, i]\n",
                     "        z = float(np.add.reduce(w[:, 0] * X[:, i])) + b\n")),
    wrong_in("m03-right-values-fully-vectorized-with", "loop-costgrads-code", "right values, fully vectorized with @ and np.sum",
     "def cost_and_grads_loop(w, b, X, Y):\n"
     "    m = X.shape[1]\n"
     "    A = sigmoid(w.T @ X + b)\n"
     "    J = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m\n"
     "    return float(J), X @ (A - Y).T / m, float(np.sum(A - Y) / m)\n"),

    wrong_in("m03-plus-instead-of-minus-gradient-ascent", "loop-step-code", "plus instead of minus: gradient ascent",
     _step("return w + alpha * dw, b + alpha * db")),
    wrong_in("m03-forgets-the-learning-rate", "loop-step-code", "forgets the learning rate",
     _step("return w - dw, b - db")),
    wrong_in("m03-transposes-dw-broadcasting-gives", "loop-step-code", "transposes dw: broadcasting gives an (n, n) array",
     _step("return w - alpha * dw.T, b - alpha * db")),
    wrong_in("m03-b-kept-as-a-1-element-array-not", "loop-step-code", "b kept as a 1-element array, not a float",
     _step("return w - alpha * dw, np.array([b]) - alpha * db")),
    wrong_in("m03-changes-w-in-place", "loop-step-code", "changes w in place",
     _step("w -= alpha * dw", "return w, b - alpha * db")),
]

CORRECT = CORRECT + AUTHOR_CORRECT
MISTAKES = MISTAKES + AUTHOR_MISTAKES
