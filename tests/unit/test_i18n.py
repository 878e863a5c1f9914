"""The message catalogues: the same messages in both languages, English as it always read, Chinese where the student
reads Chinese (in the grader, from the roster; in a kernel, from the environment the hub gives it)."""

from __future__ import annotations

import json
import os
import string
import subprocess
import sys

import numpy as np
import pytest

from autograder import catalogue, checks, i18n
from tests import translations
from tests.conftest import copy_course


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_catalogues_have_the_same_messages_with_the_same_blanks():
    english, chinese = i18n.catalogue("en"), i18n.catalogue("zh-CN")
    assert sorted(english) == sorted(chinese)
    for key in english:
        assert _fields(english[key]) == _fields(chinese[key]), key


def _failure(function, *args, **kwargs) -> str:
    with pytest.raises(checks.CheckFailed) as failed:
        function(*args, **kwargs)
    return str(failed.value)


def test_english_messages_read_as_they_always_did():
    with i18n.language("en"):
        assert _failure(checks.check_shape, "dw", np.zeros((1, 3)), (3, 1)) == \
            "`dw` has shape (1, 3), expected (3, 1). It looks transposed: check where a `.T` is missing or extra."
        assert _failure(checks.check_scalar, "cost", 1, 1.0) == \
            "`cost` should be a float, but it is an int. Write 0.0 rather than 0 (or use float(...))."
        assert _failure(checks.check_values, "db", 6.0, 2.0, m=3) == \
            "`db` has wrong values: got 6.0, expected 2.0. The values are 3 times too large: did you forget to " \
            "divide by m = 3?"
        assert _failure(checks.check_type, "grads", [], (dict, tuple)) == \
            "`grads` should be a dictionary or a tuple, but it is a list."


def test_a_number_asked_for_and_an_array_given_gets_the_fix_of_its_shape():
    # The hint's premise, pinned: NumPy 2 refuses float() of an array with dimensions, even of size 1.
    for shape in ((1,), (1, 1)):
        with pytest.raises(TypeError):
            float(np.ones(shape))
        assert np.ones(shape).item() == 1.0
    take_out = " Its one number is still inside an array: take it out with .item() (or np.squeeze(...), which " \
               "gives a 0-d array). On NumPy 2, float(...) of an array with dimensions raises TypeError."
    with i18n.language("en"):
        assert _failure(checks.check_scalar, "db", np.array([0.5]), 0.5) == \
            "`db` should be a single float, but it is a NumPy array of shape (1,) (float64)." + take_out
        assert _failure(checks.check_scalar, "cost", np.array([[0.5]]), 0.5) == \
            "`cost` should be a single float, but it is a NumPy array of shape (1, 1) (float64)." + take_out
        assert _failure(checks.check_scalar, "db", np.ones((3, 1)), 3.0) == \
            "`db` should be a single float, but it is a NumPy array of shape (3, 1) (float64). It holds 3 numbers " \
            "where one is asked for: something is not added up yet, such as an np.sum (or np.mean) over the " \
            "examples, or a sum along one axis where the whole array should be summed."
        assert _failure(checks.check_scalar, "db", np.ones((0,)), 3.0) == \
            "`db` should be a single float, but it is a NumPy array of shape (0,) (float64)."
    with i18n.language("zh-CN"):
        assert _failure(checks.check_scalar, "db", np.ones((3, 1)), 3.0).endswith("它却有 3 个数：还有东西没有加起来，"
                                                                                 "比如对样本的 np.sum（或 np.mean），"
                                                                                 "或者只沿一个轴求了和，而应该对整个数组求和。")
        assert "用 .item() 把它取出来" in _failure(checks.check_scalar, "db", np.array([0.5]), 0.5)


def test_the_same_mistakes_in_chinese():
    with i18n.language("zh-CN"):
        assert _failure(checks.check_shape, "dw", np.zeros((1, 3)), (3, 1)) == \
            "`dw` 的形状是 (1, 3)，应为 (3, 1)。看起来是转置了：检查哪里少了或多了一个 `.T`。"
        assert _failure(checks.check_values, "db", 6.0, 2.0, m=3) == \
            "`db` 的数值不对：得到 6.0，期望 2.0。数值大了 3 倍：是不是忘了除以 m = 3？"
        with checks.hidden_inputs():
            assert _failure(checks.check_array, "A", np.ones((2, 2)), np.zeros((2, 2))) == \
                "`A` 的数值不对：4 个元素中有 4 个不对，第一个在下标 (0, 0)。"
        assert _failure(checks.check_type, "grads", [], dict, hint={"en": "Return a dict.", "zh-CN": "请返回字典。"}) \
            == "`grads` 应该是字典，但现在是列表。请返回字典。"


@pytest.mark.parametrize("value, code", [("zh_CN.UTF-8", "zh-CN"), ("zh-Hans", "zh-CN"), ("zh", "zh-CN"),
                                         ("C.UTF-8", "en"), ("en_GB", "en"), ("zh_TW.UTF-8", None), ("fr_FR", None)])
def test_locale_names(value, code):
    assert i18n.normalize(value) == code


def test_a_kernel_reads_its_language_from_the_environment_the_hub_sets():
    code = "from autograder import checks\nchecks.passed('forward')"
    for language, printed in (("zh-CN", "✓ forward：全部公开检查都已通过。"),
                              ("en", "✓ forward: all public checks passed.")):
        env = {**os.environ, "AUTOGRADER_LANGUAGE": language}
        done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
        assert done.stdout == printed + "\n", done.stderr


def test_the_roster_gives_each_listed_student_a_language_and_refuses_an_unknown_one(tmp_path):
    root = copy_course(tmp_path / "course")
    translations.set_roster(root, ["wei", "mei"])
    loaded = catalogue.load(root)
    assert [loaded.language_of(s) for s in ("wei", "mei", "alice")] == ["zh-CN", "zh-CN", "en"]
    path = root / catalogue.CATALOGUE
    path.write_text(path.read_text().replace('"zh-CN" = ["wei", "mei"]', '"fr" = ["amelie"]'))
    with pytest.raises(catalogue.CatalogueError, match=r"\[languages\] lists students of 'fr'"):
        catalogue.load(root)


def test_a_message_is_said_once_and_read_in_either_language():
    """A check's failure is kept as data (its keys and values), so the student reads it in Chinese and the instructor
    the same failure in English; it survives the JSON of autograder.json and a notebook's metadata."""
    with i18n.language("zh-CN"), checks.hidden_inputs(), pytest.raises(checks.CheckFailed) as failed:
        checks.check_values("db", 6.0, 2.0, m=3)
    said = failed.value.message
    assert said.keys == ("check.wrong_values", "check.because")
    assert said.render("zh-CN") == "`db` 的数值不对：与期望的值不符。数值大了 3 倍：是不是忘了除以 m = 3？"
    assert said.render("en") == "`db` has wrong values: it is not the expected value. The values are 3 times too " \
        "large: did you forget to divide by m = 3?"
    back = i18n.Message.from_data(json.loads(json.dumps(said.to_data())))
    assert back == said and back.render("en") == said.render("en")
    with i18n.language("en"):
        assert str(back) == said.render("en")


def test_values_keep_their_form_through_json_and_articles_follow_the_rendered_noun():
    message = i18n.say("check.wrong_type", name="w", wanted=i18n.a(i18n.say("kind.int")),
                       got=i18n.say("describe.array", shape=(3, 1), dtype=np.dtype("float32")))
    back = i18n.Message.from_data(json.loads(json.dumps(message.to_data())))
    for said in (message, back):
        assert said.render("en") == "`w` should be an int, but it is a NumPy array of shape (3, 1) (float32)."
        assert said.render("zh-CN") == "`w` 应该是整数（int），但现在是形状为 (3, 1) 的 NumPy 数组（float32）。"


def test_a_string_stored_by_an_older_grader_reads_as_it_was_written():
    assert i18n.Message.from_data("the notebook ran too long").render("zh-CN") == "the notebook ran too long"
    assert i18n.Message.literal({"en": "Return a dict.", "zh-CN": "请返回字典。"}).render("zh-CN") == "请返回字典。"
