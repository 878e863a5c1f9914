"""The catalogue of the answers students write, one module per assignment, each entry a Student (the shape
autograder.author.answers gives it, which `autograder check` reads).

CORRECT students must get full marks; each MISTAKE must cost only the points of the exercise(s) named in
its `wrong`.

a<id> (a01_loss_derivation ... a05_cat_classifier, a04b_backpropagation) is the assignment's catalogue: ASSIGNMENT,
CORRECT and MISTAKES, graded as one class in the sandbox (tests/harness.py: tests/test_<id>.py and
tests/test_students.py read its rows) and under 200 student ids in this process (tests/test_same_grade.py);
`autograder check` grades its MISTAKES under many ids too. Its students were written independently of the grader;
its AUTHOR_CORRECT and AUTHOR_MISTAKES, joined to CORRECT and MISTAKES, are the course author's own answers,
written from the reference answer (`with_changes`, `answer_cell`) to try one form or one mistake at a time.

b<id> is a second set of students, written without reading the grader or the solutions, with DODGES (right
numbers from a call the exercise's rule forbids), SYNTAX (a first answer cell that does not compile) and DISPUTED
(an honest answer left for a ruling) where it has them. It is judged in this process only
(tests/test_same_grade.py).
"""
from pathlib import Path

import nbformat

from autograder import catalogue
from autograder.author.answers import Student, answer_cell, right_in, wrong_in

__all__ = ["Student", "answer_cell", "edited", "right_in", "with_changes", "wrong_in"]

REPO = Path(__file__).resolve().parents[2]


def edited(source: str, *edits: tuple) -> str:
    """`source` with each (old, new) pair replaced: a student's cell written as one change of another cell.

    Each `old` must occur exactly once, so that an edit cannot silently miss (or hit twice) when the cell it
    starts from changes.
    """
    for old, new in edits:
        if source.count(old) != 1:
            raise ValueError(f"{old!r} occurs {source.count(old)} times in the cell, not once")
        source = source.replace(old, new)
    return source


def with_changes(assignment_id: str, grade_id: str, *edits: tuple[str, str]) -> str:
    """The reference answer cell of the source notebook with each (old, new) edit applied once: a wrong
    answer written as its difference from the right one. An edit that does not match exactly one place
    fails loudly, so the catalogue cannot silently drift from the notebook."""
    assignment = catalogue.load(REPO).get(assignment_id)
    nb = nbformat.read(REPO / "source" / assignment_id / assignment.notebook, as_version=4)
    source = next(c.source for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id)
    try:
        return edited(source, *edits)
    except ValueError as error:
        raise ValueError(f"{grade_id}: {error}") from None

