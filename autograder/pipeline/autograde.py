"""`autograder grade`: nbgrader's Autograde converter, with the sandboxes of many students running at once.

nbgrader grades one student after another: sanitize, execute, save. ParallelAutograde runs nbgrader's own
`Autograde.convert_single_notebook`, unchanged, for each student — the configured preprocessors in their order,
NBGRADER_EXECUTION set around the autograde pass — on a few threads that take turns: one thread at a time
holds the baton and runs nbgrader's steps; SandboxedExecute hands the student's job to the pool (several
warm sandboxes, or a Dask cluster) and lets go of the baton until the answer is back. So nbgrader's steps,
the gradebook and the course are only ever used by one thread at a time, while the sandboxes of up to
2 × pool size students run or wait their turn; each thread converts with its own SubmissionAutograde, so no
converter's state is shared. Memory never holds the whole class; the submitted files are only ever read.
"""

from __future__ import annotations

import copy
import glob
import logging
import os
import threading
import traceback
import warnings
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from nbconvert.writers import FilesWriter
from nbgrader.api import MissingEntry
from nbgrader.converters import Autograde, GenerateFeedback
from nbgrader.coursedir import CourseDirectory
from nbgrader.utils import parse_utc

from .. import dataset
from ..course import Course, CourseError
from ..i18n import say
from ..judge import integrity
from ..judge.status import Outcome
from ..pool import ExecutorPool, LocalPool
from ..sandbox import SandboxUnavailable
from .gradebook import one_engine_per_gradebook
from .preprocessors.state import FOLDER_FINDINGS, STATE, GradingState

EXECUTION = "NBGRADER_EXECUTION"  # set by nbgrader's Autograde.convert_single_notebook around the autograde pass
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


def equip(converter) -> None:
    """The writer and the exporter with its preprocessors that nbgrader's BaseConverter.start() makes before it
    converts, for a converter that converts without start()."""
    converter.writer = FilesWriter(parent=converter, config=converter.config)
    converter.exporter = converter.exporter_class(parent=converter, config=converter.config)
    for preprocessor in converter.preprocessors:
        converter.exporter.register_preprocessor(preprocessor)


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


class SubmissionAutograde(Autograde):
    """nbgrader's Autograde of one submission at a time, as ParallelAutograde's threads run it.

    Links, pipes and other special files of the submitted folder are left behind (nbgrader copies them,
    following links), and SandboxedExecute flags them, with a timestamp.txt that is not a date, in the
    student's status. `outcome` is the status of the last notebook converted."""

    outcome: Outcome | None = None
    folder_findings: list = []  # set by init_assignment for each submission

    def init_assignment(self, assignment_id: str, student_id: str) -> None:
        submitted = Path(self._format_source(assignment_id, student_id))
        skipped = integrity.special_files(submitted)
        self.folder_findings = []
        if skipped:
            self.folder_findings.append(("tampered", say(
                "outcome.special_files", names=", ".join(sorted(p.name for p in skipped)))))
        timestamp = submitted / "timestamp.txt"
        if os.path.lexists(timestamp) and self.coursedir.get_existing_timestamp(str(submitted)) is None:
            self.folder_findings.append(("tampered", say("outcome.bad_timestamp")))
        ignore = list(self.coursedir.ignore)
        self.coursedir.ignore = ignore + [glob.escape(path.name) for path in skipped]
        try:
            super().init_assignment(assignment_id, student_id)
        finally:
            self.coursedir.ignore = ignore

    def init_single_notebook_resources(self, notebook_filename: str) -> dict:
        resources = super().init_single_notebook_resources(notebook_filename)
        resources[FOLDER_FINDINGS] = list(self.folder_findings)
        return resources

    def graded(self) -> Outcome:
        """The outcome of the notebook just converted."""
        if self.outcome is None:
            raise RuntimeError("nbgrader's Autograde wrote no graded notebook")
        return self.outcome

    def write_single_notebook(self, output: str, resources) -> None:
        super().write_single_notebook(output, resources)
        if STATE in resources:  # the autograde pass: its outcome, as RecordStatus wrote it
            self.outcome = GradingState.of(resources).outcome


class ParallelAutograde(ForStudents, Autograde):
    """nbgrader's Autograde for a class: each student converted by nbgrader's own steps, the sandboxes in a pool."""

    def __init__(self, course: Course, pool, students: list[str] | None = None, progress=None, locks=None, **kwargs):
        super().__init__(**kwargs)
        self.course = course  # the one every step of the run takes (autograder.pipeline.parents)
        self.pool, self.students, self.progress = pool, students, progress
        self.locks = locks  # locks.StudentLocks: a student is graded by one process at a time
        self.outcomes: dict[str, Outcome] = {}
        self.baton = threading.Lock()  # held by the one thread that runs nbgrader's steps

    def convert_notebooks(self) -> None:
        todo = deque(sorted(self.assignments))
        if not todo:
            return
        threads = min(2 * self.pool.size, len(todo))
        with ThreadPoolExecutor(threads, thread_name_prefix="autograde") as executor:
            running = [executor.submit(self._take_turns, todo) for _ in range(threads)]
            try:
                for thread in running:
                    thread.result()
            finally:
                todo.clear()  # the grading stopped (an environment error, an interrupt): no one starts another

    def _take_turns(self, todo: deque) -> None:
        with self.baton:
            converter = SubmissionAutograde(coursedir=self.coursedir, parent=self)
            converter.force = self.force
            equip(converter)
            try:
                while todo:
                    self._convert(converter, todo.popleft())
            except BaseException:
                todo.clear()  # an environment error: the other threads start no one else either
                raise

    def sandbox_runner(self, job, student: str):
        """SandboxedExecute's sandbox step (found through its parents): in the pool, without the baton."""
        future = self.pool.submit(job, student)
        # nbgrader's Autograde sets NBGRADER_EXECUTION around the autograde pass and deletes it after; the threads
        # that hold the baton in turn each find it as their own pass left it (or the first to finish would delete it
        # under the others, whose own deletion then fails).
        execution = os.environ.get(EXECUTION)
        self.baton.release()
        try:
            return future.result()
        finally:
            self.baton.acquire()
            if execution is None:
                os.environ.pop(EXECUTION, None)
            else:
                os.environ[EXECUTION] = execution

    def _convert(self, converter: SubmissionAutograde, path: str) -> None:
        """One student, as nbgrader's convert_notebooks converts each (its error handling aside: a fault of the
        grader on one submission is that student's status `error`, and an environment error stops the run)."""
        student, assignment_id = Path(path).parent.name, Path(path).name
        if self.locks is not None:
            self.locks.acquire(student)
        try:
            converter.notebooks = sorted(self.assignments[path])
            if not converter.init_destination(assignment_id, student):
                return
            converter.run_pre_convert_hook()
            converter.init_assignment(assignment_id, student)
            if len(converter.notebooks) != 1:
                raise CourseError(f"{assignment_id} should have exactly one notebook, found {converter.notebooks}")
            converter.outcome = None  # none left from the student before
            converter.convert_single_notebook(converter.notebooks[0])
            converter.set_permissions(assignment_id, student)
            converter.run_post_convert_hook()
            self.outcomes[student] = converter.graded()
        except ENVIRONMENT_ERRORS:
            raise
        except Exception:
            self._failed(student, assignment_id, traceback.format_exc())
        finally:
            if self.locks is not None:
                self.locks.release(student)
            if self.progress:
                self.progress(student)

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
    one_engine_per_gradebook()
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
    converter = ParallelAutograde(course, pool=pool, students=names, progress=progress, locks=locks,
                                  coursedir=coursedir, config=_with_sandboxing(course.config, sandboxed))
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
    config = copy.deepcopy(config)  # the course's own config keeps its sandbox
    config.SandboxedExecute.sandboxed = False
    return config
