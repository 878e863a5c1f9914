"""The grading service (`autograder serve`), stepped by hand in process (one lane in the test's own process), on
a local exchange: each submission is graded once, with its own notebook, its page released where the student's
Fetch Feedback finds it; the policy's rate limit answered with the time to come back; a restart resumes what was
being graded; one bad entry is that entry's problem only; a failed grading is tried again and never starts a
rate-limit window. tests/test_service_faults.py kills, locks and starves a real `autograder serve`."""

from __future__ import annotations

import os
import re
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import nbformat
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autograder import catalogue, demo, reports
from autograder.course import Course
from autograder.service import inbound as inbound_module
from autograder.service import lane as lane_module
from autograder.service import loop
from autograder.service.loop import Service
from autograder.service.queue import Queue
from tests.conftest import course_copy
from tests.service_helpers import (
    ASSIGNMENT,
    WRONG_FORWARD,
    exchange,
    gradebook_score,
    journal,
    plant,
    queue_rows,
    released,
    submit,
)


class Clock:
    def __init__(self):
        self.now = time.time()

    def __call__(self):
        return self.now


@pytest.fixture(scope="module", autouse=True)
def warm_sandboxes():
    """The module's services share their warm sandboxes, one per set of limits, as the students of a lane share its
    own in the service: real bubblewrap sandboxes, started once for the module instead of once per test (about a
    second of CPU each). A service's close() leaves them running; they are stopped after the module."""
    from autograder import pool as pool_module

    real, kept = pool_module.LocalPool, {}

    class SharedPool:
        def __init__(self, size, limits, data_dir, sandboxed, booted=None):
            key = (size, limits, data_dir, sandboxed)
            if key not in kept:
                kept[key] = real(size, limits, data_dir, sandboxed, booted)
            self.pool = kept[key]
            self.size, self.limiter = self.pool.size, self.pool.limiter

        def submit(self, job, key=None):
            return self.pool.submit(job, key)

        def close(self):
            pass

    patch = pytest.MonkeyPatch()
    patch.setattr(pool_module, "LocalPool", SharedPool)
    try:
        yield
    finally:
        patch.undo()
        for pool in kept.values():
            pool.close()


@pytest.fixture(scope="module")
def released_course(template, tmp_path_factory):
    return course_copy(template, tmp_path_factory.mktemp("service") / "course")


# The service's tests run while ASSIGNMENT is open, whatever day they run: its due date (in the course as
# released) moved to a week from now.
DUE = 'due = "2026-12-11T23:59:00+00:00"'
OPEN_UNTIL = f'due = "{(datetime.now(UTC) + timedelta(days=7)).isoformat(timespec="seconds")}"'


def open_copy(released_course: Path, tmp_path: Path) -> Course:
    """A fresh copy of the released course (gradebook included), ASSIGNMENT open for a week more."""
    import shutil

    root = tmp_path / "course"
    shutil.copytree(released_course, root)
    path = root / catalogue.CATALOGUE
    text = path.read_text()
    assert DUE in text
    path.write_text(text.replace(DUE, OPEN_UNTIL))
    return Course.load(root)


@pytest.fixture()
def served(released_course, tmp_path):
    """A fresh copy of the released course (gradebook included) and a service with one lane in this process."""
    course = open_copy(released_course, tmp_path)
    clock = Clock()
    service = Service(course, jobs=1, clock=clock, inline=True)
    yield course, service, clock
    service.close()


def drain(service: Service) -> None:
    while service.step():
        pass


def states(service: Service) -> list[str]:
    return sorted(service.queue.states().values())


def test_a_submission_is_graded_once_and_its_feedback_released(served):
    course, service, _ = served
    page = submit(course, "alice")
    drain(service)
    assert "Score: <b>9.0</b>" in released(course, page)
    drain(service)
    assert states(service) == ["graded"]
    [row] = queue_rows(course.root)
    assert [step for _, step in journal(course.root)] == ["taken", "copied", "answered", "recorded", "paged"]
    assert (row["note"], row["counted"], row["folder"]) == ("ok", 1, str(exchange(course) / "inbound" / row["name"]))
    row = reports.rows(course, ASSIGNMENT).row_of("alice")
    assert (row.score, row.status, row.pending_points) == (9.0, "ok", 3.0)  # the written answer waits for a person


def test_the_feedback_page_is_small(served):
    """The page carries its own few kilobytes of style, not JupyterLab's 240 KB stylesheet."""
    course, service, _ = served
    page = submit(course, "alice")
    drain(service)
    text = released(course, page)
    assert "Score: <b>9.0</b>" in text and "jp-Cell" in text
    style = sum(len(block) for block in re.findall(r"<style.*?</style>", text, re.S))
    assert 0 < style < 20_000  # the rest of the page (about 120 KB for 02) is the notebook's own text and math
    assert "--jp-layout-color0" not in text  # JupyterLab's theme is not on the page


def test_before_the_due_date_the_policy_may_show_the_summary_only(served):
    course, _, _ = served
    path = course.root / catalogue.CATALOGUE
    path.write_text(path.read_text().replace('before_due = "notebook"', 'before_due = "summary"'))
    service = Service(Course.load(course.root), jobs=1, inline=True)
    try:
        update = "def update(params, grads, alpha):\n    return params\n"
        page = submit(course, "alice", demo.solved(course.root, course.assignment(ASSIGNMENT),
                                                   {"sgd-update-code": update}))
        drain(service)
    finally:
        service.close()
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
    assert states(service) == ["graded", "limited"]
    clock.now += every * 60
    page = submit(course, "alice")
    drain(service)
    assert "Score: <b>9.0</b>" in released(course, page)


def test_a_later_submission_replaces_a_waiting_one(served):
    course, service, _ = served
    first = submit(course, "bob", demo.solved(course.root, course.assignment(ASSIGNMENT), WRONG_FORWARD))
    page = submit(course, "bob")
    drain(service)
    assert states(service) == ["graded", "superseded"]
    assert "Score: <b>9.0</b>" in released(course, page)
    assert "A later submission of yours came before this one was graded" in released(course, first)


def test_a_submission_says_it_is_being_graded_until_its_feedback_is_ready(served):
    """A student who fetches feedback right after submitting finds a page saying where it stands."""
    course, service, _ = served
    page = submit(course, "erin")
    assert service.scan() == 1
    assert "Your submission was received and is being graded." in released(course, page)
    assert oct((exchange(course) / "feedback" / page).stat().st_mode & 0o777) == "0o644"
    assert not list((exchange(course) / "feedback").glob("*.tmp"))
    drain(service)
    assert "Score: <b>9.0</b>" in released(course, page)


def test_a_restarted_service_grades_what_was_being_graded_once(served):
    course, service, clock = served
    page = submit(course, "carol")
    service.scan()
    [row] = service.queue.waiting(clock())
    service.queue.take(row.name, clock())  # then the service died
    service.close()
    restarted = Service(course, jobs=1, clock=clock, inline=True)
    try:
        assert restarted.resume() == 1
        drain(restarted)
        drain(restarted)
    finally:
        restarted.close()
    assert list(Queue(course.root / ".autograder" / "service.db").states().values()) == ["graded"]
    assert "Score: <b>9.0</b>" in released(course, page)


def test_the_submission_taken_is_the_one_graded_even_if_another_comes_before_it_is_copied(served, monkeypatch):
    """The resubmission race: bob's second submission arrives after the service chose his first and before it
    copied it. The first is graded, with its own notebook (7 of the 9 points graded automatically), and its page
    says so; the second is only taken in (inside his rate-limit window), and its page says when to come back."""
    course, service, _ = served
    first = submit(course, "bob", demo.solved(course.root, course.assignment(ASSIGNMENT), WRONG_FORWARD))
    second = []
    copy = lane_module.Lane.copy

    def resubmitted_first(self, course_, assignment_id, item):
        if not second:
            second.append(submit(course, "bob"))  # a correct notebook, 9 of 9
        return copy(self, course_, assignment_id, item)

    monkeypatch.setattr(lane_module.Lane, "copy", resubmitted_first)
    drain(service)
    assert "Score: <b>7.0</b>" in released(course, first)
    assert gradebook_score(course, "bob") == 7.0
    assert "submit again after" in released(course, second[0])
    assert [row["state"] for row in queue_rows(course.root)] == ["graded", "limited"]


def test_a_broken_submission_gets_a_page_that_says_why(served):
    course, service, _ = served
    page = submit(course, "dave", b"{not a notebook")
    drain(service)
    text = released(course, page)
    assert "could not be graded" in text and "malformed" in text
    [row] = queue_rows(course.root)
    assert (row["state"], row["note"], row["counted"]) == ("graded", "malformed", 0)


def test_an_exam_gets_no_feedback_on_submit(served):
    course, _, _ = served
    path = course.root / catalogue.CATALOGUE
    path.write_text(path.read_text().replace('[feedback]\nmode = "on-submit"', '[feedback]\nmode = "off"'))
    exam = Service(Course.load(course.root), jobs=1, inline=True)
    try:
        submit(course, "erin")
        drain(exam)
        assert list(exam.queue.states().values()) == ["ignored"]
    finally:
        exam.close()


def test_after_the_due_date_feedback_shows_the_notebook_with_its_math(served):
    course, _, _ = served
    path = course.root / catalogue.CATALOGUE
    path.write_text(path.read_text().replace(OPEN_UNTIL, 'due = "2026-01-11T23:59:00+00:00"')
                    .replace('before_due = "notebook"', 'before_due = "summary"'))
    late = Service(Course.load(course.root), jobs=1, inline=True)
    try:
        page = submit(course, "frank")
        drain(late)
    finally:
        late.close()
    text = released(course, page)
    assert "class=\"jp-Cell" in text and "<math" in text


def test_sandboxes_are_kept_warm_only_for_assignments_released_to_students(served):
    """02 is in the gradebook, but until `nbgrader release_assignment` puts it in the exchange no student can
    submit it: no sandbox for it. Once it is there, the lane keeps one warm, idle or not."""
    course, service, _ = served
    [lane] = service.lanes
    assert service.warm() == [] and lane.lane.pools == {}
    (exchange(course) / "outbound" / ASSIGNMENT).mkdir(parents=True)
    assert service.warm() == [ASSIGNMENT]
    assert set(lane.lane.pools) == {ASSIGNMENT}
    lane.lane.used[ASSIGNMENT] -= 3600
    service.warm()
    assert set(lane.lane.pools) == {ASSIGNMENT}


def test_a_due_date_is_the_moment_its_offset_names(served):
    """The service takes submissions while the due date is ahead of its clock (UTC): half an hour ago written in
    China's time (its wall clock eight hours ahead of UTC's) is past; half an hour ahead written in New York's (five
    hours behind) is ahead. A due date without an offset is refused, with the assignment's name, when the course is
    read: it never reaches a comparison (it used to raise TypeError in the service's loop)."""
    course, _, _ = served
    (exchange(course) / "outbound" / ASSIGNMENT).mkdir(parents=True)
    path = course.root / catalogue.CATALOGUE
    text, now = path.read_text(), datetime.now(UTC)
    written = OPEN_UNTIL
    assert written in text
    china, new_york = timezone(timedelta(hours=8)), timezone(timedelta(hours=-5))
    for step, (due, taken) in enumerate([((now - timedelta(minutes=30)).astimezone(china), []),
                                         ((now + timedelta(minutes=30)).astimezone(new_york), [ASSIGNMENT])]):
        path.write_text(text.replace(written, f'due = "{due.isoformat(timespec="seconds")}"'))
        os.utime(path, ns=(time.time_ns(), time.time_ns() + step + 1))  # a new stamp however fast the writes come
        service = Service(Course.load(course.root), jobs=1, inline=True)
        try:
            assert service.open_assignments() == taken
        finally:
            service.close()
    path.write_text(text.replace(written, 'due = "2026-12-11T23:59:00"'))
    with pytest.raises(catalogue.CatalogueError, match=f"assignment '{ASSIGNMENT}' is incomplete: due = "
                                                       "'2026-12-11T23:59:00' has no UTC offset"):
        Course.load(course.root)


# --- one entry, one outcome --------------------------------------------------------------------------------

def test_one_bad_entry_is_its_own_problem_only(served, caplog):
    """Among honest submissions, through the course's intake: a renamed notebook, and a notebook whose exception
    message holds a lone surrogate. Beside them, entries the intake never wrote: a link, a file, students named
    `..` and `*`, a name that is not UTF-8, a name with terminal escapes, a folder without a receipt, and a
    received entry whose notebook was changed afterwards. Each honest student gets the 9 points graded
    automatically; the renamed notebook a page that says what to fix; each entry the intake did not write (or not
    as it is) is ignored with its reason in the log (no student can be told); the service goes on."""
    course, service, _ = served
    inbound = exchange(course) / "inbound"
    honest = {student: submit(course, student) for student in ("ann", "ben")}
    renamed = submit(course, "cy", notebook="single_example_gd-Copy1.ipynb")
    surrogate = submit(course, "gus", demo.solved(course.root, course.assignment(ASSIGNMENT), {
        "sgd-forward-code": "def forward(x1, x2, w1, w2, b):\n    raise ValueError('\\udcff')\n"}))
    changed = submit(course, "hal")
    [hal] = inbound.glob("hal+*")
    (hal / "single_example_gd.ipynb").write_text(nbformat.writes(demo.solved(course.root, course.assignment(ASSIGNMENT),
                                                                             WRONG_FORWARD)))
    stamp = "2026-12-01 10:00:00.000000 UTC"
    _, planted = plant(course, f"di+{ASSIGNMENT}+{stamp}+p")
    for odd in (f"..+{ASSIGNMENT}+{stamp}+x", f"*+{ASSIGNMENT}+{stamp}+x", f"\x1b[31mred+{ASSIGNMENT}+{stamp}+x"):
        plant(course, odd)
    os.mkdir(os.path.join(os.fsencode(inbound), b"\xff\xfe+" + f"{ASSIGNMENT}+{stamp}+x".encode()))
    (inbound / f"link+{ASSIGNMENT}+{stamp}+x").symlink_to(course.root / "source")
    (inbound / f"file+{ASSIGNMENT}+{stamp}+x").write_text("not a folder")
    drain(service)

    for page in honest.values():
        assert "Score: <b>9.0</b>" in released(course, page)
    assert "Score: <b>7.0</b>" in released(course, surrogate)  # only forward's 2 points lost
    assert "single_example_gd-Copy1.ipynb" in released(course, renamed)
    assert "was the notebook renamed or copied?" in released(course, renamed)
    assert released(course, changed) == released(course, planted) == ""
    rows = {row["student"]: row["state"] for row in queue_rows(course.root)}
    assert rows == {"ann": "graded", "ben": "graded", "gus": "graded", "cy": "refused"}
    ignored = [r.getMessage() for r in caplog.records if "ignored" in r.getMessage()]
    assert len(ignored) == 8, ignored
    assert sum("not received by the course's intake" in line for line in ignored) == 2, ignored
    assert all("\x1b" not in line and "\udcff" not in line for line in ignored)
    assert not (course.root / ASSIGNMENT).exists()  # nothing written through a student named `..`
    assert not (course.root / "submitted" / "*").exists()
    assert not (course.root / "submitted" / "hal").exists() and not (course.root / "submitted" / "di").exists()


def test_behind_the_receipt_a_notebook_that_is_not_a_plain_file_gets_a_page(served):
    """The service's own checks of what an entry holds, behind the receipt check (which no such entry passes: the
    intake writes plain files of a bounded size, and a change after it voids the receipt): with a service that
    admits every entry, a notebook that is a pipe, a link, or over 100 MB is refused with a page that says what
    to fix, and an honest submission beside them is graded."""
    course, _, _ = served
    service = Service(course, jobs=1, inline=True, admit=lambda folder: None)
    try:
        honest = submit(course, "ann")
        stamp = "2026-12-01 10:00:00.000000 UTC"
        folder, piped = plant(course, f"di+{ASSIGNMENT}+{stamp}+p")
        (folder / "single_example_gd.ipynb").unlink()
        os.mkfifo(folder / "single_example_gd.ipynb")
        folder, linked = plant(course, f"ed+{ASSIGNMENT}+{stamp}+l")
        (folder / "single_example_gd.ipynb").unlink()
        (folder / "single_example_gd.ipynb").symlink_to(course.root / "source" / ASSIGNMENT / "single_example_gd.ipynb")
        folder, huge = plant(course, f"flo+{ASSIGNMENT}+{stamp}+h")
        with open(folder / "single_example_gd.ipynb", "r+b") as notebook:
            notebook.truncate(120 << 20)  # sparse: 120 MB that take no room
        drain(service)
    finally:
        service.close()
    assert "Score: <b>9.0</b>" in released(course, honest)
    assert "is a pipe, not the notebook itself" in released(course, piped)
    assert "is a symbolic link, not the notebook itself" in released(course, linked)
    assert "more than the 100 MB a notebook may be" in released(course, huge)
    rows = {row["student"]: row["state"] for row in queue_rows(course.root)}
    assert rows == {"ann": "graded", "di": "refused", "ed": "refused", "flo": "refused"}


def test_scanning_looks_only_at_new_entries(served, monkeypatch):
    """2,000 old entries in the exchange: once seen, a poll looks at none of them again, only at what is new."""
    course, service, _ = served
    inbound = exchange(course) / "inbound"
    inbound.mkdir(parents=True)
    for number in range(2000):
        (inbound / f"stale{number}").mkdir()
    looked = []
    look = inbound_module.Inbound._look
    monkeypatch.setattr(inbound_module.Inbound, "_look",
                        lambda self, raw, now: looked.append(raw) or look(self, raw, now))
    service.scan()
    assert len(looked) == 2000
    looked.clear()
    service.scan()
    submit(course, "alice")
    service.scan()
    assert [os.fsdecode(raw).split("+")[0] for raw in looked] == ["alice"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(st.binary(min_size=1, max_size=120).filter(lambda n: b"/" not in n and b"\0" not in n
                                                                   and n not in (b".", b"..")), max_size=8))
def test_any_inbound_name_is_taken_in_or_ignored_never_fatal(served, names):
    """Whatever bytes name an entry (and whatever it holds), scan() goes on: each entry is queued, refused or
    ignored, nothing is written outside the exchange's folders, and the log shows names escaped."""
    course, service, _ = served
    inbound = os.fsencode(exchange(course) / "inbound")
    os.makedirs(inbound, exist_ok=True)
    for name in names:
        path = os.path.join(inbound, name)
        if not os.path.lexists(path):
            os.mkdir(path)
            with open(os.path.join(path, b"submission_secret.txt"), "w") as secret:
                secret.write("s" * 32)
    before = sorted(os.listdir(course.root))
    service.inbound.unsettled.clear()
    service.scan()
    assert sorted(os.listdir(course.root)) == before
    assert set(os.listdir(inbound)) <= service.inbound.known
    for row in queue_rows(course.root):
        assert row["state"] in ("queued", "refused", "ignored") and row["name"].isprintable()


# --- failures ----------------------------------------------------------------------------------------------

def test_a_failed_grading_is_tried_again_and_starts_no_window(served, monkeypatch):
    """The grader fails on alice's submission twice (its copy fails): her page says it is tried again, and it
    is, later; the failures do not count against her rate limit, so a resubmission right after is graded."""
    course, service, clock = served
    failures = []
    copy = lane_module.Lane.copy

    def failing(self, course_, assignment_id, item):
        if len(failures) < 2:
            failures.append(item.name)
            raise OSError("the exchange could not be read")
        return copy(self, course_, assignment_id, item)

    monkeypatch.setattr(lane_module.Lane, "copy", failing)
    page = submit(course, "alice")
    drain(service)
    assert "It is tried again in a few minutes" in released(course, page)
    assert states(service) == ["queued"]
    for wait in loop.RETRY_SECONDS[:2]:
        clock.now += wait
        drain(service)
    assert "Score: <b>9.0</b>" in released(course, page)
    [row] = queue_rows(course.root)
    assert (row["state"], row["attempts"], len(failures)) == ("graded", 2, 2)
    assert [step for _, step in journal(course.root)].count("recorded") == 1


def test_a_grading_that_ends_in_the_graders_own_error_is_tried_again_with_its_reason(served, monkeypatch):
    """The grade is recorded with status `error` (a fault of the grader's environment): the submission goes back to
    the queue with the reason in words (the reasons are Messages: joining them as text raised TypeError)."""
    from autograder.i18n import say
    from autograder.judge.status import Outcome

    course, service, _ = served
    outcome = Course.outcome

    def failed(self, student, assignment_id):
        found = outcome(self, student, assignment_id)
        if student == "alice":
            found = Outcome(student, "error", [say("outcome.grader_failed", error="the disk went away")])
        return found

    monkeypatch.setattr(Course, "outcome", failed)
    page = submit(course, "alice")
    drain(service)
    assert "It is tried again in a few minutes" in released(course, page)
    [row] = queue_rows(course.root)
    assert (row["state"], row["attempts"], row["note"]) == (
        "queued", 1, "the grader failed on this submission (the disk went away); your files are kept; the instructor "
                     "has been told")


def test_a_submission_that_keeps_failing_ends_failed_with_a_page_that_says_so(served, monkeypatch):
    course, service, clock = served

    def failing(self, course_, assignment_id, item):
        raise OSError("the exchange could not be read")

    monkeypatch.setattr(lane_module.Lane, "copy", failing)
    page = submit(course, "alice")
    drain(service)
    for wait in loop.RETRY_SECONDS + (loop.RETRY_SECONDS[-1],) * loop.MAX_ATTEMPTS:
        clock.now += wait
        drain(service)
    [row] = queue_rows(course.root)
    assert (row["state"], row["attempts"]) == ("failed", loop.MAX_ATTEMPTS - 1)
    text = released(course, page)
    assert "Your submission could not be graded: OSError: the exchange could not be read" in text
    monkeypatch.undo()
    clock.now += 1
    again = submit(course, "alice")  # a failure started no window: graded at once
    drain(service)
    assert "Score: <b>9.0</b>" in released(course, again)


def test_students_served_least_go_first(served):
    """Among waiting submissions, whoever was served least in the last hour goes first, then the oldest."""
    course, service, clock = served
    for number in range(3):
        submit(course, f"flood{number}")
    service.scan()
    for row in service.queue.waiting(clock()):  # flood's three earlier submissions, all served
        service.queue.take(row.name, clock())
        service.queue.finish(row.name, "graded", clock())
    service.queue.db.execute("UPDATE entry SET student = 'flood'")
    clock.now += 1
    submit(course, "flood")
    submit(course, "alice")
    service.scan()
    assert [row.student for row in service._choose(clock())] == ["alice", "flood"]


# --- the feedback page ---------------------------------------------------------------------------------------

def test_the_feedback_page_reads_at_phone_and_laptop_widths(served, tmp_path):
    """Its own small stylesheet keeps the page's look: nothing wider than the screen on a phone or a laptop, the
    summary first, code on its grey ground, the math drawn."""
    from playwright.sync_api import sync_playwright

    from tests.hub_helpers import CHROMIUM_ARGS

    course, service, _ = served
    page_name = submit(course, "alice", demo.solved(course.root, course.assignment(ASSIGNMENT), WRONG_FORWARD))
    drain(service)
    path = tmp_path / "page.html"
    path.write_text(released(course, page_name))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        try:
            for width in (375, 1280):
                view = browser.new_page(viewport={"width": width, "height": 900})
                view.goto(path.as_uri())
                assert view.evaluate("document.scrollingElement.scrollWidth") <= width
                assert view.locator(".feedback-summary").bounding_box()["y"] < 100
                assert view.locator("tr.lost td.points").inner_text() == "0.0 / 2.0"
                code = view.locator(".jp-InputArea-editor").first
                assert code.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(245, 245, 245)"
                assert view.locator("math").count() > 0
                view.screenshot(path=str(tmp_path / f"feedback-{width}.png"))
                view.close()
        finally:
            browser.close()


def test_an_entry_the_service_may_not_take_is_ignored_with_its_reason(released_course, tmp_path, caplog):
    """`admit` (the authenticated exchange's receipt check) refuses an entry: it is ignored, with its reason in
    the log, and never queued."""
    course = open_copy(released_course, tmp_path)
    service = Service(course, jobs=1, inline=True, admit=lambda folder: "no valid receipt")
    try:
        submit(course, "alice")
        assert service.scan() == 0
        assert queue_rows(course.root) == []
        assert any("ignored: no valid receipt" in record.getMessage() for record in caplog.records)
    finally:
        service.close()


def test_the_intake_wakes_the_loop_at_once(served):
    """A submission handed in through the intake (from another thread) ends the loop's wait for the next poll."""
    import threading

    _, service, _ = served
    threading.Timer(0.2, service.wake.set).start()
    started = time.monotonic()
    service.collect(timeout=30)
    assert time.monotonic() - started < 10
