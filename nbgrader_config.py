"""nbgrader configuration of the course. The repository root is the course directory.

Assignments, points, due dates and limits come from assignments/catalogue.toml (read through the
`autograder` package), so this file holds only how nbgrader should behave.
"""

import os
from pathlib import Path

from autograder import catalogue

c = get_config()  # noqa: F821  (provided by nbgrader when it loads this file)

ROOT = Path(__file__).resolve().parent
COURSE = catalogue.load(ROOT)

c.CourseDirectory.root = str(ROOT)
c.CourseDirectory.course_id = COURSE.course_id
# grading.py holds the hidden checks: never released, never copied into a student's folder.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "grading.py"]
# On a hub every user's server may run as one Unix user: the hub user is the student (but not in the
# grader service, whose JUPYTERHUB_USER is the service's own account).
if os.environ.get("JUPYTERHUB_USER") and not os.environ.get("JUPYTERHUB_SERVICE_NAME"):
    c.CourseDirectory.student_id = os.environ["JUPYTERHUB_USER"]

# The embedded default is a local exchange inside the course folder; a hub sets its own shared one.
c.Exchange.root = os.environ.get("NBGRADER_EXCHANGE_ROOT", str(ROOT / "exchange"))

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Stock `nbgrader autograde` (the benchmark's baseline) and `nbgrader validate` use these; the
# `autograder grade` command applies the catalogue's per-submission limits in its sandbox instead.
c.Execute.timeout = int(max(a.limits.wall_seconds for a in COURSE.assignments))
c.Execute.interrupt_on_timeout = True
# A student may restore deleted graded cells, and nbgrader then grades them rather than skipping.
c.OverwriteCells.add_missing_cells = True

# Feedback never shows hidden tests: their source is cleared, and tracebacks are short.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "autograder.feedback.StatusBanner",
    "autograder.feedback.StripHiddenTracebacks",
    "nbgrader.preprocessors.ClearHiddenTests",
]
