"""The feedback page's parts, without nbgrader: the summary a student reads first, the page of a submission that could
not be graded, formulas as MathML, long cells cut, student HTML made inert, and the caches behind a class's pages.
Whole pages, rendered by nbconvert, are read in tests/unit/test_safetext.py and in the end-to-end tests."""

from __future__ import annotations

import nbformat
import pytest

from autograder.i18n import say
from autograder.judge.status import Outcome
from autograder.pipeline import feedback
from tests.unit.fakes import configured

A02 = "02_single_example_gd"


def graded_cell(kind: str, grade_id: str, score, points, **settings):
    make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
    return make(grade_id, metadata={"nbgrader": {"grade": True, "grade_id": grade_id, "score": score,
                                                 "points": points, **settings}})


NOTEBOOK = nbformat.v4.new_notebook(cells=[
    nbformat.v4.new_markdown_cell("## Exercise 1: `forward` **pass**"),
    graded_cell("code", "a-test", 0, 2),
    nbformat.v4.new_markdown_cell("Some prose, no heading."),
    nbformat.v4.new_markdown_cell("## Exercise 2"),
    graded_cell("code", "b-test", 1, 1),
    graded_cell("markdown", "w-answer", 0, 3, solution=True, pending=True),
    nbformat.v4.new_code_cell("z", metadata={"nbgrader": {"grade": False, "grade_id": "c-code", "solution": True}}),
])


def test_the_summary_lists_each_graded_cell_under_its_heading_with_its_verdict():
    outcome = Outcome("alice", "repaired", [say("integrity.answer_deleted", cell="c-code")],
                      verdicts={"a-test": say("verdict.undefined", name="forward\u202e"), "b-test": None})
    shown = feedback.summary(NOTEBOOK, outcome, "Title", "en")
    assert {key: shown[key] for key in ("language", "title", "status", "messages", "notebook", "pending_points")} == {
        "language": "en", "title": "Title", "status": "repaired", "notebook": True, "pending_points": 3.0,
        "messages": ["the answer cell c-code was deleted; the blank original was put back, so its checks fail"]}
    assert shown["exercises"] == [
        # A student's name is shown readable: a bidirectional control is written as an escape.
        {"title": "Exercise 1: forward pass", "anchor": "a-test", "points": 2, "score": 0, "pending": False,
         "message": "`forward\\u202e` is not defined (was it renamed or deleted?)."},
        {"title": "Exercise 2", "anchor": "b-test", "points": 1, "score": 1, "pending": False, "message": None},
        # A written answer nobody has graded yet is pending, not 0 points lost.
        {"title": "Exercise 2", "anchor": "w-answer", "points": 3, "score": 0, "pending": True,
         "message": "graded by hand: pending"}]


def test_without_an_outcome_the_summary_is_ok_and_may_hide_the_notebook():
    shown = feedback.summary(NOTEBOOK, None, "Title", "en", notebook=False)
    assert (shown["status"], shown["messages"], shown["notebook"]) == ("ok", [], False)
    assert [exercise["message"] for exercise in shown["exercises"]] == [None, None, "graded by hand: pending"]


def test_an_ok_outcomes_notes_are_not_shown_as_a_problem():
    outcome = Outcome("alice", "ok", [say("verdict.unparsed_note", cell="c", line=1, error="SyntaxError", detail="x")])
    assert feedback.summary(NOTEBOOK, outcome, "T", "en")["messages"] == []


def test_formulas_become_mathml_and_code_stays_as_written():
    assert feedback.to_mathml("a $x^2$ and `$y$` and $$\\frac{1}{2}$$ and $\\badcmd{$") == (
        'a <math display="inline"><mrow><msup><mi>x</mi><mn>2</mn></msup></mrow></math> and `$y$` and \n'
        '<div class="math-display"><math display="block"><mrow><mfrac><mrow><mn>1</mn></mrow><mrow><mn>2</mn></mrow>'
        '</mfrac></mrow></math></div>\n and <code>\\badcmd{</code>')
    # Written without its xmlns: nbconvert's heading anchors would turn a namespaced <math> into <ns0:math>.
    assert "xmlns" not in feedback.to_mathml("$a$")


def test_a_long_cell_is_cut_with_a_note_in_the_students_language():
    step = feedback.LimitSource(max_lines=3)
    code = nbformat.v4.new_code_cell("\n".join(f"x{i} = {i}" for i in range(10)))
    assert step.preprocess_cell(code, {"feedback": {"language": "en"}}, 0)[0].source == (
        "x0 = 0\nx1 = 1\nx2 = 2\n# … 7 more line(s) of this cell are not shown on this page (it has 10 lines; your "
        "notebook keeps them all).")
    prose = nbformat.v4.new_markdown_cell("\n".join(f"line {i}" for i in range(10)))
    assert step.preprocess_cell(prose, {"feedback": {"language": "zh-CN"}}, 0)[0].source == (
        "line 0\nline 1\nline 2\n\n*……这个单元格还有 7 行没有显示在本页上"
        "（它一共有 10 行；你的 notebook 里全部保留）。*")
    short = nbformat.v4.new_code_cell("x = 1\ny = 2\nz = 3")
    assert step.preprocess_cell(short, {}, 0)[0].source == "x = 1\ny = 2\nz = 3"


def test_student_html_keeps_only_inert_markup():
    assert feedback.student_html('<p onclick="x()">hi<script>alert(1)</script><img src="a.png" onerror="y()"></p>') \
        == '<p>hi&lt;script&gt;alert(1)&lt;/script&gt;<img src="a.png"></p>'
    assert feedback.student_html(b'<a href="javascript:alert(1)">x</a>') == "<a>x</a>"


def test_images_get_a_default_description_and_cells_take_the_focus():
    assert feedback.accessible('<img src="a"><img alt="b" src="c"><div class="jp-Cell-inputWrapper">') == (
        '<img alt="No description has been provided for this image" src="a"><img alt="b" src="c">'
        '<div class="jp-Cell-inputWrapper" tabindex="0">')
    assert feedback.accessible("\ud800") == "\\ud800"  # a lone surrogate could not be saved as UTF-8


def test_kept_results_are_reused_bounded_and_oldest_out_first():
    kept = feedback.Kept(limit=10, largest=6)
    assert [kept.get(("ab",), lambda: "cd"), kept.get(("ab",), lambda: "other")] == ["cd", "cd"]
    assert [kept.get(("abcdefgh",), lambda: "1"), kept.get(("abcdefgh",), lambda: "2")] == ["1", "2"]  # too large
    kept.get(("ef",), lambda: "gh")
    kept.get(("ij",), lambda: "kl")  # 12 characters kept: the oldest goes
    assert (list(kept.values), kept.size) == ([("ef",), ("ij",)], 8)


@pytest.mark.parametrize("title,plain", [("`forward` **pass**", "forward pass"), ("  a_b  ", "a_b")])
def test_a_heading_is_read_as_plain_text(title, plain):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"# {title}"), graded_cell("code", "t", 1, 1)])
    assert feedback.summary(nb, None, "T", "en")["exercises"][0]["title"] == plain


def test_the_feedback_exporter_renders_what_nbconverts_html_exporter_renders():
    """FeedbackExporter renders as HTMLExporter does with the same sanitizing, without its second parse of the page
    (and with the results of highlighting, sanitizing and rendering markdown kept): the same document, node for
    node. It relies on HTMLExporter's steps: pinned."""
    import inspect

    from bs4 import BeautifulSoup
    from nbconvert.exporters import HTMLExporter

    from autograder.pipeline.feedback import FeedbackExporter, student_html
    from tests.conftest import REPO

    source = inspect.getsource(HTMLExporter.from_notebook_node)
    assert all(step in source for step in ('register_filter("highlight_code"', 'register_filter("filter_data_type"',
                                           "self._init_resources(resources)", "BeautifulSoup(html"))
    notebook = nbformat.read(REPO / "release" / "05_cat_classifier" / "cat_classifier.ipynb", as_version=4)
    code = next(cell for cell in notebook.cells if cell.cell_type == "code")
    code.outputs = [nbformat.v4.new_output("display_data", {"text/html": "<img src='data:,x'><b>hi</b>"})]
    # nbconvert's exporter configured as ours is: sanitized once rendered, by the course's student_html.
    theirs, _ = HTMLExporter(template_name="lab", sanitize_html=True,
                             filters={"clean_html": student_html}).from_notebook_node(notebook)
    for _ in range(2):  # the second time from what was kept
        ours, _ = FeedbackExporter(template_name="lab").from_notebook_node(notebook)
        assert str(BeautifulSoup(ours, features="html.parser")) == theirs


def test_markdown_is_kept_by_all_that_nbconvert_renders_it_from(monkeypatch):
    """HTMLExporter's markdown filter reads the cell's attachments, the notebook's folder (to embed images) and three
    options besides the text (pinned): a page is rendered again where attachments or embedding are in play."""
    import inspect

    from nbconvert.exporters import HTMLExporter

    from autograder.pipeline.feedback import FeedbackExporter

    made = inspect.getsource(HTMLExporter.markdown2html).split("IPythonRenderer(", 1)[1].split(")", 1)[0]
    assert [part.split("=")[0].strip() for part in made.split(",") if part.strip()] == [
        "escape", "attachments", "embed_images", "path", "anchor_link_text", "exclude_anchor_links",
        "**self.lexer_options"]
    rendered = []
    own = HTMLExporter.markdown2html

    def counted(self, context, source):
        rendered.append(source)
        return own(self, context, source)

    monkeypatch.setattr(HTMLExporter, "markdown2html", counted)
    monkeypatch.setattr(feedback, "_MARKDOWN", feedback.Kept())
    exporter = FeedbackExporter(template_name="lab")
    cell = {"cell": nbformat.v4.new_markdown_cell("# A *title*")}
    attached = {"cell": nbformat.v4.new_markdown_cell("![x](attachment:x.png)", attachments={
        "x.png": {"image/png": "iVBORw0KGgo="}})}
    pages = [FeedbackExporter.markdown2html(exporter, context, context["cell"].source)
             for context in (cell, cell, attached, attached)]
    assert pages[0] == pages[1] == own(exporter, cell, "# A *title*") and "<em>title</em>" in pages[0]
    assert pages[2] == pages[3] and "data:image/png;base64" in pages[2]
    assert rendered == ["# A *title*", "![x](attachment:x.png)", "![x](attachment:x.png)"]


def test_the_summary_step_reads_the_outcome_beside_the_notebook_in_the_students_language(repo_course, tmp_path):
    outcome = Outcome("li", "timeout", [say("outcome.wall_time", seconds=30)], verdicts={"sgd-forward-test": None})
    outcome.write(tmp_path)
    nb = nbformat.read(repo_course.release_notebook(A02), as_version=4)
    resources = {"nbgrader": {"assignment": A02, "student": "li"}, "metadata": {"path": str(tmp_path)}}
    _, resources = configured(feedback.FeedbackSummary).preprocess(nb, resources)
    assert resources["language_code"] == "zh-CN"
    assert resources["feedback"] == feedback.summary(nb, outcome, repo_course.assignment(A02).title_in("zh-CN"),
                                                     "zh-CN")
    assert (resources["feedback"]["status"], resources["feedback"]["title"]) == ("timeout", "单个样本上的梯度下降")


def test_a_chinese_readers_page_shows_the_released_cells_in_chinese_and_her_own_answers_as_written(repo_course):
    nb = nbformat.read(repo_course.release_notebook(A02), as_version=4)
    answer = next(cell for cell in nb.cells if cell.metadata.get("nbgrader", {}).get("grade_id") == "sgd-forward-code")
    answer.source = "def forward(x1, x2, w1, w2, b):\n    return 0.5  # 我的答案\n"
    chinese = {cell.metadata.nbgrader["grade_id"]: cell.source
               for cell in nbformat.read(repo_course.release_notebook(A02).with_name("single_example_gd.zh-CN.ipynb"),
                                         as_version=4).cells if "nbgrader" in cell.metadata}
    english = {cell.metadata.nbgrader["grade_id"]: cell.source for cell in nb.cells if "nbgrader" in cell.metadata}
    for student, expected in (("alice", english), ("li", {**chinese, "sgd-forward-code": answer.source})):
        page = nbformat.from_dict(nb)
        page, _ = configured(feedback.InTheirLanguage).preprocess(page, {"nbgrader": {"assignment": A02,
                                                                                      "student": student}})
        assert {cell.metadata.nbgrader["grade_id"]: cell.source for cell in page.cells
                if "nbgrader" in cell.metadata} == expected
    assert chinese != english  # the released notebook has Chinese text to show
