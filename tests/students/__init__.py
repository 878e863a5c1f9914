"""A catalogue of student submissions, written as first-time students write them.

CORRECT students must get full marks; each MISTAKE must cost only the points of the exercise(s) named in
its `wrong`. One module per assignment (a01_... to a05_...), each with ASSIGNMENT, CORRECT and MISTAKES.
"""
from dataclasses import dataclass


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
    answers: dict
    wrong: frozenset = frozenset()
    extra_cells: tuple = ()


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
