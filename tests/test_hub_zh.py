"""End to end in Chinese on a real course hub: li, whom the course roster lists as reading 简体中文, gets JupyterLab in
Chinese, fetches the Chinese notebook, reads a public check's diagnostic in Chinese when she validates a mistake,
submits, and reads her feedback in Chinese; the instructor's one gradebook holds her grades under the assignment's
one notebook. What the course controls says no English sentence to her: not the notebook, not the feedback page
(her own answers aside). The hub is tests/test_hub.py's, started on free ports of 127.0.0.1 with a copy of the
course."""

import json
import re
import shutil
import tempfile
import time
from pathlib import Path

import nbformat
import pytest

from autograder import translation
from tests import translations
from tests.conftest import copy_course
from tests.hub_helpers import free_port
from tests.test_hub import ARTIFACTS, Hub, browser, log_in, open_assignment_list, queue, solved, write_demo_course, xsrf  # noqa: F401

pytestmark = pytest.mark.hub

ASSIGNMENT = "02_single_example_gd"
NOTEBOOK = "single_example_gd.ipynb"
STUDENT = "li"
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


@pytest.fixture(scope="module")
def hub():
    top = Path(tempfile.mkdtemp(prefix="lrnn-hub-zh-"))
    root = copy_course(top / "lrnn")
    translations.set_roster(root, [STUDENT])
    write_demo_course(top / "demo")  # test_hub's Hub waits for both courses' grader services
    ports = {name: free_port() for name in ("public", "hub", "proxy_api", "lrnn", "demo")}
    (top / "courses.toml").write_text(f"""
[[course]]
root = "lrnn"
grader_port = {ports["lrnn"]}
instructors = ["instructor"]
students = ["{STUDENT}"]
[[course]]
root = "demo"
grader_port = {ports["demo"]}
""")
    try:
        with Hub({"top": top, "root": root, "ports": ports}).running("hub_zh.log") as hub:
            hub.grader("autograder", "release", ASSIGNMENT)
            hub.grader("nbgrader", "release_assignment", ASSIGNMENT)
            yield hub
    finally:
        shutil.rmtree(top)


def _put(context, server, path, nb):
    response = context.request.put(f"{server}/api/contents/{path}", headers=xsrf(context, server + "/"),
                                   data={"type": "notebook", "format": "json",
                                         "content": json.loads(nbformat.writes(nb))})
    assert response.status == 200


def test_a_chinese_reading_student_works_through_an_assignment_in_chinese(hub, browser):  # noqa: F811  (a fixture)
    ARTIFACTS.mkdir(exist_ok=True)
    context, page = log_in(browser, hub, STUDENT)
    page.wait_for_url(f"**/user/{STUDENT}/lab**")
    # JupyterLab speaks Chinese (the language pack, chosen for her by the roster); nbgrader's own menus are English.
    page.get_by_role("menuitem", name="文件").wait_for()
    page.get_by_role("menuitem", name="设置").wait_for()
    open_assignment_list(page)
    page.locator("#released_assignments_list").get_by_role("button", name="Fetch").click()
    page.locator("#fetched_assignments_list").get_by_text(ASSIGNMENT).wait_for()
    page.screenshot(path=str(ARTIFACTS / "student_zh_assignment_list.png"))

    server = f"{hub.url}/user/{STUDENT}"
    folder = hub.state / "home" / STUDENT / "lrnn" / ASSIGNMENT
    assert sorted(p.name for p in folder.iterdir()) == [NOTEBOOK]
    path = f"lrnn/{ASSIGNMENT}/{NOTEBOOK}"
    fetched = nbformat.reads(json.dumps(context.request.get(f"{server}/api/contents/{path}").json()["content"]),
                             as_version=4)
    assert fetched.cells[0].source.startswith("# 单个样本上的梯度下降")
    assert english_in_notebook(fetched) == []
    source = nbformat.read(hub.root / "source" / ASSIGNMENT / NOTEBOOK, as_version=4)

    # A mistake first: forward returns z instead of sigmoid(z). Validate says what is wrong, in Chinese.
    wrong = solved(nbformat.from_dict(json.loads(nbformat.writes(fetched))), source)
    forward = next(c for c in wrong.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "sgd-forward-code")
    forward.source = forward.source.replace("return sigmoid(z)", "return z")
    assert "return z" in forward.source
    _put(context, server, path, wrong)
    page.goto(f"{server}/lab/tree/{path}")
    page.get_by_role("button", name="Validate").click()
    page.get_by_text("的数值不对").first.wait_for(timeout=300_000)
    page.screenshot(path=str(ARTIFACTS / "student_zh_validated.png"))
    page.keyboard.press("Escape")

    _put(context, server, path, solved(fetched, source))
    open_assignment_list(page)
    page.locator("#fetched_assignments_list").get_by_role("button", name="Submit").click()
    page.locator("#submitted_assignments_list").get_by_text(ASSIGNMENT).wait_for()

    deadline = time.monotonic() + 300
    while not [row for row in queue(hub) if row["state"] == "graded"] and time.monotonic() < deadline:
        time.sleep(0.5)
    [row] = queue(hub)
    assert (row["student"], row["state"], row["note"]) == (STUDENT, "graded", "ok"), row

    open_assignment_list(page)
    submitted = page.locator("#submitted_assignments_list")
    submitted.get_by_role("button", name="Fetch Feedback").first.click()
    submitted.get_by_text("(view feedback)").first.wait_for()
    deadline = time.monotonic() + 30
    fetched_page = f"*/{NOTEBOOK.replace('.ipynb', '.html')}"
    while not list((folder / "feedback").glob(fetched_page)) and time.monotonic() < deadline:
        time.sleep(0.2)
    [html] = (folder / "feedback").glob(fetched_page)
    page.goto(f"{server}/files/{html.relative_to(hub.state / 'home' / STUDENT)}")
    page.screenshot(path=str(ARTIFACTS / "student_zh_feedback.png"), full_page=True)
    assert page.locator("table.feedback-exercises thead").inner_text().split() == ["练习", "得分", "需要注意的地方"]
    assert page.locator(".feedback-total").inner_text().startswith("得分：9.0")
    answers = [c.metadata.nbgrader["grade_id"] for c in source.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert english_on_page(page, answers) == []

    # The instructor's one gradebook: the assignment's one notebook, with the catalogue's points, holds her grades.
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{hub.root / 'gradebook.db'}", "lrnn") as gb:
        assignment = gb.find_assignment(ASSIGNMENT)
        assert [n.name for n in assignment.notebooks] == [NOTEBOOK.removesuffix(".ipynb")]
        assert (gb.find_submission(ASSIGNMENT, STUDENT).score, assignment.max_score) == (9.0, 12.0)
