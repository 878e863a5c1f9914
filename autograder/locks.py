"""Who may grade what at once, between processes of one course: file locks (flock) under .autograder/.

* `CourseLock`: one grading service per course. A second one waits until the first has stopped.
* `StudentLocks`: one grading of a student's submission of an assignment at a time, whichever process grades it
  (the grading service, the instructor's `autograder grade`). Without it, a class graded while the service grades a
  student could read her submission while the service replaces it, and report `error` for her.

flock belongs to an open file and goes with the process that holds it, so a killed process never leaves a lock
behind. The lock files are named by a digest, never by the student's name (which the student chose).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

LOCKS_DIR = Path(".autograder") / "locks"
SERVICE_LOCK = Path(".autograder") / "service.lock"


def _open(path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)


class CourseLock:
    """The course's one grading service: `acquire` returns at once, or after the holder has stopped."""

    def __init__(self, root: Path):
        self.path = root / SERVICE_LOCK
        self.fd: int | None = None

    def holder(self) -> str:
        try:
            return self.path.read_text().strip() or "unknown"
        except OSError:
            return "unknown"

    def try_acquire(self) -> bool:
        self.fd = fd = self.fd if self.fd is not None else _open(self.path)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        self._mark(fd)
        return True

    def acquire(self) -> None:
        self.fd = fd = self.fd if self.fd is not None else _open(self.path)
        fcntl.flock(fd, fcntl.LOCK_EX)
        self._mark(fd)

    @staticmethod
    def _mark(fd: int) -> None:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}\n".encode(), 0)

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the only descriptor of the open file releases its flock
            self.fd = None


class StudentLocks:
    """Per-student locks of one assignment, held by this process."""

    def __init__(self, root: Path, assignment_id: str):
        self.folder, self.assignment_id = root / LOCKS_DIR, assignment_id
        self.held: dict[str, int] = {}

    def _path(self, student: str) -> Path:
        key = f"{self.assignment_id}\0{student}".encode("utf-8", "surrogatepass")
        return self.folder / f"{hashlib.sha256(key).hexdigest()[:32]}.lock"

    def acquire(self, student: str, wait: bool = True) -> bool:
        """Hold the student's lock (waiting for another process to let it go, unless `wait` is False)."""
        if student in self.held:
            return True
        fd = _open(self._path(student))
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            os.close(fd)
            return False
        self.held[student] = fd
        return True

    @contextmanager
    def all_present(self, listing: Callable[[], list[str]]):
        """Hold the lock of every student `listing()` names (waiting for each) for the block, and yield them: a
        report written in it reads no submission half graded. The grading service may copy a new submission in
        while we wait (under that student's lock), so the listing is read again until it names no one new."""
        try:
            while True:
                students = listing()
                new = sorted(student for student in students if student not in self.held)
                if not new:
                    break
                for student in new:
                    self.acquire(student)
            yield students
        finally:
            self.release_all()

    def try_all(self, students: list[str]) -> list[str]:
        """Take the lock of each student that nobody holds, without waiting; the students taken."""
        return [student for student in sorted(students) if self.acquire(student, wait=False)]

    def release(self, student: str) -> None:
        fd = self.held.pop(student, None)
        if fd is not None:
            os.close(fd)

    def release_all(self) -> None:
        for student in list(self.held):
            self.release(student)
