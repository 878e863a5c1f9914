"""Grade reports: reports/<assignment>/grades.csv, a histogram of scores, the run's notes, grader faults.

The rows come from the gradebook and from each submission's status (autograder.json beside the graded
notebook), whichever way it was graded (`autograder grade`, `nbgrader autograde` or the formgrader), and
from submitted/ for submissions that were never graded. A failed grading is never a plain zero: its row
names the status and the reason, and a submission that could not be graded has an empty score.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from nbgrader.api import MissingEntry

from .course import Course, CourseError
from .judge.status import Outcome

# `score` is nbgrader's (before any late penalty), `late_penalty` the points its late-submission policy takes off.
COLUMNS = ["student_id", "assignment", "score", "max_score", "status", "message", "late_penalty"]
# A cell that starts with one of these is a formula to a spreadsheet (CSV injection): quoted with '.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]|\x1b\[[0-9;?]*[A-Za-z]")


def rows(course: Course, assignment_id: str) -> tuple[list[str], list[dict], list[Outcome]]:
    assignment = course.assignment(assignment_id)
    outcomes = [course.outcome(student, assignment_id) for student in course.students(assignment_id)]
    table = []
    with course.gradebook() as gb:
        try:
            notebook = gb.find_notebook(assignment.notebook_id, assignment_id)
        except MissingEntry:
            raise CourseError(f"the gradebook does not know {assignment_id}: run `autograder release "
                              f"{assignment_id}` first") from None
        # The graded cells in notebook order, as nbgrader recorded them from the source notebook.
        order = {cell.name: i for i, cell in enumerate(notebook.source_cells)}
        grade_ids = sorted((cell.name for cell in notebook.grade_cells), key=lambda n: order.get(n, 0))
        max_score = float(gb.find_assignment(assignment_id).max_score)
        for outcome in outcomes:
            row = {"student_id": outcome.student, "assignment": assignment_id, "score": "",
                   "max_score": f"{max_score:g}", "status": outcome.status,
                   "message": "; ".join(outcome.messages), "late_penalty": "", **{g: "" for g in grade_ids}}
            if outcome.gradable:
                try:
                    submission = gb.find_submission_notebook(assignment.notebook_id, assignment_id, outcome.student)
                except MissingEntry:
                    submission = None
                if submission is not None:
                    pending = []
                    for grade in submission.grades:
                        row[grade.name] = "" if grade.score is None else f"{grade.score:g}"
                        if grade.needs_manual_grade:
                            pending.append(grade.name)
                    row["score"] = f"{submission.score:g}"
                    row["late_penalty"] = f"{submission.assignment.late_submission_penalty or 0:g}"
                    if pending:
                        row["message"] = "; ".join(filter(None, [row["message"],
                                                                  "manual grading pending: " + ", ".join(pending)]))
            table.append(row)
    return COLUMNS + grade_ids, table, outcomes


def spreadsheet_safe(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_START) else value


def write(course: Course, assignment_id: str, notes: list[str] = ()) -> tuple[Path, list[dict]]:
    columns, table, outcomes = rows(course, assignment_id)
    folder = course.root / "reports" / assignment_id
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "grades.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows({key: spreadsheet_safe(value) for key, value in row.items()} for row in table)
    histogram(folder / "scores.png", course.assignment(assignment_id).title, table)
    faults = [(o.student, f) for o in outcomes for f in o.faults]
    faults_path = folder / "grader_faults.txt"
    if faults:
        faults_path.write_text("".join(f"--- {student}, cell {fault['cell']}\n{fault['traceback']}\n"
                                       for student, fault in faults), encoding="utf-8")
    elif faults_path.exists():
        faults_path.unlink()
    (folder / "run.txt").write_text("".join(f"{note}\n" for note in notes), encoding="utf-8")
    return path, table


def histogram(path: Path, title: str, table: list[dict]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .fonts import use_cjk

    use_cjk()  # assignment titles may be Chinese
    scores = [float(r["score"]) for r in table if r["score"] != ""]
    max_score = float(table[0]["max_score"]) if table else 1.0
    not_graded = sum(1 for r in table if r["score"] == "")
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.hist(scores, bins=min(20, max(5, int(max_score))), range=(0, max_score), color="#3b75af", edgecolor="white")
    ax.set_xlabel(f"score (out of {max_score:g})")
    ax.set_ylabel("students")
    ax.set_title(f"{title}: {len(scores)} graded" + (f", {not_graded} could not be graded" if not_graded else ""))
    ax.yaxis.get_major_locator().set_params(integer=True)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def printable(text: str) -> str:
    """`text` without terminal control sequences (a student id or a message may hold any)."""
    return CONTROL.sub("?", text)


def summary(table: list[dict]) -> str:
    """The report as a fixed-width table for the terminal."""
    headers = ["student", "score", "status", "message"]
    lines = [[printable(r["student_id"])[:40], f"{r['score'] or '—'} / {r['max_score']}", r["status"],
              printable(r["message"])[:70]] for r in table]
    widths = [max(len(h), *(len(line[i]) for line in lines)) if lines else len(h) for i, h in enumerate(headers)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    out = [fmt.format(*headers), fmt.format(*("-" * w for w in widths))]
    out += [fmt.format(*line) for line in lines]
    return "\n".join(out)
