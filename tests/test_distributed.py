"""Grading in parallel and on a Dask cluster gives exactly the grades of a sequential run.

The cluster is real: a Dask scheduler and two worker processes on 127.0.0.1 (distributed.LocalCluster),
each worker thread running its own bubblewrap sandbox.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from autograder import catalogue, demo
from tests.conftest import course_copy

ASSIGNMENT = "02_single_example_gd"


def graded_copy(template, tmp_path_factory, name: str, *options: str) -> bytes:
    """The sample class of ASSIGNMENT graded in a fresh course copy; returns grades.csv."""
    root = course_copy(template, tmp_path_factory.mktemp(name) / "course")
    assignment = catalogue.load(root).get(ASSIGNMENT)
    for sample in demo.sample_class(root, assignment):
        demo.submit(root, assignment, sample.student, sample.content)
    done = subprocess.run([sys.executable, "-m", "autograder.cli", "grade", ASSIGNMENT, "--quiet", *options],
                          cwd=root, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return (root / "reports" / ASSIGNMENT / "grades.csv").read_bytes()


@pytest.fixture(scope="module")
def sequential(template, tmp_path_factory):
    return graded_copy(template, tmp_path_factory, "sequential", "--jobs", "1")


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as local:
        yield local


def test_parallel_grades_equal_sequential_grades(template, tmp_path_factory, sequential):
    assert graded_copy(template, tmp_path_factory, "parallel", "--jobs", "2") == sequential


def test_a_dask_cluster_grades_like_this_machine(template, tmp_path_factory, sequential, cluster):
    assert graded_copy(template, tmp_path_factory, "dask", "--dask", cluster.scheduler_address) == sequential
    # The sandboxes run in the cluster's worker processes (they stay warm there for the next run).
    with cluster.get_client() as client:
        sandboxes = client.run(sandboxes_under_this_process)
    assert len(sandboxes) == 2 and all(count >= 1 for count in sandboxes.values()), sandboxes


def sandboxes_under_this_process() -> int:
    import psutil

    return sum(1 for child in psutil.Process().children(recursive=True) if child.name() == "bwrap")


def test_an_unreachable_scheduler_is_a_clear_error(course):
    """Nothing listens on the port: said at once (the refused connection), not after the client's 15 s of tries."""
    done = subprocess.run([sys.executable, "-m", "autograder.cli", "grade", ASSIGNMENT, "--dask",
                           "tcp://127.0.0.1:9"], cwd=course, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9 (connection refused: nothing listens on port 9 of " \
           "127.0.0.1)" in done.stderr
