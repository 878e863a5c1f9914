"""What the unit tier grades with instead of a sandbox and nbgrader's converter (see tests/unit/conftest.py).

- `configured(cls)`: one of the course's nbgrader steps, set up for the repository's course as
  `autograder grade` sets it up. Tests build steps only through it, so that how a step finds its course can change
  in one place.
- `submission(course, assignment_id)` and `resources(...)`: the released notebook in memory, with the exporter's
  notes, and the resources nbgrader gives a step.
- `FakePool`: a pool that answers each job at once, without a sandbox: the hidden calls are made on functions the
  test gives, through the sandbox's own code for them (`autograder.inside.notebook.hidden_results`).
"""

from __future__ import annotations

from concurrent.futures import Future

import nbformat
from traitlets.config import Config

from autograder.course import Course
from autograder.inside.notebook import hidden_results
from autograder.pipeline.exporter import META
from autograder.protocol import Answer, CellRun, Job
from tests.conftest import REPO


def configured(cls):
    return cls(config=Config({"CourseDirectory": {"root": str(REPO)}}))


def submission(course: Course, assignment_id: str):
    """The notebook as released, with the exporter's empty notes: what an untouched submission looks like."""
    nb = nbformat.read(course.release_notebook(assignment_id), as_version=4)
    nb.metadata[META] = {"findings": [], "refused": None}
    return nb


def resources(assignment_id: str, student: str, folder) -> dict:
    notebook = Course.load(REPO).assignment(assignment_id).notebook_id
    return {"nbgrader": {"assignment": assignment_id, "student": student, "notebook": notebook},
            "metadata": {"path": str(folder)}}


class FakePool:
    """Answers a job as a sandbox whose notebook defined `functions` would: every code cell ran (with `outputs`,
    by cell index, as its outputs), and each hidden call ran on the function of its name, or was reported undefined
    when the notebook has none."""

    size = 1

    def __init__(self, functions: dict, outputs: dict | None = None):
        self.functions, self.outputs = functions, outputs or {}
        self.jobs: list[tuple[Job, str | None]] = []

    def answer(self, job: Job) -> Answer:
        answer = Answer("finished", {cell.index: CellRun(count, list(self.outputs.get(cell.index, [])))
                                     for count, cell in enumerate(job.cells, start=1)}, seconds=0.5)
        undefined = []
        for call in job.calls:
            if not callable(self.functions.get(call.function)):
                undefined.append(call.grade_id)
                continue
            text, size = hidden_results(call, dict(self.functions), channel=None)
            if text is None:
                answer.oversized[call.grade_id] = size
            else:
                answer.results[call.grade_id] = text
        answer.undefined = tuple(undefined)
        return answer

    def submit(self, job: Job, key: str | None = None) -> Future:
        self.jobs.append((job, key))
        future: Future = Future()
        future.set_result(self.answer(job))
        return future

    def close(self) -> None:
        pass
