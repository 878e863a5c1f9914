"""Students' code, graded as a class: every right answer in any honest form gets full marks, and each mistake
costs exactly the points of the function it breaks (each assignment's catalogue, tests/students/a<id>.py: students
written independently of the grader, as first-time students write, and the course author's own answers).

Each assignment's class (every correct and every mistaken student of its catalogue: tests/harness.py) is graded
in one run of the real command, `autograder grade ID --jobs 2`, with the sandbox on; the rows are read from its
grades.csv.
"""

from __future__ import annotations

import pytest

from autograder import catalogue, demo
from tests.harness import ANSWERS

CASES = [(module.ASSIGNMENT, student, kind) for module in ANSWERS
         for kind, group in (("correct", module.CORRECT), ("mistake", module.MISTAKES)) for student in group]


def test_the_catalogue_is_large_enough():
    assert sum(kind == "correct" for _, _, kind in CASES) >= 30
    assert sum(kind == "mistake" for _, _, kind in CASES) >= 30
    assert all(len(student.wrong) == 1 for _, student, kind in CASES if kind == "mistake")


@pytest.mark.slow
@pytest.mark.parametrize("assignment_id,student,kind", CASES, ids=[student.name for _, student, _ in CASES])
def test_each_student_gets_what_they_deserve(graded_class, assignment_id, student, kind):
    graded = graded_class(assignment_id)
    assignment = catalogue.load(graded.root).get(assignment_id)
    tests = demo.test_cells(graded.root, assignment)
    row = graded.csv_rows[student.name]
    expected = {test: 0.0 if answer in student.wrong else points for test, points, answer in tests}
    got = {test: float(row[test] or 0) for test, _, _ in tests}
    # A wrong answer may also run out of memory in a later cell (a missing transpose can build a 12288 x 12288
    # matrix): the sandbox then says so, and the points are still exactly those of its own cell.
    allowed = ("ok",) if kind == "correct" else ("ok", "memory")
    assert got == expected and row["status"] in allowed, f"{student.story}\n{row['status']}: {row['message']}"
