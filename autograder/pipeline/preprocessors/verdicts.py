"""TrustedVerdicts: the hidden results judged outside the sandbox, written into the test cells' outputs."""

from __future__ import annotations

import nbformat
from nbgrader import utils
from nbgrader.preprocessors import NbGraderPreprocessor

from ... import rules
from ...i18n import Message, say
from ...judge import integrity
from ...judge.verdict import Verdict, judge, undefined
from ...protocol import RESULTS_BYTES, scrub
from ..parents import OfCourse
from .state import GradingState, ids_of


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
        assignment_id, student = ids_of(resources)
        return self._judged(nb, resources, assignment_id, self.course.language_of(student))

    def _judged(self, nb, resources, assignment_id: str, language: str):
        state = GradingState.of(resources)
        course = self.course
        checks = course.checks(assignment_id)
        outcome = state.outcome
        verdicts: dict[str, Verdict] = {}
        sources = [cell.source for cell in nb.cells if cell.cell_type == "code"]
        answer = state.answer
        unparsed = [(nb.cells[index].source, run.unparsed) for index, run in sorted(answer.cells.items())
                    if run.unparsed] if answer else []
        for index, run in sorted(answer.cells.items()) if answer else ():
            if run.unparsed and utils.is_solution(nb.cells[index]):
                outcome.flag("ok", "verdict.unparsed_note", cell=integrity.grade_id_of(nb.cells[index]),
                             line=run.unparsed.line or "?", error=run.unparsed.ename, detail=run.unparsed.message)
        for grade_id, check in checks.items():
            # The other graded functions are the reference's while this one is judged: a rule does not read them.
            others = tuple({c.function for c in checks.values()} - {check.function})
            if state.refused is not None:  # nothing ran
                verdicts[grade_id] = Verdict(say("verdict.refused", why=state.refused[1]))
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
            verdict = judge(check, state.cases[grade_id], results, course.reference(assignment_id),
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
