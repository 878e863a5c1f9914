"""The Chinese translation: its check (missing, stale, orphaned), the release that refuses a stale one, the Chinese
notebook with the English one's graded structure, and one assignment through nbgrader's exchange in two languages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbgrader.utils import compute_checksum

from autograder import demo, translation
from autograder.author.check import source_problems
from autograder.course import Course, CourseError
from autograder.pipeline import intake
from tests import translations
from tests.conftest import REPO, copy_course

ASSIGNMENT = "02_single_example_gd"


@pytest.fixture
def root(tmp_path):
    return copy_course(tmp_path / "course")  # with the course's own translations


def _source(root: Path) -> Path:
    return Course.load(root).source_notebook(ASSIGNMENT)


def _edit_english(root: Path, cell_id: str, new_text: str) -> None:
    nb = nbformat.read(_source(root), as_version=4)
    next(c for c in nb.cells if c.id == cell_id).source = new_text
    nbformat.write(nb, _source(root))


def test_fingerprint_is_the_first_12_hex_digits_of_the_sha256_of_the_joined_source():
    lines = ["## 1. The setting\n", "\n", "One training example"]
    assert translation.fingerprint("".join(lines)) == \
        __import__("hashlib").sha256("".join(lines).encode()).hexdigest()[:12]
    assert len(translation.fingerprint("x")) == 12


def test_a_complete_current_translation_has_no_problems_and_latex_stays_as_written(root):
    assert Course.load(root).translation_problems(ASSIGNMENT) == []
    entries = translation.load(root / "source" / ASSIGNMENT / translation.FILE)
    assert r"$y \in \{0, 1\}$" in entries["markdown-3"].zh
    assert not entries["markdown-3"].zh.endswith("\n")


def test_a_changed_english_cell_makes_its_translation_stale_and_the_release_refuses(root):
    path = root / "source" / ASSIGNMENT / translation.FILE
    old = translation.fingerprint(next(c.source for c in nbformat.read(_source(root), as_version=4).cells
                                       if c.id == "markdown-5"))
    _edit_english(root, "markdown-5", "## 2. The forward pass\n\nFrom left to right.")
    new = translation.fingerprint("## 2. The forward pass\n\nFrom left to right.")
    problems = Course.load(root).translation_problems(ASSIGNMENT)
    assert [(p.cell, p.kind) for p in problems] == [("markdown-5", "stale")]
    assert str(problems[0]) == (
        f"{path}: cell 'markdown-5' changed in English since it was translated (the file has en = \"{old}\", the "
        f"English text is now \"{new}\"): bring its zh text up to date with the English cell, then set en = \"{new}\"")
    released = {f.name: f.read_bytes() for f in (root / "release" / ASSIGNMENT).iterdir()}
    with pytest.raises(CourseError) as refused:
        Course.load(root).release([ASSIGNMENT])
    assert str(refused.value).splitlines() == [
        "the Chinese translation is not up to date with the English notebook, so nothing was released:",
        f"  {problems[0]}"]
    assert {f.name: f.read_bytes() for f in (root / "release" / ASSIGNMENT).iterdir()} == released
    # The same check from the command line (CI): exit 1, one line a problem.
    done = subprocess.run([sys.executable, "-m", "autograder.translation", ASSIGNMENT], cwd=root,
                          capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout.splitlines()) == (1, [str(problems[0]), "1 translation problem(s)"])
    # And in `autograder check`, which release and grade run first.
    assert [str(p) for p in source_problems(Course.load(root), ASSIGNMENT)] == [
        f"source/{ASSIGNMENT}/zh-CN.toml, cell markdown-5 (zh-CN): changed in English since it was translated (the "
        f"file has en = \"{old}\", the English text is now \"{new}\"). Fix: bring its zh text up to date with the "
        f"English cell, then set en = \"{new}\""]


def test_missing_and_orphaned_translations_are_named_with_what_to_do(root):
    path = root / "source" / ASSIGNMENT / translation.FILE
    text = path.read_text(encoding="utf-8").replace('[cells."markdown-4"]', '[cells."markdown-404"]')
    path.write_text(text, encoding="utf-8")
    fingerprint = translation.fingerprint(next(c.source for c in nbformat.read(_source(root), as_version=4).cells
                                               if c.id == "markdown-4"))
    assert [str(p) for p in Course.load(root).translation_problems(ASSIGNMENT)] == [
        f"{path}: cell 'markdown-4' has no translation: add a [cells.\"markdown-4\"] table with its Chinese text as "
        f"zh and en = \"{fingerprint}\"",
        f"{path}: cell 'markdown-404' is not a translatable cell of the notebook (deleted, renamed, or graded): "
        "remove its table"]


def test_without_a_translation_file_an_assignment_has_nothing_to_check(tmp_path):
    root = copy_course(tmp_path / "course")
    assert Course.load(root).translation_problems(ASSIGNMENT) == []


def test_the_chinese_notebook_has_the_english_graded_structure(root):
    course = Course.load(root)
    course.release([ASSIGNMENT])
    english = nbformat.read(course.release_notebook(ASSIGNMENT), as_version=4)
    chinese = nbformat.read(course.release_notebook(ASSIGNMENT).with_name("single_example_gd.zh-CN.ipynb"),
                            as_version=4)
    def graded(cell) -> tuple:
        """A cell as nbgrader grades it, its checksum aside (a locked cell's is its own text's)."""
        nbgrader = {k: v for k, v in cell.metadata.get("nbgrader", {}).items() if k != "checksum"}
        return cell.id, cell.cell_type, {**cell.metadata, "nbgrader": nbgrader}

    assert [graded(c) for c in chinese.cells] == [graded(c) for c in english.cells]
    assert all(c.metadata.nbgrader["checksum"] == compute_checksum(c) for c in chinese.cells
               if c.metadata.get("nbgrader", {}).get("locked"))
    changed = {c.id for c, e in zip(chinese.cells, english.cells, strict=True) if c.source != e.source}
    # The markdown a student reads, nbgrader's stubs in the answer cells, and the code cells' comments and printed
    # text, their code unchanged.
    stubs = {c.id for c in english.cells if any(stub in c.source for stub, _ in translation.STUBS)}
    code = set(translation.load_code(root / "source" / ASSIGNMENT / translation.FILE))
    markdown = {c.id for c in english.cells if translation.translatable(c)}
    assert stubs and code and changed == markdown | stubs | code
    assert all(translation.code_of(c.source) == translation.code_of(e.source)
               for c, e in zip(chinese.cells, english.cells, strict=True) if c.id in code)
    assert next(c for c in chinese.cells if c.id == "markdown-1").source.startswith("# 单个样本上的梯度下降\n")
    assert chinese.metadata["language"] == "zh-CN"
    # The translation file itself is never released.
    assert sorted(p.name for p in (root / "release" / ASSIGNMENT).iterdir()) == \
        ["single_example_gd.ipynb", "single_example_gd.zh-CN.ipynb"]


def _nbgrader(args: list[str], cwd: Path, env: dict) -> None:
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def two_languages(tmp_path_factory):
    """li reads Chinese (the roster says so), alice English: each fetches the assignment through nbgrader's exchange,
    both submit the same code (`update` left undone), `autograder grade` and `autograder feedback` run once."""
    tmp_path = tmp_path_factory.mktemp("two-languages")
    root = copy_course(tmp_path / "course")
    translations.set_roster(root, ["li"])
    course = Course.load(root)
    course.release([ASSIGNMENT])
    exchange = root / "exchange"  # the course's own default, where intake.receive() finds it too
    env = {**os.environ, "NBGRADER_EXCHANGE_ROOT": str(exchange),
           "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    _nbgrader(["release_assignment", ASSIGNMENT], root, env)
    assignment = course.assignment(ASSIGNMENT)
    answers = {c.metadata["nbgrader"]["grade_id"]: c.source for c in demo.solved(root, assignment).cells
               if c.get("metadata", {}).get("nbgrader", {}).get("solution")}
    for student, language in (("alice", "en"), ("li", "zh-CN")):
        home = tmp_path / student
        home.mkdir()
        # What a student's server on the hub is configured with (deploy/hub/jupyter): no course directory.
        as_student = [f"--Exchange.root={exchange}", "--CourseDirectory.course_id=lrnn",
                      f"--CourseDirectory.student_id={student}",
                      "--ExchangeFactory.fetch_assignment=autograder.pipeline.exchange.LanguageFetch"]
        student_env = {**env, "AUTOGRADER_LANGUAGE": language}
        _nbgrader(["fetch_assignment", ASSIGNMENT, *as_student], home, student_env)
        assert sorted(p.name for p in (home / ASSIGNMENT).iterdir()) == ["single_example_gd.ipynb"]
        mine = nbformat.read(home / ASSIGNMENT / "single_example_gd.ipynb", as_version=4)
        title = next(c for c in mine.cells if c.id == "markdown-1").source.splitlines()[0]
        assert title == {"en": "# Gradient descent on one example", "zh-CN": "# 单个样本上的梯度下降"}[language]
        for cell in mine.cells:
            if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") in set(answers) - {"sgd-update-code"}:
                cell.source = answers[cell.metadata["nbgrader"]["grade_id"]]
        # Submitted as the course's grading service takes it in from the student's server (its intake).
        intake.receive(course, student, ASSIGNMENT, {"single_example_gd.ipynb": nbformat.writes(mine).encode()})
    _nbgrader(["collect", ASSIGNMENT], root, env)
    for command in (["grade", ASSIGNMENT, "--jobs", "2", "--quiet"], ["feedback", ASSIGNMENT]):
        done = subprocess.run([sys.executable, "-m", "autograder.cli", *command], cwd=root, env=env,
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
    return root


def test_one_assignment_in_two_languages_one_gradebook_same_scores_feedback_in_each_language(two_languages):
    """Each student fetched one notebook under the one name nbgrader grades; the gradebook holds one notebook with
    the catalogue's points; the same code has the same grades; each reads the feedback page in their language."""
    root = two_languages
    course = Course.load(root)
    assignment = course.assignment(ASSIGNMENT)
    with course.gradebook() as gb:
        released = gb.find_assignment(ASSIGNMENT)
        assert [n.name for n in released.notebooks] == ["single_example_gd"]
        assert released.max_score == assignment.points
        scores = {s: {g.name: g.score for g in gb.find_submission_notebook("single_example_gd", ASSIGNMENT, s).grades}
                  for s in ("alice", "li")}
    # Both left `update` (2 points) unanswered; the written answer (3 points) waits for a person.
    assert scores["alice"] == scores["li"] and sum(scores["li"].values()) == assignment.points - 2 - 3
    pages = {s: (root / "feedback" / s / ASSIGNMENT / "single_example_gd.html").read_text() for s in ("alice", "li")}
    assert "<th>Exercise</th><th>Points</th><th>What to look at</th>" in pages["alice"]
    assert "<th>练习</th><th>得分</th><th>需要注意的地方</th>" in pages["li"] and '<html lang="zh-CN">' in pages["li"]
    assert "<h1>单个样本上的梯度下降</h1>" in pages["li"]
    assert "<h1>Gradient descent on one example</h1>" in pages["alice"]
    assert "`update` raised NotImplementedError" in pages["alice"]
    assert "`update` 在第 1 个隐藏测试用例（共 " in pages["li"]
    assert "个）上抛出了异常 NotImplementedError" in pages["li"]
    assert "单个样本上的梯度下降" in pages["li"] and "单个样本上的梯度下降" not in pages["alice"]
    # The public checks ran in the sandbox in each student's language, as they did in the student's own kernel.
    assert "✓ forward：全部公开检查都已通过。" in pages["li"]
    assert "✓ forward: all public checks passed." not in pages["li"]
    assert "✓ forward: all public checks passed." in pages["alice"]


def test_the_chinese_feedback_page_draws_every_character_in_chromium(two_languages):
    """No tofu: a character without a font is drawn as the same empty box as every other, so the page's Chinese
    characters, each drawn alone in the page's own style, must all look different, and none like a character
    that no font has (U+10FFFD)."""
    from playwright.sync_api import sync_playwright

    from tests.hub_helpers import CHROMIUM_ARGS

    page_file = two_languages / "feedback" / "li" / ASSIGNMENT / "single_example_gd.html"
    characters = "练习得分需要注意的地方单个样本上梯度下降"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        try:
            view = browser.new_page(viewport={"width": 900, "height": 1400})
            view.goto(page_file.as_uri())
            artifacts = Path(__file__).resolve().parent / "artifacts"
            artifacts.mkdir(exist_ok=True)
            view.screenshot(path=str(artifacts / "feedback-zh-CN.png"))
            assert view.inner_text("thead").strip() == "练习\t得分\t需要注意的地方"
            view.evaluate("""chars => {
                const row = document.createElement('p');
                row.id = 'glyphs';
                for (const c of chars) { const s = document.createElement('span'); s.textContent = c;
                                         s.style.display = 'inline-block'; row.appendChild(s); }
                document.querySelector('.feedback-summary').appendChild(row);
            }""", [*characters, "\U0010fffd"])
            shots = [span.screenshot() for span in view.query_selector_all("#glyphs span")]
        finally:
            browser.close()
    drawn, missing = shots[:-1], shots[-1]
    assert len(set(drawn)) == len(set(characters)) and missing not in drawn


def test_every_translation_in_the_course_is_complete_and_current():
    """CI's check of the course's own translations (source/<id>/zh-CN.toml): a changed English cell fails here."""
    course = Course.load(REPO)
    assert [str(p) for a in course.catalogue.ids() for p in course.translation_problems(a)] == []


def test_the_chinese_notebooks_quote_the_success_line_their_checks_print():
    """'How to work' tells the student which line to look for: in Chinese, the line the checks print in Chinese."""
    from autograder import i18n

    line = f"`{i18n.text('check.passed', 'zh-CN', name='<function>')}`"
    course = Course.load(REPO)
    for assignment in course.catalogue.assignments:
        entries = translation.load(course.translation_file(assignment.id))
        assert line in entries["markdown-2"].zh, assignment.id
        assert "all public checks passed" not in "".join(e.zh for e in entries.values()), assignment.id


def _code_cell(cell_id: str, source: str, **nbgrader):
    cell = nbformat.v4.new_code_cell(source)
    cell.id = cell_id
    if nbgrader:
        cell.metadata["nbgrader"] = {"schema_version": 3, **nbgrader}
    return cell


SETUP = '''# From assignment 1, ready to use:
def sigmoid(z):
    """The logistic function, elementwise."""
    return 1 / (1 + np.exp(-z))


print(f"sigma(0) is {sigmoid(0):.2f}, as it should be")
grads = {"dw1": 1.0}
'''
SETUP_ZH = (("# From assignment 1, ready to use:", "# 作业 1 中的函数，可以直接使用："),
            ('"""The logistic function, elementwise."""', '"""逐元素计算的逻辑函数。"""'),
            ('f"sigma(0) is {sigmoid(0):.2f}, as it should be"', 'f"sigma(0) 等于 {sigmoid(0):.2f}，正如预期"'))


def test_a_code_cell_says_its_words_in_chinese_and_keeps_its_code():
    chinese = translation.translated_code(SETUP, SETUP_ZH)
    assert "作业 1 中的函数" in chinese and translation.english_in_code(chinese) == []
    assert translation.code_of(chinese) == translation.code_of(SETUP)
    assert translation.english_in_code(SETUP) == [pair[0] for pair in SETUP_ZH]
    # A format field that changes, or a dictionary key that is translated, is a change of code.
    for changed in ('f"sigma(0) 等于 {sigmoid(0):.3f}，正如预期"', 'f"sigma(0) 等于 {sigmoid(1):.2f}，正如预期"'):
        assert translation.code_of(SETUP.replace(SETUP_ZH[2][0], changed)) != translation.code_of(SETUP)
    assert translation.code_of(SETUP.replace('"dw1"', '"权重"')) == translation.code_of(SETUP)  # see below
    # nbgrader's stubs read in Chinese too.
    assert translation.translated_code("# YOUR CODE HERE\nraise NotImplementedError()", ()) == \
        "# 在这里写你的代码\nraise NotImplementedError()"


def test_the_problems_of_code_translations_are_named(tmp_path):
    """A fragment the cell no longer holds (stale), a translation that changes code, English left (missing), a
    table for a cell that is gone (orphaned); a dictionary key translated changes what the code does, which the
    token comparison cannot see: the released Chinese notebook is run by the course's tests to catch that."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [_code_cell("setup", SETUP), _code_cell("plot", 'plt.title("Learning curves")\n')]
    notebook = tmp_path / "n.ipynb"
    nbformat.write(nb, notebook)
    path = tmp_path / translation.FILE

    def found(code: str) -> list[tuple[str, str]]:
        path.write_text(code, encoding="utf-8")
        return [(p.cell, p.kind) for p in translation.problems(notebook, path)]

    pairs = ",\n".join(f"[{english!r}, {chinese!r}]" for english, chinese in SETUP_ZH)
    complete = f'[code.setup]\nreplace = [\n{pairs}\n]\n[code.plot]\nreplace = [["Learning curves", "学习曲线"]]\n'
    assert found(complete) == []
    assert found(complete.replace("Learning curves", "Learning rates", 1)) == [("plot", "stale"), ("plot", "missing")]
    assert found(complete.replace("{sigmoid(0):.2f}，", "{sigmoid(0):.3f}，")) == [("setup", "code")]
    assert found(complete.replace("[code.plot]\nreplace = [[\"Learning curves\", \"学习曲线\"]]\n", "")) == \
        [("plot", "missing")]
    assert found(complete + '[code.gone]\nreplace = [["a b", "甲乙"]]\n') == [("gone", "orphaned")]
    assert found('[code.setup]\nreplace = "everything"\n')[0] == ("*", "unreadable")
    # A file that translates no code yet: the notebook's code is released as the English one, and nothing is missing.
    assert found("") == []


def test_every_notebooks_code_cells_are_translated():
    """Each assignment's translation file translates its code cells, with no English left in them."""
    course = Course.load(REPO)
    untranslated = [a.id for a in course.catalogue.assignments
                    if not translation.load_code(course.translation_file(a.id))]
    assert untranslated == []


def test_a_locked_cell_in_chinese_gets_its_own_checksum_and_counts_as_the_released_one():
    """nbgrader's Validate checks a locked cell against its checksum: the Chinese notebook's is the Chinese text's.
    The grader takes the Chinese text as the released cell (not tampered) and grades the English one; an answer
    left as its Chinese stub is graded as the English stub, so it scores what the English one does."""
    from nbgrader.utils import compute_checksum

    from autograder.judge import integrity

    setup = _code_cell("setup", SETUP, grade=False, locked=True, solution=False, grade_id="setup")
    setup.metadata.nbgrader["checksum"] = compute_checksum(setup)
    answer = _code_cell("answer", "# YOUR CODE HERE\nraise NotImplementedError()", grade=False, locked=False,
                        solution=True, grade_id="answer")
    english = nbformat.v4.new_notebook()
    english.cells = [setup, answer]
    chinese = translation.translated(english, {}, {"setup": SETUP_ZH})
    assert chinese.cells[0].source == translation.translated_code(SETUP, SETUP_ZH)
    assert chinese.cells[0].metadata.nbgrader["checksum"] == compute_checksum(chinese.cells[0]) != \
        setup.metadata.nbgrader["checksum"]
    assert chinese.cells[1].source.startswith("# 在这里写你的代码")
    released = integrity.released_cells(english, chinese)
    submitted = nbformat.reads(nbformat.writes(chinese), as_version=4)
    assert integrity.repair(submitted, released) == []
    assert [cell.source for cell in submitted.cells] == [cell.source for cell in english.cells]
    # A locked cell changed in any other way is still tampering.
    edited = nbformat.reads(nbformat.writes(chinese), as_version=4)
    edited.cells[0].source += "sigmoid = abs\n"
    assert [status for status, _ in integrity.repair(edited, released)] == ["tampered"]
