"""The grading service under faults, as the hub runs it: a real `autograder serve` process (lanes, sandboxes),
killed with SIGKILL at each step of a grading, facing a gradebook another process holds, a full disk, a parent
that dies, a second service on the same course, and the instructor grading the class at the same time. Each test
asserts that every submission is graded once, with its own notebook's score, that its page says so, and that
nothing is lost. Each is bounded in time (a few minutes on a loaded 2-core machine)."""

from __future__ import annotations

import csv
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder import demo
from autograder.course import Course
from autograder.locks import SERVICE_LOCK
from autograder.service.checkpoint import STEPS, VARIABLE
from autograder.service.lane import kept_answer
from autograder.service.loop import SPACE_EVERY_SECONDS
from tests.conftest import course_copy
from tests.hub_helpers import descendants
from tests.service_helpers import (
    ASSIGNMENT,
    WRONG_FORWARD,
    Served,
    alive,
    exchange,
    gradebook_score,
    journal,
    queue_rows,
    released,
    submit,
    wait_until,
    waits_for_lock,
)


@pytest.fixture(scope="module")
def handed_out(template, tmp_path_factory):
    """A released course whose 02 is handed out to students (in the exchange): the service keeps it warm. As after
    `autograder release`, the author's check is done and cached (the template's), so `autograder grade` starts at
    once."""
    root = course_copy(template, tmp_path_factory.mktemp("faults") / "course")
    (exchange(Course.load(root)) / "outbound" / ASSIGNMENT).mkdir(parents=True)
    return root


@pytest.fixture()
def course(handed_out, tmp_path) -> Course:
    root = tmp_path / "course"
    shutil.copytree(handed_out, root, symlinks=True)
    # The copy's exchange is its own (nbgrader_config.py's default, inside the course).
    return Course.load(root)


def graded(course: Course, count: int):
    rows = queue_rows(course.root)
    return rows if len(rows) == count and all(row["state"] == "graded" for row in rows) else None


def assert_graded_once(course: Course, pages: dict[str, str], scores: dict[str, float]) -> None:
    """Every submission graded once, with its own notebook's score, which its page shows."""
    rows = queue_rows(course.root)
    assert sorted(row["student"] for row in rows) == sorted(pages)
    assert all((row["state"], row["note"]) == ("graded", "ok") for row in rows), rows
    steps = journal(course.root)
    for row in rows:
        done = [step for entry, step in steps if entry == row["name"]]
        assert (done.count("recorded"), done.count("paged")) == (1, 1), (row["name"], done)
    for student, page in pages.items():
        assert f"Score: <b>{scores[student]:.1f}</b>" in released(course, page), student
        assert gradebook_score(course, student) == scores[student]


# --- killed at every step ------------------------------------------------------------------------------------

@pytest.mark.parametrize("step", STEPS)
def test_a_service_killed_at_any_step_grades_every_submission_once_after_a_restart(course, step, tmp_path):
    wrong = demo.solved(course.root, course.assignment(ASSIGNMENT), WRONG_FORWARD)
    served = Served(course.root, "--jobs", "1", env={VARIABLE: step})
    served.wait_ready()
    pages = {"alice": submit(course, "alice"), "bob": submit(course, "bob", wrong)}
    assert served.wait_killed() == -signal.SIGKILL
    in_flight = [row for row in queue_rows(course.root) if row["state"] == "grading"]
    # The submissions whose sandbox had answered (its answer kept) but whose grade was not recorded yet.
    kept = [row for row in in_flight if row["step"] in ("taken", "copied", "answered")
            and kept_answer(course.root, ASSIGNMENT, row["student"]).exists()]
    restarted = Served(course.root, "--jobs", "1", log=tmp_path / "restarted.log")
    try:
        wait_until(lambda: graded(course, 2), "both graded after the restart", log=restarted.log)
    finally:
        restarted.stop()
    assert_graded_once(course, pages, {"alice": 9.0, "bob": 7.0})
    log = restarted.text()
    assert in_flight or step == "done"  # killed while it graded
    if in_flight:
        assert f"resumed {len(in_flight)} submission(s) that were being graded when the service stopped" in log
    if step in ("answered", "recorded"):  # a sandbox had answered: its answer is used, the notebook not run again
        assert kept
    assert log.count("the sandbox's answer kept before a restart is used") == len(kept)
    assert not list((course.root / ".autograder" / "answers").glob("*.json"))


# --- a gradebook held by another process ---------------------------------------------------------------------

HOLD = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
db.execute("UPDATE student SET first_name = first_name")
print("held", flush=True)
sys.stdin.readline()
db.execute("COMMIT")
"""
# SQLite's own busy timeout (Python's sqlite3, under nbgrader's gradebook): a grader that waited no longer than that
# for a held gradebook would fail the submission (and count an attempt). The gradebook is held this much longer
# than that after a lane has reached it.
SQLITE_DEFAULT_TIMEOUT = 5.0
HELD_PAST_IT = SQLITE_DEFAULT_TIMEOUT + 3


def test_a_gradebook_held_past_sqlites_own_timeout_is_waited_for(course):
    """The formgrader or an instructor's command holds a write transaction on gradebook.db while six students
    submit, for 8 s after the first lane reached the gradebook (longer than SQLite's own 5 s busy timeout, which a
    grader without the course's patience would give up after): nothing is recorded while it is held, and then all
    six are graded once (none failed, none retried), with their pages. (A fixed hold of 20 s from before anyone
    submitted proved no more, and took longer.)"""
    served = Served(course.root)
    try:
        served.wait_ready()
        holder = subprocess.Popen([sys.executable, "-c", HOLD, str(course.root / "gradebook.db")],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            assert holder.stdout.readline().strip() == "held"
            pages = {f"s{number}": submit(course, f"s{number}") for number in range(6)}
            # A lane that has copied a submission opens the gradebook next (nbgrader's autograde starts there).
            wait_until(lambda: "copied" in [step for _, step in journal(course.root)], "a submission copied",
                       log=served.log)
            time.sleep(HELD_PAST_IT)
            assert "recorded" not in [step for _, step in journal(course.root)]
            assert holder.poll() is None
        finally:
            holder.stdin.close()  # the holder commits and ends
        assert holder.wait(60) == 0
        wait_until(lambda: graded(course, 6), "all six graded", log=served.log)
    finally:
        served.stop()
    assert_graded_once(course, pages, dict.fromkeys(pages, 9.0))
    assert all(row["attempts"] == 0 for row in queue_rows(course.root))
    assert "failed" not in served.text()


# --- a full disk -----------------------------------------------------------------------------------------

@pytest.fixture()
def small_disk(tmp_path):
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=96m", "tmpfs", str(mount)], capture_output=True,
                          text=True)
    if done.returncode != 0:
        pytest.fail(f"this test mounts a small tmpfs (it runs as root): {done.stderr}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)


def fill(folder: Path) -> Path:
    """A file that takes every byte left on `folder`'s file system."""
    path = folder / "filler"
    with open(path, "wb") as filler:
        try:
            while True:
                filler.write(b"\0" * (1 << 16))
                filler.flush()
        except OSError:
            pass
    return path


def test_a_full_disk_pauses_the_service_until_space_returns(handed_out, small_disk, tmp_path):
    """The course's disk fills up while alice's submission waits: the service says so in one line, stays up
    (no crash loop), and grades her once space is back."""
    root = small_disk / "course"
    shutil.copytree(handed_out, root, symlinks=True, ignore=shutil.ignore_patterns("exchange"))
    outside = tmp_path / "exchange"  # the exchange on another disk, as on a hub
    env = {"NBGRADER_EXCHANGE_ROOT": str(outside)}
    os.environ["NBGRADER_EXCHANGE_ROOT"] = str(outside)
    try:
        course = Course.load(root)
        (exchange(course) / "outbound" / ASSIGNMENT).mkdir(parents=True)
        served = Served(root, "--jobs", "1", env=env, log=tmp_path / "serve.log")
        try:
            served.wait_ready()
            filler = fill(small_disk)
            page = submit(course, "alice")
            wait_until(lambda: "is full: grading paused" in served.text(), "the pause said", log=served.log)
            # Paused, not ended (the hub would start it again and again): long enough for it to look for space
            # (every SPACE_EVERY_SECONDS) three times and find none.
            time.sleep(3 * SPACE_EVERY_SECONDS + 1)
            assert served.process.poll() is None
            filler.unlink()
            wait_until(lambda: graded(course, 1), "alice graded once space was back", log=served.log)
        finally:
            served.stop()
        assert served.text().count("is full: grading paused") == 1
        assert "disk space is back: grading resumed" in served.text()
        assert_graded_once(course, {"alice": page}, {"alice": 9.0})
    finally:
        del os.environ["NBGRADER_EXCHANGE_ROOT"]


# --- the machine around it -----------------------------------------------------------------------------------

PARENT = """
import subprocess, sys, time
child = subprocess.Popen(sys.argv[1:], stdout=open("child.log", "ab"), stderr=subprocess.STDOUT)
print(child.pid, flush=True)
time.sleep(600)
"""


def orphaned(command: list[str], cwd: Path, ready) -> list[int]:
    """Start `command` under a parent process, wait until `ready(log)`, kill the parent with SIGKILL; the pids
    below the parent then, still alive 30 s later."""
    parent = subprocess.Popen([sys.executable, "-c", PARENT, *command], cwd=cwd, stdout=subprocess.PIPE, text=True)
    int(parent.stdout.readline())
    wait_until(lambda: ready((cwd / "child.log").read_text(errors="replace")), "the child started",
               log=cwd / "child.log")
    below = descendants(parent.pid)
    assert below
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(alive(pid) for pid in below):
        time.sleep(0.2)
    return [pid for pid in below if alive(pid)]


def test_the_service_and_its_sandboxes_end_with_the_process_that_started_it(course):
    """The hub killed with SIGKILL: its grading service, the service's lanes and their sandboxes go with it."""
    left = orphaned([sys.executable, "-m", "autograder.cli", "serve", "--jobs", "1"], course.root,
                    lambda log: "grading lane(s) ready" in log and "warm for" in log)
    assert left == []


def test_the_formgrader_server_started_through_lifeline_ends_with_its_parent(tmp_path):
    """deploy/hub starts the course's formgrader server as `python -m autograder.lifeline jupyterhub.singleuser …`;
    here the same wrapper runs a plain server module."""
    left = orphaned([sys.executable, "-m", "autograder.lifeline", "http.server", "0", "--bind", "127.0.0.1"],
                    tmp_path, lambda log: "Serving HTTP" in log)
    assert left == []


def test_a_second_service_on_the_course_waits_for_the_first(course, tmp_path):
    first = Served(course.root, "--jobs", "1")
    second = None
    try:
        first.wait_ready()
        second = Served(course.root, "--jobs", "1", log=tmp_path / "second.log")
        wait_until(lambda: "another grading service is running for this course" in second.text(),
                   "the second service said it waits", log=second.log)
        # Blocked on the course's lock (what the kernel shows), so it cannot go on while the first runs.
        wait_until(lambda: waits_for_lock(second.process.pid, course.root / SERVICE_LOCK),
                   "the second service waits for the course's lock", log=second.log, process=second.process)
        assert "grading lane(s) ready" not in second.text()
        first.stop()
        second.wait_ready()
        page = submit(course, "alice")
        wait_until(lambda: graded(course, 1), "alice graded by the second service", log=second.log)
    finally:
        first.stop()
        if second:
            second.stop()
    assert_graded_once(course, {"alice": page}, {"alice": 9.0})


def test_the_instructors_grade_during_a_burst_reports_no_error(course):
    """`autograder grade` while the service grades a burst: every student's row is a real grade, never `error`
    for a submission the service was grading at that moment."""
    served = Served(course.root, "--jobs", "1")
    try:
        served.wait_ready()
        pages = {f"s{number}": submit(course, f"s{number}") for number in range(16)}
        wait_until(lambda: (course.root / "submitted").is_dir() and list((course.root / "submitted").iterdir()),
                   "the service took up the burst", log=served.log)
        done = subprocess.run([sys.executable, "-m", "autograder.cli", "grade", ASSIGNMENT, "--quiet"],
                              cwd=course.root, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-2000:]
        wait_until(lambda: graded(course, 16), "the burst graded", log=served.log)
    finally:
        served.stop()
    with open(course.root / "reports" / ASSIGNMENT / "grades.csv", newline="") as file:
        rows = list(csv.DictReader(file))
    assert rows and all((row["status"], row["score"]) == ("ok", "9") for row in rows), rows
    assert_graded_once(course, pages, dict.fromkeys(pages, 9.0))


def test_the_instructors_grade_waits_for_a_student_the_service_is_grading(course):
    """While a student's lock is held (as the service holds it from taking her submission until her page is out),
    `autograder grade` waits for her, then grades her and reports her row as a real grade."""
    from autograder.locks import StudentLocks

    demo.submit(course.root, course.assignment(ASSIGNMENT), "alice", demo.solved(course.root,
                                                                                 course.assignment(ASSIGNMENT)))
    held = StudentLocks(course.root, ASSIGNMENT)
    assert held.acquire("alice", wait=False)
    grading = subprocess.Popen([sys.executable, "-m", "autograder.cli", "grade", ASSIGNMENT, "--quiet"],
                               cwd=course.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # It waits for alice: the kernel shows it blocked on her lock, not merely slow (a fixed wait proved less,
        # and took 20 s), and it is still there a second later.
        wait_until(lambda: waits_for_lock(grading.pid, held._path("alice")), "grade waits for alice's lock",
                   process=grading)
        with pytest.raises(subprocess.TimeoutExpired):
            grading.wait(1)
        assert waits_for_lock(grading.pid, held._path("alice"))
        assert not (course.root / "reports" / ASSIGNMENT / "grades.csv").exists()
    finally:
        held.release_all()
    _, errors = grading.communicate(timeout=600)
    assert grading.returncode == 0, errors[-2000:]
    with open(course.root / "reports" / ASSIGNMENT / "grades.csv", newline="") as file:
        [row] = list(csv.DictReader(file))
    assert (row["student_id"], row["status"], row["score"]) == ("alice", "ok", "9")


def test_a_slow_submission_holds_up_no_one_but_itself(course, tmp_path):
    """A notebook that runs until the classmates who submit after it have their pages (within its wall limit)
    takes one lane; they are graded meanwhile on the other. It waits for a file the test writes into the data set's
    folder, which every sandbox sees read-only, once the classmates are done: so it provably runs all that time,
    where a fixed 25 s sleep only made it likely (and cost 25 s)."""
    import nbformat

    from autograder.dataset import PARTS
    from autograder.sandbox import DATA_MOUNT

    data = tmp_path / "data"  # the data set, in a folder of this test's own
    data.mkdir()
    for part in PARTS:
        shutil.copy(Path(os.environ["CATVNONCAT_DIR"]) / part.filename, data / part.filename)
    path = course.root / "assignments" / "catalogue.toml"
    path.write_text(path.read_text().replace("\nwall_seconds = 10 ", "\nwall_seconds = 60 ", 1))
    slow = demo.solved(course.root, course.assignment(ASSIGNMENT))
    slow.cells.append(nbformat.v4.new_code_cell(
        f"import os, time\nwhile not os.path.exists('{DATA_MOUNT}/go'):\n    time.sleep(0.1)"))
    served = Served(course.root, "--jobs", "2", env={"CATVNONCAT_DIR": str(data)})
    try:
        served.wait_ready()
        pages = {"slow": submit(course, "slow", slow)}
        wait_until(lambda: [row["state"] for row in queue_rows(course.root)] == ["grading"], "slow taken up",
                   log=served.log)
        pages.update({student: submit(course, student) for student in ("ann", "ben", "cy")})
        wait_until(lambda: all("feedback-summary" in released(course, pages[s]) for s in ("ann", "ben", "cy")),
                   "the classmates graded", log=served.log)
        assert {row["student"]: row["state"] for row in queue_rows(course.root)}["slow"] == "grading"
        (data / "go").touch()
        wait_until(lambda: graded(course, 4), "slow graded too", log=served.log)
    finally:
        served.stop()
    assert_graded_once(course, pages, dict.fromkeys(pages, 9.0))
