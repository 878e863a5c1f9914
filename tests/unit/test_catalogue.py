"""The course catalogue (assignments/catalogue.toml) read on its own: defaults merged into each assignment, the roster
of languages, and every mistake in it named with the file and what to fix. The repository's own catalogue is read
by every end-to-end test."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import pytest

from autograder import catalogue
from autograder.catalogue import Assignment, CatalogueError, Feedback
from autograder.errors import CourseError
from autograder.protocol import Limits

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


# --- due dates and limits -------------------------------------------------------------------------------------

def test_a_catalogue_mistake_is_a_course_error():
    assert issubclass(CatalogueError, CourseError)


def test_a_due_date_keeps_its_offset_and_compares_with_the_clock_as_a_moment():
    china = catalogue.due_date("2026-12-05T07:59:00+08:00")
    assert china == datetime(2026, 12, 4, 23, 59, tzinfo=UTC)
    assert china.utcoffset() == timedelta(hours=8)
    assert catalogue.due_date("2026-12-04T23:59:00Z") == china
    # TOML's own offset date-time arrives as a datetime.
    assert catalogue.due_date(datetime(2026, 12, 4, 23, 59, tzinfo=UTC)) == china


def test_a_due_date_without_an_offset_is_refused_with_how_to_write_it():
    with pytest.raises(ValueError, match=r"^due = '2026-12-04T23:59:00' has no UTC offset: write the moment with its "
                                         r"offset, as 2026-12-04T23:59:00\+00:00 \(UTC\) or \+08:00"):
        catalogue.due_date("2026-12-04T23:59:00")


@pytest.mark.parametrize("due", ['"2026-12-04T23:59:00"', "2026-12-04T23:59:00", '"2026-12-04"'])
def test_the_catalogue_names_the_assignment_whose_due_date_has_no_offset(tmp_path, due):
    with pytest.raises(CatalogueError, match=r"assignment '01_first' is incomplete: due = .* has no UTC offset"):
        catalogue.load(course(tmp_path, HEAD + FIRST.replace('"2026-12-04T23:59:00+00:00"', due)))


def test_an_offset_date_time_in_toml_is_read_too(tmp_path):
    read = catalogue.load(course(tmp_path, HEAD + FIRST.replace('"2026-12-04T23:59:00+00:00"',
                                                                "2026-12-04T23:59:00-05:00")))
    assert read.get("01_first").due == datetime(2026, 12, 5, 4, 59, tzinfo=UTC)
    assert read.get("01_first").limits == Limits(30, 60, 1536, 32, 64, 256)


@pytest.mark.parametrize("limits, said", [
    ("memory_mb = 0", "memory_mb must be a positive whole number, not 0"),
    ("wall_seconds = -1.5", "wall_seconds must be a positive number, not -1.5"),
    ("processes = 2.5", "processes must be a positive whole number, not 2.5"),
    ('disk_mb = "64"', "disk_mb must be a positive whole number, not '64'"),
    ("output_kb = true", "output_kb must be a positive whole number, not True"),
    ("wall_seconds = nan", "wall_seconds must be a positive number, not nan"),
    ("memory = 512", "unknown limit\\(s\\) memory \\(the limits are wall_seconds, cpu_seconds, memory_mb, processes, "
                     "disk_mb, output_kb\\)"),
])
def test_unusable_limits_are_named_with_the_assignment_and_the_field(tmp_path, limits, said):
    with pytest.raises(CatalogueError, match=r"assignment '01_first' has unusable limits: " + said + "$"):
        catalogue.load(course(tmp_path, HEAD + FIRST + f"[assignment.limits]\n{limits}\n"))
