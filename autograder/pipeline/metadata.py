"""nbgrader's CheckCellMetadata, remembering what it has already found valid.

nbgrader validates every nbgrader cell's metadata against its JSON schema with `jsonschema.validate`, which checks
the schema itself again on every call: 3 ms a cell, twice per submission (after sanitizing and after grading) —
a tenth of a second of every 05 submission. Whether a cell passes depends only on its type and its nbgrader
metadata (the source appears only in messages), and a class's cells repeat the released notebook's (OverwriteCells
restores them from the gradebook): each distinct (type, metadata) is validated once by nbgrader's own validator,
in full, and remembered as valid; anything new, or invalid, goes through nbgrader's code as before.
"""

from __future__ import annotations

import json

from nbformat.notebooknode import NotebookNode
from nbgrader import nbgraderformat
from nbgrader.preprocessors import CheckCellMetadata as NbgraderCheckCellMetadata

KEPT = 4096  # distinct cells remembered; a course has a few hundred


class MetadataValidator(nbgraderformat.MetadataValidator):
    valid: set[str] = set()  # shared by every validator of the process: the schema does not change while it runs

    def validate_cell(self, cell: NotebookNode) -> None:
        meta = cell.metadata.get("nbgrader")
        if meta is None:
            return
        key = json.dumps([cell.cell_type, meta], sort_keys=True, default=repr)
        if key in self.valid:
            return
        super().validate_cell(cell)
        if len(self.valid) >= KEPT:
            self.valid.clear()
        self.valid.add(key)


class CheckCellMetadata(NbgraderCheckCellMetadata):
    """nbgrader's step with the validator above (configured in nbgrader_config.py in place of nbgrader's). A notebook
    that fails goes through nbgrader's own step, which logs and raises as it always has."""

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        try:
            MetadataValidator().validate_nb(nb)
        except nbgraderformat.ValidationError:
            return super().preprocess(nb, resources)
        return nb, resources
