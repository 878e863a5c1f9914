"""01_loss_derivation's catalogue of answers (tests/students/a01_loss_derivation.py), graded as a class: each wrong
answer costs exactly the points of the test cell right after it, each right one none."""

from tests.harness import assert_each_correct_answer_gets_full_marks, assert_each_wrong_answer_loses_exactly_its_points


def test_wrong_answers_lose_exactly_their_points(graded_class):
    assert_each_wrong_answer_loses_exactly_its_points(graded_class("01_loss_derivation"))


def test_right_answers_written_otherwise_get_every_point(graded_class):
    assert_each_correct_answer_gets_full_marks(graded_class("01_loss_derivation"))
