"""The hidden inputs of a test cell: the required cases first, the same for everyone, then cases drawn from the course
secret, the student and the cell, so that a re-grade draws the same ones and a student cannot predict them."""

from __future__ import annotations

import json
import os
import stat

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from autograder import plaindata
from autograder.authoring import Check
from autograder.judge import cases

CHECK = Check("f", lambda rng: [{"x": float(rng.normal())}], lambda got, expected, args: None,
              required=lambda: [{"x": 0.0}, {"x": 1.0}])


def drawn(secret: bytes, student: str, grade_id: str = "f-test") -> list:
    return plaindata.loads(cases.draw(CHECK, secret, student, grade_id))


@given(st.binary(max_size=16), st.text(max_size=20), st.text(max_size=20))
def test_the_same_secret_student_and_cell_draw_the_same_cases(secret, student, grade_id):
    assert cases.draw(CHECK, secret, student, grade_id) == cases.draw(CHECK, secret, student, grade_id)


def test_required_cases_come_first_then_each_student_cell_and_secret_draws_its_own():
    alice = drawn(b"s", "alice")
    assert alice[:2] == [{"x": 0.0}, {"x": 1.0}] and len(alice) == 3
    others = [drawn(b"s", "bob"), drawn(b"s", "alice", "g-test"), drawn(b"t", "alice")]
    assert [other[:2] for other in others] == [alice[:2]] * 3
    assert len({alice[2]["x"], *(other[2]["x"] for other in others)}) == 4


def test_the_fields_are_kept_apart_so_that_no_two_students_share_a_seed():
    # Joined without a separator, ("ab", "c") and ("a", "bc") would be the same seed.
    first = cases.rng_for(b"s", "ab", "c").integers(1 << 62)
    assert first != cases.rng_for(b"s", "a", "bc").integers(1 << 62)
    assert first == cases.rng_for(b"s", "ab", "c").integers(1 << 62)
    assert isinstance(cases.rng_for(b"s", "a", "b"), np.random.Generator)


def test_the_secret_comes_from_the_environment_first(tmp_path, monkeypatch):
    monkeypatch.setenv(cases.SECRET_ENV, "from-env")
    assert cases.course_secret(tmp_path) == b"from-env"
    assert not (tmp_path / cases.SECRET_FILE).exists()


def test_otherwise_a_secret_is_made_once_readable_by_the_grader_only(tmp_path, monkeypatch):
    monkeypatch.delenv(cases.SECRET_ENV, raising=False)
    first = cases.course_secret(tmp_path)
    assert len(first) == 64 and int(first, 16) >= 0
    assert cases.course_secret(tmp_path) == first
    assert stat.S_IMODE(os.stat(tmp_path / cases.SECRET_FILE).st_mode) == 0o600


def test_a_secret_already_written_is_never_replaced(tmp_path, monkeypatch):
    monkeypatch.delenv(cases.SECRET_ENV, raising=False)
    (tmp_path / ".autograder").mkdir()
    (tmp_path / cases.SECRET_FILE).write_text("kept\n")
    assert cases.course_secret(tmp_path) == b"kept"


def test_every_checks_cases_joined_from_items_are_the_cases_drawn():
    """The lottery encodes the required cases once and each id's drawn ones (autograder/author/lottery.py): the text
    it judges is the text `draw` gives the sandbox, for every check of the course."""
    from autograder.course import Course
    from tests.conftest import REPO

    course = Course.load(REPO)
    for assignment in course.catalogue.assignments:
        for grade_id, check in course.checks(assignment.id).items():
            for student in ("alice", "a0042"):
                required = plaindata.dumps_list_items(check.required())
                drawn = plaindata.dumps_list_items(check.cases(cases.rng_for(b"s", student, grade_id)))
                assert required is not None and drawn is not None
                whole = cases.draw(check, b"s", student, grade_id)
                assert plaindata.joined_list(required + drawn) == whole, grade_id
                # and each item's text is the one the lottery used to take from the whole list, read and written again
                assert required + drawn == [json.dumps(case) for case in json.loads(whole)["__list__"]], grade_id
