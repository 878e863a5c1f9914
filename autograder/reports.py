"""Grade reports: reports/<assignment>/grades.csv, a summary table and a histogram of scores.

A failed grading is never a plain zero: its row names the status and the reason, and a submission that
could not be graded at all has an empty score rather than 0.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

from . import catalogue
from .grading import STATUS_FILE, load_config

COLUMNS = ["student_id", "assignment", "score", "max_score", "status", "message"]
UNGRADABLE = {"missing", "malformed", "error"}


def _db_url(root: Path) -> str:
    from nbgrader.coursedir import CourseDirectory

    coursedir = CourseDirectory(config=load_config(root))
    coursedir.root = str(root)
    return coursedir.db_url


def rows(root: Path, assignment_id: str) -> tuple[list[str], list[dict]]:
    course = catalogue.load(root)
    assignment = course.get(assignment_id)
    statuses = [json.loads(p.read_text()) for p in
                sorted((course.root / "autograded").glob(f"*/{assignment_id}/{STATUS_FILE}"))]
    table = []
    with Gradebook(_db_url(course.root), course.course_id) as gb:
        notebook = gb.find_notebook(assignment.notebook_id, assignment_id)
        # The graded cells in notebook order, as nbgrader recorded them from the source notebook.
        order = {cell.name: i for i, cell in enumerate(notebook.source_cells)}
        grade_ids = sorted((cell.name for cell in notebook.grade_cells), key=lambda n: order.get(n, 0))
        max_score = float(gb.find_assignment(assignment_id).max_score)
        for status in statuses:
            row = {"student_id": status["student"], "assignment": assignment_id, "score": "",
                   "max_score": f"{max_score:g}", "status": status["status"],
                   "message": "; ".join(status["messages"]), **{g: "" for g in grade_ids}}
            if status["status"] not in UNGRADABLE:
                try:
                    submission = gb.find_submission_notebook(assignment.notebook_id, assignment_id, status["student"])
                except MissingEntry:
                    submission = None
                if submission is not None:
                    pending = []
                    for grade in submission.grades:
                        row[grade.name] = "" if grade.score is None else f"{grade.score:g}"
                        if grade.needs_manual_grade:
                            pending.append(grade.name)
                    row["score"] = f"{submission.score:g}"
                    if pending:
                        row["message"] = "; ".join(filter(None, [row["message"],
                                                                  "manual grading pending: " + ", ".join(pending)]))
            table.append(row)
    return COLUMNS + grade_ids, table


def write(root: Path, assignment_id: str) -> tuple[Path, list[dict]]:
    course = catalogue.load(root)
    columns, table = rows(course.root, assignment_id)
    folder = course.root / "reports" / assignment_id
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "grades.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(table)
    histogram(folder / "scores.png", course.get(assignment_id).title, table)
    return path, table


def histogram(path: Path, title: str, table: list[dict]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

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


def summary(table: list[dict]) -> str:
    """The report as a fixed-width table for the terminal."""
    headers = ["student", "score", "status", "message"]
    lines = [[r["student_id"], f"{r['score'] or '—'} / {r['max_score']}", r["status"], r["message"][:70]]
             for r in table]
    widths = [max(len(h), *(len(l[i]) for l in lines)) if lines else len(h) for i, h in enumerate(headers)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    out = [fmt.format(*headers), fmt.format(*("-" * w for w in widths))]
    out += [fmt.format(*line) for line in lines]
    return "\n".join(out)
