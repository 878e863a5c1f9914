"""Every way an instructor grades gives the same grades: `nbgrader autograde` (the course's
nbgrader_config.py puts the sandbox and the judge into nbgrader's own Autograde), the formgrader's Autograde
button (NbGraderAPI.autograde, called here as the formgrader calls it) and `autograder grade`.

The class is the attack and malformed catalogue of tests/attacks.py, whose expected scores and statuses
tests/test_attacks.py checks for `autograder grade`; here the same expectations hold for nbgrader's paths.
Two cases stay out: a timestamp.txt that is a named pipe or not a date. nbgrader reads timestamp.txt itself
before any configurable step (a pipe would stop it for good, a bad date fails that student); `nbgrader
collect` through the course's SafeCollect never puts either into submitted/.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from autograder import demo
from autograder.course import Course
from tests.attacks import ASSIGNMENT, Builder, all_cases
from tests.conftest import course_copy
from tests.test_attacks import unquoted

NBGRADER_READS_ITSELF = {"odd-timestamp-text", "odd-timestamp-fifo"}
CASES = [case for case in all_cases() if case.student not in NBGRADER_READS_ITSELF]
# The formgrader grades one student per click: a few of each kind.
BUTTON = ["a-honest", "cheat-allclose", "cheat-read-source", "cheat-read-secret", "chan-standin-steal",
          "chan-proc-fd", "bad-truncated", "bad-symlink", "odd-nbformat-3", "odd-duplicated-answer", "res-liar"]


def class_in(template: Path, dest: Path) -> Path:
    """A released course copy at `dest` with every case's submission in it."""
    root = course_copy(template, dest)
    builder = Builder(root, port=9)
    for case in CASES:
        content = case.build(builder)
        if callable(content):
            content(demo.submit(root, builder.assignment, case.student, None))
        else:
            demo.submit(root, builder.assignment, case.student, content)
    return root


def report(root: Path) -> dict[str, dict]:
    done = subprocess.run([sys.executable, "-m", "autograder.cli", "report", ASSIGNMENT, "--quiet"], cwd=root,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    with open(root / "reports" / ASSIGNMENT / "grades.csv", newline="") as handle:
        return {unquoted(row["student_id"]): row for row in csv.DictReader(handle)}


def deserved(case) -> tuple[str, str]:
    return ("" if case.deserved is None else f"{case.deserved:g}"), case.status


@pytest.fixture(scope="module")
def nbgrader_autograde(template, tmp_path_factory):
    root = class_in(template, tmp_path_factory.mktemp("nbgrader-autograde") / "course")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    subprocess.run([sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT, "--force"], cwd=root, env=env,
                   capture_output=True, text=True, timeout=1800)
    return report(root)


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[c.student for c in CASES])
def test_nbgrader_autograde_grades_as_autograder_grade(nbgrader_autograde, case):
    row = nbgrader_autograde[case.student]
    assert (row["score"], row["status"]) == deserved(case), f"{case.story}: {row['message']}"
    assert case.says in row["message"]


@pytest.fixture(scope="module")
def formgrader_button(template, tmp_path_factory):
    root = class_in(template, tmp_path_factory.mktemp("formgrader") / "course")
    course = Course.load(root)
    previous = Path.cwd()
    os.chdir(root)  # where the formgrader's server runs: the course directory
    try:
        results = {student: course.api().autograde(ASSIGNMENT, student) for student in BUTTON}
    finally:
        os.chdir(previous)
    return results, report(root)


@pytest.mark.parametrize("student", BUTTON)
def test_the_formgrader_button_grades_as_autograder_grade(formgrader_button, student):
    results, rows = formgrader_button
    case = next(c for c in CASES if c.student == student)
    assert results[student]["success"], results[student]
    assert (rows[student]["score"], rows[student]["status"]) == deserved(case), rows[student]["message"]
