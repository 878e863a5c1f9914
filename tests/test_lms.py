"""`autograder export`: the gradebook files checked against the column conventions Canvas and Moodle document
(see autograder/lms.py for the sources), on the demo's graded sample class of 02, once a person has graded its
written answers (until then no grade is complete, and none is exported)."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys

import pytest
from nbgrader.api import MissingEntry

from autograder.course import Course

A02 = "02_single_example_gd"
TITLE = "Gradient descent on one example"
# Moodle reads a grade with unformat_float: a number, or empty / "-" for no grade.
MOODLE_GRADE = re.compile(r"^(|-|\d+(\.\d+)?)$")


@pytest.fixture(scope="module")
def graded_by_hand(demo_class, tmp_path_factory):
    """A copy of the demo class in which a person graded every written answer of 02, giving it 0 points: the
    totals are then complete, and equal the autograded scores."""
    root = tmp_path_factory.mktemp("lms") / "course"
    shutil.copytree(demo_class, root)
    with Course.load(root).gradebook() as gb:
        for student in gb.students:
            try:
                grade = gb.find_grade("sgd-conflict-answer", "single_example_gd", A02, student.id)
            except MissingEntry:
                continue  # nothing was graded for this student
            grade.manual_score, grade.needs_manual_grade = 0.0, False
        gb.db.commit()
    return root


def export(root, system):
    done = subprocess.run([sys.executable, "-m", "autograder.cli", "export", A02, "--format", system],
                          cwd=root, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    with open(root / "reports" / A02 / f"{system}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle)), done.stderr


def test_canvas_file_follows_the_gradebook_import_columns(graded_by_hand):
    rows, stderr = export(graded_by_hand, "canvas")
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", TITLE]
    assert rows[1] == ["Points Possible", "", "", "", "", "12"]
    body = {row[3]: row for row in rows[2:]}
    assert all(len(row) == 6 and row[0] for row in rows[2:])  # every student identified, every row complete
    assert {login: row[5] for login, row in body.items()} == {
        "alice": "9", "bob": "9", "carol": "9", "dan": "7", "erin": "5", "frank": "0", "grace": "", "heidi": "",
        "ivan": "0", "judy": "0", "mallory": "0", "oscar": "9", "peggy": "9", "trent": "9"}
    # Canvas would take an extra column for a new assignment: the reasons for the empty cells go to stderr.
    assert stderr.splitlines() == [
        "left empty: grace: not graded (malformed): single_example_gd.ipynb is not a valid notebook: it is not a JSON "
        "text in UTF-8 (JSONDecodeError). Open it in Jupyter, fix or re-download it, and submit again",
        "left empty: heidi: not graded (missing): single_example_gd.ipynb was not submitted (the folder holds: "
        "timestamp.txt; was it renamed?)"]


def test_moodle_file_follows_the_grade_import_columns(graded_by_hand):
    rows, _ = export(graded_by_hand, "moodle")
    assert rows[0] == ["Username", "First name", "Last name", "Email address", TITLE, "Feedback"]
    assert all(len(row) == 6 and row[0] and MOODLE_GRADE.match(row[4]) for row in rows[1:])
    by_student = {row[0]: row for row in rows[1:]}
    assert by_student["grace"][4:] == ["", by_student["grace"][5]] and by_student["grace"][5].startswith(
        "not graded (malformed): ")
    assert by_student["trent"][4:] == ["9", "graded with status tampered: " + by_student["trent"][5].split(": ", 1)[1]]
    assert by_student["alice"][4:] == ["9", ""]


@pytest.mark.parametrize("options,message", [
    (["--format", "blackboard"], "invalid choice: 'blackboard'"),
    (["--format", "canvas", "--output", "/proc/nope/x.csv"], "autograder export:")])
def test_export_says_what_is_wrong(demo_class, options, message):
    done = subprocess.run([sys.executable, "-m", "autograder.cli", "export", A02, *options],
                          cwd=demo_class, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and message in done.stderr
