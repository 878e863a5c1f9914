"""`autograder demo`: the whole pipeline on the sample class, right, and the same when run twice."""

from __future__ import annotations

from autograder import catalogue, demo


def test_demo_gives_each_student_what_they_deserve_and_is_idempotent(tmp_path):
    from tests.conftest import copy_course, shorten_time_limits

    root = copy_course(tmp_path / "course")
    shorten_time_limits(root)
    first = demo.run(root, jobs=2, echo=lambda _: None)
    reports_first = {a: (root / "reports" / a / "grades.csv").read_text() for a in first}
    for assignment_id, pairs in first.items():
        for sample, row in pairs:
            assert (demo.auto_score(row), row["status"]) == (sample.deserved, sample.status), \
                (assignment_id, sample.student, sample.story, row["message"])
        assignment = catalogue.load(root).get(assignment_id)
        for sample, _ in pairs:
            assert (root / "feedback" / sample.student / assignment_id / f"{assignment.notebook_id}.html").is_file()
        assert (root / "reports" / assignment_id / "scores.png").is_file()
    demo.run(root, jobs=2, echo=lambda _: None)
    assert {a: (root / "reports" / a / "grades.csv").read_text() for a in first} == reports_first
