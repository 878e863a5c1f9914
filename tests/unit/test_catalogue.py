"""The course catalogue (assignments/catalogue.toml) read on its own: defaults merged into each assignment, the roster
of languages, and every mistake in it named with the file and what to fix. The repository's own catalogue is read
by every end-to-end test."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import pytest

from autograder import catalogue
from autograder.catalogue import Assignment, CatalogueError, Feedback, Limits

HEAD = """
course_id = "c1"
title = "A course"

[limits]
wall_seconds = 30
cpu_seconds = 60
memory_mb = 1536
processes = 32
disk_mb = 64
output_kb = 256

[feedback]
every_minutes = 5
"""

FIRST = """
[[assignment]]
id = "01_first"
title = "First"
titles = { "zh-CN" = "第一" }
notebook = "first.ipynb"
points = 10
due = "2026-12-04T23:59:00+00:00"
"""

SECOND = """
[[assignment]]
id = "02_second"
title = "Second"
notebook = "second.ipynb"
points = 12.5
due = "2026-12-11T23:59:00+08:00"
limits = { wall_seconds = 120, memory_mb = 3000 }
feedback = { mode = "off" }
"""


def course(root, text: str):
    (root / "assignments").mkdir(parents=True, exist_ok=True)
    (root / "nbgrader_config.py").write_text("")
    path = root / catalogue.CATALOGUE
    path.write_text(text)
    stamp = path.stat().st_mtime_ns + 1_000_000  # another version of the file is read again, never a kept one
    os.utime(path, ns=(stamp, stamp))
    return root


def test_each_assignment_gets_the_courses_limits_and_feedback_unless_it_says_otherwise(tmp_path):
    read = catalogue.load(course(tmp_path, HEAD + FIRST + SECOND))
    limits = Limits(wall_seconds=30, cpu_seconds=60, memory_mb=1536, processes=32, disk_mb=64, output_kb=256)
    assert (read.root, read.course_id, read.title, read.ids(), read.report_language) == \
        (tmp_path.resolve(), "c1", "A course", ["01_first", "02_second"], "en")
    assert read.get("01_first") == Assignment(
        "01_first", "First", "first.ipynb", 10.0, datetime(2026, 12, 4, 23, 59, tzinfo=UTC), limits,
        Feedback("on-submit", 5, "notebook"), (("zh-CN", "第一"),))
    second = read.get("02_second")
    assert (second.limits, second.feedback, second.points) == \
        (Limits(120, 60, 3000, 32, 64, 256), Feedback("off", 5, "notebook"), 12.5)
    assert second.due == datetime(2026, 12, 11, 15, 59, tzinfo=UTC)
    assert (second.notebook_id, second.title_in("zh-CN"), read.get("01_first").title_in("zh-CN")) == \
        ("second", "Second", "第一")


def test_the_course_root_is_found_from_any_folder_below_it(tmp_path):
    course(tmp_path, HEAD + FIRST)
    (tmp_path / "source" / "01_first").mkdir(parents=True)
    assert catalogue.find_course_root(tmp_path / "source" / "01_first") == tmp_path.resolve()
    with pytest.raises(CatalogueError, match="is not inside a course directory"):
        catalogue.find_course_root(tmp_path.parent)


def test_a_changed_catalogue_is_read_again(tmp_path):
    assert catalogue.load(course(tmp_path, HEAD + FIRST)).ids() == ["01_first"]
    assert catalogue.load(course(tmp_path, HEAD + FIRST + SECOND)).ids() == ["01_first", "02_second"]


def test_the_roster_gives_each_student_one_language(tmp_path):
    read = catalogue.load(course(tmp_path, HEAD + '\n[languages]\n"zh-CN" = ["li", "mei", "li"]\n' + FIRST))
    assert [read.language_of(student) for student in ("li", "mei", "alice")] == ["zh-CN", "zh-CN", "en"]


@pytest.mark.parametrize("text,error", [
    (HEAD + FIRST + FIRST, r"an assignment id appears twice: \['01_first', '01_first'\]"),
    (HEAD + FIRST.replace('points = 10\n', ''), r"assignment '01_first' is incomplete: 'points'"),
    (HEAD + FIRST.replace('2026-12-04T23:59:00+00:00', 'next friday'), r"assignment '01_first' is incomplete"),
    (HEAD.replace("output_kb = 256\n", "") + FIRST, r"assignment '01_first' .*output_kb"),  # the field named
    (HEAD + FIRST.replace('points = 10', 'points = 10\nfeedback = { mode = "sometimes" }'),
     r"feedback mode must be 'off' or 'on-submit', not 'sometimes'"),
    (HEAD + FIRST.replace('points = 10', 'points = 10\nfeedback = { every_minutes = -1 }'),
     r"every_minutes must be a number of minutes >= 0, not -1"),
    (HEAD + FIRST.replace('points = 10', 'points = 10\nfeedback = { before_due = "everything" }'),
     r"before_due must be 'notebook' or 'summary', not 'everything'"),
    ('report_language = "fr"\n' + HEAD + FIRST, r"report_language = 'fr'; the reports can be written in 'en', 'zh-CN'"),
    (HEAD + '\n[languages]\n"en" = ["alice"]\n' + FIRST, r"\[languages\] lists students of 'en'"),
    (HEAD + FIRST + "[[assignment\n", r"cannot read the catalogue"),
])
def test_a_mistake_in_the_catalogue_is_named_with_its_file(tmp_path, text, error):
    root = course(tmp_path, text)
    with pytest.raises(CatalogueError, match=error) as raised:
        catalogue.load(root)
    assert str(root / catalogue.CATALOGUE) in str(raised.value)


def test_an_assignment_the_catalogue_does_not_have_is_named_with_the_ones_it_has(tmp_path):
    with pytest.raises(CatalogueError, match=r"there is no assignment '09' in .*; known: 01_first, 02_second"):
        catalogue.load(course(tmp_path, HEAD + FIRST + SECOND)).get("09")


def test_due_dates_keep_their_offset(tmp_path):
    second = catalogue.load(course(tmp_path, HEAD + SECOND)).get("02_second")
    assert second.due.utcoffset() == timedelta(hours=8)
