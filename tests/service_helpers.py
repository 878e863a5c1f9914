"""What the grading service's tests share: a submission received by the course's intake (the one place that makes
inbound entries), the page it will get, and `autograder serve` run as a real process.

Fixtures and helpers:
  submit(course, student, nb)   a submission received by the course's intake (intake.receive, as the hub's intake
                                 does once it knows the student); returns its page's file name
  plant(course, name, nb)        an entry written into inbound by hand, without a receipt (what the course's
                                 intake never wrote: the service must ignore it)
  released(course, page)         the text of a released page ("" when there is none)
  Served(root, ...)              `autograder serve` in a process of its own, with its log; stop() ends it and
                                 checks that no process of it is left
  waits_for_lock(pid, path)      whether a process is blocked waiting for the flock on a file (/proc/locks)
"""

from __future__ import annotations

import os
import secrets
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import nbformat

from autograder import demo
from autograder.course import Course
from autograder.pipeline import intake
from autograder.service.pages import page_name
from tests.hub_helpers import descendants

ASSIGNMENT = "02_single_example_gd"
# forward's 2 points lost: 7 of the 9 points graded automatically (02 has 12: 9 automatic, a written answer of 3)
WRONG_FORWARD = {"sgd-forward-code": "def forward(x1, x2, w1, w2, b):\n    return 0.5\n"}


def exchange(course: Course) -> Path:
    return intake.inbound_of(course).parent


def submit(course: Course, student: str, nb=None, assignment_id: str = ASSIGNMENT, notebook: str | None = None) -> str:
    """A submission as the course's intake receives it; the file name of the feedback page it will get. `notebook`:
    the name the student's notebook has, when it is not the assignment's own."""
    assignment = course.assignment(assignment_id)
    # The assignment handed out, as nbgrader's release_assignment leaves it in the exchange (receive() checks it).
    (exchange(course) / "outbound" / assignment_id).mkdir(parents=True, exist_ok=True)
    files = {notebook or assignment.notebook: _bytes(course, assignment, nb)}
    entry = intake.receive(course, student, assignment_id, files)
    return page_name((entry / intake.SECRET).read_text(), assignment.notebook_id)


def plant(course: Course, name: str, nb=None, assignment_id: str = ASSIGNMENT) -> tuple[Path, str]:
    """An entry written into inbound as nbgrader's own submit would write it, without a receipt: its folder, and
    the file name of the page it would get."""
    assignment = course.assignment(assignment_id)
    inbound = exchange(course) / "inbound"
    inbound.mkdir(parents=True, exist_ok=True)
    staging = exchange(course) / f".staging-{secrets.token_hex(4)}"
    staging.mkdir()
    (staging / assignment.notebook).write_bytes(_bytes(course, assignment, nb))
    (staging / intake.TIMESTAMP).write_text(name.rsplit("+", 3)[-2] if name.count("+") >= 3 else intake.now_stamp())
    secret = secrets.token_hex(16)
    (staging / intake.SECRET).write_text(secret)
    staging.rename(inbound / name)
    return inbound / name, page_name(secret, assignment.notebook_id)


def _bytes(course: Course, assignment, nb) -> bytes:
    content = nb if nb is not None else demo.solved(course.root, assignment)
    return content if isinstance(content, bytes) else nbformat.writes(content).encode()


def released(course: Course, page: str) -> str:
    try:
        return (exchange(course) / "feedback" / page).read_text()
    except FileNotFoundError:
        return ""


def queue_rows(root: Path) -> list[dict]:
    """The service's queue, read-only: one row per submission it has seen."""
    path = root / ".autograder" / "service.db"
    if not path.exists():
        return []
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30) as db:
        db.row_factory = sqlite3.Row
        return [dict(row) for row in db.execute("SELECT * FROM entry ORDER BY seen, name")]


def journal(root: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(f"file:{root / '.autograder' / 'service.db'}?mode=ro", uri=True, timeout=30) as db:
        return db.execute("SELECT entry, step FROM journal ORDER BY rowid").fetchall()


def gradebook_score(course: Course, student: str, assignment_id: str = ASSIGNMENT) -> float:
    with course.gradebook() as gb:
        return gb.find_submission(assignment_id, student).score


def wait_until(done, what: str, timeout: float = 240, log: Path | None = None, process=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = done()
        if value:
            return value
        if process is not None and process.poll() is not None:
            break
        time.sleep(0.2)
    tail = log.read_text()[-4000:] if log and log.exists() else ""
    raise AssertionError(f"{what}: not within {timeout} s\n{tail}")


class Served:
    """`autograder serve` in a process of its own, as the hub starts it (no options unless given)."""

    def __init__(self, root: Path, *options: str, env: dict | None = None, log: Path | None = None):
        self.root, self.log = root, log or root / "serve.log"
        self.output = open(self.log, "ab")
        self.process = subprocess.Popen([sys.executable, "-m", "autograder.cli", "serve", *options], cwd=root,
                                        env={**os.environ, **(env or {})}, stdout=self.output,
                                        stderr=subprocess.STDOUT)

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_ready(self, timeout: float = 180) -> None:
        wait_until(lambda: "grading lane(s) ready" in self.text(), "the service started", timeout, self.log,
                   self.process)

    def wait_killed(self, timeout: float = 240) -> int:
        """Until the process has ended (killed by its own test hook, say); its exit code."""
        return self.process.wait(timeout)

    def stop(self) -> None:
        """SIGTERM, as the hub stops it; nothing of it may be left (lanes, sandboxes)."""
        below = descendants(self.process.pid)
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.output.close()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(alive(pid) for pid in below):
            time.sleep(0.2)
        assert not [pid for pid in below if alive(pid)], "processes of the service outlived it"


def waits_for_lock(pid: int, path: Path) -> bool:
    """Whether process `pid` is blocked in flock() on the file at `path`: the kernel lists each waiting request in
    /proc/locks, marked `->`, with the waiter's pid and the file's device and inode."""
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return False
    file = f"{os.major(found.st_dev):02x}:{os.minor(found.st_dev):02x}:{found.st_ino}"
    with open("/proc/locks") as locks:
        return any(fields[1:3] == ["->", "FLOCK"] and fields[5] == str(pid) and fields[6] == file
                   for fields in map(str.split, locks))


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
