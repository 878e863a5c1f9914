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
            shutil.copytree(REPO / name, dest / name, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
        elif (REPO / name).exists():
            shutil.copy(REPO / name, dest / name)
    return dest


def shorten_time_limits(root: Path) -> None:
    """Sample classes include an endless loop: shorter wall-time limits keep the tests quick."""
    from autograder import catalogue

    catalogue_file = root / catalogue.CATALOGUE
    text = catalogue_file.read_text()
    assert "\nwall_seconds = 30 " in text and "\nwall_seconds = 60" in text
    text = text.replace("\nwall_seconds = 30 ", "\nwall_seconds = 10 ", 1).replace("\nwall_seconds = 60", "\nwall_seconds = 30")
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
