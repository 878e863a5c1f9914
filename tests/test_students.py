"""Real students' code, graded as a class: every right answer in any honest form gets full marks, and each
mistake costs exactly the points of the function it breaks (tests/students: written independently of the
grader, as first-time students write).

Each assignment's class (every correct and every mistaken student of the catalogue) is graded in one run
of the real command, `autograder grade ID --jobs 2`, with the sandbox on.
"""

from __future__ import annotations

import csv
import subprocess
import sys

import nbformat
import pytest

from autograder import catalogue, demo
from autograder.course import Course
from autograder.judge.integrity import grade_id_of
from tests.conftest import copy_course, shorten_time_limits
from tests.students import (
    Student,
    a01_loss_derivation,
    a02_single_example_gd,
    a03_m_example_loop,
    a04_vectorization,
    a05_cat_classifier,
)

MODULES = [a01_loss_derivation, a02_single_example_gd, a03_m_example_loop, a04_vectorization, a05_cat_classifier]
CASES = [(module.ASSIGNMENT, student, kind) for module in MODULES
         for kind, group in (("correct", module.CORRECT), ("mistake", module.MISTAKES)) for student in group]


def notebook_of(root, assignment, student: Student):
    nb = demo.solved(root, assignment, student.answers)
    for anchor, source in student.extra_cells:
        position = next(i for i, cell in enumerate(nb.cells) if grade_id_of(cell) == anchor)
        nb.cells.insert(position + 1, nbformat.v4.new_code_cell(source))
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Every assignment's class graded by the command line, in one course copy."""
    root = copy_course(tmp_path_factory.mktemp("students"))
    shorten_time_limits(root)
    Course.load(root).release([module.ASSIGNMENT for module in MODULES])
    rows = {}
    for module in MODULES:
        assignment = catalogue.load(root).get(module.ASSIGNMENT)
        for student in module.CORRECT + module.MISTAKES:
            demo.submit(root, assignment, student.name, notebook_of(root, assignment, student))
        done = subprocess.run([sys.executable, "-m", "autograder.cli", "grade", module.ASSIGNMENT, "--jobs", "2",
                               "--quiet"], cwd=root, capture_output=True, text=True, timeout=1800)
        assert done.returncode == 0, done.stderr[-3000:]
        with open(root / "reports" / module.ASSIGNMENT / "grades.csv", newline="") as handle:
            rows[module.ASSIGNMENT] = {row["student_id"]: row for row in csv.DictReader(handle)}
    return root, rows


def test_the_catalogue_is_large_enough():
    assert sum(kind == "correct" for _, _, kind in CASES) >= 30
    assert sum(kind == "mistake" for _, _, kind in CASES) >= 30
    assert all(len(student.wrong) == 1 for _, student, kind in CASES if kind == "mistake")


@pytest.mark.slow
@pytest.mark.parametrize("assignment_id,student,kind", CASES, ids=[student.name for _, student, _ in CASES])
def test_each_student_gets_what_they_deserve(graded, assignment_id, student, kind):
    root, rows = graded
    assignment = catalogue.load(root).get(assignment_id)
    tests = demo.test_cells(root, assignment)
    row = rows[assignment_id][student.name]
    expected = {test: 0.0 if answer in student.wrong else points for test, points, answer in tests}
    got = {test: float(row[test] or 0) for test, _, _ in tests}
    # A wrong answer may also run out of memory in a later cell (a missing transpose can build a 12288 x 12288
    # matrix): the sandbox then says so, and the points are still exactly those of its own cell.
    allowed = ("ok",) if kind == "correct" else ("ok", "memory")
    assert got == expected and row["status"] in allowed, f"{student.story}\n{row['status']}: {row['message']}"
