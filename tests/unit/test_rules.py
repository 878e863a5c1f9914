"""The rules on how a function is written ("no loops" in 04, "loops only" in 03), on source text alone, and the
code they read in a graded notebook (`defining_source`). The catalogues of dodges each rule refuses, on the
assignments' own functions, are in tests/test_03_m_example_loop.py and tests/test_04_vectorization.py."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograder import checks, rules


def refusal(rule, source: str, name: str = "f") -> str | None:
    """What the rule says about `name` in `source`: its message, or None when it accepts it."""
    try:
        rule(source, name)
    except rules.RuleBroken as refused:
        return str(refused)
    return None


NO_LOOPS = "this exercise is about letting NumPy do the work, so write it without loops."
LOOPS_ONLY = "in this exercise the sums are written as explicit loops, one term at a time."


@pytest.mark.parametrize("source,message", [
    ("import numpy as np\ndef f(X):\n    return np.sum(X)\n", None),
    ("def f(X):\n    y = 0\n    for x in X:\n        y += x\n    return y\n",
     f"`f` uses a for loop (line 3 of the function): {NO_LOOPS}"),
    ("def f(x):\n    return [i for i in x]", f"`f` uses a list comprehension (line 2 of the function): {NO_LOOPS}"),
    ("from numpy import vectorize as v\ndef f(x):\n    return v(abs)(x)",
     f"`f` uses `v`, which is np.vectorize, a loop written as a call (line 2 of the function): {NO_LOOPS}"),
    ("def g(x):\n    for i in x: pass\n    return x\n\ndef f(x):\n    return g(x)",
     f"`f` uses a for loop (line 2 of `g`, which it calls): {NO_LOOPS}"),
    ("def f(X):\n    return eval('X')\n", "`f` uses `eval` (line 2 of the function), which runs code the grader cannot "
                                         "read: write the computation out directly."),
])
def test_no_loops_names_the_loop_and_where_it_is(source, message):
    assert refusal(rules.no_loops, source) == message


@pytest.mark.parametrize("source,message", [
    ("def f(X):\n    t = 0\n    for i in range(3):\n        for j in range(2):\n"
     "            t += X[i][j]\n    return t\n", None),
    ("import numpy as np\ndef f(X):\n    return np.dot(X, X)\n",
     f"`f` uses `np.dot` (line 2 of the function): {LOOPS_ONLY}"),
    ("def f(X):\n    t = 0\n    for i in range(3):\n        t += sum(X[i])\n    return t\n",
     f"`f` uses `sum` (line 4 of the function): {LOOPS_ONLY}"),
])
def test_loops_only_names_the_call_that_adds_up_at_once(source, message):
    assert refusal(rules.loops_only, source) == message


def test_the_last_definition_is_the_one_judged():
    looping, plain = "def f(x):\n    return [i for i in x]\n", "def f(x):\n    return x\n"
    assert refusal(rules.no_loops, looping + plain) is None
    assert refusal(rules.no_loops, plain + looping) == \
        f"`f` uses a list comprehension (line 2 of the function): {NO_LOOPS}"


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_a_rule_says_nothing_about_a_function_the_code_does_not_define(source):
    source = source.replace("def", "")
    assert (refusal(rules.no_loops, source), refusal(rules.loops_only, source)) == (None, None)


def test_the_code_read_is_the_notebooks_up_to_the_cell_that_defines_the_function():
    cells = ["%matplotlib inline\nimport numpy as np", "def f(x):\n    return g(x)", "def broken(:", "print(1)",
             "def f(x):\n    return x", "f(2)"]
    # Magics are blanked, cells that do not compile left out, and nothing after the last definition is read.
    assert rules.defining_source(cells, "f") == "\nimport numpy as np\ndef f(x):\n    return g(x)\nprint(1)\n" \
                                                "def f(x):\n    return x"
    assert rules.defining_source(cells, "h") is None


def test_the_other_graded_functions_are_blanked_line_for_line():
    cells = ["def g(x):\n    for i in x:\n        pass\n    return x\n\ndef f(x):\n    return g(x)"]
    source = rules.defining_source(cells, "f", others=("g",))
    assert source == "\n\n\n\n\ndef f(x):\n    return g(x)"
    assert refusal(rules.no_loops, source) is None  # g is the reference's while f is judged
    assert refusal(rules.no_loops, cells[0]) == f"`f` uses a for loop (line 2 of `g`, which it calls): {NO_LOOPS}"


def _summed_in_a_loop(values):
    total = 0
    for value in values:
        total += value
    return total


def test_a_rule_broken_in_a_notebook_is_a_failed_check_like_any_other():
    # checks.follows applies the rule to the function's own source and fails as every public check fails.
    with pytest.raises(checks.CheckFailed, match="`_summed_in_a_loop` uses a for loop"):
        checks.follows(rules.no_loops, _summed_in_a_loop)
