"""nbgrader's gradebook, opened as often as nbgrader opens it, at the cost of opening it once.

nbgrader opens the gradebook anew in every step of every submission (init_assignment, OverwriteCells, SaveCells,
SaveAutoGrades, AssignLatePenalties, ...), each time with a new SQLAlchemy engine, whose cache of compiled statements
starts empty: compiling the same queries again was a quarter of the grader's own time per submission. A process that
grades (`autograder grade`, a lane of the grading service) makes the engine of each gradebook URL once, through
nbgrader.api's own `create_engine` (pinned by tests/unit/pipeline/test_gradebook.py). Closing a Gradebook still
disposes of the engine's pool, so no connection outlives the Gradebook that opened it; only the engine and its
compiled statements are kept.
"""

from __future__ import annotations

import functools
import threading

_making = threading.Lock()


def one_engine_per_gradebook() -> None:
    """From now on, in this process, nbgrader's Gradebook of a URL reuses the engine made for it first."""
    import nbgrader.api

    made = nbgrader.api.create_engine
    if getattr(made, "kept", None) is not None:
        return
    kept: dict[tuple, object] = {}

    @functools.wraps(made)  # __wrapped__: nbgrader's own, for whoever needs it unwrapped
    def create_engine(url, **options):
        key = (str(url), tuple(sorted(options.items())))
        with _making:
            if key not in kept:
                kept[key] = made(url, **options)
            return kept[key]

    # The mark that nbgrader's create_engine is wrapped already (a function's own attribute: mypy knows none).
    create_engine.kept = kept  # type: ignore[attr-defined]
    nbgrader.api.create_engine = create_engine
