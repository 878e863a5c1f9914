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


def grade_students(course: Path, assignment_id: str, students: dict) -> dict[str, dict]:
    """Grade {name: notebook} in one run; the report row of each, by name."""
    assignment = catalogue.load(course).get(assignment_id)
    for student, nb in students.items():
        demo.submit(course, assignment, student, nb)
    autograde.grade(Course.load(course), assignment_id, list(students), jobs=2)
    _, table, _ = reports.rows(Course.load(course), assignment_id)
    return {row["student_id"]: row for row in table if row["student_id"] in students}


def assert_each_wrong_answer_loses_exactly_its_points(course: Path, assignment_id: str, wrong_answers) -> None:
    """Each entry (answer-cell grade id, story, source) costs exactly the points of the test cell that
    follows that answer cell, and nothing else (one mistake costs once), with status ok."""
    assignment = catalogue.load(course).get(assignment_id)
    tests = demo.test_cells(course, assignment)
    test_after = {answer: test for test, _, answer in tests}
    points = {test: p for test, p, _ in tests}
    notebooks = {"correct": demo.solved(course, assignment)}
    failing = {"correct": set()}
    for number, (answer_id, _story, source) in enumerate(wrong_answers, start=1):
        notebooks[f"wrong-{number:02d}"] = demo.solved(course, assignment, {answer_id: source})
        failing[f"wrong-{number:02d}"] = {test_after[answer_id]}
    rows = grade_students(course, assignment_id, notebooks)
    problems = []
    for number, student in enumerate(notebooks):
        row = rows[student]
        story = "the correct solution" if student == "correct" else \
            f"{wrong_answers[number - 1][1]!r} ({wrong_answers[number - 1][0]})"
        expected = {test: 0.0 if test in failing[student] else points[test] for test in points}
        got = {test: float(row[test] or 0) for test in points}
        # A wrong answer may also run out of memory (a missing transpose can build a 12288 x 12288
        # matrix); the sandbox then says so, and the points are still exactly those of its cell.
        allowed = {"ok"} if student == "correct" else {"ok", "memory"}
        if got != expected or row["status"] not in allowed:
            diff = {t: (got[t], expected[t]) for t in points if got[t] != expected[t]}
            problems.append(f"{student} = {story}: status {row['status']}, (got, expected) {diff}; {row['message']}")
    assert not problems, "\n".join(problems)


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
        got = {test: float(row[test] or 0) for test in points}
        if got != points or row["status"] != "ok":
            lost = {t: got[t] for t in points if got[t] != points[t]}
            problems.append(f"{correct_answers[number - 1][1]!r} ({correct_answers[number - 1][0]}): "
                            f"status {row['status']}, lost {lost}; {row['message']}")
    assert not problems, "\n".join(problems)
