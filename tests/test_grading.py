"""The grade contract of `autograder grade`, on a sample class of a lesson assignment."""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder import catalogue, demo, reports
from autograder.course import Course
from autograder.pipeline import autograde

ASSIGNMENT = "01_loss_derivation"


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def graded(course):
    """The sample class graded once through the command line, as an instructor would."""
    assignment = catalogue.load(course).get(ASSIGNMENT)
    samples = demo.sample_class(course, assignment)
    for sample in samples:
        demo.submit(course, assignment, sample.student, sample.content)
    before = tree_digest(course / "submitted")
    done = subprocess.run([sys.executable, "-m", "autograder.cli", "grade", ASSIGNMENT, "--jobs", "2"],
                          cwd=course, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    with open(course / "reports" / ASSIGNMENT / "grades.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {"samples": samples, "rows": {r["student_id"]: r for r in rows}, "header": list(rows[0]),
            "before": before, "stdout": done.stdout}


def test_columns_are_the_contract(graded, course):
    assignment = catalogue.load(course).get(ASSIGNMENT)
    tests = [test for test, _, _ in demo.test_cells(course, assignment)]
    assert graded["header"][:6] == ["student_id", "assignment", "score", "max_score", "status", "message"]
    assert [c for c in graded["header"][6:] if c in tests] == tests


def test_every_sample_student_gets_what_they_deserve(graded):
    for sample in graded["samples"]:
        row = graded["rows"][sample.student]
        assert row["status"] == sample.status, (sample.student, row["message"])
        expected = "" if sample.deserved is None else f"{sample.deserved:g}"
        assert row["score"] == expected, (sample.student, sample.story, row["message"])


def test_a_failed_grading_is_never_a_plain_zero(graded):
    for row in graded["rows"].values():
        if row["status"] != "ok":
            assert row["message"], row
        if row["status"] in ("malformed", "missing"):
            assert row["score"] == "", row
    assert "not a valid notebook" in graded["rows"]["grace"]["message"]
    assert "was not submitted" in graded["rows"]["heidi"]["message"]
    assert "longer than" in graded["rows"]["ivan"]["message"]


def test_submissions_are_preserved_byte_for_byte(graded, course):
    assert tree_digest(course / "submitted") == graded["before"]


def test_report_has_histogram_and_summary(graded, course):
    png = course / "reports" / ASSIGNMENT / "scores.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "student" in graded["stdout"] and "alice" in graded["stdout"]


def test_regrading_reproduces_the_same_grades(graded, course):
    autograde.grade(Course.load(course), ASSIGNMENT, ["alice", "dan", "mallory"], jobs=1)
    again = reports.rows(Course.load(course), ASSIGNMENT)
    for student in ("alice", "dan", "mallory"):
        assert f"{again.row_of(student).score:g}" == graded["rows"][student]["score"]


def hidden_lines(assignment_id: str, root: Path) -> list[str]:
    """The lines of an assignment's hidden checks that could only come from grading.py (not from the notebook,
    whose public checks use the same helpers)."""
    text = (root / "source" / assignment_id / "grading.py").read_text()
    assignment = catalogue.load(root).get(assignment_id)
    notebook = (root / "source" / assignment_id / assignment.notebook).read_text()
    return [line.strip() for line in text.splitlines() if len(line.strip()) > 25
            and not line.strip().startswith(("#", "from ", "import ")) and json.dumps(line.strip())[1:-1] not in notebook]


def test_feedback_shows_no_hidden_check(graded, course):
    assignment = catalogue.load(course).get(ASSIGNMENT)
    pages = Course.load(course).feedback(ASSIGNMENT)
    # Other test modules may add students to the same course copy: the sample class must all be there.
    assert {s.student for s in graded["samples"]} <= {p.parent.parent.name for p in pages}
    secret = hidden_lines(ASSIGNMENT, course)
    assert len(secret) > 10
    for page in pages:
        text = page.read_text()
        for line in secret:
            assert line not in text, (page, line)
    assert "status: <b>malformed</b>" in (course / "feedback" / "grace" / ASSIGNMENT / f"{assignment.notebook_id}.html").read_text()


def test_each_cells_verdict_is_kept_beside_the_graded_notebook(graded, course):
    dan = Course.load(course).outcome("dan", ASSIGNMENT)  # left the last function unfinished
    tests = [test for test, _, _ in demo.test_cells(course, catalogue.load(course).get(ASSIGNMENT))]
    assert list(dan.verdicts) == tests
    assert [message is None for message in dan.verdicts.values()] == [True] * (len(tests) - 1) + [False]
    assert "NotImplementedError" in dan.verdicts[tests[-1]]
