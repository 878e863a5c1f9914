"""The grading service's main process: it finds submissions, keeps the queue and hands work to its lanes.

One loop, which only schedules: look at the inbound folder (only what is new), record each new submission and
put up its "being graded" page, take waiting submissions in a fair order and give each free lane a task, record
every step and result the lanes report. It never grades itself, so a burst is graded at the pace of the lanes
(as many as the machine has cores), not of one thread.

Taking a submission: a student has at most one submission in grading at a time; among her waiting ones the
latest replaces the others (their pages say so); inside her rate-limit window it is only taken in. Students who
were served least in the last hour go first, so that one student's many submissions never hold the others up.
A grading that fails is tried again later (`MAX_ATTEMPTS`, with growing waits) and then ends `failed`, with a page
that says so; it never starts a rate-limit window. A full disk pauses the service (one line in the log) until
space is back; nothing is lost, and what failed for lack of space is done again.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from multiprocessing.connection import wait
from pathlib import Path

from .. import lifeline, safetext
from ..catalogue import Assignment, CatalogueError
from ..course import Course
from ..judge.integrity import MAX_NOTEBOOK_MB, read_small
from ..locks import CourseLock
from ..pipeline import intake
from . import checkpoint, space
from .inbound import SECRET_FILE, Found, Inbound, contents_problem, received
from .lane import ANSWERS_DIR, Finished, Item, Lane, Ready, Result, Step, Stop, Task, Warm
from .pages import Pages, page_name
from .queue import Queue, Row

log = logging.getLogger("autograder.serve")
QUEUE_FILE = Path(".autograder") / "service.db"
BATCH = 2  # submissions in one task: the second is readied while the first runs; a slow one holds up one other at most
MAX_ATTEMPTS = 4
RETRY_SECONDS = (20, 120, 600)  # the waits after the first, second and later failed attempts
BUSY_SECONDS = 2.0  # a student another process is grading: taken up again after this
FAIR_WINDOW_SECONDS = 3600
WARM_EVERY_SECONDS = 60
SPACE_EVERY_SECONDS = 1  # while paused: a 64 KB write, so grading resumes within a second of space coming back
KEPT_ANSWER_DAYS = 2
LANE_RESTART_SECONDS = 10


def machine_lanes() -> int:
    """The cores this process may use (a container's or a cgroup's share, where the kernel says so)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


class InlineLane:
    """A lane in the service's own process: what the tests use to step the service by hand."""

    def __init__(self, root: Path):
        self.messages: list = []
        self.lane = Lane(root, self.messages.append, os.getpid())
        self.idle = True

    def send(self, message) -> None:
        if isinstance(message, Task):
            self.lane.run(message)
            self.messages.append(Finished())
        elif isinstance(message, Warm):
            self.lane.warm(message.assignments)

    def receive(self) -> list:
        messages = list(self.messages)
        self.messages.clear()  # the lane holds this very list
        return messages

    def stop(self) -> None:
        self.lane.close()


class ProcessLane:
    """A lane in a process of its own (spawned, so that it shares no thread or database handle with the service)."""

    def __init__(self, root: Path, number: int):
        from . import lane

        context = multiprocessing.get_context("spawn")
        self.connection, theirs = context.Pipe()
        self.process = context.Process(target=lane.main, args=(theirs, str(root), os.getpid(), number),
                                       name=f"autograder-lane-{number}")
        self.process.start()
        theirs.close()
        self.number, self.idle, self.alive = number, False, True  # idle once it says it is ready
        self.started = time.monotonic()

    def send(self, message) -> None:
        self.connection.send(message)

    def receive(self) -> list:
        messages = []
        try:
            while self.connection.poll():
                messages.append(self.connection.recv())
        except (EOFError, OSError):
            self.alive = False
        return messages

    def stop(self) -> None:
        try:
            self.connection.send(Stop())
        except OSError:
            pass
        self.process.join(30)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.connection.close()


class Wake:
    """Set from another thread (the course's intake, when a submission arrives) to end the loop's wait at once
    rather than at the next poll: a pipe, so that it is waited on with the lanes' reports."""

    def __init__(self):
        self.read, self.written = os.pipe()
        os.set_blocking(self.read, False)
        os.set_blocking(self.written, False)

    def set(self) -> None:
        written = self.written
        if written < 0:
            return  # the service has stopped: what arrived is found at its next start
        try:
            os.write(written, b"!")
        except OSError:
            pass  # the pipe is full (the loop wakes anyway), or was closed just now

    def clear(self) -> None:
        try:
            while os.read(self.read, 4096):
                pass
        except BlockingIOError:
            pass

    def close(self) -> None:
        read, written = self.read, self.written
        self.read = self.written = -1  # first, so that the intake's thread stops writing to it
        if read >= 0:
            os.close(read)
            os.close(written)


class Service:
    def __init__(self, course: Course, jobs: int | None = None, clock=time.time, inline: bool = False,
                 admit=None):
        self.course, self.clock = course, clock
        self.jobs = jobs or machine_lanes()
        self.queue = Queue(course.root / QUEUE_FILE)
        self.exchange = intake.inbound_of(course).parent
        # Only what the course's intake received (a valid receipt) is graded, unless told otherwise (`admit`).
        self.inbound = Inbound(self.exchange / "inbound", self.queue.names(), admit or received(course))
        self.wake = Wake()
        self.pages = Pages(self.exchange / "feedback")
        self.lanes: list = [InlineLane(course.root)] if inline else []
        self.in_flight: dict[str, tuple[Row, object, float]] = {}  # name -> (row, its lane, when it was taken)
        self.backlog: list = []  # lane messages not recorded yet (the disk was full)
        self.open: set[str] = set()
        self.paused = False
        self.space_checked = 0.0

    # --- finding submissions ------------------------------------------------------------------------

    def scan(self) -> int:
        """Record the submissions that appeared in the exchange since the last scan; how many are new."""
        new = 0
        for found in self.inbound.scan(self.clock()):
            try:
                new += self._record(found)
            except Exception as err:
                if space.disk_error(err):
                    self.inbound.forget({os.fsencode(found.entry.name)})  # looked at again once there is space
                    self._pause()
                else:
                    log.exception("%s could not be taken in", safetext.terminal(found.entry.name))
        return new

    def _record(self, found: Found) -> int:
        entry, folder, now = found.entry, found.folder, self.clock()
        secret = read_small(folder / SECRET_FILE, 1000) or ""
        assignment: Assignment | None
        refusal = None
        try:
            assignment = self.course.assignment(entry.assignment)
        except CatalogueError:
            state, note, assignment = "ignored", "not an assignment of the course's catalogue", None
        else:
            state, note = ("queued", "") if assignment.feedback.mode == "on-submit" else ("ignored", "feedback is off")
            refusal = contents_problem(folder, assignment.notebook, MAX_NOTEBOOK_MB) if state == "queued" else None
        page = page_name(secret, assignment.notebook_id) if assignment else ""
        if refusal:
            state, note = "refused", refusal.text()
        if not self.queue.see(entry.name, entry.student, entry.assignment, str(folder), state, now, note, page):
            return 0
        language = self.course.language_of(entry.student)
        if assignment is not None and state == "queued":
            # Until its feedback is ready, a submission's page says that it is being graded.
            self.pages.message(page, assignment, language, "service.received")
        elif assignment is not None and refusal is not None:
            log.warning("%s refused: %s", safetext.terminal(entry.name), note)
            self.pages.message(page, assignment, language, "service.refused", reason=refusal.text(language))
        else:
            log.info("%s ignored: %s", safetext.terminal(entry.name), note)
        return 1

    # --- taking submissions up --------------------------------------------------------------------------

    def _choose(self, now: float) -> list[Row]:
        """The waiting submissions that may be taken now, in the order they should be; the ones a later
        submission of the same student replaces are marked so (and told)."""
        waiting = self.queue.waiting(now)
        latest: dict[tuple[str, str], Row] = {}
        for row in waiting:
            latest[row.key] = row if row.key not in latest or row.seen >= latest[row.key].seen else latest[row.key]
        for row in waiting:
            if latest[row.key] is not row and row.step not in ("recorded", "paged"):
                self.queue.finish(row.name, "superseded", now, "a later submission of the same student came")
                self._message(row, "service.replaced")
        busy = {row.key for row, _, _ in self.in_flight.values()}
        served = self.queue.served_since(now - FAIR_WINDOW_SECONDS)
        chosen = [row for row in latest.values() if row.key not in busy]
        # Submissions taken up before (a restart, a retry) first, then whoever was served least, oldest first.
        return sorted(chosen, key=lambda row: (row.step is None, served.get(row.student, 0), row.seen, row.name))

    def dispatch(self) -> int:
        """Give each free lane a task; how many submissions were taken up."""
        if self.paused:
            return 0
        free = [lane for lane in self.lanes if lane.idle]
        if not free:
            return 0
        now = self.clock()
        rows = self._choose(now)
        taken = 0
        for lane in free:
            if not rows:
                break
            assignment = rows[0].assignment
            batch = [row for row in rows if row.assignment == assignment][:BATCH]
            rows = [row for row in rows if row not in batch]
            items = []
            for row in batch:
                self.queue.take(row.name, now)
                checkpoint.reached("taken", os.getpid())
                self.in_flight[row.name] = (row, lane, now)
                items.append(self._item(row, now))
            lane.idle = False
            taken += len(items)
            lane.send(Task(assignment, tuple(items)))
        return taken

    def _item(self, row: Row, now: float) -> Item:
        feedback = self.course.assignment(row.assignment).feedback
        last = self.queue.last_graded(row.student, row.assignment)
        until = last + feedback.every_minutes * 60 if last is not None else None
        return Item(row.name, row.student, row.folder, row.page, row.step,
                    limited_until=until if until is not None and now < until else None)

    # --- what the lanes report ----------------------------------------------------------------------

    def collect(self, timeout: float = 0.0) -> int:
        """Record what the lanes have reported (waiting up to `timeout` for a first report); how many reports."""
        processes = [lane for lane in self.lanes if isinstance(lane, ProcessLane)]
        if timeout > 0 and not self.backlog:
            wait([self.wake.read] + [lane.connection for lane in processes]
                 + [lane.process.sentinel for lane in processes], timeout)
            self.wake.clear()
        for lane in self.lanes:
            self.backlog.extend((lane, message) for message in lane.receive())
        handled = 0
        while self.backlog:
            lane, message = self.backlog[0]
            try:
                self._handle(lane, message)
            except Exception as err:
                if not space.disk_error(err):
                    raise
                self._pause()
                break
            self.backlog.pop(0)
            handled += 1
        self._replace_lost_lanes()
        return handled

    def _handle(self, lane, message) -> None:
        now = self.clock()
        if isinstance(message, (Ready, Finished)):
            lane.idle = True
        elif isinstance(message, Step):
            if message.name in self.in_flight:
                self.queue.step(message.name, message.step, now)
        elif isinstance(message, Result):
            self._result(message, now)

    def _result(self, result: Result, now: float) -> None:
        flight = self.in_flight.get(result.name)
        if flight is None:
            return
        row, _, started = flight
        if result.state in ("graded", "limited"):
            self.queue.finish(row.name, result.state, now, result.note, counted=result.counted)
            checkpoint.reached("done", os.getpid())
            log.info("%s: %s %s (%.2f s)", safetext.terminal(row.name), result.state, result.note, now - started)
        elif result.state == "busy":
            self.queue.retry(row.name, now + BUSY_SECONDS, result.note, count=False)
        elif result.disk:
            self._pause()
            self.queue.retry(row.name, now, result.note, count=False)
        else:
            self._failed_attempt(row, result.note, now)
        del self.in_flight[result.name]

    def _failed_attempt(self, row: Row, note: str, now: float) -> None:
        attempts = row.attempts + 1
        if attempts >= MAX_ATTEMPTS:
            log.error("%s: failed %d times, given up (%s); its files are kept for the instructor",
                      safetext.terminal(row.name), attempts, note)
            self.queue.finish(row.name, "failed", now, note)
            self._message(row, "service.failed", reason=note)
            return
        wait_s = RETRY_SECONDS[min(attempts, len(RETRY_SECONDS)) - 1]
        log.warning("%s: grading failed (%s); trying again in %d s (attempt %d of %d)", safetext.terminal(row.name),
                    note, wait_s, attempts + 1, MAX_ATTEMPTS)
        self.queue.retry(row.name, now + wait_s, note)
        self._message(row, "service.retrying")

    def _message(self, row: Row, key: str, **values) -> None:
        if not row.page:
            return
        try:
            self.pages.message(row.page, self.course.assignment(row.assignment), self.course.language_of(row.student),
                               key, **values)
        except OSError as err:
            if space.disk_error(err):
                self._pause()
            else:
                log.exception("no page for %s", safetext.terminal(row.name))

    def _replace_lost_lanes(self) -> None:
        """A lane process that died (a crash, the kernel's OOM killer): its submissions are tried again, counted as
        a failed attempt, and a new lane takes its place."""
        for index, lane in enumerate(self.lanes):
            if not isinstance(lane, ProcessLane) or (lane.alive and lane.process.is_alive()):
                continue
            if time.monotonic() - lane.started < LANE_RESTART_SECONDS:
                continue  # one that ended as soon as it started is started again after a while, not in a loop
            log.error("lane %d stopped (exit code %s); starting another", lane.number, lane.process.exitcode)
            now = self.clock()
            for name, (row, owner, _) in list(self.in_flight.items()):
                if owner is lane:
                    self._failed_attempt(row, "the grading process stopped while it graded this submission", now)
                    del self.in_flight[name]
            self.lanes[index] = ProcessLane(self.course.root, lane.number)
            self.lanes[index].send(Warm(tuple(sorted(self.open))))

    # --- the machine ---------------------------------------------------------------------------------

    def _pause(self) -> None:
        if not self.paused:
            log.error("the disk of %s is full: grading paused until space is freed (nothing is lost)",
                      self.course.root)
        self.paused, self.space_checked = True, time.monotonic()

    def _maybe_resume(self) -> None:
        if self.paused and time.monotonic() - self.space_checked > SPACE_EVERY_SECONDS:
            self.space_checked = time.monotonic()
            if not space.full(self.course.root):
                self.paused = False
                # What could not be taken in while the disk was full is taken in now, not at the next full listing
                # (up to FULL_SCAN_SECONDS later).
                self.inbound.list_again()
                log.info("disk space is back: grading resumed")

    def open_assignments(self) -> list[str]:
        """Assignments that take submissions now: released to students (in the exchange), due date ahead,
        feedback on submit."""
        now = datetime.now(UTC)
        return [a.id for a in self.course.catalogue.assignments
                if (self.exchange / "outbound" / a.id).is_dir() and a.due > now and a.feedback.mode == "on-submit"]

    def warm(self) -> list[str]:
        """Warm sandboxes in every lane for the open assignments (so that the first student does not wait for
        them); those of other assignments close after a while unused."""
        open_now = self.open_assignments()
        self.open = set(open_now)
        for lane in self.lanes:
            lane.send(Warm(tuple(open_now)))
        return open_now

    def resume(self) -> int:
        """Submissions that were being graded when the service stopped are taken up again, from their last step."""
        rows = self.queue.rows("grading")
        for row in rows:
            self.queue.retry(row.name, 0, "taken up again after a restart", count=False)
        return len(rows)

    def _forget_old_answers(self) -> None:
        folder = self.course.root / ANSWERS_DIR
        limit = time.time() - KEPT_ANSWER_DAYS * 86400
        for path in folder.glob("*.json") if folder.is_dir() else []:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)

    # --- the loop ------------------------------------------------------------------------------------

    def step(self) -> bool:
        """One round: new submissions, tasks for the free lanes, their reports. False when nothing happened."""
        self._maybe_resume()
        happened = self.scan() > 0
        happened = self.dispatch() > 0 or happened
        return self.collect() > 0 or happened

    def start(self) -> None:
        """Start the lanes (processes) and wait until each is ready."""
        while len(self.lanes) < self.jobs:
            self.lanes.append(ProcessLane(self.course.root, len(self.lanes) + 1))
        deadline = time.monotonic() + 300
        while not all(lane.idle for lane in self.lanes) and time.monotonic() < deadline:
            self.collect(timeout=1)

    def close(self) -> None:
        for lane in self.lanes:
            lane.stop()
        self.lanes = []
        self.queue.close()
        self.wake.close()

    def idle(self) -> bool:
        return not self.in_flight and not self.backlog and not self.queue.waiting(float("inf")) \
            and not self.inbound.unsettled

    def run(self, poll: float = 0.1, once: bool = False) -> None:
        resumed = self.resume()
        if resumed:
            log.info("resumed %d submission(s) that were being graded when the service stopped", resumed)
        self._forget_old_answers()
        self.start()
        log.info("%d grading lane(s) ready", len(self.lanes))
        warmed = None
        try:
            while True:
                # Assignments open and close while the service runs (a release, a due date): look again now and then.
                if warmed is None or time.monotonic() - warmed > WARM_EVERY_SECONDS:
                    first, before, warmed = warmed is None, set(self.open), time.monotonic()
                    if set(self.warm()) != before or first:
                        log.info("warm for: %s", ", ".join(sorted(self.open)) or "no open assignment")
                try:
                    self._maybe_resume()
                    self.scan()
                    self.dispatch()
                    self.collect(timeout=poll)
                except Exception as err:  # the service goes on: a crash would only make the hub start it again
                    if space.disk_error(err):
                        self._pause()
                    else:
                        log.exception("the grading service's loop failed; it goes on")
                    time.sleep(1)
                if once and self.idle():
                    return
        finally:
            self.close()


def _exit(signum, frame) -> None:
    raise SystemExit(0)


@contextmanager
def serving(course: Course, outlive_parent: bool = False):
    """Around `autograder serve`: one service per course (a second waits until the first has stopped), ending
    with the process that started it (the hub) unless told otherwise, and stopped cleanly by SIGTERM (the lanes
    stopped, the queue closed)."""
    if not outlive_parent:
        lifeline.die_with_parent()
    lock = CourseLock(course.root)
    if not lock.try_acquire():
        log.warning("another grading service is running for this course (%s, in %s): waiting until it stops",
                    lock.holder(), lock.path)
        lock.acquire()
    signal.signal(signal.SIGTERM, _exit)
    try:
        yield
    finally:
        lock.release()
