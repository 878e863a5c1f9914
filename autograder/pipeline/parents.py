"""What a step of nbgrader's takes from whoever runs it.

nbgrader builds its preprocessors anew for every notebook (`parent` their exporter, whose `parent` is the
converter, whose `parent` may be the app that started it), so objects that the one who started grading holds —
the pool that runs the sandboxes, the course — reach a step through its parents, not through the config, which
traitlets deep-copies into each step.
"""

from __future__ import annotations


def inherited(configurable, name: str, default=None):
    """`name` of the nearest of `configurable`'s parents that has it (not None), else `default`."""
    parent = getattr(configurable, "parent", None)
    while parent is not None:
        value = getattr(parent, name, None)
        if value is not None:
            return value
        parent = getattr(parent, "parent", None)
    return default
