"""One class per assignment, graded once: the assignment's catalogue of answers, each with what it deserves.

The class of an assignment holds the solution, a student whose first answer cell does not compile, and the
CORRECT and MISTAKES students of the assignment's catalogue, tests/students/a<id>.py. It is graded in one run of
`autograder grade` (conftest's graded_class fixture); each test then reads the rows of its own entries: a wrong
answer must cost exactly its own function's points, a right one none.
"""

from __future__ import annotations

import csv
import importlib
import subprocess
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import ModuleType

import nbformat

from autograder import catalogue, demo, reports
from autograder.course import Course
from autograder.judge.integrity import grade_id_of
from tests.students import REPO, Student

OK, OK_OR_MEMORY = frozenset({"ok"}), frozenset({"ok", "memory"})


def answers_of(assignment_id: str) -> ModuleType:
    """The assignment's catalogue of answers, tests/students/a<id>.py: ASSIGNMENT, CORRECT and MISTAKES."""
    return importlib.import_module(f"tests.students.a{assignment_id}")


ANSWERS = [answers_of(assignment.id) for assignment in catalogue.load(REPO).assignments]


@dataclass(frozen=True)
class Expected:
    """What one student of a class deserves: 0 in each `failing` test cell, every point in the others, and a
    status in `statuses` (a wrong answer may also run out of memory: a missing transpose can build a 12288 x 12288
    matrix; the sandbox then says so, and the points are still exactly those of its cell)."""
    notebook: nbformat.NotebookNode
    failing: frozenset
    statuses: frozenset
    story: str


def notebook_of(root: Path, assignment: catalogue.Assignment, student: Student) -> nbformat.NotebookNode:
    """A catalogue student's notebook: their answer cells, the solution in the others, their own cells added."""
    nb = demo.solved(root, assignment, student.answers)
    for anchor, source in student.extra_cells:
        position = next(i for i, cell in enumerate(nb.cells) if grade_id_of(cell) == anchor)
        nb.cells.insert(position + 1, nbformat.v4.new_code_cell(source))
    return nb


def students(root: Path, assignment: catalogue.Assignment, group: list[Student]) -> dict[str, Expected]:
    """The students of `group` (a catalogue's CORRECT or MISTAKES), by name: a mistake costs the test cells after
    the answer cells in its `wrong`, and nothing else (one mistake costs once)."""
    test_after = {answer: test for test, _, answer in demo.test_cells(root, assignment)}
    return {student.name: Expected(notebook_of(root, assignment, student),
                                   frozenset(test_after[answer] for answer in student.wrong),
                                   OK_OR_MEMORY if student.wrong else OK, student.story)
            for student in group}


def solution_and_syntax(root: Path, assignment: catalogue.Assignment) -> dict[str, Expected]:
    """The solution ("correct"), and "syntax", whose first answer cell does not compile: it costs that cell."""
    test_after = {answer: test for test, _, answer in demo.test_cells(root, assignment)}
    unparsed_cell, unparsed_source = first_answer_unparsed(root, assignment)
    return {"correct": Expected(demo.solved(root, assignment), frozenset(), OK, "the correct solution"),
            "syntax": Expected(demo.solved(root, assignment, {unparsed_cell: unparsed_source}),
                               frozenset({test_after[unparsed_cell]}), OK, f"an IndentationError in {unparsed_cell}")}


def whole_class(root: Path, assignment_id: str) -> dict[str, Expected]:
    """Every student of the assignment's class: the solution, "syntax", and the catalogue's CORRECT and MISTAKES."""
    assignment = catalogue.load(root).get(assignment_id)
    module = answers_of(assignment_id)
    found: dict[str, Expected] = {}
    for part in (solution_and_syntax(root, assignment), students(root, assignment, module.CORRECT),
                 students(root, assignment, module.MISTAKES)):
        assert not set(part) & set(found), f"a student name is used twice: {sorted(set(part) & set(found))}"
        found.update(part)
    return found


def grade_class(root: Path, assignment_id: str) -> None:
    """The whole class submitted to the released course at `root` and graded by the command line."""
    assignment = catalogue.load(root).get(assignment_id)
    for student, expected in whole_class(root, assignment_id).items():
        demo.submit(root, assignment, student, expected.notebook)
    done = subprocess.run([sys.executable, "-m", "autograder.cli", "grade", assignment_id, "--jobs", "2", "--quiet"],
                          cwd=root, capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stderr[-3000:]


@dataclass(frozen=True)
class GradedClass:
    """An assignment's class after grading (tests only read it)."""
    root: Path
    assignment_id: str

    @cached_property
    def rows(self) -> dict[str, reports.ReportRow]:
        return {row.student: row for row in reports.rows(Course.load(self.root), self.assignment_id).rows}

    @cached_property
    def csv_rows(self) -> dict[str, dict]:
        """grades.csv, as the instructor reads it, by student id."""
        with open(self.root / "reports" / self.assignment_id / "grades.csv", newline="") as handle:
            return {row["student_id"]: row for row in csv.DictReader(handle)}

    def mismatches(self, expected: dict[str, Expected]) -> list[str]:
        """What each student got where it is not what they deserve."""
        assignment = catalogue.load(self.root).get(self.assignment_id)
        points = {test: p for test, p, _ in demo.test_cells(self.root, assignment)}
        problems = []
        for student, deserved in expected.items():
            row = self.rows[student]
            want = {test: 0.0 if test in deserved.failing else points[test] for test in points}
            got = {test: row.cells.get(test) or 0.0 for test in points}
            if got != want or row.status not in deserved.statuses:
                diff = {t: (got[t], want[t]) for t in points if got[t] != want[t]}
                problems.append(f"{student} = {deserved.story}: status {row.status}, (got, expected) {diff}; "
                                f"{row.message}")
        return problems


def first_answer_unparsed(course: Path, assignment: catalogue.Assignment) -> tuple[str, str]:
    """The first answer cell's grade id, and its solution with the second line's indentation taken away (a
    docstring left unindented, as real students leave it): an IndentationError at line 2."""
    source = nbformat.read(course / "source" / assignment.id / assignment.notebook, as_version=4)
    cell = next(c for c in source.cells if c.get("metadata", {}).get("nbgrader", {}).get("solution")
                and c.cell_type == "code")
    lines = cell.source.splitlines()
    return cell.metadata["nbgrader"]["grade_id"], "\n".join([lines[0], lines[1].lstrip(), *lines[2:]]) + "\n"


def assert_each_wrong_answer_loses_exactly_its_points(graded: GradedClass) -> None:
    """Each MISTAKES student of the assignment's catalogue costs exactly the points of the test cells that follow
    the answer cells in its `wrong`, and nothing else (one mistake costs once), with status ok (or memory); the
    solution gets every point. In the same class, a student whose first answer cell does not compile loses exactly
    that cell's points, and reads which line Python could not read, in the cell's verdict, in grades.csv and in the
    class report."""
    from autograder import insights

    assignment_id = graded.assignment_id
    assignment = catalogue.load(graded.root).get(assignment_id)
    problems = graded.mismatches({**solution_and_syntax(graded.root, assignment),
                                  **students(graded.root, assignment, answers_of(assignment_id).MISTAKES)})
    assert not problems, "\n".join(problems)

    loaded = Course.load(graded.root)
    unparsed_cell, _ = first_answer_unparsed(graded.root, assignment)
    test_id = {answer: test for test, _, answer in demo.test_cells(graded.root, assignment)}[unparsed_cell]
    function = loaded.checks(assignment_id)[test_id].function
    said = "expected an indented block after function definition on line 1"
    verdict = (f"`{function}` is not defined because its cell did not run: Python could not read line 2 of the cell "
               f"(IndentationError: {said}). Fix this line and run the cell.")
    got = loaded.outcome("syntax", assignment_id).verdicts[test_id].render("en")
    assert got == verdict, got
    # The row's message names the cell and its line (then what is still pending, in 01: the written answer).
    note = (f"the answer cell {unparsed_cell} did not run: Python could not read its line 2 (IndentationError: "
            f"{said}); fix this line and run the cell")
    assert graded.rows["syntax"].message.startswith(note), graded.rows["syntax"].message
    exercise = next(e for e in insights.assignment(loaded, assignment_id).exercises if e.grade_id == test_id)
    found = [d.students for d in exercise.diagnostics if d.example.render("en") == verdict]
    assert found == [["syntax"]], exercise.diagnostics


def assert_each_correct_answer_gets_full_marks(graded: GradedClass) -> None:
    """Each CORRECT student of the assignment's catalogue, a right answer in any form (other names, other NumPy
    calls, a loop, asserts), scores every point, with status ok."""
    assignment = catalogue.load(graded.root).get(graded.assignment_id)
    problems = graded.mismatches(students(graded.root, assignment, answers_of(graded.assignment_id).CORRECT))
    assert not problems, "\n".join(problems)
