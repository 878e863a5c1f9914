"""One grading run: every submission of an assignment, sandboxed, in parallel, judged outside.

For each `submitted/<student>/<assignment>/` the run
  1. reads the notebook and refuses what is not a notebook (status `missing` or `malformed`);
  2. puts the notebook's structure back in order and names what the student changed (integrity.py:
     status `tampered` or `repaired`), then lets nbgrader's own sanitizing preprocessors restore the
     instructor's cells from the gradebook;
  3. runs the code cells in a warm sandbox (sandbox.py / runner.py), several submissions at a time;
  4. judges the hidden checks' results outside the sandbox (hidden.py) and lets nbgrader's own
     preprocessors record those verdicts in the gradebook (verdicts.py, SaveAutoGrades);
  5. writes `autograded/<student>/<assignment>/` and the run's status for the report.
The gradebook has one writer, the main thread; the submitted files are only ever read.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import traceback
import warnings
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat
import sqlalchemy.exc
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, ClearOutput,
                                    OverwriteCells, OverwriteKernelspec, SaveAutoGrades)
from traitlets.config.loader import PyFileConfigLoader

from . import catalogue, dataset, hidden, integrity, reference, rules
from .pool import ExecutorPool, LocalPool
from .sandbox import SandboxUnavailable
from .verdicts import TrustedVerdicts

STATUS_FILE = "autograder.json"
ILLUSTRATION = "illustration"  # the cell tag of code cells the grader does not run
# nbgrader's gradebook code trips SQLAlchemy 2's autoflush warnings on every submission; they are noise.
warnings.filterwarnings("ignore", category=sqlalchemy.exc.SAWarning)
# When a run hits several problems, the report names the most serious.
# A limit that was hit explains a timeout or a crash that followed it (a fork bomb runs out the clock).
SEVERITY = ("missing", "malformed", "error", "processes", "memory", "disk", "timeout", "crashed", "output",
            "tampered", "repaired", "ok")


class GradingError(RuntimeError):
    """Grading itself cannot run (not a problem of one submission)."""


ENVIRONMENT_ERRORS = (GradingError, SandboxUnavailable, dataset.DatasetError)


@dataclass
class Outcome:
    student: str
    status: str = "ok"
    messages: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def flag(self, status: str, message: str) -> None:
        if SEVERITY.index(status) < SEVERITY.index(self.status):
            self.status = status
        self.messages.append(message)


@dataclass
class Prepared:
    """A sanitized submission waiting for (or back from) the sandbox."""

    outcome: Outcome
    nb: nbformat.NotebookNode | None = None
    resources: dict | None = None
    cases: dict[str, str] = field(default_factory=dict)


def load_config(root: Path):
    """The course's nbgrader configuration, for using nbgrader in-process."""
    # nbgrader runs `alembic` as a program to set up the gradebook: find it beside this interpreter,
    # even in a virtual environment that was never activated.
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"
    return PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()


class GradingRun:
    def __init__(self, root: Path, assignment_id: str, jobs: int | None = None, sandboxed: bool = True,
                 progress=None):
        self.course = catalogue.load(root)
        self.root = self.course.root
        self.assignment = self.course.get(assignment_id)
        self.config = load_config(self.root)
        self.coursedir = CourseDirectory(config=self.config)
        self.coursedir.root = str(self.root)
        self.coursedir.assignment_id = assignment_id
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.sandboxed = sandboxed
        self.progress = progress
        source = self.root / "source" / assignment_id
        self.checks = hidden.load_checks(source / "grading.py")
        self.reference = reference.load(source / self.assignment.notebook)
        self.secret = hidden.course_secret(self.root)
        self.data_dir = dataset.data_dir()
        self._check_gradebook()

    # --- set-up ---------------------------------------------------------------------------------

    def _check_gradebook(self) -> None:
        """The gradebook must know the assignment, and every test cell must have a trusted check."""
        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gb:
            try:
                notebook = gb.find_notebook(self.assignment.notebook_id, self.assignment.id)
            except MissingEntry:
                raise GradingError(f"the gradebook does not know {self.assignment.id}: run "
                                   f"`autograder release {self.assignment.id}` first") from None
            solutions = {cell.name for cell in notebook.solution_cells}
            tests = [cell.name for cell in notebook.grade_cells
                     if cell.cell_type == "code" and cell.name not in solutions]
        # What a student received: the released cells (hidden tests removed), by grade id.
        released = nbformat.read(self.root / "release" / self.assignment.id / self.assignment.notebook, as_version=4)
        self.released_cells = integrity.released_cells(released)
        unjudged = sorted(set(tests) - set(self.checks))
        if unjudged:
            raise GradingError(f"source/{self.assignment.id}/grading.py has no hidden check for the test "
                               f"cell(s) {', '.join(unjudged)}: every scored cell needs one")

    def submissions(self, students: list[str] | None = None) -> list[str]:
        folder = self.root / "submitted"
        found = sorted(p.parent.name for p in folder.glob(f"*/{self.assignment.id}") if p.is_dir())
        if students:
            unknown = sorted(set(students) - set(found))
            if unknown:
                raise GradingError(f"no submission of {self.assignment.id} for: {', '.join(unknown)} "
                                   f"(looked in {folder}/<student>/{self.assignment.id}/)")
            return [s for s in found if s in students]
        return found

    # --- step 1 and 2: read and sanitize ----------------------------------------------------------

    def _submitted_dir(self, student: str) -> Path:
        return self.root / "submitted" / student / self.assignment.id

    def _autograded_dir(self, student: str) -> Path:
        return self.root / "autograded" / student / self.assignment.id

    def prepare(self, student: str) -> Prepared:
        outcome = Outcome(student)
        path = self._submitted_dir(student) / self.assignment.notebook
        if not path.is_file() and not path.is_symlink():
            present = sorted(p.name for p in path.parent.iterdir()) if path.parent.is_dir() else []
            outcome.flag("missing", f"{self.assignment.notebook} was not submitted"
                         + (f" (the folder holds: {', '.join(present)}; was it renamed?)" if present else ""))
            return Prepared(outcome)
        try:
            nb, findings = integrity.load(path)
        except integrity.NotANotebook as err:
            outcome.flag("malformed", f"{self.assignment.notebook} is not a valid notebook: {err}. Open it in "
                         "Jupyter, fix or re-download it, and submit again")
            return Prepared(outcome)
        for status, message in findings + integrity.repair(nb, self.released_cells):
            outcome.flag(status, message)
        resources = self._resources(student)
        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gb:
            gb.update_or_create_student(student)
            timestamp = self.coursedir.get_existing_timestamp(str(path.parent))
            gb.update_or_create_submission(self.assignment.id, student, **({"timestamp": timestamp} if timestamp else {}))
        # No DeduplicateIds: integrity.repair has already kept the last copy of each grade id.
        for pp in (ClearOutput, OverwriteKernelspec, OverwriteCells, CheckCellMetadata):
            nb, resources = pp(config=self.config).preprocess(nb, resources)
        cases = {grade_id: hidden.draw_cases(check, hidden.rng_for(self.secret, student, grade_id))
                 for grade_id, check in self.checks.items()}
        return Prepared(outcome, nb, resources, cases)

    def _resources(self, student: str) -> dict:
        return {"unique_key": self.assignment.notebook_id, "output_files_dir": f"{self.assignment.notebook_id}_files",
                "nbgrader": {"student": student, "assignment": self.assignment.id,
                             "notebook": self.assignment.notebook_id, "db_url": self.coursedir.db_url}}

    # --- step 3: run ---------------------------------------------------------------------------

    def _job(self, prepared: Prepared) -> dict:
        # Cells tagged "illustration" only show something (a long training run, a timing): not run while grading.
        cells = [{"index": i, "source": cell.source} for i, cell in enumerate(prepared.nb.cells)
                 if cell.cell_type == "code"
                 and (integrity.grade_id_of(cell) or ILLUSTRATION not in cell.get("metadata", {}).get("tags", []))]
        test_cell = {integrity.grade_id_of(cell): i for i, cell in enumerate(prepared.nb.cells)}
        checks = [{"grade_id": grade_id, "after": test_cell[grade_id], "function": self.checks[grade_id].function,
                   "cases": cases, "unchanged": list(self.checks[grade_id].unchanged)} for grade_id, cases in prepared.cases.items() if grade_id in test_cell]
        return {"cells": cells, "checks": checks, "env": {"NBGRADER_EXECUTION": "autograde"}}

    # --- step 4 and 5: judge and record --------------------------------------------------------

    def finish(self, prepared: Prepared, answer: dict | None) -> Outcome:
        outcome = prepared.outcome
        if prepared.nb is None:
            self._write_status(outcome)
            return outcome
        nb = prepared.nb
        answer = answer or {"status": "crashed", "cells": {}, "results": {}, "seconds": 0.0}
        outcome.seconds = answer.get("seconds", 0.0)
        for index, cell in enumerate(nb.cells):
            ran = answer["cells"].get(str(index))
            if cell.cell_type == "code" and ran:
                cell.outputs = [nbformat.from_dict(o) for o in ran["outputs"]]
                cell.execution_count = ran["execution_count"]
        self._classify(outcome, answer, nb)
        verdicts = {grade_id: self._verdict(grade_id, cases, nb, answer) for grade_id, cases in prepared.cases.items()}
        resources = {**prepared.resources, "autograder": {"verdicts": verdicts}}
        for pp in (TrustedVerdicts, SaveAutoGrades, AssignLatePenalties, CheckCellMetadata):
            nb, resources = pp(config=self.config).preprocess(nb, resources)
        out_dir = self._autograded_dir(outcome.student)
        out_dir.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, out_dir / self.assignment.notebook)
        # As nbgrader's autograde does: release_feedback needs the timestamp and the submission secret.
        for name in ("timestamp.txt", "submission_secret.txt"):
            if (self._submitted_dir(outcome.student) / name).is_file():
                shutil.copyfile(self._submitted_dir(outcome.student) / name, out_dir / name)
        self._write_status(outcome)
        return outcome

    def _classify(self, outcome: Outcome, answer: dict, nb) -> None:
        """The run's status from how the sandbox ended and from the errors the limits raise."""
        status = answer["status"]
        if status == "timeout":
            outcome.flag("timeout", f"the notebook ran longer than {self.assignment.limits.wall_seconds:g} s "
                         "(the limit for the whole notebook); cells after that were not run")
        elif status == "output":
            outcome.flag("output", "the notebook printed far more than the output limit")
        elif status == "crashed":
            ran = len(answer["cells"])
            if answer.get("signal") == 9:
                outcome.flag("memory", f"the notebook was killed for using more than "
                             f"{self.assignment.limits.memory_mb} MB, after {ran} code cell(s)")
            elif answer.get("signal") == 24:  # SIGXCPU
                outcome.flag("timeout", f"the notebook used more than {self.assignment.limits.cpu_seconds} s of CPU")
            else:
                outcome.flag("crashed", f"the notebook's process died after {ran} code cell(s) "
                             "(os._exit, a killed kernel, or a crash); cells after that were not run")
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                if output.get("output_type") != "error":
                    continue
                name, value = output.get("ename", ""), str(output.get("evalue", ""))
                if "MemoryError" in name:
                    outcome.flag("memory", f"a cell ran out of memory (limit {self.assignment.limits.memory_mb} MB)")
                elif name == "BlockingIOError" and "Resource temporarily unavailable" in value:
                    outcome.flag("processes", f"a cell started more than {self.assignment.limits.processes} processes")
                elif "No space left" in value or "File too large" in value:
                    outcome.flag("disk", f"a cell wrote more than {self.assignment.limits.disk_mb} MB")
            for output in cell.get("outputs", []):
                if "output truncated" in str(output.get("text", "")):
                    outcome.flag("output", f"the notebook printed more than {self.assignment.limits.output_kb} kB; "
                                 "the rest was cut")

    def _verdict(self, grade_id: str, cases: str, nb, answer: dict) -> str | None:
        check = self.checks[grade_id]
        results = answer["results"].get(grade_id)
        if results is None:
            return self._why_not_run(grade_id, nb)
        try:
            outcomes = hidden.plaindata.loads(results, hidden.resolve_data)
        except (hidden.plaindata.PlainDataError, ValueError) as err:
            return f"the results of `{check.function}` could not be read ({err})"
        source = rules.defining_source([cell.source for cell in nb.cells if cell.cell_type == "code"], check.function)
        for rule in check.rules if source else ():
            try:
                rule(source, check.function)
            except AssertionError as broken:
                return str(broken)
        return hidden.judge(check, cases, outcomes, self.reference)

    @staticmethod
    def _why_not_run(grade_id: str, nb) -> str:
        for cell in nb.cells:
            if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") != grade_id:
                continue
            errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
            if errors:
                return f"the checks in this cell failed: {errors[0].get('ename')}: {errors[0].get('evalue')}"
            if cell.get("execution_count") is None:
                return "this cell was not run (the notebook stopped before it)"
        return "the hidden checks of this cell did not run"

    def _write_status(self, outcome: Outcome) -> None:
        folder = self._autograded_dir(outcome.student)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / STATUS_FILE).write_text(json.dumps(asdict(outcome), indent=1))

    # --- the whole run -------------------------------------------------------------------------

    def run(self, students: list[str] | None = None, executor: Executor | None = None) -> list[Outcome]:
        """Grade the submissions (all, or those of `students`) on this machine's sandboxes, or on the
        workers of `executor` (any concurrent.futures executor, e.g. a Dask cluster's)."""
        names = self.submissions(students)
        size = min(self.jobs, max(1, len(names)))
        if executor is not None:
            pool = ExecutorPool(executor, self.jobs, self.assignment.limits, self.sandboxed)
        else:
            pool = LocalPool(size, self.assignment.limits, self.data_dir, self.sandboxed)
        # Submissions are read and sanitized just ahead of the sandboxes, a few at a time: memory never
        # holds the whole class, and each result is recorded as soon as it arrives.
        window = 2 * pool.size
        waiting, in_flight, outcomes = iter(names), {}, []

        def top_up() -> None:
            while len(in_flight) < window and (name := next(waiting, None)) is not None:
                prepared = self._safely(self.prepare, name)
                if prepared.nb is None:
                    outcomes.append(self.finish(prepared, None))
                    self._tick(name)
                else:
                    in_flight[pool.submit(self._job(prepared))] = prepared

        try:
            top_up()
            while in_flight:
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in done:
                    prepared = in_flight.pop(future)
                    outcomes.append(self._safely(self._finish_future, prepared, future))
                    self._tick(prepared.outcome.student)
                top_up()
        finally:
            pool.close()
        return sorted(outcomes, key=lambda o: o.student)

    def _finish_future(self, prepared: Prepared, future: Future) -> Outcome:
        return self.finish(prepared, future.result())

    def _tick(self, student: str) -> None:
        if self.progress:
            self.progress(student)

    def _safely(self, step, prepared_or_name, *args):
        """A bug or a surprise in one submission becomes that submission's `error`, not the batch's end."""
        try:
            return step(prepared_or_name, *args)
        except ENVIRONMENT_ERRORS:
            raise  # not this submission's problem: the run cannot go on (no sandbox, no data set)
        except Exception as err:
            student = prepared_or_name if isinstance(prepared_or_name, str) else prepared_or_name.outcome.student
            outcome = Outcome(student)
            outcome.flag("error", f"grading failed: {type(err).__name__}: {err}")
            traceback.print_exc()
            self._write_status(outcome)
            return Prepared(outcome) if step == self.prepare else outcome
