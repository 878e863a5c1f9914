"""`autograder export ID --format canvas|moodle`: an assignment's grades as a gradebook CSV file that the
learning management system imports.

The score exported is the one nbgrader's own export computes, max(0, score - late penalty). A submission
without a complete grade (it could not be graded, or a cell still waits for a person) is never exported
as 0: its cell is left empty and the reason is given, in the file where the format has a place for it
(Moodle's feedback column) and always on the command's standard error.

The column conventions, as the systems document them:

* Canvas, Gradebook import (Canvas Instructor Guide, "How do I import grades in the Gradebook?", and the
  CSV layout of Canvas's own Gradebook export): the columns `Student`, `ID`, `SIS User ID`,
  `SIS Login ID`, `Section`, then one column per assignment named by its title; a second row whose first
  cell is `Points Possible` gives each assignment's points. Canvas matches a student by `ID`, `SIS User ID`
  or `SIS Login ID`; here `SIS Login ID` is the course's student id (the hub login). Any column Canvas
  does not know becomes a new assignment, so the reasons go to standard error only.
* Moodle, Grade import from a CSV file (MoodleDocs "Grade import"; grade/import/csv/classes/load_data.php):
  one header row; at import the teacher maps one column to the user field (`username`, `useridnumber`
  or `useremail`), a column to a grade item and, optionally, a column to that item's feedback. An empty
  grade (or `-`) is imported as "no grade", not as 0. MoodleDocs says to import a grade item's
  feedback together with its grades, so both columns are always present.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import reports, safetext
from .errors import CourseError

if TYPE_CHECKING:  # the course is the caller's: the command line reads FORMATS without nbgrader
    from .course import Course

FORMATS = ("canvas", "moodle")
CANVAS_IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
CANVAS_POINTS = "Points Possible"
MOODLE_IDENTITY = ["Username", "First name", "Last name", "Email address"]
MOODLE_FEEDBACK = "Feedback"


@dataclass
class ExportRow:
    student: str
    first_name: str
    last_name: str
    email: str
    grade: float | None  # None: no complete grade to export
    note: str  # why the grade is empty, or what it already takes into account


def entries(course: Course, assignment_id: str) -> tuple[reports.Report, list[ExportRow]]:
    report = reports.rows(course, assignment_id)
    people = {}
    with course.gradebook() as gb:
        for student in gb.students:
            people[student.id] = (student.first_name or "", student.last_name or "", student.email or "")
    found = []
    for row in report.rows:
        grade, notes = row.final, []
        if grade is None:
            notes.append(f"not graded ({row.status}): {row.message}")
        elif row.pending:
            grade = None
            notes.append(f"not complete: {', '.join(row.pending)} still to be graded by a person")
        elif row.status != "ok":
            notes.append(f"graded with status {row.status}: {row.message}")
        if row.late_penalty and grade is not None:
            notes.append(f"submitted {row.seconds_late / 3600:.1f} h late: {row.late_penalty:g} point(s) taken off")
        first, last, email = people.get(row.student, ("", "", ""))
        found.append(ExportRow(row.student, first, last, email, grade, "; ".join(notes)))
    return report, found


def canvas_rows(report: reports.Report, found: list[ExportRow]) -> list[list[str]]:
    """The Canvas file's cells, made safe (safetext): ids one to one, no formula, grades as numbers."""
    rows = [[*CANVAS_IDENTITY, safetext.cell(report.title)],
            [CANVAS_POINTS, "", "", "", "", safetext.number(report.max_score)]]
    for entry in found:
        name = (safetext.cell(f"{entry.last_name}, {entry.first_name}") if entry.last_name
                else safetext.id_cell(entry.student))
        rows.append([name, "", "", safetext.id_cell(entry.student), "", safetext.number(entry.grade)])
    return rows


def moodle_rows(report: reports.Report, found: list[ExportRow]) -> list[list[str]]:
    rows = [[*MOODLE_IDENTITY, safetext.cell(report.title), MOODLE_FEEDBACK]]
    for entry in found:
        rows.append([safetext.id_cell(entry.student), safetext.cell(entry.first_name), safetext.cell(entry.last_name),
                     safetext.cell(entry.email), safetext.number(entry.grade), safetext.cell(entry.note)])
    return rows


def export(course: Course, assignment_id: str, system: str, output: Path | None = None) -> tuple[Path, list[ExportRow]]:
    """Write the gradebook file for `system`; returns its path and the entries (with their notes)."""
    if system not in FORMATS:
        raise CourseError(f"unknown export format {system!r}: use one of {', '.join(FORMATS)}")
    report, found = entries(course, assignment_id)
    if not found:
        raise CourseError(f"{assignment_id} has no submissions to export: collect and grade them first")
    rows = (canvas_rows if system == "canvas" else moodle_rows)(report, found)
    path = output or course.root / "reports" / assignment_id / f"{system}.csv"
    try:
        safetext.write_csv(path, rows)
    except OSError as err:
        raise CourseError(f"cannot write {path}: {err.strerror or err}") from None
    return path, found
