"""TrustedVerdicts: the nbgrader preprocessor that makes the gradebook record the grader's judgement.

nbgrader scores a test cell from its outputs: an error or any stderr means 0, otherwise full points.
Those outputs come from the student's process, which the student controls. This preprocessor runs
after execution and before SaveAutoGrades and rewrites every autograded test cell's outputs from the
verdicts computed outside the sandbox (resources["autograder"]["verdicts"]: grade id -> failure message
or None), so that SaveAutoGrades records exactly the trusted result.
"""

from __future__ import annotations

from nbformat import from_dict
from nbgrader import utils
from nbgrader.preprocessors import NbGraderPreprocessor


def failure_output(message: str) -> dict:
    return from_dict({"output_type": "error", "ename": "CheckFailed", "evalue": message,
                      "traceback": [f"CheckFailed: {message}"]})


class TrustedVerdicts(NbGraderPreprocessor):

    def preprocess(self, nb, resources):
        verdicts: dict[str, str | None] = resources["autograder"]["verdicts"]
        for cell in nb.cells:
            if not (utils.is_grade(cell) and cell.cell_type == "code" and not utils.is_solution(cell)):
                continue
            grade_id = cell.metadata["nbgrader"]["grade_id"]
            kept = []
            for output in cell.get("outputs", []):
                kind = output.get("output_type")
                if kind in ("error", "execute_result"):
                    continue  # the verdict below replaces what the student's process said
                if kind == "stream" and output.get("name") == "stderr":
                    output["name"] = "stdout"  # kept for the student to read, but it no longer scores 0
                kept.append(output)
            message = verdicts.get(grade_id, "this cell was not judged (no hidden check ran for it)")
            if message is not None:
                kept.append(failure_output(message))
            cell["outputs"] = kept
        return nb, resources
