"""`autograder demo`: the whole pipeline on the sample class, right, and the same when run again; a mixed-language
class graded in one run, with identical scores for identical code."""

from __future__ import annotations

import csv
import html
import re

from autograder import catalogue, demo, translation

AGAIN = "02_single_example_gd"


def test_demo_gives_each_student_what_they_deserve_and_is_idempotent(tmp_path):
    from tests.conftest import copy_course, shorten_time_limits

    root = copy_course(tmp_path / "course")
    shorten_time_limits(root)
    first = demo.run(root, jobs=2, echo=lambda _: None)
    reports_first = {a: (root / "reports" / a / "grades.csv").read_text() for a in first}
    for assignment_id, pairs in first.items():
        for sample, row in pairs:
            assert (demo.auto_score(row), row.status) == (sample.deserved, sample.status), \
                (assignment_id, sample.student, sample.story, row.message)
        assignment = catalogue.load(root).get(assignment_id)
        for sample, _ in pairs:
            assert (root / "feedback" / sample.student / assignment_id / f"{assignment.notebook_id}.html").is_file()
        assert (root / "reports" / assignment_id / "scores.svg").is_file()
        with open(root / "reports" / assignment_id / "grades.csv", newline="") as handle:
            rows = {row["student_id"]: row for row in csv.DictReader(handle)}
        for chinese, english in demo.BILINGUAL:  # every column: the score, each cell's, the status
            assert {k: v for k, v in rows[chinese].items() if k != "student_id"} == \
                {k: v for k, v in rows[english].items() if k != "student_id"}, (assignment_id, chinese)
            # As a browser reads it (nbconvert writes a heading's characters as references, &#29992;).
            page = html.unescape((root / "feedback" / chinese / assignment_id / f"{assignment.notebook_id}.html")
                                 .read_text())
            assert "ns0:" not in page, "a formula in a heading is drawn, not shown as markup"
            heading = translation.load(root / "source" / assignment_id / translation.FILE)["markdown-1"].zh
            assert f"<h1>{assignment.title_in('zh-CN')}</h1>" in page and "<th>练习</th>" in page \
                and max(re.findall("[\u4e00-\u9fff]+", heading), key=len) in page, (assignment_id, chinese)
    # Run again (it starts by removing every grade): the same grades. One assignment is enough to show it, and the
    # quickest one keeps the suite short.
    again = demo.run(root, jobs=2, assignment_ids=[AGAIN], echo=lambda _: None)
    assert list(again) == [AGAIN]
    assert (root / "reports" / AGAIN / "grades.csv").read_text() == reports_first[AGAIN]
