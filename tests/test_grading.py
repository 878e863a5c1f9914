"""The grade contract of `autograder grade`, on a sample class of a lesson assignment."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder import catalogue, demo, reports, safetext, similarity
from autograder.course import Course
from autograder.pipeline import autograde
from tests.conftest import course_copy

ASSIGNMENT = "01_loss_derivation"


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def course(template, tmp_path_factory) -> Path:
    """A course of this module's own: other modules grade more students of the same assignment into the session's
    course (test_01's wrong answers), and the counts here are the sample class's."""
    return course_copy(template, tmp_path_factory.mktemp("grading") / "course")


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
    import xml.etree.ElementTree as ElementTree

    picture = ElementTree.parse(course / "reports" / ASSIGNMENT / "scores.svg").getroot()
    assert picture.tag == "{http://www.w3.org/2000/svg}svg"
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
            and not line.strip().startswith(("#", "from ", "import "))
            and json.dumps(line.strip())[1:-1] not in notebook]


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
    page = course / "feedback" / "grace" / ASSIGNMENT / f"{assignment.notebook_id}.html"
    assert "status: <b>malformed</b>" in page.read_text()


def test_each_cells_verdict_is_kept_beside_the_graded_notebook(graded, course):
    dan = Course.load(course).outcome("dan", ASSIGNMENT)  # left the last function unfinished
    tests = [test for test, _, _ in demo.test_cells(course, catalogue.load(course).get(ASSIGNMENT))]
    assert list(dan.verdicts) == tests
    assert [message is None for message in dan.verdicts.values()] == [True] * (len(tests) - 1) + [False]
    assert "NotImplementedError" in dan.verdicts[tests[-1]].render("en")


def written_cells(root: Path, assignment) -> dict[str, float]:
    """The cells a person grades (written answers): grade id -> points, in notebook order."""
    nb = nbformat.read(root / "release" / assignment.id / assignment.notebook, as_version=4)
    return {c.metadata.nbgrader["grade_id"]: float(c.metadata.nbgrader["points"]) for c in nb.cells
            if c.get("metadata", {}).get("nbgrader", {}).get("grade") and c.metadata.nbgrader.get("solution")}


def test_written_answers_waiting_for_a_person_are_pending_not_zero(graded, course):
    waiting = written_cells(course, catalogue.load(course).get(ASSIGNMENT))
    pending = sum(waiting.values())
    assert pending > 0  # 01's derivation is graded by hand
    alice = graded["rows"]["alice"]  # every automatic point, the written answer not graded yet
    assert (alice["score"], alice["pending_points"]) == (f"{float(alice['max_score']) - pending:g}", f"{pending:g}")
    assert alice["message"] == (f"{pending:g} point(s) still to be graded by a person ({', '.join(waiting)}): the "
                                "score does not count them yet")
    assert [alice[cell] for cell in waiting] == [""] * len(waiting)  # not a zero
    assert (graded["rows"]["grace"]["score"], graded["rows"]["grace"]["pending_points"]) == ("", "")
    # The class report counts no pending answer as 0: the mean is over complete gradings (frank's, whose untouched
    # answer nbgrader scores 0 by itself), the shares over the points decided so far.
    rows = graded["rows"].values()
    complete = [float(row["score"]) for row in rows if row["score"] and row["pending_points"] == "0"]
    waiting_rows = [row for row in rows if row["pending_points"] not in ("", "0")]
    assert complete == [0.0] and len(waiting_rows) == 9
    section = re.search(f'<section id="a-{ASSIGNMENT}".*?</section>', (course / "reports" / "index.html").read_text(),
                        re.DOTALL).group(0)
    assert (f"1 graded; out of {alice['max_score']} points (late penalties taken off): mean 0.0, median 0.0. 9 more "
            f"wait for a person (not counted above, never as zeros): alice ({pending:g} point(s)), bob"
            in re.sub(r"\s+", " ", re.sub("<[^>]+>", "", section)))
    with open(course / "reports" / "progress.csv", newline="", encoding="utf-8") as handle:
        shares = {row["student"]: row[ASSIGNMENT] for row in csv.DictReader(handle)}
    decided = float(alice["max_score"]) - pending
    assert (shares["alice"], shares["dan"], shares["frank"], shares["grace"]) == \
        ("1.000", f"{float(graded['rows']['dan']['score']) / decided:.3f}", "0.000", "")
    done = subprocess.run([sys.executable, "-m", "autograder.cli", "export", ASSIGNMENT, "--format", "moodle"],
                          cwd=course, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    with open(course / "reports" / ASSIGNMENT / "moodle.csv", newline="", encoding="utf-8") as handle:
        exported = {row["Username"]: row for row in csv.DictReader(handle)}
    assert list(exported["alice"].values())[4:] == ["", f"not complete: {', '.join(waiting)} still to be graded by "
                                                        "a person"]


PADDING = {"pad30k": 30_000, "pad100k": 100_000}


@pytest.fixture(scope="module")
def padded(graded, course):
    """Two students whose first answer is right but padded with 30,000 and 100,000 lines, each graded on its own
    from the command line (`grade --student`, which writes the class report), then every feedback page written."""
    assignment = catalogue.load(course).get(ASSIGNMENT)
    first = demo.test_cells(course, assignment)[0][2]
    right = next(c.source for c in demo.solved(course, assignment).cells if c.get("metadata", {}).get(
        "nbgrader", {}).get("grade_id") == first)
    for student, lines in PADDING.items():
        demo.submit(course, assignment, student, demo.solved(course, assignment, {first: right + "\n_pad = 0" * lines}))
        done = subprocess.run([sys.executable, "-m", "autograder.cli", "grade", ASSIGNMENT, "--student", student,
                               "--quiet"], cwd=course, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
    pages = {page.parent.parent.name: page for page in Course.load(course).feedback(ASSIGNMENT)}
    return first, pages


def test_a_padded_answer_costs_the_report_and_the_pages_a_bounded_amount(padded, course):
    cell, pages = padded
    rows = {row.student: row for row in reports.rows(Course.load(course), ASSIGNMENT).rows}
    size = len(pages["alice"].read_bytes())
    for student, lines in PADDING.items():
        # Running 100,000 lines takes IPython longer than the tests' 10 s wall limit on a busy machine: that costs
        # the student who padded (status timeout), never the pages below.
        assert (rows[student].score, rows[student].status) in ((rows["alice"].score, "ok"), (0.0, "timeout"))
        text = pages[student].read_text(encoding="utf-8")
        shown = safetext.SHOWN_LINES
        assert f"… {lines + cell_lines(course, cell) - shown} more line(s) of this cell are not shown on this page " \
               f"(it has {lines + cell_lines(course, cell)} lines" in text
        assert len(text.encode()) < size + 60_000, student  # a few hundred lines more than alice's page, not 100,000
    report = re.sub(r"\s+", " ", (course / "reports" / "index.html").read_text(encoding="utf-8"))
    assert (f"Compared on their first {similarity.MAX_LINES} lines only (an answer that long is worth a look by "
            f"itself): pad100k, cell {cell} ({100_000 + cell_lines(course, cell)} lines); pad30k, cell {cell} "
            f"({30_000 + cell_lines(course, cell)} lines).") in report
    cached = json.loads((course / "reports" / ".cache" / f"similarity-{ASSIGNMENT}.json").read_text())
    for student in PADDING:
        kept, lines, cut = cached["answers"][student]["cells"][cell]
        assert (kept.count("\n") + 1, cut) == (similarity.MAX_LINES, True)


def cell_lines(root: Path, grade_id: str) -> int:
    assignment = catalogue.load(root).get(ASSIGNMENT)
    source = next(c.source for c in demo.solved(root, assignment).cells
                  if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id)
    return source.count("\n") + 1


HOSTILE = {"tim\u202e": "raise ValueError('\\udcff\\x1b[2J')", "=x": None, "'=x": None}


def test_student_text_never_stops_a_command_for_the_class(graded, course):
    """A lone surrogate and a terminal escape in an exception, a bidi override in an id, and two ids that a
    spreadsheet would merge: every command that writes what they left succeeds for the whole class."""
    from autograder import safetext

    assignment = catalogue.load(course).get(ASSIGNMENT)
    first = demo.test_cells(course, assignment)[0][2]
    signature = next(c.source for c in demo.solved(course, assignment).cells
                     if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == first).splitlines()[0]
    for student, body in HOSTILE.items():
        demo.submit(course, assignment, student,
                    demo.solved(course, assignment, {first: f"{signature}\n    {body}"} if body else None))
    commands = [["-m", "autograder.cli", "grade", ASSIGNMENT, *sum((["--student", s] for s in HOSTILE), [])],
                ["-m", "autograder.cli", "report"], ["-m", "autograder.cli", "feedback", ASSIGNMENT],
                ["-m", "nbgrader", "generate_feedback", ASSIGNMENT, "--force"]]
    for command in commands:
        done = subprocess.run([sys.executable, *command], cwd=course, capture_output=True, timeout=900)
        assert done.returncode == 0, (command, done.stderr.decode("utf-8", "replace")[-3000:])
        assert b"\x1b[2J" not in done.stdout + done.stderr, command
    text = (course / "reports" / ASSIGNMENT / "grades.csv").read_bytes().decode("utf-8")
    rows = {safetext.from_cell(row["student_id"]): row for row in csv.DictReader(io.StringIO(text, newline=""))}
    assert {student: rows[student]["status"] for student in HOSTILE} == dict.fromkeys(HOSTILE, "ok")
    assert rows["=x"]["score"] == rows["'=x"]["score"] == rows["alice"]["score"]
    page = (course / "feedback" / "tim\u202e" / ASSIGNMENT / f"{assignment.notebook_id}.html").read_bytes().decode()
    assert "raised ValueError: \\udcff\\x1b[2J" in page and "\u202e" not in page.split("<body")[1].split("<pre")[0]
    for name in ("index.html", "diagnostics.csv", "progress.csv", "statuses.csv"):
        (course / "reports" / name).read_bytes().decode("utf-8")
