"""`autograder regrade ID`: judge every submission again after a hidden check or a test cell was fixed,
and write down what changed (reports/<id>/audit.csv).

Re-grading runs the same pipeline on the files the students submitted: their hidden inputs are drawn
from the course secret and their id, so an unchanged check gives the same verdict and the same score.
nbgrader keeps a person's score (manual_score) apart from the grader's (auto_score) and never overwrites
it, but it marks every cell with a manual score "needs manual grade" again on each autograde; here that
mark is put back as it was where the automatic score did not change, and left (with a line in the audit)
where it did, since the person's score may then need a second look. Late penalties are computed again by
nbgrader's AssignLatePenalties from the new score, so they follow the fix.

A re-grade and its audit lines are one transaction: the graded folders are kept aside and the gradebook's
scores noted before grading, and if anything fails before audit.csv is written in full (a full disk, an
interruption), both are put back as they were. There is never a change without its audit line, nor an audit
line without its change.
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from nbgrader.api import MissingEntry

from . import i18n, safetext
from .course import Course, CourseError
from .insights import pattern
from .pipeline import autograde

AUDIT_COLUMNS = ["when", "student", "cell", "old_score", "new_score", "why"]
LATE_PENALTY = "late penalty"


@dataclass
class CellScore:
    auto: float | None
    manual: float | None
    score: float
    needs_manual: bool


@dataclass
class State:
    """What the gradebook and the status file say about one submission."""
    status: str
    verdicts: dict[str, str | None]  # as the instructor reads them (English)
    cells: dict[str, CellScore] = field(default_factory=dict)
    late_penalty: float | None = None  # as the gradebook holds it (None: no penalty)
    in_gradebook: bool = False


@dataclass
class Change:
    """One line of audit.csv: a cell's score, a late penalty or a status that changed (or, with no student, the
    summary of a re-grade)."""
    when: str
    student: str
    cell: str
    old: float | None
    new: float | None
    why: str

    def cells(self) -> list[str]:
        return [safetext.cell(self.when), safetext.id_cell(self.student) if self.student else "",
                safetext.cell(self.cell), safetext.number(self.old), safetext.number(self.new),
                safetext.cell(self.why)]


def snapshot(course: Course, assignment_id: str, students: list[str]) -> dict[str, State]:
    notebook_id = course.assignment(assignment_id).notebook_id
    states = {}
    with course.gradebook() as gb:
        for student in students:
            outcome = course.outcome(student, assignment_id)
            state = states[student] = State(outcome.status, {
                cell: None if message is None else message.render(i18n.DEFAULT)
                for cell, message in outcome.verdicts.items()})
            try:
                submission = gb.find_submission_notebook(notebook_id, assignment_id, student)
            except MissingEntry:
                continue
            state.in_gradebook = True
            state.late_penalty = submission.late_submission_penalty
            for grade in submission.grades:
                state.cells[grade.name] = CellScore(grade.auto_score, grade.manual_score, float(grade.score),
                                               bool(grade.needs_manual_grade))
    return states


def _keep_reviews(course: Course, assignment_id: str, before: dict[str, State]) -> None:
    """A person's score whose automatic score did not change stays reviewed, as it was before."""
    notebook_id = course.assignment(assignment_id).notebook_id
    with course.gradebook() as gb:
        for student, state in before.items():
            try:
                submission = gb.find_submission_notebook(notebook_id, assignment_id, student)
            except MissingEntry:
                continue
            for grade in submission.grades:
                old = state.cells.get(grade.name)
                if old is not None and grade.manual_score is not None and old.auto == grade.auto_score:
                    grade.needs_manual_grade = old.needs_manual
        gb.db.commit()


def _put_back(course: Course, assignment_id: str, before: dict[str, State]) -> None:
    """The gradebook's scores of the assignment as `snapshot` found them, in one transaction."""
    notebook_id = course.assignment(assignment_id).notebook_id
    with course.gradebook() as gb:
        for student, state in before.items():
            if not state.in_gradebook:
                try:
                    gb.remove_submission(assignment_id, student)
                except MissingEntry:
                    pass
                continue
            submission = gb.find_submission_notebook(notebook_id, assignment_id, student)
            submission.late_submission_penalty = state.late_penalty
            for grade in submission.grades:
                old = state.cells.get(grade.name)
                if old is not None:
                    grade.auto_score, grade.manual_score, grade.needs_manual_grade = old.auto, old.manual, \
                        old.needs_manual
        gb.db.commit()


class _Aside:
    """The graded folders of an assignment, copied aside so that a failed re-grade can put them back."""

    def __init__(self, course: Course, assignment_id: str, students: list[str]):
        self.folders = {student: course.autograded_dir(student, assignment_id) for student in students}
        self.scratch = Path(tempfile.mkdtemp(prefix=f".regrade-{assignment_id}-", dir=course.root))
        self.kept = {}
        for number, (student, folder) in enumerate(self.folders.items()):
            if folder.is_dir():
                self.kept[student] = self.scratch / str(number)
                shutil.copytree(folder, self.kept[student], symlinks=True)

    def put_back(self) -> None:
        for student, folder in self.folders.items():
            shutil.rmtree(folder, ignore_errors=True)
            if student in self.kept:
                shutil.move(self.kept[student], folder)

    def discard(self) -> None:
        shutil.rmtree(self.scratch, ignore_errors=True)


def _shown(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _verdict(message: str | None) -> str:
    return "passed" if message is None else f"failed ({pattern(message)})"


def differences(before: dict[str, State], after: dict[str, State], reason: str, when: str) -> list[Change]:
    """One change per cell whose score or automatic score changed, per changed late penalty and status."""
    changes = []
    for student in sorted(after):
        old, new = before.get(student) or State("", {}), after[student]
        if old.status != new.status:
            changes.append(Change(when, student, "status", None, None,
                                  f"{reason}: status {old.status} -> {new.status}"))
        for cell in sorted(set(old.cells) | set(new.cells)):
            was, now = old.cells.get(cell), new.cells.get(cell)
            if was and now and (was.score, was.auto) == (now.score, now.auto):
                continue
            why = [reason]
            if old.verdicts.get(cell, "") != new.verdicts.get(cell, ""):
                why.append(f"was {_verdict(old.verdicts.get(cell))}, now {_verdict(new.verdicts.get(cell))}")
            if now and now.manual is not None:
                why.append(f"the manual score {now.manual:g} is kept; the automatic score went from "
                           f"{_shown(was.auto if was else None) or 'none'} to {_shown(now.auto) or 'none'}: "
                           "review it in the formgrader")
            changes.append(Change(when, student, cell, was.score if was else None, now.score if now else None,
                                  "; ".join(why)))
        if (old.late_penalty or 0.0) != (new.late_penalty or 0.0):
            changes.append(Change(when, student, LATE_PENALTY, old.late_penalty or 0.0, new.late_penalty or 0.0,
                                  f"{reason}: the late penalty follows the new score"))
    return changes


def _audit_text(path: Path, changes: list[Change]) -> str:
    """audit.csv as it is, with `changes` appended (the header first, for a new file)."""
    try:
        kept = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        kept = ""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    if not kept:
        writer.writerow(AUDIT_COLUMNS)
    elif not kept.endswith("\n"):
        kept += "\r\n"
    writer.writerows(change.cells() for change in changes)
    return kept + buffer.getvalue()


def regrade(course: Course, assignment_id: str, reason: str = "", **grading) -> tuple[list[Change], Path]:
    """Grade every submission of the assignment again; append what changed to reports/<id>/audit.csv, or, if
    that cannot be done, leave the gradebook and the graded folders as they were and raise.
    `grading` goes to autograde.grade (jobs, executor, sandboxed, progress)."""
    students = autograde.submissions(course, assignment_id)
    graded = [s for s in students if course.autograded_dir(s, assignment_id).is_dir()]
    if not graded:
        raise CourseError(f"no submission of {assignment_id} has been graded yet: run `autograder grade "
                          f"{assignment_id}` first (a re-grade compares with a grading)")
    reason = reason.strip() or "re-graded after a change to the checks"
    when = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    path = course.root / "reports" / assignment_id / "audit.csv"
    before = snapshot(course, assignment_id, students)
    aside = _Aside(course, assignment_id, students)
    try:
        autograde.grade(course, assignment_id, **grading)
        _keep_reviews(course, assignment_id, before)
        changes = differences(before, snapshot(course, assignment_id, students), reason, when)
        changed = len({change.student for change in changes})
        changes.append(Change(when, "", "", None, None, f"{reason}: {len(students)} submission(s) re-graded, "
                              + (f"{changed} changed" if changed else "no score changed")))
        try:
            safetext.write_text(path, _audit_text(path, changes))
        except OSError as err:
            raise CourseError(f"cannot write {path.relative_to(course.root)} ({err.strerror or err}), so nothing "
                              "was changed: the gradebook and the graded notebooks are as they were before the "
                              "re-grade. Fix that, then re-grade again") from None
    except BaseException:
        _put_back(course, assignment_id, before)
        aside.put_back()
        raise
    finally:
        aside.discard()
    return changes, path
