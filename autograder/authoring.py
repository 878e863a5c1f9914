"""What an assignment author writes in source/<id>/grading.py: the hidden check of each test cell.

    from autograder import checks, rules
    from autograder.authoring import Check, Data, Example

    def propagate_required():                  # the kinds of input every student meets, the same for all
        return [dict(w=np.zeros((12288, 1)), b=0.0, X=Data("train_x"), Y=Data("train_y")),
                dict(w=np.array([[0.5]]), b=-1.0, X=np.array([[1.0, -2.0, 3.0]]), Y=np.array([[1.0, 0.0, 1.0]]))]

    def propagate_cases(rng):                  # more inputs around them, drawn per student
        return [dict(w=..., b=..., X=..., Y=...)]

    def compare_propagate(got, expected, args):  # got: the student's result; expected: the reference's
        checks.check_scalar("cost", got[1], expected[1], m=args["X"].shape[1])

    CHECKS = {"cat-propagate-test": Check("propagate", propagate_cases, compare_propagate,
                                          required=propagate_required)}

The grader runs a test cell, then calls the student's function on the cases, the required ones first (in
the sandbox, with every other graded function of the assignment standing in as the reference's, so that
one mistake costs once), and judges the results outside the sandbox against the reference solution rebuilt
from the source notebook. A case names its arguments as the reference's signature does; the student's
function is called as the public checks call it (required arguments by position, optional ones by keyword
where the student's function has the name: checks.Signature), so any parameter names work.

The required cases decide whether a mistake is caught: they cover every kind of input the exercise
promises (non-square shapes, m = 1, a single feature, a = 0.5 exactly, integer and float32 inputs, ...), so
that the verdict never depends on the student id (`autograder check` tries many ids). The random cases keep
answers from being copied or tuned to known inputs. `rules` are applied to the function's source on the
trusted side (see autograder.rules); `unchanged` names arguments the function must not change in place.
Cases are plain data (autograder.plaindata): numbers, strings, lists, tuples, dicts, NumPy arrays, and
`Data(name)` / `Example(name)` for the course's data arrays and example functions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .plaindata import EXAMPLES, Data, Example  # noqa: F401  (re-exported for grading.py)

Rule = Callable[[str, str], None]


def no_required_cases() -> list[dict]:
    return []


@dataclass(frozen=True)
class Check:
    """The hidden part of one test cell: a function, its cases, how to compare, and rules of writing."""

    function: str
    cases: Callable[[np.random.Generator], list[dict]]  # drawn for each student
    compare: Callable[[object, object, dict], None]
    rules: tuple[Rule, ...] = field(default_factory=tuple)
    # Arguments the exercise says the function must leave as they were ("return a new dictionary").
    unchanged: tuple[str, ...] = field(default_factory=tuple)
    # The cases every student meets, before the drawn ones (`autograder check` names a check without them).
    required: Callable[[], list[dict]] = no_required_cases
