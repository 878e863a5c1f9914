"""`autograder grade`: nbgrader's Autograde converter with the sandbox step run for many students at once.

nbgrader grades one student after another: sanitize, execute, save. ParallelAutograde runs the same
converter with the same configured preprocessors, in the same order, and only splits each student's
autograde pass at SandboxedExecute: what comes before it runs here, the sandbox run goes to a pool
(several warm sandboxes, or a Dask cluster), and what comes after it runs here when the answer is back.
The main thread is the gradebook's one writer; a few students are read ahead of the sandboxes, so
memory never holds the whole class; the submitted files are only ever read.
"""

from __future__ import annotations

import glob
import logging
import os
import traceback
import warnings
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbgrader.api import MissingEntry
from nbgrader.converters import Autograde, GenerateFeedback
from nbgrader.converters.base import BaseConverter
from nbgrader.coursedir import CourseDirectory
from nbgrader.utils import parse_utc

from .. import dataset
from ..course import Course, CourseError
from ..judge import integrity
from ..judge.status import Outcome
from ..pool import ExecutorPool, LocalPool
from ..sandbox import SandboxUnavailable
from .preprocessors import SandboxedExecute

ENVIRONMENT_ERRORS = (CourseError, SandboxUnavailable, dataset.DatasetError)
# nbgrader's gradebook code trips SQLAlchemy 2's autoflush warnings on every submission; they are noise.
warnings.filterwarnings("ignore", message=".*not in session.*")


class SubmissionDirectory(CourseDirectory):
    """nbgrader's course directory, reading a submission's timestamp.txt safely: never a link or a pipe,
    and a text that is not a date is read as no timestamp (the student's status says so)."""

    def get_existing_timestamp(self, dest_path):
        path = Path(dest_path) / "timestamp.txt"
        text = integrity.read_small(path, 200)
        if not text or not text.strip():
            return None
        try:
            return parse_utc(text.strip())
        except (ValueError, OverflowError, TypeError):
            return None


@dataclass
class InFlight:
    student: str
    assignment_id: str
    nb: nbformat.NotebookNode
    resources: dict
    after: list  # the preprocessors that run once the sandbox has answered
    sandbox: SandboxedExecute
    folder: Path


class ForStudents:
    """A converter of nbgrader's restricted to a list of students (its course directory takes one glob)."""

    students: list[str] | None = None
    assignments: dict  # nbgrader's: the notebooks found, by submission folder

    def init_notebooks(self) -> None:
        super().init_notebooks()  # type: ignore[misc]  # a mixin: the converter after it in the MRO has it
        if self.students is not None:
            self.assignments = {path: notebooks for path, notebooks in self.assignments.items()
                                if Path(path).parent.name in self.students}


class StudentsFeedback(ForStudents, GenerateFeedback):
    """nbgrader's generate_feedback for some students, in one run (one exporter, one template compilation)."""

    def __init__(self, students: list[str], **kwargs):
        super().__init__(**kwargs)
        self.students = students


class ParallelAutograde(ForStudents, Autograde):

    def __init__(self, pool, students: list[str] | None = None, progress=None, locks=None, **kwargs):
        super().__init__(**kwargs)
        self.pool, self.students, self.progress = pool, students, progress
        self.locks = locks  # locks.StudentLocks: a student is graded by one process at a time
        self.outcomes: dict[str, Outcome] = {}

    def init_assignment(self, assignment_id: str, student_id: str) -> None:
        # nbgrader copies every other submitted file as it is, following links: here links, pipes and
        # other special files are left behind (with a line in the student's status).
        submitted = Path(self._format_source(assignment_id, student_id))
        self._skipped = integrity.special_files(submitted)
        ignore = list(self.coursedir.ignore)
        self.coursedir.ignore = ignore + [glob.escape(path.name) for path in self._skipped]
        try:
            super().init_assignment(assignment_id, student_id)
        finally:
            self.coursedir.ignore = ignore

    def convert_notebooks(self) -> None:
        window = 2 * self.pool.size
        in_flight: dict[Future, InFlight] = {}
        for path in sorted(self.assignments):
            self.notebooks = sorted(self.assignments[path])
            student, assignment_id = Path(path).parent.name, Path(path).name
            try:
                started = self._start(student, assignment_id)
            except ENVIRONMENT_ERRORS:
                raise
            except Exception:
                self._failed(student, assignment_id, traceback.format_exc())
                continue
            if started is not None:
                future, job = started
                in_flight[future] = job
            while len(in_flight) >= window:
                self._finish_some(in_flight)
        while in_flight:
            self._finish_some(in_flight)

    def _start(self, student: str, assignment_id: str):
        """Everything up to the sandbox for one student: destination, gradebook, sanitizing, the job."""
        if self.locks is not None:
            self.locks.acquire(student)  # released by _tick, once the student is done
        if not self.init_destination(assignment_id, student):
            self._tick(student)
            return None
        self.run_pre_convert_hook()
        self.init_assignment(assignment_id, student)
        if len(self.notebooks) != 1:
            raise CourseError(f"{assignment_id} should have exactly one notebook, found {self.notebooks}")
        notebook = self.notebooks[0]
        self._sanitizing = True
        self._init_preprocessors()
        BaseConverter.convert_single_notebook(self, notebook)
        graded = os.path.join(self.writer.build_directory, os.path.basename(notebook))
        self._sanitizing = False  # nbgrader's switch: paths and preprocessors of the autograde pass
        try:
            self._init_preprocessors()
            resources = self.exporter._init_resources(self.init_single_notebook_resources(graded))
        finally:
            self._sanitizing = True
        nb, resources = self.exporter.read(graded, resources)
        steps = list(self.exporter._preprocessors)
        split = next((i for i, step in enumerate(steps) if isinstance(step, SandboxedExecute)), None)
        if split is None:
            raise CourseError("nbgrader_config.py: Autograde.autograde_preprocessors has no SandboxedExecute")
        for step in steps[:split]:
            nb, resources = step(nb, resources)
        sandbox = steps[split]
        job = sandbox.prepare(nb, resources)
        flight = InFlight(student, assignment_id, nb, resources, steps[split + 1:], sandbox, Path(graded).parent)
        outcome = resources["autograder"]["outcome"]
        if self._skipped:
            outcome.flag("tampered", "outcome.special_files", names=", ".join(sorted(p.name for p in self._skipped)))
        timestamp = Path(self._format_source(assignment_id, student)) / "timestamp.txt"
        if os.path.lexists(timestamp) and self.coursedir.get_existing_timestamp(str(timestamp.parent)) is None:
            outcome.flag("tampered", "outcome.bad_timestamp")
        if job is None:
            self._finish(flight, None)
            return None
        return self.pool.submit(job, student), flight

    def _finish_some(self, in_flight: dict) -> None:
        done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
        for future in done:
            flight = in_flight.pop(future)
            try:
                self._finish(flight, future.result())
            except ENVIRONMENT_ERRORS:
                raise
            except Exception:
                self._failed(flight.student, flight.assignment_id, traceback.format_exc())

    def _finish(self, flight: InFlight, answer) -> None:
        nb, resources = flight.sandbox.complete(flight.nb, flight.resources, answer)
        for step in flight.after:
            nb, resources = step(nb, resources)
        output = nbformat.writes(nb, version=4)
        self.write_single_notebook(output if output.endswith("\n") else output + "\n", resources)
        self.set_permissions(flight.assignment_id, flight.student)
        self.run_post_convert_hook()
        self.outcomes[flight.student] = resources["autograder"]["outcome"]
        self._tick(flight.student)

    def _failed(self, student: str, assignment_id: str, trace: str) -> None:
        """A fault of the grader on one submission: that student's status is `error`, the others go on."""
        self.log.error("grading %s of %s failed:\n%s", assignment_id, student, trace)
        outcome = Outcome(student)
        outcome.flag("error", "outcome.grader_failed", error=trace.strip().splitlines()[-1][:200])
        outcome.faults.append({"cell": None, "traceback": trace})
        folder = Path(self._format_dest(assignment_id, student))
        for leftover in folder.glob("*.ipynb"):
            leftover.unlink()
        outcome.write(folder)
        self.outcomes[student] = outcome
        self._tick(student)

    def _tick(self, student: str) -> None:
        if self.locks is not None:
            self.locks.release(student)
        if self.progress:
            self.progress(student)


def submissions(course: Course, assignment_id: str, students: list[str] | None = None) -> list[str]:
    """The students with a submission folder of the assignment (all, or those of `students`)."""
    folder = course.root / "submitted"
    found = sorted(p.parent.name for p in folder.glob(f"*/{assignment_id}") if p.is_dir() and not p.is_symlink())
    if students:
        unknown = sorted(set(students) - set(found))
        if unknown:
            raise CourseError(f"no submission of {assignment_id} for: {', '.join(unknown)} "
                              f"(looked in {folder}/<student>/{assignment_id}/)")
        return [s for s in found if s in students]
    return found


def check_ready(course: Course, assignment_id: str) -> None:
    """The gradebook knows the assignment, and every autograded test cell has a hidden check."""
    assignment = course.assignment(assignment_id)
    with course.gradebook() as gb:
        try:
            notebook = gb.find_notebook(assignment.notebook_id, assignment_id)
        except MissingEntry:
            raise CourseError(f"the gradebook does not know {assignment_id}: run `autograder release "
                              f"{assignment_id}` first") from None
        solutions = {cell.name for cell in notebook.solution_cells}
        tests = [cell.name for cell in notebook.grade_cells if cell.cell_type == "code" and cell.name not in solutions]
    unjudged = sorted(set(tests) - set(course.checks(assignment_id)))
    if unjudged:
        raise CourseError(f"source/{assignment_id}/grading.py has no hidden check for the test cell(s) "
                          f"{', '.join(unjudged)}: every scored cell needs one")


def grade(course: Course, assignment_id: str, students: list[str] | None = None, jobs: int | None = None,
          executor=None, sandboxed: bool = True, progress=None, pool=None, locks=None,
          booted: list | None = None) -> dict[str, Outcome]:
    """Grade the submissions of an assignment (all, or those of `students`) and return each one's outcome.

    The sandboxes are a LocalPool of `jobs` (or of the sandbox.Workers `booted`, started by the caller), the
    workers of `executor`, or `pool` (kept warm by its owner, the grading service, and left open). `locks`
    (locks.StudentLocks): each student waits for any other process that grades her submission (the grading
    service)."""
    check_ready(course, assignment_id)
    names = submissions(course, assignment_id, students)
    jobs = max(1, jobs or os.cpu_count() or 1)
    limits = course.assignment(assignment_id).limits
    owned = pool is None
    if executor is not None:
        pool = ExecutorPool(executor, jobs, sandboxed)
    elif owned:
        pool = LocalPool(min(jobs, max(1, len(names))), limits, dataset.data_dir(), sandboxed, booted)
    coursedir = SubmissionDirectory(config=course.config)
    coursedir.root = str(course.root)
    coursedir.assignment_id = assignment_id
    coursedir.notebook_id = course.assignment(assignment_id).notebook_id  # a renamed notebook is `missing`
    converter = ParallelAutograde(pool=pool, students=names, progress=progress, locks=locks, coursedir=coursedir,
                                  config=_with_sandboxing(course.config, sandboxed))
    converter.log.setLevel(logging.WARNING)
    converter.force = True
    try:
        if names:
            converter.start()
    finally:
        if owned:
            pool.close()
        if locks is not None:
            # None left held, whatever stopped the run: reports.write takes each student's lock again.
            locks.release_all()
    outcomes = dict(converter.outcomes)
    for student in names:  # no notebook of that name: nbgrader did not take it up
        if student not in outcomes:
            outcomes[student] = course.outcome(student, assignment_id)
            if progress:
                progress(student)
    return dict(sorted(outcomes.items()))


def _with_sandboxing(config, sandboxed: bool):
    if sandboxed:
        return config
    config = config.copy()
    config.SandboxedExecute.sandboxed = False
    return config
