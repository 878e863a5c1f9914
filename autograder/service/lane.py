"""A grading lane: one worker process of the grading service, which grades the submissions the service hands it.

The service's main process only schedules; the work of a submission — copying it out of the exchange, nbgrader's
set-up, the sandbox, the judge, the gradebook, the feedback page — runs here, in as many lanes as the machine has
cores, each with a warm sandbox of every open assignment. A lane takes a task (submissions of one assignment, of
different students), reports each step as it is done, and a result for each submission, which succeeds or fails
alone: a failure is that student's, never a classmate's.

A lane holds the lock of every student it grades (autograder/locks.py), so the instructor's `autograder grade`
never reads a submission the service is replacing; a student whose lock another process holds is handed back
(`busy`) and taken up again later.
"""

from __future__ import annotations

import glob
import hashlib
import json
import logging
import os
import shutil
import signal
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .. import i18n, lifeline, safetext
from ..course import Course
from ..judge.status import Outcome
from ..locks import StudentLocks
from ..protocol import Answer
from . import checkpoint, space
from .pages import Pages
from .results import KeptResults

if TYPE_CHECKING:  # imported where they are used, later: a lane starts before it grades
    from ..pipeline.exchange import SafeCollect
    from ..pool import LocalPool

log = logging.getLogger("autograder.serve")
ANSWERS_DIR = Path(".autograder") / "answers"
# A gradebook another process holds (the formgrader, an instructor's command) is waited for this long, per
# statement, before the submission's grading fails and is tried again later.
GRADEBOOK_PATIENCE_SECONDS = 60
IDLE_POOL_SECONDS = 600


# --- messages between the service and its lanes -------------------------------------------------------------

@dataclass(frozen=True)
class Item:
    """One submission to handle: grade it, or (inside the student's rate-limit window) only take it in."""

    name: str
    student: str
    folder: str
    page: str  # the file name of its feedback page in the exchange
    step: str | None  # the last step done before (a submission taken up again after a restart)
    limited_until: float | None = None  # set: not graded, its page says when feedback comes again


@dataclass(frozen=True)
class Task:
    assignment: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Warm:
    """Keep sandboxes warm for these assignments (the open ones); close others' after a while unused."""

    assignments: tuple[str, ...]


@dataclass(frozen=True)
class Stop:
    pass


@dataclass(frozen=True)
class Ready:
    pass


@dataclass(frozen=True)
class Step:
    name: str
    step: str


@dataclass(frozen=True)
class Result:
    """How a submission's handling ended: `graded`, `limited`, `busy` (another process grades the student now:
    again soon) or `retry` (the grading failed; `disk`: for lack of disk space)."""

    name: str
    state: str
    note: str = ""
    counted: bool = False  # a grading that counts against the student's rate limit
    disk: bool = False


@dataclass(frozen=True)
class Finished:
    """The lane has finished its task and takes another."""


# --- answers kept across a restart ---------------------------------------------------------------------------

class KeptAnswers:
    """A pool whose answers are kept on disk until the submission's page is out: a service killed after a sandbox
    answered uses that answer after its restart instead of running the notebook again. One file per student of
    the assignment (one submission of hers is graded at a time), used only for the very job it answered (the
    digest of the notebook's code and her hidden inputs).

    While the notebook runs, a thread of the lane computes the reference's results on the student's hidden cases
    (numpy leaves the interpreter's lock while it computes), or finds the costly ones another lane kept
    (results.py): the judge then finds them ready. An answer is handed
    on once both are done, so a student whose cases are new to the lane (05's model on the data set) waits for the
    longer of the two, not for both one after the other."""

    def __init__(self, pool, root: Path, assignment_id: str, reference: dict, results: KeptResults, answered):
        self.pool, self.root, self.assignment_id, self.answered = pool, root, assignment_id, answered
        self.reference, self.results, self.size, self.limiter = reference, results, pool.size, pool.limiter
        self.judging = ThreadPoolExecutor(1, thread_name_prefix="reference")

    def submit(self, job, key: str | None = None) -> Future:
        if key is None:
            return self.pool.submit(job)
        path = kept_answer(self.root, self.assignment_id, key)
        digest = hashlib.sha256(json.dumps(job.to_wire(), sort_keys=True).encode()).hexdigest()
        kept = self._read(path, job, digest)
        if kept is not None:
            log.info("%s: the sandbox's answer kept before a restart is used (the notebook is not run again)",
                     safetext.terminal(key))
            done: Future = Future()
            done.set_result(kept)
            return done
        expected = self.judging.submit(self._expect, job)
        outer: Future = Future()

        def keep(inner: Future) -> None:
            try:
                answer = inner.result()
                if answer is not None:
                    self._write(path, digest, answer)
                    self.answered(key)
            except BaseException as err:  # noqa: BLE001 - handed on to the grader, as the pool would
                outer.set_exception(err)
                return
            # Handed on once the reference is done too (a reference that failed here fails again in the judge,
            # which says so); never waited for in the pool's own thread, which the next job needs.
            expected.add_done_callback(lambda _: outer.set_result(answer))

        self.pool.submit(job).add_done_callback(keep)
        return outer

    def _expect(self, job) -> None:
        from .. import checks
        from ..judge.verdict import expected_outcomes

        with checks.hidden_inputs():
            for call in job.calls:
                if callable(self.reference.get(call.function)):
                    expected_outcomes(self.reference, call.function, call.cases, self.results)

    def close(self) -> None:
        self.judging.shutdown(wait=True)

    @staticmethod
    def _read(path: Path, job, digest: str) -> Answer | None:
        try:
            data = json.loads(path.read_text())
            if data["job"] != digest:
                return None
            answer = Answer.from_wire(data["answer"], job)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        answer.oom_kills = data.get("oom_kills")
        return answer

    @staticmethod
    def _write(path: Path, digest: str, answer: Answer) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps({"job": digest, "answer": {**answer.to_wire(), "spent": answer.spent},
                                       "oom_kills": answer.oom_kills}))
        os.replace(partial, path)


def kept_answer(root: Path, assignment_id: str, student: str) -> Path:
    key = f"{assignment_id}\0{student}".encode("utf-8", "surrogatepass")
    return root / ANSWERS_DIR / f"{hashlib.sha256(key).hexdigest()[:32]}.json"


# --- the lane ------------------------------------------------------------------------------------------------

def patient(course: Course) -> None:
    """The course's gradebook waited for while another process writes it (SQLite's busy timeout), in this
    process; nbgrader opens it from the configured URL."""
    url = course.coursedir.db_url
    if url.startswith("sqlite:") and "?" not in url:
        url = f"{url}?timeout={GRADEBOOK_PATIENCE_SECONDS}"
        course.config.CourseDirectory.db_url = url
        course.coursedir.db_url = url


class Lane:
    def __init__(self, root: Path, send, service_pid: int):
        self.root, self._send, self.service_pid = root, send, service_pid
        self.sending = threading.Lock()  # a sandbox's answer is reported from the pool's thread
        self.unanswered: set[str] = set()
        self.pools: dict[str, LocalPool] = {}
        self.used: dict[str, float] = {}
        self.open: set[str] = set()
        self._collector: SafeCollect | None = None
        self._collector_of: Course | None = None
        self.feedback = FeedbackPages()

    @property
    def course(self) -> Course:
        course = Course.load(self.root)
        patient(course)
        return course

    def send(self, message) -> None:
        with self.sending:
            if isinstance(message, Result):
                self.unanswered.discard(message.name)
            self._send(message)

    def pages(self, course: Course) -> Pages:
        root = course.config.get("Exchange", {}).get("root") or str(course.root / "exchange")
        return Pages(Path(root) / course.course_id / "feedback")

    # --- sandboxes ------------------------------------------------------------------------------------

    def pool(self, assignment_id: str) -> LocalPool:
        if assignment_id not in self.pools:
            from .. import dataset
            from ..pool import LocalPool

            limits = self.course.assignment(assignment_id).limits
            self.pools[assignment_id] = LocalPool(1, limits, dataset.data_dir(), sandboxed=True)
        self.used[assignment_id] = time.monotonic()
        return self.pools[assignment_id]

    def warm(self, assignments: tuple[str, ...]) -> None:
        self.open = set(assignments)
        for assignment_id in assignments:
            try:
                self.pool(assignment_id)
                self.course.reference(assignment_id)
            except Exception:  # its submissions will say what is wrong when they are graded
                log.exception("no warm sandbox for %s", assignment_id)
        for assignment_id in [a for a, used in self.used.items()
                              if a not in self.open and time.monotonic() - used > IDLE_POOL_SECONDS]:
            self.pools.pop(assignment_id).close()
            del self.used[assignment_id]

    def close(self) -> None:
        for pool in self.pools.values():
            pool.close()
        self.pools.clear()

    # --- one task -------------------------------------------------------------------------------------

    def run(self, task: Task) -> None:
        """Handle the task; every submission of it gets a result, whatever fails."""
        self.unanswered = {item.name for item in task.items}
        try:
            course = self.course
            locks = StudentLocks(course.root, task.assignment)
            taken = set(locks.try_all([item.student for item in task.items]))
            try:
                for item in task.items:
                    if item.student not in taken:
                        self.send(Result(item.name, "busy", "another process is grading this student's submission"))
                self._run(course, task.assignment, [item for item in task.items if item.student in taken])
            finally:
                locks.release_all()
        except Exception as err:
            log.exception("a task of %s failed", task.assignment)
            for name in sorted(self.unanswered):
                self.send(Result(name, "retry", f"{type(err).__name__}: {err}"[:500]))

    def _run(self, course: Course, assignment_id: str, items: list[Item]) -> None:
        assignment = course.assignment(assignment_id)
        pages = self.pages(course)
        to_grade, to_page = [], []
        for item in items:
            try:
                if item.step == "paged":
                    self._graded(course, assignment_id, item)
                elif item.step == "recorded":
                    to_page.append(item)
                else:
                    self.copy(course, assignment_id, item)
                    if item.limited_until is not None:
                        retry = datetime.fromtimestamp(item.limited_until, UTC).astimezone()
                        pages.message(item.page, assignment, course.language_of(item.student), "service.limited",
                                      minutes=assignment.feedback.every_minutes, retry=retry)
                        self.send(Result(item.name, "limited", f"until {retry:%H:%M}"))
                    else:
                        to_grade.append(item)
            except Exception as err:
                self._failed(course, item, err)
        if to_grade:
            self.grade(course, assignment_id, to_grade)
        for item in to_page:
            self.page(course, assignment_id, item)

    def copy(self, course: Course, assignment_id: str, item: Item) -> None:
        """Exactly the inbound folder the service took, into submitted/<student>/<assignment>/ (never a link, a pipe
        or a device: SafeCollect's copy), replacing what was there."""
        dest = course.submitted_dir(item.student, assignment_id)
        incoming, old = dest.with_name(f".{assignment_id}.incoming"), dest.with_name(f".{assignment_id}.old")
        for leftover in (incoming, old):
            shutil.rmtree(leftover, ignore_errors=True)
        self.collector(course).do_copy(item.folder, str(incoming))
        if not incoming.is_dir():
            raise CopyRefused("the submission could not be copied out of the exchange (see the service's log)")
        if os.path.lexists(dest):
            os.rename(dest, old)
        os.rename(incoming, dest)
        shutil.rmtree(old, ignore_errors=True)
        checkpoint.reached("copied", self.service_pid)
        self.send(Step(item.name, "copied"))

    def collector(self, course: Course) -> SafeCollect:
        if self._collector_of is not course:
            from nbgrader.auth import Authenticator

            from ..pipeline.exchange import SafeCollect

            self._collector = collector = SafeCollect(
                coursedir=course.coursedir, authenticator=Authenticator(config=course.config), config=course.config)
            self._collector_of = course
            return collector
        assert self._collector is not None  # made with _collector_of
        return self._collector

    def grade(self, course: Course, assignment_id: str, items: list[Item]) -> None:
        """Grade the submissions side by side; each one's page goes out as soon as its own grade is recorded."""
        from ..pipeline.autograde import grade

        by_student = {item.student: item for item in items}
        kept = KeptAnswers(self.pool(assignment_id), course.root, assignment_id, course.reference(assignment_id),
                           KeptResults(course.root, assignment_id, course.reference_sources(assignment_id)),
                           answered=lambda student: self._answered(by_student[student]))
        done = set()

        def recorded(student: str) -> None:
            done.add(student)
            item = by_student[student]
            outcome = course.outcome(student, assignment_id)
            if outcome.status == "error":  # the grader failed: tried again later
                self._retry(course, item, "; ".join(message.render(i18n.DEFAULT) for message in outcome.messages))
                return
            checkpoint.reached("recorded", self.service_pid)
            self.send(Step(item.name, "recorded"))
            self.page(course, assignment_id, item, outcome)

        try:
            grade(course, assignment_id, sorted(by_student), pool=kept, progress=recorded)
        except Exception as err:
            for student in sorted(set(by_student) - done):
                self._failed(course, by_student[student], err)
        finally:
            kept.close()

    def _answered(self, item: Item) -> None:
        checkpoint.reached("answered", self.service_pid)
        self.send(Step(item.name, "answered"))

    def page(self, course: Course, assignment_id: str, item: Item, outcome: Outcome | None = None) -> None:
        """The submission's feedback page, generated by nbgrader and released as the submission's own; or, for a
        submission that could not be graded, a page that says why."""
        try:
            outcome = outcome or course.outcome(item.student, assignment_id)
            assignment = course.assignment(assignment_id)
            pages = self.pages(course)
            if outcome.gradable:
                pages.copy(item.page, self.feedback.make(course, assignment, item.student))
            else:
                pages.not_graded(item.page, assignment, outcome, course.language_of(item.student))
            checkpoint.reached("paged", self.service_pid)
            self.send(Step(item.name, "paged"))
            kept_answer(course.root, assignment_id, item.student).unlink(missing_ok=True)
        except Exception as err:
            self._failed(course, item, err)
            return
        self.send(Result(item.name, "graded", outcome.status, counted=outcome.gradable))

    def _graded(self, course: Course, assignment_id: str, item: Item) -> None:
        outcome = course.outcome(item.student, assignment_id)
        self.send(Result(item.name, "graded", outcome.status, counted=outcome.gradable))

    def _failed(self, course: Course, item: Item, err: BaseException) -> None:
        log.error("grading %s failed", item.name, exc_info=err)
        self._retry(course, item, f"{type(err).__name__}: {err}")

    def _retry(self, course: Course, item: Item, note: str) -> None:
        self.send(Result(item.name, "retry", note[:500], disk=space.full(course.root)))


class CopyRefused(RuntimeError):
    """SafeCollect left the submission in the exchange (it said why in the log)."""


class FeedbackPages:
    """nbgrader's generate_feedback in a lane, one student at a time, as soon as her grade is recorded. One
    converter per course configuration (and policy: the summary only, before the due date) lives as long as the
    lane, so that its exporter's templates are compiled once, not for every page."""

    def __init__(self):
        # summary only (before the due date) or not -> the course it was made for, the converter
        self.converters: dict[bool, tuple[Course, object]] = {}

    def _converter(self, course: Course, summary_only: bool):
        from nbgrader.apps import NbGraderAPI

        from ..pipeline.autograde import StudentsFeedback, equip

        kept = self.converters.get(summary_only)
        if kept is None or kept[0] is not course:  # a course loaded again (its files changed): made again
            config = course.config
            if summary_only:
                config = config.copy()
                config.FeedbackSummary.notebook = False
            api = NbGraderAPI(coursedir=course.coursedir, config=config)
            converter = StudentsFeedback([], coursedir=api.coursedir, parent=api)
            converter.course = course  # the lane's: its steps take it (autograder.pipeline.parents)
            converter.force = True
            equip(converter)  # what nbgrader's start() makes for every run, made once
            self.converters = {k: v for k, v in self.converters.items() if v[0] is course}
            kept = self.converters[summary_only] = (course, converter)
        return kept[1]

    def make(self, course: Course, assignment, student: str) -> Path:
        """The student's feedback page (feedback/<student>/<assignment>/<notebook>.html), generated again."""
        from nbgrader.utils import temp_attrs

        summary_only = assignment.feedback.before_due == "summary" and datetime.now(UTC) < assignment.due
        converter = self._converter(course, summary_only)
        converter.students = [student]
        page = course.root / "feedback" / student / assignment.id / f"{assignment.notebook_id}.html"
        with temp_attrs(converter.coursedir, assignment_id=assignment.id, student_id=glob.escape(student)):
            converter.init_notebooks()
            if not converter.assignments:
                raise FileNotFoundError(f"no graded notebook of {assignment.id} for {safetext.identifier(student)} "
                                        "to make a page of")
            converter.convert_notebooks()  # its paths are the course directory's, absolute: no chdir
        return page


# --- the process ---------------------------------------------------------------------------------------------

def main(connection, root: str, service_pid: int, number: int) -> None:
    """A lane's process (multiprocessing, spawned by the service): tasks in, steps and results out."""
    lifeline.die_with_parent(signal.SIGKILL)  # a lane never outlives its service (its sandboxes end with it)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the service stops its lanes itself
    logging.basicConfig(level=logging.INFO, format=f"%(asctime)s %(name)s[{number}] %(levelname)s %(message)s")
    for handler in logging.getLogger().handlers:  # nbgrader's steps say every file they copy: only their warnings
        handler.addFilter(lambda record: record.name != "traitlets" or record.levelno >= logging.WARNING)
    from ..pipeline.gradebook import one_engine_per_gradebook

    one_engine_per_gradebook()
    lane = Lane(Path(root), connection.send, service_pid)
    connection.send(Ready())
    try:
        while True:
            try:
                message = connection.recv()
            except EOFError:
                return
            if isinstance(message, Stop):
                return
            if isinstance(message, Warm):
                lane.warm(message.assignments)
            elif isinstance(message, Task):
                lane.run(message)
                connection.send(Finished())
    finally:
        lane.close()
