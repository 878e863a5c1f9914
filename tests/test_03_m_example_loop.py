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
    ("loop-costgrads-code", "right values, z from np.dot imported under another name",
     "from numpy import dot as d\n\n" + _loop().replace(
         "        z = b\n        for j in range(n):\n            z += w[j, 0] * X[j, i]\n",
         "        z = float(d(w[:, 0], X[:, i])) + b\n")),
    ("loop-costgrads-code", "right values, no loop over the features: np.add.reduce",
     _loop().replace("        z = b\n        for j in range(n):\n            z += w[j, 0] * X[j, i]\n",
                     "        z = float(np.add.reduce(w[:, 0] * X[:, i])) + b\n")),
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

# Correct answers with other parameter names than the notebook's, and loops written in other honest ways: each
# gets every point.
RENAMED = [
    ("cost_and_grads_loop(weights, bias, data, labels), a while loop over the examples, zip over the features",
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
    ("cost_and_grads_loop with range(len(...)) and a helper that loops over the features",
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
    ("gd_step(weights, bias, d_weights, d_bias, lr)",
     {"loop-step-code": _step("return w - alpha * dw, b - alpha * db").replace(
         "gd_step(w, b, dw, db, alpha)", "gd_step(weights, bias, d_weights, d_bias, lr)").replace(
         "w - alpha * dw, b - alpha * db", "weights - lr * d_weights, bias - lr * d_bias")}),
]


def test_wrong_answers_lose_exactly_their_points(graded_class):
    assert_each_wrong_answer_loses_exactly_its_points(graded_class("03_m_example_loop"), WRONG_ANSWERS, RENAMED)


# --- the loops-only rule, read the way Python runs the code -------------------------------------------------

Z_LOOP = "        z = b\n        for j in range(n):\n            z += w[j, 0] * X[j, i]\n"


def _z(line: str, before: str = "") -> str:
    """The reference loop, with the loop over the features replaced by one line computing z."""
    return before + _loop().replace(Z_LOOP, f"        z = {line}\n")


# (how the rule is dodged, the source, what the message names)
DODGES = [
    ("np.dot under another name", _z("d(w[:, 0], X[:, i]) + b", "from numpy import dot as d\n\n"),
     "`d`, which is np.dot (line 7 of the function)"),
    ("numpy under another name", _z("n2.dot(w[:, 0], X[:, i]) + b", "import numpy as n2\n\n"),
     "`n2.dot`, which is np.dot"),
    ("getattr with a literal name", _z("getattr(np, 'dot')(w[:, 0], X[:, i]) + b"),
     "`getattr(np, 'dot')`, which is np.dot"),
    ("vars(np)[...]", _z("vars(np)['matmul'](w[:, 0], X[:, i]) + b"), "which is np.matmul"),
    ("a ufunc method", _z("np.add.reduce(w[:, 0] * X[:, i]) + b"), "`np.add.reduce`"),
    ("the .sum() method", _z("(w[:, 0] * X[:, i]).sum() + b"), "`(w[:, 0] * X[:, i]).sum`"),
    ("np.einsum", _z("np.einsum('j,j->', w[:, 0], X[:, i]) + b"), "`np.einsum`"),
    ("np.matmul", _z("np.matmul(w[:, 0], X[:, i]) + b"), "`np.matmul`"),
    ("the @ operator", _z("w[:, 0] @ X[:, i] + b"), "the @ operator"),
    ("functools.reduce", _z("functools.reduce(lambda s, t: s + t, w[:, 0] * X[:, i]) + b", "import functools\n\n"),
     "`functools.reduce`"),
    ("sum(map(...))", _z("sum(map(lambda p, q: p * q, w[:, 0], X[:, i])) + b"), "`sum`"),
    ("an alias made by assignment", _z("dd(w[:, 0], X[:, i]) + b", "dd = np.dot\n\n"), "`dd`, which is np.dot"),
    ("a default argument", _z("f(w[:, 0], X[:, i]) + b").replace("(w, b, X, Y):", "(w, b, X, Y, f=np.dot):"),
     "`np.dot` (line 1 of the function)"),
    ("a helper of its own", _z("helper(w[:, 0], X[:, i]) + b", "def helper(p, q):\n    return np.dot(p, q)\n\n\n"),
     "`np.dot` (line 2 of `helper`, which it calls)"),
    ("from numpy import *", _z("dot(w[:, 0], X[:, i]) + b", "from numpy import *\n\n"), "`dot`, which is np.dot"),
    ("np.linalg", _z("np.linalg.multi_dot([w[:, 0], X[:, i]]) + b"), "`np.linalg.multi_dot`"),
    ("math.fsum", _z("math.fsum(w[:, 0] * X[:, i]) + b", "import math\n\n"), "`math.fsum`"),
    ("operator.matmul", _z("operator.matmul(w[:, 0], X[:, i]) + b", "import operator\n\n"), "`operator.matmul`"),
    ("a dunder method", _z("w[:, 0].__matmul__(X[:, i]) + b"), "`w[:, 0].__matmul__`"),
    ("functools.partial", _z("pd(w[:, 0], X[:, i]) + b", "import functools\npd = functools.partial(np.dot)\n\n"),
     "`pd`, which is np.dot"),
    ("the .dot() method", _z("X[:, i].dot(w[:, 0]) + b"), "`X[:, i].dot`"),
    ("importlib", _z("importlib.import_module('numpy').dot(w[:, 0], X[:, i]) + b", "import importlib\n\n"),
     "which is np.dot"),
    ("eval", _z("eval('np.dot')(w[:, 0], X[:, i]) + b"),
     "`eval` (line 7 of the function), which runs code the grader cannot read"),
    ("getattr with a name built at run time", _z("getattr(np, 'do' + 't')(w[:, 0], X[:, i]) + b"),
     "`getattr` (line 7 of the function), which runs code the grader cannot read"),
]

HONEST = [
    ("the reference", _loop()),
    ("a while loop over the examples", _loop().replace("    for i in range(m):\n",
                                                         "    i = -1\n    while i < m - 1:\n        i += 1\n")),
    ("enumerate and zip over the features",
     _z("b\n        for j, (wj, xj) in enumerate(zip(w[:, 0], X[:, i])):\n            z += wj * xj")),
    ("range(len(...)) and nested lists", _z("b\n        for j in range(len(X)):\n            z += w[j][0] * X[j][i]")),
    ("the features in the outer loop, each term a row of examples",
     "def cost_and_grads_loop(w, b, X, Y):\n"
     "    n, m = X.shape\n"
     "    Z = np.full((1, m), float(b))\n"
     "    for j in range(n):\n"
     "        Z = Z + w[j, 0] * X[j:j + 1, :]\n"
     "    A = sigmoid(Z)\n"
     "    J, dw, db = 0.0, np.zeros((n, 1)), 0.0\n"
     "    for i in range(m):\n"
     "        J -= Y[0, i] * np.log(A[0, i]) + (1 - Y[0, i]) * np.log(1 - A[0, i])\n"
     "        dw[:, 0] += X[:, i] * (A[0, i] - Y[0, i])\n"
     "        db += A[0, i] - Y[0, i]\n"
     "    return float(J / m), dw / m, float(db / m)\n"),
    ("a variable named sum", _loop().replace("    J = 0.0\n", "    sum = 0.0\n    J = 0.0\n").replace(
        "        db += dz\n", "        db += dz\n        sum += 1\n")),
    ("math.exp and math.log", _loop().replace("a = sigmoid(z)", "a = 1 / (1 + math.exp(-z))").replace(
        "np.log(a)", "math.log(a)").replace("np.log(1 - a)", "math.log(1 - a)")),
    *[(story, answers["loop-costgrads-code"]) for story, answers in RENAMED if "loop-costgrads-code" in answers],
]


def test_every_dodge_of_the_loops_only_rule_is_refused_with_the_call_that_broke_it():
    from autograder import rules

    assert len(DODGES) >= 10
    for story, source, named in DODGES:
        try:
            rules.loops_only(source, "cost_and_grads_loop")
        except rules.RuleBroken as refused:
            assert named in str(refused), (story, str(refused))
            assert str(refused).startswith("`cost_and_grads_loop` uses "), (story, str(refused))
        else:
            raise AssertionError(f"{story}: not refused")


def test_the_loops_the_exercise_asks_for_must_exist():
    from autograder import rules

    one_loop = _z("b + float(np.multiply(w[:, 0], X[:, i])[0])").replace(
        "        for j in range(n):\n            dw[j] += X[j, i] * dz\n", "        dw[:, 0] += X[:, i] * dz\n")
    for source in (one_loop, "def cost_and_grads_loop(w, b, X, Y):\n    return 0.0, w, 0.0\n"):
        try:
            rules.loops_only(source, "cost_and_grads_loop")
        except rules.RuleBroken as refused:
            assert str(refused) == ("`cost_and_grads_loop` does not loop over both the examples and the features: "
                                    "this exercise asks for both loops, written as for or while loops.")
        else:
            raise AssertionError(f"not refused:\n{source}")


def test_honest_loops_are_accepted():
    from autograder import rules

    for _story, source in HONEST:
        rules.loops_only(source, "cost_and_grads_loop")  # raises RuleBroken, with the story in the traceback
