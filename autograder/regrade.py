"""`autograder regrade ID`: judge every submission again after a hidden check or a test cell was fixed,
and write down what changed (reports/<id>/audit.csv).

Re-grading runs the same pipeline on the files the students submitted: their hidden inputs are drawn
from the course secret and their id, so an unchanged check gives the same verdict and the same score.
nbgrader keeps a person's score (manual_score) apart from the grader's (auto_score) and never overwrites
it, but it marks every cell with a manual score "needs manual grade" again on each autograde; here that
mark is put back as it was where the automatic score did not change, and left (with a line in the audit)
where it did, since the person's score may then need a second look. Late penalties are computed again by
nbgrader's AssignLatePenalties from the new score, so they follow the fix.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from nbgrader.api import MissingEntry

from .course import Course, CourseError
from .insights import pattern
from .pipeline import autograde
from .reports import spreadsheet_safe

AUDIT_COLUMNS = ["when", "student", "cell", "old_score", "new_score", "why"]
LATE_PENALTY = "late penalty"


@dataclass
class Cell:
    auto: float | None
    manual: float | None
    score: float
    needs_manual: bool


@dataclass
class State:
    """What the gradebook and the status file say about one submission."""
    status: str
    verdicts: dict[str, str | None]
    cells: dict[str, Cell] = field(default_factory=dict)
    late_penalty: float = 0.0


def snapshot(course: Course, assignment_id: str, students: list[str]) -> dict[str, State]:
    notebook_id = course.assignment(assignment_id).notebook_id
    states = {}
    with course.gradebook() as gb:
        for student in students:
            outcome = course.outcome(student, assignment_id)
            state = states[student] = State(outcome.status, dict(outcome.verdicts))
            try:
                submission = gb.find_submission_notebook(notebook_id, assignment_id, student)
            except MissingEntry:
                continue
            state.late_penalty = float(submission.late_submission_penalty or 0.0)
            for grade in submission.grades:
                state.cells[grade.name] = Cell(grade.auto_score, grade.manual_score, float(grade.score),
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


def _shown(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _verdict(message: str | None) -> str:
    return "passed" if message is None else f"failed ({pattern(message)})"


def differences(before: dict[str, State], after: dict[str, State], reason: str, when: str) -> list[dict]:
    """One audit row per cell whose score or automatic score changed, per changed late penalty and status."""
    rows = []
    for student in sorted(after):
        old, new = before.get(student) or State("", {}), after[student]
        if old.status != new.status:
            rows.append({"when": when, "student": student, "cell": "status", "old_score": "", "new_score": "",
                         "why": f"{reason}: status {old.status} -> {new.status}"})
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
            rows.append({"when": when, "student": student, "cell": cell,
                         "old_score": _shown(was.score if was else None),
                         "new_score": _shown(now.score if now else None), "why": "; ".join(why)})
        if old.late_penalty != new.late_penalty:
            rows.append({"when": when, "student": student, "cell": LATE_PENALTY, "old_score": f"{old.late_penalty:g}",
                         "new_score": f"{new.late_penalty:g}",
                         "why": f"{reason}: the late penalty follows the new score"})
    return rows


def regrade(course: Course, assignment_id: str, reason: str = "", **grading) -> tuple[list[dict], Path]:
    """Grade every submission of the assignment again; append what changed to reports/<id>/audit.csv.
    `grading` goes to autograde.grade (jobs, executor, sandboxed, progress)."""
    students = autograde.submissions(course, assignment_id)
    graded = [s for s in students if course.autograded_dir(s, assignment_id).is_dir()]
    if not graded:
        raise CourseError(f"no submission of {assignment_id} has been graded yet: run `autograder grade "
                          f"{assignment_id}` first (a re-grade compares with a grading)")
    reason = reason.strip() or "re-graded after a change to the checks"
    when = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    before = snapshot(course, assignment_id, students)
    autograde.grade(course, assignment_id, **grading)
    _keep_reviews(course, assignment_id, before)
    rows = differences(before, snapshot(course, assignment_id, students), reason, when)
    changed = len({row["student"] for row in rows})
    rows.append({"when": when, "student": "", "cell": "", "old_score": "", "new_score": "",
                 "why": f"{reason}: {len(students)} submission(s) re-graded, "
                        + (f"{changed} changed" if changed else "no score changed")})
    path = course.root / "reports" / assignment_id / "audit.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    new_file = not path.exists()
    with open(path, "a", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=AUDIT_COLUMNS)
        if new_file:
            writer.writeheader()
        writer.writerows({key: spreadsheet_safe(value) for key, value in row.items()} for row in rows)
    return rows, path

