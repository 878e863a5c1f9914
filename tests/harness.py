"""Grading a catalogue of answers: each wrong one must cost exactly its own function's points."""

from __future__ import annotations

from pathlib import Path

from autograder import catalogue, demo, reports
from autograder.course import Course
from autograder.pipeline import autograde


def with_changes(assignment_id: str, grade_id: str, *edits: tuple[str, str]) -> str:
    """The reference answer cell of the source notebook with each (old, new) edit applied once: a wrong
    answer written as its difference from the right one. An edit that does not match exactly one place
    fails loudly, so the catalogue cannot silently drift from the notebook."""
    import nbformat

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


def grade_students(course: Path, assignment_id: str, students: dict) -> dict[str, reports.ReportRow]:
    """Grade {name: notebook} in one run; the report row of each, by name."""
    assignment = catalogue.load(course).get(assignment_id)
    for student, nb in students.items():
        demo.submit(course, assignment, student, nb)
    autograde.grade(Course.load(course), assignment_id, list(students), jobs=2)
    return {row.student: row for row in reports.rows(Course.load(course), assignment_id).rows
            if row.student in students}


def first_answer_unparsed(course: Path, assignment: catalogue.Assignment) -> tuple[str, str]:
    """The first answer cell's grade id, and its solution with the second line's indentation taken away (a
    docstring left unindented, as real students leave it): an IndentationError at line 2."""
    import nbformat

    source = nbformat.read(course / "source" / assignment.id / assignment.notebook, as_version=4)
    cell = next(c for c in source.cells if c.get("metadata", {}).get("nbgrader", {}).get("solution")
                and c.cell_type == "code")
    lines = cell.source.splitlines()
    return cell.metadata["nbgrader"]["grade_id"], "\n".join([lines[0], lines[1].lstrip(), *lines[2:]]) + "\n"


def assert_each_wrong_answer_loses_exactly_its_points(course: Path, assignment_id: str, wrong_answers,
                                                       renamed=()) -> None:
    """Each entry (answer-cell grade id, story, source) costs exactly the points of the test cell that
    follows that answer cell, and nothing else (one mistake costs once), with status ok. Each of `renamed`
    ((story, {answer-cell grade id: source})), correct answers with other parameter names, gets every point.
    In the same class, a student whose first answer cell does not compile loses exactly that cell's points, and
    reads which line Python could not read, in the cell's verdict, in grades.csv and in the class report."""
    from autograder import insights

    assignment = catalogue.load(course).get(assignment_id)
    tests = demo.test_cells(course, assignment)
    test_after = {answer: test for test, _, answer in tests}
    points = {test: p for test, p, _ in tests}
    notebooks = {"correct": demo.solved(course, assignment)}
    failing = {"correct": set()}
    stories = {"correct": "the correct solution"}
    for number, (answer_id, story, source) in enumerate(wrong_answers, start=1):
        notebooks[f"wrong-{number:02d}"] = demo.solved(course, assignment, {answer_id: source})
        failing[f"wrong-{number:02d}"] = {test_after[answer_id]}
        stories[f"wrong-{number:02d}"] = f"{story!r} ({answer_id})"
    for number, (story, answers) in enumerate(renamed, start=1):
        notebooks[f"renamed-{number:02d}"] = demo.solved(course, assignment, answers)
        failing[f"renamed-{number:02d}"] = set()
        stories[f"renamed-{number:02d}"] = f"the correct {story}"
    unparsed_cell, unparsed_source = first_answer_unparsed(course, assignment)
    notebooks["syntax"] = demo.solved(course, assignment, {unparsed_cell: unparsed_source})
    failing["syntax"] = {test_after[unparsed_cell]}
    stories["syntax"] = f"an IndentationError in {unparsed_cell}"
    rows = grade_students(course, assignment_id, notebooks)
    problems = []
    for student in notebooks:
        row = rows[student]
        expected = {test: 0.0 if test in failing[student] else points[test] for test in points}
        got = {test: row.cells.get(test) or 0.0 for test in points}
        # A wrong answer may also run out of memory (a missing transpose can build a 12288 x 12288
        # matrix); the sandbox then says so, and the points are still exactly those of its cell.
        allowed = {"ok", "memory"} if student.startswith("wrong") else {"ok"}
        if got != expected or row.status not in allowed:
            diff = {t: (got[t], expected[t]) for t in points if got[t] != expected[t]}
            problems.append(f"{student} = {stories[student]}: status {row.status}, (got, expected) {diff}; "
                            f"{row.message}")
    assert not problems, "\n".join(problems)

    loaded = Course.load(course)
    test_id = test_after[unparsed_cell]
    function = loaded.checks(assignment_id)[test_id].function
    said = "expected an indented block after function definition on line 1"
    verdict = (f"`{function}` is not defined because its cell did not run: Python could not read line 2 of the cell "
               f"(IndentationError: {said}). Fix this line and run the cell.")
    got = loaded.outcome("syntax", assignment_id).verdicts[test_id].render("en")
    assert got == verdict, got
    # The row's message names the cell and its line (then what is still pending, in 01: the written answer).
    note = (f"the answer cell {unparsed_cell} did not run: Python could not read its line 2 (IndentationError: "
            f"{said}); fix this line and run the cell")
    assert rows["syntax"].message.startswith(note), rows["syntax"].message
    exercise = next(e for e in insights.assignment(loaded, assignment_id).exercises if e.grade_id == test_id)
    found = [d.students for d in exercise.diagnostics if d.example.render("en") == verdict]
    assert found == [["syntax"]], exercise.diagnostics


def assert_each_correct_answer_gets_full_marks(course: Path, assignment_id: str, correct_answers) -> None:
    """Each entry (answer-cell grade id, story, source) is a right answer written another way than the reference
    (other names, other NumPy calls, a loop, asserts): graded alone, it scores every point, with status ok."""
    assignment = catalogue.load(course).get(assignment_id)
    points = {test: p for test, p, _ in demo.test_cells(course, assignment)}
    notebooks = {f"right-{number:02d}": demo.solved(course, assignment, {answer_id: source})
                 for number, (answer_id, _story, source) in enumerate(correct_answers, start=1)}
    rows = grade_students(course, assignment_id, notebooks)
    problems = []
    for number, student in enumerate(notebooks, start=1):
        row = rows[student]
        got = {test: row.cells.get(test) or 0.0 for test in points}
        if got != points or row.status != "ok":
            lost = {t: got[t] for t in points if got[t] != points[t]}
            problems.append(f"{correct_answers[number - 1][1]!r} ({correct_answers[number - 1][0]}): "
                            f"status {row.status}, lost {lost}; {row.message}")
    assert not problems, "\n".join(problems)
