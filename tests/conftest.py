"""Shared fixtures: a template course built once per test run, and throw-away copies of it."""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# As in the grader's own commands (autograder/startup.py): the kernels, commands and servers the tests start run beside
# each other on few cores, and OpenBLAS's default of a spinning thread per core made each several times slower (05's
# notebook: 88 s instead of 23 s beside two busy processes).
from autograder import startup  # noqa: E402,F401  (sets the environment they inherit)

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
    """Sample classes include an endless loop: shorter wall-time limits keep the tests quick. And 02, the assignment
    of the attacks, gets 4 s of CPU: its notebooks take a tenth of a second, and the attacks that spin (an endless
    loop, a check that loops on hidden inputs) then stop after 4 s of CPU instead of spending the 10 s of the wall
    limit (still status `timeout`)."""
    from autograder import catalogue

    catalogue_file = root / catalogue.CATALOGUE
    text = catalogue_file.read_text()
    due_02 = f'\ndue = "{catalogue.load(root).get("02_single_example_gd").due.isoformat(timespec="seconds")}"\n'
    assert "\nwall_seconds = 30 " in text and "\nwall_seconds = 60" in text and text.count(due_02) == 1
    text = (text.replace("\nwall_seconds = 30 ", "\nwall_seconds = 10 ", 1)
            .replace("\nwall_seconds = 60", "\nwall_seconds = 30")
            .replace(due_02, f"{due_02}\n[assignment.limits]\ncpu_seconds = 4\n"))
    catalogue_file.write_text(text)


# The modules that take longest, roughly longest first: `make test` hands whole modules to pytest-xdist's workers in
# this order (--dist loadfile --no-loadscope-reorder), so that no long module starts last while the other workers
# have nothing left to do. The other modules follow in their usual order. Not strictly by length: starting the hub,
# test_students and test_same_grade together, beside the template's build, made each of them slower (fresh clone,
# three workers: 12 min 38 s in this order, 14 min 30 s with those three first). test_regrade (80 s) used to come
# with the short modules and started last, 15-20 s after the other workers had finished.
LONGEST_FIRST = ["test_bench.py", "test_demo.py", "test_students.py", "test_attacks.py", "test_notebooks.py",
                 "test_same_grade.py", "test_hub.py", "test_grading.py", "test_distributed.py", "test_exchange.py",
                 "test_nbgrader_paths.py", "test_regrade.py", "test_service_faults.py", "test_service.py"]


def pytest_collection_modifyitems(items):
    position = {name: number for number, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: position.get(item.path.name, len(LONGEST_FIRST)))


@pytest.fixture(scope="session", autouse=True)
def data_set():
    """Tests never download: the data set must be in data/ or CATVNONCAT_DIR."""
    if not os.environ.get("CATVNONCAT_DIR") and not (REPO / "data" / "train_catvnoncat.h5").exists():
        pytest.exit("the data set is not available: set CATVNONCAT_DIR (CI: ../shared/data)", returncode=3)
    os.environ.setdefault("AUTOGRADER_SECRET", "test-secret")


def built_once(tmp_path_factory, name: str, build: Callable[[Path], None]) -> Path:
    """The folder `build` fills, built once per test run: pytest-xdist's workers each have a session of their own,
    so the first one builds it under a lock in the folder they share and the others wait and reuse it."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # pytest-<n>/popen-gw0 and popen-gw1: the run's own folder is above
    folder, done = shared / name, shared / f"{name}.built"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            build(folder)
            done.touch()
    return folder


def build_template(root: Path) -> None:
    """The course as an instructor leaves it before grading: the test catalogue's short limits, every
    assignment released (release/ and the gradebook) and checked (the author's trials cached in
    .autograder/checked/), so a copy grades at once instead of releasing and running trials of its own."""
    from autograder.author import check
    from autograder.course import Course

    copy_course(root)
    shorten_time_limits(root)
    course = Course.load(root)
    ids = [a.id for a in course.catalogue.assignments if course.source_notebook(a.id).is_file()]
    course.release(ids)
    check.check(course, ids)


@pytest.fixture(scope="session")
def template(tmp_path_factory, data_set) -> Path:
    """The released and checked course, never graded in: tests take a copy (`course_copy`)."""
    return built_once(tmp_path_factory, "template", build_template)


def course_copy(template: Path, dest: Path) -> Path:
    """A course of the test's own, released and checked: a copy of the template (its gradebook included)."""
    shutil.copytree(template, dest, symlinks=True)
    return dest


@pytest.fixture(scope="session")
def course(template, tmp_path_factory) -> Path:
    """A released copy of the course with an empty gradebook, shared by the session's tests that grade into it."""
    return course_copy(template, tmp_path_factory.mktemp("course") / "course")


@pytest.fixture(scope="session")
def graded_class(template, tmp_path_factory):
    """graded_class(ID): the class of assignment ID (tests/harness.py) graded once per test run in a copy of the
    template, whichever worker asks first; the tests of tests/test_<id>.py and tests/test_students.py read it."""
    from tests import harness

    def of(assignment_id: str) -> harness.GradedClass:
        root = built_once(tmp_path_factory, f"class-{assignment_id}",
                          lambda folder: harness.grade_class(course_copy(template, folder), assignment_id))
        return harness.GradedClass(root, assignment_id)

    return of


def graded_sample_classes(root: Path, assignment_ids: list[str]) -> Path:
    """The demo's sample class of each assignment, graded by the command line in the released course at `root`."""
    import subprocess
    import sys

    from autograder import catalogue, demo

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
def demo_class(template, tmp_path_factory) -> Path:
    """A course copy whose 02 and 03 sample classes were graded by `autograder grade` (which writes the class
    report); 02's class holds the demo's copied pair. Graded once per test run; each worker's session has its own
    copy, for the tests that run commands in it (`report`, `grade --student`)."""
    graded = built_once(tmp_path_factory, "demo_class", lambda folder: graded_sample_classes(
        course_copy(template, folder), ["02_single_example_gd", "03_m_example_loop"]))
    return course_copy(graded, tmp_path_factory.mktemp("demo_class") / "course")
