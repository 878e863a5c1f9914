"""Trustworthy, fast grading for the course, and the small helpers its notebooks share."""

import os


def grading_run() -> bool:
    """True while nbgrader (or `autograder grade`) executes the notebook: illustration cells do less then."""
    return bool(os.environ.get("NBGRADER_EXECUTION"))
