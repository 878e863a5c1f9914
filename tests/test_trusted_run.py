"""`--no-sandbox` (a trusted run) cleans up after each job only what that job started and wrote.

Inside bubblewrap the runner kills every other process of its pid namespace and empties its /tmp between
jobs; outside it, the same cleaning would hit the whole machine. This is the regression test for that.
"""

from __future__ import annotations

import subprocess
import time

import nbformat

from autograder import catalogue, demo, reports
from autograder.course import Course
from autograder.pipeline import autograde

ASSIGNMENT = "02_single_example_gd"
LEFTOVER = "import subprocess\nsubprocess.Popen(['sleep', '317'])\n"


def sleeping(seconds: str) -> int:
    found = subprocess.run(["pgrep", "-f", f"^sleep {seconds}$"], capture_output=True, text=True)
    return len(found.stdout.split())


def test_a_trusted_run_touches_nothing_but_its_own_jobs(course, tmp_path):
    assignment = catalogue.load(course).get(ASSIGNMENT)
    bystander = subprocess.Popen(["sleep", "331"])
    keep = tmp_path / "someone-elses-file"
    keep.write_text("still here")
    nb = demo.solved(course, assignment)
    nb.cells.append(nbformat.v4.new_code_cell(LEFTOVER))
    demo.submit(course, assignment, "trusted-leaves-a-process", nb)
    demo.submit(course, assignment, "trusted-honest", demo.solved(course, assignment))
    try:
        autograde.grade(Course.load(course), ASSIGNMENT, ["trusted-leaves-a-process", "trusted-honest"], jobs=2,
                        sandboxed=False)
        assert bystander.poll() is None, "a process outside the job was killed"
        assert keep.read_text() == "still here"
        time.sleep(0.2)
        assert sleeping("317") == 0, "the job's own leftover process outlived it"
    finally:
        bystander.kill()
    scores = {row.student: row.score for row in reports.rows(Course.load(course), ASSIGNMENT).rows}
    assert scores["trusted-leaves-a-process"] == scores["trusted-honest"] == 9.0
