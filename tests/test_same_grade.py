"""The same code gets the same grade: for every student id, and whatever the student named the parameters.

The property: every entry of the course's catalogues of answers — the CORRECT and MISTAKES students (and DODGES,
SYNTAX and DISPUTED where there are some) of every module of tests/students, the ones added later included — is
graded under 200 student ids, and each of its checks gets exactly one verdict: full points or not, and the same
message once the numbers of the student's own hidden inputs are taken out (as the class report groups messages).
More: that verdict is the one the required cases alone give, so no drawn case ever decides a grade. And it is the
verdict the catalogue expects (a correct answer passes, a wrong one fails its own cell).

The answers run in this process (autograder.author.lottery), not in a sandboxed class: the verdict is made by
the same judge from the same cases, and the answers are called through the same `call_on_cases` and calling
convention with the same stand-ins, as the sandbox's notebook process does; what the sandbox adds, its limits,
decides no verdict of an answer that ends in time (tests/test_0X and tests/test_students grade the a<id>
catalogues in sandboxed classes, under two ids each). Grading 557 answers in 200 sandboxes each would take days.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass

import numpy as np
import pytest

from autograder import checks, demo
from autograder.author import lottery
from autograder.course import Course
from tests import students
from tests.conftest import REPO
from tests.harness import first_answer_unparsed

COURSE = Course.load(REPO)
ASSIGNMENTS = [assignment.id for assignment in COURSE.catalogue.assignments]


@dataclass(frozen=True)
class Entry:
    name: str
    answers: lottery.Answers
    cells: frozenset  # the answer cells it writes: their test cells are judged
    wrong: frozenset | None  # the answer cells whose own function is wrong (None: not asserted)


# The lists of a catalogue module, and whether an entry's `wrong` cells must fail (None: DISPUTED, an honest
# reading the prose leaves open: one verdict under every id, whichever it is).
LISTS = {"CORRECT": True, "MISTAKES": True, "DODGES": True, "SYNTAX": True, "DISPUTED": None}


def student_modules():
    """Every catalogue module of tests/students (ASSIGNMENT, CORRECT, MISTAKES, and DODGES, SYNTAX, DISPUTED where
    it has them)."""
    for info in pkgutil.iter_modules(students.__path__):
        module = importlib.import_module(f"tests.students.{info.name}")
        if hasattr(module, "ASSIGNMENT") and hasattr(module, "CORRECT") and hasattr(module, "MISTAKES"):
            yield module


def entries(assignment_id: str) -> list[Entry]:
    found = []
    for module in student_modules():
        if module.ASSIGNMENT != assignment_id:
            continue
        for group, asserted in LISTS.items():
            for student in getattr(module, group, []):
                found.append(Entry(f"student {student.name}", lottery.Answers(dict(student.answers),
                                                                             tuple(student.extra_cells)),
                                   frozenset(student.answers), frozenset(student.wrong) if asserted else None))
    return found


def test_the_catalogues_are_graded_in_every_assignment():
    counted = {assignment_id: len(entries(assignment_id)) for assignment_id in ASSIGNMENTS}
    assert all(count >= 10 for count in counted.values()), counted
    assert sum(counted.values()) >= 300, counted


@pytest.mark.slow
@pytest.mark.parametrize("assignment_id", ASSIGNMENTS)
def test_every_entry_gets_one_verdict_under_200_student_ids(assignment_id):
    assert len(lottery.IDS) == 200
    assignment = COURSE.assignment(assignment_id)
    test_after = {answer: test for test, _, answer in demo.test_cells(REPO, assignment)}
    problems = []
    for entry in entries(assignment_id):
        judged = lottery.grade(COURSE, assignment_id, entry.answers, lottery.IDS, {test_after[c] for c in entry.cells})
        wrong = {test_after[c] for c in entry.wrong} if entry.wrong is not None else None
        for result in judged:
            groups = result.groups()
            if len(groups) > 1:
                shown = "; ".join(f"{len(ids)} ids ({ids[0]}): {verdict or 'full points'}"
                                  for verdict, ids in groups.items())
                problems.append(f"{entry.name}, {result.grade_id}: {len(groups)} verdicts: {shown}")
            elif not result.decided_by_required:
                problems.append(f"{entry.name}, {result.grade_id}: decided by drawn cases, not the required ones: "
                                f"{next(iter(groups)) or 'full points'} (required alone: "
                                f"{result.required.message or 'full points'})")
            elif wrong is not None and (None in groups) == (result.grade_id in wrong):
                problems.append(f"{entry.name}, {result.grade_id}: expected "
                                f"{'0' if result.grade_id in wrong else 'full points'}, got "
                                f"{next(iter(groups)) or 'full points'}")
    assert not problems, "\n".join(problems)


def test_the_square_image_flatten_scores_0_for_every_student():
    from tests.students.a05_cat_classifier import MISTAKES

    (answers,) = [student.answers for student in MISTAKES if "square images assumed" in student.story]
    (result,) = lottery.grade(COURSE, "05_cat_classifier", lottery.Answers(answers),
                              lottery.IDS, {"cat-flatten-test"})
    assert {verdict.message.render("en") for verdict in result.by_id.values()} == {
        "`flatten_and_scale` raised ValueError: cannot reshape array of size 72 into shape (3,12) on hidden case 1 "
        "of 5."}


@pytest.mark.parametrize("assignment_id", ASSIGNMENTS)
def test_a_syntax_error_names_the_line_for_every_student(assignment_id):
    assignment = COURSE.assignment(assignment_id)
    cell, source = first_answer_unparsed(REPO, assignment)
    test = {answer: test for test, _, answer in demo.test_cells(REPO, assignment)}[cell]
    (result,) = lottery.grade(COURSE, assignment_id, lottery.Answers({cell: source}), lottery.IDS[:5], {test})
    assert set(result.groups()) == {
        f"`{result.function}` is not defined because its cell did not run: Python could not read line # of the cell "
        f"(IndentationError: expected an indented block after function definition on line #). Fix this line and "
        "run the cell."}


# --- any parameter names: the calling convention ------------------------------------------------------------

def _optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    return num_iterations, learning_rate, print_cost


def test_keywords_go_by_name_where_the_function_has_it_else_by_position():
    def renamed(w, b, X, Y, iters=100, lr=0.009, verbose=False):
        return iters, lr, verbose

    def mixed(w, b, X, Y, lr=0.009, num_iterations=100):
        return num_iterations, lr

    def keyword_only(w, b, X, Y, *, learning_rate, num_iterations):
        return num_iterations, learning_rate

    args, kwargs = (1, 2, 3, 4), {"num_iterations": 250, "learning_rate": 0.05}
    assert checks.call(_optimize, *args, **kwargs) == (250, 0.05, False)
    assert checks.call(renamed, *args, **kwargs) == (250, 0.05, False)
    assert checks.call(mixed, *args, **kwargs) == (250, 0.05)
    assert checks.call(keyword_only, *args, **kwargs) == (250, 0.05)
    # The caller says where its own signature puts a keyword: a parameter skipped keeps its default.
    assert checks.call_with(renamed, args, {"learning_rate": 0.05}, {"num_iterations": 4, "learning_rate": 5}) \
        == (100, 0.05, False)


def test_hidden_cases_pass_required_arguments_by_position_in_the_references_order():
    signature = checks.Signature.of(_optimize)
    assert signature == checks.Signature(("w", "b", "X", "Y", "num_iterations", "learning_rate", "print_cost"),
                                         ("num_iterations", "learning_rate", "print_cost"))
    case = {"w": np.zeros((2, 1)), "b": 0.0, "X": np.ones((2, 3)), "Y": np.ones((1, 3)), "num_iterations": 7,
            "learning_rate": 0.1}

    def renamed(weights, bias, data, labels, iters=1, lr=1.0, verbose=False):
        return weights.shape, bias, data.shape, labels.shape, iters, lr

    assert signature.call(renamed, case) == ((2, 1), 0.0, (2, 3), (1, 3), 7, 0.1)


def test_a_function_without_the_argument_fails_as_python_says():
    def short(w, b, X, Y):
        return w

    with pytest.raises(TypeError, match="unexpected keyword argument 'num_iterations'"):
        checks.call(short, 1, 2, 3, 4, num_iterations=3)
