"""`autograder regrade`: a hidden check released with a mistake, fixed, and the class re-graded.

02's sample class is graded with a wrong check of `forward` (it expects every result 0.1 too large, so every
right answer fails). The instructor meanwhile gave bob 1.5 points by hand for that cell, dan 1 point for his
unfinished `backward_squared`, and every written answer 0 points; carol submitted late, under nbgrader's "zero"
late-penalty method.
"""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest

from autograder import catalogue, demo
from autograder.course import Course
from autograder.pipeline import autograde
from autograder.regrade import AUDIT_COLUMNS
from tests.conftest import copy_course, course_copy

ASSIGNMENT = "02_single_example_gd"
RIGHT = 'checks.check_scalar("forward(x1, x2, w1, w2, b)", got, expected, kind=float)'
WRONG = 'checks.check_scalar("forward(x1, x2, w1, w2, b)", got, expected + 0.1, kind=float)'
# Every student whose `forward` is right: all but frank and mallory (nothing written) and ivan and judy
# (their notebooks stopped before the test), and grace and heidi (nothing to grade).
RIGHT_FORWARD = ["alice", "bob", "carol", "dan", "erin", "oscar", "peggy", "trent"]


def regrade(root, *options):
    return subprocess.run([sys.executable, "-m", "autograder.cli", "regrade", ASSIGNMENT, "--jobs", "2", "--quiet",
                           *options], cwd=root, capture_output=True, text=True, timeout=600)


def cells(root) -> dict[tuple[str, str], tuple]:
    """(student, cell) -> (score, auto score, manual score, needs manual grade), and each late penalty."""
    course = Course.load(root)
    found = {}
    with course.gradebook() as gb:
        for submission in gb.find_assignment(ASSIGNMENT).submissions:
            notebook = submission.notebooks[0]
            found[(submission.student.id, "late penalty")] = notebook.late_submission_penalty
            for grade in notebook.grades:
                found[(submission.student.id, grade.name)] = (grade.score, grade.auto_score, grade.manual_score,
                                                              grade.needs_manual_grade)
    return found


def audit(root) -> list[dict]:
    with open(root / "reports" / ASSIGNMENT / "audit.csv", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == AUDIT_COLUMNS
        return list(reader)


@pytest.fixture(scope="module")
def course(template, tmp_path_factory):
    root = course_copy(template, tmp_path_factory.mktemp("regrade") / "course")
    with open(root / "nbgrader_config.py", "a") as config:
        config.write('\nc.LateSubmissionPlugin.penalty_method = "zero"\n')
    grading = root / "source" / ASSIGNMENT / "grading.py"
    grading.write_text(grading.read_text().replace(RIGHT, WRONG))
    # `autograder grade` refuses this check now (`autograder check`: the solution fails it), so the class is
    # graded through the grading API, as a class graded before the check existed was.
    assignment = catalogue.load(root).get(ASSIGNMENT)
    for sample in demo.sample_class(root, assignment):
        demo.submit(root, assignment, sample.student, sample.content)
    autograde.grade(Course.load(root), ASSIGNMENT, jobs=2)
    (root / "submitted" / "carol" / ASSIGNMENT / "timestamp.txt").write_text("2026-12-12 09:00:00.000000 UTC")
    done = regrade(root, "--reason", "carol's timestamp corrected")  # carol is now late: the first audit lines
    assert done.returncode == 0, done.stderr
    with Course.load(root).gradebook() as gb:
        for student, cell, points in (("bob", "sgd-forward-test", 1.5), ("dan", "sgd-squared-test", 1.0),
                                      *((s, "sgd-conflict-answer", 0.0) for s in RIGHT_FORWARD)):
            grade = gb.find_grade(cell, "single_example_gd", ASSIGNMENT, student)
            grade.manual_score, grade.needs_manual_grade = points, False
        gb.db.commit()
    return root


def test_a_regrade_without_a_change_in_the_checks_changes_nothing(course):
    before, lines = cells(course), len(audit(course))
    done = regrade(course)
    assert done.returncode == 0, done.stderr
    assert cells(course) == before
    new = audit(course)[lines:]
    assert [(row["student"], row["why"]) for row in new] == \
        [("", "re-graded after a change to the checks: 14 submission(s) re-graded, no score changed")]


def test_the_fixed_check_changes_exactly_the_affected_scores(course):
    before, lines = cells(course), len(audit(course))
    grading = course / "source" / ASSIGNMENT / "grading.py"
    grading.write_text(grading.read_text().replace(WRONG, RIGHT))
    done = regrade(course, "--reason", "fixed the hidden check of forward")
    assert done.returncode == 0, done.stderr
    after = cells(course)
    changed = {key: (before[key], after[key]) for key in after if before.get(key) != after[key]}
    expected = {(s, "sgd-forward-test"): ((0.0, 0.0, None, False), (2.0, 2.0, None, False))
                for s in RIGHT_FORWARD if s not in ("bob", "carol")}
    # bob's manual score stands; the automatic score under it changed, so it is marked for review again.
    expected[("bob", "sgd-forward-test")] = ((1.5, 0.0, 1.5, False), (1.5, 2.0, 1.5, True))
    # carol is late under the "zero" method: her penalty follows her new score, so her final score stays 0.
    expected[("carol", "sgd-forward-test")] = ((0.0, 0.0, None, False), (2.0, 2.0, None, False))
    expected[("carol", "late penalty")] = (7.0, 9.0)
    assert changed == expected
    # dan's manual point for `backward_squared` survives, still reviewed.
    assert after[("dan", "sgd-squared-test")] == (1.0, 0.0, 1.0, False)
    rows = audit(course)[lines:]
    assert [(r["student"], r["cell"], r["old_score"], r["new_score"]) for r in rows] == [
        ("alice", "sgd-forward-test", "0", "2"), ("bob", "sgd-forward-test", "1.5", "1.5"),
        ("carol", "sgd-forward-test", "0", "2"), ("carol", "late penalty", "7", "9"),
        *[(s, "sgd-forward-test", "0", "2") for s in ("dan", "erin", "oscar", "peggy", "trent")], ("", "", "", "")]
    why = {r["student"]: r["why"] for r in rows}
    assert why["alice"].startswith("fixed the hidden check of forward; was failed (") and why["alice"].endswith(
        "), now passed")
    assert why["bob"].endswith("the manual score 1.5 is kept; the automatic score went from 0 to 2: review it in "
                               "the formgrader")
    assert why[""] == "fixed the hidden check of forward: 14 submission(s) re-graded, 8 changed"
    grades = {r["student_id"]: r for r in csv.DictReader(open(course / "reports" / ASSIGNMENT / "grades.csv"))}
    assert (grades["alice"]["sgd-forward-test"], grades["bob"]["sgd-forward-test"]) == ("2", "1.5")
    # grades.csv shows each late penalty beside nbgrader's score.
    assert (grades["carol"]["score"], grades["carol"]["late_penalty"], grades["alice"]["late_penalty"]) == (
        "9", "9", "0")
    assert 'href="02_single_example_gd/audit.csv"' in (course / "reports" / "index.html").read_text()


def test_the_export_takes_the_late_penalty_off_and_says_so(course):
    done = subprocess.run([sys.executable, "-m", "autograder.cli", "export", ASSIGNMENT, "--format", "moodle"],
                          cwd=course, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    rows = {r["Username"]: r for r in csv.DictReader(open(course / "reports" / ASSIGNMENT / "moodle.csv"))}
    assert (rows["carol"]["Gradient descent on one example"], rows["carol"]["Feedback"]) == \
        ("0", "submitted 9.0 h late: 9 point(s) taken off")
    # bob's cell waits for review after the fix: not exported until a person has looked.
    assert rows["bob"]["Gradient descent on one example"] == ""
    assert "left empty: bob: not complete: sgd-forward-test still to be graded by a person" in done.stderr


def test_regrade_before_any_grading_says_what_to_do(tmp_path):
    root = copy_course(tmp_path / "fresh")
    done = regrade(root)
    assert done.returncode == 2
    assert "autograder regrade:" in done.stderr and "autograder grade" in done.stderr


def test_a_regrade_that_cannot_write_its_audit_changes_nothing(course):
    """The audit line and the gradebook change are one transaction: here audit.csv cannot be written (a folder
    is in its place), so the wrong check's new scores are not kept either."""
    from tests.test_grading import tree_digest

    before, graded = cells(course), tree_digest(course / "autograded")
    grading = course / "source" / ASSIGNMENT / "grading.py"
    grading.write_text(grading.read_text().replace(RIGHT, WRONG))
    path = course / "reports" / ASSIGNMENT / "audit.csv"
    path.rename(path.with_name("audit.kept"))
    path.mkdir()
    try:
        done = regrade(course, "--reason", "a check that would change 8 scores")
        assert done.returncode == 2
        assert done.stderr.startswith(f"autograder regrade: cannot write reports/{ASSIGNMENT}/audit.csv (Is a "
                                      "directory), so nothing was changed: the gradebook and the graded notebooks are "
                                      "as they were before the re-grade. Fix that, then re-grade again"), done.stderr
        assert cells(course) == before
        assert tree_digest(course / "autograded") == graded
        assert not list(course.glob(".regrade-*"))  # nothing left behind
    finally:
        path.rmdir()
        path.with_name("audit.kept").rename(path)
        grading.write_text(grading.read_text().replace(WRONG, RIGHT))


def test_a_students_hostile_text_never_stops_a_regrade(course):
    """A lone surrogate and terminal escapes in an exception, and a bidi override in the id: the audit is written,
    valid UTF-8, with the id read back as itself; the terminal gets no escape sequence."""
    from autograder import safetext

    student = "tim\u202e"
    assignment = catalogue.load(course).get(ASSIGNMENT)
    demo.submit(course, assignment, student, demo.solved(course, assignment, {
        "sgd-forward-code": "def forward(x1, x2, w1, w2, b):\n    raise ValueError('\\udcff\\x1b[2J')"}))
    lines = len(audit(course))
    done = regrade(course, "--reason", "tim's first grading")
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout + done.stderr and "\u202e" not in done.stdout
    (course / "reports" / ASSIGNMENT / "audit.csv").read_bytes().decode("utf-8")  # strict
    rows = [row for row in audit(course)[lines:] if row["student"]]
    assert {safetext.from_cell(row["student"]) for row in rows} == {student}
    forward = next(row for row in rows if row["cell"] == "sgd-forward-test")
    assert (forward["new_score"], "raised ValueError: \\udcff\\x1b[2J" in forward["why"]) == ("0", True)
