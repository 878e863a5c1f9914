"""`autograder try`: the source solution, and the unanswered stub, graded as a student would be graded.

The trial runs in a throw-away copy of the course (its nbgrader_config.py, catalogue and this one source
folder) with its own gradebook and exchange: nbgrader releases the assignment there, the two notebooks are
submitted, graded by the same pipeline as `autograder grade` (sandbox, judge, SaveAutoGrades) and given
their feedback pages. Nothing of the real course changes but the pages kept under .autograder/try/.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .. import reports, submissions
from ..course import Course
from ..pipeline import autograde

TRY_DIR = Path(".autograder") / "try"
SOLUTION, STUB = "solution", "stub"


@dataclass
class Graded:
    row: reports.ReportRow  # the student's row of grades.csv, with its outcome
    notebook: nbformat.NotebookNode | None  # the graded notebook (None when it could not be graded)
    feedback: Path | None  # the kept feedback page


@dataclass
class Trial:
    released: nbformat.NotebookNode  # what nbgrader generates from source/ now
    graded: dict[str, Graded]


def _course_copy(course: Course, assignment_id: str, dest: Path) -> Path:
    for name in ("nbgrader_config.py", "assignments"):
        if (course.root / name).is_dir():
            shutil.copytree(course.root / name, dest / name)
        else:
            shutil.copy(course.root / name, dest / name)
    shutil.copytree(course.root / "source" / assignment_id, dest / "source" / assignment_id,
                    ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    return dest


def run(course: Course, assignment_id: str, students: tuple[str, ...] = (SOLUTION, STUB),
        sandboxed: bool = True, keep: Path | None = None) -> Trial:
    """Grade the solution and/or the stub of `assignment_id`; keep their feedback pages in `keep`."""
    assignment = course.assignment(assignment_id)
    with tempfile.TemporaryDirectory(prefix=f"autograder-try-{assignment_id}-") as scratch:
        copy = Course.load(_course_copy(course, assignment_id, Path(scratch)))
        try:
            copy.release([assignment_id])
            released = nbformat.read(copy.release_notebook(assignment_id), as_version=4)
            notebooks = {SOLUTION: submissions.solved(copy.root, assignment), STUB: released}
            for student in students:
                submissions.submit(copy.root, assignment, student, notebooks[student])
            autograde.grade(copy, assignment_id, list(students), jobs=len(students), sandboxed=sandboxed)
            report = reports.rows(copy, assignment_id)
            # Feedback pages take nbconvert a second or two each: only for someone who will read them.
            pages = dict(zip(copy.students(assignment_id), copy.feedback(assignment_id), strict=True)) if keep else {}
            graded = {}
            for row in report.rows:
                student = row.student
                path = copy.autograded_dir(student, assignment_id) / assignment.notebook
                kept = None
                if keep is not None and student in pages:
                    keep.mkdir(parents=True, exist_ok=True)
                    kept = keep / f"{student}.html"
                    shutil.copy(pages[student], kept)
                graded[student] = Graded(row, nbformat.read(path, as_version=4) if path.is_file() else None, kept)
        finally:
            Course.forget(copy.root)  # the copy is gone: nothing may find it again
    return Trial(released, graded)
