"""The benchmark keeps working: on a class of three, the course's `nbgrader autograde` and `autograder
grade` agree on every grade and each student gets what the class mix says they deserve. (Its timings are
read by people from its output, never asserted here.)"""

import subprocess
import sys

from tests.conftest import REPO


def test_the_benchmark_runs_and_both_graders_agree(template):
    # A process of its own, as people run it: it starts an IPython shell, which replaces __main__. It copies the
    # suite's released and checked course (--course) rather than releasing and checking one of its own: release and
    # check are proven by tests/test_authoring.py, and the template's build runs both.
    done = subprocess.run([sys.executable, "bench/grade_class.py", "--assignments", "02_single_example_gd",
                           "--sizes", "3", "--jobs", "2", "--course", str(template)], cwd=REPO, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "02_single_example_gd |  3 |" in done.stdout or "02_single_example_gd | 3 |" in done.stdout
    assert "The course's two ways of grading agree on every student and cell" in done.stdout


def test_the_latency_benchmark_runs(template):
    """bench/latency.py on a tiny scale: one cold run of each grader, two warm submissions, a burst of three;
    every feedback page arrives (it waits for each, and fails when the service stops). In a copy of the suite's
    released and checked course (--course)."""
    done = subprocess.run([sys.executable, "bench/latency.py", "--assignments", "02_single_example_gd", "--repeats",
                           "1", "--warm", "2", "--burst", "3", "--course", str(template)], cwd=REPO,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    [row] = [line for line in done.stdout.splitlines() if line.startswith("| 02_single_example_gd |")]
    assert row.split("|")[9].strip() == "3", row
    assert float(row.split("|")[5]) > 0, row  # exec: the sandbox's own measure of the warm submissions


def test_the_one_student_benchmark_runs(template):
    """bench/one_student.py on a tiny scale: one class graded, one run of each grader, and the profile of ours; in a
    copy of the suite's released and checked course (--course), as in the test above."""
    done = subprocess.run([sys.executable, "bench/one_student.py", "--assignments", "02_single_example_gd", "--classes",
                           "02_single_example_gd", "--repeats", "1", "--course", str(template)], cwd=REPO,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    [row] = [line for line in done.stdout.splitlines() if line.startswith("| 02_single_example_gd |")]
    assert row.split("|")[4].strip().endswith("×"), row
    profile = done.stdout[done.stdout.index("Where ours goes on 02_single_example_gd"):]
    phases = {label.strip(): float(seconds) for label, seconds in
              (line.rsplit(None, 1) for line in profile.splitlines()[1:] if line.strip())}
    assert phases["grading: sandbox, judge, nbgrader's steps"] > 0 and phases["class report (all assignments)"] > 0
