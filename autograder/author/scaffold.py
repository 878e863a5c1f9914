"""`autograder new ID`: the skeleton of an assignment, as docs/authoring.md describes it.

It writes source/<id>/<notebook>.ipynb (opening, how to work, setup cell, one exercise with its answer and
check cells, one written answer), source/<id>/grading.py (the hidden check of that exercise), the catalogue
entry, tests/students/a<id>.py, the assignment's catalogue of answers with no student yet (author.answers), and
tests/test_<id>.py, which grades them as a class. Every cell carries the nbgrader settings
its kind needs, so nothing is copied from another notebook. The places to fill in say TODO; `autograder
check` names each one that is still open.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from .. import catalogue
from ..course import Course, CourseError
from . import answers

EXERCISE_POINTS, WRITTEN_POINTS = 2, 2
ID_PATTERN = re.compile(r"^[0-9]{2}[a-z]?_[a-z0-9_]+$")


def _nbgrader(grade_id: str, grade: bool, solution: bool, locked: bool, points: float | None = None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution,
            "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def notebook(title: str, topic: str, function: str) -> nbformat.NotebookNode:
    total = EXERCISE_POINTS + WRITTEN_POINTS
    cells = [
        new_markdown_cell(
            f"# {title}\n\nTODO: one paragraph on what the student will learn.\n\n**What you will build**\n\n"
            "| exercise | function | what it computes | points |\n|---|---|---|---|\n"
            f"| 1 | `{function}(x)` | TODO | {EXERCISE_POINTS} |\n"
            f"| written | TODO: the question | graded by hand | {WRITTEN_POINTS} |\n\n"
            f"{total} points in all: {EXERCISE_POINTS} graded automatically, {WRITTEN_POINTS} by hand."),
        new_markdown_cell(
            "**How to work.** Each exercise asks for one function. Its cell starts the function for you and ends "
            "with `# YOUR CODE HERE` and `raise NotImplementedError()`: replace those two lines with your code and "
            "run the cell. Then run the check cell right below it. It ends with `✓ <function>: all public checks "
            "passed.` when your function passes, and otherwise says what looks wrong.\n\nWhen you submit, the "
            "grader calls each function again, on inputs you have not seen: write the general formula, not the "
            "number. One mistake costs once: each function is graded with the other functions replaced by correct "
            "ones. Cells marked as illustrations are not graded. Restart the kernel and run all cells before "
            "submitting."),
        new_code_cell("import numpy as np\n\nfrom autograder import checks",
                      metadata=_nbgrader(f"{topic}-imports-setup", False, False, True)),
        new_markdown_cell(
            f"### Exercise 1: `{function}(x)` ({EXERCISE_POINTS} points)\n\n"
            "* **Arguments:** `x`, TODO (names, shapes, types).\n"
            "* **Returns:** TODO (shape and type, e.g. \"a NumPy array of shape $(1, m)$\").\n\n"
            "**Expected output**\n\n```python\n"
            f">>> print({function}(np.array([[1.0, 2.0]])))\nTODO: what the solution prints\n```"),
        new_code_cell(
            f"def {function}(x):\n    \"\"\"TODO: one line on what it computes.\"\"\"\n    ### BEGIN SOLUTION\n"
            "    raise NotImplementedError(\"TODO: write the reference solution here\")\n    ### END SOLUTION",
            metadata=_nbgrader(f"{topic}-{function}-code", False, True, False)),
        new_code_cell(
            f"# TODO: inputs other than the expected output's, and the values `autograder expected` prints for them\n"
            f"value = checks.call({function}, np.array([[0.5, -1.5, 3.0]]))\n"
            f"checks.check_array(\"{function}(np.array([[0.5, -1.5, 3.0]]))\", value, TODO_EXPECTED)\n"
            "checks.passed()",
            metadata=_nbgrader(f"{topic}-{function}-test", True, False, True, EXERCISE_POINTS)),
        new_markdown_cell(
            f"### Written question: TODO ({WRITTEN_POINTS} points, graded by hand)\n\nIn the cell below, in "
            "your own words: TODO (what a complete answer says)."),
        new_markdown_cell(
            "**Model answer** (instructors only: on release this cell becomes an empty answer box).\n\n"
            "TODO: the model answer, then the marking guide (what earns each point).",
            metadata=_nbgrader(f"{topic}-reflection-answer", True, True, False, WRITTEN_POINTS)),
    ]
    nb = new_notebook(cells=cells)
    nb.metadata = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                   "language_info": {"name": "python"}}
    return nb


def grading(assignment_id: str, topic: str, function: str) -> str:
    return f'''"""Hidden checks of {assignment_id}: required inputs every student meets, fresh ones drawn for each,
judged against the reference."""

import numpy as np

from autograder import checks
from autograder.authoring import Check


def {function}_required():
    # TODO: one case of each kind of input the exercise promises, the same for every student: the cases where a
    # typical mistake cannot hide (a square matrix for a missing transpose, m = 1, integers, float32...).
    return [dict(x=np.array([[0.5, -1.0, 2.0]])), dict(x=np.array([[3.0]]))]


def {function}_cases(rng):
    # TODO: more inputs around them, drawn for each student (so that no one can hard-code the answers).
    return [dict(x=rng.normal(size=(1, int(rng.integers(2, 9))))) for _ in range(3)]


def compare_{function}(got, expected, args):
    # Type, then shape, then values; messages name the mistake, never the expected numbers.
    checks.check_array("{function}(x)", got, expected)


CHECKS = {{
    "{topic}-{function}-test": Check("{function}", {function}_cases, compare_{function},
                                     required={function}_required),
}}
'''


def answers_module(assignment_id: str, topic: str, function: str) -> str:
    return f'''"""The catalogue of answers to {assignment_id}: students' submissions, as students write them.

CORRECT: right answers in other forms than the reference (other names, other NumPy calls, a loop where no rule
forbids it): each must get every point. MISTAKES: realistic mistakes, as first-time students make them: each
must cost exactly the points of the test cell after the answer cell it gets wrong. `autograder check` grades
each of MISTAKES under many student ids; tests/test_{assignment_id}.py grades them all as a class.
"""

from autograder.author.answers import Student, right_in, wrong_in  # noqa: F401
from autograder.author.answers import answer_cell as _fn  # noqa: F401

ASSIGNMENT = "{assignment_id}"

# e.g. right_in("c-times-itself", "{topic}-{function}-code", "x * x, not x ** 2",
#               _fn("{function}(x)", "return x * x")),
CORRECT: list[Student] = []

# e.g. wrong_in("m-forgets-to-square", "{topic}-{function}-code", "forgets to square",
#               _fn("{function}(x)", "return x")),
MISTAKES: list[Student] = []
'''


def test_module(assignment_id: str) -> str:
    return f'''"""{assignment_id}'s catalogue of answers (tests/students/a{assignment_id}.py), graded as a class: each
wrong answer costs exactly the points of the test cell right after it, each right one none."""

from tests.harness import assert_each_correct_answer_gets_full_marks, assert_each_wrong_answer_loses_exactly_its_points


def test_wrong_answers_lose_exactly_their_points(graded_class):
    assert_each_wrong_answer_loses_exactly_its_points(graded_class("{assignment_id}"))


def test_right_answers_written_otherwise_get_every_point(graded_class):
    assert_each_correct_answer_gets_full_marks(graded_class("{assignment_id}"))
'''


def catalogue_entry(assignment_id: str, title: str, notebook_name: str, due: str) -> str:
    return (f'\n[[assignment]]\nid = "{assignment_id}"\ntitle = "{title}"\nnotebook = "{notebook_name}"\n'
            f"points = {EXERCISE_POINTS + WRITTEN_POINTS}\ndue = \"{due}\"\n")


def create(course: Course, assignment_id: str, title: str | None = None, function: str = "compute",
           topic: str | None = None) -> list[Path]:
    """Write the skeleton of `assignment_id`; the files written, in order."""
    if not ID_PATTERN.match(assignment_id):
        raise CourseError(f"{assignment_id!r} is not an assignment id like 06_l2_regularization "
                          "(two digits, an optional letter, an underscore, then lowercase words)")
    if not function.isidentifier():
        raise CourseError(f"{function!r} is not a Python function name")
    if assignment_id in course.catalogue.ids() or (course.root / "source" / assignment_id).exists():
        raise CourseError(f"{assignment_id} exists already (in {catalogue.CATALOGUE} or source/): choose another id")
    name = assignment_id.split("_", 1)[1]
    topic = topic or name.split("_")[0]
    title = title or name.replace("_", " ").capitalize()
    latest = max((a.due for a in course.catalogue.assignments), default=None)
    due = (latest + timedelta(days=7)).isoformat() if latest else "2030-01-01T23:59:00+00:00"
    folder = course.root / "source" / assignment_id
    folder.mkdir(parents=True)
    written = [folder / f"{name}.ipynb", folder / "grading.py"]
    nbformat.write(notebook(title, topic, function), written[0])
    written[1].write_text(grading(assignment_id, topic, function), encoding="utf-8")
    with open(course.root / catalogue.CATALOGUE, "a", encoding="utf-8") as handle:
        handle.write(catalogue_entry(assignment_id, title, f"{name}.ipynb", due))
    written.append(course.root / catalogue.CATALOGUE)
    tests = course.root / "tests"
    if tests.is_dir():
        written.append(answers.answers_file(course.root, assignment_id))
        written[-1].parent.mkdir(exist_ok=True)
        written[-1].write_text(answers_module(assignment_id, topic, function), encoding="utf-8")
        written.append(tests / f"test_{assignment_id}.py")
        written[-1].write_text(test_module(assignment_id), encoding="utf-8")
    return written
