"""What an assignment author writes in source/<id>/grading.py: the hidden check of each test cell.

    from autograder import checks, rules
    from autograder.authoring import Check, Data, Example

    def propagate_cases(rng):                  # inputs the student never sees, drawn per student
        return [dict(w=..., b=..., X=Data("train_x"), Y=Data("train_y"))]

    def compare_propagate(got, expected, args):  # got: the student's result; expected: the reference's
        checks.check_scalar("cost", got[1], expected[1], m=args["X"].shape[1])

    CHECKS = {"cat-propagate-test": Check("propagate", propagate_cases, compare_propagate)}

The grader runs a test cell, then calls the student's function on the cases (in the sandbox, with every
other graded function of the assignment standing in as the reference's, so that one mistake costs once),
and judges the results outside the sandbox against the reference solution rebuilt from the source
notebook. `rules` are applied to the function's source on the trusted side (see autograder.rules);
`unchanged` names arguments the function must not change in place.
Cases are plain data (autograder.plaindata): numbers, strings, lists, tuples, dicts, NumPy arrays, and
`Data(name)` / `Example(name)` for the course's data arrays and example functions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from .plaindata import EXAMPLES, Data, Example  # noqa: F401  (re-exported for grading.py)

Rule = Callable[[str, str], None]


@dataclass(frozen=True)
class Check:
    """The hidden part of one test cell: a function, its cases, how to compare, and rules of writing."""

    function: str
    cases: Callable[[np.random.Generator], list[dict]]
    compare: Callable[[object, object, dict], None]
    rules: tuple[Rule, ...] = field(default_factory=tuple)
    # Arguments the exercise says the function must leave as they were ("return a new dictionary").
    unchanged: tuple[str, ...] = field(default_factory=tuple)
    required: Callable[[], list[dict]] | None = None
