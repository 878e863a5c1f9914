"""Wrong answers to 03_m_example_loop: each must cost exactly the points of the test cell right after it."""

from tests.harness import assert_each_wrong_answer_loses_exactly_its_points


def _loop(init_dw="np.zeros((n, 1))", z_start="b", loss="-(y * np.log(a) + (1 - y) * np.log(1 - a))",
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


WRONG_ANSWERS = [
    ("loop-costgrads-code", "forgets to divide by m",
     _loop(result="float(J), dw, float(db)")),
    ("loop-costgrads-code", "sign error: dz = y - a",
     _loop(dz="y - a")),
    ("loop-costgrads-code", "dw transposed to shape (1, n)",
     _loop(result="float(J / m), dw.T / m, float(db / m)")),
    ("loop-costgrads-code", "dw 1-D, shape (n,)",
     _loop(init_dw="np.zeros(n)")),
    ("loop-costgrads-code", "cost without the minus sign",
     _loop(loss="y * np.log(a) + (1 - y) * np.log(1 - a)")),
    ("loop-costgrads-code", "db accumulated in a (1, 1) array, not a float",
     _loop(db_init="np.zeros((1, 1))", result="float(J / m), dw / m, db / m")),
    ("loop-costgrads-code", "off by one: skips the last example",
     _loop(examples="range(m - 1)")),
    ("loop-costgrads-code", "forgets the bias in z",
     _loop(z_start="0.0")),

    ("loop-costgrads-code", "right values, but z from np.dot instead of a loop over the features",
     _loop().replace("        z = b\n        for j in range(n):\n            z += w[j, 0] * X[j, i]\n",
                     "        z = float(np.dot(w[:, 0], X[:, i])) + b\n")),
    ("loop-costgrads-code", "right values, fully vectorized with @ and np.sum",
     "def cost_and_grads_loop(w, b, X, Y):\n"
     "    m = X.shape[1]\n"
     "    A = sigmoid(w.T @ X + b)\n"
     "    J = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m\n"
     "    return float(J), X @ (A - Y).T / m, float(np.sum(A - Y) / m)\n"),

    ("loop-step-code", "plus instead of minus: gradient ascent",
     _step("return w + alpha * dw, b + alpha * db")),
    ("loop-step-code", "forgets the learning rate",
     _step("return w - dw, b - db")),
    ("loop-step-code", "transposes dw: broadcasting gives an (n, n) array",
     _step("return w - alpha * dw.T, b - alpha * db")),
    ("loop-step-code", "b kept as a 1-element array, not a float",
     _step("return w - alpha * dw, np.array([b]) - alpha * db")),
    ("loop-step-code", "changes w in place",
     _step("w -= alpha * dw", "return w, b - alpha * db")),
]


def test_wrong_answers_lose_exactly_their_points(course):
    assert_each_wrong_answer_loses_exactly_its_points(course, "03_m_example_loop", WRONG_ANSWERS)
