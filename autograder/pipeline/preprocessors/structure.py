"""CheckStructure: the sanitizing pass's repair of the nbgrader structure a student changed."""

from __future__ import annotations

from nbgrader.preprocessors import NbGraderPreprocessor

from ...judge import integrity
from ..exporter import META
from ..parents import OfCourse
from .state import ids_of, notes_of


class CheckStructure(OfCourse, NbGraderPreprocessor):
    """Sanitizing: duplicated, deleted, renamed or added nbgrader cells and changed settings, put back."""

    def preprocess(self, nb, resources):
        notes = notes_of(nb)
        if not notes.get("refused"):
            assignment_id, _ = ids_of(resources)
            found = integrity.repair(nb, self.course.released_cells(assignment_id))
            notes["findings"] = list(notes.get("findings", [])) + integrity.as_data(found)
        nb.metadata[META] = notes
        return nb, resources
