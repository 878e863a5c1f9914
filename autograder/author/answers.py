"""The shape of an assignment's catalogue of answers: students' submissions, as students write them.

The catalogue of an assignment is the course's tests/students/a<id>.py (`autograder new` writes its skeleton):
ASSIGNMENT, the assignment's id; CORRECT, students who must get every point; MISTAKES, students who must lose
exactly the points of the functions in their `wrong`. `autograder check` grades each of MISTAKES under many
student ids (author.lottery); the course's tests grade all of them as a class, in the sandbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Student:
    """One student's submission of one assignment, written as a student would.

    answers: answer-cell grade id -> the full source the student wrote in that cell (a whole cell: the
             `def` line, the body, and anything else they put in the cell: imports, prints, helpers).
             Answer cells not listed here are filled with a correct answer by the test harness.
    wrong:   the answer-cell grade ids whose OWN function is wrong (empty for a correct student). A mistake
             in one function must cost only that function's test cell, even when later functions call it.
    extra_cells: (grade id of the cell after which it is inserted, source) for cells a student adds
             (scratch work, prints, their own tests). They must not break anything.
    """
    name: str
    story: str
    answers: dict[str, str]
    wrong: frozenset[str] = frozenset()
    extra_cells: tuple[tuple[str, str], ...] = ()


def wrong_in(name: str, cell: str, story: str, source: str) -> Student:
    """A student who wrote one answer cell, wrongly: it must cost that cell's test points, and only those."""
    return Student(name, story, {cell: source}, frozenset({cell}))


def right_in(name: str, cell: str, story: str, source: str) -> Student:
    """A student who wrote one answer cell, rightly but otherwise than the reference: every point."""
    return Student(name, story, {cell: source})


def answer_cell(signature: str, *body: str) -> str:
    """The source of an answer cell that defines one function with the given body lines."""
    return f"def {signature}:\n" + "".join(f"    {line}\n" for line in body)


def answers_file(root: Path, assignment_id: str) -> Path:
    """Where the course at `root` keeps the catalogue of answers to `assignment_id`."""
    return root / "tests" / "students" / f"a{assignment_id}.py"
