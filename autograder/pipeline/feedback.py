"""StatusBanner: the feedback page starts with what happened when grading was not a normal one."""

from __future__ import annotations

from pathlib import Path

from nbformat.v4 import new_markdown_cell
from nbgrader.preprocessors import NbGraderPreprocessor

from ..judge.status import Outcome


class StatusBanner(NbGraderPreprocessor):
    """Puts the grader's status message at the top of the feedback when the run was not a normal one
    (a timeout, a crash, a restored cell...), so the student reads why, not only a lower score."""

    def preprocess(self, nb, resources):
        outcome = Outcome.read(Path(resources.get("metadata", {}).get("path", ".")))
        if outcome is not None and outcome.status != "ok":
            lines = "\n".join(f"- {message}" for message in outcome.messages)
            nb.cells.insert(0, new_markdown_cell(f"**Grading status: {outcome.status}**\n\n{lines}"))
        return nb, resources
