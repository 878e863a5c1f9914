"""Code similarity, measured on answers written independently (tests/students) and on disguised copies.

The false-pair rate is measured as an instructor would meet it: each assignment's correct students form one
class, every answer cell a student did not write themselves holding the reference answer (as the harness
grades them), and every pair of students who both wrote their own answer to a cell is a pair that must not
be reported.
"""

from __future__ import annotations

import io
import tokenize
from pathlib import Path

import pytest

from autograder import catalogue, similarity
from tests.students import (
    a01_loss_derivation,
    a02_single_example_gd,
    a03_m_example_loop,
    a04_vectorization,
    a05_cat_classifier,
)

REPO = Path(__file__).resolve().parent.parent
MODULES = [a01_loss_derivation, a02_single_example_gd, a03_m_example_loop, a04_vectorization, a05_cat_classifier]


def written_independently(module) -> list:
    """The catalogue's correct students written independently of the grader: not the course author's answers
    (AUTHOR_CORRECT), which are written from the reference answer and would measure the reference, not a class."""
    return [student for student in module.CORRECT if student not in module.AUTHOR_CORRECT]


def classes():
    """(assignment, cell, {student: answer}, the students who wrote their own, [stub, reference])."""
    for module in MODULES:
        assignment = catalogue.load(REPO).get(module.ASSIGNMENT)
        stub = similarity.answer_cells(REPO / "release" / assignment.id / assignment.notebook)
        reference = similarity.answer_cells(REPO / "source" / assignment.id / assignment.notebook)
        for cell in stub:
            answers = {s.name: s.answers.get(cell, reference[cell]) for s in written_independently(module)}
            own = [s.name for s in written_independently(module) if cell in s.answers]
            yield assignment.id, cell, answers, own, [stub[cell], reference[cell]]


def disguised(source: str) -> str:
    """What a copier does cheaply: every chosen name renamed, comments replaced, spacing changed."""
    out, previous = [], ""
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        text = token.string
        if token.type == tokenize.NAME and text not in similarity.KEPT_NAMES and previous != ".":
            text = f"my_{text}"
        elif token.type == tokenize.COMMENT:
            text = "# my own note"
        elif token.type == tokenize.OP and text in "=+-*/":
            text = f" {text} "
        out.append((token.type, text))
        previous = token.string
    return tokenize.untokenize(out)


def test_a_diagnostic_pattern_leaves_out_the_students_numbers():
    from autograder.insights import pattern

    message = ("`propagate` on hidden case 2 of 3: `dw` has wrong values: 8 of 8 entries differ, the first at index "
               "(0, 0). The values are 5 times too large: did you forget to divide by m = 5?")
    assert pattern(message) == ("`propagate`: `dw` has wrong values: # of # entries differ, the first at index (#, #). "
                                "The values are # times too large: did you forget to divide by m = #?")
    assert pattern("`update` raised NotImplementedError:  on hidden case 1 of 2.") == \
        "`update` raised NotImplementedError."
    assert pattern("`w` should be a NumPy array of shape (2, 1) (float64), got 1e-3") == \
        "`w` should be a NumPy array of shape (#, #) (float64), got #"


def test_no_false_pair_among_independently_written_correct_answers():
    compared, flagged = 0, []
    for assignment_id, cell, answers, own, given in classes():
        compared += len(own) * (len(own) - 1) // 2
        flagged += [(assignment_id, p.students) for p in similarity.pairs(cell, answers, given)]
    assert flagged == []
    assert compared == 548  # the false-pair rate in the README: 0 of these


def test_a_disguised_copy_of_any_substantial_answer_is_found_with_its_original_only():
    found, substantial, short = 0, 0, 0
    for _assignment_id, cell, answers, own, given in classes():
        for student in own:
            copy = disguised(answers[student])
            assert copy != answers[student]
            with_copy = {**answers, "copier": copy}
            pairs = similarity.pairs(cell, with_copy, given)
            if len(similarity.distinctive(with_copy, given)[student]) < similarity.MIN_SHARED:
                short += 1  # too little code of its own to tell a copy from a textbook answer: never listed
                assert not [p for p in pairs if "copier" in p.students]
                continue
            substantial += 1
            found += [p.students for p in pairs] == [tuple(sorted((student, "copier")))]
    # Every substantial answer's copy is found, and the classes hold enough of them to mean it (the counts move as
    # the notebooks and the student catalogues grow; what must not move is that none is missed).
    assert found == substantial
    assert substantial >= 90 and short >= 40


@pytest.mark.parametrize("source", ["def f(:\n", "x = '''unterminated\n", "\tif x:\n  y\n"])
def test_broken_code_is_read_as_far_as_it_goes(source):
    assert isinstance(similarity.tokens(source), list)
