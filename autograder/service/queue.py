"""The service's durable memory of every submission: `.autograder/service.db` (SQLite), written by the service's
main process only.

`entry` holds one row per inbound entry, by its folder's name, with the exact folder the service took and the last
step of its grading that is done; `journal` holds every step as it happened (for the instructor, and for the tests
that kill the service at each step). Grading one submission is a transaction in steps:

    taken      the service chose it (state `grading`)
    copied     the inbound folder, exactly that one, is in submitted/<student>/<assignment>/
    answered   the sandbox's answer is kept on disk (a restart uses it instead of running the notebook again)
    recorded   its grade is in the gradebook (and autograded/ holds the graded notebook)
    paged      its feedback page is where the student's Fetch Feedback finds it

then its state is `graded`. Each step is idempotent, so a service killed at any line redoes, after a restart, at
most the step it was in, and a submission is graded once, with its own notebook. A failed grading goes back to
`queued` with a later `retry_at`, a bounded number of times, then ends `failed`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

STATES = ("queued", "grading", "graded", "limited", "superseded", "ignored", "refused", "failed")
FINISHED = ("graded", "limited", "superseded", "ignored", "refused", "failed")
STEPS = ("taken", "copied", "answered", "recorded", "paged")
COLUMNS = {"name": "TEXT PRIMARY KEY", "student": "TEXT", "assignment": "TEXT", "state": "TEXT", "seen": "REAL",
           "started": "REAL", "done": "REAL", "note": "TEXT", "folder": "TEXT", "step": "TEXT",
           "attempts": "INTEGER NOT NULL DEFAULT 0", "retry_at": "REAL", "counted": "INTEGER NOT NULL DEFAULT 0",
           "page": "TEXT"}


@dataclass(frozen=True)
class Row:
    """A submission as the queue knows it."""

    name: str
    student: str
    assignment: str
    state: str
    seen: float
    folder: str
    step: str | None = None
    attempts: int = 0
    page: str = ""  # the file name of its feedback page in the exchange

    @property
    def key(self) -> tuple[str, str]:
        return self.student, self.assignment


_ROW = "name, student, assignment, state, seen, folder, step, attempts, page"


class Queue:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, isolation_level=None, timeout=60)
        self.db.execute(f"CREATE TABLE IF NOT EXISTS entry ({', '.join(f'{c} {t}' for c, t in COLUMNS.items())})")
        present = {row[1] for row in self.db.execute("PRAGMA table_info(entry)")}
        for column, kind in COLUMNS.items():  # a queue written by an earlier version of the service
            if column not in present:
                self.db.execute(f"ALTER TABLE entry ADD COLUMN {column} {kind}")
        self.db.execute("CREATE TABLE IF NOT EXISTS journal (entry TEXT, step TEXT, at REAL)")
        self.db.execute("CREATE INDEX IF NOT EXISTS entry_state ON entry (state)")
        self.db.execute("CREATE INDEX IF NOT EXISTS entry_student ON entry (student, assignment)")
        self.db.execute("CREATE INDEX IF NOT EXISTS entry_started ON entry (started)")

    def close(self) -> None:
        self.db.close()

    # --- what the queue holds ---------------------------------------------------------------------

    def names(self) -> set[str]:
        return {name for (name,) in self.db.execute("SELECT name FROM entry")}

    def states(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT name, state FROM entry").fetchall())

    def rows(self, state: str) -> list[Row]:
        return [Row(*r) for r in self.db.execute(f"SELECT {_ROW} FROM entry WHERE state = ? ORDER BY seen, name",
                                                 (state,))]

    def waiting(self, now: float) -> list[Row]:
        """Queued submissions whose time has come (a retried one waits for its retry_at), oldest first."""
        return [Row(*r) for r in self.db.execute(
            f"SELECT {_ROW} FROM entry WHERE state = 'queued' AND (retry_at IS NULL OR retry_at <= ?) "
            "ORDER BY seen, name", (now,))]

    def next_retry(self) -> float | None:
        return self.db.execute("SELECT MIN(retry_at) FROM entry WHERE state = 'queued'").fetchone()[0]

    def last_graded(self, student: str, assignment: str) -> float | None:
        """When the student's last submission that counts against the rate limit was made (graded, and gradable)."""
        return self.db.execute("SELECT MAX(seen) FROM entry WHERE student = ? AND assignment = ? AND "
                               "state = 'graded' AND counted = 1", (student, assignment)).fetchone()[0]

    def served_since(self, since: float) -> dict[str, int]:
        """How many submissions of each student were taken up since `since` (fair order: fewest first)."""
        return dict(self.db.execute("SELECT student, COUNT(*) FROM entry WHERE started >= ? GROUP BY student",
                                    (since,)).fetchall())

    def journal(self, name: str) -> list[str]:
        return [step for (step,) in self.db.execute("SELECT step FROM journal WHERE entry = ? ORDER BY rowid",
                                                    (name,))]

    # --- changes ----------------------------------------------------------------------------------

    def see(self, name: str, student: str, assignment: str, folder: str, state: str, now: float,
            note: str = "", page: str = "") -> bool:
        """Record a submission the first time it is seen; True when it was new."""
        done = now if state in FINISHED else None
        cursor = self.db.execute("INSERT OR IGNORE INTO entry (name, student, assignment, folder, state, seen, done, "
                                 "note, page) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                 (name, student, assignment, folder, state, now, done, note, page))
        return cursor.rowcount == 1

    def take(self, name: str, now: float) -> None:
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            # A submission taken up again (a restart, a retry) keeps the step it had reached.
            self.db.execute("UPDATE entry SET state = 'grading', started = ?, step = COALESCE(step, 'taken') "
                            "WHERE name = ?", (now, name))
            self.db.execute("INSERT INTO journal VALUES (?, 'taken', ?)", (name, now))

    def step(self, name: str, step: str, now: float) -> None:
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute("UPDATE entry SET step = ? WHERE name = ? AND state = 'grading'", (step, name))
            self.db.execute("INSERT INTO journal VALUES (?, ?, ?)", (name, step, now))

    def finish(self, name: str, state: str, now: float, note: str = "", counted: bool = False) -> None:
        self.db.execute("UPDATE entry SET state = ?, done = ?, note = ?, counted = ?, retry_at = NULL WHERE name = ?",
                        (state, now, note[:1000], int(counted), name))

    def retry(self, name: str, at: float, note: str, count: bool = True) -> None:
        """Back to the queue until `at`; `count`: this was an attempt that failed (not a wait for space or a lock)."""
        self.db.execute("UPDATE entry SET state = 'queued', retry_at = ?, note = ?, attempts = attempts + ? "
                        "WHERE name = ?", (at, note[:1000], int(count), name))
