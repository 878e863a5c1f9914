"""RecordStatus: after SaveAutoGrades, what happened written beside the graded notebook."""

from __future__ import annotations

from pathlib import Path

from nbgrader.preprocessors import NbGraderPreprocessor

from ..exporter import META
from ..parents import OfCourse
from .state import GradingState, ids_of


class RecordStatus(OfCourse, NbGraderPreprocessor):
    """After SaveAutoGrades: the status beside the graded notebook; an ungradable one left for a person."""

    def preprocess(self, nb, resources):
        outcome = GradingState.of(resources).outcome
        if not outcome.gradable:
            assignment_id, student = ids_of(resources)
            course = self.course
            with course.gradebook() as gb:
                notebook = gb.find_submission_notebook(resources["nbgrader"]["notebook"], assignment_id, student)
                for grade in notebook.grades:
                    grade.auto_score = None
                    grade.needs_manual_grade = True
                gb.db.commit()
        nb.metadata.pop(META, None)
        outcome.write(Path(resources["metadata"]["path"]))
        return nb, resources
