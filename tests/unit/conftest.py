"""Fixtures of the unit tier: no sandbox, no nbgrader subprocess, no server, no network (the fakes that stand in for
them are in tests/unit/fakes.py).

- `repo_course`: the repository's own course, read only (catalogue, checks, reference, released cells); its secret is
  the tests' AUTOGRADER_SECRET, which tests/conftest.py sets for the session.
"""

from __future__ import annotations

import pytest

from autograder.course import Course
from tests.conftest import REPO


@pytest.fixture(scope="session")
def repo_course() -> Course:
    return Course.load(REPO)
