"""Grade reports: reports/<assignment>/grades.csv, a histogram of scores, the run's notes, grader faults.

The rows come from the gradebook and from each submission's status (autograder.json beside the graded
notebook), whichever way it was graded (`autograder grade`, `nbgrader autograde` or the formgrader), and
from submitted/ for submissions that were never graded. A failed grading is never a plain zero: its row
names the status and the reason, and a submission that could not be graded has an empty score. Cells that
wait for a person (01's written answer) are not zeros either: their points are the row's `pending_points`.

`ReportRow` is the one data model of a graded submission: grades.csv, the class report, the LMS export, the
author's trial and the command line render it; numbers stay numbers until a file or a terminal shows them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from . import charts, i18n, safetext
from .errors import CourseError
from .judge.status import Outcome
from .locks import StudentLocks

if TYPE_CHECKING:  # the course (and nbgrader with it) is the caller's: importing reports stays light
    from .course import Course

# `score` is nbgrader's (before any late penalty), `late_penalty` the points its late-submission policy takes off,
# `pending_points` the points of cells still to be graded by a person (not counted in `score` as lost).
COLUMNS = ["student_id", "assignment", "score", "max_score", "status", "message", "late_penalty", "pending_points"]


@dataclass
class ReportRow:
    """One submission of one assignment, as grading left it."""
    student: str
    assignment: str
    max_score: float
    outcome: Outcome
    score: float | None = None  # nbgrader's, before the late penalty; None: could not be graded
    late_penalty: float | None = None  # None: could not be graded
    seconds_late: float = 0.0
    cells: dict[str, float | None] = field(default_factory=dict)  # grade id -> score; None: nobody scored it yet
    pending: list[str] = field(default_factory=list)  # cells waiting for a person (to grade, or to review again)
    pending_points: float = 0.0  # the points of those cells

    @property
    def status(self) -> str:
        return self.outcome.status

    @property
    def gradable(self) -> bool:
        return self.score is not None

    @property
    def complete(self) -> bool:
        """Graded, with nothing left for a person: the score is the student's final word."""
        return self.score is not None and not self.pending

    @property
    def final(self) -> float | None:
        # As nbgrader's own export computes it: the penalty never takes a score below zero.
        return None if self.score is None else max(0.0, self.score - (self.late_penalty or 0.0))

    @property
    def decided(self) -> float | None:
        """The points decided so far (late penalty taken off) out of `max_score - pending_points`."""
        if self.score is None:
            return None
        counted = sum(score for cell, score in self.cells.items() if score is not None and cell not in self.pending)
        return max(0.0, counted - (self.late_penalty or 0.0))

    @property
    def pending_note(self) -> str:
        return self.pending_note_in(i18n.DEFAULT)

    def pending_note_in(self, language: str) -> str:
        if not self.pending:
            return ""
        return i18n.text("report.pending", language, points=self.pending_points, cells=", ".join(self.pending))

    @property
    def message(self) -> str:
        """What happened, for the instructor (in English, as grades.csv is)."""
        return self.message_in(i18n.DEFAULT)

    def message_in(self, language: str) -> str:
        said = [message.render(language) for message in self.outcome.messages]
        return i18n.text("report.separator", language).join(filter(None, [*said, self.pending_note_in(language)]))


def finals(rows: list[ReportRow]) -> list[float]:
    """The final scores of the rows with nothing left for a person: what histograms, means and medians count."""
    return [final for row in rows if row.complete and (final := row.final) is not None]


@dataclass
class Report:
    """An assignment's rows, with its graded cells in notebook order."""
    assignment: str
    title: str
    max_score: float
    points: dict[str, float]  # grade id -> its points, in notebook order
    rows: list[ReportRow]

    @property
    def grade_ids(self) -> list[str]:
        return list(self.points)

    def row_of(self, student: str) -> ReportRow | None:
        return next((row for row in self.rows if row.student == student), None)


def _gradebook(course: Course, assignment_id: str):
    """From the gradebook, in two queries: the graded cells' points in notebook order, the assignment's points,
    and per student (late penalty, seconds late, [(cell, score or None, points, waits for a person)])."""
    from nbgrader.api import Assignment, BaseCell, Grade, MissingEntry, SubmittedAssignment, SubmittedNotebook

    assignment = course.assignment(assignment_id)
    with course.gradebook() as gb:
        try:
            notebook = gb.find_notebook(assignment.notebook_id, assignment_id)
            known = gb.find_assignment(assignment_id)
        except MissingEntry:
            raise CourseError(f"the gradebook does not know {assignment_id}: run `autograder release "
                              f"{assignment_id}` first") from None
        order = {cell.name: i for i, cell in enumerate(notebook.source_cells)}
        points = {cell.name: float(cell.max_score)
                  for cell in sorted(notebook.grade_cells, key=lambda c: order.get(c.name, 0))}
        max_score, due = float(known.max_score), known.duedate
        submissions = (gb.db.query(SubmittedAssignment.student_id, SubmittedNotebook.late_submission_penalty,
                                   SubmittedAssignment.timestamp, SubmittedAssignment.extension)
                       .select_from(SubmittedNotebook)
                       .join(SubmittedAssignment, SubmittedNotebook.assignment_id == SubmittedAssignment.id)
                       .join(Assignment, SubmittedAssignment.assignment_id == Assignment.id)
                       .filter(Assignment.name == assignment_id).all())
        grades = (gb.db.query(SubmittedAssignment.student_id, BaseCell.name, Grade.score, Grade.auto_score,
                              Grade.manual_score, Grade.needs_manual_grade)
                  .select_from(Grade)
                  .join(BaseCell, Grade.cell_id == BaseCell.id)
                  .join(SubmittedNotebook, Grade.notebook_id == SubmittedNotebook.id)
                  .join(SubmittedAssignment, SubmittedNotebook.assignment_id == SubmittedAssignment.id)
                  .join(Assignment, SubmittedAssignment.assignment_id == Assignment.id)
                  .filter(Assignment.name == assignment_id).all())
    late = {student: (float(penalty or 0.0), _seconds_late(timestamp, due, extension))
            for student, penalty, timestamp, extension in submissions}
    cells: dict[str, list] = defaultdict(list)
    for student, name, score, auto, manual, waits in grades:
        scored = None if auto is None and manual is None else float(score)
        cells[student].append((name, scored, points.get(name, 0.0), bool(waits)))
    return points, max_score, late, cells


def _seconds_late(timestamp: datetime | None, due: datetime | None, extension) -> float:
    # As nbgrader's SubmittedAssignment.total_seconds_late, from the columns of one query.
    if timestamp is None or due is None:
        return 0.0
    return max(0.0, (timestamp - (due + extension if extension else due)).total_seconds())


def rows(course: Course, assignment_id: str, students: list[str] | None = None) -> Report:
    """Every submission of the assignment (graded or not), or those of `students`, from the gradebook and each
    one's status."""
    points, max_score, late, cells = _gradebook(course, assignment_id)
    found = []
    for student in course.students(assignment_id) if students is None else students:
        outcome = course.outcome(student, assignment_id)
        row = ReportRow(student, assignment_id, max_score, outcome, cells=dict.fromkeys(points))
        if outcome.gradable and student in late:
            row.late_penalty, row.seconds_late = late[student]
            for name, scored, worth, waits in cells.get(student, []):
                row.cells[name] = scored
                if waits:
                    row.pending.append(name)
                    row.pending_points += worth
            row.score = sum(score or 0.0 for score in row.cells.values())
        found.append(row)
    return Report(assignment_id, course.assignment(assignment_id).title, max_score, points, found)


def csv_rows(report: Report) -> list[list[str]]:
    """grades.csv: a header, and a row per submission (ids one to one, no formula, numbers as numbers)."""
    lines = [[safetext.cell(name) for name in COLUMNS + report.grade_ids]]
    for row in report.rows:
        lines.append([safetext.id_cell(row.student), safetext.id_cell(row.assignment), safetext.number(row.score),
                      safetext.number(row.max_score), safetext.cell(row.status), safetext.cell(row.message),
                      safetext.number(row.late_penalty), safetext.number(row.pending_points if row.gradable else None),
                      *(safetext.number(row.cells.get(grade_id)) for grade_id in report.grade_ids)])
    return lines


def write(course: Course, assignment_id: str, notes: Sequence[str] = ()) -> tuple[Path, Report]:
    """reports/<id>/grades.csv, scores.svg, run.txt and grader_faults.txt (when a check had a fault). The grading
    service may be grading a student at this moment: the rows are read holding every student's lock (waiting for
    the service), so that no submission half graded is reported as `error`, whichever command writes them."""
    with StudentLocks(course.root, assignment_id).all_present(lambda: course.students(assignment_id)) as held:
        report = rows(course, assignment_id, held)
    folder = course.root / "reports" / assignment_id
    path = folder / "grades.csv"
    safetext.write_csv(path, csv_rows(report))
    safetext.write_text(folder / "scores.svg", histogram(report, course.catalogue.report_language))
    faults = [(row.student, fault) for row in report.rows for fault in row.outcome.faults]
    faults_path = folder / "grader_faults.txt"
    if faults:
        safetext.write_text(faults_path, "".join(
            f"--- {safetext.identifier(student)}, cell {fault['cell']}\n{safetext.readable(fault['traceback'])}\n"
            for student, fault in faults))
    elif faults_path.exists():
        faults_path.unlink()
    safetext.write_text(folder / "run.txt", "".join(f"{note}\n" for note in notes))
    return path, report


def histogram(report: Report, language: str = i18n.DEFAULT) -> str:
    """The distribution of final scores (late penalties taken off) as an SVG picture, its words in `language`."""
    def said(key: str, **values) -> str:
        return i18n.text(f"report.{key}", language, **values)

    complete = finals(report.rows)
    waiting = sum(1 for row in report.rows if row.gradable and not row.complete)
    not_graded = sum(1 for row in report.rows if not row.gradable)
    note = said("separator").join(filter(None, [said("scores_waiting", count=waiting) if waiting else "",
                                                said("scores_ungraded", count=not_graded) if not_graded else ""]))
    title = said("scores_title", title=report.title, count=len(complete))
    return charts.histogram(complete, report.max_score, title + (f" ({note})" if note else ""),
                            (said("score_axis", top=report.max_score), said("students_axis")))


def summary(report: Report) -> str:
    """The report as a fixed-width table for the terminal."""
    headers = ["student", "score", "status", "message"]
    lines = [[safetext.identifier(row.student)[:40],
              f"{safetext.number(row.score) or '—'} / {row.max_score:g}"
              + (f" (+{row.pending_points:g} pending)" if row.pending and row.gradable else ""),
              row.status, safetext.terminal(row.message)[:70]] for row in report.rows]
    widths = [max(len(h), *(len(line[i]) for line in lines)) if lines else len(h) for i, h in enumerate(headers)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    out = [fmt.format(*headers), fmt.format(*("-" * w for w in widths))]
    out += [fmt.format(*line) for line in lines]
    return "\n".join(out)
