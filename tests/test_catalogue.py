"""The catalogue as it is read: a due date is a moment (it carries its UTC offset), and an assignment's limits are
checked, each mistake named with the assignment and the field. Catalogues written in tmp_path, no course."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from autograder import catalogue
from autograder.errors import CourseError
from autograder.protocol import Limits

LIMITS = """[limits]
wall_seconds = 30
cpu_seconds = 60
memory_mb = 1536
processes = 32
disk_mb = 64
output_kb = 256
"""


def course_with(tmp_path, entry: str) -> catalogue.Catalogue:
    (tmp_path / "nbgrader_config.py").write_text("")
    (tmp_path / "assignments").mkdir()
    (tmp_path / catalogue.CATALOGUE).write_text(LIMITS + '\n[[assignment]]\nid = "06_l2"\ntitle = "L2"\n'
                                                'notebook = "l2.ipynb"\npoints = 10\n' + entry)
    return catalogue.load(tmp_path)


def test_a_catalogue_mistake_is_a_course_error():
    assert issubclass(catalogue.CatalogueError, CourseError)


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
    with pytest.raises(catalogue.CatalogueError, match=r"assignment '06_l2' is incomplete: due = .* has no UTC offset"):
        course_with(tmp_path, f"due = {due}\n")


def test_an_offset_date_time_in_toml_is_read_too(tmp_path):
    [assignment] = course_with(tmp_path, "due = 2026-12-04T23:59:00-05:00\n").assignments
    assert assignment.due == datetime(2026, 12, 5, 4, 59, tzinfo=UTC)
    assert assignment.limits == Limits(30, 60, 1536, 32, 64, 256)


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
    with pytest.raises(catalogue.CatalogueError, match=r"assignment '06_l2' has unusable limits: " + said + "$"):
        course_with(tmp_path, f'due = "2026-12-04T23:59:00+00:00"\n[assignment.limits]\n{limits}\n')
