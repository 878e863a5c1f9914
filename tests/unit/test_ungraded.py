"""The page of a submission that could not be graded."""

from autograder.i18n import say
from autograder.judge.status import Outcome
from autograder.ungraded import ungraded_page


def test_a_page_that_could_not_be_graded_says_why_with_the_students_text_escaped():
    outcome = Outcome("x", "malformed", [say("integrity.link", name="<b>evil\u202e.ipynb")])
    assert ungraded_page("T<i>", outcome, "en") == (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>T&lt;i&gt;</title></head><body><h1>T&lt;i&gt;</h1>"
        "<p>Your submission could not be graded (status: <b>malformed</b>):</p><ul><li>&lt;b&gt;evil\\u202e.ipynb is "
        "a symbolic link, not a file; submit the notebook itself</li></ul><p>Fix it and submit again; your files were "
        "kept as submitted.</p></body></html>")
    assert ungraded_page("T", outcome, "zh-CN").startswith("<!DOCTYPE html><html lang='zh-CN'>")
