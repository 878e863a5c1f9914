"""Shared fixtures: a throw-away copy of the course, released once per test session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
COURSE_FILES = ("nbgrader_config.py", "assignments", "source", "release")


def copy_course(dest: Path) -> Path:
    """The course's own files in a fresh folder: tests grade there, never in the repository."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in COURSE_FILES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, dest / name,
                            ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
        elif (REPO / name).exists():
            shutil.copy(REPO / name, dest / name)
    return dest


def shorten_time_limits(root: Path) -> None:
    """Sample classes include an endless loop: shorter wall-time limits keep the tests quick."""
    from autograder import catalogue

    catalogue_file = root / catalogue.CATALOGUE
    text = catalogue_file.read_text()
    assert "\nwall_seconds = 30 " in text and "\nwall_seconds = 60" in text
    text = (text.replace("\nwall_seconds = 30 ", "\nwall_seconds = 10 ", 1)
            .replace("\nwall_seconds = 60", "\nwall_seconds = 30"))
    catalogue_file.write_text(text)


@pytest.fixture(scope="session", autouse=True)
def data_set():
    """Tests never download: the data set must be in data/ or CATVNONCAT_DIR."""
    if not os.environ.get("CATVNONCAT_DIR") and not (REPO / "data" / "train_catvnoncat.h5").exists():
        pytest.exit("the data set is not available: set CATVNONCAT_DIR (CI: ../shared/data)", returncode=3)
    os.environ.setdefault("AUTOGRADER_SECRET", "test-secret")


@pytest.fixture(scope="session")
def course(tmp_path_factory) -> Path:
    """A released copy of the course with an empty gradebook."""
    from autograder.course import Course

    root = copy_course(tmp_path_factory.mktemp("course"))
    shorten_time_limits(root)
    course = Course.load(root)
    course.release([a.id for a in course.catalogue.assignments if course.source_notebook(a.id).is_file()])
    return root


def graded_sample_classes(root: Path, assignment_ids: list[str]) -> Path:
    """The demo's sample class of each assignment, graded by the command line in the course at `root`."""
    import subprocess
    import sys

    from autograder import catalogue, demo
    from autograder.course import Course

    Course.load(root).release(assignment_ids)
    for assignment_id in assignment_ids:
        assignment = catalogue.load(root).get(assignment_id)
        for sample in demo.sample_class(root, assignment):
            demo.submit(root, assignment, sample.student, sample.content)
        done = subprocess.run(
            [sys.executable, "-m", "autograder.cli", "grade", assignment_id, "--jobs", "2", "--quiet"],
            cwd=root, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-3000:]
    return root


@pytest.fixture(scope="session")
def demo_class(tmp_path_factory) -> Path:
    """A course copy whose 02 and 03 sample classes were graded by `autograder grade` (which writes the class
    report). Tests only read it; 02's class holds the demo's copied pair."""
    root = copy_course(tmp_path_factory.mktemp("demo_class"))
    shorten_time_limits(root)
    return graded_sample_classes(root, ["02_single_example_gd", "03_m_example_loop"])
