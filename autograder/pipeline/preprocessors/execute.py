"""SandboxedExecute: the submission's code cells run in a sandbox, in place of nbgrader's Execute."""

from __future__ import annotations

import os

import nbformat
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Bool, Callable, default

from ...checks import Signature
from ...judge import cases as hidden_cases
from ...judge import integrity, status
from ...pool import run_here
from ...protocol import Answer, CodeCell, HiddenCall, Job
from ..parents import OfCourse, inherited
from .state import FOLDER_FINDINGS, STATE, GradingState, ids_of, notes_of

ILLUSTRATION = "illustration"  # the tag of code cells that only illustrate: the grader does not run them


class SandboxedExecute(OfCourse, NbGraderPreprocessor):
    """Runs the notebook in a sandbox, calls the hidden cases there, and puts the outputs in the cells."""

    sandboxed = Bool(True, help="Run student code in a bubblewrap sandbox. Turn off only for a trusted run "
                                "of code you wrote yourself.").tag(config=True)
    runner = Callable(None, allow_none=True, help="Runs a job: called with the Job and the student, returns the "
                      "sandbox's Answer (None: the sandbox was lost). The `sandbox_runner` of the converter that runs "
                      "this step (`autograder grade`: its pool), else this thread's warm sandbox.")

    @default("runner")
    def _runner_default(self):
        return inherited(self, "sandbox_runner")

    def prepare(self, nb, resources) -> Job | None:
        """The job for this submission (None when there is nothing to run: the file was not a notebook)."""
        course = self.course
        assignment_id, student = ids_of(resources)
        notes = notes_of(nb)
        outcome = status.Outcome(student)
        for finding in integrity.from_data(notes.get("findings", [])):
            outcome.flag(*finding)
        refused = notes.get("refused")
        state = resources[STATE] = GradingState(outcome, integrity.from_data([refused])[0] if refused else None)
        if state.refused:
            outcome.flag(*state.refused)
        for finding in resources.get(FOLDER_FINDINGS, ()):
            outcome.flag(*finding)
        if state.refused:
            return None
        assignment = course.assignment(assignment_id)
        checks = course.checks(assignment_id)
        position = {integrity.grade_id_of(cell): i for i, cell in enumerate(nb.cells)}
        reference = course.reference(assignment_id)
        graded = {check.function for check in checks.values() if callable(reference.get(check.function))}
        calls = []
        for grade_id, check in sorted(checks.items(), key=lambda item: position.get(item[0], -1)):
            if grade_id not in position:
                continue
            state.cases[grade_id] = hidden_cases.draw(check, course.secret, student, grade_id)
            # Cases are passed as the public checks pass them, in the order of the reference's parameters.
            signature = Signature.of(reference[check.function]) if check.function in graded else Signature()
            calls.append(HiddenCall(grade_id, position[grade_id], check.function, state.cases[grade_id],
                                    tuple(check.unchanged), tuple(sorted(graded - {check.function})),
                                    signature.names, signature.keywords))
        cells = tuple(CodeCell(i, cell.source) for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
                      and (integrity.grade_id_of(cell) or ILLUSTRATION not in cell.get("metadata", {}).get("tags", [])))
        # NBGRADER_EXECUTION as nbgrader's Autograde sets it around this pass (the kernel of its Execute inherits
        # it); AUTOGRADER_LANGUAGE as the hub sets it in the student's kernel, so that the public checks' lines in
        # the graded notebook read as they did when the student ran them.
        env = {"AUTOGRADER_LANGUAGE": course.language_of(student)}
        if "NBGRADER_EXECUTION" in os.environ:
            env["NBGRADER_EXECUTION"] = os.environ["NBGRADER_EXECUTION"]
        state.job = Job(cells, tuple(calls), assignment.limits, env, course.reference_sources(assignment_id))
        return state.job

    def complete(self, nb, resources, answer: Answer | None):
        """The sandbox's answer (None: the sandbox was lost) put into the notebook and the status."""
        state = GradingState.of(resources)
        job = state.job
        if job is None:
            return nb, resources
        answer = answer or Answer.lost()
        state.answer = answer
        outcome = state.outcome
        outcome.seconds = answer.seconds
        for index, run in answer.cells.items():
            cell = nb.cells[index]
            cell.outputs = [nbformat.from_dict(output) for output in run.outputs]
            cell.execution_count = run.execution_count
        status.classify(outcome, answer, job.limits, len(job.cells))
        return nb, resources

    def preprocess(self, nb, resources):
        job = self.prepare(nb, resources)
        if job is None:
            return self.complete(nb, resources, None)
        _, student = ids_of(resources)
        answer = self.runner(job, student) if self.runner is not None else run_here(job, self.sandboxed)
        return self.complete(nb, resources, answer)
