"""The course's steps in nbgrader's Autograde converter (see autograder.pipeline for the whole chain).

Sanitizing (first pass, submitted/ -> autograded/):
  CheckStructure   the student's changes to the nbgrader structure found and put back (judge.integrity),
                   before nbgrader's OverwriteCells restores locked cells from the gradebook.
Autograding (second pass, on the sanitized notebook):
  SandboxedExecute the code cells run in a sandbox, each test cell's hidden cases called right after it;
                   replaces nbgrader's Execute.
  TrustedVerdicts  the hidden results judged outside the sandbox; each autograded test cell's outputs
                   rewritten to the verdict, which nbgrader's SaveAutoGrades then records.
  RecordStatus     after SaveAutoGrades: what happened written beside the notebook (autograder.json);
                   a submission that could not be graded is left for a person, not scored 0.

What passes from one step to the next is in `resources["autograder"]` within a pass, and in the
notebook's metadata (`autograder`) from the first pass to the second.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import nbformat
from nbgrader import utils
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Bool, Callable, default

from .. import dataset, rules
from ..checks import Signature
from ..i18n import Message, say
from ..judge import cases as hidden_cases
from ..judge import integrity, status
from ..judge.verdict import Verdict, judge, undefined
from ..protocol import RESULTS_BYTES, Answer, CodeCell, HiddenCall, Job, scrub
from ..sandbox import Worker, WorkerLost, launcher
from .exporter import META
from .parents import OfCourse, inherited

ILLUSTRATION = "illustration"  # the tag of code cells that only illustrate: the grader does not run them
# What the converter found in the submission's folder (links or pipes left behind, a timestamp that is not a date),
# as integrity findings: `autograde.SubmissionAutograde` puts them into the resources of each pass.
FOLDER_FINDINGS = "autograder_folder"


def _ids(resources) -> tuple[str, str]:
    return resources["nbgrader"]["assignment"], resources["nbgrader"]["student"]


def notes_of(nb) -> dict:
    notes = nb.metadata.get(META)
    return notes if isinstance(notes, dict) else {"findings": [], "refused": None}


class CheckStructure(OfCourse, NbGraderPreprocessor):
    """Sanitizing: duplicated, deleted, renamed or added nbgrader cells and changed settings, put back."""

    def preprocess(self, nb, resources):
        notes = notes_of(nb)
        if not notes.get("refused"):
            assignment_id, _ = _ids(resources)
            found = integrity.repair(nb, self.course.released_cells(assignment_id))
            notes["findings"] = list(notes.get("findings", [])) + integrity.as_data(found)
        nb.metadata[META] = notes
        return nb, resources


# --- running in a sandbox -----------------------------------------------------------------------------

_local = threading.local()


def run_here(job: Job, sandboxed: bool) -> Answer | None:
    """Run `job` in this thread's warm sandbox (started on first use, kept for the next submission)."""
    key = (job.limits, sandboxed)
    kept_key, worker = getattr(_local, "sandbox", (None, None))
    if kept_key != key:  # another assignment's limits: its sandbox is not needed any more
        if worker is not None:
            worker.stop()
        worker = Worker(launcher(sandboxed, dataset.data_dir(), job.limits))
        _local.sandbox = (key, worker)
    assert worker is not None  # kept beside its key, or made just now
    try:
        return worker.run(job)
    except WorkerLost:
        return None


def close_local_sandbox() -> None:
    kept = getattr(_local, "sandbox", None)
    if kept:
        kept[1].stop()
        _local.sandbox = None


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
        assignment_id, student = _ids(resources)
        notes = notes_of(nb)
        outcome = status.Outcome(student)
        for finding in integrity.from_data(notes.get("findings", [])):
            outcome.flag(*finding)
        refused = notes.get("refused")
        state: dict[str, Any] = {"outcome": outcome, "cases": {}, "job": None, "answer": None,
                                 "refused": integrity.from_data([refused])[0] if refused else None}
        resources[META] = state
        if state["refused"]:
            outcome.flag(*state["refused"])
        for finding in resources.get(FOLDER_FINDINGS, ()):
            outcome.flag(*finding)
        if state["refused"]:
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
            state["cases"][grade_id] = hidden_cases.draw(check, course.secret, student, grade_id)
            # Cases are passed as the public checks pass them, in the order of the reference's parameters.
            signature = Signature.of(reference[check.function]) if check.function in graded else Signature()
            calls.append(HiddenCall(grade_id, position[grade_id], check.function, state["cases"][grade_id],
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
        state["job"] = Job(cells, tuple(calls), assignment.limits, env, course.reference_sources(assignment_id))
        return state["job"]

    def complete(self, nb, resources, answer: Answer | None):
        """The sandbox's answer (None: the sandbox was lost) put into the notebook and the status."""
        state = resources[META]
        job = state["job"]
        if job is None:
            return nb, resources
        answer = answer or Answer.lost()
        state["answer"] = answer
        outcome = state["outcome"]
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
        _, student = _ids(resources)
        answer = self.runner(job, student) if self.runner else run_here(job, self.sandboxed)
        return self.complete(nb, resources, answer)


# --- judging --------------------------------------------------------------------------------------------

def _why_not_run(grade_id: str, nb) -> Message:
    for cell in nb.cells:
        if integrity.grade_id_of(cell) != grade_id:
            continue
        if cell.get("execution_count") is None:
            return say("verdict.cell_not_run")
    return say("verdict.checks_not_run")


def failure_output(message: str) -> dict:
    message = scrub(message)  # it may quote the student's own error message; rendered in the student's language
    return nbformat.from_dict({"output_type": "error", "ename": "CheckFailed", "evalue": message,
                               "traceback": [f"CheckFailed: {message}"]})


class TrustedVerdicts(OfCourse, NbGraderPreprocessor):
    """Judges each test cell's hidden results outside the sandbox and makes the cell's outputs say so.

    nbgrader scores an autograded test cell from its outputs: an error means 0, otherwise full points.
    Those outputs came from the student's process, so they are replaced: the errors and results the
    student's process printed go, its other printed text stays (on stdout), and a failed verdict becomes
    the cell's one error output.
    """

    def preprocess(self, nb, resources):
        # The verdicts are kept as Messages; the failed cells' outputs say them in the student's language (the course
        # roster says which).
        assignment_id, student = _ids(resources)
        return self._judged(nb, resources, assignment_id, self.course.language_of(student))

    def _judged(self, nb, resources, assignment_id: str, language: str):
        state = resources[META]
        course = self.course
        checks = course.checks(assignment_id)
        outcome = state["outcome"]
        verdicts: dict[str, Verdict] = {}
        sources = [cell.source for cell in nb.cells if cell.cell_type == "code"]
        answer = state["answer"]
        unparsed = [(nb.cells[index].source, run.unparsed) for index, run in sorted(answer.cells.items())
                    if run.unparsed] if answer else []
        for index, run in sorted(answer.cells.items()) if answer else ():
            if run.unparsed and utils.is_solution(nb.cells[index]):
                outcome.flag("ok", "verdict.unparsed_note", cell=integrity.grade_id_of(nb.cells[index]),
                             line=run.unparsed.line or "?", error=run.unparsed.ename, detail=run.unparsed.message)
        for grade_id, check in checks.items():
            # The other graded functions are the reference's while this one is judged: a rule does not read them.
            others = tuple({c.function for c in checks.values()} - {check.function})
            if state["job"] is None:
                verdicts[grade_id] = Verdict(say("verdict.refused", why=state["refused"][1]))
                continue
            if answer and grade_id in answer.undefined:
                verdicts[grade_id] = undefined(check.function, unparsed)
                continue
            if answer and grade_id in answer.oversized:
                verdicts[grade_id] = Verdict(say("verdict.oversized", name=check.function,
                                                 mb=answer.oversized[grade_id] / 1e6, limit=RESULTS_BYTES >> 20))
                continue
            results = answer.results.get(grade_id) if answer else None
            if results is None:
                verdicts[grade_id] = Verdict(_why_not_run(grade_id, nb), ran=False)
                continue
            verdict = judge(check, state["cases"][grade_id], results, course.reference(assignment_id),
                            rules.defining_source(sources, check.function, others))
            if verdict.fault:
                outcome.flag("unjudged", "outcome.unjudged", function=check.function)
                outcome.faults.append({"cell": grade_id, "traceback": verdict.fault})
            verdicts[grade_id] = verdict
        for cell in nb.cells:
            if not (utils.is_grade(cell) and cell.cell_type == "code" and not utils.is_solution(cell)):
                continue
            kept = []
            for output in cell.get("outputs", []):
                kind = output.get("output_type")
                if kind in ("error", "execute_result"):
                    continue
                if kind == "stream" and output.get("name") == "stderr":
                    output["name"] = "stdout"  # kept for the student to read, but it no longer scores 0
                kept.append(output)
            cell_id = integrity.grade_id_of(cell) or ""  # a graded cell always has its grade id
            verdict = verdicts.get(cell_id, Verdict(say("verdict.no_check")))
            if verdict.message is not None:
                kept.append(failure_output(verdict.message.render(language)))
            cell["outputs"] = kept
            outcome.verdicts[cell_id] = verdict.message
            if not verdict.ran:
                outcome.not_run.append(cell_id)
        return nb, resources


class RecordStatus(OfCourse, NbGraderPreprocessor):
    """After SaveAutoGrades: the status beside the graded notebook; an ungradable one left for a person."""

    def preprocess(self, nb, resources):
        state = resources[META]
        outcome: status.Outcome = state["outcome"]
        if not outcome.gradable:
            assignment_id, student = _ids(resources)
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
