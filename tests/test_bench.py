"""The benchmark keeps working: on a class of three, stock nbgrader and `autograder grade` agree on
every grade and each student gets what the class mix says they deserve. (Its timings are read by people
from its output, never asserted here.)"""

from bench import grade_class


def test_the_benchmark_runs_and_both_graders_agree(capsys):
    assert grade_class.main(["--assignments", "02_single_example_gd", "--sizes", "3", "--jobs", "2"]) == 0
    out = capsys.readouterr().out
    assert "02_single_example_gd |  3 |" in out or "02_single_example_gd | 3 |" in out
    assert "The two graders agree on every student and cell" in out
