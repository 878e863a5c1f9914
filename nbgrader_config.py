"""nbgrader configuration of the course. The repository root is the course directory.

Assignments, points, due dates and limits come from assignments/catalogue.toml (read through the
`autograder` package), so this file holds only how nbgrader should behave. Grading goes through the
course's sandbox and judge on every path: `nbgrader autograde`, the formgrader's Autograde button and
`autograder grade` (see autograder/pipeline).
"""

import os
from pathlib import Path

from autograder import catalogue, translation
from autograder.pipeline import feedback

c = get_config()  # noqa: F821  (provided by nbgrader when it loads this file)

ROOT = Path(__file__).resolve().parent
COURSE = catalogue.load(ROOT)

c.CourseDirectory.root = str(ROOT)
c.CourseDirectory.course_id = COURSE.course_id
# grading.py holds the hidden checks and autograder.json the grader's notes (faults for the instructor): never
# released, never copied into a student's folder or feedback.
# The Chinese translation (zh-CN.toml) is released as a notebook of its own, not as a file (autograder release).
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "grading.py", "autograder.json",
                            translation.FILE]
# On a hub every user's server may run as one Unix user: the hub user is the student (but not in the
# grader service, whose JUPYTERHUB_USER is the service's own account).
if os.environ.get("JUPYTERHUB_USER") and not os.environ.get("JUPYTERHUB_SERVICE_NAME"):
    c.CourseDirectory.student_id = os.environ["JUPYTERHUB_USER"]

# The embedded default is a local exchange inside the course folder; a hub sets its own shared one.
c.Exchange.root = os.environ.get("NBGRADER_EXCHANGE_ROOT", str(ROOT / "exchange"))
# Collecting takes only what the course's grading service received (each entry's receipt), and never follows a
# link or copies a pipe out of the exchange; releasing keeps the inbound folder the grader's alone.
c.ExchangeFactory.collect = "autograder.pipeline.exchange.SafeCollect"
c.ExchangeFactory.release_assignment = "autograder.pipeline.exchange.SafeRelease"
# Each student fetches the notebook in their language (English, or 简体中文 for those the roster lists), under the
# one name nbgrader grades.
c.ExchangeFactory.fetch_assignment = "autograder.pipeline.exchange.LanguageFetch"

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Autograding: nbgrader's own steps, with the course's sandbox and judge in place of nbgrader's Execute.
# (CheckCellMetadata: nbgrader's, validating each distinct cell once per process: autograder/pipeline/metadata.py.)
c.Autograde.exporter_class = "autograder.pipeline.exporter.SubmissionExporter"
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "autograder.pipeline.preprocessors.CheckStructure",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "autograder.pipeline.metadata.CheckCellMetadata",
]
c.Autograde.autograde_preprocessors = [
    "autograder.pipeline.preprocessors.SandboxedExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbgrader.preprocessors.LimitOutput",
    "autograder.pipeline.preprocessors.TrustedVerdicts",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "autograder.pipeline.metadata.CheckCellMetadata",
    "autograder.pipeline.preprocessors.RecordStatus",
]
# A student may restore deleted graded cells, and nbgrader then grades them rather than skipping.
c.OverwriteCells.add_missing_cells = True

# `nbgrader validate` (the students' Validate button) runs the notebook in their own kernel.
# (default: a new course, before `autograder new` has written its first assignment)
c.Execute.timeout = int(max((a.limits.wall_seconds for a in COURSE.assignments), default=30))
c.Execute.interrupt_on_timeout = True

# Student HTML is made inert wherever it is shown: in feedback, and in the formgrader's view of a submission
# (both HTMLExporter). The feedback page opens with a summary of every exercise and draws math as MathML.
c.HTMLExporter.preprocessors = ["nbconvert.preprocessors.sanitize.SanitizeHTML"]
# On the feedback page markdown is sanitized once rendered (autograder/pipeline/feedback.py says why), and a cell
# is shown up to a bounded length.
c.GenerateFeedback.exporter_class = "autograder.pipeline.feedback.FeedbackExporter"
c.FeedbackExporter.template_name = "autograder-feedback"
c.FeedbackExporter.extra_template_basedirs = [feedback.TEMPLATES_DIR]
c.FeedbackExporter.preprocessors = ["autograder.pipeline.feedback.SanitizeOutputs"]
c.GenerateFeedback.preprocessors = [
    "autograder.pipeline.feedback.GetGradesAndPending",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "autograder.pipeline.feedback.FeedbackSummary",
    "autograder.pipeline.feedback.InTheirLanguage",
    "autograder.pipeline.feedback.LimitSource",
    "autograder.pipeline.feedback.MathML",
]
