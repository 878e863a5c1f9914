"""`nbgrader collect` with the course's configuration (SafeCollect): links, pipes and names that nbgrader's
submit never makes are left in the exchange; everything else is collected as nbgrader would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder import catalogue, demo
from tests.conftest import copy_course

ASSIGNMENT = "02_single_example_gd"
STAMP = "2026-11-20 12:00:00.000000 UTC"


@pytest.fixture(scope="module")
def collected(tmp_path_factory, course):
    root = copy_course(tmp_path_factory.mktemp("exchange-course"))
    (root / "gradebook.db").write_bytes((course / "gradebook.db").read_bytes())
    exchange = tmp_path_factory.mktemp("exchange")
    inbound = exchange / "lrnn" / "inbound"
    inbound.mkdir(parents=True)
    assignment = catalogue.load(root).get(ASSIGNMENT)
    notebook = nbformat.writes(demo.solved(root, assignment))

    def submission(student: str, timestamp: str = STAMP) -> Path:
        folder = inbound / f"{student}+{ASSIGNMENT}+{STAMP}+{student[:3]}"
        folder.mkdir()
        (folder / assignment.notebook).write_text(notebook)
        (folder / "timestamp.txt").write_text(timestamp)
        return folder

    submission("alice")
    inner = submission("bob")
    (inner / "notes.txt").symlink_to(root / "source" / ASSIGNMENT / "grading.py")
    os.mkfifo(inner / "pipe.txt")
    submission("carol", timestamp="last tuesday")
    (inbound / f"mallory+{ASSIGNMENT}+{STAMP}+mal").symlink_to(root / "source" / ASSIGNMENT)
    (inbound / f"eve+{ASSIGNMENT}+not a time+x").mkdir()
    env = {**os.environ, "NBGRADER_EXCHANGE_ROOT": str(exchange),
           "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    done = subprocess.run([sys.executable, "-m", "nbgrader", "collect", ASSIGNMENT], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)
    return root, done


def test_plain_submissions_are_collected(collected):
    root, done = collected
    assert done.returncode == 0, done.stdout + done.stderr
    for student in ("alice", "bob", "carol"):
        assert (root / "submitted" / student / ASSIGNMENT / "single_example_gd.ipynb").is_file()
    assert (root / "submitted" / "alice" / ASSIGNMENT / "timestamp.txt").read_text() == STAMP


def test_a_submission_that_is_a_link_is_not_collected(collected):
    root, done = collected
    assert not (root / "submitted" / "mallory").exists()
    assert f"mallory+{ASSIGNMENT}+{STAMP}+mal: a submission must be a folder, not a link" in done.stderr


def test_links_and_pipes_inside_a_submission_are_left_out_by_name(collected):
    root, done = collected
    assert sorted(p.name for p in (root / "submitted" / "bob" / ASSIGNMENT).iterdir()) == \
        ["single_example_gd.ipynb", "timestamp.txt"]
    assert "notes.txt: links, pipes and devices are not collected" in done.stderr
    assert "pipe.txt: links, pipes and devices are not collected" in done.stderr


def test_a_timestamp_that_is_not_a_date_is_dropped_and_the_work_kept(collected):
    root, done = collected
    assert not (root / "submitted" / "carol" / ASSIGNMENT / "timestamp.txt").exists()
    assert "timestamp.txt is not a date" in done.stderr


def test_a_name_submit_never_makes_does_not_stop_the_collect(collected):
    _, done = collected
    assert f"eve+{ASSIGNMENT}+not a time+x: not a submission's name" in done.stderr
