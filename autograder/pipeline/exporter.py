"""SubmissionExporter: how nbgrader's Autograde reads a submission (`c.Autograde.exporter_class`).

nbgrader's own exporter opens whatever path it is given, follows links, reads any size, and stops the
student's whole grading with an exception when the file is not a notebook. This one reads a submitted
notebook through judge.integrity (never a link, never more than the size limit, nbformat 3 converted,
lone surrogates replaced) and records in the notebook's metadata what it found. A file that is not a
notebook is replaced by the notebook as released, marked refused, so that nbgrader's steps go on and the
student's grading ends with status `malformed` and the reason, not an error.

The second pass of Autograde reads back the notebook the first pass wrote under autograded/: that one is
the grader's own file and is read as it is.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Any

import nbformat
from nbconvert.exporters import NotebookExporter
from nbconvert.exporters.exporter import ResourcesDict
from traitlets import default

from ..i18n import say
from ..judge import integrity
from .parents import OfCourse

META = "autograder"  # the key of the grader's notes in the notebook's metadata


class SubmissionExporter(OfCourse, NotebookExporter):

    @default("optimistic_validation")  # nbconvert's own setting (Exporter), here on by default
    def _validate_once(self) -> bool:
        # nbconvert validates the whole notebook after each of Autograde's ten steps by default (6 % of a grading
        # command's samples on the 01 class); once after the last finds the same invalid notebook and stops the same
        # way, only naming the last step instead of the one that broke it.
        return True

    def read(self, filename: str, resources: dict | None = None):
        """The notebook in `filename` and the resources nbconvert would give it, without preprocessing."""
        if not isinstance(resources, ResourcesDict):
            resources, given = ResourcesDict(), resources
            resources.update(given or {})
        if not resources.get("metadata"):
            resources["metadata"] = ResourcesDict()
        path = Path(filename)
        resources["metadata"]["name"] = path.stem
        resources["metadata"]["path"] = str(path.parent)
        stamp = path.lstat().st_mtime if os.path.lexists(path) else 0
        resources["metadata"]["modified_date"] = datetime.datetime.fromtimestamp(stamp).strftime("%B %d, %Y")
        course = self.course
        if (course.root / "autograded") in path.resolve().parents:
            return nbformat.read(path, as_version=4), resources
        notes: dict[str, Any] = {"findings": [], "refused": None}
        try:
            nb, found = integrity.load(path)
            notes["findings"] = integrity.as_data(found)
        except integrity.NotANotebook as err:
            assignment = course.assignment(resources["nbgrader"]["assignment"])
            nb = nbformat.read(course.release_notebook(assignment.id), as_version=4)
            notes["refused"] = ["malformed", say("integrity.refused", name=path.name, why=err.message).to_data()]
        nb.metadata[META] = notes  # whatever a student wrote under this key is replaced
        return nb, resources

    def from_filename(self, filename: str, resources: dict | None = None, **kw):
        nb, resources = self.read(filename, resources)
        return self.from_notebook_node(nb, resources, **kw)
