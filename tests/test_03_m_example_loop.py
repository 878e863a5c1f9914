"""03_m_example_loop's catalogue of answers (tests/students/a03_m_example_loop.py), graded as a class: each wrong
answer costs exactly the points of the test cell right after it, each right one none; the loops-only rule refuses
every dodge and accepts honest loops."""

from tests.harness import assert_each_correct_answer_gets_full_marks, assert_each_wrong_answer_loses_exactly_its_points
from tests.students.a03_m_example_loop import AUTHOR_CORRECT, COSTGRADS, loop_answer


def test_wrong_answers_lose_exactly_their_points(graded_class):
    assert_each_wrong_answer_loses_exactly_its_points(graded_class("03_m_example_loop"))


def test_right_answers_written_otherwise_get_every_point(graded_class):
    assert_each_correct_answer_gets_full_marks(graded_class("03_m_example_loop"))


# --- the loops-only rule, read the way Python runs the code -------------------------------------------------

Z_LOOP = "        z = b\n        for j in range(n):\n            z += w[j, 0] * X[j, i]\n"


def _z(line: str, before: str = "") -> str:
    """The reference loop, with the loop over the features replaced by one line computing z."""
    return before + loop_answer().replace(Z_LOOP, f"        z = {line}\n")


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
    ("the reference", loop_answer()),
    ("a while loop over the examples", loop_answer().replace("    for i in range(m):\n",
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
    ("a variable named sum", loop_answer().replace("    J = 0.0\n", "    sum = 0.0\n    J = 0.0\n").replace(
        "        db += dz\n", "        db += dz\n        sum += 1\n")),
    ("math.exp and math.log", loop_answer().replace("a = sigmoid(z)", "a = 1 / (1 + math.exp(-z))").replace(
        "np.log(a)", "math.log(a)").replace("np.log(1 - a)", "math.log(1 - a)")),
    *[(student.story, student.answers[COSTGRADS]) for student in AUTHOR_CORRECT if COSTGRADS in student.answers],
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
