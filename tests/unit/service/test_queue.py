"""The grading service's queue (`.autograder/service.db`) on its own: a submission recorded once, taken, stepped,
retried and finished, each step journaled; the fair order's and the rate limit's counts; a queue written by an
earlier version read as it is."""

from __future__ import annotations

import sqlite3

import pytest

from autograder.service.queue import Queue, Row


@pytest.fixture
def queue(tmp_path):
    opened = Queue(tmp_path / ".autograder" / "service.db")
    yield opened
    opened.close()


def test_a_submission_is_recorded_the_first_time_it_is_seen_only(queue):
    assert queue.see("n1", "alice", "A", "inbound/n1", "queued", 10.0, page="p1.html") is True
    assert queue.see("n1", "alice", "A", "inbound/other", "ignored", 11.0) is False
    assert queue.see("n2", "bob", "A", "inbound/n2", "ignored", 12.0, note="not a receipt") is True
    assert queue.states() == {"n1": "queued", "n2": "ignored"}
    assert queue.names() == {"n1", "n2"}
    assert queue.rows("queued") == [Row("n1", "alice", "A", "queued", 10.0, "inbound/n1", None, 0, "p1.html")]


def test_grading_goes_step_by_step_and_each_step_is_journaled(queue):
    queue.see("n1", "alice", "A", "f", "queued", 10.0)
    queue.take("n1", 20.0)
    queue.step("n1", "copied", 21.0)
    queue.step("n1", "answered", 22.0)
    assert [(row.state, row.step) for row in queue.rows("grading")] == [("grading", "answered")]
    queue.finish("n1", "graded", 30.0, counted=True)
    assert queue.journal("n1") == ["taken", "copied", "answered"]
    assert (queue.states(), queue.rows("grading")) == ({"n1": "graded"}, [])


def test_a_step_of_a_submission_no_longer_being_graded_changes_nothing_but_the_journal(queue):
    queue.see("n1", "alice", "A", "f", "queued", 10.0)
    queue.take("n1", 20.0)
    queue.finish("n1", "superseded", 25.0)
    queue.step("n1", "recorded", 26.0)
    assert [row.step for row in queue.rows("superseded")] == ["taken"]
    assert queue.journal("n1") == ["taken", "recorded"]


def test_a_retried_submission_waits_for_its_time_and_keeps_the_step_it_reached(queue):
    queue.see("n1", "alice", "A", "f", "queued", 10.0)
    queue.see("n2", "bob", "A", "f", "queued", 11.0)
    queue.take("n1", 20.0)
    queue.step("n1", "copied", 21.0)
    queue.retry("n1", 50.0, "the gradebook is locked")
    queue.retry("n2", 40.0, "no space", count=False)  # a wait is not an attempt that failed
    assert [row.name for row in queue.waiting(30.0)] == []
    assert [row.name for row in queue.waiting(45.0)] == ["n2"]
    assert [(row.name, row.attempts) for row in queue.waiting(50.0)] == [("n1", 1), ("n2", 0)]
    assert queue.next_retry() == 40.0
    queue.take("n1", 51.0)
    assert [row.step for row in queue.rows("grading")] == ["copied"]


def test_only_graded_submissions_that_counted_start_a_rate_limit_window(queue):
    for name, seen, state, counted in (("a1", 1.0, "graded", True), ("a2", 2.0, "graded", False),
                                       ("a3", 3.0, "failed", True)):
        queue.see(name, "alice", "A", "f", "queued", seen)
        queue.take(name, seen + 1)
        queue.finish(name, state, seen + 2, counted=counted)
    assert (queue.last_graded("alice", "A"), queue.last_graded("alice", "B"), queue.last_graded("bob", "A")) == \
        (1.0, None, None)
    assert queue.next_retry() is None


def test_the_fair_order_counts_what_each_student_had_taken_up_since(queue):
    for name, student, started in (("a1", "alice", 5.0), ("a2", "alice", 15.0), ("a3", "alice", 16.0),
                                   ("b1", "bob", 17.0)):
        queue.see(name, student, "A", "f", "queued", 1.0)
        queue.take(name, started)
    assert queue.served_since(10.0) == {"alice": 2, "bob": 1}
    assert queue.served_since(100.0) == {}


def test_a_note_is_kept_to_its_first_thousand_characters(queue):
    queue.see("n1", "alice", "A", "f", "queued", 1.0)
    queue.finish("n1", "failed", 2.0, note="x" * 5000)
    assert len(queue.db.execute("SELECT note FROM entry").fetchone()[0]) == 1000


def test_a_queue_written_by_an_earlier_version_gets_the_new_columns(tmp_path):
    path = tmp_path / "service.db"
    old = sqlite3.connect(path)
    old.execute("CREATE TABLE entry (name TEXT PRIMARY KEY, student TEXT, assignment TEXT, state TEXT, seen REAL, "
                "started REAL, done REAL, note TEXT, folder TEXT)")
    old.execute("INSERT INTO entry (name, student, assignment, state, seen, folder) "
                "VALUES ('n1', 'alice', 'A', 'queued', 1.0, 'f')")
    old.commit()
    old.close()
    queue = Queue(path)
    assert queue.waiting(2.0) == [Row("n1", "alice", "A", "queued", 1.0, "f", None, 0, None)]
    queue.take("n1", 3.0)
    assert queue.journal("n1") == ["taken"]
    queue.close()
