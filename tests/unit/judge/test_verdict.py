"""The judge on any result at all: for every hidden check of 01–05, arbitrary values a student's function
may return (wrong shapes, wrong keys, wrong types, NaN, huge and empty arrays, values that are nearly
right) never crash the judge and never earn a point that a careful comparison would not give. Runs in
memory, without a sandbox: the results are what the sandbox would send."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograder import plaindata
from autograder.course import Course
from autograder.judge import cases as hidden_cases
from autograder.judge.verdict import RESULTS_BUDGET, CaseByCase, Verdict, expected_outcomes, judge
from tests.conftest import REPO

COURSE = Course.load(REPO)
CHECKS = [(assignment.id, grade_id) for assignment in COURSE.catalogue.assignments
          for grade_id in COURSE.checks(assignment.id)]


def material(assignment_id: str, grade_id: str):
    check = COURSE.checks(assignment_id)[grade_id]
    cases_json = hidden_cases.draw(check, b"fuzz", "student", grade_id)
    reference = COURSE.reference(assignment_id)
    expected = [o["value"] for o in expected_outcomes(reference, check.function, cases_json)]
    return check, cases_json, reference, expected


def results(values) -> str:
    return plaindata.dumps([{"value": v} for v in values])


def by_case(judging: CaseByCase, cases_json: str, values) -> Verdict:
    """CaseByCase's verdict on the same results, each case and each result as its own text."""
    return judging.verdict(cases_json, [json.dumps(case) for case in json.loads(cases_json)["__list__"]],
                           [plaindata.dumps({"value": v}) for v in values].__getitem__)


def same(verdict: Verdict, other: Verdict) -> bool:
    """The same verdict, as the student and the instructor read it (a message may hold a NaN the student
    returned, which is not equal to itself)."""
    return (verdict.message and verdict.message.render("en"), verdict.fault, verdict.ran) == \
        (other.message and other.message.render("en"), other.fault, other.ran)


LEAVES = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.floats(allow_nan=True, allow_infinity=True),
                   st.text(max_size=3), st.complex_numbers(max_magnitude=5),
                   hnp.arrays(st.sampled_from([np.float64, np.float32, np.int64, np.bool_, np.complex128]),
                              hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=5)))


def like(expected):
    """Values shaped like the right answer, with their parts replaced, reshaped, retyped or nudged."""
    if isinstance(expected, dict):
        keys = st.lists(st.sampled_from([*expected, "other", "W", "db "]), unique=True, max_size=len(expected) + 1)
        return st.one_of(
            st.fixed_dictionaries({k: like(v) for k, v in expected.items()}),
            keys.flatmap(lambda ks: st.fixed_dictionaries({k: like(expected[k]) if k in expected else LEAVES
                                                          for k in ks})),
            LEAVES)
    if isinstance(expected, (list, tuple)):
        kind = type(expected)
        items = [like(v) for v in expected]
        return st.one_of(st.tuples(*items).map(kind), st.tuples(*items).map(list), st.tuples(*items[:-1]).map(kind),
                         st.tuples(*items, LEAVES).map(kind), LEAVES)
    array = np.asarray(expected)
    near = hnp.arrays(np.float64, array.shape, elements=st.floats(-3, 3)).map(lambda noise: array + 1e-3 * noise)
    return st.one_of(
        st.just(expected), near, near.map(lambda a: a.astype(np.float32)),
        st.just(array.T), st.just(array.reshape(-1)), st.just(-array), st.just(array * 2),
        st.just(array.astype(np.int64)), st.just(array.astype(bool)), st.just(np.squeeze(array)),
        st.just(array[..., None]), st.just(np.full_like(array, np.nan, dtype=float)),
        st.just(float(array.flat[0]) if array.size else 0.0), st.just(array.tolist()), LEAVES)


def close(got, expected) -> bool:
    """An independent, loose notion of 'the same answer' (for the property, not the grader)."""
    if isinstance(expected, dict):
        return isinstance(got, dict) and set(got) == set(expected) and all(close(got[k], expected[k]) for k in expected)
    if isinstance(expected, (list, tuple)) and not isinstance(expected, np.ndarray):
        return isinstance(got, (list, tuple)) and len(got) == len(expected) and all(
            close(g, e) for g, e in zip(got, expected, strict=True))
    try:
        g, e = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
    except (TypeError, ValueError):
        return False
    return g.shape == e.shape and bool(np.allclose(g, e, rtol=1e-3, atol=1e-5))


@pytest.mark.parametrize("assignment_id,grade_id", CHECKS)
def test_the_reference_itself_passes_every_check(assignment_id, grade_id):
    check, cases_json, reference, expected = material(assignment_id, grade_id)
    assert judge(check, cases_json, results(expected), reference) == Verdict()


@pytest.mark.parametrize("assignment_id,grade_id", CHECKS)
def test_any_result_is_judged_without_a_fault_and_without_an_unearned_point(assignment_id, grade_id):
    check, cases_json, reference, expected = material(assignment_id, grade_id)
    judging = CaseByCase(check, reference, None)  # one for all examples: what it keeps must never change a verdict

    @settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(st.tuples(*[like(e) for e in expected]))
    def property(values):
        verdict = judge(check, cases_json, results(values), reference)
        assert same(by_case(judging, cases_json, values), verdict)
        assert verdict.fault is None, verdict.fault
        if verdict.passed:
            assert all(close(v, e) for v, e in zip(values, expected, strict=True)), values
        else:
            assert verdict.message

    property()


@pytest.mark.parametrize("text", ["", "not json", "[]", '{"__list__": []}', '{"__list__": [1, 2, 3, 4, 5, 6, 7]}',
                                  '{"__list__": [{"__dict__": [["value", {"__data__": "train_x"}]]}]}',
                                  '{"__list__": [{"__dict__": [["oops", 1]]}]}', '"x"' * 3])
def test_unreadable_or_forged_results_are_the_students_zero_with_a_message(text):
    check, cases_json, reference, _ = material("05_cat_classifier", "cat-propagate-test")
    verdict = judge(check, cases_json, text, reference)
    assert not verdict.passed and verdict.fault is None and verdict.message


def test_a_comparison_that_breaks_is_contained_to_its_cell():
    check, cases_json, reference, expected = material("02_single_example_gd", "sgd-forward-test")
    broken = type(check)(check.function, check.cases, lambda got, exp, args: 1 / 0)
    verdict = judge(broken, cases_json, results(expected), reference)
    assert not verdict.passed and "could not be judged" in verdict.message.render("en")
    assert "ZeroDivisionError" in verdict.fault
    assert by_case(CaseByCase(broken, reference, None), cases_json, expected) == verdict


def test_case_by_case_reads_a_result_over_the_budget_as_judge_reads_the_list_whole():
    """A result over the budget of values: judge's own verdict (unreadable), not the one its case would give."""
    check, cases_json, reference, expected = material("05_cat_classifier", "cat-propagate-test")
    values = [list(range(RESULTS_BUDGET.values + 10)), *expected[1:]]
    verdict = judge(check, cases_json, results(values), reference)
    assert "more than 200000 values" in verdict.message.render("en")
    assert by_case(CaseByCase(check, reference, None), cases_json, values) == verdict


def test_case_by_case_asks_for_no_result_after_the_first_case_that_fails():
    check, cases_json, reference, expected = material("05_cat_classifier", "cat-propagate-test")
    values = [*expected[:2], "wrong", *expected[3:]]
    asked = []

    def result_of(number: int) -> str:
        asked.append(number)
        return plaindata.dumps({"value": values[number]})

    verdict = CaseByCase(check, reference, None).verdict(
        cases_json, [json.dumps(case) for case in json.loads(cases_json)["__list__"]], result_of)
    assert asked == [0, 1, 2]
    assert verdict == judge(check, cases_json, results(values), reference)
    assert f"hidden case 3 of {len(expected)}" in verdict.message.render("en")
    # A rule of writing broken is the verdict before any value: nothing is run.
    asked.clear()
    looped = "def propagate(w, b, X, Y):\n    for i in range(3):\n        pass\n"
    assert not CaseByCase(check, reference, looped).verdict(
        cases_json, [json.dumps(case) for case in json.loads(cases_json)["__list__"]], result_of).passed
    assert asked == []


def test_hidden_messages_name_the_mistake_but_not_the_expected_values():
    check, cases_json, reference, expected = material("05_cat_classifier", "cat-propagate-test")
    grads, cost = expected[0]
    wrong = [({"dw": grads["dw"] * cases_m(cases_json), "db": grads["db"]}, cost)] + list(expected[1:])
    verdict = judge(check, cases_json, results(wrong), reference)
    said = verdict.message.render("en")
    assert "times too large: did you forget to divide by m" in said
    assert repr(float(grads["dw"][0, 0]))[:6] not in said and repr(float(grads["dw"][0, 0]))[:6] not in \
        verdict.message.render("zh-CN")


def cases_m(cases_json: str) -> int:
    return plaindata.loads(cases_json)[0]["X"].shape[1]


def test_a_function_that_was_not_defined_is_judged_from_the_sandboxs_facts():
    from autograder.i18n import language
    from autograder.judge.verdict import undefined
    from autograder.protocol import CompileError

    error = CompileError("IndentationError", 2, "expected an indented block after function definition on line 1")
    cell = 'def predict(w, b, X):\n"""Predictions."""\n    return X\n\n\ndef helper():\n    pass\n'
    assert undefined("predict", [(cell, error)]).message.render("en") == (
        "`predict` is not defined because its cell did not run: Python could not read line 2 of the cell "
        "(IndentationError: expected an indented block after function definition on line 1). Fix this line and run "
        "the cell.")
    with language("zh-CN"):
        assert str(undefined("helper", [(cell, error)]).message).startswith(
            "`helper` 没有定义，因为它所在的单元格没有运行")
    # A cell that would not have defined it is no reason: the function was renamed or deleted.
    assert undefined("model", [(cell, error)]).message.render("en") == \
        "`model` is not defined (was it renamed or deleted?)."
    assert undefined("model", []).message.render("en") == "`model` is not defined (was it renamed or deleted?)."


def test_text_that_looks_like_a_name_error_decides_nothing():
    check, cases_json, reference, _ = material("02_single_example_gd", "sgd-forward-test")
    forged = plaindata.dumps([{"error": "NameError: `forward` is not defined (was it renamed or deleted?)"}])
    assert judge(check, cases_json, forged, reference).message.render("en") == \
        "`forward` did not produce a result for every hidden case."


@pytest.mark.parametrize("stored,said", [
    (lambda expected: [{"error": "KeyError: 'w1'"}] * len(expected),
     "`update` raised KeyError: 'w1' on hidden case 1 of 4."),
    (lambda expected: [{"value": e, "changed": ["params"]} for e in expected],
     "`update` changed its argument `params` in place on hidden case 1 of 4: the exercise asks you to leave it as it "
     "is and return new values."),
    (lambda expected: [{"value": object()}] * len(expected),
     "`update` returned a value of type object on hidden case 1 of 4, which is not a value it should return."),
    (lambda expected: [{"value": e} for e in expected[:-1]],
     "`update` did not produce a result for every hidden case."),
])
def test_each_stored_result_gets_the_verdict_that_names_it(stored, said):
    check, cases_json, reference, expected = material("02_single_example_gd", "sgd-update-test")
    verdict = judge(check, cases_json, plaindata.dumps(stored(expected)), reference)
    assert (verdict.message.render("en"), verdict.fault, verdict.ran) == (said, None, True)


def test_a_rule_of_writing_is_judged_on_the_source_before_the_values():
    check, cases_json, reference, expected = material("03_m_example_loop", "loop-costgrads-test")
    vectorized = "import numpy as np\ndef cost_and_grads_loop(w, b, X, Y):\n    return np.dot(w.T, X)\n"
    assert judge(check, cases_json, results(expected), reference, vectorized).message.render("en") == (
        "`cost_and_grads_loop` uses `np.dot` (line 2 of the function): in this exercise the sums are written as "
        "explicit loops, one term at a time.")
    assert judge(check, cases_json, results(expected), reference, None) == Verdict()  # no source: values only
    assert by_case(CaseByCase(check, reference, vectorized), cases_json, expected) == \
        judge(check, cases_json, results(expected), reference, vectorized)
