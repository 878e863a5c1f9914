"""End to end on a real course hub: deploy/hub started on 127.0.0.1 in a copy of the course, driven by Chromium.

alice, bob, carol, eve and li take the course lrnn, oscar takes only a small second course (demo), and the instructor
grades lrnn. The tests run in file order and share one hub: alice submits, the instructor grades and returns
feedback, alice reads her score, oscar tries to reach what is not his, eve, with a terminal in her own server,
tries every way to make a submission count for bob, and li works through an assignment in Chinese (on this hub rather
than one of her own: a hub costs a minute to start).
"""

import contextlib
import csv
import hashlib
import io
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import nbformat
import pytest

from autograder import translation
from tests import translations
from tests.conftest import copy_course
from tests.hub_helpers import CHROMIUM_ARGS, Reaped, free_port, non_loopback_listeners, processes_in

pytestmark = pytest.mark.hub

REPO = Path(__file__).resolve().parent.parent
HUB = REPO / "deploy" / "hub"
ARTIFACTS = REPO / "tests" / "artifacts"
# The assignment that trains on the data set: carol's submission of it, graded by the grading service, is what shows
# that the hub's sandbox reaches the data set (HDF5 files outside the course directory). Each run of it costs
# seconds of CPU (a minute, validated in a student's own kernel).
ASSIGNMENT = "05_cat_classifier"
NOTEBOOK = "cat_classifier.ipynb"
# The assignment of every other flow (alice's, the instructor's, the attacks on bob's submissions, li's): graded in a
# second. None of their claims depends on which assignment it is.
SHORT = "02_single_example_gd"
SHORT_NOTEBOOK = "single_example_gd.ipynb"
PASSWORD = "course-hub-test"
# The student whom the course roster lists as reading 简体中文.
CHINESE = "li"
TIMEOUT_MS = 120_000


def write_demo_course(root):
    """A second course with one released notebook, so that oscar has a course of his own."""
    (root / "release" / "hello").mkdir(parents=True)
    (root / "nbgrader_config.py").write_text('c = get_config()\nc.CourseDirectory.course_id = "demo"\n')
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("Hello from the demo course.")])
    nbformat.write(notebook, root / "release" / "hello" / "hello.ipynb")


@pytest.fixture(scope="module")
def course():
    """A copy of the course directory, as an admin would deploy it, beside the demo course and a course list.

    Not in pytest's own temporary folders: another pytest run on the machine may prune those mid-test."""
    for released in (REPO / "release" / SHORT / SHORT_NOTEBOOK, REPO / "release" / ASSIGNMENT / NOTEBOOK):
        if not released.exists():
            pytest.fail(f"{released.relative_to(REPO)} is missing: generate it with nbgrader first")
    top = Path(tempfile.mkdtemp(prefix="lrnn-hub-"))
    top.chmod(0o711)  # other accounts may pass through (to show that inbound itself keeps them out), not look in
    root = top / "lrnn"
    copy_course(root)
    translations.set_roster(root, [CHINESE])
    # Submissions up to 5 MB (nbgrader's CourseDirectory.max_dir_size, in kB), so that an upload past the limit
    # stays small.
    with open(root / "nbgrader_config.py", "a") as config:
        config.write("\nc.CourseDirectory.max_dir_size = 5000\n")
    write_demo_course(top / "demo")
    ports = {name: free_port() for name in ("public", "hub", "proxy_api", "lrnn", "demo")}
    (top / "courses.toml").write_text(f"""
admins = []
[[course]]
root = "lrnn"
grader_port = {ports["lrnn"]}
# One submission at a time is all these tests hand in: a second grading process would only boot sandboxes (the data
# set's included) that nothing uses, on a machine that runs the students' kernels and the browser too.
grading_jobs = 1
instructors = ["instructor"]
tas = ["ta"]
students = ["alice", "bob", "carol", "eve", "{CHINESE}"]
[[course]]
root = "demo"
grader_port = {ports["demo"]}
students = ["oscar"]
""")
    yield {"top": top, "root": root, "demo": top / "demo", "ports": ports}
    shutil.rmtree(top)


class Hub:
    def __init__(self, course):
        ports = course["ports"]
        self.url = f"http://127.0.0.1:{ports['public']}"
        self.root = course["root"]
        self.state = course["top"] / "state"
        self.env = {
            **os.environ,
            "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", os.defpath)]),
            "COURSEHUB_AUTH": "dummy",
            "COURSEHUB_DUMMY_PASSWORD": PASSWORD,
            "COURSEHUB_COURSES": str(course["top"] / "courses.toml"),
            "COURSEHUB_STATE": str(self.state),
            "COURSEHUB_BIND_URL": self.url + "/",
            "COURSEHUB_HUB_PORT": str(ports["hub"]),
            "COURSEHUB_PROXY_API_PORT": str(ports["proxy_api"]),
            "COURSEHUB_INTAKE_PORT": str(free_port()),
            "CATVNONCAT_DIR": os.environ.get("CATVNONCAT_DIR", str(REPO / "data")),
        }
        self.log = course["top"] / "hub.log"
        self.process = None

    def start(self):
        self.process = Reaped([sys.executable, str(HUB / "start")], self.log, env=self.env,
                              cwd=self.state.parent)
        # The hub answers once its proxy and every service with a URL are up, started one after another (on a
        # loaded machine, a minute or more).
        self.wait_for("/hub/health", lambda status: status == 200, timeout=300)
        for service in ("lrnn", "demo"):
            self.wait_for(f"/services/{service}/api/status", lambda status: status not in (404, 502, 503))
        # The grading service's intake, where students' servers submit.
        self.wait_for("/services/lrnn-grading/", lambda status: status == 200)

    def wait_for(self, path, ready, timeout=90):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.proc.poll() is not None:
                raise RuntimeError(f"the hub stopped:\n{self.log.read_text()[-3000:]}")
            try:
                status = urllib.request.urlopen(self.url + path, timeout=5).status
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError:
                status = None
            if status is not None and ready(status):
                return
            time.sleep(0.5)
        raise TimeoutError(f"{path} not ready:\n{self.log.read_text()[-3000:]}")

    @contextlib.contextmanager
    def running(self, log_name):
        """The hub started and, after the block, stopped with every process it began; its log is kept in
        tests/artifacts/ (the temporary course goes, the log stays for whoever reads a failed run)."""
        try:
            self.start()
            yield self
        finally:
            if self.process:
                self.process.stop()
                ARTIFACTS.mkdir(exist_ok=True)
                shutil.copy(self.log, ARTIFACTS / log_name)
                assert processes_in(self.state.parent) == []

    def grader(self, *command, course_id="lrnn"):
        """The admin command, `deploy/hub/grader --course ID COMMAND...`, which must succeed."""
        result = subprocess.run([sys.executable, str(HUB / "grader"), "--course", course_id, *command],
                                env=self.env, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}"
        return result


@pytest.fixture(scope="module")
def hub(course):
    with Hub(course).running("hub.log") as hub:
        # What the instructor does in the grader service's terminal: register the assignment in the gradebook
        # (a fresh deployment has none), then hand it out.
        hub.grader("autograder", "release", SHORT)
        hub.grader("nbgrader", "release_assignment", SHORT)
        hub.grader("nbgrader", "release_assignment", "hello", course_id="demo")
        yield hub


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def log_in(browser, hub, user, next_path=None):
    """A browser session of `user`, logged in through the hub's login form."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(hub.url + (next_path or "/hub/login"))
    page.fill("#username_input", user)
    page.fill("#password_input", PASSWORD)
    page.click("#login_submit")
    return context, page


def open_lab(browser, hub, user):
    context, page = log_in(browser, hub, user)
    page.wait_for_url(f"**/user/{user}/lab**")
    page.wait_for_selector("text=Nbgrader")
    return context, page


def xsrf(context, url):
    """Jupyter refuses cookie-authenticated writes without the _xsrf cookie echoed in a header."""
    cookies = {cookie["name"]: cookie["value"] for cookie in context.cookies(url)}
    return {"X-XSRFToken": cookies["_xsrf"]}


def open_assignment_list(page):
    page.get_by_role("menuitem", name="Nbgrader").click()
    page.get_by_role("menuitem", name="Assignment List").click()
    page.wait_for_selector("#released_assignments_list")


def solved(fetched, source):
    """The fetched notebook with every answer cell replaced by the instructor's solution for that cell."""
    solutions = {cell.metadata.nbgrader["grade_id"]: cell.source for cell in source.cells
                 if cell.metadata.get("nbgrader", {}).get("solution")}
    for cell in fetched.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in solutions:
            cell.source = solutions[grade_id]
    return fetched


def points(root, assignment=SHORT, notebook=SHORT_NOTEBOOK):
    """The assignment's automatic points and all its points (written answers wait for a human)."""
    total = {"auto": 0.0, "all": 0.0}
    for cell in nbformat.read(root / "source" / assignment / notebook, as_version=4).cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            total["all"] += meta["points"]
            total["auto"] += 0 if meta.get("solution") else meta["points"]
    return total


def queue(hub):
    """The grading service's queue (its SQLite file), read-only: one row per submission it has seen."""
    path = hub.root / ".autograder" / "service.db"
    if not path.exists():
        return []
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return [dict(zip(("name", "student", "state", "done", "note"), row, strict=True))
                for row in db.execute("SELECT name, student, state, done, note FROM entry ORDER BY seen, name")]


def wait_for_queue(hub, done, what, timeout=300):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = queue(hub)
        if done(rows):
            return rows
        time.sleep(0.2)
    raise AssertionError(f"the grading service did not {what} in {timeout} s: {queue(hub)}\n"
                         f"{hub.log.read_text()[-3000:]}")


FINISHED = ("graded", "limited", "failed", "superseded")


def submitted_at(name):
    """When nbgrader's submit stamped the submission named `name` (student+assignment+time+random)."""
    from nbgrader.utils import parse_utc

    return parse_utc(name.rsplit("+", 3)[2]).timestamp()


def feedback_pages(hub, student):
    home = hub.state / "home" / student
    return sorted((home / "lrnn" / SHORT / "feedback").glob(f"*/{SHORT_NOTEBOOK.replace('.ipynb', '.html')}"))


def fetch_feedback(page, hub, count):
    """The student's Fetch Feedback button, and the `count` pages it brought, oldest first."""
    page.goto(f"{hub.url}/user/alice/lab")
    open_assignment_list(page)
    submitted = page.locator("#submitted_assignments_list")
    submitted.get_by_role("button", name="Fetch Feedback").first.click()
    submitted.get_by_text("(view feedback)").first.wait_for()
    deadline = time.monotonic() + 30
    while len(feedback_pages(hub, "alice")) < count and time.monotonic() < deadline:
        time.sleep(0.2)
    pages = feedback_pages(hub, "alice")
    assert len(pages) == count, pages
    return pages


def serving(hub):
    """The pids of the course's grading services (`autograder serve`, started by the hub)."""
    import psutil

    found = []
    for process in psutil.process_iter(["cmdline", "cwd"]):
        if process.info["cwd"] == str(hub.root) and process.info["cmdline"][1:4] == ["-m", "autograder.cli", "serve"]:
            found.append(process.pid)
    return found


class Terminal:
    """What a student with a terminal in their own server on the hub can run: commands with the server's own
    environment (its hub token included), in their home. Logging in starts the server."""

    def __init__(self, hub, browser, user):
        import psutil

        context, page = log_in(browser, hub, user)
        # The hub sends the browser to the server once it is up: nothing of JupyterLab itself is needed here, and
        # loading its page (megabytes of script) only to close it costs the browser seconds of CPU.
        page.wait_for_url(f"**/user/{user}/lab**", wait_until="commit")
        context.close()
        for process in psutil.process_iter(["cmdline", "environ"]):
            env = process.info["environ"] or {}
            if env.get("JUPYTERHUB_USER") == user and "jupyterhub.singleuser" in (process.info["cmdline"] or []):
                self.env, self.home = env, Path(env["HOME"])
                return
        raise AssertionError(f"no server of {user} is running")

    def run(self, *command, **env):
        return subprocess.run(command, cwd=self.home, env={**self.env, **env}, capture_output=True, text=True,
                              timeout=300)

    def nbgrader(self, *args, **env):
        return self.run(sys.executable, "-m", "nbgrader", *args, **env)

    @property
    def token(self):
        return self.env["JUPYTERHUB_API_TOKEN"]


# What one test hands the next: alice's browser session and her row of grades.csv.
state = {}


def test_student_fetches_solves_validates_and_submits(hub, browser, artifacts):
    context, page = open_lab(browser, hub, "alice")
    state["alice"] = context
    open_assignment_list(page)
    released = page.locator("#released_assignments_list")
    released.get_by_text(SHORT).wait_for()
    page.screenshot(path=str(artifacts / "student_assignment_list.png"))
    released.get_by_role("button", name="Fetch").click()
    page.locator("#fetched_assignments_list").get_by_text(SHORT).wait_for()

    server = f"{hub.url}/user/alice"
    # The Course List finds the course's grader service through the hub.
    courses = context.request.get(f"{server}/formgraders").json()
    assert courses == {"success": True, "value": [
        {"course_id": "lrnn", "url": f"{hub.url}/services/lrnn/lab?formgrader=true", "kind": "jupyterhub"}]}
    path = f"lrnn/{SHORT}/{SHORT_NOTEBOOK}"
    response = context.request.get(f"{server}/api/contents/{path}")
    assert response.status == 200
    fetched = nbformat.from_dict(response.json()["content"])
    source = nbformat.read(hub.root / "source" / SHORT / SHORT_NOTEBOOK, as_version=4)
    answer = nbformat.writes(solved(fetched, source))
    response = context.request.put(f"{server}/api/contents/{path}", headers=xsrf(context, server + "/"),
                                   data={"type": "notebook", "format": "json", "content": json.loads(answer)})
    assert response.status == 200

    page.goto(f"{server}/lab/tree/{path}")
    page.get_by_role("button", name="Validate").click()
    page.get_by_text("Success! Your notebook passes all the tests.").wait_for(timeout=300_000)
    page.screenshot(path=str(artifacts / "student_validated.png"))
    page.keyboard.press("Escape")

    open_assignment_list(page)
    page.locator("#fetched_assignments_list").get_by_role("button", name="Submit").click()
    page.locator("#submitted_assignments_list").get_by_text(SHORT).wait_for()
    inbound = list((hub.state / "exchange" / "lrnn" / "inbound").iterdir())
    assert [entry.name.split("+")[:2] for entry in inbound] == [["alice", SHORT]]
    # Her session (the context) is what the next tests need; an open JupyterLab would poll her server until the end.
    page.close()


def test_submission_is_graded_on_submit_and_its_feedback_fetched(hub, browser, artifacts):
    """The course's grading service (started by the hub) grades alice's submission as it arrives; Fetch
    Feedback brings the page: her score, every exercise, and (before the due date, as the catalogue says)
    her notebook with its math as MathML."""
    [entry] = wait_for_queue(hub, lambda rows: rows and rows[0]["state"] in FINISHED, "grade alice's submission")
    assert (entry["student"], entry["state"], entry["note"]) == ("alice", "graded", "ok"), entry
    seconds = entry["done"] - submitted_at(entry["name"])
    (artifacts / "service_latency.txt").write_text(f"{SHORT}: feedback released {seconds:.1f} s after submit\n")

    page = state["alice"].new_page()
    [html] = fetch_feedback(page, hub, 1)
    page.goto(f"{hub.url}/user/alice/files/{html.relative_to(hub.state / 'home' / 'alice')}")
    page.screenshot(path=str(artifacts / "student_feedback_on_submit.png"), full_page=True)
    total = points(hub.root)
    score = re.search(r"Score: ([0-9.]+)\s+of ([0-9.]+)", page.locator(".feedback-total").inner_text())
    assert (float(score[1]), float(score[2])) == (total["auto"], total["all"])
    graded = [cell for cell in nbformat.read(hub.root / "source" / SHORT / SHORT_NOTEBOOK, as_version=4).cells
              if cell.metadata.get("nbgrader", {}).get("grade")]
    assert page.locator("table.feedback-exercises tbody tr").count() == len(graded)
    assert page.locator("table.feedback-exercises tr.lost").count() == 0
    assert page.locator("math").count() > 0
    page.close()


def test_a_second_submission_within_the_window_says_when_to_submit_again(hub, browser, artifacts):
    page = state["alice"].new_page()
    page.goto(f"{hub.url}/user/alice/lab")
    open_assignment_list(page)
    page.locator("#fetched_assignments_list").get_by_role("button", name="Submit").click()
    rows = wait_for_queue(hub, lambda rows: len(rows) == 2 and rows[1]["state"] in FINISHED,
                          "answer alice's second submission")
    assert [row["state"] for row in rows] == ["graded", "limited"], rows
    newest = fetch_feedback(page, hub, 2)[-1]
    page.goto(f"{hub.url}/user/alice/files/{newest.relative_to(hub.state / 'home' / 'alice')}")
    assert re.search(r"Feedback comes for one submission every 10 minutes: submit again after \d\d:\d\d",
                     page.locator("body").inner_text()), page.locator("body").inner_text()
    page.close()


def test_instructor_collects_grades_and_returns_feedback(hub, browser, artifacts):
    context, page = log_in(browser, hub, "instructor", "/services/lrnn/formgrader/manage_assignments")
    page.wait_for_url("**/services/lrnn/formgrader/manage_assignments")
    row = page.locator("tr", has_text=SHORT)
    row.wait_for()
    page.screenshot(path=str(artifacts / "instructor_formgrader.png"))
    row.locator("td.collect a").click()
    page.get_by_text(f"Successfully collected submissions of '{SHORT}'").wait_for()
    assert (hub.root / "submitted" / "alice" / SHORT / SHORT_NOTEBOOK).exists()

    hub.grader("autograder", "grade", SHORT)
    with open(hub.root / "reports" / SHORT / "grades.csv", newline="") as file:
        rows = {row["student_id"]: row for row in csv.DictReader(file)}
    assert set(rows) == {"alice"}
    grade = rows["alice"]
    # The instructor's solutions earn every automatic point; written answers wait for a human.
    total = points(hub.root)
    assert (grade["assignment"], grade["status"]) == (SHORT, "ok"), json.dumps(grade)
    assert (float(grade["score"]), float(grade["max_score"])) == (total["auto"], total["all"]), json.dumps(grade)
    state["grade"] = grade

    hub.grader("autograder", "feedback", SHORT)
    hub.grader("nbgrader", "release_feedback", SHORT)
    context.close()


# mallory's submission: no answers, a cheat that would earn stock nbgrader's points (np.allclose always true,
# the course secret read from disk), and content that would run script in the browser of whoever views it.
CHEAT = ("import numpy as np\nnp.allclose = lambda *a, **k: True\n"
         "np.isclose = lambda a, b, *r, **k: np.ones_like(a, bool)\n"
         "try:\n    print('secret:', open('{root}/.autograder/secret').read())\nexcept OSError as err:\n"
         "    print('no secret:', type(err).__name__)\n")
XSS_OUTPUTS = ("from IPython.display import HTML, SVG, Javascript, display\n"
               "display(HTML('<img src=x onerror=\"window.__xss=\\'html\\'\">"
               "<script>window.__xss=\\'script\\'</script>'))\n"
               "display(SVG('<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"window.__xss=\\'svg\\'\"></svg>'))\n"
               "display(Javascript(\"window.__xss='javascript'\"))\n")
XSS_MARKDOWN = "Notes <img src=x onerror=\"window.__xss='markdown'\"> <script>window.__xss='markdown-script'</script>"


def inert(page) -> None:
    """Nothing of the student's content ran in this page, nor can it (no handler or script of hers is left)."""
    page.wait_for_timeout(1500)
    assert page.evaluate("window.__xss") is None
    assert state["dialogs"] == []
    assert page.locator("[onerror], [onload]").count() == 0
    assert page.locator("script", has_text="__xss").count() == 0


def test_formgrader_autograde_button_grades_in_the_sandbox(hub, browser, artifacts):
    """The formgrader's Autograde button (NbGraderAPI.autograde in the grader service) runs the course's
    sandbox and judge: the cheat earns nothing and reads no secret; alice keeps what `autograder grade` gave."""
    released = nbformat.read(hub.root / "release" / SHORT / SHORT_NOTEBOOK, as_version=4)
    setup = next(i for i, cell in enumerate(released.cells) if cell.cell_type == "code")
    released.cells[setup + 1:setup + 1] = [nbformat.v4.new_code_cell(CHEAT.format(root=hub.root)),
                                           nbformat.v4.new_code_cell(XSS_OUTPUTS),
                                           nbformat.v4.new_markdown_cell(XSS_MARKDOWN)]
    folder = hub.root / "submitted" / "mallory" / SHORT
    folder.mkdir(parents=True)
    nbformat.write(released, folder / SHORT_NOTEBOOK)
    (folder / "timestamp.txt").write_text("2026-11-20 12:00:00.000000 UTC")

    context, page = log_in(browser, hub, "instructor", f"/services/lrnn/formgrader/manage_submissions/{SHORT}")
    state["dialogs"] = []
    context.on("page", lambda new: new.on("dialog", lambda d: (state["dialogs"].append(d.message), d.dismiss())))
    page.on("dialog", lambda d: (state["dialogs"].append(d.message), d.dismiss()))
    for student in ("mallory", "alice"):
        page.locator("tr", has_text=student).locator("td.autograde a").click()
        page.get_by_text(f"Successfully autograded '{SHORT}' for student '{student}'.").wait_for(timeout=300_000)
        page.locator(".modal-footer button", has_text="OK").click()
        page.locator(".modal-backdrop").wait_for(state="detached")
    page.screenshot(path=str(artifacts / "formgrader_autograded.png"))

    hub.grader("autograder", "report", SHORT)
    with open(hub.root / "reports" / SHORT / "grades.csv", newline="") as file:
        rows = {row["student_id"]: row for row in csv.DictReader(file)}
    assert (rows["mallory"]["score"], rows["mallory"]["status"]) == ("0", "ok"), rows["mallory"]
    assert (rows["alice"]["score"], rows["alice"]["status"]) == (state["grade"]["score"], "ok"), rows["alice"]
    graded = nbformat.read(hub.root / "autograded" / "mallory" / SHORT / SHORT_NOTEBOOK, as_version=4)
    printed = "".join(o.get("text", "") for o in graded.cells[setup + 1].outputs)
    assert printed == "no secret: FileNotFoundError\n", "the sandbox holds no course files"

    # The formgrader's view of mallory's submission shows her content, inert.
    page.goto(f"{hub.url}/services/lrnn/formgrader/manage_students/mallory/{SHORT}")
    page.get_by_role("link", name=SHORT_NOTEBOOK.replace(".ipynb", "")).click()
    page.wait_for_url("**/formgrader/submissions/**")
    page.get_by_text("Notes").first.wait_for()
    page.screenshot(path=str(artifacts / "formgrader_submission_view.png"))
    inert(page)
    context.close()


def test_feedback_with_student_html_is_inert(hub, browser, artifacts):
    hub.grader("autograder", "feedback", SHORT)
    page_file = hub.root / "feedback" / "mallory" / SHORT / SHORT_NOTEBOOK.replace(".ipynb", ".html")
    context = browser.new_context()
    page = context.new_page()
    page.on("dialog", lambda d: (state["dialogs"].append(d.message), d.dismiss()))
    page.goto(page_file.as_uri())
    page.get_by_text("Notes").first.wait_for()
    page.screenshot(path=str(artifacts / "feedback_with_student_html.png"), full_page=True)
    inert(page)
    context.close()


def test_teaching_assistant_opens_the_formgrader(hub, browser):
    context, page = log_in(browser, hub, "ta", "/services/lrnn/formgrader/manage_submissions/" + SHORT)
    page.wait_for_url(f"**/services/lrnn/formgrader/manage_submissions/{SHORT}")
    page.locator("tr", has_text="alice").wait_for()
    context.close()


def test_student_fetches_feedback_and_sees_score(hub, browser, artifacts):
    """The instructor's feedback replaces the page of alice's latest submission (the one graded in the end)."""
    page = state["alice"].new_page()
    pages = fetch_feedback(page, hub, 2)
    page.screenshot(path=str(artifacts / "student_feedback_fetched.png"))
    page.goto(f"{hub.url}/user/alice/files/{pages[-1].relative_to(hub.state / 'home' / 'alice')}")
    page.screenshot(path=str(artifacts / "student_feedback.png"))
    score, max_score = float(state["grade"]["score"]), float(state["grade"]["max_score"])
    shown = re.search(r"Score: ([0-9.]+)\s+of ([0-9.]+)", page.locator(".feedback-total").inner_text())
    assert (float(shown[1]), float(shown[2])) == (score, max_score)
    page.close()


def test_second_student_is_kept_out(hub, browser):
    context, page = open_lab(browser, hub, "oscar")
    hub_api = f"{hub.url}/hub/api"
    response = context.request.post(f"{hub_api}/users/oscar/tokens", headers=xsrf(context, hub.url + "/hub/"),
                                     data={"note": "test", "expires_in": 600})
    assert response.status == 201
    token = {"Authorization": f"token {response.json()['token']}"}

    # alice's server and files (in a page of their own: his JupyterLab stays loaded for his Assignment List below).
    elsewhere = context.new_page()
    assert elsewhere.goto(f"{hub.url}/user/alice/lab").status == 403
    files = context.request.get(f"{hub.url}/user/alice/api/contents/lrnn/{SHORT}", headers=token)
    assert files.status == 403
    # The grader service.
    assert elsewhere.goto(f"{hub.url}/services/lrnn/formgrader").status == 403
    assert context.request.get(f"{hub.url}/services/lrnn/api/contents", headers=token).status == 403
    # Submitting through alice's server, or to alice's course through his own.
    submit = {"course_id": "lrnn", "assignment_id": SHORT}
    assert context.request.post(f"{hub.url}/user/alice/assignments/submit", headers=token,
                                data=submit).status == 403
    oscar = f"{hub.url}/user/oscar"
    release = (hub.root / "release" / SHORT / SHORT_NOTEBOOK).read_text()
    for folder in ("lrnn", f"lrnn/{SHORT}"):
        assert context.request.put(f"{oscar}/api/contents/{folder}", headers=token,
                                   data={"type": "directory"}).status == 201
    response = context.request.put(f"{oscar}/api/contents/lrnn/{SHORT}/{SHORT_NOTEBOOK}", headers=token,
                                   data={"type": "notebook", "format": "json", "content": json.loads(release)})
    assert response.status == 201
    response = context.request.post(f"{oscar}/assignments/submit", headers=token,
                                    data={**submit, "student_id": "alice"})
    assert response.json()["success"] is False
    assert "You do not have access to this course." in response.json()["value"]
    inbound = (hub.state / "exchange" / "lrnn" / "inbound").iterdir()
    assert "oscar" not in {entry.name.split("+")[0] for entry in inbound}
    # The course he is not in: not among his courses, not in his Assignment List, not among the hub's services.
    assert context.request.get(f"{oscar}/courses", headers=token).json() == {"success": True, "value": ["demo"]}
    open_assignment_list(page)
    page.locator("#released_assignments_list").get_by_text("hello").wait_for()
    assert page.locator("#course_list").inner_text().split() == ["demo"]
    assert SHORT not in page.locator("#released_assignments_list").inner_text()
    elsewhere.goto(f"{hub.url}/hub/home")
    assert "/services/lrnn" not in elsewhere.content()
    context.close()


# --- Only the student can submit as the student -----------------------------------------------------------
# bob hands in a correct 02 from a terminal in his server; eve, a classmate with a terminal in hers, tries every way
# to make a submission count for bob. After each attempt: nothing counts for bob but his own submission (graded
# 9 of the 9 points graded automatically, his page says so) and eve was told why, or her work counted for herself.

FUTURE = "2099-01-01 00:00:00.000000 UTC"


def counted(rows, student):
    """The student's submissions of SHORT that the grading service took (not those it ignored)."""
    return [row for row in rows if row["student"] == student and f"+{SHORT}+" in row["name"]
            and row["state"] != "ignored"]


def inbound_names(hub):
    return sorted(os.listdir(hub.state / "exchange" / "lrnn" / "inbound"))


def bob_is_untouched(hub):
    """bob's one counted submission is his own, graded 9 of the 9 automatic points, and the feedback he fetches is
    its page."""
    bob, entry = state["bob"], state["bob_entry"]
    assert [(row["name"], row["state"], row["note"]) for row in counted(queue(hub), "bob")] == [(entry, "graded", "ok")]
    done = bob.nbgrader("fetch_feedback", SHORT, "--course", "lrnn")
    assert done.returncode == 0, done.stderr
    folder = bob.home / "lrnn" / SHORT / "feedback"
    assert [p.name for p in folder.iterdir()] == [entry.rsplit("+", 3)[2]]
    page = (folder / entry.rsplit("+", 3)[2] / SHORT_NOTEBOOK.replace(".ipynb", ".html")).read_text()
    assert "Score: <b>9.0</b>" in page  # 02's written answer (3 points) waits for a person


def fetch_solve_submit(terminal, hub, *options, **env):
    """The student's terminal: fetch 02, put the solution in, submit it (with `options`, and `env` changed)."""
    path = terminal.home / "lrnn" / SHORT / SHORT_NOTEBOOK
    if not path.exists():
        done = terminal.nbgrader("fetch_assignment", SHORT, "--course", "lrnn")
        assert done.returncode == 0, done.stderr
    source = nbformat.read(hub.root / "source" / SHORT / SHORT_NOTEBOOK, as_version=4)
    nbformat.write(solved(nbformat.read(path, as_version=4), source), path)
    return terminal.nbgrader("submit", SHORT, "--course", "lrnn", *options, **env)


def test_bob_submits_from_his_terminal_and_is_graded_on_submit(hub, browser):
    state["bob"] = bob = Terminal(hub, browser, "bob")
    done = fetch_solve_submit(bob, hub)
    assert done.returncode == 0, done.stdout + done.stderr
    rows = wait_for_queue(hub, lambda rows: [row["state"] for row in counted(rows, "bob")] == ["graded"],
                          "grade bob's submission")
    [row] = counted(rows, "bob")
    state["bob_entry"] = row["name"]
    # The entry's name and time are the service's: the student's clock and Unix account decide nothing.
    assert row["name"] in inbound_names(hub)
    bob_is_untouched(hub)


def test_eve_cannot_submit_as_bob_from_her_terminal(hub, browser):
    state["eve"] = eve = Terminal(hub, browser, "eve")
    before = inbound_names(hub)
    # nbgrader's own way of naming another student, with the hub check of her client switched off (she can).
    done = fetch_solve_submit(eve, hub, "--CourseDirectory.student_id=bob",
                              "--Authenticator.plugin_class=nbgrader.auth.NoAuthPlugin", JUPYTERHUB_USER="bob")
    assert done.returncode != 0
    assert "You are signed in to the hub as eve: you can submit only as yourself, not as 'bob'. Nothing was " \
           "submitted." in done.stderr, done.stderr
    assert inbound_names(hub) == before
    bob_is_untouched(hub)


def test_a_student_account_cannot_write_into_inbound(hub):
    exchange = hub.state / "exchange"
    planted = exchange / "lrnn" / "inbound" / f"bob+{SHORT}+{FUTURE}+planted"
    as_eve = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    done = subprocess.run([*as_eve, "mkdir", str(planted)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 1 and "Permission denied" in done.stderr, done.stderr
    assert not planted.exists()
    # The same account reaches the exchange (its root is open to all): only inbound keeps it out.
    probe = exchange / "probe-by-another-account"
    assert subprocess.run([*as_eve, "mkdir", str(probe)], timeout=30).returncode == 0
    probe.rmdir()


def test_entries_planted_in_inbound_count_for_nobody(hub):
    """What an account that could write into inbound (a deployment with nbgrader's 0733 inbound, or the grader's
    own) might plant for bob: no receipt, a forged one, bob's own receipt replayed, his whole entry copied under a
    later name, a correctly signed one dated in the future. The service ignores each, collect refuses each by
    name, and the instructor's grade is bob's own."""
    from autograder.course import Course
    from autograder.pipeline import intake

    inbound = hub.state / "exchange" / "lrnn" / "inbound"
    bob_entry = inbound / state["bob_entry"]
    blank = (hub.root / "release" / SHORT / SHORT_NOTEBOOK).read_text()
    names = {kind: f"bob+{SHORT}+{FUTURE}+{kind}" for kind in ("planted", "forged", "replayed", "copied", "future")}

    def plant(kind, receipt=None):
        folder = inbound / names[kind]
        folder.mkdir()
        (folder / SHORT_NOTEBOOK).write_text(blank)
        (folder / "timestamp.txt").write_text(FUTURE)
        if receipt:
            (folder / intake.RECEIPT).write_text(receipt)
        return folder

    plant("planted")
    plant("forged", intake.Receipt(names["forged"], "bob", SHORT, FUTURE, ()).to_json(b"a guessed secret"))
    plant("replayed", (bob_entry / intake.RECEIPT).read_text())
    shutil.copytree(bob_entry, inbound / names["copied"])
    future = plant("future")
    files = tuple(sorted((path, hashlib.sha256((future / path).read_bytes()).hexdigest())
                         for path in (SHORT_NOTEBOOK, "timestamp.txt")))
    signed = intake.Receipt(names["future"], "bob", SHORT, FUTURE, files)
    (future / intake.RECEIPT).write_text(signed.to_json(Course.load(hub.root).secret))

    # The service logs each entry it ignores (it is no one's submission: it is not queued).
    lines = {kind: f"inbound entry {name} ignored: not received by the course's intake: "
             for kind, name in names.items()}
    deadline = time.monotonic() + 300
    while not all(line in hub.log.read_text() for line in lines.values()) and time.monotonic() < deadline:
        time.sleep(0.5)
    log = hub.log.read_text()
    assert all(line in log for line in lines.values()), log[-3000:]
    assert not [row for row in queue(hub) if row["name"] in names.values()]
    bob_is_untouched(hub)

    collected = hub.grader("nbgrader", "collect", SHORT)
    reasons = {"planted": "it has no receipt", "forged": "its receipt was not signed with this course's secret",
               "replayed": "its receipt belongs to another entry", "copied": "its receipt belongs to another entry",
               "future": f"its timestamp ({FUTURE}) is ahead of this machine's clock"}
    for kind, reason in reasons.items():
        [line] = [line for line in collected.stderr.splitlines() if f"Refused '{names[kind]}'" in line]
        assert reason in line, line
    submitted = hub.root / "submitted" / "bob" / SHORT
    assert (submitted / "timestamp.txt").read_text() == state["bob_entry"].rsplit("+", 3)[2]
    hub.grader("autograder", "grade", SHORT, "--quiet")
    with open(hub.root / "reports" / SHORT / "grades.csv", newline="") as file:
        rows = {row["student_id"]: row for row in csv.DictReader(file)}
    # Those the instructor collected or graded before (alice's own submission, mallory's), and bob: no planted
    # entry adds anyone.
    assert set(rows) == {"alice", "bob", "mallory"}
    # 02: 9 points graded automatically, all bob's; his written answer (3) waits for a person.
    assert (float(rows["bob"]["score"]), float(rows["bob"]["max_score"]), rows["bob"]["status"]) == (9, 12, "ok")
    assert float(rows["bob"]["pending_points"]) == 3
    bob_is_untouched(hub)


def upload(hub, token, files=(), query=None, body=None):
    """A hand-made request to the course's grading service, found as the students' submit finds it."""
    auth = {"Authorization": f"token {token}"} if token else {}
    with urllib.request.urlopen(urllib.request.Request(f"{hub.url}/hub/api/services/lrnn-grading",
                                                       headers={"Authorization": f"token {state['eve'].token}"})) as r:
        service = json.loads(r.read())
    if body is None:
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w") as archive:
            for info, data in files:
                archive.addfile(info, io.BytesIO(data) if info.isreg() else None)
        body = buffer.getvalue()
    query = urllib.parse.urlencode(query or {"assignment": SHORT})
    request = urllib.request.Request(f"{service['url']}{service['prefix']}submit?{query}", data=body, method="POST",
                                     headers={**auth, "Content-Type": "application/x-tar"})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def entry(name, data=b"", kind=tarfile.REGTYPE):
    info = tarfile.TarInfo(name)
    info.type, info.size = kind, len(data) if kind == tarfile.REGTYPE else 0
    info.linkname = "/etc/passwd" if kind == tarfile.SYMTYPE else ""
    return info, data


def test_hand_made_uploads_are_refused_with_a_reason(hub, browser):
    eve, oscar = state["eve"].token, Terminal(hub, browser, "oscar").token
    notebook = (hub.root / "release" / SHORT / SHORT_NOTEBOOK).read_bytes()
    before = inbound_names(hub)
    cases = [
        (None, [entry(SHORT_NOTEBOOK, notebook)], None, 401,
         "No hub token came with the submission: submit from your own server on the course hub (Assignment List → "
         "Submit)."),
        ("not a token", [entry(SHORT_NOTEBOOK, notebook)], None, 403,
         "The hub does not know this token as a student's: submit from your own server on the course hub."),
        (oscar, [entry(SHORT_NOTEBOOK, notebook)], None, 403,
         "oscar is not a student of the course lrnn: nothing was submitted. If you take this course, ask your "
         "instructor to add you."),
        (eve, [entry(SHORT_NOTEBOOK, notebook)], {"assignment": SHORT, "student": "bob"}, 403,
         "You are signed in to the hub as eve: you can submit only as yourself, not as 'bob'. Nothing was submitted."),
        (eve, [entry(SHORT_NOTEBOOK, notebook), entry("notes", kind=tarfile.SYMTYPE)], None, 400,
         "Nothing was submitted: 'notes' is a link: only plain files can be submitted"),
        (eve, [entry(SHORT_NOTEBOOK, notebook), entry("pipe", kind=tarfile.FIFOTYPE)], None, 400,
         "Nothing was submitted: 'pipe' is a pipe or a device: only plain files can be submitted"),
        (eve, [entry(f"{n}.txt") for n in range(101)], None, 400,
         "Nothing was submitted: the submission holds more than the 100 files allowed: keep only your notebook and "
         "the files it needs"),
        (eve, [entry("../../bob/" + SHORT_NOTEBOOK, notebook)], None, 400,
         "Nothing was submitted: '../../bob/single_example_gd.ipynb' is not a file name the course takes (no '..', "
         "control or invisible characters): rename it and submit again"),
        (eve, [entry(SHORT_NOTEBOOK, notebook)], {"assignment": "99_nothing"}, 400,
         "Nothing was submitted: '99_nothing' is not an assignment of the course lrnn"),
        (eve, [entry(SHORT_NOTEBOOK, bytes(6_000_000))], None, 413,
         "The submission is more than the 5.0 MB allowed: clear large outputs or remove files you do not need, then "
         "submit again. Nothing was submitted."),
    ]
    for token, files, query, status, message in cases:
        assert upload(hub, token, files, query) == (status, {"message": message})
    assert upload(hub, eve, body=b"not a tar archive")[1]["message"].startswith(
        "Nothing was submitted: the upload is not a tar archive the course can read")
    assert inbound_names(hub) == before
    bob_is_untouched(hub)


def test_a_refusal_reads_clearly_in_the_assignment_list(hub, browser, artifacts):
    """The service's message, not a traceback of the student's server, is what the Assignment List shows."""
    eve = state["eve"]
    data = eve.home / "lrnn" / SHORT / "data.bin"
    data.write_bytes(bytes(6_000_000))
    before = inbound_names(hub)
    context, page = open_lab(browser, hub, "eve")
    try:
        open_assignment_list(page)
        page.locator("#fetched_assignments_list").get_by_role("button", name="Submit").click()
        message = page.locator("#submission-message pre")
        message.wait_for()
        page.screenshot(path=str(artifacts / "student_submission_refused.png"))
        assert message.inner_text().strip().endswith(
            "The submission is more than the 5.0 MB allowed: clear large outputs or remove files you do not need, then "
            "submit again. Nothing was submitted.")
    finally:
        context.close()
        data.unlink()
    assert inbound_names(hub) == before


def test_eve_submitting_her_own_work_counts_for_eve_only(hub):
    """Her server's token decides whose work it is. Links and pipes in her folder are left out, by name."""
    eve = state["eve"]
    folder = eve.home / "lrnn" / SHORT
    (folder / "notes.txt").symlink_to("/etc/hostname")
    os.mkfifo(folder / "pipe")
    done = fetch_solve_submit(eve, hub)
    assert done.returncode == 0, done.stderr
    assert "Left out notes.txt: links cannot be submitted" in done.stderr
    assert "Left out pipe: pipes and devices cannot be submitted" in done.stderr
    rows = wait_for_queue(hub, lambda rows: [row["state"] for row in counted(rows, "eve")] == ["graded"],
                          "grade eve's submission")
    [row] = counted(rows, "eve")
    assert row["note"] == "ok"
    assert sorted(os.listdir(hub.state / "exchange" / "lrnn" / "inbound" / row["name"])) == \
        ["receipt.json", SHORT_NOTEBOOK, "submission_secret.txt", "timestamp.txt"]
    bob_is_untouched(hub)


def test_instructor_manages_only_their_course_groups(hub, browser):
    context, page = log_in(browser, hub, "instructor", "/hub/admin")
    page.wait_for_url("**/hub/admin**")
    hub_api = f"{hub.url}/hub/api"
    response = context.request.post(f"{hub_api}/users/instructor/tokens", headers=xsrf(context, hub.url + "/hub/"),
                                     data={"note": "test", "expires_in": 600})
    token = {"Authorization": f"token {response.json()['token']}"}
    add_oscar = {"users": ["oscar"]}
    assert context.request.post(f"{hub_api}/groups/nbgrader-lrnn/users", headers=token, data=add_oscar).status == 200
    assert "oscar" in context.request.get(f"{hub_api}/groups/nbgrader-lrnn", headers=token).json()["users"]
    # Another course's group: the hub answers as if it did not exist rather than say that it does.
    assert context.request.post(f"{hub_api}/groups/nbgrader-demo/users", headers=token, data=add_oscar).status == 404
    context.close()


# --- A student who reads the course in Chinese -----------------------------------------------------------------
# li, whom the course roster lists as reading 简体中文, gets JupyterLab in Chinese, fetches the Chinese notebook, reads
# a public check's diagnostic in Chinese when she validates a mistake, submits, and reads her feedback in Chinese; the
# instructor's one gradebook holds her grades under the assignment's one notebook. What the course controls says no
# English sentence to her: not the notebook, not the feedback page (her own answers aside). She comes after the
# attacks on bob's submissions: her submission of 02 is not among those the instructor collects there.

# An English sentence: three words or more, one space apart (code, math and identifiers are read apart).
SENTENCE = re.compile(r"(?<![\w.])[A-Za-z][a-z'-]+(?: [A-Za-z][a-z'-]+){2,}(?![\w(])")
CODE = re.compile(r"```.*?```|`[^`\n]*`|\$\$.*?\$\$|\$[^$\n]*\$", re.S)


def english_in_notebook(nb) -> list[str]:
    """What a Chinese notebook still says in English, outside the answers a student writes: sentences of its
    markdown (code and math aside), and comments or printed text of its code cells."""
    found = []
    for cell in nb.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
            continue
        if cell.cell_type == "markdown":
            found += SENTENCE.findall(CODE.sub(" ", cell.source))
        elif cell.cell_type == "code":
            found += translation.english_in_code(cell.source)
    return found


def english_on_page(page, answers: list[str]) -> list[str]:
    """The English sentences a page shows, outside the student's own answers (`answers`: their cells' ids): its
    text without code and math, and the comments and printed text of the course's code cells."""
    texts = page.evaluate("""answers => {
        const body = document.body.cloneNode(true);
        for (const id of answers) { const answer = body.querySelector(`[id="${id}"]`); if (answer) answer.remove(); }
        const code = [...body.querySelectorAll('.jp-InputArea pre, .jp-InputArea .highlight')].map(e => e.textContent);
        body.querySelectorAll('.jp-InputArea, math, code, pre.jp-InputArea-prompt, style, script').forEach(
            e => e.remove());
        const outputs = [...body.querySelectorAll('pre')].map(e => e.textContent);
        body.querySelectorAll('pre').forEach(e => e.remove());
        return {code, outputs, text: body.innerText};
    }""", answers)
    found = SENTENCE.findall(texts["text"]) + [s for output in texts["outputs"] for s in SENTENCE.findall(output)]
    return found + [said for source in texts["code"] for said in translation.english_in_code(source)]


def _put(context, server, path, nb):
    response = context.request.put(f"{server}/api/contents/{path}", headers=xsrf(context, server + "/"),
                                   data={"type": "notebook", "format": "json",
                                         "content": json.loads(nbformat.writes(nb))})
    assert response.status == 200


def test_a_chinese_reading_student_works_through_an_assignment_in_chinese(hub, browser, artifacts):
    context, page = log_in(browser, hub, CHINESE)
    page.wait_for_url(f"**/user/{CHINESE}/lab**")
    # JupyterLab speaks Chinese (the language pack, chosen for her by the roster); nbgrader's own menus are English.
    page.get_by_role("menuitem", name="文件").wait_for()
    page.get_by_role("menuitem", name="设置").wait_for()
    open_assignment_list(page)
    page.locator("#released_assignments_list").get_by_role("button", name="Fetch").click()
    page.locator("#fetched_assignments_list").get_by_text(SHORT).wait_for()
    page.screenshot(path=str(artifacts / "student_zh_assignment_list.png"))

    server = f"{hub.url}/user/{CHINESE}"
    folder = hub.state / "home" / CHINESE / "lrnn" / SHORT
    assert sorted(p.name for p in folder.iterdir()) == [SHORT_NOTEBOOK]
    path = f"lrnn/{SHORT}/{SHORT_NOTEBOOK}"
    fetched = nbformat.reads(json.dumps(context.request.get(f"{server}/api/contents/{path}").json()["content"]),
                             as_version=4)
    assert fetched.cells[0].source.startswith("# 单个样本上的梯度下降")
    assert english_in_notebook(fetched) == []
    source = nbformat.read(hub.root / "source" / SHORT / SHORT_NOTEBOOK, as_version=4)

    # A mistake first: forward returns z instead of sigmoid(z). Validate says what is wrong, in Chinese.
    wrong = solved(nbformat.from_dict(json.loads(nbformat.writes(fetched))), source)
    forward = next(c for c in wrong.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "sgd-forward-code")
    forward.source = forward.source.replace("return sigmoid(z)", "return z")
    assert "return z" in forward.source
    _put(context, server, path, wrong)
    page.goto(f"{server}/lab/tree/{path}")
    page.get_by_role("button", name="Validate").click()
    page.get_by_text("的数值不对").first.wait_for(timeout=300_000)
    page.screenshot(path=str(artifacts / "student_zh_validated.png"))
    page.keyboard.press("Escape")

    _put(context, server, path, solved(fetched, source))
    open_assignment_list(page)
    page.locator("#fetched_assignments_list").get_by_role("button", name="Submit").click()
    page.locator("#submitted_assignments_list").get_by_text(SHORT).wait_for()

    # The hub is shared: of the queue, her rows (on a hub of her own, the whole queue was this one row).
    rows = wait_for_queue(hub, lambda rows: [row["state"] for row in rows if row["student"] == CHINESE] == ["graded"],
                          "grade li's submission")
    [row] = [row for row in rows if row["student"] == CHINESE]
    assert (row["student"], row["state"], row["note"]) == (CHINESE, "graded", "ok"), row

    open_assignment_list(page)
    submitted = page.locator("#submitted_assignments_list")
    submitted.get_by_role("button", name="Fetch Feedback").first.click()
    submitted.get_by_text("(view feedback)").first.wait_for()
    deadline = time.monotonic() + 30
    fetched_page = f"*/{SHORT_NOTEBOOK.replace('.ipynb', '.html')}"
    while not list((folder / "feedback").glob(fetched_page)) and time.monotonic() < deadline:
        time.sleep(0.2)
    [html] = (folder / "feedback").glob(fetched_page)
    page.goto(f"{server}/files/{html.relative_to(hub.state / 'home' / CHINESE)}")
    page.screenshot(path=str(artifacts / "student_zh_feedback.png"), full_page=True)
    assert page.locator("table.feedback-exercises thead").inner_text().split() == ["练习", "得分", "需要注意的地方"]
    assert page.locator(".feedback-total").inner_text().startswith("得分：9.0")
    answers = [c.metadata.nbgrader["grade_id"] for c in source.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert english_on_page(page, answers) == []
    context.close()

    # The instructor's one gradebook: the assignment's one notebook, with the catalogue's points, holds her grades.
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{hub.root / 'gradebook.db'}", "lrnn") as gb:
        assignment = gb.find_assignment(SHORT)
        assert [n.name for n in assignment.notebooks] == [SHORT_NOTEBOOK.removesuffix(".ipynb")]
        assert (gb.find_submission(SHORT, CHINESE).score, assignment.max_score) == (9.0, 12.0)


def test_grading_service_killed_mid_grading_is_restarted_and_grades_once(hub, browser, artifacts):
    """carol submits from a terminal in her server (nbgrader's submit with the course's settings); the grading
    service is killed while it grades her; the hub starts it again, and her submission is graded exactly once,
    with one feedback page. Her assignment is the one that trains on the data set: this is the hub's one grading of
    it, and it shows that the grading service's sandbox reaches the data set."""
    # The instructor hands the assignment out now: until then every student's Assignment List holds one assignment.
    hub.grader("autograder", "release", ASSIGNMENT)
    hub.grader("nbgrader", "release_assignment", ASSIGNMENT)
    [first] = serving(hub)
    terminal = Terminal(hub, browser, "carol")
    done = terminal.nbgrader("fetch_assignment", ASSIGNMENT, "--course", "lrnn")
    assert done.returncode == 0, done.stdout + done.stderr
    # Her own server reaches the data set, as the notebook's first cells do when she works through 05 there.
    done = terminal.run(sys.executable, "-c", "from autograder.dataset import load_catvnoncat; "
                        "print([part.shape for part in load_catvnoncat()[:4]])")
    assert done.stdout.strip() == "[(209, 64, 64, 3), (1, 209), (50, 64, 64, 3), (1, 50)]", done.stderr
    path = terminal.home / "lrnn" / ASSIGNMENT / NOTEBOOK
    source = nbformat.read(hub.root / "source" / ASSIGNMENT / NOTEBOOK, as_version=4)
    notebook = solved(nbformat.read(path, as_version=4), source)
    # Her last cell (her own, not graded) takes a few seconds: the service is still grading her when the test looks,
    # however fast the rest of her grading is.
    notebook.cells.append(nbformat.v4.new_code_cell("import time\ntime.sleep(8)"))
    nbformat.write(notebook, path)
    done = terminal.nbgrader("submit", ASSIGNMENT, "--course", "lrnn")
    assert done.returncode == 0, done.stdout + done.stderr
    carol = lambda rows: [row for row in rows if row["student"] == "carol"]  # noqa: E731
    wait_for_queue(hub, lambda rows: [row["state"] for row in carol(rows)] == ["grading"], "start grading carol")
    os.kill(first, signal.SIGKILL)

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and serving(hub) in ([], [first]):
        time.sleep(0.5)
    assert serving(hub) not in ([], [first]), "the hub did not start the grading service again"
    rows = wait_for_queue(hub, lambda rows: [row["state"] for row in carol(rows)] == ["graded"],
                          "grade carol after its restart")
    assert [(row["state"], row["note"]) for row in carol(rows)] == [("graded", "ok")]
    released = list((hub.state / "exchange" / "lrnn" / "feedback").glob("*.html"))
    timestamp = (hub.root / "submitted" / "carol" / ASSIGNMENT / "timestamp.txt").read_text()
    assert timestamp == carol(rows)[0]["name"].rsplit("+", 3)[2]
    hub.grader("autograder", "report", ASSIGNMENT)
    with open(hub.root / "reports" / ASSIGNMENT / "grades.csv", newline="") as file:
        rows = {row["student_id"]: row for row in csv.DictReader(file)}
    assert (float(rows["carol"]["score"]), rows["carol"]["status"]) == \
        (points(hub.root, ASSIGNMENT, NOTEBOOK)["auto"], "ok")
    # One page per graded or answered submission (alice's two, bob's, eve's, li's and carol's).
    answered = [row for row in queue(hub) if row["state"] in ("graded", "limited")]
    assert len(released) == len(answered) == 6, (released, answered)
    assert "resumed 1 submission(s) that were being graded when the service stopped" in hub.log.read_text()


def test_everything_listens_on_loopback_only(hub):
    assert non_loopback_listeners(hub.process.pids()) == []


def test_idle_culler_may_list_servers(hub):
    assert re.search(r"200 GET /hub/api/users\?state=\S* \(idle-culler@127\.0\.0\.1\)", hub.log.read_text())
