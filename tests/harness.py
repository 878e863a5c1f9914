"""One class per assignment, graded once: the catalogues of answers written for it, each with what it deserves.

The class of an assignment holds the solution, the wrong answers, the correct answers written otherwise and the
renamed ones of tests/test_<id>.py, a student whose first answer cell does not compile, and the CORRECT and MISTAKES
students of tests/students (a01_... to a05_...). It is graded in one run of `autograder grade` (conftest's
graded_class fixture); each test then reads the rows of its own entries: a wrong answer must cost exactly its own
function's points, a right one none.
"""

from __future__ import annotations

import csv
import importlib
import subprocess
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import nbformat

from autograder import catalogue, demo, reports
from autograder.course import Course
from autograder.judge.integrity import grade_id_of
from tests.students import (
    Student,
    a01_loss_derivation,
    a02_single_example_gd,
    a03_m_example_loop,
    a04_vectorization,
    a05_cat_classifier,
)

STUDENT_MODULES = [a01_loss_derivation, a02_single_example_gd, a03_m_example_loop, a04_vectorization,
                   a05_cat_classifier]
OK, OK_OR_MEMORY = frozenset({"ok"}), frozenset({"ok", "memory"})


def with_changes(assignment_id: str, grade_id: str, *edits: tuple[str, str]) -> str:
    """The reference answer cell of the source notebook with each (old, new) edit applied once: a wrong
    answer written as its difference from the right one. An edit that does not match exactly one place
    fails loudly, so the catalogue cannot silently drift from the notebook."""
    from tests.conftest import REPO

    assignment = catalogue.load(REPO).get(assignment_id)
    nb = nbformat.read(REPO / "source" / assignment_id / assignment.notebook, as_version=4)
    source = next(c.source for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id)
    for old, new in edits:
        if source.count(old) != 1:
            raise ValueError(f"{grade_id}: {old!r} appears {source.count(old)} times in the reference answer")
        source = source.replace(old, new)
    return source


def answer_cell(signature: str, *body: str) -> str:
    """The source of an answer cell that defines one function with the given body lines."""
    return f"def {signature}:\n" + "".join(f"    {line}\n" for line in body)


@dataclass(frozen=True)
class Expected:
    """What one student of a class deserves: 0 in each `failing` test cell, every point in the others, and a
    status in `statuses` (a wrong answer may also run out of memory: a missing transpose can build a 12288 x 12288
    matrix; the sandbox then says so, and the points are still exactly those of its cell)."""
    notebook: nbformat.NotebookNode
    failing: frozenset
    statuses: frozenset
    story: str


def wrong_and_renamed(root: Path, assignment: catalogue.Assignment, wrong_answers, renamed=()) -> dict[str, Expected]:
    """The solution ("correct"), each wrong answer (answer-cell grade id, story, source) as wrong-NN: it costs the
    test cell that follows its answer cell; each renamed ((story, {answer-cell grade id: source})), correct answers
    with other parameter names, as renamed-NN; and "syntax", whose first answer cell does not compile."""
    test_after = {answer: test for test, _, answer in demo.test_cells(root, assignment)}
    found = {"correct": Expected(demo.solved(root, assignment), frozenset(), OK, "the correct solution")}
    for number, (answer_id, story, source) in enumerate(wrong_answers, start=1):
        found[f"wrong-{number:02d}"] = Expected(demo.solved(root, assignment, {answer_id: source}),
                                                frozenset({test_after[answer_id]}), OK_OR_MEMORY,
                                                f"{story!r} ({answer_id})")
    for number, (story, answers) in enumerate(renamed, start=1):
        found[f"renamed-{number:02d}"] = Expected(demo.solved(root, assignment, answers), frozenset(), OK,
                                                  f"the correct {story}")
    unparsed_cell, unparsed_source = first_answer_unparsed(root, assignment)
    found["syntax"] = Expected(demo.solved(root, assignment, {unparsed_cell: unparsed_source}),
                               frozenset({test_after[unparsed_cell]}), OK, f"an IndentationError in {unparsed_cell}")
    return found


def right_answers(root: Path, assignment: catalogue.Assignment, correct_answers) -> dict[str, Expected]:
    """Each entry (answer-cell grade id, story, source), a right answer written another way than the reference
    (other names, other NumPy calls, a loop, asserts), as right-NN: every point."""
    return {f"right-{number:02d}": Expected(demo.solved(root, assignment, {answer_id: source}), frozenset(), OK,
                                            f"{story!r} ({answer_id})")
            for number, (answer_id, story, source) in enumerate(correct_answers, start=1)}


def notebook_of(root: Path, assignment: catalogue.Assignment, student: Student) -> nbformat.NotebookNode:
    """A tests/students student's notebook: their answer cells, the solution in the others, their own cells added."""
    nb = demo.solved(root, assignment, student.answers)
    for anchor, source in student.extra_cells:
        position = next(i for i, cell in enumerate(nb.cells) if grade_id_of(cell) == anchor)
        nb.cells.insert(position + 1, nbformat.v4.new_code_cell(source))
    return nb


def catalogue_students(root: Path, assignment: catalogue.Assignment) -> dict[str, Expected]:
    """The CORRECT and MISTAKES students of tests/students for the assignment, by name: a mistake costs the test
    cells after the answer cells in its `wrong`."""
    test_after = {answer: test for test, _, answer in demo.test_cells(root, assignment)}
    found = {}
    for module in (m for m in STUDENT_MODULES if m.ASSIGNMENT == assignment.id):
        for student in module.CORRECT + module.MISTAKES:
            found[student.name] = Expected(notebook_of(root, assignment, student),
                                           frozenset(test_after[answer] for answer in student.wrong),
                                           OK_OR_MEMORY if student.wrong else OK, student.story)
    return found


def whole_class(root: Path, assignment_id: str) -> dict[str, Expected]:
    """Every student of the assignment's class: tests/test_<id>.py's catalogues and tests/students'."""
    assignment = catalogue.load(root).get(assignment_id)
    module = importlib.import_module(f"tests.test_{assignment_id}")
    parts = [wrong_and_renamed(root, assignment, module.WRONG_ANSWERS, getattr(module, "RENAMED", ())),
             right_answers(root, assignment, getattr(module, "CORRECT_ANSWERS", ())),
             catalogue_students(root, assignment)]
    found = {}
    for part in parts:
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


def assert_each_wrong_answer_loses_exactly_its_points(graded: GradedClass, wrong_answers, renamed=()) -> None:
    """Each entry (answer-cell grade id, story, source) costs exactly the points of the test cell that
    follows that answer cell, and nothing else (one mistake costs once), with status ok. Each of `renamed`
    ((story, {answer-cell grade id: source})), correct answers with other parameter names, gets every point.
    In the same class, a student whose first answer cell does not compile loses exactly that cell's points, and
    reads which line Python could not read, in the cell's verdict, in grades.csv and in the class report."""
    from autograder import insights

    assignment_id = graded.assignment_id
    assignment = catalogue.load(graded.root).get(assignment_id)
    problems = graded.mismatches(wrong_and_renamed(graded.root, assignment, wrong_answers, renamed))
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


def assert_each_correct_answer_gets_full_marks(graded: GradedClass, correct_answers) -> None:
    """Each entry (answer-cell grade id, story, source) is a right answer written another way than the reference
    (other names, other NumPy calls, a loop, asserts): graded in the class, it scores every point, with status ok."""
    assignment = catalogue.load(graded.root).get(graded.assignment_id)
    problems = graded.mismatches(right_answers(graded.root, assignment, correct_answers))
    assert not problems, "\n".join(problems)
