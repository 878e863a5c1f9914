"""ReportRow, one graded submission with numbers as numbers, rendered to text only at the edges: grades.csv's cells
and the terminal's summary. Built in memory, no gradebook."""

from __future__ import annotations

from autograder import reports
from autograder.i18n import Message
from autograder.judge.status import Outcome

A02 = "02_single_example_gd"
POINTS = {"sgd-forward-test": 2.0, "sgd-answer": 3.0}


def row(student: str, status: str = "ok", **numbers) -> reports.ReportRow:
    said = [Message.literal(f"{student} was {status}")] if status != "ok" else []
    return reports.ReportRow(student, A02, 5.0, Outcome(student, status, said), **numbers)


LATE = row("alice", score=2.0, late_penalty=0.5, seconds_late=7200.0,
           cells={"sgd-forward-test": 2.0, "sgd-answer": 0.0})
WAITING = row("bob", score=1.5, late_penalty=0.0, cells={"sgd-forward-test": 1.5, "sgd-answer": None},
              pending=["sgd-answer"], pending_points=3.0)
UNGRADED = row("carol", "missing", cells={"sgd-forward-test": None, "sgd-answer": None})
FLOORED = row("dan", score=0.25, late_penalty=1.0, cells={"sgd-forward-test": 0.25, "sgd-answer": 0.0})
REPORT = reports.Report(A02, "Gradient descent", 5.0, POINTS, [LATE, WAITING, UNGRADED, FLOORED])


def test_numbers_stay_numbers_until_rendered():
    assert (LATE.final, LATE.decided, LATE.complete, LATE.gradable) == (1.5, 1.5, True, True)
    # A cell waiting for a person counts neither as lost nor as decided.
    assert (WAITING.final, WAITING.decided, WAITING.complete, WAITING.gradable) == (1.5, 1.5, False, True)
    assert (UNGRADED.final, UNGRADED.decided, UNGRADED.complete, UNGRADED.gradable) == (None, None, False, False)
    # As nbgrader's export: a late penalty never takes a score below zero.
    assert (FLOORED.final, FLOORED.decided) == (0.0, 0.0)


def test_grades_csv_renders_each_number_as_short_as_it_is_exact_and_none_as_empty():
    assert reports.csv_rows(REPORT) == [
        [*reports.COLUMNS, "sgd-forward-test", "sgd-answer"],
        ["alice", A02, "2", "5", "ok", "", "0.5", "0", "2", "0"],
        ["bob", A02, "1.5", "5", "ok",
         "3 point(s) still to be graded by a person (sgd-answer): the score does not count them yet",
         "0", "3", "1.5", ""],
        ["carol", A02, "", "5", "missing", "carol was missing", "", "", "", ""],
        ["dan", A02, "0.25", "5", "ok", "", "1", "0", "0.25", "0"],
    ]


def test_the_terminal_summary_shows_pending_points_and_a_dash_for_no_score():
    lines = reports.summary(REPORT).splitlines()
    assert lines[0].split() == ["student", "score", "status", "message"]
    assert [line.split("  ")[0].strip() for line in lines[2:]] == ["alice", "bob", "carol", "dan"]
    assert "2 / 5 " in lines[2] and "1.5 / 5 (+3 pending)" in lines[3] and "— / 5" in lines[4]
    assert "carol was missing" in lines[4]
