"""nbgrader configuration of the course. The repository root is the course directory.

Assignments, points, due dates and limits come from assignments/catalogue.toml (read through the
`autograder` package), so this file holds only how nbgrader should behave. Grading goes through the
course's sandbox and judge on every path: `nbgrader autograde`, the formgrader's Autograde button and
`autograder grade` (see autograder/pipeline).
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
# Collecting never follows a link or copies a pipe out of the exchange.
c.ExchangeFactory.collect = "autograder.pipeline.exchange.SafeCollect"

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Autograding: nbgrader's own steps, with the course's sandbox and judge in place of nbgrader's Execute.
c.Autograde.exporter_class = "autograder.pipeline.exporter.SubmissionExporter"
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "autograder.pipeline.preprocessors.CheckStructure",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.Autograde.autograde_preprocessors = [
    "autograder.pipeline.preprocessors.SandboxedExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbgrader.preprocessors.LimitOutput",
    "autograder.pipeline.preprocessors.TrustedVerdicts",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
    "autograder.pipeline.preprocessors.RecordStatus",
]
# A student may restore deleted graded cells, and nbgrader then grades them rather than skipping.
c.OverwriteCells.add_missing_cells = True

# `nbgrader validate` (the students' Validate button) runs the notebook in their own kernel.
c.Execute.timeout = int(max(a.limits.wall_seconds for a in COURSE.assignments))
c.Execute.interrupt_on_timeout = True

# Feedback shows the grader's status first and makes student HTML inert; the formgrader's view of a
# submission (HTMLExporter) makes it inert too.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "autograder.pipeline.feedback.StatusBanner",
    "nbgrader.preprocessors.ClearHiddenTests",
]
c.HTMLExporter.preprocessors = ["nbconvert.preprocessors.sanitize.SanitizeHTML"]
