"""The grading service: feedback within seconds of submitting (`autograder serve`, a hub service per course).

It watches the exchange's inbound folder of the course. Each new submission is collected (SafeCollect),
graded with the same pipeline, sandboxes and gradebook as `autograder grade` (its sandboxes stay warm
between submissions), and its feedback is generated and released, so that the student's *Fetch Feedback*
in the Assignment List brings it. The assignment's feedback policy (assignments/catalogue.toml) decides:
`off` grades nothing on submit; `on-submit` grades at most one submission per student every N minutes, and
a submission inside that window gets a page that says when the next one will be graded. Before the due date
the page shows what the policy says (each exercise's points and diagnostic, with or without the graded
notebook); after it, the graded notebook as well.

The queue is durable (an SQLite file beside the course secret): each submission in the exchange is one
entry, keyed by the name nbgrader's submit gave it, so a restarted service grades what was waiting and never
grades a submission twice; one that was being graded when the service stopped is graded again. A
submission that fails to grade is marked `failed`, with the reason, and the service goes on.
"""

from __future__ import annotations

import html
import logging
import os
import shutil
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from nbgrader.utils import parse_utc, temp_attrs

from . import i18n
from .course import Course
from .judge.integrity import read_small
from .pipeline.intake import shown, verified

QUEUE_FILE = Path(".autograder") / "service.db"
STATES = ("queued", "grading", "graded", "limited", "superseded", "ignored", "failed")
IDLE_POOL_SECONDS = 600
WARM_EVERY_SECONDS = 60
# Submissions taken up together when several wait: graded side by side, their feedback made in one run.
BATCH_PER_SANDBOX = 8
log = logging.getLogger("autograder.serve")


@dataclass(frozen=True)
class Entry:
    """One submission in the exchange, by the name nbgrader's submit gave it: student+assignment+time+random."""

    name: str
    student: str
    assignment: str

    @classmethod
    def parse(cls, name: str) -> "Entry | None":
        parts = name.rsplit("+", 3)
        if len(parts) != 4 or not parts[0] or "/" in name:
            return None
        try:
            parse_utc(parts[2])
        except (ValueError, OverflowError):
            return None
        return cls(name, parts[0], parts[1])


class Queue:
    """The service's memory of every submission it has seen, in an SQLite file that survives restarts."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("CREATE TABLE IF NOT EXISTS entry (name TEXT PRIMARY KEY, student TEXT, assignment TEXT, "
                        "state TEXT, seen REAL, started REAL, done REAL, note TEXT)")

    def see(self, entry: Entry, state: str, now: float) -> bool:
        """Record a submission the first time it is seen; True when it was new."""
        cursor = self.db.execute("INSERT OR IGNORE INTO entry (name, student, assignment, state, seen) "
                                 "VALUES (?, ?, ?, ?, ?)", (entry.name, entry.student, entry.assignment, state, now))
        return cursor.rowcount == 1

    def claim(self, now: float, limit: int) -> tuple[list[Entry], list[Entry]]:
        """The oldest queued submissions of one assignment (at most `limit`), now marked as being graded, and
        the ones they replaced (a student's later submission replaces a waiting earlier one)."""
        first = self.db.execute("SELECT assignment FROM entry WHERE state = 'queued' ORDER BY seen, name LIMIT 1"
                                ).fetchone()
        if first is None:
            return [], []
        rows = self.db.execute("SELECT name, student, assignment FROM entry WHERE state = 'queued' AND assignment = ? "
                               "ORDER BY seen, name", (first[0],)).fetchall()
        latest = {student: name for name, student, _ in rows}
        replaced = [row for row in rows if latest[row[1]] != row[0]]
        self.db.executemany("UPDATE entry SET state = 'superseded', done = ?, note = 'a later submission of the "
                            "same student came' WHERE name = ?", [(now, row[0]) for row in replaced])
        chosen = [row for row in rows if latest[row[1]] == row[0]][:limit]
        self.db.executemany("UPDATE entry SET state = 'grading', started = ? WHERE name = ?",
                            [(now, row[0]) for row in chosen])
        return [Entry(*row) for row in chosen], [Entry(*row) for row in replaced]

    def finish(self, entry: Entry, state: str, now: float, note: str = "") -> None:
        self.db.execute("UPDATE entry SET state = ?, done = ?, note = ? WHERE name = ?", (state, now, note, entry.name))

    def known(self, name: str) -> bool:
        return self.db.execute("SELECT 1 FROM entry WHERE name = ?", (name,)).fetchone() is not None

    def last_graded(self, student: str, assignment: str) -> float | None:
        row = self.db.execute("SELECT MAX(seen) FROM entry WHERE student = ? AND assignment = ? AND state = 'graded'",
                              (student, assignment)).fetchone()
        return row[0]

    def resume(self) -> int:
        """Submissions that were being graded when the service stopped are queued again."""
        return self.db.execute("UPDATE entry SET state = 'queued', started = NULL WHERE state = 'grading'").rowcount

    def states(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT name, state FROM entry").fetchall())


def _page(assignment, message: str, language: str) -> str:
    title, message = html.escape(assignment.title_in(language)), html.escape(message)
    lang = "" if language == i18n.DEFAULT else f" lang='{language}'"
    return (f"<!DOCTYPE html><html{lang}><head><meta charset='utf-8'><meta name='viewport' content='width=device-width, "
            "initial-scale=1'><meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; style-src "
            f"'unsafe-inline'\"><title>{title}</title><style>body{{font-family:system-ui,sans-serif;max-width:40em;"
            f"margin:2em auto;padding:0 1em}}</style></head><body><h1>{title}</h1><p>{message}</p></body></html>")


class Service:
    def __init__(self, course: Course, jobs: int = 1, clock=time.time):
        self.course, self.jobs, self.clock = course, jobs, clock
        self.queue = Queue(course.root / QUEUE_FILE)
        self.pools: dict[str, object] = {}
        self.used: dict[str, float] = {}
        self.open: set[str] = set()
        root = course.config.get("Exchange", {}).get("root") or str(course.root / "exchange")
        self.inbound = Path(root) / course.course_id / "inbound"
        # Set by the intake when a submission arrives, so that grading starts at once rather than at the next poll.
        self.wake = threading.Event()

    # --- finding submissions ------------------------------------------------------------------------

    def scan(self) -> int:
        """Queue the submissions that appeared in the exchange since the last scan; how many are new."""
        new = 0
        names = sorted(p.name for p in self.inbound.iterdir()) if self.inbound.is_dir() else []
        for name in names:
            entry = Entry.parse(name)
            if entry is None or self.queue.known(name):
                continue
            try:
                assignment = self.course.assignment(entry.assignment)
            except Exception:
                state = "ignored"  # not an assignment of the catalogue
            else:
                state = "queued" if assignment.feedback.mode == "on-submit" else "ignored"
            if verified(self.inbound / name, self.course) is None:
                log.warning("ignored %s: not received by the course's intake (no valid receipt)", shown(name))
                state = "ignored"
            if self.queue.see(entry, state, self.clock()):
                new += 1
                if state == "queued":
                    self._received_page(entry, assignment)
        return new

    def _received_page(self, entry: Entry, assignment) -> None:
        """Until its feedback is ready, a submission's page says that it is being graded, so that a student who
        fetches feedback at once learns where it stands."""
        self._early_page(entry, assignment, "service.received")

    def _message(self, entry: Entry, key: str, **values) -> tuple[str, str]:
        """A status page's message for the submission's student, in their language, and the language."""
        language = self.course.language_of(entry.student)
        return i18n.text(key, language, **values), language

    def _early_page(self, entry: Entry, assignment, key: str) -> None:
        """A page that only says `message`, for a submission not collected yet: written straight into the
        exchange where nbgrader's release_feedback would put it (the same name, from nbgrader's own hash), since
        collecting and releasing through nbgrader would cost each submission of a burst a few tenths of a second
        before any of them is graded."""
        from nbgrader.utils import notebook_hash

        secret = read_small(self.inbound / entry.name / "submission_secret.txt", 1000)
        if not secret:
            return  # not a submission nbgrader's submit made: grading will say what is wrong with it
        released = self.inbound.parent / "feedback"
        try:
            released.mkdir(mode=0o711, exist_ok=True)  # the mode nbgrader's release_feedback gives it
            page = released / f"{notebook_hash(secret=secret, notebook_id=assignment.notebook_id)}.html"
            partial = page.with_suffix(".tmp")
            partial.write_text(_page(assignment, *self._message(entry, key)))
            partial.chmod(0o644)
            os.replace(partial, page)
        except OSError:
            log.exception("no page for %s", entry.name)

    # --- one submission -----------------------------------------------------------------------------

    def step(self) -> bool:
        """Handle the next queued submissions (several at once when several wait); False when none does."""
        started = self.clock()
        entries, replaced = self.queue.claim(started, limit=BATCH_PER_SANDBOX * self.jobs)
        for entry in replaced:
            self._early_page(entry, self.course.assignment(entry.assignment), "service.replaced")
        if not entries and not replaced:
            return False
        results: dict[Entry, tuple[str, str]] = {}
        to_grade = []
        for entry in entries:
            try:
                verdict = self.triage(entry)
            except Exception as err:
                verdict = self.failed(entry, err)
            if verdict is None:
                to_grade.append(entry)
            else:
                results[entry] = verdict
        if to_grade:
            results.update(self.grade(to_grade))
        for entry, (state, note) in results.items():
            self.queue.finish(entry, state, self.clock(), note)
            log.info("%s: %s %s (%.2f s)", entry.name, state, note, self.clock() - started)
        return True

    def triage(self, entry: Entry) -> tuple[str, str] | None:
        """What happens to a submission before grading: rate-limited, or None (to be graded)."""
        feedback = self.course.assignment(entry.assignment).feedback
        last = self.queue.last_graded(entry.student, entry.assignment)
        if last is not None and self.clock() < last + feedback.every_minutes * 60:
            retry = datetime.fromtimestamp(last + feedback.every_minutes * 60, timezone.utc).astimezone()
            self._collect(entry)
            self._status_page(entry, "service.limited", minutes=feedback.every_minutes, retry=retry)
            return "limited", f"until {retry:%H:%M}"
        self._collect(entry)
        return None

    def grade(self, entries: list[Entry]) -> dict[Entry, tuple[str, str]]:
        """Grade the collected submissions of one assignment together (the pool runs them side by side), then
        generate and release each one's feedback."""
        from .pipeline.autograde import grade

        assignment = self.course.assignment(entries[0].assignment)
        results = {}
        try:
            outcomes = grade(self.course, assignment.id, [e.student for e in entries], pool=self._pool(assignment.id))
        except Exception as err:
            return {entry: self.failed(entry, err) for entry in entries}
        try:
            self._feedback(assignment, [e.student for e in entries])
        except Exception as err:
            return {entry: self.failed(entry, err) for entry in entries}
        for entry in entries:
            try:
                self._release(entry)
                results[entry] = ("graded", outcomes[entry.student].status)
            except Exception as err:
                results[entry] = self.failed(entry, err)
        return results

    def failed(self, entry: Entry, err: Exception) -> tuple[str, str]:
        """One submission's failure is recorded, the student is told, and the service goes on."""
        log.error("grading %s failed", entry.name, exc_info=err)
        self._status_page(entry, "service.failed", quiet=True)
        return "failed", f"{type(err).__name__}: {err}"[:500]

    # --- nbgrader's steps for one student -------------------------------------------------------------

    def _api(self, summary_only: bool = False):
        from nbgrader.apps import NbGraderAPI

        config = self.course.config
        if summary_only:
            config = config.copy()
            config.FeedbackSummary.notebook = False
        return NbGraderAPI(coursedir=self.course.coursedir, config=config)

    @staticmethod
    def _checked(result: dict, what: str) -> None:
        if not result.get("success"):
            raise RuntimeError(f"nbgrader {what} failed: {(result.get('error') or result.get('log') or '')[-1500:]}")

    def _feedback(self, assignment, students: list[str]) -> None:
        """Feedback pages for these students (the summary only, before the due date, if the policy says so)."""
        from nbgrader.utils import capture_log

        from .pipeline.autograde import StudentsFeedback

        api = self._api(summary_only=assignment.feedback.before_due == "summary"
                        and datetime.now(timezone.utc) < assignment.due)
        with temp_attrs(api.coursedir, assignment_id=assignment.id, student_id="*"):
            app = StudentsFeedback(students, coursedir=api.coursedir, parent=api)
            app.force = True
            self._checked(capture_log(app), "generate_feedback")

    def _collect(self, entry: Entry) -> None:
        api = self._api()
        with temp_attrs(api.coursedir, assignment_id=entry.assignment, student_id=entry.student):
            app = api.exchange.Collect(coursedir=api.coursedir, authenticator=api.authenticator, parent=api)
            app.update = True
            from nbgrader.utils import capture_log

            self._checked(capture_log(app), "collect")

    def _release(self, entry: Entry) -> None:
        self._checked(self._api().release_feedback(entry.assignment, entry.student), "release_feedback")

    def _status_page(self, entry: Entry, key: str, quiet: bool = False, **values) -> None:
        """A feedback page that only says the message `key`, released for the submission just collected."""
        try:
            assignment = self.course.assignment(entry.assignment)
            submitted = self.course.submitted_dir(entry.student, entry.assignment)
            folder = self.course.root / "feedback" / entry.student / entry.assignment
            if folder.exists():
                shutil.rmtree(folder)
            folder.mkdir(parents=True)
            for name in ("timestamp.txt", "submission_secret.txt"):
                text = read_small(submitted / name, 1000)
                if text is None:
                    raise FileNotFoundError(f"{submitted / name} is missing")
                (folder / name).write_text(text)
            (folder / f"{assignment.notebook_id}.html").write_text(
                _page(assignment, *self._message(entry, key, **values)))
            self._release(entry)
        except Exception:
            if not quiet:
                raise
            log.exception("no status page for %s", entry.name)

    def _pool(self, assignment_id: str):
        if assignment_id not in self.pools:
            from . import dataset
            from .pool import LocalPool

            limits = self.course.assignment(assignment_id).limits
            self.pools[assignment_id] = LocalPool(self.jobs, limits, dataset.data_dir(), sandboxed=True)
        self.used[assignment_id] = self.clock()
        return self.pools[assignment_id]

    def _close_idle_pools(self) -> None:
        """Sandboxes of a closed assignment nobody submitted for a while give their memory back (those of the
        open ones stay warm)."""
        for assignment_id in [a for a, used in self.used.items()
                              if self.clock() - used > IDLE_POOL_SECONDS and a not in self.open]:
            self.pools.pop(assignment_id).close()
            del self.used[assignment_id]

    # --- the loop -----------------------------------------------------------------------------------

    def warm(self) -> list[str]:
        """Start the sandboxes of every assignment that takes submissions now (released, due date ahead,
        feedback on submit), so that the first student does not wait for them."""
        now = datetime.now(timezone.utc)
        with self.course.gradebook() as gb:
            released = {assignment.name for assignment in gb.assignments}
        open_now = [a.id for a in self.course.catalogue.assignments
                    if a.id in released and a.due > now and a.feedback.mode == "on-submit"]
        for assignment_id in open_now:
            self._pool(assignment_id)
            self.course.reference(assignment_id)
        self.open = set(open_now)
        return open_now

    def run(self, poll: float = 1.0, once: bool = False) -> None:
        resumed = self.queue.resume()
        if resumed:
            log.info("resumed %d submission(s) that were being graded when the service stopped", resumed)
        warmed = None
        try:
            while True:
                # Assignments open and close while the service runs (a release, a due date): look again now and then.
                if not once and (warmed is None or self.clock() - warmed > WARM_EVERY_SECONDS):
                    first, before, warmed = warmed is None, set(self.open), self.clock()
                    if set(self.warm()) != before or first:
                        log.info("warm for: %s", ", ".join(sorted(self.open)) or "no open assignment")
                self.scan()
                while self.step():
                    self.scan()
                if once:
                    return
                self._close_idle_pools()
                if self.wake.wait(poll):
                    self.wake.clear()
        finally:
            for pool in self.pools.values():
                pool.close()
