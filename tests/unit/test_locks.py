"""Per-student locks (autograder/locks.py): a report waits for a student another process is grading, including one
whose submission arrived while it waited."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from autograder.locks import StudentLocks

ASSIGNMENT = "02_single_example_gd"

# Another process, as a grading lane: grading alice; bob's submission copied in (under his lock) before alice is
# done, and graded after.
LANE = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from autograder.locks import StudentLocks
    root, listing = Path(sys.argv[1]), Path(sys.argv[2])
    locks = StudentLocks(root, "{assignment}")
    locks.acquire("alice")
    locks.acquire("bob")
    print("holding", flush=True)
    sys.stdin.readline()
    time.sleep(0.5)
    listing.write_text(listing.read_text() + "bob\\n")
    locks.release("alice")
    time.sleep(1.0)
    listing.write_text(listing.read_text() + "bob graded\\n")
    locks.release("bob")
    time.sleep(30)
""").format(assignment=ASSIGNMENT)


def test_a_student_who_arrives_while_the_report_waits_is_waited_for_too(tmp_path):
    listing = tmp_path / "listing"
    listing.write_text("alice\n")
    lane = subprocess.Popen([sys.executable, "-c", LANE, str(tmp_path), str(listing)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert lane.stdout.readline() == "holding\n"
        locks = StudentLocks(tmp_path, ASSIGNMENT)
        assert locks.try_all(["alice", "bob"]) == []  # the lane holds both
        lane.stdin.write("go\n")
        lane.stdin.flush()

        def students() -> list[str]:
            return [line for line in listing.read_text().splitlines() if " " not in line]

        with locks.all_present(students) as held:
            assert held == ["alice", "bob"]
            # bob was not listed when the wait began; he was waited for all the same
            assert "bob graded" in listing.read_text().splitlines()
            assert sorted(locks.held) == ["alice", "bob"]
        assert locks.held == {}
        assert locks.try_all(["alice", "bob"]) == ["alice", "bob"]  # released for the next process
        locks.release_all()
    finally:
        lane.kill()
        lane.wait()


def test_no_one_to_wait_for(tmp_path):
    locks = StudentLocks(tmp_path, ASSIGNMENT)
    with locks.all_present(list) as held:
        assert held == []


def test_a_students_lock_is_held_once_per_assignment_and_released_for_the_next(tmp_path):
    # flock locks belong to an open file: two StudentLocks in one process contend as two processes would.
    mine, theirs = StudentLocks(tmp_path, ASSIGNMENT), StudentLocks(tmp_path, ASSIGNMENT)
    other_assignment = StudentLocks(tmp_path, "03_m_example_loop")
    assert mine.try_all(["bob", "alice", "tim\u202e", "\udc80"]) == ["alice", "bob", "tim\u202e", "\udc80"]
    assert mine.acquire("alice", wait=False) is True  # held already: no second descriptor
    assert theirs.try_all(["alice", "carol"]) == ["carol"]
    assert other_assignment.try_all(["alice"]) == ["alice"]
    mine.release("alice")
    mine.release("nobody")
    assert theirs.try_all(["alice"]) == ["alice"]
    for locks in (mine, theirs, other_assignment):
        locks.release_all()
    assert (mine.held, theirs.held) == ({}, {})


def test_the_course_has_one_service_and_says_who_holds_it(tmp_path):
    from autograder.locks import CourseLock

    first, second = CourseLock(tmp_path), CourseLock(tmp_path)
    assert second.holder() == "unknown"
    assert first.try_acquire() is True
    assert second.try_acquire() is False
    assert second.holder() == f"pid {os.getpid()}"
    first.release()
    assert second.try_acquire() is True
    second.release()
