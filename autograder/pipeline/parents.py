"""What a step of nbgrader's takes from whoever runs it: the course, the runner of its sandbox.

nbgrader builds its preprocessors anew for every notebook (`parent` their exporter, whose `parent` is the
converter, whose `parent` may be the app that started it), so objects that the one who started grading holds —
the course, the pool that runs the sandboxes — reach a step through its parents, not through the config, which
traitlets deep-copies into each step.
"""

from __future__ import annotations

import os
from pathlib import Path

from traitlets import Instance, default
from traitlets.config import Configurable

from ..course import Course


def inherited(configurable, name: str, default=None):
    """`name` of the nearest of `configurable`'s parents that has it (not None), else `default`."""
    parent = getattr(configurable, "parent", None)
    while parent is not None:
        value = getattr(parent, name, None)
        if value is not None:
            return value
        parent = getattr(parent, "parent", None)
    return default


class OfCourse(Configurable):
    """An exporter or step of the course's: `course` is the one whoever started grading holds (`autograder grade`,
    the grading service, Course.api()), found through the parents; where no parent holds one (`nbgrader
    autograde` started by nbgrader itself), the course at CourseDirectory.root, resolved once for this object —
    an exporter, which lives for the whole run."""

    course = Instance(Course, help="The course graded.")

    @default("course")
    def _course_default(self) -> Course:
        found = inherited(self, "course")
        if isinstance(found, Course):
            return found
        root = self.config.get("CourseDirectory", {}).get("root") or os.getcwd()
        return Course.load(Path(root))
