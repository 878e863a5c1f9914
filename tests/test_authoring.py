"""Authoring (autograder.author): `new`, `expected`, `check`, `try`, as an instructor uses them.

A tiny sixth assignment (L2 regularization: two functions and one written answer) is written from the
`autograder new` skeleton in a throw-away course that holds only the course's nbgrader_config.py and catalogue
header. The end-to-end test checks, releases and grades it; each mistake test makes one ordinary authoring
mistake in a copy of it and shows that `check` names the file, the cell and the fix, and that `release` and
`grade` stop before doing anything.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import nbformat
import pytest

from autograder import cli, demo
from autograder.author import answers, trial
from autograder.author import check as authoring_check
from autograder.catalogue import CATALOGUE
from autograder.course import Course
from tests.conftest import REPO

ID = "06_l2_regularization"
NOTEBOOK = "l2_regularization.ipynb"
GRADING = f"source/{ID}/grading.py"
SOURCE_NB = f"source/{ID}/{NOTEBOOK}"

PENALTY = '''def penalty(W, lambd, m):
    """The L2 cost term: lambd / (2 m) times the sum of the squared weights."""
    ### BEGIN SOLUTION
    return float(lambd / (2 * m) * np.sum(W ** 2))
    ### END SOLUTION'''
GRADIENT = '''def gradient(dW, W, lambd, m):
    """dW of the regularized cost: the plain gradient plus lambd / m times W."""
    ### BEGIN SOLUTION
    return dW + lambd / m * W
    ### END SOLUTION'''
ARGS = {"penalty": ["np.array([[1.0, -2.0], [0.5, 3.0]])", "0.7", "5"],
        "gradient": ["np.array([[0.1, -0.2]])", "np.array([[1.0, 2.0]])", "0.5", "4"]}
GRADING_PY = '''"""Hidden checks of 06_l2_regularization."""

import numpy as np

from autograder import checks
from autograder.authoring import Check


def penalty_required():
    return [dict(W=np.array([[1.0, -2.0, 0.5]]), lambd=0.7, m=5), dict(W=np.array([[3.0], [-1.0]]), lambd=1.5, m=1)]


def penalty_cases(rng):
    return [dict(W=rng.normal(size=(int(rng.integers(2, 6)), int(rng.integers(2, 6)))),
                 lambd=float(rng.uniform(0.1, 2)), m=int(rng.integers(3, 50))) for _ in range(3)]


def compare_penalty(got, expected, args):
    checks.check_scalar("penalty(W, lambd, m)", got, expected, kind=float, m=args["m"])


def gradient_required():
    return [dict(dW=np.array([[0.1, -0.2]]), W=np.array([[1.0, 2.0]]), lambd=0.5, m=4),
            dict(dW=np.array([[0.3], [0.0]]), W=np.array([[-1.0], [0.5]]), lambd=2.0, m=1)]


def gradient_cases(rng):
    shape = (int(rng.integers(2, 6)), int(rng.integers(2, 6)))
    return [dict(dW=rng.normal(size=shape), W=rng.normal(size=shape), lambd=float(rng.uniform(0.1, 2)),
                 m=int(rng.integers(3, 50))) for _ in range(3)]


def compare_gradient(got, expected, args):
    checks.check_array("gradient(dW, W, lambd, m)", got, expected, m=args["m"])


CHECKS = {
    "l2-penalty-test": Check("penalty", penalty_cases, compare_penalty, required=penalty_required),
    "l2-gradient-test": Check("gradient", gradient_cases, compare_gradient, required=gradient_required),
}
'''


def run(root: Path, monkeypatch, *argv: str) -> tuple[int, str]:
    """`autograder ARGV...` in the course at `root`: its exit status and everything it printed."""
    monkeypatch.chdir(root)
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = cli.main(list(argv))
    return status, out.getvalue() + err.getvalue()


def skeleton_course(root: Path) -> Path:
    """The course's nbgrader_config.py and its catalogue without any assignment, and a tests/ folder."""
    (root / "assignments").mkdir(parents=True)
    (root / "tests").mkdir()
    shutil.copy(REPO / "nbgrader_config.py", root)
    header = (REPO / CATALOGUE).read_text().split("\n[[assignment]]")[0]
    (root / CATALOGUE).write_text(header)
    return root


def expected_value(root, monkeypatch, function: str) -> str:
    """What `autograder expected` prints for the check cell's inputs (the line `expected = ...`)."""
    status, out = run(root, monkeypatch, "expected", ID, function, *ARGS[function])
    assert status == 0, out
    return re.search(r"^expected = (.+)$", out, re.MULTILINE).group(1)


def check_cell(function: str, expected: str) -> str:
    call = f"{function}({', '.join(ARGS[function])})"
    return (f"value = checks.call({function}, {', '.join(ARGS[function])})\n"
            + (f'checks.check_scalar("{call}", value, {expected})\n' if function == "penalty" else
               f'checks.check_array("{call}", value, {expected})\n') + "checks.passed()")


def fill_in(root: Path, monkeypatch) -> None:
    """What the author does after `autograder new`: the solution, the check cells with the values `expected`
    computes, a second exercise made from the first one's cells, grading.py, and the catalogue's points."""
    path = root / SOURCE_NB
    nb = nbformat.read(path, as_version=4)
    by_id = {c.metadata.get("nbgrader", {}).get("grade_id"): i for i, c in enumerate(nb.cells)}
    intro, answer, test = (nb.cells[by_id["l2-penalty-code"] - 1], nb.cells[by_id["l2-penalty-code"]],
                           nb.cells[by_id["l2-penalty-test"]])
    answer.source = PENALTY
    nbformat.write(nb, path)  # `expected` runs the solution written so far
    test.source = check_cell("penalty", expected_value(root, monkeypatch, "penalty"))
    intro.source = "### Exercise 1: `penalty(W, lambd, m)` (2 points)\n\nThe L2 cost term."
    copy_as = lambda cell, grade_id: {"nbgrader": dict(cell.metadata["nbgrader"], grade_id=grade_id)}  # noqa: E731
    second = [nbformat.v4.new_markdown_cell("### Exercise 2: `gradient(dW, W, lambd, m)` (2 points)"),
              nbformat.v4.new_code_cell(GRADIENT, metadata=copy_as(answer, "l2-gradient-code")),
              nbformat.v4.new_code_cell("", metadata=copy_as(test, "l2-gradient-test"))]
    at = by_id["l2-penalty-test"] + 1
    nb.cells[at:at] = second
    nbformat.write(nb, path)
    nb.cells[at + 2].source = check_cell("gradient", expected_value(root, monkeypatch, "gradient"))
    nbformat.write(nb, path)
    (root / GRADING).write_text(GRADING_PY)
    catalogue_file = root / CATALOGUE
    catalogue_file.write_text(catalogue_file.read_text().replace("points = 4\n", "points = 6\n"))


@pytest.fixture(scope="module")
def authored(tmp_path_factory):
    """The tiny assignment, filled in from the skeleton and checked once (its result cached)."""
    root = skeleton_course(tmp_path_factory.mktemp("authored"))
    with pytest.MonkeyPatch.context() as monkeypatch:
        status, out = run(root, monkeypatch, "new", ID, "--function", "penalty", "--title", "L2 regularization")
        assert status == 0, out
        fill_in(root, monkeypatch)
        status, out = run(root, monkeypatch, "check", ID)
    assert (status, out.strip()) == (
        0, f"{ID}: ready (the solution gets every point and the stub none; nothing to fix)")
    return root


def test_new_writes_a_skeleton_that_check_refuses_until_it_is_filled_in(tmp_path, monkeypatch):
    root = skeleton_course(tmp_path)
    status, out = run(root, monkeypatch, "new", ID, "--function", "penalty")
    assert status == 0, out
    for path in (SOURCE_NB, GRADING, f"tests/students/a{ID}.py", f"tests/test_{ID}.py"):
        assert (root / path).is_file(), path
    assert "\nCORRECT: list[Student] = []\n" in (root / f"tests/students/a{ID}.py").read_text()
    assert "\nMISTAKES: list[Student] = []\n" in (root / f"tests/students/a{ID}.py").read_text()
    assert "assert_each_wrong_answer_loses_exactly_its_points(graded_class(\"06_l2_regularization\"))" in \
        (root / f"tests/test_{ID}.py").read_text()
    kinds = [(c.cell_type, c.metadata.get("nbgrader", {}).get("grade_id"))
             for c in nbformat.read(root / SOURCE_NB, as_version=4).cells]
    assert kinds == [("markdown", None), ("markdown", None), ("code", "l2-imports-setup"), ("markdown", None),
                     ("code", "l2-penalty-code"), ("code", "l2-penalty-test"), ("markdown", None),
                     ("markdown", "l2-reflection-answer")]
    status, out = run(root, monkeypatch, "check", ID)
    assert status == 2
    assert f"{SOURCE_NB}, cell l2-penalty-code: the reference solution is not written yet" in out
    assert f"{SOURCE_NB}, cell l2-penalty-test: the check cell still expects TODO_EXPECTED" in out
    status, out = run(root, monkeypatch, "new", ID)
    assert status == 2 and "exists already" in out


def test_check_reads_the_mistakes_of_the_catalogue_of_answers(tmp_path, monkeypatch):
    root = skeleton_course(tmp_path)
    status, out = run(root, monkeypatch, "new", ID, "--function", "penalty")
    assert status == 0, out
    assert authoring_check.wrong_answers(Course.load(root), ID) == []
    path = root / f"tests/students/a{ID}.py"
    path.write_text(path.read_text().replace(
        "\nMISTAKES: list[Student] = []\n",
        '\nMISTAKES = [wrong_in("m-forgets-to-square", "l2-penalty-code", "forgets to square",\n'
        '                     _fn("penalty(W, lambd, m)", "return float(lambd / (2 * m) * np.sum(W))"))]\n'))
    assert authoring_check.wrong_answers(Course.load(root), ID) == [
        answers.Student("m-forgets-to-square", "forgets to square", {"l2-penalty-code": (
            "def penalty(W, lambd, m):\n    return float(lambd / (2 * m) * np.sum(W))\n")},
            frozenset({"l2-penalty-code"}))]


def test_a_new_assignment_filled_in_checks_releases_and_grades_as_deserved(authored, tmp_path, monkeypatch):
    root = tmp_path / "course"
    shutil.copytree(authored, root)
    # The fixture's check was kept: this one, and the one release runs, read it without a trial.
    monkeypatch.setattr(trial, "run", lambda *a, **k: pytest.fail("the check was not cached"))
    status, out = run(root, monkeypatch, "check", ID)
    assert (status, out.strip()) == (
        0, f"{ID}: ready (the solution gets every point and the stub none; nothing to fix)")
    status, out = run(root, monkeypatch, "release", ID)
    assert status == 0, out
    released = (root / "release" / ID / NOTEBOOK).read_text()
    assert "BEGIN SOLUTION" not in released and "lambd / m * W" not in released
    monkeypatch.undo()

    assignment = Course.load(root).assignment(ID)
    demo.submit(root, assignment, "right", demo.solved(root, assignment))
    forgot_m = (GRADIENT.replace("### BEGIN SOLUTION\n", "").replace("    ### END SOLUTION", "")
                .replace("lambd / m", "lambd"))
    demo.submit(root, assignment, "wrong", demo.solved(root, assignment, {"l2-gradient-code": forgot_m}))
    status, out = run(root, monkeypatch, "grade", ID, "--jobs", "2", "--quiet")
    assert status == 0, out
    with open(root / "reports" / ID / "grades.csv", newline="") as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    got = {s: (r["score"], r["status"], r["l2-penalty-test"], r["l2-gradient-test"]) for s, r in rows.items()}
    assert got == {"right": ("4", "ok", "2", "2"), "wrong": ("2", "ok", "2", "0")}

    status, out = run(root, monkeypatch, "feedback", ID)
    assert status == 0, out
    page = (root / "feedback" / "right" / ID / "l2_regularization.html").read_text()
    summary = re.sub(r"\s+", " ", page[page.index('<section class="feedback-summary">'):page.index("</section>")])
    assert "(2.0 of them still to be graded by hand: pending)" in summary
    assert re.search(r'<tr class="pending">.*?<td class="points">pending</td> <td class="why">graded by hand: '
                     r"pending</td>", summary), summary
    assert "0.0 / 2.0" not in summary


def test_try_grades_the_solution_and_the_stub_without_the_real_gradebook(authored, tmp_path, monkeypatch):
    root = tmp_path / "course"
    shutil.copytree(authored, root)
    status, out = run(root, monkeypatch, "try", ID, "--stub")
    assert status == 0, out
    assert "solution: 4 / 6 (status ok)  2 point(s) still to be graded by a person (l2-reflection-answer): the score " \
        "does not count them yet" in out
    assert "stub: 0 / 6 (status ok)" in out
    assert "l2-gradient-test: 0  `gradient` raised NotImplementedError" in out
    for student in ("solution", "stub"):
        assert (root / trial.TRY_DIR / ID / f"{student}.html").is_file()
    assert not (root / "gradebook.db").exists() and not (root / "release").exists()


# --- each mistake: check names it; release and grade stop ----------------------------------------------

def _edit(root: Path, path: str, old: str, new: str) -> None:
    text = (root / path).read_text()
    assert text.count(old) == 1, (path, old)
    (root / path).write_text(text.replace(old, new))


def _cell(root: Path, grade_id: str, change) -> None:
    nb = nbformat.read(root / SOURCE_NB, as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            change(cell)
    nbformat.write(nb, root / SOURCE_NB)


MISTAKES = {
    "a typo in a Check's function name": (
        lambda root: _edit(root, GRADING, 'Check("gradient",', 'Check("gradeint",'),
        f'{GRADING}, cell l2-gradient-test: CHECKS["l2-gradient-test"] checks the function `gradeint`, which the '
        "solution does not define (did you mean `gradient`?). Fix: name the function exactly as the answer cell "
        "defines it"),
    "a hidden check copied from another cell, still keyed by its grade id": (
        lambda root: _edit(root, GRADING, '"l2-gradient-test": Check("gradient"',
                           '"l2-penalty-test": Check("gradient"'),
        f'{GRADING}, cell l2-penalty-test: CHECKS names "l2-penalty-test" more than once, so only its last entry '
        "is used (an entry copied from another cell?). Fix: key each entry by the grade id of its own test cell"),
    "hidden checks keyed by each other's cells": (
        lambda root: (_edit(root, GRADING, '"l2-gradient-test": Check', '"l2-XX-test": Check'),
                      _edit(root, GRADING, '"l2-penalty-test": Check', '"l2-gradient-test": Check'),
                      _edit(root, GRADING, '"l2-XX-test": Check', '"l2-penalty-test": Check')),
        f'{GRADING}, cell l2-gradient-test: CHECKS["l2-gradient-test"] checks `penalty`, but that test cell is '
        'about `gradient` (an entry copied from another cell, still naming its grade id?). Fix: key the check of '
        '`penalty` by its own test cell, "l2-penalty-test"'),
    "catalogue points that disagree with the notebook": (
        lambda root: _edit(root, CATALOGUE, "points = 6\n", "points = 7\n"),
        f"{CATALOGUE}: assignment {ID} has points = 7, but the graded cells of {SOURCE_NB} add up to 6. Fix: set "
        "`points = 6` in its entry (or change the cells' points)"),
    "a CHECKS key that matches no test cell": (
        lambda root: _edit(root, GRADING, '"l2-gradient-test": Check', '"l2-gradient-tests": Check'),
        f"{GRADING}, cell l2-gradient-tests: CHECKS names a test cell that the notebook does not have (did you "
        "mean `l2-gradient-test`?). Fix: use the grade id of one of the notebook's test cells: l2-penalty-test, "
        "l2-gradient-test"),
    "an answer cell without a solution block": (
        lambda root: _cell(root, "l2-gradient-code", lambda c: setattr(c, "source", c.source.replace(
            "    ### BEGIN SOLUTION\n", "").replace("    ### END SOLUTION", ""))),
        f"{SOURCE_NB}, cell l2-gradient-code: the answer cell has no `### BEGIN SOLUTION` block, so the student "
        "would receive the solution"),
    "a public check expecting a number computed elsewhere, wrongly": (
        lambda root: _cell(root, "l2-penalty-test", lambda c: setattr(c, "source", re.sub(
            r"value, ([0-9.]+)\)", "value, 1.23)", c.source))),
        f"{SOURCE_NB}, cell l2-penalty-test: the public checks fail on the solution: CheckFailed: "),
    "a hidden check that rejects the right answer": (
        lambda root: _edit(root, GRADING, 'got, expected, kind=float, m=args["m"])', 'got, expected, kind=int)'),
        f"{GRADING}, cell l2-penalty-test: the solution scores 0 of 2 here: `penalty` on hidden case 1 of 5: "),
    "a check without required cases": (
        lambda root: _edit(root, GRADING, ", required=penalty_required)", ")"),
        f"{GRADING}, cell l2-penalty-test: the check has no required cases, so whether a mistake is caught depends "
        "on the student id. Fix: add `required=` to the Check"),
    "a case named otherwise than the solution's parameters": (
        lambda root: _edit(root, GRADING, "lambd=1.5, m=1)]", "lam=1.5, m=1)]"),
        f"{GRADING}, cell l2-penalty-test: a case names `lam`, which penalty(W, lambd, m) does not take. Fix: name "
        "every argument of a case as the solution's signature does"),
    # m = 0 in a few students' cases: the reference cannot judge them. Under the suite's secret the trial's own
    # student ids draw none, so only the grading under many ids shows it.
    "drawn cases on which the solution's verdict depends on the student": (
        lambda root: _edit(root, GRADING, "lambd=float(rng.uniform(0.1, 2)), m=int(rng.integers(3, 50)))",
                           "lambd=float(rng.uniform(0.1, 2)), m=int(rng.integers(3, 50)) * int(rng.random() < 0.97))"),
        f"{GRADING}, cell l2-penalty-test: the solution gets different verdicts under different student ids: "),
    "a check cell that checks nothing": (
        lambda root: _cell(root, "l2-gradient-test", lambda c: setattr(
            c, "source", "if not callable(gradient):\n    raise "
                         'checks.CheckFailed("`gradient` is not a function")\n'
                         "checks.passed()")),
        f"{SOURCE_NB}, cell l2-gradient-test: the public checks pass on the unanswered stub. Fix: check the "
        "function's result (type, shape, values) in the check cell"),
}


@pytest.fixture(scope="module")
def released(authored, tmp_path_factory):
    """The tiny assignment released, with one submission waiting to be graded."""
    root = tmp_path_factory.mktemp("released") / "course"
    shutil.copytree(authored, root)
    with pytest.MonkeyPatch.context() as monkeypatch:
        status, out = run(root, monkeypatch, "release", ID)
    assert status == 0, out
    assignment = Course.load(root).assignment(ID)
    demo.submit(root, assignment, "right", demo.solved(root, assignment))
    return root


@pytest.mark.parametrize("mistake", MISTAKES)
def test_check_names_the_mistake_and_release_and_grade_stop(mistake, released, tmp_path, monkeypatch):
    make, message = MISTAKES[mistake]
    root = tmp_path / "course"
    shutil.copytree(released, root)
    release_before = (root / "release" / ID / NOTEBOOK).read_bytes()
    make(root)
    status, out = run(root, monkeypatch, "check", ID)
    assert status == 2 and message in out, out
    status, out = run(root, monkeypatch, "release", ID)
    assert (status, message in out, out.strip().endswith("Nothing was released.")) == (2, True, True), out
    assert (root / "release" / ID / NOTEBOOK).read_bytes() == release_before
    status, out = run(root, monkeypatch, "grade", ID, "--quiet")
    assert (status, message in out, out.strip().endswith("Nothing was graded.")) == (2, True, True), out
    assert not (root / "autograded").exists()


def test_source_changed_without_release_stops_grade(released, tmp_path, monkeypatch):
    root = tmp_path / "course"
    shutil.copytree(released, root)
    _cell(root, "l2-gradient-test", lambda c: c.metadata["nbgrader"].update(points=3))
    _edit(root, CATALOGUE, "points = 6\n", "points = 7\n")
    status, out = run(root, monkeypatch, "grade", ID, "--quiet")
    assert status == 2
    assert (f"release/{ID}/{NOTEBOOK}: it is not what source/ generates now (source/ changed after the last "
            f"release). Fix: run `autograder release {ID}` and commit release/") in out
    assert ("gradebook.db, cell l2-gradient-test: the gradebook gives this cell 2 points, the source notebook 3. "
            f"Fix: run `autograder release {ID}`") in out
    assert not (root / "autograded").exists()
    status, out = run(root, monkeypatch, "release", ID)
    assert status == 0, out
    status, out = run(root, monkeypatch, "grade", ID, "--quiet")
    assert status == 0, out


def test_check_cache_is_keyed_by_the_source(released, monkeypatch):
    course = Course.load(released)
    key = authoring_check._key(course, ID)
    grading = released / GRADING
    text = grading.read_text()
    try:
        grading.write_text(text + "\n# a comment\n")
        assert authoring_check._key(course, ID) != key
    finally:
        grading.write_text(text)
    assert authoring_check._key(course, ID) == key


def test_expected_prints_the_reference_result_and_the_lines_of_a_check_cell():
    from autograder.author import expected

    shown = expected.show(Course.load(REPO), "02_single_example_gd", "backward", ["2.0", "-0.5", "0.3", "y=1.0"])
    assert shown.splitlines() == [
        "# backward(2.0, -0.5, 0.3, y=1.0) on the reference solution returns:",
        "expected = {'dw1': -1.4, 'dw2': 0.35, 'db': -0.7}",
        "",
        "# for the check cell:",
        "value = checks.call(backward, 2.0, -0.5, 0.3, y=1.0)",
        "checks.check_dict(\"backward(2.0, -0.5, 0.3, y=1.0)\", value, ['db', 'dw1', 'dw2'])",
        "checks.check_scalar(\"backward(2.0, -0.5, 0.3, y=1.0)['dw1']\", value['dw1'], -1.4)",
        "checks.check_scalar(\"backward(2.0, -0.5, 0.3, y=1.0)['dw2']\", value['dw2'], 0.35)",
        "checks.check_scalar(\"backward(2.0, -0.5, 0.3, y=1.0)['db']\", value['db'], -0.7)",
        "checks.passed()"]
