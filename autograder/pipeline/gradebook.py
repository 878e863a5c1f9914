"""nbgrader's gradebook, opened as often as nbgrader opens it, at the cost of opening it once; made new without
running a program.

nbgrader opens the gradebook anew in every step of every submission (init_assignment, OverwriteCells, SaveCells,
SaveAutoGrades, AssignLatePenalties, ...), each time with a new SQLAlchemy engine, whose cache of compiled statements
starts empty: compiling the same queries again was a quarter of the grader's own time per submission. A process that
grades (`autograder grade`, a lane of the grading service) makes the engine of each gradebook URL once, through
nbgrader.api's own `create_engine` (pinned by tests/unit/pipeline/test_gradebook.py). Closing a Gradebook still
disposes of the engine's pool, so no connection outlives the Gradebook that opened it; only the engine and its
compiled statements are kept.

A new gradebook is stamped with the head of nbgrader's database migrations, which nbgrader learns by running
`alembic heads` as a program: a second Python that imports nbgrader's migration scripts (and with them nbgrader,
nbformat and jsonschema), one to three seconds for every new gradebook (each course the author's check tries,
each release into a new course). `head_read_in_process` reads the same head from the same scripts with alembic's
own API, in this process, once (tests/unit/pipeline/test_gradebook.py compares it with nbgrader's program).
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


def head_read_in_process() -> None:
    """From now on, in this process, nbgrader stamps a new gradebook without running `alembic heads`."""
    import nbgrader.api

    ran = nbgrader.api.get_alembic_version
    if hasattr(ran, "__wrapped__"):
        return

    @functools.wraps(ran)  # __wrapped__: nbgrader's own, which runs the program
    @functools.cache
    def get_alembic_version() -> str:
        from alembic.script import ScriptDirectory
        from nbgrader.dbutil import ALEMBIC_DIR

        heads = ScriptDirectory(ALEMBIC_DIR).get_heads()
        # nbgrader's migrations have one head; were they ever to branch, nbgrader's own answer stands.
        return heads[0] if len(heads) == 1 else ran()

    nbgrader.api.get_alembic_version = get_alembic_version
