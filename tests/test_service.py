"""The grading service (`autograder serve`), in process, on a local exchange: each submission is graded
once, its feedback released where the student's Fetch Feedback finds it, the policy's rate limit answered
with the time to come back, and a restart resumes what was being graded."""

from __future__ import annotations

import time
from pathlib import Path

import nbformat
import pytest
from nbgrader.utils import notebook_hash

from autograder import catalogue, demo, reports
from autograder.course import Course
from autograder.pipeline import intake
from autograder.service import Queue, Service
from tests.conftest import copy_course, shorten_time_limits

ASSIGNMENT = "02_single_example_gd"


class Clock:
    def __init__(self):
        self.now = time.time()

    def __call__(self):
        return self.now


@pytest.fixture()
def served(tmp_path):
    root = copy_course(tmp_path / "course")
    shorten_time_limits(root)
    course = Course.load(root)
    course.release([ASSIGNMENT])
    clock = Clock()
    service = Service(course, jobs=1, clock=clock)
    yield course, service, clock
    for pool in service.pools.values():
        pool.close()


def submit(course: Course, student: str, nb=None) -> str:
    """A submission as the course's intake receives it (intake.receive); the feedback file it will get."""
    assignment = course.assignment(ASSIGNMENT)
    # The assignment handed out, as `nbgrader release_assignment` leaves it in the exchange.
    (intake.inbound_of(course).parent / "outbound" / ASSIGNMENT).mkdir(parents=True, exist_ok=True)
    content = nb if nb is not None else demo.solved(course.root, assignment)
    data = content if isinstance(content, bytes) else nbformat.writes(content).encode()
    entry = intake.receive(course, student, ASSIGNMENT, {assignment.notebook: data})
    secret = (entry / "submission_secret.txt").read_text()
    return notebook_hash(secret=secret, notebook_id=assignment.notebook_id) + ".html"


def released(course: Course, name: str) -> str:
    return (Path(course.config.Exchange.root) / course.course_id / "feedback" / name).read_text()


def drain(service: Service) -> None:
    service.scan()
    while service.step():
        service.scan()


def test_a_submission_is_graded_once_and_its_feedback_released(served):
    course, service, _ = served
    page = submit(course, "alice")
    drain(service)
    assert "Score: <b>9.0</b>" in released(course, page)
    drain(service)
    assert list(service.queue.states().values()) == ["graded"]
    row = reports.rows(course, ASSIGNMENT).row_of("alice")
    assert (row.score, row.status) == (9.0, "ok")


def test_before_the_due_date_the_policy_may_show_the_summary_only(served):
    course, _, _ = served
    path = course.root / catalogue.CATALOGUE
    path.write_text(path.read_text().replace('before_due = "notebook"', 'before_due = "summary"'))
    service = Service(Course.load(course.root), jobs=1)
    page = submit(course, "alice", demo.solved(course.root, course.assignment(ASSIGNMENT),
                                               {"sgd-update-code": "def update(params, grads, alpha):\n    return params\n"}))
    drain(service)
    for pool in service.pools.values():
        pool.close()
    text = released(course, page)
    assert "update" in text and "0.0 / 2.0" in text  # the exercise, its points and why
    assert "class=\"jp-Cell" not in text  # no notebook below the summary while the assignment is open


def test_a_second_submission_inside_the_window_is_told_when_to_come_back(served):
    course, service, clock = served
    submit(course, "alice")
    drain(service)
    clock.now += 60
    page = submit(course, "alice")
    drain(service)
    text = released(course, page)
    every = course.assignment(ASSIGNMENT).feedback.every_minutes
    assert f"one submission every {every:g} minutes: submit again after" in text
    assert sorted(service.queue.states().values()) == ["graded", "limited"]
    clock.now += every * 60
    page = submit(course, "alice")
    drain(service)
    assert "Score: <b>9.0</b>" in released(course, page)


def test_a_later_submission_replaces_a_waiting_one(served):
    course, service, _ = served
    first = submit(course, "bob", demo.solved(course.root, course.assignment(ASSIGNMENT),
                                              {"sgd-forward-code": "def forward(x1, x2, w1, w2, b):\n    return 0.5\n"}))
    page = submit(course, "bob")
    drain(service)
    assert sorted(service.queue.states().values()) == ["graded", "superseded"]
    assert "Score: <b>9.0</b>" in released(course, page)
    assert "A later submission of yours came before this one was graded" in released(course, first)


def test_a_submission_says_it_is_being_graded_until_its_feedback_is_ready(served):
    """A student who fetches feedback right after submitting finds a page saying where it stands."""
    course, service, _ = served
    page = submit(course, "erin")
    assert service.scan() == 1
    assert "Your submission was received and is being graded." in released(course, page)
    assert oct(Path(course.config.Exchange.root, course.course_id, "feedback", page).stat().st_mode & 0o777) == "0o644"
    assert not list(Path(course.config.Exchange.root, course.course_id, "feedback").glob("*.tmp"))
    assert service.step()
    assert "Score: <b>9.0</b>" in released(course, page)


def test_a_restarted_service_grades_what_was_being_graded_once(served, tmp_path):
    course, service, clock = served
    page = submit(course, "carol")
    service.scan()
    assert [e.student for e in service.queue.claim(clock(), limit=1)[0]] == ["carol"]  # then the service died
    restarted = Service(course, jobs=1, clock=clock)
    try:
        assert restarted.queue.resume() == 1
        drain(restarted)
        drain(restarted)
    finally:
        for pool in restarted.pools.values():
            pool.close()
    assert list(Queue(course.root / ".autograder" / "service.db").states().values()) == ["graded"]
    assert "Score: <b>9.0</b>" in released(course, page)


def test_a_broken_submission_gets_a_page_that_says_why(served):
    course, service, _ = served
    page = submit(course, "dave", b"{not a notebook")
    drain(service)
    text = released(course, page)
    assert "could not be graded" in text and "malformed" in text
    assert list(service.queue.states().values()) == ["graded"]


def test_an_exam_gets_no_feedback_on_submit(served):
    course, service, _ = served
    path = course.root / catalogue.CATALOGUE
    path.write_text(path.read_text().replace('[feedback]\nmode = "on-submit"', '[feedback]\nmode = "off"'))
    exam = Service(Course.load(course.root), jobs=1)
    submit(course, "erin")
    drain(exam)
    assert list(exam.queue.states().values()) == ["ignored"]


def test_after_the_due_date_feedback_shows_the_notebook_with_its_math(served):
    course, service, _ = served
    path = course.root / catalogue.CATALOGUE
    path.write_text(path.read_text().replace('due = "2026-12-11T23:59:00+00:00"', 'due = "2026-01-11T23:59:00+00:00"')
                    .replace('before_due = "notebook"', 'before_due = "summary"'))
    late = Service(Course.load(course.root), jobs=1)
    try:
        page = submit(course, "frank")
        drain(late)
    finally:
        for pool in late.pools.values():
            pool.close()
    text = released(course, page)
    assert "class=\"jp-Cell" in text and "<math" in text


def test_warm_starts_the_sandboxes_of_released_open_assignments_only(served):
    """Only 02 is in the gradebook (released) of this course copy: its sandboxes start before any submission,
    and they stay when idle; the other assignments wait until they are released."""
    course, service, clock = served
    assert service.warm() == [ASSIGNMENT]
    assert set(service.pools) == {ASSIGNMENT}
    clock.now += 3600
    service._close_idle_pools()
    assert set(service.pools) == {ASSIGNMENT}
