"""Grading a catalogue of wrong answers: each must cost exactly its own function's points."""

from __future__ import annotations

from pathlib import Path

from autograder import catalogue, demo, reports
from autograder.grading import GradingRun


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


def assert_each_wrong_answer_loses_exactly_its_points(course: Path, assignment_id: str, wrong_answers) -> None:
    assignment = catalogue.load(course).get(assignment_id)
    tests = demo.test_cells(course, assignment)
    test_after = {answer: test for test, _, answer in tests}
    points = {test: p for test, p, _ in tests}
    students = {"correct": (demo.solved(course, assignment), set())}
    for number, entry in enumerate(wrong_answers, start=1):
        answer_id, story, source = entry[:3]
        also_fails = set(entry[3]) if len(entry) > 3 else set()
        students[f"wrong-{number:02d}"] = (demo.solved(course, assignment, {answer_id: source}),
                                           {test_after[answer_id]} | also_fails)
    for student, (nb, _) in students.items():
        demo.submit(course, assignment, student, nb)
    GradingRun(course, assignment_id, jobs=2).run(list(students))
    _, table = reports.rows(course, assignment_id)
    rows = {row["student_id"]: row for row in table}
    problems = []
    for number, (student, (_, failing)) in enumerate(students.items()):
        row = rows[student]
        story = "the correct solution" if student == "correct" else f"{wrong_answers[number - 1][1]!r} ({wrong_answers[number - 1][0]})"
        expected = {test: 0.0 if test in failing else points[test] for test in points}
        got = {test: float(row[test] or 0) for test in points}
        # A wrong answer may also run out of memory (a missing transpose can build a 12288 x 12288
        # matrix); the sandbox then says so, and the points are still exactly those of its cell.
        allowed = {"ok"} if student == "correct" else {"ok", "memory"}
        if got != expected or row["status"] not in allowed:
            diff = {t: (got[t], expected[t]) for t in points if got[t] != expected[t]}
            problems.append(f"{student} = {story}: status {row['status']}, (got, expected) {diff}; {row['message']}")
    assert not problems, "\n".join(problems)
